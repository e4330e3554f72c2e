import NNParity

/// Limits on what one case may ask for, so a mistaken file fails fast and clearly.
package struct CaseLimits: Sendable, Equatable {
  /// Limits of the JSON reader (nesting depth, values per file).
  package var json: JSONLimits
  /// The most work a training run may cost, counted as epochs × (3·B·H·(I + O) + 1000):
  /// the multiply-adds of a step plus a fixed per-epoch overhead.
  package var maximumTrainingWork: Double

  /// 10^12 is minutes of single-core work: 300 epochs of 1024×1024-1024-10 fit.
  package static let `default` = CaseLimits(json: .default, maximumTrainingWork: 1e12)

  package init(json: JSONLimits, maximumTrainingWork: Double) {
    self.json = json
    self.maximumTrainingWork = maximumTrainingWork
  }
}

extension NetworkCase {
  /// Reads and validates a case object; errors name the field at fault.
  package init(json: JSONValue, path: String = "", limits: CaseLimits = .default)
    throws(CaseError)
  {
    var fields = try JSONFields(json, path: path)
    let schema = try fields.string("schema")
    guard let schema else {
      throw CaseError(
        field: fields.fieldPath("schema"), message: "missing (expected \"\(Self.schema)\")")
    }
    guard schema == Self.schema else {
      throw CaseError(
        field: fields.fieldPath("schema"),
        message: "unknown schema \"\(schema)\" (this version reads \"\(Self.schema)\")")
    }
    try fields.rejectUnknown(known: Self.caseKeys)
    let name = try fields.string("name")
    let dtype: DType = try fields.choice("dtype", default: .float64)
    let semantics: Semantics = try fields.choice("semantics", default: .reference)
    let epsilon = try fields.number("loss_epsilon") ?? 0
    guard epsilon >= 0 else {
      throw CaseError(field: fields.fieldPath("loss_epsilon"), message: "must be 0 or more")
    }
    // The loss adds ε in the case's dtype: one float32 cannot hold would make every loss NaN.
    guard dtype == .float64 || Float(epsilon).isFinite else {
      throw CaseError(
        field: fields.fieldPath("loss_epsilon"), message: "\(epsilon) is not finite in float32")
    }
    let reduction: Reduction = try fields.choice("reduction", default: .sum)
    let x = try fields.matrix("x")
    let y = try fields.matrix("y")
    let w1 = try fields.matrix("w1")
    let w2 = try fields.matrix("w2")
    try Self.checkShapes(x: x, y: y, w1: w1, w2: w2, fields: fields)
    try Self.checkHiddenLayer(x: x, w1: w1, limits: limits, fields: fields)
    try Self.checkValues(dtype: dtype, x: x, y: y, w1: w1, w2: w2, fields: fields)
    var training: Training?
    if let train = fields.optional("train") {
      let parsed = try Self.training(
        train, path: fields.fieldPath("train"), batch: x.rows, hidden: w1.columns)
      try Self.checkTrainingLimits(parsed, x: x, w1: w1, w2: w2, limits: limits, fields: fields)
      training = parsed
    }
    try fields.rejectUnknown()
    self.init(
      name: name, dtype: dtype, semantics: semantics,
      loss: CrossEntropy(epsilon: epsilon, reduction: reduction),
      x: x, y: y, w1: w1, w2: w2, training: training)
  }

  /// The keys of a case object and of its `train` object, in the contract's order (the
  /// reference script's `CASE_KEYS` and `TRAIN_KEYS`).
  static let caseKeys = [
    "schema", "name", "dtype", "semantics", "loss_epsilon", "reduction", "x", "y", "w1", "w2",
    "train",
  ]
  static let trainKeys = ["epochs", "learning_rate", "dropout", "masks", "mask_seed"]

  /// The hidden layer's B×H values (several buffers of them) are bounded by no matrix in
  /// the file: x of B×1 and w1 of 1×H ask for B·H from B + H numbers, 80 GB from a 2 MB
  /// file. They are held to the same limit as the values in a file.
  private static func checkHiddenLayer(
    x: Matrix<Double>, w1: Matrix<Double>, limits: CaseLimits, fields: JSONFields
  ) throws(CaseError) {
    if Double(x.rows) * Double(w1.columns) > Double(limits.json.maximumValues) {
      throw CaseError(
        field: fields.fieldPath("w1"),
        message: "the hidden layer is B×H = \(x.rows)×\(w1.columns) values, over the limit of "
          + "\(limits.json.maximumValues)", limit: .values)
    }
  }

