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
import re
import sys
from typing import NamedTuple, Optional

import numpy as np

CASE_SCHEMA = "nnparity.case/1"
DTYPES = {"float32": np.float32, "float64": np.float64}
SEMANTICS = ("reference", "notebook")
REDUCTIONS = ("sum", "mean")
MAX_SEED = 2**64 - 1
RESULT_KEYS = ("probs", "loss", "grad_w1", "grad_w2")
TRAIN_RESULT_KEYS = ("trained_w1", "trained_w2", "losses")
# The case reader's limits, those of the Swift reader (JSONLimits, CaseLimits): nesting depth
# and values per file; the hidden layer's B×H values and the epochs are held to MAX_VALUES too.
MAX_DEPTH = 64
MAX_VALUES = 50_000_000
MAX_TRAINING_WORK = 1e12
MAX_EPOCHS = 2**31 - 1


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
    _check_shapes(x, y, w1, w2)
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


def _check_shapes(x, y, w1, w2):
    """B and I come from x, H and O from w2; y must be B×O, w1 I×H, and O at least 2."""
    (b, i), (h, o) = x.shape, w2.shape
    fits = f"does not fit x ({b}×{i}) and w2 ({h}×{o})"
    if y.shape != (b, o):
        raise CaseError("y", f"is {y.shape[0]}×{y.shape[1]}, which {fits}: expected B×O = {b}×{o}")
    if w1.shape != (i, h):
        raise CaseError("w1", f"is {w1.shape[0]}×{w1.shape[1]}, which {fits}: expected I×H = {i}×{h}")
    if o < 2:
        raise CaseError("w2", f"has {o} column; O must be at least 2")


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
        raise CaseError("train.dropout", f"{_describe(dropout)} is outside [0, 1)")


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
    both may be absent (all ones). The checks, their order and their messages are
    the Swift reader's (``NetworkCase+JSON.swift``), limits included, so both name
    the same field for the same bad case.
    """
    _check_object(case, "(case)", "")
    if "schema" not in case:
        raise CaseError("schema", f'missing (expected "{CASE_SCHEMA}")')
    schema = case["schema"]
    if not isinstance(schema, str):
        raise CaseError("schema", f"expected a string, found {_kind(schema)}")
    if schema != CASE_SCHEMA:
        raise CaseError("schema", f'unknown schema "{schema}" (this version reads "{CASE_SCHEMA}")')
    _reject_unknown(case, CASE_KEYS, "")
    name = case.get("name")
    if "name" in case and not isinstance(name, str):
        raise CaseError("name", f"expected a string, found {_kind(name)}")
    dtype = DTYPES[_choice(case, "dtype", tuple(DTYPES), "float64")]
    semantics = _choice(case, "semantics", SEMANTICS, "reference")
    loss_epsilon = _finite(case.get("loss_epsilon", 0.0), "loss_epsilon")
    if loss_epsilon < 0:
        raise CaseError("loss_epsilon", "must be 0 or more")
    reduction = _choice(case, "reduction", REDUCTIONS, "sum")
    matrices = [_matrix(case, field) for field in ("x", "y", "w1", "w2")]
    _check_shapes(*matrices)
    (batch, inputs), (hidden, outputs) = matrices[0].shape, matrices[3].shape
    if float(batch) * float(hidden) > MAX_VALUES:
        raise CaseError("w1", f"the hidden layer is B×H = {batch}×{hidden} values, over the limit "
                              f"of {MAX_VALUES}")
    _check_case_values(dtype, *matrices)
    with np.errstate(over="ignore"):
        arrays = [m.astype(dtype) for m in matrices]
    _check_arrays(*arrays)
    _check_options(np.dtype(dtype), semantics, loss_epsilon, reduction)
    train_spec = None
    if "train" in case:
        train_spec = _parse_train(case["train"], batch, inputs, hidden, outputs)
    return Case(name, dtype, semantics, float(loss_epsilon), reduction, *arrays, train_spec)


def _check_object(value, field, prefix):
    """A JSON object without a repeated key (``load_case_file`` records one)."""
    if not isinstance(value, dict):
        raise CaseError(field, f"expected an object, found {_kind(value)}")
    if getattr(value, "duplicate", None) is not None:
        raise CaseError(prefix + value.duplicate, "appears twice")


def _kind(value):
    """What a JSON value is, in the Swift reader's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return "a number"
    for kind, name in ((str, "a string"), (list, "an array"), (dict, "an object")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _describe(value):
    """A number as the Swift reader prints it (as a Double), anything else by its kind."""
    if _kind(value) != "a number":
        return _kind(value)
    try:
        return str(float(value))
    except OverflowError:
        return str(value)


def _number_error(value):
    """Why ``value`` is not a finite JSON number, or None when it is one."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return f"expected a number, found {_kind(value)}"
    try:
        if math.isfinite(value):
            return None
    except OverflowError:  # an int past the float range: read from a file, it is infinity
        pass
    return "NaN is not a finite number" if value != value else "the number overflows to infinity"


def _is_whole(value, low, high):
    return not isinstance(value, bool) and isinstance(value, (int, np.integer)) and low <= value <= high


def _finite(value, field):
    message = _number_error(value)
    if message:
        raise CaseError(field, message)
    return value


def _choice(case, key, choices, default):
    value = case.get(key, default)
    if not isinstance(value, str):
        raise CaseError(key, f"expected a string, found {_kind(value)}")
    if value not in choices:
        raise CaseError(key, f'"{value}" is not ' + " or ".join(f'"{c}"' for c in choices))
    return value


def _check_case_values(dtype, x, y, w1, w2):
    """The float64 values read: numbers float32 cannot hold, then negative targets (before
    rounding, so -1e-50 is negative in a float32 case too)."""
    if dtype is np.float32:
        for field, m in (("x", x), ("y", y), ("w1", w1), ("w2", w2)):
            with np.errstate(over="ignore"):
                overflows = np.isinf(m.astype(np.float32))
            if overflows.any():
                bad = np.argwhere(overflows)[0]
                raise CaseError(_index(field, bad),
                                f"{float(m[tuple(bad)])} overflows to infinity in float32")
    if (y < 0).any():
        raise CaseError(_index("y", np.argwhere(y < 0)[0]), "targets must be non-negative")


def _parse_train(train_obj, batch, inputs, hidden, outputs):
    _check_object(train_obj, "train", "train.")
    _reject_unknown(train_obj, TRAIN_KEYS, "train.")
    for key in ("epochs", "learning_rate"):
        if key not in train_obj:
            raise CaseError(f"train.{key}", "missing")
    if "dropout" not in train_obj:
        raise CaseError("train.dropout", "missing (0 for no dropout)")
    if "masks" in train_obj and "mask_seed" in train_obj:
        raise CaseError("train.mask_seed", "give either masks or mask_seed, not both")
    epochs = train_obj["epochs"]
    if not _is_whole(epochs, 1, MAX_EPOCHS):
        raise CaseError("train.epochs", f"must be a positive whole number, found {_describe(epochs)}")
    lr = _finite(train_obj["learning_rate"], "train.learning_rate")
    dropout = _finite(train_obj["dropout"], "train.dropout")
    _check_dropout(dropout)
    seed = train_obj.get("mask_seed")
    if "masks" in train_obj:
        masks = _mask_list(train_obj["masks"], epochs, batch, hidden, dropout)
    elif "mask_seed" in train_obj:
        if not _is_whole(seed, 0, MAX_SEED):
            raise CaseError("train.mask_seed",
                            f"must be a whole number from 0 to 2^64 − 1, found {_describe(seed)}")
    elif dropout != 0:
        raise CaseError("train.masks", f"dropout is {dropout} but neither masks nor mask_seed is given")
    _check_training_limits(epochs, batch, inputs, hidden, outputs)
    if "mask_seed" in train_obj:
        masks = draw_masks(seed, epochs, batch, hidden, dropout)
    elif "masks" not in train_obj:
        masks = np.ones((epochs, batch, hidden), dtype=bool)
    masks = _check_masks(masks, epochs, batch, hidden, dropout)
    return TrainSpec(int(epochs), float(lr), float(dropout), masks)


def _check_training_limits(epochs, batch, inputs, hidden, outputs):
    """Checked before any mask is drawn. The work is the Swift reader's, in the same float
    operations: epochs × (3·B·H·(I + O) + 1000), a step's multiply-adds and an overhead."""
    work = float(epochs) * (3 * float(batch) * float(hidden) * float(inputs + outputs) + 1000)
    if work > MAX_TRAINING_WORK:
        raise CaseError("train.epochs", f"epochs × size is {work:.3g}, over the limit of "
                                        f"{MAX_TRAINING_WORK:.3g}")
    if epochs > MAX_VALUES:
        raise CaseError("train.epochs", f"{epochs} epochs give as many losses, over the limit of "
                                        f"{MAX_VALUES} values")


def _mask_list(value, epochs, batch, hidden, dropout):
    """Explicit masks, each checked in full (shape, 0/1, dropout 0) before the next is read."""
    field = "train.masks"
    if not isinstance(value, list):
        raise CaseError(field, f"expected an array of masks, found {_kind(value)}")
    if len(value) != epochs:
        raise CaseError(field, f"has {len(value)} masks, expected one per epoch ({epochs})")
    out = np.empty((epochs, batch, hidden), dtype=np.float64)
    for e, m in enumerate(value):
        mask_field = f"{field}[{e}]"
        mask = _rows(m, mask_field)
        if mask.shape != (batch, hidden):
            raise CaseError(mask_field, f"is {mask.shape[0]}×{mask.shape[1]}, expected B×H = "
                                        f"{batch}×{hidden}")
        invalid = (mask != 0) & (mask != 1)
        if invalid.any():
            bad = np.argwhere(invalid)[0]
            raise CaseError(_index(mask_field, bad),
                            f"mask entries must be 0 or 1, found {float(mask[tuple(bad)])}")
        if dropout == 0 and not mask.all():
            raise CaseError(_index(mask_field, np.argwhere(mask == 0)[0]),
                            "dropout is 0, so every mask entry must be 1")
        out[e] = mask
    return out


def _matrix(case, field):
    if field not in case:
        raise CaseError(field, "missing")
    return _rows(case[field], field)


def _rows(value, field):
    """A JSON matrix (list of equal-length lists of finite numbers) as float64 array, checked
    row by row."""
    if not isinstance(value, list):
        raise CaseError(field, f"expected a matrix (array of rows), found {_kind(value)}")
    if not value:
        raise CaseError(field, "the matrix has no rows")
    width = None
    for i, row in enumerate(value):
        if not isinstance(row, list):
            raise CaseError(f"{field}[{i}]", f"expected a row (array), found {_kind(row)}")
        if width is None:
            if not row:
                raise CaseError(f"{field}[0]", "the row is empty")
            width = len(row)
        elif len(row) != width:
            raise CaseError(f"{field}[{i}]",
                            f"ragged rows: this row has {len(row)} numbers, row 0 has {width}")
        for j, v in enumerate(row):
            message = _number_error(v)
            if message:
                raise CaseError(f"{field}[{i}][{j}]", message)
    return np.array(value, dtype=np.float64)


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


class _Object(dict):
    """A JSON object read from a file; ``duplicate`` is its first repeated key, which
    :func:`parse_case` rejects where the Swift reader does (the case and ``train``)."""
    duplicate = None


def _object(pairs):
    obj = _Object(pairs)
    if len(obj) < len(pairs):
        seen = set()
        obj.duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))
    return obj


