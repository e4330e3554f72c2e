"""Compare two folders of golden files (what ``tools/regen --check`` reports).

What cannot differ between machines must be identical: the case, the ``exact``
(mpmath) section, the rng vectors, the schema and the provenance hashes of the
sources (``goldens.SOURCES``: the generator, the case reader, the JSON writer, the
catalogue, the exact oracle and the error analysis). NumPy's ``expected`` numbers may
differ between machines (OpenBLAS and NumPy pick other kernels on other CPUs,
other NumPy releases round differently), so each element is judged against its
own error scale: ``|old - new| <= multiple * (u * C + smallest normal)`` with
``C`` from :mod:`conditioning` and ``multiple`` from ``tolerances.json``, per
dtype and tensor group. A number nudged by 1e-9 relative in a float64 golden is
far outside that bound wherever the element is determined to better than 1e-9;
a float32 number that is not the shortest text of a float32 value (an edit by
hand) is reported too. Versions of NumPy, Python and mpmath are notes.
"""

import json
import math
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numpy.typing import DTypeLike

import conditioning
import goldens
from json_writer import format_number

SHOWN_PER_TENSOR = 3
PLAIN_FIELDS = ("name", "exact_digits")  # compared for equality, not as numbers of the dtype
SCALE_RELATIVE = 0.01  # error scales are float64 sums that move in the last bits between CPUs and
                       # are stored to 3 digits; they only size a bound
HASHES = tuple(f"{key}_sha256" for key in goldens.SOURCES)  # identical
TOLERANCES = json.loads((Path(__file__).resolve().parent / "tolerances.json").read_text())
_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
_BITS = {np.dtype(np.float64): (np.int64, 64), np.dtype(np.float32): (np.int32, 32)}


class Drift(NamedTuple):
    """The largest difference seen in one (dtype, tensor), in multiples of ``u * C``."""
    ratio: float
    where: str
    bound: float


class Report(NamedTuple):
    """Outcome of a comparison: ``failures`` make the check fail, ``notes`` do not; ``drift``
    maps (dtype, tensor) to the largest :class:`Drift` of NumPy's ``expected`` numbers."""
    failures: list[str]
    notes: list[str]
    goldens: int
    rng_vectors: int
    drift: dict[tuple[str, str], Drift]


def parity_bound(dtype: DTypeLike, tensor: str) -> float:
    """The multiple of ``u * C`` two correct computations of ``tensor`` may differ by."""
    group = next(g for g, names in TOLERANCES["groups"].items() if tensor in names)
    return TOLERANCES["parity"][np.dtype(dtype).name][group]["multiple"]


def ulp_distance(a: float, b: float, dtype: DTypeLike) -> float:
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


def number(value: str | float) -> float:
    """A golden's JSON number or non-finite string as a float."""
    return _NON_FINITE[value] if value in _NON_FINITE else float(value)


def compare_folders(old: str | Path, new: str | Path) -> Report:
    """Compare the committed folder ``old`` with the freshly generated ``new``."""
    old, new = Path(old), Path(new)
    old_files, new_files = _listing(old), _listing(new)
    failures, notes, drift = [], Counter(), {}
    for rel in sorted(new_files - old_files):
        failures.append(f"{rel}: added (not committed)")
    for rel in sorted(old_files - new_files):
        failures.append(f"{rel}: missing (committed, but no longer generated)")
    for rel in sorted(old_files & new_files):
        if rel == goldens.MANIFEST:
            if (old / rel).read_bytes() != (new / rel).read_bytes():
                failures.append(f"{rel}: differs from the catalogue's list of goldens")
            continue
        old_doc, new_doc = json.loads((old / rel).read_bytes()), json.loads((new / rel).read_bytes())
        if rel.startswith("rng/"):
            failures += _compare_rng(rel, old_doc, new_doc, notes)
        else:
            failures += _compare_golden(rel, old_doc, new_doc, notes, drift)
    note_lines = [f"note: provenance {key} differs in {count} file(s){'' if failures else ' (numbers agree)'}"
                  for key, count in sorted(notes.items())]
    golden_count = sum(1 for rel in new_files if rel.endswith(".json") and not rel.startswith("rng/"))
    rng_count = sum(1 for rel in new_files if rel.startswith("rng/"))
    return Report(failures, note_lines, golden_count, rng_count, drift)


def _listing(folder):
    return set(goldens.existing_files(folder))


def _compare_provenance(rel, old_doc, new_doc, notes):
    """Hashes of the generator's sources must match; versions are notes."""
    old_p, new_p = old_doc.get("provenance", {}), new_doc.get("provenance", {})
    failures = []
    for key in sorted(set(old_p) | set(new_p)):
        if old_p.get(key) == new_p.get(key):
            continue
        if key in HASHES:
            failures.append(f"{rel}: provenance {key} differs: the golden was made from other sources "
                            f"(run tools/regen after changing the reference or the catalogue)")
        else:
            notes[key] += 1
    return failures


