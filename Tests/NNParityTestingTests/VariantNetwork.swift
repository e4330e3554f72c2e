import Foundation
import NNParityTesting

/// The notebook's network written from docs/contract.md once more, with the arithmetic as a
/// setting: the legitimate ways to compute it that the bias check must accept (float64
/// inside, sums reversed, sums compensated) and the small systematic faults it must catch
/// (`exp` or `log` off by a few ulps, always the same way).
struct VariantNetwork: NetworkImplementation {
  enum Summation: Sendable { case inOrder, reversed, compensated }

  var name: String
  /// Every operation in float64, each result rounded to the case's dtype.
  var doubleInside = false
  var summation = Summation.inOrder
  /// Every `exp` / `log` result times (1 + k·ε), ε the working type's ulp of 1.
  var expULPs = 0
  var logULPs = 0

  func evaluate(_ c: ParityCase<Float>) throws -> ParityResult<Float> {
    doubleInside ? run(c, in: Double.self) : run(c, in: Float.self)
  }

  func evaluate(_ c: ParityCase<Double>) throws -> ParityResult<Double> {
    run(c, in: Double.self)
  }

  private func run<Scalar, Work: VariantFloat>(_ c: ParityCase<Scalar>, in _: Work.Type)
    -> ParityResult<Scalar>
  {
    let math = VariantMath<Work>(network: self)
    let (x, y) = (math.matrix(c.x), math.matrix(c.y))
    let loss = (epsilon: Work(c.lossEpsilon), mean: c.reduction == .mean)
    let reference = c.semantics == .reference
    let pass = math.pass(x, y, math.matrix(c.w1), math.matrix(c.w2), keep: nil, loss, reference)
    var result = ParityResult(
      probabilities: pass.p.rounded(), loss: Scalar(pass.loss), gradientW1: pass.g1.rounded(),
      gradientW2: pass.g2.rounded())
    if let training = c.training {
      var (w1, w2) = (math.matrix(c.w1), math.matrix(c.w2))
      var losses: [Scalar] = []
      let (rate, scale) = (Work(training.learningRate), 1 / (1 - Work(training.dropout)))
      for keep in training.keepMasks {
        let step = math.pass(x, y, w1, w2, keep: (math.matrix(keep), scale), loss, reference)
        losses.append(Scalar(step.loss))
        w1 = w1.combined(step.g1) { $0 - rate * $1 }
        w2 = w2.combined(step.g2) { $0 - rate * $1 }
      }
      result.training = ParityTrainingResult(w1: w1.rounded(), w2: w2.rounded(), losses: losses)
    }
    return result
  }
}

/// The float types the variants compute in.
protocol VariantFloat: BinaryFloatingPoint, Sendable {
  static func exponential(_ x: Self) -> Self
  static func logarithm(_ x: Self) -> Self
}

extension Float: VariantFloat {
  static func exponential(_ x: Float) -> Float { expf(x) }
  static func logarithm(_ x: Float) -> Float { logf(x) }
}

extension Double: VariantFloat {
  static func exponential(_ x: Double) -> Double { exp(x) }
  static func logarithm(_ x: Double) -> Double { log(x) }
}

extension ParityMatrix {
  func combined(_ other: Self, _ body: (Scalar, Scalar) -> Scalar) -> Self {
    ParityMatrix(rows: rows, columns: columns, elements: zip(elements, other.elements).map(body))
  }

  func mapped(_ body: (Scalar) -> Scalar) -> Self {
    ParityMatrix(rows: rows, columns: columns, elements: elements.map(body))
  }

  /// The values rounded to `Other`.
  func rounded<Other>() -> ParityMatrix<Other> {
    ParityMatrix<Other>(rows: rows, columns: columns, elements: elements.map { Other($0) })
  }

  var transposed: Self {
    var out = ParityMatrix(rows: columns, columns: rows, repeating: 0)
    for r in 0..<rows { for c in 0..<columns { out[c, r] = self[r, c] } }
    return out
  }
}

/// The network's operations in `Work` with a variant's sums, `exp` and `log`.
struct VariantMath<Work: VariantFloat> {
  let network: VariantNetwork

  func matrix<Scalar>(_ m: ParityMatrix<Scalar>) -> ParityMatrix<Work> { m.rounded() }