def _parse_int(text):
    return -0.0 if text == "-0" else int(text)


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
# The Swift reader reads the integer -0 as -0.0, json as 0: only text that may hold one pays
# for the per-integer hook (_parse_int), which makes json 5 times slower.
_NEGATIVE_ZERO = re.compile(rb"-0(?![.\deE])")
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


def _check_json_text(data):
    """What the Swift reader rejects as it reads, checked before ``json`` builds anything: an
    empty file, nesting past MAX_DEPTH (json would recurse), more than MAX_VALUES values
    (json would take gigabytes for them)."""
    outside = _STRING.sub(b'""', data)  # brackets and commas inside strings do not count
    compact = outside.translate(None, b" \t\r\n")
    if not compact:
        raise CaseError("(json)", "the file is empty")
    skeleton = outside.translate(None, _NOT_BRACKETS)
    depth, opened, chunk = 0, 0, 1 << 20
    for start in range(0, len(skeleton), chunk):
        part = np.frombuffer(skeleton, np.uint8, min(chunk, len(skeleton) - start), start)
        opens = (part == ord("[")) | (part == ord("{"))
        depths = depth + np.cumsum(np.where(opens, 1, -1))
        if depths.max() > MAX_DEPTH:
            raise CaseError("(json)", f"nesting deeper than {MAX_DEPTH}, the limit")
        depth, opened = int(depths[-1]), opened + int(opens.sum())
    # Every value but the root follows a comma or opens a non-empty container.
    values = 1 + compact.count(b",") + opened - compact.count(b"[]") - compact.count(b"{}")
    if values > MAX_VALUES:
        raise CaseError("(json)", f"more than {MAX_VALUES} values, the limit")


