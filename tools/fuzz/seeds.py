#!/usr/bin/env python3
"""Writes the case-reader fuzzer's seed corpus into OUT_DIR.

Seeds: the `case` object of every golden (reference/golden/*.json), the smallest goldens
whole (so the golden reader is reached), and bad inputs of every class the case reader
rejects (the classes of Tests/NNParityCommandTests/EvaluateCommandTests.swift).

Usage: tools/fuzz/seeds.py OUT_DIR
"""

import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX_LEN = 65536  # tools/fuzz/run's -max_len

NOTEBOOK = (
    '{"schema": "nnparity.case/1", "name": "notebook", "dtype": "float64", '
    '"semantics": "reference", "loss_epsilon": 1e-7, "reduction": "sum", '
    '"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "y": [[0, 1], [1, 0]], '
    '"w1": [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2]], '
    '"w2": [[0.2, 0.3], [0.4, 0.5], [0.6, 0.7], [0.8, 0.9]]'
)


def case(extra: str = "") -> str:
    """The notebook case with `extra` members appended."""
    return NOTEBOOK + extra + "}"


def edit(old: str, new: str) -> str:
    """The notebook case with `old` replaced by `new`."""
    text = case()
    assert old in text, old
    return text.replace(old, new)


TRAIN = ', "train": {"epochs": 2, "learning_rate": 0.01, "dropout": 0.5, "mask_seed": 7}'
MASKS = (
    ', "train": {"epochs": 1, "learning_rate": 0.01, "dropout": 0.5, '
    '"masks": [[[1, 0, 1, 1], [0, 1, 1, 0]]]}'
)

