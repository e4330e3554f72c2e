"""The error scales are tight: NumPy's own rounding reaches a fair part of u*C.

The parity bound is a multiple of u*C, so a C that an analysis fault makes 100 times too
large makes every bound 100 times too loose, and the goldens, regenerated, agree with it.
The 50-digit exact values are an independent witness: NumPy's distance to them, in units of
u*C, must reach tolerances.json's tightness floor in every (dtype, tensor, epsilon) group.
"""

import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np

import goldens

TOLERANCES = json.loads((Path(goldens.HERE) / "tolerances.json").read_text())
UNIT_ROUNDOFF = {"float64": 2.0**-53, "float32": 2.0**-24}
SMALLEST_NORMAL = {"float64": float(np.finfo(np.float64).tiny), "float32": float(np.finfo(np.float32).tiny)}


def _number(value: object) -> float:
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(value, value)  # type: ignore[arg-type]


def _ratios() -> dict[tuple[str, str, str], float]:
    """The largest |expected - exact| / (u*C + smallest normal) per (dtype, tensor, epsilon)."""
    largest: dict[tuple[str, str, str], float] = defaultdict(float)
    for path in sorted(goldens.GOLDEN_DIR.glob("*.json")):
        golden = json.loads(path.read_text())
        case = golden["case"]
        dtype = case.get("dtype", "float64")
        branch = "eps0" if float(case.get("loss_epsilon", 0)) == 0 else "eps>0"
        for tensor, exact in golden["exact"].items():
            if tensor == "exact_digits":
                continue
            def values(v: object) -> np.ndarray:
                return np.vectorize(_number, otypes=[float])(np.asarray(v, dtype=object)).ravel()
            e, n, c = values(exact), values(golden["expected"][tensor]), values(golden["error_scale"][tensor])
            with np.errstate(all="ignore"):
                r = np.abs(n - e) / (UNIT_ROUNDOFF[dtype] * c + SMALLEST_NORMAL[dtype])
            r = r[np.isfinite(r)]
            if r.size:
                key = (dtype, tensor, branch)
                largest[key] = max(largest[key], float(r.max()))
    return largest


def test_numpy_reaches_the_floor_in_every_group() -> None:
    floor = TOLERANCES["tightness"]["floor"]
    ratios = _ratios()
    assert len(ratios) >= 24, f"too few groups to judge: {sorted(ratios)}"
    loose = {k: round(v, 4) for k, v in ratios.items() if v < floor}
    assert not loose, f"error scales looser than NumPy's rounding shows (floor {floor}): {loose}"


def test_the_floor_is_below_what_was_measured() -> None:
    tightness = TOLERANCES["tightness"]
    assert 0 < tightness["floor"] < tightness["measured"] / 2, tightness
    assert min(_ratios().values()) >= tightness["floor"]
