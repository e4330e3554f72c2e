import NNParity
import NNParityCases

/// What an audit will judge, decided before any case is evaluated: the goldens (after the
/// filter), the user's case files and the random cases, with what could not be read and
/// what is already known to be missing.
///
/// Each case has a position in the order one whole run judges them (the goldens, then the
/// random cases, then the `--case` files), which also decides its shard
/// (`AuditOptions.shard`): a shard plans only its own cases, at the positions the whole run
/// gives them, so that `nnparity merge` can put their results back in that order. What
/// the plan knows of the whole (files that do not read, goldens missing against the
/// MANIFEST, a filter that selects nothing) every shard reports alike.
package struct AuditPlan: Sendable {
  /// The goldens to compare, in the folder's order.
  package var goldens: [(golden: Golden, position: Int)] = []
  /// The user's case files that read, each named by its path when it has no name.
  package var userCases: [(networkCase: NetworkCase, path: String, position: Int)] = []
  /// The random cases (none without a live reference).
  package var randomCases: [(networkCase: NetworkCase, position: Int)] = []
  /// Files that could not be read: goldens first, then user cases.
  package var loadErrors: [CaseError] = []
  /// What the plan already lacks: no `--case` file for `--only-cases`, goldens missing
  /// against the MANIFEST, a filter that selects nothing.
  package var missingEvidence: [MissingEvidence] = []
  /// How many goldens the filter left out.
  package var goldensFilteredOut = 0
  /// How many goldens the whole audit compares (every shard's).
  package var goldensInAllShards = 0

  /// Every case, for progress.
  package var caseCount: Int { goldens.count + userCases.count + randomCases.count }

  /// The plan of an audit with `options`; random cases only with a live reference.
  package init(_ options: AuditOptions, live: Bool) {
    let shard = options.shard ?? .whole
    if options.onlyUserCases {
      if options.userCases.isEmpty, options.userCaseValues.isEmpty {
        missingEvidence.append(.onlyCasesWithoutFiles)
      }
    } else {
      planGoldens(options, shard: shard)
    }
    let randomStart = goldensInAllShards
    let userStart = randomStart + options.randomCaseCount
    for (index, path) in options.userCases.enumerated() {
      do {
        var c = try CaseFile.load(path, limits: options.limits)
        if c.name == nil { c.name = path }
        if shard.owns(index) { userCases.append((c, path, userStart + index)) }
      } catch {
        loadErrors.append(error)
      }
    }
    for (offset, c) in options.userCaseValues.enumerated() {
      let index = options.userCases.count + offset
      if shard.owns(index) { userCases.append((c, c.name ?? "unnamed", userStart + index)) }
    }
    guard live else { return }
    let random = RandomCases(seed: options.seed)
    randomCases = (0..<options.randomCaseCount).filter(shard.owns).map {
      (random.case($0), randomStart + $0)
    }
  }

  /// Every golden that reads (the others are load errors), the manifest's gaps, the
  /// filter's choice, and of that the shard's part.
  private mutating func planGoldens(_ options: AuditOptions, shard: ShardSpec) {
    var all: [Golden] = []
    do {
      for loaded in try Golden.all(in: options.goldenDirectory, limits: options.limits) {
        switch loaded {
        case .success(let golden): all.append(golden)
        case .failure(let error): loadErrors.append(error)
        }
      }
    } catch {
      loadErrors.append(error)
    }
    missingEvidence += Self.manifestGaps(options)
    var selected = all
    if let filter = options.goldenFilter {
      selected = filter.select(all, name: \.name)
      if selected.isEmpty {
        missingEvidence.append(.filterSelectsNothing(filter, goldens: all.count))
      }
    }
    goldensFilteredOut = all.count - selected.count
    goldensInAllShards = selected.count
    goldens = selected.enumerated().filter { shard.owns($0.offset) }.map { ($0.element, $0.offset) }
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
