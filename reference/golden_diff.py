"""Compare two folders of golden files numerically (what ``tools/regen --check`` reports).

A golden counts as changed when its case differs, a tensor's shape or a key
differs, or any number of ``expected``/``exact`` is more than ``MAX_ULP`` units
in the last place of the golden's dtype away (distance on the dtype's bit
patterns: +0 and -0 are 0 apart, NaN is 0 from NaN and infinitely far from
anything else). Another NumPy release may differ in the last bits, hence the
allowance. rng vectors must be identical: they are integer arithmetic, not
rounding. Provenance differences alone are notes, not failures.
"""

import json
import math
from collections import Counter
from pathlib import Path
from typing import List, NamedTuple

import numpy as np

from nnparity_reference import format_number

MAX_ULP = 4  # another NumPy/BLAS build may round a few operations differently
SHOWN_PER_TENSOR = 3
NUMERIC_SECTIONS = ("expected", "exact")
PLAIN_FIELDS = ("name", "exact_digits")  # compared for equality, not as numbers of the dtype
_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
_BITS = {np.dtype(np.float64): (np.int64, 64), np.dtype(np.float32): (np.int32, 32)}


class Report(NamedTuple):
    """Outcome of a comparison: ``failures`` make the check fail, ``notes`` do not."""
    failures: List[str]
    notes: List[str]
    goldens: int
    rng_vectors: int


def ulp_distance(a, b, dtype):
    """Units in the last place of ``dtype`` between two values of that dtype."""
    a, b = np.array(a, dtype=dtype), np.array(b, dtype=dtype)
    if np.isnan(a) or np.isnan(b):
        return 0 if np.isnan(a) and np.isnan(b) else math.inf
    return abs(_ordered(a) - _ordered(b))


def _ordered(value):
    """The bit pattern as an integer that is monotonic in the value (-0 and +0 both 0)."""
    int_type, bits = _BITS[value.dtype]
    i = int(value.view(int_type))
    return -(2 ** (bits - 1)) - i if i < 0 else i


def number(value):
    """A golden's JSON number or non-finite string as a float."""
    return _NON_FINITE[value] if value in _NON_FINITE else float(value)


def compare_folders(old, new):
    """Compare the committed folder ``old`` with the freshly generated ``new``."""
    old, new = Path(old), Path(new)
    old_files, new_files = _listing(old), _listing(new)
    failures, notes = [], Counter()
    for rel in sorted(new_files - old_files):
        failures.append(f"{rel}: added (not committed)")
    for rel in sorted(old_files - new_files):
        failures.append(f"{rel}: missing (committed, but no longer generated)")
    for rel in sorted(old_files & new_files):
        old_bytes, new_bytes = (old / rel).read_bytes(), (new / rel).read_bytes()
        if old_bytes == new_bytes:
            continue
        old_doc, new_doc = json.loads(old_bytes), json.loads(new_bytes)
        compare = _compare_rng if rel.startswith("rng/") else _compare_golden
        failures += compare(rel, old_doc, new_doc, notes)
    note_lines = [f"note: provenance {key} differs in {count} file(s){'' if failures else ' (numbers agree)'}"
                  for key, count in sorted(notes.items())]
    goldens = sum(1 for rel in new_files if not rel.startswith("rng/"))
    return Report(failures, note_lines, goldens, len(new_files) - goldens)


def _listing(folder):
    files = {p.name for p in folder.glob("*.json")}
    return files | {f"rng/{p.name}" for p in (folder / "rng").glob("*.json")}


def _compare_provenance(old_doc, new_doc, notes):
    old_p, new_p = old_doc.get("provenance", {}), new_doc.get("provenance", {})
    for key in sorted(set(old_p) | set(new_p)):
        if old_p.get(key) != new_p.get(key):
            notes[key] += 1


