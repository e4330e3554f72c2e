#!/usr/bin/env python3
"""The NumPy reference of NNParity: the one NumPy implementation of the network.

It implements ``docs/contract.md`` (the two-layer network without bias,
its two semantics ``reference`` and ``notebook``, float32 and float64) on arrays.
Everything else in the project that needs a NumPy value -- the golden vectors,
``tools/regen``, the live cross-validation through embedded CPython -- calls this
module; there is no second NumPy implementation.

* arrays: :func:`evaluate`, :func:`train`, :func:`draw_masks`,
  :func:`random_doubles` take and return ndarrays, and check them
  (:class:`CaseError` names the offending field);
* cases: :mod:`case_reader` reads and checks a case file and runs it here;
  :mod:`json_writer` writes results and goldens;
* script: ``python3 nnparity_reference.py CASE.json [CASE.json ...]`` prints one
  result line per case (:mod:`reference_cli`); a bad case gets one line on stderr
  naming the file and the field, the other cases are still evaluated, and the exit
  status is 1.

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

import math
import os
import sys
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

# This folder is also the Swift package's resource folder, where a __pycache__ would be a file
# SwiftPM does not expect: the reference's modules write no bytecode.
sys.dont_write_bytecode = True

DTYPES = {"float32": np.float32, "float64": np.float64}
SEMANTICS = ("reference", "notebook")
REDUCTIONS = ("sum", "mean")
MAX_SEED = 2**64 - 1
RESULT_KEYS = ("probs", "loss", "grad_w1", "grad_w2")
TRAIN_RESULT_KEYS = ("trained_w1", "trained_w2", "losses")


class CaseError(ValueError):
    """A case (or array input) that cannot be evaluated; names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --------------------------------------------------------------------------
# Arrays: the network
# --------------------------------------------------------------------------

def evaluate(x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray, *, semantics: str = "reference",
             loss_epsilon: float = 0.0, reduction: str = "sum") -> dict[str, np.ndarray | np.floating]:
    """Probabilities, loss and gradients at the given weights, without dropout.

    Returns ``{"probs": B×O, "loss": scalar, "grad_w1": I×H, "grad_w2": H×O}``,
    every value of the inputs' dtype (float32 or float64).
    """
    dtype = check_arrays(x, y, w1, w2)
    eps = check_options(dtype, semantics, loss_epsilon, reduction)
    step = _step(x, y, w1, w2, None, None, semantics, eps, reduction)
    return {"probs": step.probs, "loss": step.loss, "grad_w1": step.grad_w1, "grad_w2": step.grad_w2}


def train(x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray, masks: ArrayLike, *, epochs: int,
          learning_rate: float, dropout: float, semantics: str = "reference", loss_epsilon: float = 0.0,
          reduction: str = "sum") -> dict[str, np.ndarray]:
    """SGD with dropout for ``epochs`` epochs; ``masks[e]`` (B×H, 0/1) is epoch e's keep-mask.

    Returns ``{"trained_w1": I×H, "trained_w2": H×O, "losses": (epochs,)}`` of the
    inputs' dtype; ``losses[e]`` is the loss before epoch e's update. The input
    arrays are not modified.
    """
    dtype = check_arrays(x, y, w1, w2)
    eps = check_options(dtype, semantics, loss_epsilon, reduction)
    _check_train(epochs, learning_rate, dropout)
    masks = check_masks(masks, epochs, x.shape[0], w1.shape[1], dropout)
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


# --------------------------------------------------------------------------
# Checks of the inputs (the case reader applies them too)
# --------------------------------------------------------------------------

def check_arrays(x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray) -> np.dtype:
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
    check_shapes(x, y, w1, w2)
    # Look for the offending element only once a check fails: argwhere costs more than the
    # check itself, and the live audit validates thousands of small cases.
    for field, a in arrays.items():
        if not np.isfinite(a).all():
            bad = np.argwhere(~np.isfinite(a))[0]
            raise CaseError(element_field(field, bad), f"{a[tuple(bad)]} is not finite in {a.dtype}")
    if (y < 0).any():
        bad = np.argwhere(y < 0)[0]
        raise CaseError(element_field("y", bad), f"negative target {y[tuple(bad)]}")
    return x.dtype


