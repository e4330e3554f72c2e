import NNParity
import NNParityCases

/// Analytic gradients of one case checked against central finite differences in float64.
package struct GradientCheck: Sendable {
  /// Which pass was differentiated.
  package enum Pass: String, Sendable, CaseIterable {
    /// The evaluation pass at the given weights (no dropout).
    case evaluation
    /// The first training step, with epoch 0's dropout mask.
    case trainingStep = "training_step"
  }

  /// One gradient tensor against its numerical estimate.
  package struct TensorResult: Sendable, Equatable {
    /// `gradW1` or `gradW2`.
    package internal(set) var name: TensorName
    /// The largest `|analytic − numeric| / max(|analytic|, |numeric|, floor)`.
    package internal(set) var maxError: Double
    /// The same with the finite differences' own rounding noise at that step taken off
    /// `|analytic − numeric|` first: what the bound applies to.
    package internal(set) var maxErrorBeyondNoise = 0.0
    /// Row-major index of that element.
    package internal(set) var worstIndex: Int
    /// The analytic and numeric values there.
    package internal(set) var analytic: Double
    package internal(set) var numeric: Double
    /// Elements not checked because a step crosses a ReLU kink (z1 within reach of 0).
    package internal(set) var skippedAtKinks: Int
    /// Elements whose analytic and numeric values are both below the finite differences'
    /// rounding noise: checked only to that absolute level.
    package internal(set) var belowNoise = 0
    /// Columns of the tensor, for `[r][c]` indices.
    package internal(set) var columns: Int

    /// `[r][c]` of the worst element.
    package var worstIndexDescription: String {
      "[\(worstIndex / columns)][\(worstIndex % columns)]"
    }
  }

  /// The case checked.
  package internal(set) var caseName: String
  /// The pass checked.
  package internal(set) var pass: Pass
  /// The case's semantics.
  package internal(set) var semantics: Semantics
  /// gW1 and gW2.
  package internal(set) var tensors: [TensorResult]
  /// Whether the semantics promises the true derivative here: always for `reference`;
  /// for `notebook` only with ε = 0, target rows that sum to 1, and no dropped unit (its
  /// `p − y` is the derivative of the ε = 0 loss only then, and its backward pass ignores
  /// the mask).
  package internal(set) var expectedToMatch: Bool

  /// The worst error over both tensors.
  package var maxError: Double { tensors.map(\.maxError).max() ?? 0 }
  /// Whether the gradients agree with finite differences within the bound, beyond the
  /// differences' own rounding noise.
  package var agrees: Bool {
    tensors.allSatisfy { $0.maxErrorBeyondNoise <= Tolerances.finiteDifferences.scaledBound }
  }
  /// Whether the outcome is the one the semantics predicts (agreement, or for a known
  /// notebook property, disagreement is allowed).
  package var passed: Bool { agrees || !expectedToMatch }
}

extension GradientCheck {
  /// Checks `networkCase` for `pass`. A float32 case is checked by running the float64
  /// network at its float32-rounded inputs. Returns nil for `trainingStep` on a case
  /// without training.
  package init?(_ networkCase: NetworkCase, pass: Pass) {
    let c = networkCase
    let (x, y, network) = c.roundedInputs
    var dropout: DropoutMask<Double>?
    if pass == .trainingStep {
      guard let training = c.training else { return nil }
      dropout = Self.firstMask(of: training, batch: x.rows, hidden: network.hiddenCount)
    }
    let analytic = network.pass(
      x, targets: y, dropout: dropout, semantics: c.semantics, loss: c.loss)
    let problem = Problem(c, x: x, y: y, network: network, dropout: dropout)
    self.caseName = c.name ?? "unnamed"
    self.pass = pass
    self.semantics = c.semantics
    let dropsUnits = dropout.map { $0.keep.elements.contains(0) } ?? false
    let targetRowsSumToOne = y.rowSums.allSatisfy { abs($0 - 1) <= 1e-12 }
    self.expectedToMatch =
      c.semantics == .reference || (c.loss.epsilon == 0 && !dropsUnits && targetRowsSumToOne)
    self.tensors = [problem.checkW1(analytic.gradientW1), problem.checkW2(analytic.gradientW2)]
  }

