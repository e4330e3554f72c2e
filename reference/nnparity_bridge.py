"""The thin adapter between Swift (embedded CPython) and ``nnparity_reference``.

Swift passes each matrix as a read-only memoryview over its own row-major buffer,
followed by its row and column counts, plus the dtype name ("float32" or
"float64"); this module views them as ndarrays without copying
(``numpy.ndarray(shape, dtype, buffer)``), calls the reference, and returns a
tuple of C-contiguous ndarrays (and NumPy scalars) that Swift reads with the
buffer protocol. No Python lists cross the boundary, and nothing here computes
the network: every number comes from :mod:`nnparity_reference`.

The memoryviews are valid only during the call: nothing here keeps them.
Arguments are positional, in the order Swift builds them.
"""

import time

import numpy as np

import nnparity_reference as reference

_DTYPES = {"float32": np.dtype(np.float32), "float64": np.dtype(np.float64)}


def _arrays(dtype, x, xr, xc, y, yr, yc, w1, w1r, w1c, w2, w2r, w2c):
    dt = _DTYPES[dtype]
    return (np.ndarray((xr, xc), dt, x), np.ndarray((yr, yc), dt, y),
            np.ndarray((w1r, w1c), dt, w1), np.ndarray((w2r, w2c), dt, w2))


def evaluate(dtype, semantics, epsilon, reduction, *matrices):
    """``(probs, loss, grad_w1, grad_w2)`` of :func:`nnparity_reference.evaluate`.

    ``matrices`` is ``x, rows, columns, y, rows, columns, w1, …, w2, …``.
    """
    r = reference.evaluate(*_arrays(dtype, *matrices), semantics=semantics,
                           loss_epsilon=epsilon, reduction=reduction)
    c = np.ascontiguousarray
    return c(r["probs"]), r["loss"], c(r["grad_w1"]), c(r["grad_w2"])


def train(dtype, semantics, epsilon, reduction, epochs, learning_rate, dropout,
          masks, mask_count, mask_rows, mask_columns, seed, *matrices):
    """``(trained_w1, trained_w2, losses)`` of :func:`nnparity_reference.train`.

    ``masks`` is a memoryview of ``mask_count × mask_rows × mask_columns`` 0/1
    values in ``dtype``; when it is None, the reference draws the masks from
    ``seed`` (the spec's ``mask_seed``) with :func:`nnparity_reference.draw_masks`.
    """
    x, y, w1, w2 = _arrays(dtype, *matrices)
    if masks is None:
        masks = reference.draw_masks(seed, epochs, x.shape[0], w1.shape[1], dropout)
    else:
        masks = np.ndarray((mask_count, mask_rows, mask_columns), _DTYPES[dtype], masks)
    r = reference.train(x, y, w1, w2, masks, epochs=epochs, learning_rate=learning_rate,
                        dropout=dropout, semantics=semantics, loss_epsilon=epsilon,
                        reduction=reduction)
    c = np.ascontiguousarray
    return c(r["trained_w1"]), c(r["trained_w2"]), c(r["losses"])


def time_evaluate(repetitions, dtype, semantics, epsilon, reduction, *matrices):
    """Median seconds of one :func:`nnparity_reference.evaluate` call, timed inside
    Python with ``time.perf_counter`` on arrays made once: NumPy's own time for
    what :func:`evaluate` does."""
    arrays = [a.copy() for a in _arrays(dtype, *matrices)]
    evaluate_, clock = reference.evaluate, time.perf_counter
    times = np.empty(repetitions)
    for n in range(repetitions):
        start = clock()
        evaluate_(*arrays, semantics=semantics, loss_epsilon=epsilon, reduction=reduction)
        times[n] = clock() - start
    return float(np.median(times))


def time_train_step(repetitions, dtype, learning_rate, dropout, mask, *matrices):
    """Median seconds of one SGD step -- forward, loss, both gradients, update --
    with the fixed keep-mask ``mask`` (B × H, in ``dtype``), ``reference`` semantics:
    one epoch of :func:`nnparity_reference.train`, timed inside Python."""
    arrays = [a.copy() for a in _arrays(dtype, *matrices)]
    batch, hidden = arrays[0].shape[0], arrays[2].shape[1]
    masks = np.ndarray((1, batch, hidden), _DTYPES[dtype], mask).copy()
    train_, clock = reference.train, time.perf_counter
    times = np.empty(repetitions)
    for n in range(repetitions):
        start = clock()
        train_(*arrays, masks, epochs=1, learning_rate=learning_rate, dropout=dropout)
        times[n] = clock() - start
    return float(np.median(times))
