import NNParity
import NNParityCases

extension NetworkCase {
  /// The request `live_worker.py` reads for this case as case `number`: a JSON header line,
  /// then its arrays as ``NumPyReference`` passes them to the bridge (inputs rounded to the
  /// dtype, masks as `DropoutMasks.adapterArgument` gives them), raw.
  func workerRequest(number: Int) -> [UInt8] {
    switch dtype {
    case .float32: workerRequest(number: number, as: Float.self)
    case .float64: workerRequest(number: number, as: Double.self)
    }
  }

  private func workerRequest<Scalar: NetworkScalar>(number: Int, as _: Scalar.Type) -> [UInt8] {
    let (x, y, w1, w2) = inputs(as: Scalar.self)
    var train = "null"
    var masks: [Matrix<Scalar>]?
    if let training {
      let configuration = training.configuration
      let argument = dropoutMasks(training.masks, as: Scalar.self).adapterArgument(
        epochs: configuration.epochs, rows: x.rows, hidden: w1.columns)
      masks = argument.matrices
      train =
        "{\"epochs\": \(configuration.epochs), \"learning_rate\": "
        + "\(JSONWriter.number(configuration.learningRate)), \"dropout\": "
        + "\(JSONWriter.number(configuration.dropout)), \"seed\": \(argument.seed)}"
    }
    let shapes = [x, y, w1, w2].map { "[\($0.rows), \($0.columns)]" }.joined(separator: ", ")
    let header =
      "{\"case\": \(number), \"dtype\": \"\(dtype.rawValue)\", \"semantics\": "
      + "\"\(semantics.rawValue)\", \"epsilon\": "
      + "\(JSONWriter.number(loss.epsilon)), \"reduction\": "
      + "\"\(loss.reduction.rawValue)\", \"shapes\": [\(shapes)], \"train\": \(train), "
      + "\"masks\": \(masks != nil)}\n"
    var request = Array(header.utf8)
    for matrix in [x, y, w1, w2] + (masks ?? []) {
      matrix.elements.withUnsafeBytes { request += $0 }
    }
    return request
  }
}
