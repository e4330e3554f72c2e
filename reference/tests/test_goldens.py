"""Tests of the golden files, the ``--check`` comparison, the rng vectors and the exact oracle."""

import ast
import json
import math
import os
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import pytest

import case_reader
import catalogue
import conditioning
import exact_oracle
import golden_diff
import goldens
import json_writer

GOLDEN_DIR = goldens.GOLDEN_DIR
CASES = {c["name"]: c for c in catalogue.cases()}


def load(name: str) -> dict[str, Any]:
    return json.loads((GOLDEN_DIR / f"{name}.json").read_text())


# --------------------------------------------------------------------------
# The committed files
# --------------------------------------------------------------------------

def test_one_golden_per_catalogue_case() -> None:
    committed = {p.stem for p in GOLDEN_DIR.glob("*.json")}
    assert committed == set(CASES)
    assert len(committed) >= 60


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_layout(name: str) -> None:
    doc = load(name)
    assert list(doc) == ["schema", "provenance", "case", "expected", "exact", "error_scale"]
    assert doc["schema"] == goldens.GOLDEN_SCHEMA
    assert list(doc["provenance"]) == ["generator", "generator_sha256", "catalogue_sha256",
                                       "exact_oracle_sha256", "conditioning_sha256", "case_reader_sha256",
                                       "json_writer_sha256", "numpy", "python", "mpmath"]
    assert doc["case"] == json.loads(json.dumps(CASES[name]))
    keys = ["probs", "loss", "grad_w1", "grad_w2"] + (
        ["trained_w1", "trained_w2", "losses"] if "train" in doc["case"] else [])
    assert list(doc["expected"]) == ["name"] + keys
    assert list(doc["exact"]) == ["exact_digits"] + keys
    assert doc["exact"]["exact_digits"] == exact_oracle.DIGITS == 50
    assert list(doc["error_scale"]) == keys


def test_the_provenance_hashes_every_module_the_numbers_come_from() -> None:
    """Each module of reference/ that making the goldens imports is hashed (goldens.py, the
    writer, aside): a golden made from an edited module fails the check until regenerated."""
    code = ("import sys, goldens; goldens.golden_text(__import__('catalogue').cases()[0], goldens.provenance()); "
            "print(sorted(m.__file__ for m in list(sys.modules.values()) if getattr(m, '__file__', None)))")
    loaded = subprocess.run([sys.executable, "-B", "-c", code], cwd=goldens.HERE, capture_output=True, text=True,
                            check=True, env=dict(os.environ, PYTHONPATH=str(goldens.HERE)))
    ours = {Path(f).name for f in ast.literal_eval(loaded.stdout) if Path(f).parent == goldens.HERE}
    assert ours - {"goldens.py"} == set(goldens.SOURCES.values())


def test_notebook_numbers_appear_in_the_goldens() -> None:
    probs = load("notebook-task1-numpy-float64")["expected"]["probs"]
    assert np.round(probs, 8).tolist() == [[0.13238887, 0.86761113], [0.01448572, 0.98551428]]
    grad = load("notebook-task2-numpy-float64")["expected"]["grad_w1"]
    assert np.round(grad, 8).tolist() == [[0.38096682] * 4, [0.46627936] * 4, [0.5515919] * 4]


def _is_float32_midpoint(v):
    """Whether the double ``v`` lies exactly halfway between two float32 values."""
    f = np.float32(v)
    if float(f) == v or not math.isfinite(float(f)):
        return False
    other = np.nextafter(f, np.float32(math.copysign(math.inf, v - float(f))))
    return Fraction(v) * 2 == Fraction(float(f)) + Fraction(float(other))


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c["dtype"] == "float32"])
def test_float32_inputs_round_the_same_from_text_or_from_double(name: str) -> None:
    """Reading a float32 case's decimal straight to float32 equals reading it to double first.

    Double rounding could differ only at a float32 midpoint; outside the notebook's
    decimals every input is a float32 value.
    """
    case = CASES[name]
    for field in ("x", "y", "w1", "w2"):
        values = np.array(case[field], dtype=np.float64).ravel()
        assert not any(_is_float32_midpoint(v) for v in values)
        if case["w1"] != catalogue.NOTEBOOK_W1:
            assert np.array_equal(values.astype(np.float32).astype(np.float64), values), field


