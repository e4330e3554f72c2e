import Foundation
import NNParity
import NNParityAudit
import NNParityCases
import NNParityJudging

extension AuditReport {
  /// The report as one self-contained HTML page (inline CSS and SVG, nothing fetched): the
  /// verdict, then per family and tensor a plot of where every case's worst error sits
  /// against its bound (log scale of error / bound; 1 is the bound), failures marked, then
  /// the failures in full and the report's tables.
  package func html(raising: LimitSetting = noLimitSetting) -> String {
    var body: [String] = []
    let verdictClass = passed ? "pass" : "fail"
    body.append("<h1>nnparity audit</h1>")
    body.append("<p class=\"verdict \(verdictClass)\">\(verdict.xmlEscaped)</p>")
    body.append("<p>\(numpyLine.xmlEscaped) — nnparity \(NNParityVersion.current.xmlEscaped)</p>")
    if let kernelsLine { body.append("<p>\(kernelsLine.xmlEscaped)</p>") }
    body.append(
      "<h2>Where each case sits against its bound</h2><p class=\"legend\">"
        + "Each dot is one case's worst element in that tensor: its error divided by its bound, "
        + "on a log scale; the red line is the bound (1). "
        + "<span class=\"dot ok\"></span> within <span class=\"dot fail\"></span> beyond "
        + "<span class=\"dot explained\"></span> explained (float32 rounding) "
        + "<span class=\"dot ill\"></span> ill-conditioned (not compared)</p>")
    for family in goldens + live {
      body.append("<h3>\(family.name.xmlEscaped)</h3><div class=\"plots\">")
      for tensor in family.tensors {
        body.append(Self.plot(tensor, family: family.name))
      }
      body.append("</div>")
    }
    let failures = failureLines(raising: raising)
    if !failures.isEmpty {
      body.append("<h2>Failures</h2>")
      body += failures.map { "<pre class=\"failure\">\($0.xmlEscaped)</pre>" }
    }
    body.append("<h2>Tables</h2>")
    body += tables(raising: raising).map(Self.table)
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8">
      <title>nnparity audit: \(passed ? "passed" : "FAILED")</title>
      <style>\(Self.css)</style></head>
      <body>
      \(body.joined(separator: "\n"))
      </body></html>

      """
  }

  private static let css = """
    body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}
    h1{font-size:22px}h2{font-size:18px;margin-top:28px}h3{font-size:15px;margin:18px 0 6px}
    .verdict{font-weight:bold;padding:8px 12px;border-radius:4px}
    .verdict.pass{background:#e3f5e1;color:#1b5e20}.verdict.fail{background:#fde2e1;color:#b71c1c}
    .plots{display:flex;flex-wrap:wrap;gap:8px}
    svg.plot{border:1px solid #ddd;background:#fafafa}
    .dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin:0 4px 0 10px}
    .dot.ok,circle.ok{background:#2e7d32;fill:#2e7d32}
    .dot.fail,circle.fail{background:#d32f2f;fill:#d32f2f}
    .dot.explained,circle.explained{background:#f9a825;fill:#f9a825}
    .dot.ill,circle.ill{background:#9e9e9e;fill:#9e9e9e}
    table{border-collapse:collapse;margin:6px 0 4px;font-size:12px}
    th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;white-space:nowrap}
    th{background:#f0f0f0}td.FAIL{color:#b71c1c;font-weight:bold}
    pre.failure{background:#fff4f4;border-left:4px solid #d32f2f;padding:6px 10px;overflow-x:auto}
    ul.notes{font-size:12px;color:#444}
    """

  /// One tensor's plot: x is the case (in run order), y is log10(error / bound).
  static func plot(_ tensor: TensorSummary, family: String) -> String {
    let (width, height) = (360.0, 170.0)
    let (left, right, top, bottom) = (44.0, 8.0, 20.0, 22.0)
    let logs = tensor.points.map { log10(max($0.ratio, 1e-12)) }
    let low = max(-12, min(-4, (logs.min() ?? -4).rounded(.down)))
    let high = min(6, max(1, (logs.max() ?? 1).rounded(.up)))
    func y(_ value: Double) -> Double {
      top + (high - min(max(value, low), high)) / (high - low) * (height - top - bottom)
    }
    let count = tensor.points.count
    func x(_ i: Int) -> Double {
      left + (count > 1 ? Double(i) / Double(count - 1) : 0.5) * (width - left - right)
    }
    var svg = [
      "<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" "
        + "height=\"\(Int(height))\" role=\"img\" aria-label=\"\(family.xmlEscaped) "
        + "\(tensor.name.rawValue)\">",
      "<text x=\"\(left)\" y=\"14\" font-size=\"12\" font-weight=\"bold\">"
        + "\(tensor.name.rawValue) — \(count) cases, \(tensor.status.xmlEscaped)</text>",
    ]
    var decade = high
    while decade >= low {
      let lineY = Self.format(y(decade))
      svg.append(
        "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(lineY)\" y2=\"\(lineY)\" "
          + "stroke=\"#e0e0e0\"/><text x=\"\(left - 4)\" y=\"\(lineY)\" font-size=\"9\" "
          + "text-anchor=\"end\" dominant-baseline=\"middle\">1e\(Int(decade))</text>")
      decade -= high - low > 8 ? 2 : 1
    }
    let boundY = Self.format(y(0))
    svg.append(
      "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(boundY)\" y2=\"\(boundY)\" "
        + "stroke=\"#d32f2f\" stroke-dasharray=\"5,3\"/><text x=\"\(width - right)\" "
        + "y=\"\(Self.format(y(0) - 3))\" font-size=\"9\" text-anchor=\"end\" fill=\"#d32f2f\">"
        + "bound</text>")
    for (i, point) in tensor.points.enumerated() {
      let kind =
        !point.passed
        ? (point.explained ? "explained" : "fail") : (point.illConditioned ? "ill" : "ok")
      let radius = kind == "fail" ? 4 : 2.5
      svg.append(
        "<circle class=\"\(kind)\" cx=\"\(Self.format(x(i)))\" cy=\"\(Self.format(y(logs[i])))\" "
          + "r=\"\(radius)\"><title>\(point.caseName.xmlEscaped): "
          + "\(point.scaledError.shortDescription) u·C, \(point.ratio.shortDescription) × the "
          + "bound</title></circle>")
    }
    svg.append("</svg>")
    return svg.joined(separator: "\n")
  }

  private static func format(_ value: Double) -> String { String(format: "%.1f", value) }

  /// A report table as an HTML table, its notes as a list.
  static func table(_ table: ReportTable) -> String {
    var html = ["<h3>\(table.title.xmlEscaped)</h3>"]
    if !table.rows.isEmpty {
      html.append(
        "<table><tr>" + table.headers.map { "<th>\($0.xmlEscaped)</th>" }.joined() + "</tr>")
      for row in table.rows {
        html.append(
          "<tr>"
            + row.map { "<td class=\"\($0 == "FAIL" ? "FAIL" : "")\">\($0.xmlEscaped)</td>" }
            .joined() + "</tr>")
      }
      html.append("</table>")
    }
    if !table.notes.isEmpty {
      html.append(
        "<ul class=\"notes\">"
          + table.notes.map { "<li>\($0.xmlEscaped.replacing("\n", with: "<br>"))</li>" }.joined()
          + "</ul>")
    }
    return html.joined(separator: "\n")
  }
}
