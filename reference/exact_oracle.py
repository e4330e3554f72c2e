"""The exact oracle: the spec's formulas in high precision (mpmath), a witness for NumPy.

Not a second NumPy implementation: it computes the mathematically exact value
of what a case asks for, to ``digits`` significant digits (50 by default), and
rounds it once, correctly (to nearest, ties to even), to the case's dtype. The
golden files store this next to NumPy's result, so a disagreement between
Swift and NumPy can be judged against the truth.

What "exact" means here:

* The problem posed is the one the dtype computation receives: the inputs x, y,
  w1, w2 and the scalars ``loss_epsilon`` and ``learning_rate`` rounded to the
  dtype (as NumPy's weak scalars are); the dropout rate q is the float64 value,
  and the scale 1/(1 - q) is exact (its rounding to the dtype is an error of the
  dtype computation, measured by the oracle).
* Each dot product is computed exactly and rounded once (``fdot``); every other
  operation is rounded to ``digits`` digits. Subtractions that would lose the
  tiny quantities the dtypes can still hold (``1 - p`` when p is near 1,
  ``log(rowsum)`` near 0) are rewritten as sums of same-sign terms, so the
  remaining cancellations come from the inputs themselves:

  - ``1 - p_j = (sum of e_k for k != j) / rowsum``
  - log-softmax: ``-log p_j = log1p(sum of e_k for k != argmax) - s_j`` (both >= 0)
  - ``p_j * R - y_j = p_j * (R - y_j) - y_j * (1 - p_j)``, ``R - y_j`` = sum of the
    other targets
  - ``g_j - sum_k g_k p_k = g_j * (1 - p_j) - sum_{k != j} g_k p_k``
  - ``p_j - y_j = (1 - y_j) - (1 - p_j)`` when p_j > 1/2
  - ``log(p_j + eps) = log1p(eps - (1 - p_j))`` when p_j > 1/2

* Training follows the exact trajectory (never rounded to the dtype between
  epochs) with the case's masks.
"""

import math

import mpmath
import numpy as np
from numpy.typing import DTypeLike

from case_reader import Case

DIGITS = 50


def exact_result(case: Case, *, digits: int = DIGITS) -> dict[str, np.ndarray | np.floating]:
    """Exact values for a parsed case (:class:`case_reader.Case`).

    Returns a dict with the result keys (``probs``, ``loss``, ``grad_w1``,
    ``grad_w2``, and ``trained_w1``, ``trained_w2``, ``losses`` when the case
    trains), values rounded to the case's dtype. Cost: about a microsecond per
    multiply-add of the network (the whole catalogue, training included, takes
    under two seconds), so every tensor of every golden gets its exact value.
    """
    net = _ExactNetwork(case, digits)
    probs, loss, grad_w1, grad_w2 = net.step(net.w1, net.w2, None)
    result = {"probs": probs, "loss": loss, "grad_w1": grad_w1, "grad_w2": grad_w2}
    if case.train is not None:
        result.update(net.train())
    return {k: net.rounded(v) for k, v in result.items()}


def round_to_dtype(value: mpmath.mpf, dtype: DTypeLike) -> np.floating:
    """``value`` (an mpmath mpf) rounded once to nearest-even in float32 or float64.

    Handles subnormals, overflow to infinity, signed zero, inf and NaN.
    """
    dtype = np.dtype(dtype)
    if mpmath.isnan(value):
        return dtype.type(math.nan)
    if mpmath.isinf(value):
        return dtype.type(math.inf if value > 0 else -math.inf)
    info = np.finfo(dtype)
    precision, emin, emax = info.nmant + 1, info.minexp, info.maxexp - 1
    sign, man, exp, bits = value._mpf_
    if man == 0:
        return dtype.type(-0.0 if sign else 0.0)
    quantum = max(exp + bits - 1, emin) - (precision - 1)
    if exp >= quantum:
        m = man << (exp - quantum)
    else:
        shift = quantum - exp
        m = man >> shift
        rest, half = man - (m << shift), 1 << (shift - 1)
        if rest > half or (rest == half and m & 1):
            m += 1
    if m and m.bit_length() - 1 + quantum > emax:
        magnitude = math.inf
    else:
        magnitude = math.ldexp(m, quantum)
    return dtype.type(-magnitude if sign else magnitude)


