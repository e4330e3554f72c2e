"""The peers a user would time the Swift network against, for ``nnparity bench``.

:mod:`nnparity_reference` validates, converts and branches on epsilon and the
semantics; a user's own NumPy code does none of that. So the benchmark also
times the step as a user writes it -- the notebook's NumPy cells in the
``reference`` semantics (inverted dropout with a fixed keep-mask, log-softmax
loss, both gradients, the update) and nothing else -- and PyTorch's CPU step
with autograd when ``torch`` imports. Each runs with the BLAS threads given
(``threadpoolctl``; PyTorch's ``set_num_threads``) or the library's default.
"""

import time

import numpy as np

try:
    import threadpoolctl
except ImportError:  # threads cannot be limited; timings use the default
    threadpoolctl = None

try:
    import torch
except ImportError as _error:
    torch = None
    _TORCH_REASON = f"torch does not import ({_error})"
else:
    _TORCH_REASON = None


def plain_numpy_step(x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray, keep: np.ndarray, scale: float,
                     learning_rate: float) -> np.floating:
    """One SGD step in plain NumPy; updates ``w1`` and ``w2`` in place, returns the loss."""
    z1 = x @ w1
    a1 = np.maximum(z1, 0)
    d = a1 * keep * scale
    z2 = d @ w2
    s = z2 - z2.max(axis=1, keepdims=True)
    e = np.exp(s)
    r = e.sum(axis=1, keepdims=True)
    loss = -(y * (s - np.log(r))).sum()
    dz2 = e / r - y
    grad_w2 = d.T @ dz2
    dz1 = (dz2 @ w2.T) * keep * scale * (z1 > 0)
    grad_w1 = x.T @ dz1
    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2
    return loss


def _torch_step(x, y, w1, w2, keep, scale, learning_rate):
    """The same step with PyTorch's autograd, as the notebook's PyTorch cell writes it."""
    d = torch.relu(x @ w1) * keep * scale
    loss = -(y * torch.log_softmax(d @ w2, dim=1)).sum()
    loss.backward()
    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad
        w1.grad.zero_()
        w2.grad.zero_()
    return loss


def torch_unavailable_reason() -> str | None:
    """Why PyTorch cannot be timed, or None."""
    return _TORCH_REASON


def time_step(peer: str, repetitions: int, threads: int | None, x: np.ndarray, y: np.ndarray, w1: np.ndarray,
              w2: np.ndarray, keep: np.ndarray, learning_rate: float, dropout: float) -> float:
    """Median seconds of one step of ``peer`` ("plain_numpy" or "torch") over ``repetitions``
    (after one warm-up step), with ``threads`` BLAS threads (None: the library's default).

    The inputs are copied first; they are not modified.
    """
    scale = x.dtype.type(1.0 / (1.0 - dropout))
    keep = keep.astype(x.dtype)
    if peer == "plain_numpy":
        arrays = [np.array(a, copy=True) for a in (x, y, w1, w2, keep)]
        step = plain_numpy_step
        limits = (threadpoolctl.threadpool_limits(threads) if threadpoolctl and threads else None)
    elif peer == "torch":
        if torch is None:
            raise RuntimeError(_TORCH_REASON)
        arrays = [torch.tensor(a) for a in (x, y, w1, w2, keep)]
        arrays[2].requires_grad_(True)
        arrays[3].requires_grad_(True)
        step = _torch_step
        previous = torch.get_num_threads()
        torch.set_num_threads(threads or previous)
        limits = None
    else:
        raise ValueError(f"unknown peer {peer!r}")
    try:
        step(*arrays, scale, learning_rate)
        times = np.empty(repetitions)
        for n in range(repetitions):
            start = time.perf_counter()
            step(*arrays, scale, learning_rate)
            times[n] = time.perf_counter() - start
    finally:
        if limits is not None:
            limits.unregister()
        if peer == "torch":
            torch.set_num_threads(previous)
    return float(np.median(times))
