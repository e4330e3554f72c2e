import NNParity
import NNParityCases
import NNParityPython

/// The inputs of one benchmark step: uniform x in [−1, 1), weights in [−0.05, 0.05),
/// one-hot targets, and a keep-mask of rate 0.4, all drawn from NumPy's generator (seed 0).
package struct BenchProblem<Scalar: NetworkScalar> {
  package var x: Matrix<Scalar>
  package var y: Matrix<Scalar>
  package var w1: Matrix<Scalar>
  package var w2: Matrix<Scalar>
  package var keep: Matrix<Scalar>

  /// The problem of `shape`.
  package init(_ shape: BenchRun.Shape) {
    var generator = NumPyGenerator(seed: 0)
    func uniform(_ rows: Int, _ columns: Int, _ scale: Double) -> Matrix<Scalar> {
      Matrix(
        rows: rows, columns: columns,
        elements: generator.random(count: rows * columns).map { Scalar(($0 * 2 - 1) * scale) })
    }
    x = uniform(shape.batch, shape.inputs, 1)
    w1 = uniform(shape.inputs, shape.hidden, 0.05)
    w2 = uniform(shape.hidden, shape.outputs, 0.05)
    y = Matrix(rows: shape.batch, columns: shape.outputs)
    for row in 0..<shape.batch { y[row, row % shape.outputs] = 1 }
    keep = Matrix(
      rows: shape.batch, columns: shape.hidden,
      elements: generator.random(count: shape.batch * shape.hidden).map {
        $0 >= BenchRun.dropout ? 1 : 0
      })
  }
}