class _ExactNetwork:
    """The case's inputs as mpf matrices (lists of rows) and the spec's formulas on them."""

    def __init__(self, case, digits):
        self.ctx = ctx = mpmath.MPContext()
        ctx.dps = digits
        self.case = case
        self.dtype = np.dtype(case.dtype)
        self.zero, self.one = ctx.mpf(0), ctx.mpf(1)
        self.x, self.y = _mp(ctx, case.x), _mp(ctx, case.y)
        self.w1, self.w2 = _mp(ctx, case.w1), _mp(ctx, case.w2)
        self.xt = _transpose(self.x)
        self.eps = ctx.mpf(float(self.dtype.type(case.loss_epsilon)))
        self.reference = case.semantics == "reference"
        self.batch = ctx.mpf(case.x.shape[0])
        self.mean = case.reduction == "mean"

    def train(self):
        """Trained weights and per-epoch losses along the exact trajectory."""
        t, ctx = self.case.train, self.ctx
        lr = ctx.mpf(float(self.dtype.type(t.learning_rate)))
        scale = self.one / (self.one - ctx.mpf(t.dropout))
        w1, w2, losses = self.w1, self.w2, []
        for mask in t.masks:
            _, loss, g1, g2 = self.step(w1, w2, (mask.tolist(), scale))
            losses.append(loss)
            w1 = [[w - lr * g for w, g in zip(rw, rg)] for rw, rg in zip(w1, g1)]
            w2 = [[w - lr * g for w, g in zip(rw, rg)] for rw, rg in zip(w2, g2)]
        return {"trained_w1": w1, "trained_w2": w2, "losses": losses}

    def step(self, w1, w2, dropout):
        """probs, loss, grad_w1, grad_w2 at (w1, w2); ``dropout`` is None or (mask, scale)."""
        zero = self.zero
        z1 = self._matmul(self.x, w1)
        a1 = [[v if v > 0 else zero for v in row] for row in z1]
        if dropout is None:
            d = a1
        else:
            mask, scale = dropout
            factor = scale if self.reference else self.one
            d = [[a * factor if m else zero for a, m in zip(ra, rm)] for ra, rm in zip(a1, mask)]
        z2 = self._matmul(d, w2)
        rows = [self._output_row(row, targets) for row, targets in zip(z2, self.y)]
        probs = [r[0] for r in rows]
        loss = self.ctx.fsum(r[1] for r in rows)
        dz2 = [r[2] for r in rows]
        if self.mean:
            loss = loss / self.batch
        grad_w2 = self._matmul(_transpose(d if self.reference else a1), dz2)
        da1 = self._matmul(dz2, _transpose(w2))
        if dropout is not None and self.reference:
            dz1 = [[g * scale if (z > 0 and m) else zero for g, z, m in zip(rg, rz, rm)]
                   for rg, rz, rm in zip(da1, z1, mask)]
        else:
            dz1 = [[g if z > 0 else zero for g, z in zip(rg, rz)] for rg, rz in zip(da1, z1)]
        grad_w1 = self._matmul(self.xt, dz1)
        return probs, loss, grad_w1, grad_w2

    def _output_row(self, z2, y):
        """Softmax, this row's loss term and dz2 for one sample (see the module docstring)."""
        ctx, one, eps = self.ctx, self.one, self.eps
        top = max(range(len(z2)), key=lambda k: z2[k])
        s = [v - z2[top] for v in z2]
        e = [ctx.exp(v) for v in s]
        others = _sums_of_others(e)
        rowsum = others[0] + e[0]
        p = [v / rowsum for v in e]
        q = [c / rowsum for c in others]  # 1 - p, without cancellation
        near_one = [v * 2 > one for v in p]
        if eps == 0:
            log_rowsum = ctx.log1p(others[top])
            loss = ctx.fsum(t * (log_rowsum - v) for t, v in zip(y, s))
        else:
            loss = -ctx.fsum(t * (ctx.log1p(eps - qj) if big else ctx.log(pj + eps))
                             for t, pj, qj, big in zip(y, p, q, near_one))
        if not self.reference:
            dz2 = [(one - t) - qj if big else pj - t for t, pj, qj, big in zip(y, p, q, near_one)]
        elif eps == 0:
            dz2 = [pj * r - t * qj for t, pj, qj, r in zip(y, p, q, _sums_of_others(y))]
        else:
            g = [-t / (pj + eps) for t, pj in zip(y, p)]
            if self.mean:
                g = [v / self.batch for v in g]
            rest = _sums_of_others([gj * pj for gj, pj in zip(g, p)])
            dz2 = [pj * (gj * qj - r) for gj, pj, qj, r in zip(g, p, q, rest)]
        if self.mean and not (self.reference and eps != 0):
            dz2 = [v / self.batch for v in dz2]
        return p, loss, dz2

    def _matmul(self, a, b):
        """a · b with each dot product exact, then rounded once."""
        columns = _transpose(b)
        fdot = self.ctx.fdot
        return [[fdot(row, col) for col in columns] for row in a]

    def rounded(self, value):
        """An mpf, a list or a matrix of them -> NumPy scalar/array of the case's dtype."""
        if isinstance(value, list):
            return np.array([self.rounded(v) for v in value], dtype=self.dtype)
        return round_to_dtype(value, self.dtype)


def _mp(ctx, array):
    return [[ctx.mpf(float(v)) for v in row] for row in array]


def _transpose(matrix):
    return [list(column) for column in zip(*matrix)]


def _sums_of_others(values):
    """For each j, the sum of ``values[k]`` for k != j (prefix + suffix, no subtraction)."""
    n = len(values)
    prefix, suffix = [values[0] * 0] * (n + 1), [values[0] * 0] * (n + 1)
    for k in range(n):
        prefix[k + 1] = prefix[k] + values[k]
        suffix[n - 1 - k] = suffix[n - k] + values[n - 1 - k]
    return [prefix[j] + suffix[j + 1] for j in range(n)]
