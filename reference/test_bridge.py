"""The embedded bridge's answers: the shapes and dtypes Swift reads by position."""

import json

import numpy as np

import catalogue
import conditioning
import nnparity_bridge as bridge
import nnparity_reference as ref

CASES = {c["name"]: c for c in catalogue.cases()}


def test_error_scales_are_the_conditioning_in_result_order():
    for name in ("notebook-task2-numpy-float64", "edge-mean", "masks-from-seed-7"):
        case = CASES[name]
        parsed = ref.parse_case(case)
        scales = bridge.error_scales(json.dumps(case))
        result = ref.run_parsed(parsed)
        keys = [k for k in ref.RESULT_KEYS + ref.TRAIN_RESULT_KEYS if k in result]
        assert len(scales) == len(keys)
        expected = conditioning.conditions(parsed)
        for key, array in zip(keys, scales):
            assert array.dtype == np.float64 and array.flags["C_CONTIGUOUS"]
            assert array.shape == np.shape(result[key]), key   # the loss is 0-d
            np.testing.assert_array_equal(array, expected[key])


def test_evaluate_returns_the_reference_in_order_with_its_time():
    case = ref.parse_case(CASES["edge-batch-1"])
    probs, loss, grad_w1, grad_w2, seconds = bridge.evaluate(case.x, case.y, case.w1, case.w2,
                                                             case.semantics, case.loss_epsilon,
                                                             case.reduction)
    expected = ref.evaluate(case.x, case.y, case.w1, case.w2, **case.options())
    for got, key in ((probs, "probs"), (loss, "loss"), (grad_w1, "grad_w1"), (grad_w2, "grad_w2")):
        np.testing.assert_array_equal(got, expected[key])
    assert seconds >= 0
