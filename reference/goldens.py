"""Golden files: build them from the catalogue and write them deterministically.

A golden (``golden/<name>.json``, schema ``nnparity.golden/1``) holds a
catalogue case, NumPy's result for it (:mod:`nnparity_reference`, read by
:mod:`case_reader`, written by :mod:`json_writer`), the exact
oracle's (:mod:`exact_oracle`) and each element's error scale
(:mod:`conditioning`), with provenance. An rng vector
(``golden/rng/seed-<seed>.json``, schema ``nnparity.rng/1``) holds the first
doubles of ``numpy.random.default_rng(seed).random``. See ``README.md`` for
every key. The same inputs give byte-identical files.
"""

import hashlib
import os
import platform
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import mpmath
import numpy as np

import catalogue
import conditioning
import exact_oracle
from case_reader import Case, parse_case, run_parsed
from json_writer import JsonValue, dump_json, result_to_json, to_json_value
from nnparity_reference import random_doubles

GOLDEN_SCHEMA = "nnparity.golden/1"
RNG_SCHEMA = "nnparity.rng/1"
HERE = Path(__file__).resolve().parent
GOLDEN_DIR = HERE / "golden"
RNG_SUBDIR = "rng"
MANIFEST = "MANIFEST"  # the goldens' names, one a line: a missing golden is an audit failure
REGEN_MARKER = ".regen-incomplete"  # there while write_goldens changes a folder; logs its progress
TEMPORARY_GLOB = ".*.tmp-*"  # write_atomically's temporary files: no reader's *.json matches them
# Every module a golden's numbers come from (test_goldens checks that none is missing), by key:
# each golden's provenance holds KEY_sha256, and tools/regen --check requires them identical.
SOURCES = {"generator": "nnparity_reference.py", "catalogue": "catalogue.py", "exact_oracle": "exact_oracle.py",
           "conditioning": "conditioning.py", "case_reader": "case_reader.py", "json_writer": "json_writer.py"}
SCALE_DIGITS = 3  # an error scale only sizes a bound: 3 significant digits are plenty


def provenance() -> dict[str, str]:
    """Where the numbers come from: the generator and its inputs, by sha256, and the versions."""
    return {
        "generator": f"reference/{SOURCES['generator']}",
        **{f"{key}_sha256": hashlib.sha256((HERE / name).read_bytes()).hexdigest() for key, name in SOURCES.items()},
        "numpy": np.__version__,
        "python": platform.python_version(),
        "mpmath": mpmath.__version__,
    }


def golden_text(case: dict[str, Any], prov: dict[str, str]) -> str:
    """The golden file text of one catalogue case."""
    parsed = parse_case(case)
    expected = result_to_json(run_parsed(parsed))
    exact = to_json_value({"exact_digits": exact_oracle.DIGITS,
                           **result_to_json(exact_oracle.exact_result(parsed))})
    doc = {"schema": GOLDEN_SCHEMA, "provenance": prov, "case": to_json_value(case),
           "expected": expected, "exact": exact, "error_scale": error_scale_json(parsed)}
    return dump_json(doc, pretty=True) + "\n"


def error_scale_json(parsed: Case) -> JsonValue:
    """Each result element's error scale C (:mod:`conditioning`), to 3 significant digits."""
    def rounded(values):
        out = np.vectorize(lambda c: float(f"{c:.{SCALE_DIGITS}g}"), otypes=[float])(values)
        return out.item() if out.ndim == 0 else out
    return to_json_value({k: rounded(v) for k, v in conditioning.conditions(parsed).items()})


def rng_text(seed: int, count: int = catalogue.RNG_COUNT) -> str:
    """The rng vector text for one seed (the seed as a decimal string: it may exceed 2**53)."""
    doc = {"schema": RNG_SCHEMA, "seed": str(seed), "count": count,
           "doubles": random_doubles(seed, count)}
    return dump_json(to_json_value(doc), pretty=True) + "\n"


def golden_files() -> dict[str, str]:
    """Every file the catalogue defines: relative path -> text."""
    prov = provenance()
    files = {f"{c['name']}.json": golden_text(c, prov) for c in catalogue.cases()}
    for seed in catalogue.RNG_SEEDS:
        files[f"{RNG_SUBDIR}/seed-{seed}.json"] = rng_text(seed)
    files[MANIFEST] = manifest_text(catalogue.cases())
    return files


def manifest_text(cases: Iterable[dict[str, Any]]) -> str:
    """The manifest: every golden's name, sorted, after one comment line."""
    names = sorted(c["name"] for c in cases)
    return "# nnparity.manifest/1: the goldens tools/regen wrote; the audit requires each\n" + \
        "".join(f"{n}\n" for n in names)


def existing_files(folder: str | Path) -> list[str]:
    """Relative paths of the golden and rng files now in ``folder``."""
    folder = Path(folder)
    found = [p.name for p in folder.glob("*.json")] + [MANIFEST] * (folder / MANIFEST).exists()
    found += [f"{RNG_SUBDIR}/{p.name}" for p in (folder / RNG_SUBDIR).glob("*.json")]
    return sorted(found)


