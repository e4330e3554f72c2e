import ArgumentParser
import Foundation
import NNParity
import NNParityAudit
import NNParityBenchmark
import NNParityCases
import NNParityJudging
import NNParityPython
import NNParityReports

/// `nnparity audit`, the main job: goldens, live NumPy, finite differences, invariants.
struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Audit the Swift network against NumPy: goldens, live NumPy, finite differences.",
    discussion: """
      Exits 0 only when every comparison is within its bound. The notebook's known \
      property (its NumPy gradient is not the derivative of its dropped forward pass) is \
      reported, not failed. Set NNPARITY_PYTHON=none to audit from the goldens alone; \
      with --require-numpy (or NNPARITY_REQUIRE_NUMPY=1, or NNPARITY_PYTHON naming an \
      interpreter) NumPy being unavailable fails the audit instead. The audit also fails without evidence: goldens missing against their \
      MANIFEST, or a family that should have run and ran no case.
      """
  )

  @Option(help: ReportFormat.help)
  var format: ReportFormat = .text

  @Option(
    help: ArgumentHelp(
      "The folder of golden files (default: reference/golden in the package).",
      valueName: "dir"))
  var goldenDir: String?

  @Option(
    name: .customLong("case"),
    help: ArgumentHelp("A case file of your own to audit (repeatable).", valueName: "file"))
  var cases: [String] = []

  // Unconditional, so `--random -5` reaches `validate()` and is told what is wrong rather
  // than taken for a missing value followed by an option `-5`.
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Random cases to cross-validate against live NumPy.", valueName: "count"))
  var random = 100

  // Text, checked by `validate()`: a negative seed (unconditional, so not taken for an
  // option) or one past UInt64 is told the range, not "invalid" or "missing value".
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "The seed of the random cases: an integer from 0 to 2^64 - 1.", valueName: "seed"))
  var seed = "1"

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "NumPy worker processes for the live cases (0: NumPy in this process).",
      discussion: """
        Default: one per core when there are at least \(Self.workersFrom) live cases, else 0; \
        never more than there are live cases. Workers run the same interpreter and reference \
        and give the same numbers; they let the reference's Python use every core.
        """,
      valueName: "count"))
  var workers: Int?

  /// The fewest live cases for which workers are started by default: below, starting them
  /// costs more than they save.
  static let workersFrom = 400

  @Option(
    help: ArgumentHelp(
      "Audit another implementation: a command that behaves like `nnparity evaluate`.",
      discussion: "The case files' paths are appended; it prints one result per line, in order.",
      valueName: "command"))
  var subject: String?

  @Option(
    help: ArgumentHelp(
      "Audit only the goldens whose name matches: a substring, or a glob with * and ?.",
      valueName: "pattern"))
  var filter: String?

  @Flag(help: "Audit only the --case files: no goldens, no random cases.")
  var onlyCases = false

  @Option(
    help: ArgumentHelp(
      "Audit only shard K of N: the goldens, random cases and --case files at positions i with i % N = K - 1.",
      discussion:
        "N runs with K = 1 … N cover what one run covers; `nnparity merge` combines their JSON reports.",
      valueName: "K/N"))
  var shard: String?

  @Option(
    help: ArgumentHelp(
      "Write each failing case as a case file into this folder, to reproduce it.",
      valueName: "dir"))
  var saveFailures: String?

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "Shrink each failing case to a smaller one that still fails, judged by live NumPy.",
      discussion: """
        The first \(ShrinkLimits().failingCases) failing cases, at most \
        \(ShrinkLimits().evaluationsPerFailure) evaluations each; --save-failures also \
        writes the shrunk cases (NAME-shrunk.json).
        """))
  var shrink = true

  @Flag(help: "Print only the failures and the verdict line.")
  var quiet = false

  @Flag(help: "Print every table of the text report (default: one screen).")
  var verbose = false

  @Flag(
    name: .customLong("require-numpy"),
    help:
      "Fail when NumPy is unavailable instead of skipping the live checks (default: on when NNPARITY_REQUIRE_NUMPY=1 or NNPARITY_PYTHON names an interpreter)."
  )
  var requireNumPy = false

  @OptionGroup var limits: LimitOptions

  mutating func validate() throws {
    if random < 0 { throw ValidationError("--random must be 0 or more, not \(random).") }
    if UInt64(seed) == nil {
      // NumPy's SeedSequence, which the random cases' generator follows, takes no negative
      // seed; the generator's is 64 bits.
      throw ValidationError(
        "--seed must be an integer from 0 to \(UInt64.max) (a NumPy seed is never negative), "
          + "not \(seed).")
    }
    if let workers, !(0...256).contains(workers) {
      throw ValidationError("--workers must be from 0 to 256, not \(workers).")
    }
    if let subject, subject.allSatisfy(\.isWhitespace) {
      throw ValidationError("--subject needs a command.")
    }
    if onlyCases, cases.isEmpty {
      throw ValidationError("--only-cases audits the --case files; give at least one --case.")
    }
    if onlyCases, filter != nil {
      throw ValidationError("--filter picks goldens, and --only-cases skips them: give one.")
    }
    if let shard {
      do {
        _ = try ShardSpec(parsing: shard)
      } catch {
        throw ValidationError("--shard \(error)")
      }
    }
  }

  func run() throws {
    guard let goldenDirectory = goldenDir ?? GoldenDirectory.inPackage() else {
      throw CommandFailure(Self.noGoldensMessage(environment: ProcessInfo.processInfo.environment))
    }
    guard let seed = UInt64(seed) else { throw ExitCode.validationFailure }
    var options = AuditOptions(goldenDirectory: goldenDirectory)
    options.userCases = cases
    options.randomCount = random
    options.seed = seed
    options.limits = limits.caseLimits
    options.requireNumPy =
      requireNumPy || PythonAvailability.isRequired(by: ProcessInfo.processInfo.environment)
    if let subject { options.subject = CommandSubject(command: subject) }
    options.goldenFilter = filter.map(NamePattern.init)
    options.onlyUserCases = onlyCases
    options.saveFailuresDirectory = saveFailures
    options.shard = try shard.map { (text) throws in try ShardSpec(parsing: text) }
    options.shrinking = shrink ? ShrinkLimits() : nil
    let auditor = Auditor(options: options, live: try liveNumPy())
    var progress = ProgressBar(enabled: !quiet && format == .text)
    var report = auditor.run { step in
      progress.update(done: step.done, total: step.total, phase: step.phase.description)
    }
    progress.finish()
    report.writeFailureFiles()
    format.noteLoadErrors(of: report)
    print(format.render(report, quiet: quiet, verbose: verbose))
    if !report.passed { throw ExitCode(1) }
  }

  /// Live NumPy: the embedded reference, or a pool of workers running it (`--workers`), or
  /// why there is none.
  func liveNumPy() throws -> LiveNumPy {
    switch (PythonAvailability.current.numpyStatus, try liveReference()) {
    case (.available(let version, let detail), let reference?):
      .available(reference, version: version, detail: detail)
    case (.unavailable(let reason), _): .unavailable(reason: reason)
    case (.available, nil): .unavailable(reason: "the NumPy reference could not be loaded")
    }
  }

  /// The embedded NumPy reference, or a pool of workers running it (`--workers`); nil
  /// when NumPy is unavailable.
  func liveReference() throws -> (any LiveReference)? {
    guard let reference = NumPyReference.shared else { return nil }
    let liveCases = onlyCases ? cases.count : random + cases.count
    let cores = ProcessInfo.processInfo.activeProcessorCount
    // Never more workers than live cases: the others would only start NumPy and wait.
    let count = min(workers ?? (cores > 1 && liveCases >= Self.workersFrom ? cores : 0), liveCases)
    guard count > 0 else { return reference }
    do {
      return try reference.workerPool(count: count)
    } catch {
      // Asked for: an error. Chosen by default: NumPy in-process does the same work.
      guard workers == nil else { throw CommandFailure("--workers \(count): \(error)") }
      StandardError.write("nnparity: NumPy runs in-process: \(error)")
      return reference
    }
  }

  /// Why there are no goldens to audit, naming `NNPARITY_ROOT` when it is set: it was
  /// looked in first.
  static func noGoldensMessage(environment: [String: String]) -> String {
    let variable = PackageRoot.environmentVariable
    let root = environment[variable].flatMap { $0.isEmpty ? nil : "\(variable) (\($0)), " }
    return "Cannot find \(GoldenDirectory.relativePath) in or above \(root ?? "")the current "
      + "directory or nnparity's folder; pass --golden-dir, or set \(variable) to the "
      + "nnparity package's folder."
  }
}