@pytest.mark.parametrize("seed", catalogue.RNG_SEEDS)
def test_rng_vectors(seed: int) -> None:
    doc = json.loads((GOLDEN_DIR / "rng" / f"seed-{seed}.json").read_text())
    assert list(doc) == ["schema", "seed", "count", "doubles"]
    assert doc["schema"] == goldens.RNG_SCHEMA and doc["seed"] == str(seed) and doc["count"] == 10_000
    np.testing.assert_array_equal(np.array(doc["doubles"]), np.random.default_rng(seed).random(10_000))


def test_golden_text_is_deterministic() -> None:
    case, prov = CASES["edge-mean"], goldens.provenance()
    text = goldens.golden_text(case, prov)
    assert text == goldens.golden_text(case, prov) and text.endswith("}\n")


# --------------------------------------------------------------------------
# What `tools/regen --check` reports
# --------------------------------------------------------------------------

def test_ulp_distance() -> None:
    d = golden_diff.ulp_distance
    assert d(1.0, np.nextafter(1.0, 2.0), np.float64) == 1
    assert d(1.0, 1.0 + 2**-23, np.float32) == 1
    assert d(0.0, -0.0, np.float64) == 0
    assert d(-5e-324, 5e-324, np.float64) == 2
    assert d(math.nan, math.nan, np.float32) == 0
    assert d(math.nan, 1.0, np.float64) == math.inf
    assert d(math.inf, np.finfo(np.float64).max, np.float64) == 1
    assert d(-1.0, 1.0, np.float32) == 2 * 0x3F800000


@pytest.fixture()
def committed_copy(tmp_path: Path) -> Path:
    """A copy of the committed goldens to edit (the committed files are never touched)."""
    copy = tmp_path / "golden"
    shutil.copytree(GOLDEN_DIR, copy)
    return copy


def _nudge_first(path, key, relative):
    """Nudge the first number of ``expected[key]`` by ``relative``, keeping the file's layout."""
    doc = json.loads(path.read_text())
    tensor = doc["expected"][key]
    first = tensor
    while isinstance(first, list):
        first = first[0]
    old_text = json_writer.format_number(float(first))
    text = path.read_text()
    start = text.index(f'"{key}": ', text.index('"expected"'))
    at = text.index(old_text, start)
    new_text = repr(float(first) * (1 + relative))
    path.write_text(text[:at] + new_text + text[at + len(old_text):])


def test_check_passes_on_an_unchanged_copy(committed_copy: Path) -> None:
    report = golden_diff.compare_folders(committed_copy, GOLDEN_DIR)
    assert report.failures == [] and report.notes == []
    assert report.goldens == len(CASES) and report.rng_vectors == len(catalogue.RNG_SEEDS)


@pytest.mark.parametrize("name", ["random-07-float64-reference", "notebook-task2-torch-float32"])
def test_check_detects_a_nudge_of_1e_9_relative(committed_copy: Path, name: str) -> None:
    _nudge_first(committed_copy / f"{name}.json", "grad_w1", 1e-9)
    report = golden_diff.compare_folders(committed_copy, GOLDEN_DIR)
    assert len(report.failures) == 1
    assert report.failures[0].startswith(f"{name}.json: expected.grad_w1[0][0]: old ")


def _scales(name):
    return conditioning.conditions(case_reader.parse_case(CASES[name]))


