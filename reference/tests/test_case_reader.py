"""The script's case reader rejects a bad case file as the Swift reader does (`nnparity evaluate`):
the same field, the same message, the same limits; it reads what the Swift reader reads."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import case_reader
import nnparity_reference as ref
import reference_cli

SCRIPT = str(Path(__file__).resolve().parents[1] / "nnparity_reference.py")

BASE = {"schema": "nnparity.case/1", "name": "n", "dtype": "float64", "semantics": "reference",
        "loss_epsilon": 0, "reduction": "sum", "x": [[1, 2, 3], [4, 5, 6]], "y": [[0, 1], [1, 0]],
        "w1": [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2]],
        "w2": [[0.2, 0.3], [0.4, 0.5], [0.6, 0.7], [0.8, 0.9]],
        "train": {"epochs": 2, "learning_rate": 0.01, "dropout": 0.4, "mask_seed": 7}}
TRAIN = BASE["train"]


def text(**changes: Any) -> str:
    """BASE with top-level fields replaced (None: removed), as JSON text."""
    case = {k: v for k, v in {**BASE, **changes}.items() if v is not None}
    return json.dumps(case)


def replaced(old: str, new: str, source: str | None = None) -> str:
    source = text() if source is None else source
    assert source.count(old) == 1, old
    return source.replace(old, new)


def deep(depth: int) -> str:
    """BASE with `name` an array nested so that the document is `depth` levels deep."""
    return replaced('"name": "n"', '"name": ' + "[" * (depth - 1) + "]" * (depth - 1))


# What `nnparity evaluate` prints for each file after "FILE: " (the Swift reader has no
# field for a file that is not JSON or not an object: the script says "(json)", "(case)").
SWIFT_ERRORS = [
    ("dup", replaced('"reduction": "sum"', '"reduction": "sum", "reduction": "mean"'),
     "reduction: appears twice"),
    ("dup-train", replaced('"epochs": 2', '"epochs": 2, "epochs": 3'), "train.epochs: appears twice"),
    ("dup-first", replaced('"name": "n"', '"name": "n", "name": "m"', text(schema="q")),
     "name: appears twice"),
    ("dup-in-element", replaced("[[1, 2, 3]", '[[1, {"a": 1, "a": 2}, 3]'),
     "x[0][1]: expected a number, found an object"),
    ("not-object", "[1]", "(case): expected an object, found an array"),
    ("empty", " \n ", "(json): the file is empty"),
    ("deeper-than-64", deep(65), "(json): nesting deeper than 64, the limit"),
    ("nested-100000", "[" * 100_000 + "]" * 100_000, "(json): nesting deeper than 64, the limit"),
    ("64-deep", deep(64), "name: expected a string, found an array"),
    ("unpaired-surrogate", text(name="\ud800"), "(json): an unpaired surrogate in a string"),
    ("key-with-newline", replaced('"name"', '"na\\nme"'), "na\\nme: unknown field; did you mean name?"),
    ("schema-missing", text(schema=None), 'schema: missing (expected "nnparity.case/1")'),
    ("schema-number", text(schema=1), "schema: expected a string, found a number"),
    ("schema-unknown", text(schema="nnparity.case/2"),
     'schema: unknown schema "nnparity.case/2" (this version reads "nnparity.case/1")'),
    ("name-null", replaced('"name": "n"', '"name": null'), "name: expected a string, found null"),
    ("dtype", text(dtype="float16"), 'dtype: "float16" is not "float32" or "float64"'),
    ("semantics-null", replaced('"semantics": "reference"', '"semantics": null'),
     "semantics: expected a string, found null"),
    ("epsilon-negative", text(loss_epsilon=-1), "loss_epsilon: must be 0 or more"),
    ("epsilon-1e400", replaced('"loss_epsilon": 0', '"loss_epsilon": 1e400'),
     "loss_epsilon: the number overflows to infinity"),
    ("semantics-before-shapes", text(semantics="x", y=[[0, 1]]),
     'semantics: "x" is not "reference" or "notebook"'),
    ("x-missing", text(x=None), "x: missing"),
    ("x-string", text(x="a"), "x: expected a matrix (array of rows), found a string"),
    ("x-no-rows", text(x=[]), "x: the matrix has no rows"),
    ("x-empty-row", text(x=[[], [1]]), "x[0]: the row is empty"),
    ("x-row-number", text(x=[[1, 2, 3], 4]), "x[1]: expected a row (array), found a number"),
    ("x-ragged", text(x=[[1, 2, 3], [4, 5]]), "x[1]: ragged rows: this row has 2 numbers, row 0 has 3"),
    ("x-element-string", text(x=[[1, 2, 3], [4, 5, "6"]]), "x[1][2]: expected a number, found a string"),
    ("x-1e400-before-y", replaced("[[1, 2, 3]", "[[1, 2, 1e400]", text(y=[["a", 1], [1, 0]])),
     "x[0][2]: the number overflows to infinity"),
    ("x-400-digits", replaced("[[1, 2, 3]", "[[1, 2, 1" + "0" * 400 + "]"),
     "x[0][2]: the number overflows to infinity"),
    ("w1-shape", text(w1=[[1, 2, 3]] * 3),
     "w1: is 3×3, which does not fit x (2×3) and w2 (4×2): expected I×H = 3×4"),
    ("one-output", text(y=[[1], [1]], w2=[[1]] * 4), "w2: has 1 column; O must be at least 2"),
    ("float32-overflow", text(dtype="float32", x=[[1, 2, 1e39], [4, 5, 6]]),
     "x[0][2]: 1e+39 overflows to infinity in float32"),
    ("float32-target-below-0", text(dtype="float32", y=[[-1e-50, 1], [1, 0]]),
     "y[0][0]: targets must be non-negative"),
    ("train-array", text(train=[]), "train: expected an object, found an array"),
    ("train-empty", text(train={}), "train.epochs: missing"),
    ("dropout-missing", text(train={"epochs": 1, "learning_rate": 0.1}),
     "train.dropout: missing (0 for no dropout)"),
    ("epochs-1.0", text(train=dict(TRAIN, epochs=1.0)),
     "train.epochs: must be a positive whole number, found 1.0"),
    ("epochs-over-int32", text(train={"epochs": 2**31, "learning_rate": 0.1, "dropout": 0.4,
                                      "masks": [[[1] * 4] * 2]}),
     "train.epochs: must be a positive whole number, found 2147483648.0"),
    ("learning-rate-string", text(train=dict(TRAIN, learning_rate="0.01")),
     "train.learning_rate: expected a number, found a string"),
    ("dropout-1", text(train=dict(TRAIN, dropout=1)), "train.dropout: 1.0 is outside [0, 1)"),
    ("masks-number", text(train={"epochs": 2, "learning_rate": 0.1, "dropout": 0.4, "masks": 5}),
     "train.masks: expected an array of masks, found a number"),
    ("masks-count", text(train={"epochs": 2, "learning_rate": 0.1, "dropout": 0.4, "masks": [[[1] * 4] * 2]}),
     "train.masks: has 1 masks, expected one per epoch (2)"),
    ("mask-shape", text(train={"epochs": 1, "learning_rate": 0.1, "dropout": 0.4, "masks": [[[1] * 3] * 2]}),
     "train.masks[0]: is 2×3, expected B×H = 2×4"),
    ("mask-2", text(train={"epochs": 1, "learning_rate": 0.1, "dropout": 0.4, "masks": [[[1, 0, 2, 1], [1] * 4]]}),
     "train.masks[0][0][2]: mask entries must be 0 or 1, found 2.0"),
    ("mask-by-mask", text(train={"epochs": 2, "learning_rate": 0.1, "dropout": 0,
                                 "masks": [[[1, 0, 1, 1], [1] * 4], [[1] * 3] * 2]}),
     "train.masks[0][0][1]: dropout is 0, so every mask entry must be 1"),
    ("seed-minus-0", replaced('"mask_seed": 7', '"mask_seed": -0'),
     "train.mask_seed: must be a whole number from 0 to 2^64 − 1, found -0.0"),
    ("seed-7.5", text(train=dict(TRAIN, mask_seed=7.5)),
     "train.mask_seed: must be a whole number from 0 to 2^64 − 1, found 7.5"),
]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    return path


@pytest.mark.parametrize("name,content,expected", SWIFT_ERRORS, ids=[row[0] for row in SWIFT_ERRORS])
def test_bad_case_file_gets_the_swift_readers_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                                    content: str, expected: str) -> None:
    path = write(tmp_path, name, content)
    assert reference_cli.main([str(path)]) == 1
    assert capsys.readouterr().err == f"{path}: {expected}\n"


def test_huge_epochs_are_rejected_at_once_not_run(tmp_path: Path) -> None:
    """"epochs": 10^30 with a mask seed drew masks until killed."""
    path = write(tmp_path, "epochs", replaced('"epochs": 2', '"epochs": 1' + "0" * 30))
    try:
        proc = subprocess.run([sys.executable, SCRIPT, str(path)], capture_output=True, text=True,
                              timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail("the script was still running after 15 s")
    assert proc.returncode == 1
    assert proc.stderr == f"{path}: train.epochs: must be a positive whole number, found 1e+30\n"


def _shape(batch, inputs, hidden, outputs=2):
    return {"x": [[1.0] * inputs] * batch, "y": [[1.0] + [0.0] * (outputs - 1)] * batch,
            "w1": [[1.0] * hidden] * inputs, "w2": [[1.0] * outputs] * hidden}


# Checked with parse_case alone: these cases are cheap to parse without the limits, and slow or
# huge to run.
LIMITS = [
    ("hidden-layer", dict(BASE, train=None, **_shape(8000, 1, 8000)),
     "w1", "the hidden layer is B×H = 8000×8000 values, over the limit of 50000000"),
    # 5·10^7 × (3·1·1·(7000 + 2) + 1000) = 1.1·10^12
    ("training-work", dict(BASE, **_shape(1, 7000, 1),
                           train={"epochs": 50_000_000, "learning_rate": 0.1, "dropout": 0}),
     "train.epochs", "epochs × size is 1.1e+12, over the limit of 1e+12"),
    ("epochs-over-values", dict(BASE, **_shape(1, 1, 1),
                                train={"epochs": 50_000_001, "learning_rate": 0.1, "dropout": 0}),
     "train.epochs", "50000001 epochs give as many losses, over the limit of 50000000 values"),
]


@pytest.mark.parametrize("name,case,field,message", LIMITS, ids=[row[0] for row in LIMITS])
def test_case_limits_are_the_swift_readers(name: str, case: dict[str, Any], field: str, message: str) -> None:
    case = {k: v for k, v in case.items() if v is not None}
    with pytest.raises(ref.CaseError) as err:
        case_reader.parse_case(case)
    assert (err.value.field, err.value.message) == (field, message)


def _count_values(value):
    if isinstance(value, dict):
        return 1 + sum(_count_values(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_count_values(v) for v in value)
    return 1


@pytest.mark.parametrize("content", [
    text(),
    '{"a": [], "b": {}, "c": [[], [1, "x,[{\\"]}", {"d": [ ]}]], "e": null} ',
    '"just a string, [with] {brackets}"',
], ids=["case", "empty-containers-and-strings", "string"])
def test_values_per_file_are_counted_as_the_swift_reader_counts_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     content: str) -> None:
    """Values, not keys: the limit is exactly the number of values a file may hold."""
    path = write(tmp_path, "values", content)
    count = _count_values(json.loads(content))
    monkeypatch.setattr(case_reader, "MAX_VALUES", count)
    case_reader.load_case_file(str(path))
    monkeypatch.setattr(case_reader, "MAX_VALUES", count - 1)
    with pytest.raises(ref.CaseError) as err:
        case_reader.load_case_file(str(path))
    assert str(err.value) == f"(json): more than {count - 1} values, the limit"


def test_a_leading_bom_is_skipped_as_the_swift_reader_skips_it(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    plain, bom, two = (write(tmp_path, name, prefix + text().encode())
                       for name, prefix in (("plain", b""), ("bom", b"\xef\xbb\xbf"),
                                            ("two", b"\xef\xbb\xbf" * 2)))
    assert reference_cli.main([str(plain), str(bom)]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first == second
    assert reference_cli.main([str(two)]) == 1
    assert capsys.readouterr().err.startswith(f"{two}: (json): ")


def test_integers_read_as_the_swift_reader_reads_them(tmp_path: Path) -> None:
    """-0 is -0.0 (json makes it the int 0); a surrogate pair is a character, not an error."""
    source = replaced("[[1, 2, 3]", "[[-0, 2, 3]", replaced('"name": "n"', '"name": "\\ud83d\\ude00"'))
    case = case_reader.parse_case(case_reader.load_case_file(str(write(tmp_path, "case", source))))
    assert np.signbit(case.x[0, 0]) and case.name == "\U0001F600"
