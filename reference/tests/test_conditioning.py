"""Tests of :mod:`conditioning`'s building blocks (the error scales themselves are checked
against the goldens in ``test_goldens.py``)."""

import numpy as np

import case_reader
import catalogue
import conditioning
import nnparity_reference as ref


def _dyadic_scale_by_definition(*arrays):
    """The smallest k in 0..60 with every value times 2**k an integer below 2**53, found by
    trying each k in turn (how :func:`conditioning._dyadic_scale` was first written)."""
    values = np.concatenate([np.ravel(a) for a in arrays])
    if not np.all(np.isfinite(values)):
        return None
    for k in range(61):
        scaled = values * 2.0**k
        if np.all(np.abs(scaled) < 2.0**53) and np.all(scaled == np.round(scaled)):
            return k
    return None


def _arrays():
    rng = np.random.default_rng(14)
    specials = [0.0, -0.0, 1.0, 0.5, 0.1, 2.0**-60, 2.0**-61, 3 * 2.0**-60, 2.0**52, 2.0**53,
                2.0**53 - 1, (2**53 - 1) * 2.0**-60, (2**53 - 1) * 2.0**-61, 2.0**52 + 0.5,
                1e308, 2.0**1000, 5e-324, 3 * 5e-324, float(np.finfo(np.float64).tiny)]
    for _ in range(1500):
        n = int(rng.integers(1, 8))
        kind = int(rng.integers(0, 6))
        if kind == 0:  # random float64, as random cases have
            v = rng.random(n) * 4 - 2
        elif kind == 1:  # small dyadic fractions
            v = rng.integers(-2**20, 2**20, n) / 2.0**int(rng.integers(0, 70))
        elif kind == 2:
            v = rng.choice(specials, n) * rng.choice([1, -1], n)
        elif kind == 3:  # full 53-bit significands at every scale near the limits
            v = rng.integers(-2**53 + 1, 2**53, n).astype(float) / 2.0**int(rng.integers(0, 62))
        elif kind == 4:  # eighths, as catalogue cases have
            v = rng.integers(-8, 9, n) / 8.0 * 2.0**int(rng.integers(-5, 55))
        else:  # float32 values, as float32 cases have
            v = (rng.random(n) * 2 - 1).astype(np.float32).astype(float) * 2.0**int(rng.integers(-70, 60))
        if rng.random() < 0.05:
            v = np.append(v, rng.choice([np.inf, -np.inf, np.nan]))
        yield v.reshape(1, -1) if rng.random() < 0.5 else v.reshape(-1, 1)


def test_dyadic_scale_is_its_definition() -> None:
    seen = set()
    with np.errstate(all="ignore"):
        for a in _arrays():
            expected = _dyadic_scale_by_definition(a)
            assert conditioning._dyadic_scale(a) == expected, a
            halves = np.array_split(np.ravel(a), 2)
            if all(h.size for h in halves):
                assert conditioning._dyadic_scale(*halves) == expected, a
            seen.add(expected)
    assert None in seen and {0, 1, 24, 52, 53, 60} <= seen  # every regime was reached