  /// Epoch 0's keep-mask of a training case, at its dropout rate.
  private static func firstMask(of training: NetworkCase.Training, batch: Int, hidden: Int)
    -> DropoutMask<Double>
  {
    let rate = training.configuration.dropout
    let keep: Matrix<Double>
    switch training.masks {
    case .explicit(let masks): keep = masks[0]
    case .seed(let seed):
      var generator = NumPyGenerator(seed: seed)
      keep = Matrix(
        rows: batch, columns: hidden,
        elements: generator.random(count: batch * hidden).map { $0 >= rate ? 1 : 0 })
    case .keepAll: keep = Matrix(rows: batch, columns: hidden, repeating: 1)
    }
    return DropoutMask(keep: keep, rate: rate)
  }

  /// One case's network, inputs and mask, and the loss the finite differences step.
  private struct Problem {
    let x: Matrix<Double>
    let y: Matrix<Double>
    let network: Network<Double>
    let dropout: DropoutMask<Double>?
    let semantics: Semantics
    let loss: CrossEntropy
    let forward: ForwardPass<Double>
    let lossNoise: Double

    init(
      _ c: NetworkCase, x: Matrix<Double>, y: Matrix<Double>, network: Network<Double>,
      dropout: DropoutMask<Double>?
    ) {
      (self.x, self.y, self.network, self.dropout) = (x, y, network, dropout)
      (semantics, loss) = (c.semantics, c.loss)
      forward = network.forward(x, dropout: dropout, semantics: c.semantics)
      lossNoise = GradientCheck.lossRoundingNoise(
        forward, logits: Matrix.product(forward.dropped, network.w2), targets: y, loss: c.loss)
    }

    /// The loss of the network the semantics runs forward (the notebook's unscaled dropout
    /// included): what the analytic gradient claims to differentiate.
    func value(_ candidate: Network<Double>) -> Double {
      loss.value(candidate.forward(x, dropout: dropout, semantics: semantics).softmax, targets: y)
    }

    /// gW1 against finite differences of each w1 element.
    func checkW1(_ analytic: Matrix<Double>) -> TensorResult {
      let (network, x, z1) = (network, x, forward.z1)
      let hidden = network.hiddenCount
      let dropoutScale = dropout.map { Double($0.scale) } ?? 1
      return GradientCheck.compare(
        .gradW1, analytic: analytic, weights: network.w1, lossNoise: lossNoise,
        sensitivity: { index in
          // w1[i][j] moves z1[:, j] by x[:, i]·h, and the logits by that times w2[j, :].
          let (i, j) = (index / hidden, index % hidden)
          let input = (0..<x.rows).map { abs(x[$0, i]) }.max() ?? 0
          let fanOut = (0..<network.outputCount).map { abs(network.w2[j, $0]) }.max() ?? 0
          return max(1, input) * max(1, fanOut * dropoutScale)
        }
      ) { index, value in
        var n = network
        n.w1[element: index] = value
        let step = value - network.w1.elements[index]
        // A step that moves some z1[b][j] across 0 differentiates through a kink.
        let (i, j) = (index / hidden, index % hidden)
        let crossesKink = (0..<x.rows).contains { b in
          x[b, i] != 0 && abs(z1[b, j]) <= abs(step * x[b, i]) * 1.000001
        }
        return crossesKink ? nil : self.value(n)
      }
    }

    /// gW2 against finite differences of each w2 element.
    func checkW2(_ analytic: Matrix<Double>) -> TensorResult {
      let (network, dropped, rows) = (network, forward.dropped, x.rows)
      return GradientCheck.compare(
        .gradW2, analytic: analytic, weights: network.w2, lossNoise: lossNoise,
        sensitivity: { index in
          // w2[j][o] moves the logits z2[:, o] by dropped[:, j]·h.
          let j = index / network.outputCount
          return max(1, (0..<rows).map { abs(dropped[$0, j]) }.max() ?? 0)
        }
      ) { index, value in
        var n = network
        n.w2[element: index] = value
        return self.value(n)
      }
    }
  }