def _compare_golden(rel, old_doc, new_doc, notes, drift):
    failures = _compare_provenance(rel, old_doc, new_doc, notes)
    if set(old_doc) != set(new_doc):
        failures.append(f"{rel}: keys {sorted(old_doc)} -> {sorted(new_doc)}")
    if old_doc.get("schema") != new_doc.get("schema"):
        return failures + [f"{rel}: schema {old_doc.get('schema')!r} -> {new_doc.get('schema')!r}"]
    if old_doc.get("case") != new_doc.get("case"):
        old_case, new_case = old_doc.get("case") or {}, new_doc.get("case") or {}
        keys = sorted(k for k in set(old_case) | set(new_case) if old_case.get(k) != new_case.get(k))
        return failures + [f"{rel}: case differs in {', '.join(keys)}"]
    dtype = np.dtype(new_doc["case"].get("dtype", "float64"))
    scales = new_doc.get("error_scale") or {}  # the fresh side's, from conditioning.py
    for section in ("expected", "exact", "error_scale"):
        old_s, new_s = old_doc.get(section) or {}, new_doc.get(section) or {}
        for key in sorted(set(old_s) ^ set(new_s)):
            failures.append(f"{rel}: {section}.{key} {'added' if key in new_s else 'missing'}")
        for key in (k for k in new_s if k in old_s):
            label = f"{rel}: {section}.{key}"
            if key in PLAIN_FIELDS:
                failures += [] if old_s[key] == new_s[key] else [f"{label}: {old_s[key]!r} -> {new_s[key]!r}"]
            elif section == "exact":
                failures += _compare_tensor(label, old_s[key], new_s[key], dtype, None, None)
            elif section == "error_scale":
                failures += _compare_scales(label, old_s[key], new_s[key])
            elif key not in scales:
                failures.append(f"{label}: no error_scale for it in the fresh golden")
            else:
                failures += _compare_tensor(label, old_s[key], new_s[key], dtype,
                                            [number(v) for v in np.ravel(np.asarray(scales[key], dtype=object))],
                                            _DriftRecorder(drift, rel, dtype.name, key))
    return failures


class _DriftRecorder:
    """Keeps the largest ratio seen for one (dtype, tensor) in ``drift``."""

    def __init__(self, drift, rel, dtype, tensor):
        self.drift, self.rel, self.key = drift, rel, (dtype, tensor)
        self.bound = parity_bound(dtype, tensor)

    def record(self, ratio, index):
        if self.key not in self.drift or ratio > self.drift[self.key].ratio:
            where = f"{self.rel} {self.key[1]}{''.join(f'[{i}]' for i in index)}"
            self.drift[self.key] = Drift(ratio, where, self.bound)


def _compare_tensor(label, old, new, dtype, scale, recorder):
    """Shape and element check of one tensor (or scalar): identical when ``scale`` is None
    (the exact section), else within the parity bound of each element's error scale."""
    old_shape, new_shape = _shape(old), _shape(new)
    if old_shape != new_shape:
        return [f"{label}: shape {old_shape} -> {new_shape}"]
    scales = None if scale is None else np.ravel(np.asarray(scale, dtype=np.float64))
    bad = []
    for flat, (index, a, b) in enumerate(_elements(old, new, ())):
        old_value, new_value = number(a), number(b)
        if not _is_dtype_value(old_value, dtype):
            bad.append((index, a, b, f"old is not a {dtype} number as the generator writes it"))
        elif scales is None:
            if ulp_distance(old_value, new_value, dtype) != 0:
                bad.append((index, a, b, (f"{ulp_distance(old_value, new_value, dtype)} ULP of {dtype}; "
                                          f"the exact values must be identical")))
        else:
            ratio = _drift_ratio(old_value, new_value, scales[flat], dtype)
            recorder.record(ratio, index)
            if ratio > recorder.bound:
                bad.append((index, a, b, (f"{ratio:.3g} x u*C, bound {recorder.bound}; "
                                          f"C = {scales[flat]:.3g}, {ulp_distance(old_value, new_value, dtype)} "
                                          f"ULP of {dtype}")))
    lines = [f"{label}{''.join(f'[{i}]' for i in index)}: old {a} new {b} ({why})"
             for index, a, b, why in bad[:SHOWN_PER_TENSOR]]
    if len(bad) > SHOWN_PER_TENSOR:
        lines.append(f"{label}: ... and {len(bad) - SHOWN_PER_TENSOR} more elements differ")
    return lines


def _compare_scales(label, old, new):
    """Error scales agree to ``SCALE_RELATIVE``: they size bounds, they are not results."""
    if _shape(old) != _shape(new):
        return [f"{label}: shape {_shape(old)} -> {_shape(new)}"]
    bad = [(index, a, b) for index, a, b in _elements(old, new, ())
           if not abs(number(a) - number(b)) <= SCALE_RELATIVE * max(abs(number(a)), abs(number(b)))]
    lines = [f"{label}{''.join(f'[{i}]' for i in index)}: old {a} new {b} (more than "
             f"{SCALE_RELATIVE:g} relative)" for index, a, b in bad[:SHOWN_PER_TENSOR]]
    if len(bad) > SHOWN_PER_TENSOR:
        lines.append(f"{label}: ... and {len(bad) - SHOWN_PER_TENSOR} more elements differ")
    return lines


def _drift_ratio(old, new, scale, dtype):
    """``|old - new|`` in multiples of the element's allowance unit; 0 for equal values
    (two NaNs, the same infinity), infinite when only one side is finite."""
    if ulp_distance(old, new, dtype) == 0:
        return 0.0
    if not (math.isfinite(old) and math.isfinite(new)):
        return math.inf
    return abs(old - new) / float(conditioning.allowance(scale, dtype.name, 1.0))


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
    if set(old_doc) != set(new_doc):
        return [f"{rel}: keys {sorted(old_doc)} -> {sorted(new_doc)}"]
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
