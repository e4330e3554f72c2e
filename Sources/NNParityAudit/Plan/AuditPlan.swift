import NNParity
import NNParityCases

/// What an audit will judge, decided before any case is evaluated: the goldens (after the
/// filter), the user's case files and the random cases, with what could not be read and
/// what is already known to be missing.
package struct AuditPlan: Sendable {
  /// The goldens to compare, in the folder's order.
  package var goldens: [Golden] = []
  /// The user's case files that read, each named by its path when it has no name.
  package var userCases: [(networkCase: NetworkCase, path: String)] = []
  /// The random cases (none without a live reference).
  package var randomCases: [NetworkCase] = []
  /// Files that could not be read: goldens first, then user cases.
  package var loadErrors: [CaseError] = []
  /// What the plan already lacks: no `--case` file for `--only-cases`, goldens missing
  /// against the MANIFEST, a filter that selects nothing.
  package var missingEvidence: [MissingEvidence] = []
  /// How many goldens the filter left out.
  package var goldensFilteredOut = 0

  /// Every case, for progress.
  package var caseCount: Int { goldens.count + userCases.count + randomCases.count }

  /// The plan of an audit with `options`; random cases only with a live reference.
  package init(_ options: AuditOptions, live: Bool) {
    if options.onlyUserCases {
      if options.userCases.isEmpty, options.userCaseValues.isEmpty {
        missingEvidence.append(.onlyCasesWithoutFiles)
      }
    } else {
      planGoldens(options)
    }
    for path in options.userCases {
      do {
        var c = try CaseFile.load(path, limits: options.limits)
        if c.name == nil { c.name = path }
        userCases.append((c, path))
      } catch {
        loadErrors.append(error)
      }
    }
    userCases += options.userCaseValues.map { ($0, $0.name ?? "unnamed") }
    if live { randomCases = RandomCases(seed: options.seed).cases(options.randomCaseCount) }
  }

  /// Every golden that reads (the others are load errors), the manifest's gaps, and the
  /// filter's choice.
  private mutating func planGoldens(_ options: AuditOptions) {
    do {
      for loaded in try Golden.all(in: options.goldenDirectory, limits: options.limits) {
        switch loaded {
        case .success(let golden): goldens.append(golden)
        case .failure(let error): loadErrors.append(error)
        }
      }
    } catch {
      loadErrors.append(error)
    }
    missingEvidence += Self.manifestGaps(options)
    guard let filter = options.goldenFilter else { return }
    let selected = filter.select(goldens, name: \.name)
    if selected.isEmpty {
      missingEvidence.append(.filterSelectsNothing(filter, goldens: goldens.count))
    }
    goldensFilteredOut = goldens.count - selected.count
    goldens = selected
  }

  /// Goldens the folder's manifest lists that are not there, or why there is no manifest.
  /// (A golden that is there but does not read is a load error.)
  private static func manifestGaps(_ options: AuditOptions) -> [MissingEvidence] {
    let directory = options.goldenDirectory
    guard let listed = GoldenDirectory.manifest(in: directory) else {
      return [.noManifest(directory: directory)]
    }
    let present = Set(
      ((try? GoldenDirectory.jsonFiles(in: directory)) ?? []).map {
        String(($0.split(separator: "/").last ?? "").dropLast(5))
      })
    // The goldens the filter asks for, chosen as it chooses among those present (a name
    // it equals selects that golden alone).
    let wanted = options.goldenFilter.map { $0.select(listed) { $0 } } ?? listed
    let missing = wanted.filter { !present.contains($0) }
    guard !missing.isEmpty else {
      return listed.isEmpty ? [.emptyManifest(directory: directory, present: present.count)] : []
    }
    return [.goldensMissing(missing: missing, listed: listed.count, directory: directory)]
  }
}
