#!/usr/bin/env python3
"""The NumPy reference of NNParity: the one NumPy implementation of the network.

It implements ``docs/contract.md`` (the two-layer network without bias,
its two semantics ``reference`` and ``notebook``, float32 and float64) and the
spec's case and result formats. Everything else in the project that needs a
NumPy value -- the golden vectors, ``tools/regen``, the live cross-validation
through embedded CPython -- calls this module; there is no second NumPy
implementation.

Usable three ways:

* arrays: :func:`evaluate`, :func:`train`, :func:`draw_masks`,
  :func:`random_doubles` take and return ndarrays;
* cases: :func:`parse_case` (validation), :func:`run_case` (case dict -> result
  dict) and :func:`format_result_json` (result dict -> one line of JSON);
* script: ``python3 nnparity_reference.py CASE.json [CASE.json ...]`` prints one
  result line per case; a bad case gets one line on stderr naming the file and
  the field, the other cases are still evaluated, and the exit status is 1.

Arithmetic conventions (Swift follows them to agree to the last bit where the
operation order allows it). The dtype is that of the input arrays; every
operation is done in it. Python-float scalars (``loss_epsilon``,
``learning_rate``) are NumPy "weak" scalars: rounded to the dtype, then used.
``loss_epsilon`` selects its branch (``eps == 0`` or ``eps > 0``) by its value
after that rounding.

* forward: ``z1 = x @ w1; a1 = maximum(z1, 0); z2 = d @ w2`` where ``d`` is
  ``a1`` (evaluation), ``(a1 * mask) * scale`` (``reference`` training) or
  ``a1 * mask`` (``notebook`` training), ``scale = dtype(1.0 / (1.0 - q))``
  computed in float64, then rounded to the dtype.
* softmax: ``s = z2 - z2.max(axis=1, keepdims=True); e = exp(s);
  r = e.sum(axis=1, keepdims=True); p = e / r``.
* loss: ``logp = s - log(r)`` when eps == 0, else ``log(p + eps)``;
  ``loss = -(y * logp).sum()``, then ``/ B`` for "mean".
* dz2: ``notebook``: ``p - y``; ``reference`` eps == 0:
  ``p * y.sum(axis=1, keepdims=True) - y``; both then ``/ B`` for "mean".
  ``reference`` eps > 0: ``g = -y / (p + eps)``, ``g = g / B`` for "mean",
  ``dz2 = p * (g - (g * p).sum(axis=1, keepdims=True))``.
* backward: ``gW2 = d.T @ dz2`` (``notebook``: ``a1.T @ dz2``);
  ``dz1 = ((dz2 @ w2.T) * mask) * scale * (z1 > 0)`` in ``reference``
  training, ``(dz2 @ w2.T) * (z1 > 0)`` otherwise; ``gW1 = x.T @ dz1``.
  ReLU'(0) = 0.
* update: both gradients first, then ``w1 = w1 - lr * gW1; w2 = w2 - lr * gW2``;
  ``losses[e]`` is the loss before epoch e's update.

Sums (``.sum``) are NumPy's pairwise sums; products (``@``) are the BLAS that
NumPy links.
"""

import json
import math
import sys
from typing import NamedTuple, Optional

import numpy as np

CASE_SCHEMA = "nnparity.case/1"
DTYPES = {"float64": np.float64, "float32": np.float32}
SEMANTICS = ("reference", "notebook")
REDUCTIONS = ("sum", "mean")
MAX_SEED = 2**64 - 1
RESULT_KEYS = ("probs", "loss", "grad_w1", "grad_w2")
TRAIN_RESULT_KEYS = ("trained_w1", "trained_w2", "losses")


