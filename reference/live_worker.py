"""One worker process of the audit's live reference, so that an audit can run the NumPy
reference on every core (an embedded interpreter runs Python on one core at a time).

A worker calls the very functions the embedded bridge calls (:mod:`nnparity_bridge`'s
``evaluate``, ``train`` and ``error_scales_of_arrays``) on the same arrays, so it gives the
same numbers; only the transport differs. Arrays travel as raw bytes (native byte order, C
order): a case's numbers as JSON text would cost more than the reference itself.

Protocol, on standard input and output, one request then one answer per case:

- request: one line of JSON, ``{"dtype", "semantics", "epsilon", "reduction", "shapes",
  "train", "masks"}`` -- ``shapes`` those of x, y, w1, w2; ``train`` null or ``{"epochs",
  "learning_rate", "dropout", "seed"}``; ``masks`` true when an epochs × B × H mask array
  follows -- then the bytes of x, y, w1, w2 (and the masks) in ``dtype``.
- answer: one line of JSON, ``{"error": "message"}``, or ``{"ok": true}`` followed by the
  float64 bytes of each result tensor in the result format's order (probs, loss, grad_w1,
  grad_w2, then trained_w1, trained_w2, losses when the case trains), then of each
  tensor's error scales in the same order.

End of input ends the worker.
"""

import io
import json
import select
import sys

import numpy as np

import nnparity_bridge as bridge


def read_request(stream):
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
    count = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    data = stream.read(count)
    if len(data) != count:
        raise EOFError("the request ended inside an array")
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


def answer(request, arrays, masks):
    """The result tensors, then their error scales, as the bridge computes them."""
    options = (request["semantics"], request["epsilon"], request["reduction"])
    probs, loss, grad_w1, grad_w2, _ = bridge.evaluate(*arrays, *options)
    tensors = [probs, loss, grad_w1, grad_w2]
    train = request["train"]
    if train is None:
        scales = bridge.error_scales_of_arrays(*arrays, *options, None, 0.0, 0.0, None, 0)
    else:
        schedule = (train["epochs"], train["learning_rate"], train["dropout"], masks, train["seed"])
        tensors += bridge.train(*arrays, *options, *schedule)
        scales = bridge.error_scales_of_arrays(*arrays, *options, *schedule)
    return tensors + list(scales)


def serve(requests, answers):
    """Answers every request until the input ends. Answers are flushed when no request is
    waiting, so a worker that is behind sends several at once."""
    while (read := read_request(requests)) is not None:
        try:
            tensors = answer(*read)
        except Exception as error:  # the reference's own error: this case's failure
            answers.write(json.dumps({"error": f"{type(error).__name__}: {error}"}).encode() + b"\n")
        else:
            answers.write(b'{"ok": true}\n')
            for tensor in tensors:
                answers.write(np.ascontiguousarray(tensor, dtype=np.float64).tobytes())
        if not _request_waiting(requests):
            answers.flush()


def _request_waiting(requests):
    """Whether more request bytes have arrived (False for a stream that cannot tell)."""
    try:
        return bool(select.select([requests], [], [], 0)[0])
    except (OSError, ValueError, io.UnsupportedOperation):
        return False


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
