"""The thin adapter between Swift (embedded CPython) and ``nnparity_reference``.

Inputs: Swift asks :func:`new_array` for C-contiguous ndarrays of the right
shapes and dtype, copies its numbers straight into their buffers (the buffer
protocol, one memcpy per matrix), and passes the arrays here. Outputs: tuples of
C-contiguous ndarrays (and a NumPy scalar loss) that Swift reads with the buffer
protocol. No Python lists cross the boundary, and nothing here computes the
network: every number comes from :mod:`nnparity_reference`.

Swift keeps one set of input arrays per dtype and reuses it while the shapes
stay the same, so a repeated call creates no input arrays.

The network is called through its module (``reference.evaluate``, looked up at each
call): Swift's tests append a faulty ``evaluate`` to a copy of ``nnparity_reference.py``
and expect the bridge to call it.
"""

import json
import time

import numpy as np

import conditioning
import nnparity_reference as reference
from case_reader import Case, TrainSpec, parse_case

_DTYPES = {"float32": np.dtype(np.float32), "float64": np.dtype(np.float64)}
_clock = time.perf_counter


def new_array(dtype: str, *shape: int) -> np.ndarray:
    """A zeroed C-contiguous array of ``shape`` in ``dtype`` ("float32" or "float64")
    that Swift fills in place."""
    return np.zeros(shape, _DTYPES[dtype])


def evaluate(x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray, semantics: str, epsilon: float,
             reduction: str) -> tuple[np.ndarray, np.floating, np.ndarray, np.ndarray, float]:
    """``(probs, loss, grad_w1, grad_w2, seconds)`` of :func:`nnparity_reference.evaluate`;
    ``seconds`` is how long the reference call took (``time.perf_counter``), so the
    benchmark can subtract NumPy's own time from each round trip."""
    start = _clock()
    r = reference.evaluate(x, y, w1, w2, semantics=semantics, loss_epsilon=epsilon,
                           reduction=reduction)
    seconds = _clock() - start
    c = np.ascontiguousarray
    return c(r["probs"]), r["loss"], c(r["grad_w1"]), c(r["grad_w2"]), seconds


def train(x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray, semantics: str, epsilon: float,
          reduction: str, epochs: int, learning_rate: float, dropout: float, masks: np.ndarray | None,
          seed: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(trained_w1, trained_w2, losses)`` of :func:`nnparity_reference.train`.

    ``masks`` is an ``epochs × B × H`` array of 0/1; when it is None, the reference
    draws the masks from ``seed`` (the spec's ``mask_seed``) with
    :func:`nnparity_reference.draw_masks`.
    """
    if masks is None:
        masks = reference.draw_masks(seed, epochs, x.shape[0], w1.shape[1], dropout)
    r = reference.train(x, y, w1, w2, masks, epochs=epochs, learning_rate=learning_rate,
                        dropout=dropout, semantics=semantics, loss_epsilon=epsilon,
                        reduction=reduction)
    c = np.ascontiguousarray
    return c(r["trained_w1"]), c(r["trained_w2"]), c(r["losses"])


def error_scales(case_text: str) -> tuple[np.ndarray, ...]:
    """Each result element's error scale C (:mod:`conditioning`) for the case given as
    ``nnparity.case/1`` JSON text: a tuple of C-contiguous float64 arrays in the result's
    order (probs, loss, grad_w1, grad_w2, then trained_w1, trained_w2, losses when the case
    trains)."""
    return _scales_in_result_order(parse_case(json.loads(case_text)))


def error_scales_of_arrays(x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray, semantics: str,
                           epsilon: float, reduction: str, epochs: int | None, learning_rate: float,
                           dropout: float, masks: np.ndarray | None, seed: int | None) -> tuple[np.ndarray, ...]:
    """:func:`error_scales` for a case given as the arrays and options Swift already passes
    to :func:`evaluate` and :func:`train` (``epochs`` None: the case does not train; ``masks``
    None: drawn from ``seed``), so the audit's live cases skip writing and parsing JSON.
    The arrays are the case's inputs rounded to its dtype, as :func:`case_reader.parse_case`
    makes them; they are not modified."""
    spec = None
    if epochs is not None:
        if masks is None:
            masks = reference.draw_masks(seed, epochs, x.shape[0], w1.shape[1], dropout)
        spec = TrainSpec(int(epochs), float(learning_rate), float(dropout), np.asarray(masks) != 0)
    parsed = Case(None, x.dtype.type, semantics, float(epsilon), reduction, x, y, w1, w2, spec)
    return _scales_in_result_order(parsed)


def _scales_in_result_order(parsed):
    scales = conditioning.conditions(parsed)
    keys = reference.RESULT_KEYS + (reference.TRAIN_RESULT_KEYS if parsed.train is not None else ())
    return tuple(np.require(np.asarray(scales[key], dtype=np.float64), requirements="C") for key in keys)


def time_evaluate(repetitions: int, x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray, semantics: str,
                  epsilon: float, reduction: str) -> float:
    """Median seconds of one :func:`nnparity_reference.evaluate` call, timed inside
    Python with ``time.perf_counter``: NumPy's own time for what :func:`evaluate`
    does."""
    arrays = [a.copy() for a in (x, y, w1, w2)]
    evaluate_, clock = reference.evaluate, _clock
    times = np.empty(repetitions)
    for n in range(repetitions):
        start = clock()
        evaluate_(*arrays, semantics=semantics, loss_epsilon=epsilon, reduction=reduction)
        times[n] = clock() - start
    return float(np.median(times))


def time_train_step(repetitions: int, x: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray,
                    masks: np.ndarray, learning_rate: float, dropout: float) -> float:
    """Median seconds of one SGD step -- forward, loss, both gradients, update --
    with the fixed keep-mask ``masks`` (1 × B × H), ``reference`` semantics: one
    epoch of :func:`nnparity_reference.train`, timed inside Python."""
    arrays = [a.copy() for a in (x, y, w1, w2, masks)]
    train_, clock = reference.train, _clock
    times = np.empty(repetitions)
    for n in range(repetitions):
        start = clock()
        train_(*arrays, epochs=1, learning_rate=learning_rate, dropout=dropout)
        times[n] = clock() - start
    return float(np.median(times))


def time_peer_step(peer: str, repetitions: int, threads: int, x: np.ndarray, y: np.ndarray, w1: np.ndarray,
                   w2: np.ndarray, masks: np.ndarray, learning_rate: float, dropout: float) -> float:
    """Median seconds of one SGD step of ``peer`` ("plain_numpy" or "torch"): the step as a
    user writes it, timed by :func:`peers.time_step` with ``threads`` BLAS threads (0: the
    library's default) and the fixed keep-mask ``masks`` (1 × B × H), as
    :func:`time_train_step` gets it. :mod:`peers` is imported on first use, so loading the
    bridge never imports PyTorch."""
    import peers

    return peers.time_step(peer, repetitions, threads or None, x, y, w1, w2, masks[0],
                           learning_rate, dropout)


def peer_unavailable_reason(peer: str) -> str | None:
    """Why ``peer`` cannot be timed here, or None (plain NumPy always can)."""
    import peers

    if peer == "torch":
        return peers.torch_unavailable_reason()
    if peer == "plain_numpy":
        return None
    return f"unknown peer {peer!r}"