def test_check_allows_drift_within_the_bound_and_notes_versions(committed_copy: Path) -> None:
    """Another machine's NumPy: a few ulps in the expected section and another version."""
    path = committed_copy / "edge-mean.json"
    doc = json.loads(path.read_text())
    doc["provenance"]["numpy"] = "0.0.0"
    loss = doc["expected"]["loss"]
    doc["expected"]["loss"] = float(np.nextafter(np.nextafter(loss, 10.0), 10.0))
    path.write_text(json.dumps(doc))
    report = golden_diff.compare_folders(committed_copy, GOLDEN_DIR)
    assert report.failures == []
    assert report.notes == ["note: provenance numpy differs in 1 file(s) (numbers agree)"]
    assert 0 < report.drift[("float64", "loss")].ratio < golden_diff.parity_bound("float64", "loss")


@pytest.mark.parametrize("factor", [0.9, 1.1])
def test_check_bound_sits_where_tolerances_json_puts_it(committed_copy: Path, factor: float) -> None:
    """A change of ``factor`` times the allowance of one probability: inside at 0.9, out at 1.1."""
    name = "random-07-float64-reference"
    path = committed_copy / f"{name}.json"
    doc = json.loads(path.read_text())
    p = doc["expected"]["probs"][1][2]
    allowed = conditioning.allowance(_scales(name)["probs"][1][2], "float64",
                                     golden_diff.parity_bound("float64", "probs"))
    doc["expected"]["probs"][1][2] = p + factor * float(allowed)
    path.write_text(json.dumps(doc))
    failures = golden_diff.compare_folders(committed_copy, GOLDEN_DIR).failures
    if factor < 1:
        assert failures == []
    else:
        assert len(failures) == 1 and failures[0].startswith(f"{name}.json: expected.probs[1][2]: old ")


@pytest.mark.parametrize("key", ["catalogue_sha256", "case_reader_sha256", "json_writer_sha256"])
def test_check_requires_identical_exact_values_and_hashes(committed_copy: Path, key: str) -> None:
    path = committed_copy / "edge-soft-targets.json"
    doc = json.loads(path.read_text())
    doc["exact"]["loss"] = float(np.nextafter(doc["exact"]["loss"], 10.0))
    doc["provenance"][key] = "0" * 64
    path.write_text(json.dumps(doc))
    failures = golden_diff.compare_folders(committed_copy, GOLDEN_DIR).failures
    assert len(failures) == 2
    assert failures[0].startswith(f"edge-soft-targets.json: provenance {key} differs")
    assert failures[1].startswith("edge-soft-targets.json: exact.loss: old ")
    assert "1 ULP of float64; the exact values must be identical" in failures[1]


def test_every_float64_number_nudged_by_1e_9_is_outside_its_bound() -> None:
    """The check's power: for every nonzero NumPy number of every float64 golden, a relative
    change of 1e-9 exceeds the allowance, except where the element's own error scale says it
    is not determined to 1e-9: only in the saturated cases built for that (p within 1e-13 of
    1 with epsilon > 0, where the loss is log(1 + 1e-7) and the gradients ~1e-12)."""
    undetermined, checked = [], 0
    for name, case in CASES.items():
        if case.get("dtype", "float64") != "float64":
            continue
        doc = load(name)
        for key, scale in doc["error_scale"].items():
            values = np.asarray([golden_diff.number(v) for v in np.ravel(
                np.asarray(doc["expected"][key], dtype=object))])
            allowed = conditioning.allowance(np.ravel(np.asarray(scale, dtype=float)), "float64",
                                             golden_diff.parity_bound("float64", key))
            for i in np.flatnonzero((values != 0) & np.isfinite(values)):
                checked += 1
                if 1e-9 * abs(values[i]) <= allowed[i]:
                    undetermined.append(f"{name} {key}[{i}]")
    assert checked > 10_000
    saturated = ("edge-probs-near-one-eps", "edge-saturated-eps-train")
    assert undetermined and all(u.startswith(saturated) for u in undetermined), undetermined


