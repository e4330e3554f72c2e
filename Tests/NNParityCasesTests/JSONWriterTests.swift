import NNParity
import NNParityCases
import Testing

/// What the writer produces, checked against the shortest decimal forms and the escapes
/// RFC 8259 and the spec name.
@Suite("JSON writer")
struct JSONWriterTests {
  @Test("numbers in shortest round-trip form, at the dtype's precision")
  func numbers() {
    #expect(JSONWriter.number(0.1) == "0.1")
    #expect(JSONWriter.number(-2.5) == "-2.5")
    #expect(JSONWriter.number(Float(0.1)) == "0.1")
    // The Float nearest 0.1 is 13421773 · 2^-27 = 0.100000001490116119384765625; as a
    // Double its shortest form needs 17 digits, as a Float one.
    let float = Double(Float(0.1))
    #expect(float == 13_421_773 * 0x1p-27)
    #expect(JSONWriter.number(float, dtype: .float64) == "0.10000000149011612")
    #expect(JSONWriter.number(float, dtype: .float32) == "0.1")
    for value in [1.0 / 3, 0x1p-1074, 1e300, -0.0] {
      #expect(Double(JSONWriter.number(value)) == value, "\(value) reads back")
    }
  }

  @Test("non-finite numbers as the spec's strings")
  func nonFinite() {
    #expect(JSONWriter.number(Double.nan) == #""NaN""#)
    #expect(JSONWriter.number(Double.infinity) == #""Infinity""#)
    #expect(JSONWriter.number(-Double.infinity) == #""-Infinity""#)
    #expect(JSONWriter.number(Float.infinity) == #""Infinity""#)
  }

  @Test("strings: quote, backslash and control characters escaped; the rest as is")
  func strings() throws {
    #expect(JSONWriter.string(#"a"b\c"#) == #""a\"b\\c""#)
    #expect(JSONWriter.string("\n\r\t") == #""\n\r\t""#)
    #expect(JSONWriter.string("\u{01}\u{1F}") == #""\u0001\u001f""#)
    #expect(JSONWriter.string("é→") == "\"é→\"")
    let tricky = "line\none \"two\" \u{07}"
    #expect(try JSONReader.parse(Array(JSONWriter.string(tricky).utf8)) == .string(tricky))
  }

  @Test("values: integers as integers, two spaces a level, empty containers inline")
  func serialized() {
    #expect(JSONValue.integer(42).serialized() == "42")
    #expect(JSONValue.double(2.5).serialized() == "2.5")
    #expect(JSONValue.array([]).serialized() == "[]")
    #expect(JSONValue.object([]).serialized() == "{}")
    let value = JSONValue.object([
      ("a", .array([.integer(1), .null])), ("b", .bool(true)), ("c", .string("x")),
    ])
    #expect(
      value.serialized() == """
        {
          "a": [
            1,
            null
          ],
          "b": true,
          "c": "x"
        }
        """)
  }
}