def write_goldens(folder: str | Path, files: Mapping[str, str] | None = None) -> tuple[list[str], list[str]]:
    """Write every golden into ``folder``, deleting files no longer in the catalogue.

    ``files`` (relative path -> text) defaults to :func:`golden_files`. Returns (written,
    deleted) relative paths; a file whose bytes are unchanged is left alone. Every file is
    replaced whole (:func:`write_atomically`) and the MANIFEST last, after the stale files are
    deleted: the new MANIFEST is the point from which the folder is the new catalogue. Until
    then :data:`REGEN_MARKER` says that the folder is between the two and how far the regen got
    (:func:`interruption` reads it); it stays when the regen is interrupted.
    """
    folder = Path(folder)
    (folder / RNG_SUBDIR).mkdir(parents=True, exist_ok=True)
    data = {rel: text.encode("utf-8") for rel, text in (golden_files() if files is None else files).items()}
    changed = [rel for rel, content in data.items() if not _holds(folder / rel, content)]
    to_write = [rel for rel in changed if rel != MANIFEST]
    deleted = [rel for rel in existing_files(folder) if rel not in data]
    manifest = [MANIFEST] if MANIFEST in changed else []
    marker = folder / REGEN_MARKER
    if changed or deleted:
        started = datetime.now(UTC).isoformat(timespec="seconds")
        write_atomically(marker, (
            f"tools/regen is rewriting this folder (pid {os.getpid()}, started {started}); if it\n"
            f"has stopped, it was interrupted: every file is whole, run tools/regen to finish.\n"
            f"plan: write {len(to_write)} files, delete {len(deleted)}, "
            f"{'then MANIFEST' if manifest else 'MANIFEST unchanged'}\n").encode())
        with open(marker, "a", encoding="utf-8") as log:
            for rel in to_write:
                write_atomically(folder / rel, data[rel])
                print(f"wrote {rel}", file=log, flush=True)
            for rel in deleted:
                (folder / rel).unlink()
                print(f"deleted {rel}", file=log, flush=True)
            if manifest:
                _sync_folders(folder)  # the goldens' renames reach the disk before the MANIFEST's
                write_atomically(folder / MANIFEST, data[MANIFEST])
                print(f"wrote {MANIFEST}", file=log, flush=True)
        _sync_folders(folder)
    marker.unlink(missing_ok=True)
    for stray in temporary_files(folder):  # left by a regen that was killed
        stray.unlink()
    return to_write + manifest, deleted


def write_atomically(path: str | Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` so that it holds either its old bytes or ``data``, never a
    part: through a temporary file in the same folder (``.NAME.tmp-PID``, which matches
    :data:`TEMPORARY_GLOB`), flushed to the disk, then renamed over ``path``. On any exception,
    Ctrl-C included, the temporary file is removed."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(temporary, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def temporary_files(folder: str | Path) -> list[Path]:
    """The temporary files of :func:`write_atomically` in ``folder`` and its rng folder."""
    folder = Path(folder)
    return sorted(folder.glob(TEMPORARY_GLOB)) + sorted((folder / RNG_SUBDIR).glob(TEMPORARY_GLOB))


def interruption(folder: str | Path) -> str | None:
    """What an interrupted :func:`write_goldens` left in ``folder``, as one sentence, or None
    when it left nothing (no :data:`REGEN_MARKER`, no temporary file)."""
    folder = Path(folder)
    marker, strays = folder / REGEN_MARKER, temporary_files(folder)
    if not marker.exists() and not strays:
        return None
    parts = []
    if marker.exists():
        parts.append(_progress(marker.read_text(encoding="utf-8", errors="replace")))
    if strays:
        names = ", ".join(str(p.relative_to(folder)) for p in strays[:3]) + (", ..." if len(strays) > 3 else "")
        parts.append(f"{len(strays)} temporary file(s) left: {names}")
    return (f"a regen of {folder} was interrupted ({'; '.join(parts)}); every file is whole, "
            f"its old or its new version")


def _progress(log):
    """How far the regen that wrote the marker text ``log`` got."""
    plan = re.search(r"^plan: write (\d+) files, delete (\d+), (then MANIFEST|MANIFEST unchanged)$", log, re.MULTILINE)
    if plan is None:
        return f"{REGEN_MARKER} is there, but its plan is unreadable"
    lines = log.splitlines()
    wrote = sum(1 for line in lines if line.startswith("wrote ") and line != f"wrote {MANIFEST}")
    text = f"wrote {wrote} of {plan[1]} files"
    if plan[2] != "0":
        text += f", deleted {sum(1 for line in lines if line.startswith('deleted '))} of {plan[2]}"
    if f"wrote {MANIFEST}" in lines:
        return text + f"; MANIFEST rewritten, only {REGEN_MARKER} was not removed"
    return text + ("; MANIFEST not yet rewritten" if plan[3] == "then MANIFEST" else "; MANIFEST unchanged")


def _holds(path, content):
    return path.exists() and path.read_bytes() == content


def _sync_folders(folder):
    """Flush ``folder``'s and its rng folder's entries (renames, deletions) to the disk."""
    for path in (folder, folder / RNG_SUBDIR):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
