"""One worker process of the audit's live reference, so that an audit can run the NumPy
reference on every core (an embedded interpreter runs Python on one core at a time).

A worker calls the very functions the embedded bridge calls (:mod:`nnparity_bridge`'s
``evaluate``, ``train`` and ``error_scales_of_arrays``) on the same arrays, so it gives the
same numbers; only the transport differs. Arrays travel as raw bytes (native byte order, C
order): a case's numbers as JSON text would cost more than the reference itself.

Protocol, on standard input and output, one request then one answer per case:

- request: one line of JSON, ``{"case", "dtype", "semantics", "epsilon", "reduction",
  "shapes", "train", "masks"}`` -- ``case`` the case's number, which the answer repeats so
  that no answer can be taken for another case's; ``shapes`` those of x, y, w1, w2;
  ``train`` null or ``{"epochs", "learning_rate", "dropout", "seed"}``; ``masks`` true
  when an epochs × B × H mask array follows -- then the bytes of x, y, w1, w2 (and the
  masks) in ``dtype``.
- answer: one line of JSON, ``{"case", "error": "message"}``, or ``{"case", "ok": true,
  "arrays": [[format, itemsize, shape], ...]}`` followed by the bytes of each of those
  arrays: the result tensors in the result format's order (probs, loss, grad_w1, grad_w2,
  then trained_w1, trained_w2, losses when the case trains), then each tensor's error
  scales in the same order. Each array is described as the embedded bridge sees it through
  the buffer protocol (its ``memoryview``), so Swift checks its dtype and shape as it
  checks the embedded bridge's, and reads exactly the bytes sent whatever they are; the
  loss is sent as ``float(loss)``, the float64 the embedded bridge reads from it.

End of input ends the worker. Run as a script, the worker keeps standard output to itself:
whatever else writes to file descriptor 1 (a ``print``, a C library) goes to standard error,
so it cannot be read as an answer. What was written there before the script ran (by a
``sitecustomize``, ``usercustomize`` or ``.pth`` file, as Python starts) is not an answer
either: before its first answer, the worker writes a line break and then the line
``NNPARITY-WORKER-READY`` (``READY_LINE``), and everything up to and including that line is
to be skipped.
"""

import io
import json
import math
import os
import select
import sys
from typing import Any, BinaryIO

if __name__ == "__main__":
    sys.dont_write_bytecode = True  # this folder is the Swift package's resources too
    # Before NumPy and the reference are imported: the protocol gets its own copy of standard
    # output, and file descriptor 1 (where sys.stdout and C's stdout write) becomes standard
    # error.
    _ANSWERS = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    # The embedded bridge's sys.path: this folder (even when the interpreter leaves it off,
    # as with PYTHONSAFEPATH), then the path the interpreter found reported (given by Swift:
    # NNPARITY_PYTHON may be a wrapper that sets PYTHONPATH, which this bare interpreter
    # would not see).
    _GIVEN = os.environ.pop("NNPARITY_WORKER_SYS_PATH", None)
    sys.path[:] = [os.path.dirname(os.path.abspath(__file__))] + (
        json.loads(_GIVEN) if _GIVEN is not None else sys.path)

import numpy as np

import nnparity_bridge as bridge

READY_LINE = b"NNPARITY-WORKER-READY"


def read_request(stream: BinaryIO) -> tuple[dict[str, Any], list[np.ndarray], np.ndarray | None] | None:
    """``(request, [x, y, w1, w2], masks or None)``, or None at the end of input."""
    header = stream.readline()
    if not header:
        return None
    request = json.loads(header)
    dtype = np.dtype(request["dtype"])
    arrays = [_read_array(stream, dtype, shape) for shape in request["shapes"]]
    masks = None
    if request["masks"]:
        train = request["train"]
        batch, hidden = arrays[0].shape[0], arrays[2].shape[1]
        masks = _read_array(stream, dtype, (train["epochs"], batch, hidden))
    return request, arrays, masks


def _read_array(stream, dtype, shape):
    # type(n) is int: JSON's true and false are Python ints too, but no size.
    if any(type(n) is not int or n < 0 for n in shape):
        raise ValueError(f"the request's shape {shape} is not a list of sizes")
    count = math.prod(shape) * dtype.itemsize
    data = stream.read(count)
    if len(data) != count:
        raise EOFError("the request ended inside an array")
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


def answer(request: dict[str, Any], arrays: list[np.ndarray], masks: np.ndarray | None) -> list[np.ndarray]:
    """The result tensors, then their error scales, as the bridge returns them (the loss as
    the float the embedded bridge reads from it)."""
    options = (request["semantics"], request["epsilon"], request["reduction"])
    probs, loss, grad_w1, grad_w2, _ = bridge.evaluate(*arrays, *options)
    tensors = [probs, np.array(float(loss)), grad_w1, grad_w2]
    train = request["train"]
    if train is None:
        scales = bridge.error_scales_of_arrays(*arrays, *options, None, 0.0, 0.0, None, 0)
    else:
        schedule = (train["epochs"], train["learning_rate"], train["dropout"], masks, train["seed"])
        tensors += bridge.train(*arrays, *options, *schedule)
        scales = bridge.error_scales_of_arrays(*arrays, *options, *schedule)
    return tensors + list(scales)


def encode(arrays: list[np.ndarray]) -> tuple[list[list[Any]], list[bytes]]:
    """The answer line's ``arrays`` and the bytes that follow it: each array as the buffer
    protocol gives it to the embedded bridge, which asks for a C-contiguous buffer."""
    layouts, data = [], []
    for array in arrays:
        view = memoryview(array)
        if not view.c_contiguous:
            raise BufferError("ndarray is not C-contiguous")
        layouts.append([view.format, view.itemsize, list(view.shape)])
        data.append(view.tobytes())
    return layouts, data


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answers every request until the input ends. Answers are flushed when no request is
    waiting, so a worker that is behind sends several at once."""
    while (read := read_request(requests)) is not None:
        number = read[0].get("case")
        try:
            layouts, data = encode(answer(*read))
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # the reference's own error, even SystemExit, is this
            # case's failure, as the embedded bridge reports it; the stream goes on
            message = f"{type(error).__name__}: {error}"
            answers.write(json.dumps({"case": number, "error": message}).encode() + b"\n")
        else:
            line = {"case": number, "ok": True, "arrays": layouts}
            answers.write(json.dumps(line).encode() + b"\n")
            for chunk in data:
                answers.write(chunk)
        if not _request_waiting(requests):
            answers.flush()


def _request_waiting(requests):
    """Whether more request bytes have arrived (False for a stream that cannot tell)."""
    try:
        return bool(select.select([requests], [], [], 0)[0])
    except (OSError, ValueError, io.UnsupportedOperation):
        return False


if __name__ == "__main__":
    # After a line break, in case what was written before the script ran left a line
    # unfinished.
    _ANSWERS.write(b"\n" + READY_LINE + b"\n")
    _ANSWERS.flush()
    serve(sys.stdin.buffer, _ANSWERS)
