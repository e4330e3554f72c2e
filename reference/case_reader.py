"""The case file reader of the NumPy reference: ``nnparity.case/1`` files read and checked as
the Swift reader (``nnparity evaluate``) reads and checks them, and run on
:mod:`nnparity_reference`.

* :func:`load_case_file` reads a file (``-``: standard input): a leading UTF-8 BOM is skipped,
  JSON's syntax and the limits (nesting depth, values per file) are checked before ``json``
  builds anything, a repeated key is recorded;
* :func:`parse_case` checks a case (a dict as ``json.load`` gives it) into a :class:`Case`, the
  arrays rounded to its dtype, with the Swift reader's checks in its order and its messages, so
  that both name the same field for the same bad case;
* :func:`run_case` and :func:`run_parsed` evaluate (and train) a case: the spec's result.
"""

import json
import math
import re
import sys
from typing import Any, NamedTuple

import numpy as np

from nnparity_reference import (
    DTYPES,
    MAX_SEED,
    REDUCTIONS,
    SEMANTICS,
    CaseError,
    check_arrays,
    check_dropout,
    check_masks,
    check_options,
    check_shapes,
    describe,
    draw_masks,
    element_field,
    evaluate,
    kind_of,
    train,
)

CASE_SCHEMA = "nnparity.case/1"
# The case reader's limits, those of the Swift reader (JSONLimits, CaseLimits): nesting depth
# and values per file; the hidden layer's B×H values and the epochs are held to MAX_VALUES too.
MAX_DEPTH = 64
MAX_VALUES = 50_000_000
MAX_TRAINING_WORK = 1e12
MAX_EPOCHS = 2**31 - 1


class TrainSpec(NamedTuple):
    """The ``train`` part of a parsed case; ``masks`` is bool (epochs, B, H)."""
    epochs: int
    learning_rate: float
    dropout: float
    masks: np.ndarray


class Case(NamedTuple):
    """A validated case: arrays already rounded to ``dtype``."""
    name: str | None
    dtype: type
    semantics: str
    loss_epsilon: float
    reduction: str
    x: np.ndarray
    y: np.ndarray
    w1: np.ndarray
    w2: np.ndarray
    train: TrainSpec | None

    def options(self) -> dict[str, str | float]:
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


def parse_case(case: Any) -> Case:
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
        raise CaseError("schema", f"expected a string, found {kind_of(schema)}")
    if schema != CASE_SCHEMA:
        raise CaseError("schema", f'unknown schema "{schema}" (this version reads "{CASE_SCHEMA}")')
    _reject_unknown(case, CASE_KEYS, "")
    name = case.get("name")
    if "name" in case and not isinstance(name, str):
        raise CaseError("name", f"expected a string, found {kind_of(name)}")
    dtype = DTYPES[_choice(case, "dtype", tuple(DTYPES), "float64")]
    semantics = _choice(case, "semantics", SEMANTICS, "reference")
    loss_epsilon = _finite(case.get("loss_epsilon", 0.0), "loss_epsilon")
    if loss_epsilon < 0:
        raise CaseError("loss_epsilon", "must be 0 or more")
    reduction = _choice(case, "reduction", REDUCTIONS, "sum")
    matrices = [_matrix(case, field) for field in ("x", "y", "w1", "w2")]
    check_shapes(*matrices)
    (batch, inputs), (hidden, outputs) = matrices[0].shape, matrices[3].shape
    if float(batch) * float(hidden) > MAX_VALUES:
        raise CaseError("w1", f"the hidden layer is B×H = {batch}×{hidden} values, over the limit "
                              f"of {MAX_VALUES}")
    _check_case_values(dtype, *matrices)
    with np.errstate(over="ignore"):
        arrays = [m.astype(dtype) for m in matrices]
    check_arrays(*arrays)
    check_options(np.dtype(dtype), semantics, loss_epsilon, reduction)
    train_spec = None
    if "train" in case:
        train_spec = _parse_train(case["train"], batch, inputs, hidden, outputs)
    return Case(name, dtype, semantics, float(loss_epsilon), reduction, *arrays, train_spec)