def _compare_golden(rel, old_doc, new_doc, notes):
    _compare_provenance(old_doc, new_doc, notes)
    if old_doc.get("schema") != new_doc.get("schema"):
        return [f"{rel}: schema {old_doc.get('schema')!r} -> {new_doc.get('schema')!r}"]
    if old_doc.get("case") != new_doc.get("case"):
        old_case, new_case = old_doc.get("case") or {}, new_doc.get("case") or {}
        keys = sorted(k for k in set(old_case) | set(new_case) if old_case.get(k) != new_case.get(k))
        return [f"{rel}: case differs in {', '.join(keys)}"]
    dtype = np.dtype(new_doc["case"].get("dtype", "float64"))
    failures = []
    for section in NUMERIC_SECTIONS:
        old_s, new_s = old_doc.get(section) or {}, new_doc.get(section) or {}
        for key in sorted(set(old_s) ^ set(new_s)):
            failures.append(f"{rel}: {section}.{key} {'added' if key in new_s else 'missing'}")
        for key in (k for k in new_s if k in old_s):
            label = f"{rel}: {section}.{key}"
            if key in PLAIN_FIELDS:
                failures += [] if old_s[key] == new_s[key] else [f"{label}: {old_s[key]!r} -> {new_s[key]!r}"]
            else:
                failures += _compare_tensor(label, old_s[key], new_s[key], dtype)
    return failures


def _compare_tensor(label, old, new, dtype):
    """Shape and ULP check of one tensor (or scalar)."""
    old_shape, new_shape = _shape(old), _shape(new)
    if old_shape != new_shape:
        return [f"{label}: shape {old_shape} -> {new_shape}"]
    bad = []
    for index, a, b in _elements(old, new, ()):
        if not _is_dtype_value(number(a), dtype):
            bad.append((index, a, b, f"old is not a {dtype} number as the generator writes it"))
            continue
        distance = ulp_distance(number(a), number(b), dtype)
        if distance > MAX_ULP:
            bad.append((index, a, b, f"{distance} ULP of {dtype}"))
    lines = [f"{label}{''.join(f'[{i}]' for i in index)}: old {a} new {b} ({why})"
             for index, a, b, why in bad[:SHOWN_PER_TENSOR]]
    if len(bad) > SHOWN_PER_TENSOR:
        lines.append(f"{label}: ... and {len(bad) - SHOWN_PER_TENSOR} more elements differ")
    return lines


def _is_dtype_value(value, dtype):
    """Whether a number read from JSON is as the generator writes a ``dtype`` value.

    The generator writes a float32 number as the shortest text of its float32
    value; a number edited by hand, even by 1e-9 relative (well under a float32
    ULP), reads back differently and is reported.
    """
    return not math.isfinite(value) or number(format_number(dtype.type(value))) == value


def _shape(value):
    """Nested-list shape, e.g. (2, 3); a scalar is (); rows of unequal shapes give "ragged"."""
    if not isinstance(value, list):
        return ()
    inner = {_shape(v) for v in value}
    if len(inner) > 1:
        return (len(value), "ragged")
    return (len(value),) + (inner.pop() if inner else ())


def _elements(old, new, index):
    if isinstance(new, list):
        for i, (a, b) in enumerate(zip(old, new)):
            yield from _elements(a, b, index + (i,))
    else:
        yield index, old, new


def _compare_rng(rel, old_doc, new_doc, notes):
    _compare_provenance(old_doc, new_doc, notes)
    for key in ("schema", "seed", "count"):
        if old_doc.get(key) != new_doc.get(key):
            return [f"{rel}: {key} {old_doc.get(key)!r} -> {new_doc.get(key)!r}"]
    old_d, new_d = old_doc.get("doubles", []), new_doc.get("doubles", [])
    if len(old_d) != len(new_d):
        return [f"{rel}: doubles has {len(new_d)} values, committed {len(old_d)}"]
    diffs = [i for i, (a, b) in enumerate(zip(old_d, new_d)) if a != b]
    lines = [f"{rel}: doubles[{i}]: old {old_d[i]} new {new_d[i]} (rng vectors must be identical)"
             for i in diffs[:SHOWN_PER_TENSOR]]
    if len(diffs) > SHOWN_PER_TENSOR:
        lines.append(f"{rel}: ... and {len(diffs) - SHOWN_PER_TENSOR} more doubles differ")
    return lines
