import NNParity

extension NetworkCase {
  /// The case in the spec's case format (`nnparity.case/1`), as pretty JSON that
  /// `nnparity evaluate` and the reference script both read back to the same case.
  package var jsonText: String {
    func matrix(_ m: Matrix<Double>) -> String {
      "["
        + m.rowArrays.map { "[" + $0.map(JSONWriter.number).joined(separator: ", ") + "]" }
        .joined(separator: ",\n    ") + "]"
    }
    var members: [String] = ["\"schema\": \"\(Self.schema)\""]
    if let name { members.append("\"name\": " + JSONWriter.string(name)) }
    members.append("\"dtype\": \"\(dtype.rawValue)\"")
    members.append("\"semantics\": \"\(semantics.rawValue)\"")
    members.append("\"loss_epsilon\": " + JSONWriter.number(loss.epsilon))
    members.append("\"reduction\": \"\(loss.reduction.rawValue)\"")
    for (key, value) in [("x", x), ("y", y), ("w1", w1), ("w2", w2)] {
      members.append("\"\(key)\": " + matrix(value))
    }
    if let training {
      let configuration = training.configuration
      var train = [
        "\"epochs\": \(configuration.epochs)",
        "\"learning_rate\": " + JSONWriter.number(configuration.learningRate),
        "\"dropout\": " + JSONWriter.number(configuration.dropout),
      ]
      switch training.masks {
      case .explicit(let masks):
        train.append("\"masks\": [" + masks.map(matrix).joined(separator: ",\n    ") + "]")
      case .seed(let seed):
        train.append("\"mask_seed\": \(seed)")
      case .keepAll:
        break
      }
      members.append("\"train\": {" + train.joined(separator: ", ") + "}")
    }
    return "{\n  " + members.joined(separator: ",\n  ") + "\n}\n"
  }
}
