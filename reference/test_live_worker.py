"""The audit's worker process (live_worker.py): its stream carries each request's numbers
back bit for bit, in order, and a case the reference rejects is that case's error.
(That the numbers are the embedded bridge's is checked from Swift: WorkerPoolTests.)"""

import io
import json

import numpy as np
import pytest

import catalogue
import nnparity_reference as ref
import live_worker

CASES = {c["name"]: c for c in catalogue.cases()}


def request(case):
    """The request bytes Swift sends for a catalogue case, and the bridge's arguments."""
    parsed = ref.parse_case(case)
    arrays = [parsed.x, parsed.y, parsed.w1, parsed.w2]
    header = {"dtype": np.dtype(parsed.dtype).name, "semantics": parsed.semantics,
              "epsilon": float(case.get("loss_epsilon", 0.0)), "reduction": parsed.reduction,
              "shapes": [list(a.shape) for a in arrays], "train": None, "masks": False}
    masks = None
    if parsed.train is not None:
        seed = case["train"].get("mask_seed")
        header["train"] = {"epochs": parsed.train.epochs, "learning_rate": parsed.train.learning_rate,
                           "dropout": parsed.train.dropout, "seed": seed or 0}
        if seed is None:
            masks = parsed.train.masks.astype(parsed.x.dtype)
            header["masks"] = True
    body = b"".join(a.tobytes() for a in arrays + ([masks] if masks is not None else []))
    return json.dumps(header).encode() + b"\n" + body, header, arrays, masks


def bridge_answer(header, arrays, masks):
    """What the worker computes for one request, in the answer's order (:func:`answer`, whose
    numbers the Swift tests compare with the embedded bridge's: here, the transport)."""
    return [np.asarray(t, dtype=np.float64) for t in live_worker.answer(header, arrays, masks)]


def read_answers(data, expected_shapes):
    """The answers in ``data``: for each case, its JSON line and its float64 arrays."""
    stream, answers = io.BytesIO(data), []
    for shapes in expected_shapes:
        line = json.loads(stream.readline())
        arrays = []
        if line.get("ok"):
            for shape in shapes:
                count = int(np.prod(shape, dtype=np.int64))
                arrays.append(np.frombuffer(stream.read(8 * count), dtype=np.float64).reshape(shape))
        answers.append((line, arrays))
    assert stream.read() == b"", "more bytes than the answers"
    return answers


def test_answers_come_back_bit_for_bit_in_order():
    """Every catalogue case (explicit masks, mask seeds, no training, both dtypes and
    semantics) in one stream: each answer bit for bit the worker's numbers for it."""
    requests, expected = b"", []
    for case in CASES.values():
        data, header, arrays, masks = request(case)
        requests += data
        expected.append(bridge_answer(header, arrays, masks))
    out = io.BytesIO()
    live_worker.serve(io.BytesIO(requests), out)
    answers = read_answers(out.getvalue(), [[t.shape for t in e] for e in expected])
    assert len(answers) == len(CASES)
    for name, (line, arrays), want in zip(CASES, answers, expected):
        assert line == {"ok": True}, name
        assert len(arrays) == len(want), name
        for got, value in zip(arrays, want):
            assert got.tobytes() == value.tobytes(), name


def test_a_rejected_case_is_its_error_and_the_stream_goes_on():
    good, header, arrays, masks = request(CASES["notebook-task2-numpy-float64"])
    bad_header = dict(header, shapes=[header["shapes"][0], header["shapes"][1],
                                      header["shapes"][2], [header["shapes"][3][0], 1]])
    body = b"".join(a.tobytes() for a in arrays[:3]) + arrays[3][:, :1].copy().tobytes()
    bad = json.dumps(bad_header).encode() + b"\n" + body
    out = io.BytesIO()
    live_worker.serve(io.BytesIO(bad + good), out)
    want = bridge_answer(header, arrays, masks)
    (first, _), (second, got) = read_answers(out.getvalue(), [[], [t.shape for t in want]])
    assert "error" in first and "w2" in first["error"], first
    assert second == {"ok": True}
    assert [g.tobytes() for g in got] == [w.tobytes() for w in want]


def test_a_request_cut_short_ends_the_worker():
    data, *_ = request(CASES["notebook-task2-numpy-float64"])
    with pytest.raises(EOFError):
        live_worker.serve(io.BytesIO(data[:-1]), io.BytesIO())
