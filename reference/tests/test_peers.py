"""The benchmark's peers compute the same step as the reference."""

import numpy as np
import pytest

import nnparity_reference as ref
import peers


def _problem(dtype):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((6, 5)).astype(dtype)
    y = np.eye(3, dtype=dtype)[rng.integers(0, 3, 6)]
    w1 = (rng.standard_normal((5, 7)) * 0.5).astype(dtype)
    w2 = (rng.standard_normal((7, 3)) * 0.5).astype(dtype)
    keep = rng.random((6, 7)) >= 0.3
    return x, y, w1, w2, keep


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_plain_numpy_step_is_one_epoch_of_the_reference(dtype: type[np.floating]) -> None:
    x, y, w1, w2, keep = _problem(dtype)
    expected = ref.train(x, y, w1, w2, keep[None], epochs=1, learning_rate=0.05, dropout=0.3)
    scale = dtype(1.0 / (1.0 - 0.3))
    mine1, mine2 = w1.copy(), w2.copy()
    loss = peers.plain_numpy_step(x, y, mine1, mine2, keep.astype(dtype), scale, dtype(0.05))
    rtol = 1e-12 if dtype == np.float64 else 1e-5
    np.testing.assert_allclose(loss, expected["losses"][0], rtol=rtol)
    np.testing.assert_allclose(mine1, expected["trained_w1"], rtol=rtol, atol=rtol)
    np.testing.assert_allclose(mine2, expected["trained_w2"], rtol=rtol, atol=rtol)


def test_time_step_leaves_inputs_alone_and_times_something() -> None:
    x, y, w1, w2, keep = _problem(np.float64)
    before = w1.copy()
    seconds = peers.time_step("plain_numpy", 3, 1, x, y, w1, w2, keep, 0.05, 0.3)
    assert seconds > 0 and np.array_equal(w1, before)
    with pytest.raises(ValueError):
        peers.time_step("jax", 1, None, x, y, w1, w2, keep, 0.05, 0.3)


def test_torch_is_timed_or_says_why() -> None:
    if peers.torch_unavailable_reason() is not None:
        assert "torch" in peers.torch_unavailable_reason()
        pytest.skip(peers.torch_unavailable_reason())
    x, y, w1, w2, keep = _problem(np.float64)
    assert peers.time_step("torch", 2, 1, x, y, w1, w2, keep, 0.05, 0.3) > 0