class CaseError(ValueError):
    """A case (or array input) that cannot be evaluated; names the offending field."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --------------------------------------------------------------------------
# Arrays: the network
# --------------------------------------------------------------------------

def evaluate(x, y, w1, w2, *, semantics="reference", loss_epsilon=0.0, reduction="sum"):
    """Probabilities, loss and gradients at the given weights, without dropout.

    Returns ``{"probs": B×O, "loss": scalar, "grad_w1": I×H, "grad_w2": H×O}``,
    every value of the inputs' dtype (float32 or float64).
    """
    dtype = _check_arrays(x, y, w1, w2)
    eps = _check_options(dtype, semantics, loss_epsilon, reduction)
    step = _step(x, y, w1, w2, None, None, semantics, eps, reduction)
    return {"probs": step.probs, "loss": step.loss, "grad_w1": step.grad_w1, "grad_w2": step.grad_w2}


def train(x, y, w1, w2, masks, *, epochs, learning_rate, dropout, semantics="reference",
          loss_epsilon=0.0, reduction="sum"):
    """SGD with dropout for ``epochs`` epochs; ``masks[e]`` (B×H, 0/1) is epoch e's keep-mask.

    Returns ``{"trained_w1": I×H, "trained_w2": H×O, "losses": (epochs,)}`` of the
    inputs' dtype; ``losses[e]`` is the loss before epoch e's update. The input
    arrays are not modified.
    """
    dtype = _check_arrays(x, y, w1, w2)
    eps = _check_options(dtype, semantics, loss_epsilon, reduction)
    _check_train(epochs, learning_rate, dropout)
    masks = _check_masks(masks, epochs, x.shape[0], w1.shape[1], dropout)
    lr = dtype.type(learning_rate)
    scale = dtype.type(1.0 / (1.0 - float(dropout)))
    losses = np.empty(epochs, dtype=dtype)
    for epoch in range(epochs):
        step = _step(x, y, w1, w2, masks[epoch], scale, semantics, eps, reduction)
        losses[epoch] = step.loss
        w1 = w1 - lr * step.grad_w1
        w2 = w2 - lr * step.grad_w2
    return {"trained_w1": w1, "trained_w2": w2, "losses": losses}


class _Step(NamedTuple):
    probs: np.ndarray
    loss: np.generic
    grad_w1: np.ndarray
    grad_w2: np.ndarray


def _step(x, y, w1, w2, mask, scale, semantics, eps, reduction):
    """One forward and backward pass; ``mask is None`` means no dropout."""
    with np.errstate(all="ignore"):  # huge finite inputs may overflow: results say NaN/inf
        return _step_unchecked(x, y, w1, w2, mask, scale, semantics, eps, reduction)


def _step_unchecked(x, y, w1, w2, mask, scale, semantics, eps, reduction):
    batch = x.shape[0]
    mean = reduction == "mean"
    z1 = x @ w1
    a1 = np.maximum(z1, 0)
    if mask is None:
        d = a1
    elif semantics == "reference":
        d = (a1 * mask) * scale
    else:
        d = a1 * mask
    z2 = d @ w2

    s = z2 - z2.max(axis=1, keepdims=True)
    e = np.exp(s)
    rowsum = e.sum(axis=1, keepdims=True)
    p = e / rowsum
    logp = s - np.log(rowsum) if eps == 0 else np.log(p + eps)
    loss = -(y * logp).sum()
    if mean:
        loss = loss / batch

    if semantics == "reference" and eps != 0:
        g = -y / (p + eps)
        if mean:
            g = g / batch
        dz2 = p * (g - (g * p).sum(axis=1, keepdims=True))
    else:
        dz2 = p - y if semantics == "notebook" else p * y.sum(axis=1, keepdims=True) - y
        if mean:
            dz2 = dz2 / batch

    grad_w2 = (a1 if semantics == "notebook" else d).T @ dz2
    da1 = dz2 @ w2.T
    if mask is not None and semantics == "reference":
        dz1 = ((da1 * mask) * scale) * (z1 > 0)
    else:
        dz1 = da1 * (z1 > 0)
    grad_w1 = x.T @ dz1
    return _Step(p, loss, grad_w1, grad_w2)


def _check_arrays(x, y, w1, w2):
    """Shapes, dtype and values of the four input arrays; returns their dtype."""
    arrays = {"x": x, "y": y, "w1": w1, "w2": w2}
    for field, a in arrays.items():
        if not isinstance(a, np.ndarray):
            raise CaseError(field, "must be a numpy array")
        if a.ndim != 2:
            raise CaseError(field, f"must be a matrix, has {a.ndim} dimensions")
        if a.dtype not in (np.float32, np.float64):
            raise CaseError(field, f"dtype {a.dtype} is neither float32 nor float64")
        if a.dtype != x.dtype:
            raise CaseError(field, f"dtype {a.dtype} differs from x's {x.dtype}")
        if 0 in a.shape:
            raise CaseError(field, f"shape {a.shape} has an empty dimension")
    (b, i), (h, o) = x.shape, w2.shape
    expected = {"y": (b, o), "w1": (i, h)}
    for field, shape in expected.items():
        if arrays[field].shape != shape:
            raise CaseError(field, f"shape {arrays[field].shape} does not fit x {x.shape} "
                                   f"and w2 {w2.shape}: expected {shape}")
    if o < 2:
        raise CaseError("w2", f"needs at least 2 outputs, has {o}")
    # Look for the offending element only once a check fails: argwhere costs more than the
    # check itself, and the live audit validates thousands of small cases.
    for field, a in arrays.items():
        if not np.isfinite(a).all():
            bad = np.argwhere(~np.isfinite(a))[0]
            raise CaseError(_index(field, bad), f"{a[tuple(bad)]} is not finite in {a.dtype}")
    if (y < 0).any():
        bad = np.argwhere(y < 0)[0]
        raise CaseError(_index("y", bad), f"negative target {y[tuple(bad)]}")
    return x.dtype


def _check_options(dtype, semantics, loss_epsilon, reduction):
    """The evaluation options; returns ``loss_epsilon`` rounded to the dtype."""
    if semantics not in SEMANTICS:
        raise CaseError("semantics", f"{semantics!r} is not one of {', '.join(SEMANTICS)}")
    if reduction not in REDUCTIONS:
        raise CaseError("reduction", f"{reduction!r} is not one of {', '.join(REDUCTIONS)}")
    _check_number("loss_epsilon", loss_epsilon)
    if not (math.isfinite(loss_epsilon) and loss_epsilon >= 0):
        raise CaseError("loss_epsilon", f"{loss_epsilon} is not a finite number >= 0")
    eps = dtype.type(loss_epsilon)
    if not np.isfinite(eps):
        raise CaseError("loss_epsilon", f"{loss_epsilon} is not finite in {dtype}")
    return eps


def _check_train(epochs, learning_rate, dropout):
    _check_epochs(epochs)
    _check_number("train.learning_rate", learning_rate)
    if not math.isfinite(learning_rate):
        raise CaseError("train.learning_rate", f"{learning_rate} is not finite")
    _check_dropout(dropout)


def _check_epochs(epochs):
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise CaseError("train.epochs", f"{epochs!r} is not a positive integer")


def _check_dropout(dropout):
    _check_number("train.dropout", dropout)
    if not 0 <= dropout < 1:
        raise CaseError("train.dropout", f"rate {dropout} is outside [0, 1)")


def _check_masks(masks, epochs, batch, hidden, dropout):
    """``masks`` as a bool array (epochs, B, H); entries must be 0 or 1."""
    masks = np.asarray(masks)
    if masks.shape != (epochs, batch, hidden):
        raise CaseError("train.masks", f"shape {masks.shape} is not (epochs, B, H) = "
                                       f"{(epochs, batch, hidden)}")
    if masks.dtype != np.bool_:
        invalid = (masks != 0) & (masks != 1)
        if invalid.any():
            bad = np.argwhere(invalid)[0]
            raise CaseError(_index("train.masks", bad), f"{masks[tuple(bad)]} is neither 0 nor 1")
        masks = masks != 0
    if dropout == 0 and not masks.all():
        bad = np.argwhere(~masks)[0]
        raise CaseError(_index("train.masks", bad), "is 0, but with dropout 0 every mask is all ones")
    return masks


def _check_number(field, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CaseError(field, f"{value!r} is not a number")


def _index(field, index):
    return field + "".join(f"[{int(i)}]" for i in index)


# --------------------------------------------------------------------------
# Dropout masks and NumPy's generator
# --------------------------------------------------------------------------

def draw_masks(seed, epochs, batch, hidden, dropout):
    """The spec's masks for ``mask_seed``: bool array (epochs, B, H).

    Exactly ``rng = np.random.default_rng(seed)`` then ``rng.random((B, H)) >= q``
    for each epoch in order. With ``dropout == 0`` every mask is all ones, and
    this returns ones without drawing (``rng.random(...) >= 0`` is always true,
    so the draw could not change them).
    """
    _check_seed(seed, "train.mask_seed")
    _check_epochs(epochs)
    _check_dropout(dropout)
    if dropout == 0:
        return np.ones((epochs, batch, hidden), dtype=bool)
    rng = np.random.default_rng(seed)
    return np.stack([rng.random((batch, hidden)) >= dropout for _ in range(epochs)])


def random_doubles(seed, count):
    """``np.random.default_rng(seed).random(count)``: test vectors for a PCG64 port."""
    _check_seed(seed, "seed")
    return np.random.default_rng(seed).random(count)


def _check_seed(seed, field):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise CaseError(field, f"{seed!r} is not an integer in [0, 2**64 - 1]")


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

class TrainSpec(NamedTuple):
    """The ``train`` part of a parsed case; ``masks`` is bool (epochs, B, H)."""
    epochs: int
    learning_rate: float
    dropout: float
    masks: np.ndarray


class Case(NamedTuple):
    """A validated case: arrays already rounded to ``dtype``."""
    name: Optional[str]
    dtype: type
    semantics: str
    loss_epsilon: float
    reduction: str
    x: np.ndarray
    y: np.ndarray
    w1: np.ndarray
    w2: np.ndarray
    train: Optional[TrainSpec]

    def options(self):
        """The keyword options shared by :func:`evaluate` and :func:`train`."""
        return {"semantics": self.semantics, "loss_epsilon": self.loss_epsilon,
                "reduction": self.reduction}


CASE_KEYS = ("schema", "name", "dtype", "semantics", "loss_epsilon", "reduction",
             "x", "y", "w1", "w2", "train")
TRAIN_KEYS = ("epochs", "learning_rate", "dropout", "masks", "mask_seed")


def _reject_unknown(obj, known, prefix):
    """A misspelt key is an error, not a silently applied default."""
    for key in obj:
        if key not in known:
            suggestion = _suggest(key, known)
            message = f"unknown field; did you mean {suggestion}?" if suggestion else "unknown field"
            raise CaseError(f"{prefix}{key}", message)


def _suggest(key, known):
    """The first known key at the smallest edit distance, when it is at most 2 and less
    than the key's length (the Swift reader's KeySuggestion applies the same rule)."""
    best, best_distance = None, None
    for candidate in known:
        previous = list(range(len(candidate) + 1))
        for i, a in enumerate(key, 1):
            current = [i]
            for j, b in enumerate(candidate, 1):
                current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
            previous = current
        if best_distance is None or previous[-1] < best_distance:
            best, best_distance = candidate, previous[-1]
    if best_distance is not None and best_distance <= 2 and best_distance < len(key):
        return best
    return None


def parse_case(case):
    """Validate a spec case (a dict as ``json.load`` gives it) into a :class:`Case`.

    Raises :class:`CaseError` naming the field. Masks come from ``train.masks``
    when given, else from ``train.mask_seed`` (:func:`draw_masks`); with dropout 0
    both may be absent (all ones).
    """
    if not isinstance(case, dict):
        raise CaseError("(case)", "is not a JSON object")
    if case.get("schema") != CASE_SCHEMA:
        raise CaseError("schema", f"{case.get('schema')!r} is not {CASE_SCHEMA!r}")
    _reject_unknown(case, CASE_KEYS, "")
    name = case.get("name")
    if name is not None and not isinstance(name, str):
        raise CaseError("name", f"{name!r} is not a string")
    dtype_name = case.get("dtype", "float64")
    if not isinstance(dtype_name, str) or dtype_name not in DTYPES:
        raise CaseError("dtype", f"{dtype_name!r} is not one of {', '.join(DTYPES)}")
    dtype = DTYPES[dtype_name]
    semantics = case.get("semantics", "reference")
    reduction = case.get("reduction", "sum")
    loss_epsilon = case.get("loss_epsilon", 0.0)
    arrays = [_matrix(case, field, dtype) for field in ("x", "y", "w1", "w2")]
    _check_arrays(*arrays)
    _check_options(np.dtype(dtype), semantics, loss_epsilon, reduction)
    train_spec = None
    if "train" in case:
        train_spec = _parse_train(case["train"], arrays[0].shape[0], arrays[2].shape[1])
    return Case(name, dtype, semantics, float(loss_epsilon), reduction, *arrays, train_spec)


def _parse_train(train_obj, batch, hidden):
    if not isinstance(train_obj, dict):
        raise CaseError("train", "is not a JSON object")
    _reject_unknown(train_obj, TRAIN_KEYS, "train.")
    for key in ("epochs", "learning_rate", "dropout"):
        if key not in train_obj:
            raise CaseError(f"train.{key}", "is missing")
    if "masks" in train_obj and "mask_seed" in train_obj:
        raise CaseError("train.mask_seed", "give either masks or mask_seed, not both")
    epochs, lr, dropout = train_obj["epochs"], train_obj["learning_rate"], train_obj["dropout"]
    _check_train(epochs, lr, dropout)
    if "masks" in train_obj:
        masks = _mask_list(train_obj["masks"], epochs, batch, hidden)
    elif "mask_seed" in train_obj:
        masks = draw_masks(train_obj["mask_seed"], epochs, batch, hidden, dropout)
    elif dropout == 0:
        masks = np.ones((epochs, batch, hidden), dtype=bool)
    else:
        raise CaseError("train.masks", f"dropout is {dropout} but neither masks nor mask_seed is given")
    masks = _check_masks(masks, epochs, batch, hidden, dropout)
    return TrainSpec(int(epochs), float(lr), float(dropout), masks)


def _mask_list(value, epochs, batch, hidden):
    field = "train.masks"
    if not isinstance(value, list) or len(value) != epochs:
        count = len(value) if isinstance(value, list) else type(value).__name__
        raise CaseError(field, f"needs one B×H mask per epoch ({epochs}), has {count}")
    out = np.empty((epochs, batch, hidden), dtype=np.float64)
    for e, m in enumerate(value):
        out[e] = _rows(m, f"{field}[{e}]", (batch, hidden))
    return out


def _matrix(case, field, dtype):
    if field not in case:
        raise CaseError(field, "is missing")
    values = _rows(case[field], field, None)
    with np.errstate(over="ignore"):
        return values.astype(dtype)


def _rows(value, field, shape):
    """A JSON matrix (list of equal-length lists of numbers) as float64 array."""
    if not isinstance(value, list) or not value:
        raise CaseError(field, "is not a non-empty array of rows")
    width = None
    for i, row in enumerate(value):
        if not isinstance(row, list) or not row:
            raise CaseError(f"{field}[{i}]", "is not a non-empty array of numbers")
        if width is None:
            width = len(row)
        elif len(row) != width:
            raise CaseError(f"{field}[{i}]", f"has {len(row)} entries, row 0 has {width} (ragged)")
        for j, v in enumerate(row):
            _check_number(f"{field}[{i}][{j}]", v)
    if shape is not None and (len(value), width) != shape:
        raise CaseError(field, f"shape {(len(value), width)} is not {shape}")
    try:
        return np.array(value, dtype=np.float64)
    except OverflowError:
        raise CaseError(field, "holds an integer too large for a float") from None


def run_case(case):
    """Evaluate a spec case dict; returns the spec result dict.

    Keys: ``name`` (only when the case has one), ``probs``, ``loss``,
    ``grad_w1``, ``grad_w2``, and with ``train`` also ``trained_w1``,
    ``trained_w2``, ``losses``; values are ndarrays / NumPy scalars of the
    case's dtype.
    """
    parsed = parse_case(case)
    return run_parsed(parsed)


def run_parsed(parsed):
    """:func:`run_case` for an already parsed :class:`Case`."""
    result = {} if parsed.name is None else {"name": parsed.name}
    result.update(evaluate(parsed.x, parsed.y, parsed.w1, parsed.w2, **parsed.options()))
    if parsed.train is not None:
        t = parsed.train
        result.update(train(parsed.x, parsed.y, parsed.w1, parsed.w2, t.masks, epochs=t.epochs,
                            learning_rate=t.learning_rate, dropout=t.dropout, **parsed.options()))
    return result


# --------------------------------------------------------------------------
# JSON output: shortest round-trip numbers, fixed key order
# --------------------------------------------------------------------------

class JsonNumber(str):
    """Text of a JSON number, written unquoted by :func:`dump_json`."""


def format_number(value):
    """Shortest round-trip text of a float64 or float32 value, as a JSON value.

    float64 (and Python floats): ``repr``; float32: NumPy's shortest float32
    digits. Non-finite values become the strings "NaN", "Infinity", "-Infinity".
    Python ints are written as integers.
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return JsonNumber(int(value))
    if isinstance(value, np.float32):
        if not np.isfinite(value):
            return _non_finite(float(value))
        text = str(value)
        if np.float32(float(text)) != value:
            raise AssertionError(f"float32 text {text} does not round-trip")
        return JsonNumber(text)
    if isinstance(value, (float, np.float64)):
        value = float(value)
        return JsonNumber(repr(value)) if math.isfinite(value) else _non_finite(value)
    raise TypeError(f"not a number: {value!r}")