def _random_steps(seed=7, count=200, largest=11, magnitudes=(1.0,), prefix="random"):
    """Steps of random inputs (normal, times one of ``magnitudes`` per step) over both
    semantics, ε, reductions and dropout."""
    rng = np.random.default_rng(seed)
    for index in range(count):
        b, i, h, o = (int(v) for v in rng.integers(1, largest + 1, 4))
        o += 1
        big = rng.choice(magnitudes) if len(magnitudes) > 1 else magnitudes[0]
        x, w1, w2 = (rng.normal(size=shape) * big for shape in ((b, i), (i, h), (h, o)))
        y = rng.random((b, o)) * (rng.random((b, o)) < 0.5)
        semantics = ("reference", "notebook")[index % 2]
        eps = (0.0, 1e-7)[(index // 2) % 2]
        reduction = ("sum", "mean")[(index // 4) % 2]
        dropped = index % 3 == 0
        mask = (rng.random((b, h)) >= 0.3).astype(np.float64) if dropped else None
        yield f"{prefix}-{index}", (x, y, w1, w2, mask, 1 / 0.7 if dropped else None, semantics,
                                    eps, reduction)


def _catalogue_steps():
    for c in catalogue.cases():
        parsed = case_reader.parse_case(c["case"] if "case" in c else c)
        arrays = (np.asarray(a, dtype=np.float64) for a in (parsed.x, parsed.y, parsed.w1, parsed.w2))
        eps = float(np.dtype(parsed.dtype).type(parsed.loss_epsilon))
        yield c["name"], (*arrays, None, None, parsed.semantics, eps, parsed.reduction)


def test_step_values_are_the_reference_step_bit_for_bit() -> None:
    """Training's error scales follow the weights through SGD with the values ``_step``
    computes; they must be the reference's own float64 step, not a look-alike."""
    checked = 0
    with np.errstate(all="ignore"):
        for name, (x, y, w1, w2, mask, scale, semantics, eps, reduction) in [
                *_catalogue_steps(), *_random_steps()]:
            expected = ref._step_unchecked(x, y, w1, w2, mask, scale, semantics, eps, reduction)
            fixed = {"kx": conditioning._dyadic_scale(x), "ax": np.abs(x), "ay": np.abs(y)}
            got = conditioning._step(x, y, w1, w2, mask, scale, semantics, eps, reduction, 53,
                                     **fixed).reference_step
            for field in ("probs", "grad_w1", "grad_w2"):
                e, g = getattr(expected, field), getattr(got, field)
                assert e.shape == g.shape and e.tobytes() == g.tobytes(), (name, field)
            assert np.array_equal(expected.loss, got.loss, equal_nan=True), (name, "loss")
            checked += 1
    assert checked >= 250


def _overflowing_steps():
    """Steps whose products overflow: z1, z2 and the gradients hold ±inf and NaN."""
    return _random_steps(seed=3, count=120, largest=5, magnitudes=(1e160, 1e200, 1e308),
                         prefix="overflow")


def test_step_values_are_the_reference_step_where_products_overflow() -> None:
    """Where inputs overflow, the same values as the reference's step, NaN where it has NaN
    (a NaN's sign and payload may differ: ``z2.max`` and ``z2[argmax]`` can pick different
    NaNs, and nothing reads them), infinities and zeros with their signs."""
    non_finite = 0
    with np.errstate(all="ignore"):
        for name, (x, y, w1, w2, mask, scale, semantics, eps, reduction) in _overflowing_steps():
            expected = ref._step_unchecked(x, y, w1, w2, mask, scale, semantics, eps, reduction)
            fixed = {"kx": conditioning._dyadic_scale(x), "ax": np.abs(x), "ay": np.abs(y)}
            got = conditioning._step(x, y, w1, w2, mask, scale, semantics, eps, reduction, 53,
                                     **fixed).reference_step
            for field in ("probs", "loss", "grad_w1", "grad_w2"):
                e, g = np.asarray(getattr(expected, field)), np.asarray(getattr(got, field))
                assert e.shape == g.shape and np.array_equal(e, g, equal_nan=True), (name, field)
                numbers = ~np.isnan(e)
                assert np.array_equal(np.signbit(e[numbers]), np.signbit(g[numbers])), (name, field)
                non_finite += not np.isfinite(e).all()
    assert non_finite >= 200  # the steps do overflow


def _one_epoch_cases(count=40, seed=3):
    """Notebook cases of one SGD epoch without dropout: their step's gradients are the
    evaluation's, error scales included."""
    rng = np.random.default_rng(seed)
    for index in range(count):
        b, i, h, o = (int(v) for v in rng.integers(1, 9, 4))
        o += 1
        x, w1, w2 = (rng.normal(size=shape) for shape in ((b, i), (i, h), (h, o)))
        y = np.eye(o)[rng.integers(0, o, b)]
        case = {"schema": "nnparity.case/1", "name": f"one-epoch-{index}", "dtype": "float64",
                "semantics": "notebook", "x": x.tolist(), "y": y.tolist(), "w1": w1.tolist(),
                "w2": w2.tolist(), "train": {"epochs": 1, "learning_rate": 0.05, "dropout": 0}}
        yield case_reader.parse_case(case)


def test_one_update_adds_its_own_rounding_once() -> None:
    """w - lr·g rounds twice (the product and the difference), each by at most u·|value|,
    and carries lr times the gradient's error: the trained weights' scale is at most
    |w - lr·g| + lr·|g| + lr·C_g. Three times that is allowed; an analysis that counts an
    epoch's rounding many times over (checker mutant conditioning-epochs-x100) is not."""
    checked = 0
    for parsed in _one_epoch_cases():
        scales = conditioning.conditions(parsed)
        values = case_reader.run_parsed(parsed)
        lr = parsed.train.learning_rate
        for weights, grad, trained in (("w1", "grad_w1", "trained_w1"), ("w2", "grad_w2", "trained_w2")):
            g = np.asarray(values[grad])
            updated = np.asarray(getattr(parsed, weights)) - lr * g
            allowed = 3 * (np.abs(updated) + lr * np.abs(g) + lr * scales[grad])
            assert np.all(scales[trained] <= allowed), (parsed.name, trained)
            checked += 1
    assert checked == 80