  /// Numbers a float32 case cannot hold, and negative targets.
  private static func checkValues(
    dtype: DType, x: Matrix<Double>, y: Matrix<Double>, w1: Matrix<Double>, w2: Matrix<Double>,
    fields: JSONFields
  ) throws(CaseError) {
    if dtype == .float32 {
      for (key, m) in [("x", x), ("y", y), ("w1", w1), ("w2", w2)] {
        if let i = m.elements.firstIndex(where: { !Float($0).isFinite }) {
          throw CaseError(
            field: fields.fieldPath(key) + "[\(i / m.columns)][\(i % m.columns)]",
            message: "\(m.elements[i]) overflows to infinity in float32")
        }
      }
    }
    if let negative = y.elements.firstIndex(where: { $0 < 0 }) {
      throw CaseError(
        field: fields.fieldPath("y") + "[\(negative / y.columns)][\(negative % y.columns)]",
        message: "targets must be non-negative")
    }
  }

  /// The training work limit, and the values limit on the losses it returns.
  private static func checkTrainingLimits(
    _ training: Training, x: Matrix<Double>, w1: Matrix<Double>, w2: Matrix<Double>,
    limits: CaseLimits, fields: JSONFields
  ) throws(CaseError) {
    let epochs = training.configuration.epochs
    let stepWork = 3 * Double(x.rows) * Double(w1.columns) * Double(x.columns + w2.columns)
    let work = Double(epochs) * (stepWork + 1000)
    if work > limits.maximumTrainingWork {
      throw CaseError(
        field: fields.fieldPath("train.epochs"),
        message: "epochs × size is \(work.shortDescription), over the limit of "
          + "\(limits.maximumTrainingWork.shortDescription)", limit: .trainingWork)
    }
    // The run returns a loss per epoch. Tiny steps let 990 million epochs through the work
    // limit, and their losses alone took 8 GB; they are held to the values limit too.
    if epochs > limits.json.maximumValues {
      throw CaseError(
        field: fields.fieldPath("train.epochs"),
        message: "\(epochs) epochs give as many losses, over the limit of "
          + "\(limits.json.maximumValues) values", limit: .values)
    }
  }

  /// B and I come from x, H and O from w2; y must be B×O and w1 I×H, and O at least 2 —
  /// the order and the fields the reference script names (`check_arrays`).
  private static func checkShapes(
    x: Matrix<Double>, y: Matrix<Double>, w1: Matrix<Double>, w2: Matrix<Double>,
    fields: JSONFields
  ) throws(CaseError) {
    func mismatch(_ field: String, _ message: String) -> CaseError {
      CaseError(field: fields.fieldPath(field), message: message)
    }
    let (b, i, h, o) = (x.rows, x.columns, w2.rows, w2.columns)
    let fits = "does not fit x (\(b)×\(i)) and w2 (\(h)×\(o))"
    if y.rows != b || y.columns != o {
      throw mismatch("y", "is \(y.rows)×\(y.columns), which \(fits): expected B×O = \(b)×\(o)")
    }
    if w1.rows != i || w1.columns != h {
      throw mismatch("w1", "is \(w1.rows)×\(w1.columns), which \(fits): expected I×H = \(i)×\(h)")
    }
    if o < 2 { throw mismatch("w2", "has \(o) column; O must be at least 2") }
  }

