"""The embedded bridge's answers: the shapes and dtypes Swift reads by position."""

import json

import numpy as np

import case_reader
import catalogue
import conditioning
import nnparity_bridge as bridge
import nnparity_reference as ref

CASES = {c["name"]: c for c in catalogue.cases()}


def test_error_scales_are_the_conditioning_in_result_order() -> None:
    for name in ("notebook-task2-numpy-float64", "edge-mean", "masks-from-seed-7"):
        case = CASES[name]
        parsed = case_reader.parse_case(case)
        scales = bridge.error_scales(json.dumps(case))
        result = case_reader.run_parsed(parsed)
        keys = [k for k in ref.RESULT_KEYS + ref.TRAIN_RESULT_KEYS if k in result]
        assert len(scales) == len(keys)
        expected = conditioning.conditions(parsed)
        for key, array in zip(keys, scales):
            assert array.dtype == np.float64 and array.flags["C_CONTIGUOUS"]
            assert array.shape == np.shape(result[key]), key   # the loss is 0-d
            np.testing.assert_array_equal(array, expected[key])


def test_error_scales_of_arrays_are_those_of_the_case_file() -> None:
    """The audit's live path (arrays Swift fills) gives the same bits as the JSON path, for
    every catalogue case (explicit masks, mask_seed, dropout 0, both dtypes), and leaves its
    input arrays alone."""
    for case in CASES.values():
        parsed = case_reader.parse_case(case)
        inputs = [a.copy() for a in (parsed.x, parsed.y, parsed.w1, parsed.w2)]
        train = parsed.train
        seed = case.get("train", {}).get("mask_seed")
        masks = None if seed is not None else (None if train is None else train.masks.astype(parsed.x.dtype))
        scales = bridge.error_scales_of_arrays(
            *inputs, parsed.semantics, parsed.loss_epsilon, parsed.reduction,
            None if train is None else train.epochs, 0.0 if train is None else train.learning_rate,
            0.0 if train is None else train.dropout, masks, seed or 0)
        expected = bridge.error_scales(json.dumps(case))
        assert len(scales) == len(expected), case["name"]
        for got, want in zip(scales, expected):
            assert got.dtype == want.dtype and got.shape == want.shape, case["name"]
            assert np.array_equal(got, want, equal_nan=True), case["name"]
        for before, after in zip((parsed.x, parsed.y, parsed.w1, parsed.w2), inputs):
            np.testing.assert_array_equal(before, after)


def test_evaluate_returns_the_reference_in_order_with_its_time() -> None:
    case = case_reader.parse_case(CASES["edge-batch-1"])
    probs, loss, grad_w1, grad_w2, seconds = bridge.evaluate(case.x, case.y, case.w1, case.w2,
                                                             case.semantics, case.loss_epsilon,
                                                             case.reduction)
    expected = ref.evaluate(case.x, case.y, case.w1, case.w2, **case.options())
    for got, key in ((probs, "probs"), (loss, "loss"), (grad_w1, "grad_w1"), (grad_w2, "grad_w2")):
        np.testing.assert_array_equal(got, expected[key])
    assert seconds >= 0


def _bench_problem(dtype):
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, (5, 4)).astype(dtype)
    y = np.eye(3, dtype=dtype)[[0, 1, 2, 0, 1]]
    w1 = rng.uniform(-0.05, 0.05, (4, 6)).astype(dtype)
    w2 = rng.uniform(-0.05, 0.05, (6, 3)).astype(dtype)
    masks = (rng.random((1, 5, 6)) >= 0.4).astype(dtype)
    return x, y, w1, w2, masks


def test_time_peer_step_times_plain_numpy_with_either_thread_setting_and_keeps_inputs() -> None:
    for dtype in (np.float32, np.float64):
        arrays = _bench_problem(dtype)
        before = [a.copy() for a in arrays]
        for threads in (1, 0):
            seconds = bridge.time_peer_step("plain_numpy", 3, threads, *arrays, 0.01, 0.4)
            assert isinstance(seconds, float) and seconds > 0
        for a, b in zip(arrays, before):
            np.testing.assert_array_equal(a, b)


def test_peer_unavailable_reason_names_torch_or_is_none() -> None:
    import peers

    assert bridge.peer_unavailable_reason("plain_numpy") is None
    assert bridge.peer_unavailable_reason("torch") == peers.torch_unavailable_reason()
    assert "unknown" in bridge.peer_unavailable_reason("jax")
    if peers.torch_unavailable_reason() is None:
        assert bridge.time_peer_step("torch", 2, 1, *_bench_problem(np.float64), 0.01, 0.4) > 0
