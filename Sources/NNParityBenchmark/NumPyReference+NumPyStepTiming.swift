import NNParity
import NNParityCases
import NNParityPython

extension NumPyReference: NumPyStepTiming {
  package func stepSeconds<Scalar: NetworkScalar>(
    _ problem: BenchProblem<Scalar>, repetitions: Int
  ) throws -> Double {
    try trainingStepSeconds(
      x: problem.x, y: problem.y, w1: problem.w1, w2: problem.w2, mask: problem.keep,
      learningRate: BenchRun.learningRate, dropout: BenchRun.dropout, repetitions: repetitions)
  }

  package func peerStepSeconds<Scalar: NetworkScalar>(
    _ peer: BenchPeer, _ problem: BenchProblem<Scalar>, repetitions: Int, threads: Int?
  ) throws -> Double {
    try peerStepSeconds(
      peer: peer.rawValue, x: problem.x, y: problem.y, w1: problem.w1, w2: problem.w2,
      mask: problem.keep,
      learningRate: BenchRun.learningRate, dropout: BenchRun.dropout, threads: threads,
      repetitions: repetitions)
  }

  package func peerUnavailableReason(_ peer: BenchPeer) -> String? {
    do {
      return try unavailableReason(ofPeer: peer.rawValue)
    } catch {
      return "\(error)"
    }
  }

  package func bridgeOverheadSeconds(_ problem: BenchProblem<Double>) throws -> Double {
    let networkCase = NetworkCase(
      name: "bench-overhead", x: problem.x, y: problem.y, w1: problem.w1, w2: problem.w2)
    return try benchmarkEvaluation(networkCase).bridgeOverheadMedian
  }
}