BAD = {
    "not-json": "this is not json",
    "empty": "",
    "whitespace": " \n\t ",
    "array": "[1, 2, 3]",
    "null": "null",
    "number": "1e400",
    "deep-nesting": "[" * 60_000,
    "deep-nesting-closed": "[" * 70 + "]" * 70,
    "deep-object": '{"a":' * 70 + "1" + "}" * 70,
    "truncated": NOTEBOOK,
    "trailing-garbage": NOTEBOOK + "} x",
    "two-documents": NOTEBOOK + "} {}",
    "bom": "\ufeff" + NOTEBOOK + "}",
    "unknown-schema": edit("nnparity.case/1", "nnparity.case/9"),
    "missing-schema": edit('"schema": "nnparity.case/1", ', ""),
    "missing-y": edit('"y": [[0, 1], [1, 0]], ', ""),
    "string-for-number": edit("0.5, 0.6", '"0.5", 0.6'),
    "bool-for-number": edit("0.5, 0.6", "true, 0.6"),
    "null-for-matrix": edit('"x": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]', '"x": null'),
    "ragged-rows": edit("[4.0, 5.0, 6.0]", "[4.0, 5.0]"),
    "row-not-array": edit("[4.0, 5.0, 6.0]", "4.0"),
    "empty-matrix": edit('"y": [[0, 1], [1, 0]]', '"y": []'),
    "empty-row": edit('"y": [[0, 1], [1, 0]]', '"y": [[], []]'),
    "x-y-rows": edit('"y": [[0, 1], [1, 0]]', '"y": [[0, 1]]'),
    "w1-rows": edit("[0.9, 1.0, 1.1, 1.2]]", "[0.9, 1.0, 1.1, 1.2], [1, 1, 1, 1]]"),
    "w2-rows": edit("[0.8, 0.9]]", "[0.8, 0.9], [1, 1]]"),
    "o-is-1": edit('"y": [[0, 1], [1, 0]]', '"y": [[1], [1]]').replace(
        '"w2": [[0.2, 0.3], [0.4, 0.5], [0.6, 0.7], [0.8, 0.9]]', '"w2": [[0.2], [0.4], [0.6], [0.8]]'
    ),
    "overflow-1e400": edit("1.0, 2.0", "1e400, 2.0"),
    "overflow-float32": edit("float64", "float32").replace("1.0, 2.0", "1e39, 2.0"),
    "underflow": edit("1.0, 2.0", "1e-400, 2.0"),
    "huge-exponent": edit("1.0, 2.0", "1e99999999999999999999, 2.0"),
    "long-mantissa": edit("1.0, 2.0", "0." + "0" * 3000 + "1, 2.0"),
    "negative-target": edit('"y": [[0, 1]', '"y": [[-1, 1]'),
    "dtype-float16": edit("float64", "float16"),
    "semantics-torch": edit('"semantics": "reference"', '"semantics": "torch"'),
    "reduction-max": edit('"reduction": "sum"', '"reduction": "max"'),
    "negative-epsilon": edit("1e-7", "-1e-7"),
    "train": case(TRAIN),
    "train-masks": case(MASKS),
    "train-dropout-1": case(TRAIN.replace('"dropout": 0.5', '"dropout": 1')),
    "train-epochs-0": case(TRAIN.replace('"epochs": 2', '"epochs": 0')),
    "train-epochs-fraction": case(TRAIN.replace('"epochs": 2', '"epochs": 1.5')),
    "train-epochs-huge": case(TRAIN.replace('"epochs": 2', '"epochs": 2000000000')),
    "train-no-rate": case(TRAIN.replace('"learning_rate": 0.01, ', "")),
    "train-no-masks": case(TRAIN.replace(', "mask_seed": 7', "")),
    "train-both": case(MASKS.replace("}", ', "mask_seed": 7}')),
    "train-seed-max": case(TRAIN.replace('"mask_seed": 7', '"mask_seed": 18446744073709551615')),
    "train-seed-over": case(TRAIN.replace('"mask_seed": 7', '"mask_seed": 18446744073709551616')),
    "train-seed-negative": case(TRAIN.replace('"mask_seed": 7', '"mask_seed": -1')),
    "masks-too-few": case(MASKS.replace('"epochs": 1', '"epochs": 2')),
    "masks-shape": case(MASKS.replace("[0, 1, 1, 0]", "[0, 1, 1]")),
    "masks-not-0-1": case(MASKS.replace("[0, 1, 1, 0]", "[0, 0.5, 1, 0]")),
    "masks-not-array": case(MASKS.replace("[[[1, 0, 1, 1], [0, 1, 1, 0]]]", '"ones"')),
    "train-not-object": case(', "train": [1, 2]'),
    "unknown-field": case(', "learnig_rate": 0.1'),
    "duplicate-field": case(', "name": "again"'),
    "name-surrogate-pair": edit('"notebook"', '"\\ud83d\\ude00"'),
    "name-unpaired-high": edit('"notebook"', '"\\ud800"'),
    "name-unpaired-low": edit('"notebook"', '"\\udc00x"'),
    "name-escapes": edit('"notebook"', '"\\n\\t\\"\\\\\\/\\b\\f\\r\\u0000"'),
    "name-control": edit('"notebook"', '"a\x01b"'),
    "key-newline": case(', "a\\nb": 1'),
    "name-number": edit('"notebook"', "7"),
    "golden-schema": '{"schema": "nnparity.golden/9", "case": ' + NOTEBOOK + "}}",
    "golden-no-expected": '{"schema": "nnparity.golden/1", "case": ' + NOTEBOOK + "}}",
}

BAD_BYTES = {
    "invalid-utf8": (NOTEBOOK + "}").replace("notebook", "note\x00book").encode().replace(b"\x00", b"\xff"),
    "overlong-utf8": (NOTEBOOK + "}").replace("notebook", "note\x00book").encode().replace(b"\x00", b"\xc0\xaf"),
    "nul-outside": b"{\x00}",
    "lone-bom": b"\xef\xbb\xbf",
    "double-bom": b"\xef\xbb\xbf\xef\xbb\xbf{}",
}


def main() -> None:
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    goldens = sorted(glob.glob(os.path.join(ROOT, "reference", "golden", "*.json")))
    whole = sorted(goldens, key=os.path.getsize)[:8]
    count = 0
    for path in goldens:
        name = os.path.basename(path)[: -len(".json")]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        seed = json.dumps(json.loads(text)["case"], separators=(",", ":")).encode()
        if len(seed) <= MAX_LEN:
            with open(os.path.join(out, "case-" + name), "wb") as f:
                f.write(seed)
            count += 1
        if path in whole and len(text.encode()) <= MAX_LEN:
            with open(os.path.join(out, "golden-" + name), "wb") as f:
                f.write(text.encode())
            count += 1
    for name, text in BAD.items():
        with open(os.path.join(out, "bad-" + name), "wb") as f:
            f.write(text.encode())
        count += 1
    for name, data in BAD_BYTES.items():
        with open(os.path.join(out, "bad-" + name), "wb") as f:
            f.write(data)
        count += 1
    print(f"{count} seeds in {out}")


if __name__ == "__main__":
    main()