  private static func training(_ value: JSONValue, path: String, batch: Int, hidden: Int)
    throws(CaseError) -> Training
  {
    var fields = try JSONFields(value, path: path)
    try fields.rejectUnknown(known: Self.trainKeys)
    // Presence first, then both mask sources, then each value: the reference's order.
    let epochsValue = try fields.required("epochs")
    let learningRateValue = try fields.required("learning_rate")
    guard let dropoutValue = fields.optional("dropout") else {
      throw CaseError(field: fields.fieldPath("dropout"), message: "missing (0 for no dropout)")
    }
    let masksValue = fields.optional("masks")
    let seedValue = fields.optional("mask_seed")
    if masksValue != nil, seedValue != nil {
      throw CaseError(
        field: fields.fieldPath("mask_seed"), message: "give either masks or mask_seed, not both")
    }
    guard case .number(_, let exact?) = epochsValue, exact >= 1, exact <= UInt64(Int32.max) else {
      throw CaseError(
        field: fields.fieldPath("epochs"),
        message: "must be a positive whole number, found \(describe(epochsValue))")
    }
    let learningRate = try JSONFields.finiteNumber(
      learningRateValue, field: fields.fieldPath("learning_rate"))
    let dropout = try JSONFields.finiteNumber(dropoutValue, field: fields.fieldPath("dropout"))
    guard dropout >= 0 && dropout < 1 else {
      throw CaseError(
        field: fields.fieldPath("dropout"), message: "\(dropout) is outside [0, 1)")
    }
    let epochs = Int(exact)
    let masks = try maskSource(
      masks: masksValue, seed: seedValue, fields: fields,
      shape: (epochs: epochs, batch: batch, hidden: hidden), dropout: dropout)
    try fields.rejectUnknown()
    return Training(
      configuration: TrainingConfiguration(
        epochs: epochs, learningRate: learningRate, dropout: dropout),
      masks: masks)
  }

  /// Where the masks come from: the explicit `masks`, NumPy's draw from `mask_seed`, or
  /// none (keep every unit) when there is no dropout.
  private static func maskSource(
    masks masksValue: JSONValue?, seed seedValue: JSONValue?, fields: JSONFields,
    shape: (epochs: Int, batch: Int, hidden: Int), dropout: Double
  ) throws(CaseError) -> MaskSource {
    switch (masksValue, seedValue) {
    case (.some(let list), _):
      return .explicit(
        try Self.masks(
          list, field: fields.fieldPath("masks"), epochs: shape.epochs, batch: shape.batch,
          hidden: shape.hidden, dropout: dropout))
    case (nil, .some(let seed)):
      guard case .number(_, let exactSeed?) = seed else {
        throw CaseError(
          field: fields.fieldPath("mask_seed"),
          message: "must be a whole number from 0 to 2^64 − 1, found \(describe(seed))")
      }
      return .seed(exactSeed)
    case (nil, nil):
      guard dropout == 0 else {
        throw CaseError(
          field: fields.fieldPath("masks"),
          message: "dropout is \(dropout) but neither masks nor mask_seed is given")
      }
      return .keepAll
    }
  }

  private static func masks(
    _ value: JSONValue, field: String, epochs: Int, batch: Int, hidden: Int, dropout: Double
  ) throws(CaseError) -> [Matrix<Double>] {
    guard case .array(let list) = value else {
      throw CaseError(
        field: field, message: "expected an array of masks, found \(value.kindDescription)")
    }
    guard list.count == epochs else {
      throw CaseError(
        field: field, message: "has \(list.count) masks, expected one per epoch (\(epochs))")
    }
    var masks: [Matrix<Double>] = []
    masks.reserveCapacity(epochs)
    for (e, item) in list.enumerated() {
      let mask = try JSONFields.matrix(item, field: "\(field)[\(e)]")
      guard mask.rows == batch, mask.columns == hidden else {
        throw CaseError(
          field: "\(field)[\(e)]",
          message: "is \(mask.rows)×\(mask.columns), expected B×H = \(batch)×\(hidden)")
      }
      if let bad = mask.elements.firstIndex(where: { $0 != 0 && $0 != 1 }) {
        throw CaseError(
          field: "\(field)[\(e)][\(bad / hidden)][\(bad % hidden)]",
          message: "mask entries must be 0 or 1, found \(mask.elements[bad])")
      }
      if dropout == 0, let dropped = mask.elements.firstIndex(of: 0) {
        throw CaseError(
          field: "\(field)[\(e)][\(dropped / hidden)][\(dropped % hidden)]",
          message: "dropout is 0, so every mask entry must be 1")
      }
      masks.append(mask)
    }
    return masks
  }

  private static func describe(_ value: JSONValue) -> String {
    if case .number(let number, _) = value { return "\(number)" }
    return value.kindDescription
  }
}
