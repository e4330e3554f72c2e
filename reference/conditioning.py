"""How precisely each number of a result is determined: a per-element error scale.

Two correct implementations of the network (NumPy on two CPUs, Swift and NumPy)
round differently: other summation orders, another ``exp``. How far apart they
may land depends on the element. A probability is fixed to a few ulps of
itself; a gradient element that sums terms of size 100 to get 0.2 is fixed only
to a few ulps of 100. This module computes, for every element ``i`` of every
result tensor, a scale ``C[i]`` such that the rounding error of any ordinary
float computation of that element is a modest multiple of ``u * C[i]``, where
``u`` is the unit roundoff of the case's dtype (2**-53 or 2**-24).

It is a first-order running error analysis, done in float64 on the case's
inputs (rounded to the dtype first), with magnitudes only: each operation adds
its own rounding (``|result|``) and carries the error scales of its operands
(``|a| * Cb + Ca * |b|`` for a product, ``Ca + Cb`` for a sum). Through
training the weights' error scales are carried from epoch to epoch, so an
element after 100 epochs of SGD that amplifies rounding gets a large scale.
The scale is computed from the case and this reference's arithmetic alone,
never from the implementation under test.

``tolerances.json`` holds the multiples of ``u * C`` that two implementations
may differ by, per dtype and tensor, measured across CPU profiles.
"""

import math

import numpy as np
from numpy.typing import ArrayLike

import nnparity_reference as ref
from case_reader import Case

UNIT_ROUNDOFF = {"float64": 2.0**-53, "float32": 2.0**-24}
PRECISION_BITS = {"float64": 53, "float32": 24}
# exp and log are not correctly rounded: glibc's are within 1 ulp, NumPy's SIMD versions
# within 4 ulps, i.e. 8 u of the result (an ulp is up to 2 u).
LIBM_ERROR = 8
LEAST_NORMAL = {"float64": float(np.finfo(np.float64).tiny), "float32": float(np.finfo(np.float32).tiny)}


def conditions(parsed: Case) -> dict[str, np.ndarray | np.floating]:
    """``{tensor name: float64 array of C}`` for every tensor :func:`case_reader.run_parsed` returns."""
    x, y, w1, w2 = (np.asarray(a, dtype=np.float64) for a in (parsed.x, parsed.y, parsed.w1, parsed.w2))
    eps = float(np.dtype(parsed.dtype).type(parsed.loss_epsilon))
    options = (parsed.semantics, eps, parsed.reduction, PRECISION_BITS[np.dtype(parsed.dtype).name])
    with np.errstate(all="ignore"):
        fixed = {"kx": _dyadic_scale(x), "ax": np.abs(x), "ay": np.abs(y)}  # the same every epoch
        step = _step(x, y, w1, w2, None, None, *options, **fixed)
        result = {"probs": step.probs, "loss": step.loss, "grad_w1": step.grad_w1, "grad_w2": step.grad_w2}
        if parsed.train is not None:
            result.update(_train(x, y, w1, w2, parsed.train, parsed.dtype, options, fixed))
    return result


def _train(x, y, w1, w2, spec, dtype, options, fixed):
    lr = float(np.dtype(dtype).type(spec.learning_rate))
    scale = float(np.dtype(dtype).type(1.0 / (1.0 - spec.dropout)))
    c1, c2 = np.zeros_like(w1), np.zeros_like(w2)
    losses = np.empty(spec.epochs)
    masks = np.asarray(spec.masks, dtype=np.float64)
    for epoch in range(spec.epochs):
        step = _step(x, y, w1, w2, masks[epoch], scale, *options, **fixed)
        values = step.reference_step  # the reference's own float64 step (test_conditioning checks it)
        g1, g2 = np.abs(values.grad_w1), np.abs(values.grad_w2)
        # The loss moves by g·Δw to first order when the weights carry errors Δw.
        losses[epoch] = step.loss + (g1 * c1).sum() + (g2 * c2).sum()
        w1 = w1 - lr * values.grad_w1
        w2 = w2 - lr * values.grad_w2
        c1 = c1 + lr * (step.grad_w1 + g1) + np.abs(w1)
        c2 = c2 + lr * (step.grad_w2 + g2) + np.abs(w2)
    return {"trained_w1": c1, "trained_w2": c2, "losses": losses}