def check_shapes(x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray) -> None:
    """B and I come from x, H and O from w2; y must be B×O, w1 I×H, and O at least 2."""
    (b, i), (h, o) = x.shape, w2.shape
    fits = f"does not fit x ({b}×{i}) and w2 ({h}×{o})"
    if y.shape != (b, o):
        raise CaseError("y", f"is {y.shape[0]}×{y.shape[1]}, which {fits}: expected B×O = {b}×{o}")
    if w1.shape != (i, h):
        raise CaseError("w1", f"is {w1.shape[0]}×{w1.shape[1]}, which {fits}: expected I×H = {i}×{h}")
    if o < 2:
        raise CaseError("w2", f"has {o} column; O must be at least 2")


def check_options(dtype: np.dtype, semantics: str, loss_epsilon: float, reduction: str) -> np.floating:
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
    check_dropout(dropout)


def _check_epochs(epochs):
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise CaseError("train.epochs", f"{epochs!r} is not a positive integer")


def check_dropout(dropout: float) -> None:
    """``train.dropout`` is a number in [0, 1)."""
    _check_number("train.dropout", dropout)
    if not 0 <= dropout < 1:
        raise CaseError("train.dropout", f"{describe(dropout)} is outside [0, 1)")


def check_masks(masks: ArrayLike, epochs: int, batch: int, hidden: int, dropout: float) -> np.ndarray:
    """``masks`` as a bool array (epochs, B, H); entries must be 0 or 1."""
    masks = np.asarray(masks)
    if masks.shape != (epochs, batch, hidden):
        raise CaseError("train.masks", f"shape {masks.shape} is not (epochs, B, H) = "
                                       f"{(epochs, batch, hidden)}")
    if masks.dtype != np.bool_:
        invalid = (masks != 0) & (masks != 1)
        if invalid.any():
            bad = np.argwhere(invalid)[0]
            raise CaseError(element_field("train.masks", bad), f"{masks[tuple(bad)]} is neither 0 nor 1")
        masks = masks != 0
    if dropout == 0 and not masks.all():
        bad = np.argwhere(~masks)[0]
        raise CaseError(element_field("train.masks", bad), "is 0, but with dropout 0 every mask is all ones")
    return masks


def _check_number(field, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CaseError(field, f"{value!r} is not a number")


def element_field(field: str, index: np.ndarray) -> str:
    """The field of one element, e.g. ``x[0][2]``."""
    return field + "".join(f"[{int(i)}]" for i in index)


def kind_of(value: object) -> str:
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


def describe(value: object) -> str:
    """A number as the Swift reader prints it (as a Double), anything else by its kind."""
    if kind_of(value) != "a number":
        return kind_of(value)
    try:
        return str(float(value))
    except OverflowError:
        return str(value)


# --------------------------------------------------------------------------
# Dropout masks and NumPy's generator
# --------------------------------------------------------------------------

def draw_masks(seed: int, epochs: int, batch: int, hidden: int, dropout: float) -> np.ndarray:
    """The spec's masks for ``mask_seed``: bool array (epochs, B, H).

    Exactly ``rng = np.random.default_rng(seed)`` then ``rng.random((B, H)) >= q``
    for each epoch in order. With ``dropout == 0`` every mask is all ones, and
    this returns ones without drawing (``rng.random(...) >= 0`` is always true,
    so the draw could not change them).
    """
    _check_seed(seed, "train.mask_seed")
    _check_epochs(epochs)
    check_dropout(dropout)
    if dropout == 0:
        return np.ones((epochs, batch, hidden), dtype=bool)
    rng = np.random.default_rng(seed)
    return np.stack([rng.random((batch, hidden)) >= dropout for _ in range(epochs)])


def random_doubles(seed: int, count: int) -> np.ndarray:
    """``np.random.default_rng(seed).random(count)``: test vectors for a PCG64 port."""
    _check_seed(seed, "seed")
    return np.random.default_rng(seed).random(count)


def _check_seed(seed, field):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise CaseError(field, f"{seed!r} is not an integer in [0, 2**64 - 1]")


if __name__ == "__main__":
    # The script is reference_cli's, which imports this file again as nnparity_reference, the
    # module every other caller uses. Its folder goes on the path even where Python leaves it
    # off (-P, -I, PYTHONSAFEPATH): the script ran there when it imported only NumPy.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import reference_cli

    sys.exit(reference_cli.main(sys.argv[1:]))
