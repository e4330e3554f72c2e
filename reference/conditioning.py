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

import numpy as np

import nnparity_reference as ref

UNIT_ROUNDOFF = {"float64": 2.0**-53, "float32": 2.0**-24}
PRECISION_BITS = {"float64": 53, "float32": 24}
# exp and log are not correctly rounded: glibc's are within 1 ulp, NumPy's SIMD versions
# within 4 ulps, i.e. 8 u of the result (an ulp is up to 2 u).
LIBM_ERROR = 8
LEAST_NORMAL = {"float64": float(np.finfo(np.float64).tiny), "float32": float(np.finfo(np.float32).tiny)}


def conditions(parsed):
    """``{tensor name: float64 array of C}`` for every tensor :func:`ref.run_parsed` returns."""
    x, y, w1, w2 = (np.asarray(a, dtype=np.float64) for a in (parsed.x, parsed.y, parsed.w1, parsed.w2))
    eps = float(np.dtype(parsed.dtype).type(parsed.loss_epsilon))
    options = (parsed.semantics, eps, parsed.reduction, PRECISION_BITS[np.dtype(parsed.dtype).name])
    zero1, zero2 = np.zeros_like(w1), np.zeros_like(w2)
    with np.errstate(all="ignore"):
        step = _step(x, y, w1, w2, zero1, zero2, None, None, *options)
        result = {"probs": step.probs, "loss": step.loss, "grad_w1": step.grad_w1, "grad_w2": step.grad_w2}
        if parsed.train is not None:
            result.update(_train(x, y, w1, w2, parsed.train, parsed.dtype, options))
    return result


def _train(x, y, w1, w2, spec, dtype, options):
    lr = float(np.dtype(dtype).type(spec.learning_rate))
    scale = float(np.dtype(dtype).type(1.0 / (1.0 - spec.dropout)))
    c1, c2 = np.zeros_like(w1), np.zeros_like(w2)
    zero1, zero2 = c1, c2
    losses = np.empty(spec.epochs)
    for epoch in range(spec.epochs):
        mask = np.asarray(spec.masks[epoch], dtype=np.float64)
        values = ref._step_unchecked(x, y, w1, w2, mask, scale, *options[:3])
        step = _step(x, y, w1, w2, zero1, zero2, mask, scale, *options)
        # The loss moves by g·Δw to first order when the weights carry errors Δw.
        losses[epoch] = step.loss + (np.abs(values.grad_w1) * c1).sum() + (np.abs(values.grad_w2) * c2).sum()
        w1 = w1 - lr * values.grad_w1
        w2 = w2 - lr * values.grad_w2
        c1 = c1 + lr * (step.grad_w1 + np.abs(values.grad_w1)) + np.abs(w1)
        c2 = c2 + lr * (step.grad_w2 + np.abs(values.grad_w2)) + np.abs(w2)
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
    2**53, or None."""
    values = np.concatenate([np.ravel(a) for a in arrays])
    if not np.all(np.isfinite(values)):
        return None
    for k in range(61):
        scaled = values * 2.0**k
        if np.all(np.abs(scaled) < 2.0**53) and np.all(scaled == np.round(scaled)):
            return k
    return None


def _product_scale(a, b):
    """(k, |a|·|b|) for :func:`_exact` of the products a @ b."""
    ka, kb = _dyadic_scale(a), _dyadic_scale(b)
    return (None if ka is None or kb is None else ka + kb), np.abs(a) @ np.abs(b)


def _step(x, y, w1, w2, c1, c2, mask, scale, semantics, eps, reduction, bits):
    """Error scales of one forward and backward pass whose weights carry scales ``c1``, ``c2``."""
    ax, ay, aw1, aw2 = np.abs(x), np.abs(y), np.abs(w1), np.abs(w2)
    batch = x.shape[0]
    mean = reduction == "mean"

    z1 = x @ w1
    cz1 = np.where(_exact(_product_scale(x, w1), bits), 0.0, ax @ aw1) + ax @ c1
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
    cz2 = cd @ aw2 + ad @ c2 + np.where(_exact(_product_scale(d, w2), bits), 0.0, ad @ aw2)

    rows = np.arange(z2.shape[0])
    top = z2.argmax(axis=1)
    s = z2 - z2[rows, top][:, None]
    exact_s = _exact((_dyadic_scale(z2), np.abs(z2) + np.abs(z2[rows, top][:, None])), bits)
    cs = cz2 + cz2[rows, top][:, None] + np.where(exact_s, 0.0, np.abs(s))
    e = np.exp(s)
    r = e.sum(axis=1, keepdims=True)
    p = e / r
    crel_e = cs + LIBM_ERROR  # relative scale of each exp
    crel_r = (p * crel_e).sum(axis=1, keepdims=True) + 1  # relative scale of the row sum
    cp = p * (1 + crel_e + crel_r)

    if eps == 0:
        logp = s - np.log(r)
        clogp = cs + crel_r + LIBM_ERROR * np.abs(np.log(r)) + np.abs(logp)
    else:
        q = p + eps
        logp = np.log(q)
        clogp = (cp + q) / q + (LIBM_ERROR + 1) * np.abs(logp)
    terms = y * logp
    loss = -terms.sum()
    closs = (ay * clogp).sum() + np.abs(terms).sum()
    if mean:
        loss, closs = loss / batch, closs / batch + abs(loss / batch)

    if semantics == "reference" and eps != 0:
        q = p + eps
        g = -y / q
        cg = np.abs(g) * ((cp + q) / q + 1)
        if mean:
            g, cg = g / batch, cg / batch + np.abs(g / batch)
        gp = (g * p).sum(axis=1, keepdims=True)
        cgp = (cg * p + np.abs(g) * cp + np.abs(g * p)).sum(axis=1, keepdims=True) + np.abs(gp)
        h = g - gp
        ch = cg + cgp + np.abs(h)
        dz2 = p * h
        cdz2 = cp * np.abs(h) + p * ch + np.abs(dz2)
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
            dz2, cdz2 = dz2 / batch, cdz2 / batch + np.abs(dz2 / batch)
    adz2 = np.abs(dz2)

    (dd, cdd) = (a1, ca1) if semantics == "notebook" else (d, cd)
    cgw2 = cdd.T @ adz2 + np.abs(dd).T @ (cdz2 + adz2)
    da1 = dz2 @ w2.T
    cda1 = cdz2 @ aw2.T + adz2 @ (aw2 + c2).T
    if mask is not None and semantics == "reference":
        dz1 = ((da1 * mask) * scale) * live
        cdz1 = (cda1 + np.abs(da1)) * mask * scale * live + np.abs(dz1)
    else:
        dz1 = da1 * live
        cdz1 = cda1 * live
    cgw1 = ax.T @ (cdz1 + np.abs(dz1))
    return _Scales(probs=cp, loss=closs, grad_w1=cgw1, grad_w2=cgw2)


def allowance(condition, dtype, multiple):
    """The largest |Δ| allowed for an element of scale ``condition``: ``multiple`` × (u·C + the
    dtype's smallest normal, so that underflow to 0 or a subnormal is not a failure)."""
    return multiple * (UNIT_ROUNDOFF[dtype] * np.asarray(condition) + LEAST_NORMAL[dtype])