@pytest.mark.parametrize("name", ["edge-probs-near-one-eps", "edge-probs-near-one-eps-notebook"])
def test_saturated_float64_gradients_are_resolved(name: str) -> None:
    """In float64 the ~1e-12 gradients of the saturated regime are fixed to better than half
    their size, so a zero, a sign flip or a factor of 2 is caught; float32 rounds p to 1 and
    resolves nothing there."""
    for dtype, twin, resolved in (("float64", name, True), ("float32", "edge-probs-near-one-eps-float32", False)):
        doc = load(twin)
        values = np.ravel(np.asarray(doc["expected"]["grad_w1"], dtype=float))
        allowed = conditioning.allowance(np.ravel(np.asarray(doc["error_scale"]["grad_w1"], dtype=float)),
                                         dtype, golden_diff.parity_bound(dtype, "grad_w1"))
        nonzero = values != 0
        assert nonzero.any()
        if resolved:
            assert np.all(allowed[nonzero] < 0.5 * np.abs(values[nonzero])), (allowed, values)
        else:
            assert np.all(allowed[nonzero] > np.abs(values[nonzero])), (allowed, values)


def test_check_reports_added_missing_shape_and_case(committed_copy: Path) -> None:
    (committed_copy / "edge-mean.json").unlink()
    (committed_copy / "retired-case.json").write_text("{}")
    doc = json.loads((committed_copy / "edge-batch-1.json").read_text())
    doc["expected"]["probs"] = doc["expected"]["probs"] + doc["expected"]["probs"]
    (committed_copy / "edge-batch-1.json").write_text(json.dumps(doc))
    doc = json.loads((committed_copy / "edge-hidden-1.json").read_text())
    doc["case"]["loss_epsilon"] = 1e-7
    (committed_copy / "edge-hidden-1.json").write_text(json.dumps(doc))
    failures = golden_diff.compare_folders(committed_copy, GOLDEN_DIR).failures
    assert failures == [
        "edge-mean.json: added (not committed)",
        "retired-case.json: missing (committed, but no longer generated)",
        "edge-batch-1.json: expected.probs: shape (2, 3) -> (1, 3)",
        "edge-hidden-1.json: case differs in loss_epsilon",
    ]


def test_check_reports_error_scales_that_moved(committed_copy: Path) -> None:
    """An error scale sizes a bound: one that moves by more than 1 % (a looser analysis, an
    edit by hand) is a difference; one within it (another CPU's rounding) is not."""
    path = committed_copy / "edge-mean.json"
    doc = json.loads(path.read_text())
    scales = doc["error_scale"]["grad_w1"]
    scales[0][0] = scales[0][0] * 1.001
    scales[1][1] = scales[1][1] * 1.5
    path.write_text(json.dumps(doc))
    failures = golden_diff.compare_folders(committed_copy, GOLDEN_DIR).failures
    assert len(failures) == 1 and failures[0].startswith("edge-mean.json: error_scale.grad_w1[1][1]: "), failures
    assert "more than 0.01 relative" in failures[0]


def test_check_requires_identical_rng_vectors(committed_copy: Path) -> None:
    path = committed_copy / "rng" / "seed-7.json"
    doc = json.loads(path.read_text())
    doc["doubles"][5] = float(np.nextafter(doc["doubles"][5], 1.0))
    path.write_text(json.dumps(doc))
    failures = golden_diff.compare_folders(committed_copy, GOLDEN_DIR).failures
    assert len(failures) == 1 and failures[0].startswith("rng/seed-7.json: doubles[5]: ")


# --------------------------------------------------------------------------
# The exact oracle
# --------------------------------------------------------------------------