class _Scales(dict):
    __getattr__ = dict.__getitem__


def _exact(terms, bits):
    """Where a sum of the given exact terms is exact in a ``bits``-bit float whatever the order.

    ``terms`` is (scale, |terms| summed), with every term an integer multiple of 2**-scale
    (or scale None when not): every partial sum is then such a multiple no larger than the
    sum of magnitudes, so it is exact when that sum times 2**scale stays below 2**bits.
    Catalogue cases use dyadic inputs (x = w1 = identity, weights in 1/8ths), for which
    the first products are exact and their rounding would be a false allowance.
    """
    scale, magnitude = terms
    if scale is None:
        return np.zeros(np.shape(magnitude), dtype=bool)
    return magnitude * 2.0**scale < 2.0**bits


def _dyadic_scale(*arrays):
    """The smallest k in 0..60 with every value of every array times 2**k an integer below
    2**53, or None.

    Without trying each k: with m = max |v| = f * 2**e (0.5 <= f < 1), m * 2**k < 2**53
    exactly when k <= 53 - e, so the largest k the bound allows is top = min(60, 53 - e).
    Scaling by a power of two is exact, and v * 2**k is an integer for every k from the
    smallest one on, so an answer exists exactly when every v * 2**top is an integer n_v,
    and it is then top less the fewest trailing zero bits of any n_v (those of their bitwise
    or), but at least 0.
    """
    values = np.concatenate([np.ravel(a) for a in arrays]) if len(arrays) > 1 else arrays[0]
    if values.size == 0:
        return 0
    largest = float(np.abs(values).max())
    if not math.isfinite(largest):
        return None
    if largest == 0:
        return 0
    top = min(60, 53 - math.frexp(largest)[1])
    if top < 0:
        return None
    scaled = values * 2.0**top
    integers = scaled.astype(np.int64)
    if not (integers == scaled).all():
        return None
    bits = int(np.bitwise_or.reduce(integers, axis=None))
    return max(0, top - ((bits & -bits).bit_length() - 1))


def _rounding(k, magnitude, bits):
    """``magnitude`` (the sums of |terms| of a product or difference, i.e. its rounding
    scale) with 0 where :func:`_exact` of ``(k, magnitude)`` says the result is exact.
    ``magnitude`` itself when k is None (nothing is known to be exact)."""
    if k is None:
        return magnitude
    return np.where(_exact((k, magnitude), bits), 0.0, magnitude)


def _product_k(ka, b):
    """The dyadic scale of the products a @ b given a's (``ka``), for :func:`_exact`; b's is
    not looked at when a has none."""
    if ka is None:
        return None
    kb = _dyadic_scale(b)
    return None if kb is None else ka + kb