def _non_finite(value):
    if math.isnan(value):
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def to_json_value(value):
    """Nested dicts/lists/ndarrays/numbers -> the same with :class:`JsonNumber` leaves."""
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return to_json_value(list(value))
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    if isinstance(value, str):
        return value
    return format_number(value)


def dump_json(value, pretty=False, indent=""):
    """Deterministic JSON text of a :func:`to_json_value` tree.

    ``pretty=False``: one line. ``pretty=True``: objects one key per line, a list
    of scalars on one line, a list of lists one element per line (a matrix is
    written one row per line), two-space indentation.
    """
    if isinstance(value, JsonNumber):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{json.dumps(k)}: {dump_json(v, pretty, inner)}" for k, v in value.items()]
        if not pretty:
            return "{" + ", ".join(items) + "}"
        return "{\n" + ",\n".join(inner + item for item in items) + "\n" + indent + "}"
    if isinstance(value, list):
        items = [dump_json(v, pretty, inner) for v in value]
        nested = any(isinstance(v, (list, dict)) for v in value)
        if not pretty or not nested:
            return "[" + ", ".join(items) + "]"
        return "[\n" + ",\n".join(inner + item for item in items) + "\n" + indent + "]"
    raise TypeError(f"not a JSON value: {value!r}")


def result_to_json(result):
    """A :func:`run_case` result as a :func:`dump_json` tree, keys in the spec's order."""
    return to_json_value({k: result[k] for k in ("name",) + RESULT_KEYS + TRAIN_RESULT_KEYS if k in result})