def load_case_file(path):
    """Read a case file (``-``: standard input) as the Swift reader does: a leading UTF-8 BOM
    is skipped, a repeated key is recorded for :func:`parse_case`, the limits apply. A golden
    file (``nnparity.golden/1``) yields its ``case``, which the Swift reader does not do."""
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CaseError("(json)", str(err)) from None
    _check_json_text(data)
    try:
        case = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_object,
                          parse_int=_parse_int if _NEGATIVE_ZERO.search(data) else None)
    except ValueError as err:
        raise CaseError("(json)", str(err)) from None
    if _SURROGATE.search(data):  # json takes an unpaired surrogate escape, the Swift reader does not
        try:
            json.dumps(case, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise CaseError("(json)", "an unpaired surrogate in a string") from None
    if isinstance(case, dict) and case.get("schema") == "nnparity.golden/1":
        case = case.get("case")
    return case


def _one_line(text):
    """``text`` with control characters escaped as the Swift CLI does, so an error stays one line."""
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029]",
                  lambda m: named.get(m[0], f"\\u{{{ord(m[0]):x}}}"), text)


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
            print(_one_line(f"{path}: {err}"), file=sys.stderr, flush=True)
            status = 1
        except OSError as err:
            print(_one_line(f"{path}: (file): {err.strerror}"), file=sys.stderr, flush=True)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
