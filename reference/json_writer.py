"""JSON as the NumPy reference writes it: results, goldens and rng vectors.

Deterministic: keys in the order given, numbers in shortest round-trip form
(float32 numbers as the shortest text of the float32 value), non-finite numbers as
the strings "NaN", "Infinity", "-Infinity", optionally pretty-printed with a
matrix one row per line.
"""

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from nnparity_reference import RESULT_KEYS, TRAIN_RESULT_KEYS


class JsonNumber(str):
    """Text of a JSON number, written unquoted by :func:`dump_json`."""


# What dump_json writes: objects, arrays, strings and JsonNumber leaves.
JsonValue = dict[str, "JsonValue"] | list["JsonValue"] | str


def format_number(value: float | np.floating | np.integer) -> str:
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


def to_json_value(value: Any) -> JsonValue:
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


def dump_json(value: JsonValue, pretty: bool = False, indent: str = "") -> str:
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


def result_to_json(result: Mapping[str, Any]) -> JsonValue:
    """A :func:`case_reader.run_case` result as a :func:`dump_json` tree, keys in the spec's order."""
    return to_json_value({k: result[k] for k in ("name",) + RESULT_KEYS + TRAIN_RESULT_KEYS if k in result})


def format_result_json(result: Mapping[str, Any]) -> str:
    """One line of JSON for a :func:`case_reader.run_case` result, keys in the spec's order."""
    return dump_json(result_to_json(result))