def format_result_json(result):
    """One line of JSON for a :func:`run_case` result, keys in the spec's order."""
    return dump_json(result_to_json(result))


# --------------------------------------------------------------------------
# Script
# --------------------------------------------------------------------------

def _reject_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def load_case_file(path):
    """Read a case file (``-``: standard input); a golden file (``nnparity.golden/1``) yields
    its ``case``."""
    def parse(f):
        try:
            return json.load(f, parse_constant=_reject_constant)
        except ValueError as err:
            raise CaseError("(json)", str(err)) from None
    if path == "-":
        case = parse(sys.stdin)
    else:
        with open(path, encoding="utf-8") as f:
            case = parse(f)
    if isinstance(case, dict) and case.get("schema") == "nnparity.golden/1":
        case = case.get("case")
    return case


USAGE = """usage: nnparity_reference.py CASE.json [CASE.json ...]

Evaluate nnparity.case/1 files with the NumPy reference (docs/contract.md) and print one
result object per line, in argument order. A golden file works too (its case is used);
'-' reads one case from standard input. A case that cannot be evaluated gets one line on
standard error, FILE: FIELD: message; the others are still evaluated, and the exit
status is 1."""


def main(argv):
    """Evaluate each case file named in ``argv``; returns the exit status."""
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    status = 0
    for path in argv:
        try:
            print(format_result_json(run_case(load_case_file(path))), flush=True)
        except CaseError as err:
            print(f"{path}: {err}", file=sys.stderr, flush=True)
            status = 1
        except OSError as err:
            print(f"{path}: (file): {err.strerror}", file=sys.stderr, flush=True)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