  func exp(_ x: Work) -> Work { Work.exponential(x) * (1 + Work(network.expULPs) * .ulpOfOne) }
  func log(_ x: Work) -> Work { Work.logarithm(x) * (1 + Work(network.logULPs) * .ulpOfOne) }

  func sum(_ terms: [Work]) -> Work {
    switch network.summation {
    case .inOrder: return terms.reduce(0, +)
    case .reversed: return terms.reversed().reduce(0, +)
    case .compensated:
      var (total, carry) = (Work(0), Work(0))
      for term in terms {
        let corrected = term - carry
        let next = total + corrected
        carry = (next - total) - corrected
        total = next
      }
      return total
    }
  }

  func product(_ a: ParityMatrix<Work>, _ b: ParityMatrix<Work>) -> ParityMatrix<Work> {
    var out = ParityMatrix<Work>(rows: a.rows, columns: b.columns, repeating: 0)
    for r in 0..<a.rows {
      for c in 0..<b.columns {
        out[r, c] = sum((0..<a.columns).map { a[r, $0] * b[$0, c] })
      }
    }
    return out
  }

  /// Probabilities, loss and both gradients; `keep` is a keep-mask and its 1 / (1 − q).
  func pass(
    _ x: ParityMatrix<Work>, _ y: ParityMatrix<Work>, _ w1: ParityMatrix<Work>,
    _ w2: ParityMatrix<Work>, keep: (mask: ParityMatrix<Work>, scale: Work)?,
    _ loss: (epsilon: Work, mean: Bool), _ reference: Bool
  ) -> (p: ParityMatrix<Work>, loss: Work, g1: ParityMatrix<Work>, g2: ParityMatrix<Work>) {
    let z1 = product(x, w1)
    let a1 = z1.mapped { max(0, $0) }
    var dropped = a1
    if let keep {
      dropped = a1.combined(keep.mask, *)
      if reference { dropped = dropped.mapped { $0 * keep.scale } }
    }
    let (p, value) = softmaxAndLoss(product(dropped, w2), y, loss)
    let dz2 = logitGradient(p, y, loss, reference)
    var dz1 = product(dz2, w2.transposed)
    if let keep, reference { dz1 = dz1.combined(keep.mask, *).mapped { $0 * keep.scale } }
    dz1 = dz1.combined(z1) { $1 > 0 ? $0 : 0 }
    let g2 = product((reference ? dropped : a1).transposed, dz2)
    return (p, value, product(x.transposed, dz1), g2)
  }

  func softmaxAndLoss(
    _ z2: ParityMatrix<Work>, _ y: ParityMatrix<Work>, _ loss: (epsilon: Work, mean: Bool)
  ) -> (ParityMatrix<Work>, Work) {
    var p = z2
    var terms: [Work] = []
    for r in 0..<z2.rows {
      let row = (0..<z2.columns).map { z2[r, $0] }
      let top = row.max() ?? 0
      let shifted = row.map { $0 - top }
      let e = shifted.map(exp)
      let total = sum(e)
      for c in 0..<z2.columns {
        p[r, c] = e[c] / total
        let logp = loss.epsilon == 0 ? shifted[c] - log(total) : log(p[r, c] + loss.epsilon)
        terms.append(y[r, c] * logp)
      }
    }
    let value = -sum(terms)
    return (p, loss.mean ? value / Work(z2.rows) : value)
  }

  func logitGradient(
    _ p: ParityMatrix<Work>, _ y: ParityMatrix<Work>, _ loss: (epsilon: Work, mean: Bool),
    _ reference: Bool
  ) -> ParityMatrix<Work> {
    var dz2 = p
    let batch = Work(p.rows)
    for r in 0..<p.rows {
      let columns = 0..<p.columns
      if reference && loss.epsilon != 0 {
        let g = columns.map { c -> Work in
          let value = -y[r, c] / (p[r, c] + loss.epsilon)
          return loss.mean ? value / batch : value
        }
        let dot = sum(columns.map { g[$0] * p[r, $0] })
        for c in columns { dz2[r, c] = p[r, c] * (g[c] - dot) }
      } else {
        let rowSum = sum(columns.map { y[r, $0] })
        for c in columns {
          let (pv, yv) = (p[r, c], y[r, c])
          let value = reference ? pv * rowSum - yv : pv - yv
          dz2[r, c] = loss.mean ? value / batch : value
        }
      }
    }
    return dz2
  }
}
