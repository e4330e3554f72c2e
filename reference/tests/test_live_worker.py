"""The audit's worker process (live_worker.py): its stream carries each request's numbers
back bit for bit, in order, and a case the reference rejects is that case's error.
(That the numbers are the embedded bridge's is checked from Swift: WorkerPoolTests.)"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import case_reader
import catalogue
import live_worker
import nnparity_bridge as bridge

CASES = {c["name"]: c for c in catalogue.cases()}


def request(case: dict[str, Any],
            number: int = 0) -> tuple[bytes, dict[str, Any], list[np.ndarray], np.ndarray | None]:
    """The request bytes Swift sends for a catalogue case (as case ``number``), and the
    bridge's arguments."""
    parsed = case_reader.parse_case(case)
    arrays = [parsed.x, parsed.y, parsed.w1, parsed.w2]
    header = {"case": number, "dtype": np.dtype(parsed.dtype).name, "semantics": parsed.semantics,
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


def bridge_answer(header: dict[str, Any], arrays: list[np.ndarray], masks: np.ndarray | None) -> list[memoryview]:
    """What the worker computes for one request, in the answer's order, as buffers
    (:func:`live_worker.answer`; that its numbers are the embedded bridge's is checked from
    Swift, WorkerPoolTests: here, the transport)."""
    return [memoryview(t) for t in live_worker.answer(header, arrays, masks)]


def read_answers(data: bytes, count: int) -> list[tuple[dict[str, Any], list[bytes]]]:
    """The ``count`` answers in ``data``: for each, its JSON line and its arrays' bytes."""
    stream, answers = io.BytesIO(data), []
    for _ in range(count):
        line = json.loads(stream.readline())
        arrays = []
        for _format, itemsize, shape in line.get("arrays", []):
            arrays.append(stream.read(itemsize * int(np.prod(shape, dtype=np.int64))))
        answers.append((line, arrays))
    assert stream.read() == b"", "more bytes than the answers"
    return answers


def layouts(views: list[memoryview]) -> list[list[Any]]:
    return [[v.format, v.itemsize, list(v.shape)] for v in views]


def test_answers_come_back_bit_for_bit_in_order() -> None:
    """Every catalogue case (explicit masks, mask seeds, no training, both dtypes and
    semantics) in one stream: each answer bit for bit the worker's numbers for it."""
    requests, expected = b"", []
    for number, case in enumerate(CASES.values()):
        data, header, arrays, masks = request(case, number)
        requests += data
        expected.append(bridge_answer(header, arrays, masks))
    out = io.BytesIO()
    live_worker.serve(io.BytesIO(requests), out)
    answers = read_answers(out.getvalue(), len(expected))
    assert len(answers) == len(CASES)
    for number, (name, (line, arrays), want) in enumerate(zip(CASES, answers, expected)):
        assert line == {"case": number, "ok": True, "arrays": layouts(want)}, name
        assert arrays == [w.tobytes() for w in want], name


def test_a_rejected_case_is_its_error_and_the_stream_goes_on() -> None:
    good, header, arrays, masks = request(CASES["notebook-task2-numpy-float64"], 8)
    bad_header = dict(header, case=7, shapes=[header["shapes"][0], header["shapes"][1],
                                      header["shapes"][2], [header["shapes"][3][0], 1]])
    body = b"".join(a.tobytes() for a in arrays[:3]) + arrays[3][:, :1].copy().tobytes()
    bad = json.dumps(bad_header).encode() + b"\n" + body
    out = io.BytesIO()
    live_worker.serve(io.BytesIO(bad + good), out)
    want = bridge_answer(header, arrays, masks)
    (first, _), (second, got) = read_answers(out.getvalue(), 2)
    assert first["case"] == 7 and "w2" in first["error"], first
    assert second == {"case": 8, "ok": True, "arrays": layouts(want)}
    assert got == [w.tobytes() for w in want]


def test_arrays_are_described_as_the_bridge_returns_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tensor of another dtype or shape is sent as it is, described as it is, for Swift
    to reject as it rejects the embedded bridge's; the loss goes as the float read from it."""
    real = bridge.evaluate

    def wrong(*args):
        probs, loss, grad_w1, grad_w2, seconds = real(*args)
        return probs[:, :1].astype(np.float16), np.float32(loss), grad_w1, grad_w2, seconds

    monkeypatch.setattr(bridge, "evaluate", wrong)
    data, header, arrays, _ = request(CASES["notebook-task2-numpy-float64"])
    out = io.BytesIO()
    live_worker.serve(io.BytesIO(data), out)
    ((line, got),) = read_answers(out.getvalue(), 1)
    probs = real(*arrays, header["semantics"], header["epsilon"], header["reduction"])[0]
    assert line["arrays"][0] == ["e", 2, [probs.shape[0], 1]]
    assert got[0] == probs[:, :1].astype(np.float16).tobytes()
    assert line["arrays"][1] == ["d", 8, []]


def test_a_tensor_without_a_buffer_is_that_cases_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = bridge.evaluate
    monkeypatch.setattr(bridge, "evaluate", lambda *a: (real(*a)[0].tolist(),) + real(*a)[1:])
    data, *_ = request(CASES["notebook-task2-numpy-float64"])
    out = io.BytesIO()
    live_worker.serve(io.BytesIO(data), out)
    ((line, _),) = read_answers(out.getvalue(), 1)
    assert line["error"].startswith("TypeError"), line


def test_a_reference_that_exits_fails_only_that_case(monkeypatch: pytest.MonkeyPatch) -> None:
    """SystemExit from the reference is that case's error, as in the embedded bridge (where
    it is a Python exception like any other), not the end of the worker and its cases."""
    real = bridge.evaluate
    calls = []

    def gives_up(*args):
        calls.append(1)
        if len(calls) == 1:
            raise SystemExit("the reference gave up")
        return real(*args)

    monkeypatch.setattr(bridge, "evaluate", gives_up)
    data, header, arrays, masks = request(CASES["notebook-task2-numpy-float64"])
    out = io.BytesIO()
    live_worker.serve(io.BytesIO(data + data), out)
    monkeypatch.setattr(bridge, "evaluate", real)
    want = bridge_answer(header, arrays, masks)
    (first, _), (second, got) = read_answers(out.getvalue(), 2)
    assert first == {"case": 0, "error": "SystemExit: the reference gave up"}
    assert second == {"case": 0, "ok": True, "arrays": layouts(want)}
    assert got == [w.tobytes() for w in want]


def test_a_request_cut_short_ends_the_worker() -> None:
    data, *_ = request(CASES["notebook-task2-numpy-float64"])
    with pytest.raises(EOFError):
        live_worker.serve(io.BytesIO(data[:-1]), io.BytesIO())


def test_what_python_prints_as_it_starts_comes_before_the_ready_line(tmp_path: Path) -> None:
    """A sitecustomize that prints (flushed, and straight to file descriptor 1) writes before
    the worker can keep standard output to itself; the ready line tells the reader where the
    answers start, and what is printed at exit goes to standard error."""
    (tmp_path / "sitecustomize.py").write_text(
        "import atexit, os\n"
        "print('{\"case\": 0, \"error\": \"printed by sitecustomize\"}', flush=True)\n"
        "os.write(1, b'an unfinished line')\n"
        "atexit.register(print, 'goodbye from sitecustomize')\n")
    data, header, arrays, masks = request(CASES["notebook-task2-numpy-float64"])
    environment = dict(os.environ, PYTHONPATH=str(tmp_path))
    environment.pop("NNPARITY_WORKER_SYS_PATH", None)
    done = subprocess.run([sys.executable, live_worker.__file__], input=data,
                          capture_output=True, env=environment, timeout=120, check=True)
    printed, ready, answers = done.stdout.partition(b"\n" + live_worker.READY_LINE + b"\n")
    assert ready, done.stdout[:500]
    assert printed == b'{"case": 0, "error": "printed by sitecustomize"}\nan unfinished line'
    want = bridge_answer(header, arrays, masks)
    ((line, got),) = read_answers(answers, 1)
    assert line == {"case": 0, "ok": True, "arrays": layouts(want)}
    assert got == [w.tobytes() for w in want]
    assert b"goodbye from sitecustomize" in done.stderr


@pytest.mark.parametrize("shape", [[2, -1], [-2, -3], [2.0, 3], [1, None], ["2", 3], [True, 3],
                                   [3, False]])
def test_a_request_array_of_a_size_that_is_not_a_whole_number_ends_the_worker(shape: list[object]) -> None:
    """A size that is negative, not an integer, or a JSON boolean (Python's bool is an int)
    is the request's error: nothing of the stream is read for it."""
    stream = io.BytesIO(bytes(64))
    with pytest.raises(ValueError, match=r"the request's shape .* is not a list of sizes"):
        live_worker._read_array(stream, np.dtype("float64"), shape)
    assert stream.tell() == 0


def test_request_arrays_of_zero_and_many_elements_read_exactly_their_bytes() -> None:
    values = np.arange(12, dtype=np.float32)
    stream = io.BytesIO(values.tobytes() + b"rest")
    assert live_worker._read_array(stream, np.dtype("float32"), [0, 3]).shape == (0, 3)
    got = live_worker._read_array(stream, np.dtype("float32"), [3, 4])
    assert got.shape == (3, 4) and got.tobytes() == values.tobytes()
    assert stream.read() == b"rest"