def test_round_to_dtype_rounds_once_to_nearest_even() -> None:
    mp = mpmath.MPContext()
    mp.prec = 200
    r = exact_oracle.round_to_dtype
    one = mp.mpf(1)
    assert r(one + mp.mpf(2) ** -53, np.float64) == 1.0                        # tie -> even
    assert r(one + mp.mpf(3) * mp.mpf(2) ** -53, np.float64) == 1 + 2**-51     # tie -> even (up)
    assert r(one + mp.mpf(2) ** -53 + mp.mpf(2) ** -150, np.float64) == 1 + 2**-52
    assert r(one + mp.mpf(2) ** -24, np.float32) == np.float32(1.0)
    assert r(mp.mpf(2) ** -1075, np.float64) == 0.0                            # half the smallest subnormal
    assert r(mp.mpf(2) ** -1075 * 3, np.float64) == 2 * 5e-324
    assert r(mp.mpf(2) ** -150 * 3, np.float32) == np.float32(2 * 2**-149)
    assert r(mp.mpf(2) ** 128, np.float32) == np.float32(np.inf)
    assert r(-mp.mpf(2) ** 1024, np.float64) == -np.inf
    assert np.signbit(r(-mp.mpf(2) ** -1080, np.float64))                       # underflow keeps the sign
    assert r(mp.pi, np.float32) == np.float32(math.pi)
    assert np.isnan(r(mp.nan, np.float32))


@pytest.mark.parametrize("name", ["edge-logits-800-apart-in-row", "edge-logits-800-apart-between-rows",
                                  "edge-tiny-probs-eps", "edge-probs-near-one-eps-float32",
                                  "edge-soft-targets", "edge-z1-exact-zero", "edge-zero-target-row",
                                  "edge-mean-notebook"])
def test_exact_values_do_not_depend_on_the_working_precision(name: str) -> None:
    """50 digits give the same rounded values as 80: the oracle's own rounding is invisible."""
    case = case_reader.parse_case(CASES[name])
    a = exact_oracle.exact_result(case, digits=50)
    b = exact_oracle.exact_result(case, digits=80)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])


@pytest.mark.parametrize("name", sorted(CASES))
def test_numpy_is_within_the_parity_bound_of_the_exact_values(name: str) -> None:
    """The exact witness binds: NumPy's numbers sit within the same per-element bound of the
    50-digit values (rounded to the dtype) as two machines' NumPy of each other."""
    doc = load(name)
    dtype = np.dtype(doc["case"].get("dtype", "float64"))
    for key, scale in doc["error_scale"].items():
        expected = [golden_diff.number(v) for v in np.ravel(np.asarray(doc["expected"][key], dtype=object))]
        exact = [golden_diff.number(v) for v in np.ravel(np.asarray(doc["exact"][key], dtype=object))]
        bound = golden_diff.parity_bound(dtype, key)
        for i, (e, x, c) in enumerate(zip(expected, exact, np.ravel(scale))):
            ratio = golden_diff._drift_ratio(x, e, float(c), dtype)
            assert ratio <= bound, f"{name} {key}[{i}]: NumPy {e}, exact {x}: {ratio:.3g} u*C > {bound}"


def test_error_scales_are_the_conditioning_of_the_case() -> None:
    """The stored scales are conditioning.conditions of the case, to 3 digits."""
    for name in ("edge-probs-near-one-eps", "random-07-float64-reference", "notebook-task3-torch-float32"):
        stored = load(name)["error_scale"]
        fresh = conditioning.conditions(case_reader.parse_case(CASES[name]))
        for key in stored:
            np.testing.assert_allclose(np.asarray(stored[key], dtype=float), fresh[key], rtol=5e-3)


def test_exact_agrees_with_numpy_on_a_well_conditioned_case() -> None:
    case = case_reader.parse_case(CASES["notebook-task2-numpy-float64"])
    exact, numpy = exact_oracle.exact_result(case), case_reader.run_parsed(case)
    for key in ("probs", "loss", "grad_w1", "grad_w2"):
        np.testing.assert_allclose(numpy[key], exact[key], rtol=4 * np.finfo(np.float64).eps, atol=0)


def test_parity_bounds_keep_at_most_10x_headroom_over_the_measured_drift() -> None:
    """A bound may not be widened to get green: each multiple stays within 10x of the largest
    drift measured for it (and above it)."""
    for dtype, groups in golden_diff.TOLERANCES["parity"].items():
        for group, entry in groups.items():
            assert entry["measured"] < entry["multiple"] <= 10 * entry["measured"], (dtype, group)
            assert entry["reason"]