def _step(x, y, w1, w2, mask, scale, semantics, eps, reduction, bits, kx, ax, ay):
    """Error scales of one forward and backward pass of exact weights (training carries the
    weights' own error scales outside the step), and in ``reference_step`` the pass itself: the same
    operations as ``ref._step_unchecked``, so the same float64 numbers. ``kx``, ``ax``, ``ay``
    are ``_dyadic_scale(x)``, ``|x|`` and ``|y|`` (the same every epoch)."""
    aw1, aw2 = np.abs(w1), np.abs(w2)
    batch = x.shape[0]
    mean = reduction == "mean"

    z1 = x @ w1
    cz1 = _rounding(_product_k(kx, w1), ax @ aw1, bits)
    live = z1 > 0
    a1 = np.maximum(z1, 0)
    ca1 = np.where(live, cz1, 0.0)
    if mask is None:
        d, cd = a1, ca1
    elif semantics == "reference":
        d = (a1 * mask) * scale
        cd = (ca1 + a1) * mask * scale + np.abs(d)
    else:
        d, cd = a1 * mask, ca1 * mask
    ad = np.abs(d)
    z2 = d @ w2
    cz2 = cd @ aw2 + _rounding(_product_k(_dyadic_scale(d), w2), ad @ aw2, bits)

    rows = np.arange(z2.shape[0])
    top = z2.argmax(axis=1)
    z2_top = z2[rows, top][:, None]
    s = z2 - z2_top
    abs_s = np.abs(s)
    ks = _dyadic_scale(z2)
    if ks is not None:
        abs_s = np.where(_exact((ks, np.abs(z2) + np.abs(z2_top)), bits), 0.0, abs_s)
    cs = cz2 + cz2[rows, top][:, None] + abs_s
    e = np.exp(s)
    r = e.sum(axis=1, keepdims=True)
    p = e / r
    crel_e = cs + LIBM_ERROR  # relative scale of each exp
    crel_r = (p * crel_e).sum(axis=1, keepdims=True) + 1  # relative scale of the row sum
    cp = p * (1 + crel_e + crel_r)

    if eps == 0:
        log_r = np.log(r)
        logp = s - log_r
        clogp = cs + crel_r + LIBM_ERROR * np.abs(log_r) + np.abs(logp)
    else:
        q = p + eps
        logp = np.log(q)
        cq_rel = (cp + q) / q  # relative scale of q
        clogp = cq_rel + (LIBM_ERROR + 1) * np.abs(logp)
    terms = y * logp
    loss = -terms.sum()
    closs = (ay * clogp).sum() + np.abs(terms).sum()
    if mean:
        loss, closs = loss / batch, closs / batch + abs(loss / batch)

    if semantics == "reference" and eps != 0:
        g = -y / q
        ag = np.abs(g)
        cg = ag * (cq_rel + 1)
        if mean:
            g = g / batch
            ag = np.abs(g)
            cg = cg / batch + ag
        gp = (g * p).sum(axis=1, keepdims=True)
        cgp = (cg * p + ag * cp + np.abs(g * p)).sum(axis=1, keepdims=True) + np.abs(gp)
        h = g - gp
        ah = np.abs(h)
        ch = cg + cgp + ah
        dz2 = p * h
        cdz2 = cp * ah + p * ch + np.abs(dz2)
    else:
        if semantics == "notebook":
            dz2 = p - y
            cdz2 = cp + np.abs(dz2)
        else:
            sy = y.sum(axis=1, keepdims=True)
            t = p * sy
            dz2 = t - y
            cdz2 = cp * np.abs(sy) + p * ay.sum(axis=1, keepdims=True) + np.abs(t) + np.abs(dz2)
        if mean:
            dz2 = dz2 / batch
            cdz2 = cdz2 / batch + np.abs(dz2)
    adz2 = np.abs(dz2)

    if semantics == "notebook":
        cgw2 = ca1.T @ adz2 + np.abs(a1).T @ (cdz2 + adz2)
    else:
        cgw2 = cd.T @ adz2 + ad.T @ (cdz2 + adz2)
    da1 = dz2 @ w2.T
    cda1 = cdz2 @ aw2.T + adz2 @ aw2.T
    if mask is not None and semantics == "reference":
        dz1 = ((da1 * mask) * scale) * live
        cdz1 = (cda1 + np.abs(da1)) * mask * scale * live + np.abs(dz1)
    else:
        dz1 = da1 * live
        cdz1 = cda1 * live
    cgw1 = ax.T @ (cdz1 + np.abs(dz1))
    values = ref._Step(p, loss, x.T @ dz1, (a1 if semantics == "notebook" else d).T @ dz2)
    return _Scales(probs=cp, loss=closs, grad_w1=cgw1, grad_w2=cgw2, reference_step=values)


def allowance(condition: ArrayLike, dtype: str, multiple: float) -> np.ndarray:
    """The largest |Δ| allowed for an element of scale ``condition``: ``multiple`` × (u·C + the
    dtype's smallest normal, so that underflow to 0 or a subnormal is not a failure)."""
    return multiple * (UNIT_ROUNDOFF[dtype] * np.asarray(condition) + LEAST_NORMAL[dtype])