  /// How far the computed loss may sit from the exact loss of the same weights: a few
  /// roundings of every term it is made of, `4u·Σ y·(1 + |z2| + max|z2 row| + |log p| +
  /// |log(p + ε)|)` with u = 2^-53. Finite differences cannot see gradients below this
  /// noise divided by the step; near-saturated softmax rows (p ≈ 1 with ε > 0) make
  /// gradients of 1e-14 whose differences are all noise.
  fileprivate static func lossRoundingNoise(
    _ forward: ForwardPass<Double>, logits z2: Matrix<Double>, targets y: Matrix<Double>,
    loss: CrossEntropy
  ) -> Double {
    let p = forward.softmax.probabilities
    var magnitude = 0.0
    for r in 0..<p.rows {
      let rowMagnitude = (0..<p.columns).map { abs(z2[r, $0]) }.max() ?? 0
      for c in 0..<p.columns where y[r, c] != 0 {
        let shifted = abs(forward.softmax.logProbability(at: r * p.columns + c))
        let logTerm = loss.epsilon > 0 ? abs(Double.log(p[r, c] + loss.epsilon)) : 0
        magnitude += abs(y[r, c]) * (1 + abs(z2[r, c]) + rowMagnitude + shifted + logTerm)
      }
    }
    return 4 * 0x1p-53 * magnitude / (loss.reduction == .mean ? Double(p.rows) : 1)
  }

  /// Fourth-order central differences per element,
  /// `(8(L(w+h) − L(w−h)) − (L(w+2h) − L(w−2h))) / 12h`. The step is scaled to each
  /// element so that it moves the logits by about ε^(1/5) ≈ 7.4e-4 (ε = 2^-52):
  /// `h = 7.4e-4 / sensitivity(index)`, where the sensitivity bounds how far the logits
  /// move per unit of that weight. Truncation O(h⁴) and rounding O(ε|L|/h) are then both
  /// ~1e-13 in logit terms, where the plain two-point form leaves ~1e-9 of truncation, too
  /// much for a 1e-7 bound on small elements; and a large weight (800) no longer gets a
  /// step that leaves the region where the loss is locally polynomial. `loss(index, value)`
  /// is the loss with that weight set to `value`, or nil where a step crosses a kink.
  fileprivate static func compare(
    _ name: TensorName, analytic: Matrix<Double>, weights: Matrix<Double>, lossNoise: Double,
    sensitivity: (Int) -> Double, loss: (_ index: Int, _ value: Double) -> Double?
  ) -> TensorResult {
    // The floor keeps the measure meaningful near zero: finite differences carry an
    // absolute error ~ε|L|/h whatever the element's size, so elements far below the
    // tensor's scale are judged against 1e-3 of that scale.
    let largest = analytic.elements.map(abs).max() ?? 0
    let floor = max(1e-3 * largest, 1e-12)
    var result = TensorResult(
      name: name, maxError: 0, worstIndex: 0, analytic: analytic.elements.first ?? 0,
      numeric: analytic.elements.first ?? 0, skippedAtKinks: 0, columns: analytic.columns)
    for index in analytic.elements.indices {
      let w = weights.elements[index]
      let h = 7.401486830834377e-04 / sensitivity(index)
      let values = [w - 2 * h, w - h, w + h, w + 2 * h]
      let losses = values.compactMap { loss(index, $0) }
      guard losses.count == 4 else {
        result.skippedAtKinks += 1
        continue
      }
      // Steps as actually represented, so rounding of w ± h does not bias the quotient.
      let (h1, h2) = ((values[2] - values[1]) / 2, (values[3] - values[0]) / 4)
      let (d1, d2) = ((losses[2] - losses[1]) / (2 * h1), (losses[3] - losses[0]) / (4 * h2))
      let numeric = (4 * d1 - d2) / 3
      let a = analytic.elements[index]
      // The 4-point quotient amplifies the loss's rounding by (8·2 + 2)/12 = 1.5 over h.
      let noise = 1.5 * lossNoise / h
      if max(abs(a), abs(numeric)) < noise { result.belowNoise += 1 }
      let denominator = max(abs(a), abs(numeric), floor)
      let error = abs(a - numeric) / denominator
      result.maxErrorBeyondNoise = max(
        result.maxErrorBeyondNoise, max(0, abs(a - numeric) - noise) / denominator)
      if error > result.maxError || (index == 0 && error == 0) {
        result.maxError = error
        result.worstIndex = index
        result.analytic = a
        result.numeric = numeric
      }
    }
    return result
  }
}