def _check_object(value, field, prefix):
    """A JSON object without a repeated key (``load_case_file`` records one)."""
    if not isinstance(value, dict):
        raise CaseError(field, f"expected an object, found {kind_of(value)}")
    if getattr(value, "duplicate", None) is not None:
        raise CaseError(prefix + value.duplicate, "appears twice")


def _number_error(value):
    """Why ``value`` is not a finite JSON number, or None when it is one."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return f"expected a number, found {kind_of(value)}"
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
        raise CaseError(key, f"expected a string, found {kind_of(value)}")
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
                raise CaseError(element_field(field, bad),
                                f"{float(m[tuple(bad)])} overflows to infinity in float32")
    if (y < 0).any():
        raise CaseError(element_field("y", np.argwhere(y < 0)[0]), "targets must be non-negative")


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
        raise CaseError("train.epochs", f"must be a positive whole number, found {describe(epochs)}")
    lr = _finite(train_obj["learning_rate"], "train.learning_rate")
    dropout = _finite(train_obj["dropout"], "train.dropout")
    check_dropout(dropout)
    seed = train_obj.get("mask_seed")
    if "masks" in train_obj:
        masks = _mask_list(train_obj["masks"], epochs, batch, hidden, dropout)
    elif "mask_seed" in train_obj:
        if not _is_whole(seed, 0, MAX_SEED):
            raise CaseError("train.mask_seed",
                            f"must be a whole number from 0 to 2^64 − 1, found {describe(seed)}")
    elif dropout != 0:
        raise CaseError("train.masks", f"dropout is {dropout} but neither masks nor mask_seed is given")
    _check_training_limits(epochs, batch, inputs, hidden, outputs)
    if "mask_seed" in train_obj:
        masks = draw_masks(seed, epochs, batch, hidden, dropout)
    elif "masks" not in train_obj:
        masks = np.ones((epochs, batch, hidden), dtype=bool)
    masks = check_masks(masks, epochs, batch, hidden, dropout)
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
        raise CaseError(field, f"expected an array of masks, found {kind_of(value)}")
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
            raise CaseError(element_field(mask_field, bad),
                            f"mask entries must be 0 or 1, found {float(mask[tuple(bad)])}")
        if dropout == 0 and not mask.all():
            raise CaseError(element_field(mask_field, np.argwhere(mask == 0)[0]),
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
        raise CaseError(field, f"expected a matrix (array of rows), found {kind_of(value)}")
    if not value:
        raise CaseError(field, "the matrix has no rows")
    width = None
    for i, row in enumerate(value):
        if not isinstance(row, list):
            raise CaseError(f"{field}[{i}]", f"expected a row (array), found {kind_of(row)}")
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


def run_case(case: Any) -> dict[str, Any]:
    """Evaluate a spec case dict; returns the spec result dict.

    Keys: ``name`` (only when the case has one), ``probs``, ``loss``,
    ``grad_w1``, ``grad_w2``, and with ``train`` also ``trained_w1``,
    ``trained_w2``, ``losses``; values are ndarrays / NumPy scalars of the
    case's dtype.
    """
    parsed = parse_case(case)
    return run_parsed(parsed)


def run_parsed(parsed: Case) -> dict[str, Any]:
    """:func:`run_case` for an already parsed :class:`Case`."""
    result = {} if parsed.name is None else {"name": parsed.name}
    result.update(evaluate(parsed.x, parsed.y, parsed.w1, parsed.w2, **parsed.options()))
    if parsed.train is not None:
        t = parsed.train
        result.update(train(parsed.x, parsed.y, parsed.w1, parsed.w2, t.masks, epochs=t.epochs,
                            learning_rate=t.learning_rate, dropout=t.dropout, **parsed.options()))
    return result


# --------------------------------------------------------------------------
# Files
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


def load_case_file(path: str) -> Any:
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
