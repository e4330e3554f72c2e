extension CaseError {
  /// The error as one line of JSON, in the place of the result it stands for:
  /// `{"file": FILE, "error": {"field": FIELD, "message": MESSAGE}}` (`field` is null for a
  /// whole-file problem). `raising` adds how to raise a limit, as in `description(raising:)`.
  package func jsonLine(raising: (InputLimit) -> String? = { _ in nil }) -> String {
    var message = message
    if let limit, let setting = raising(limit) { message += " (raise it with \(setting))" }
    let fileText = file.map(JSONWriter.string) ?? "null"
    let fieldText = field.map(JSONWriter.string) ?? "null"
    return "{\"file\":\(fileText),\"error\":{\"field\":\(fieldText),\"message\":"
      + JSONWriter.string(message) + "}}"
  }
}
