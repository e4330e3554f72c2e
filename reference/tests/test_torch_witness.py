"""PyTorch as a third witness (issue 8): ``reference`` semantics against torch autograd.

Optional: where ``torch`` is not importable every test here is skipped with the
reason. PyTorch is never needed to build, test or audit the project.

The ``reference`` semantics are defined as what autograd computes for the
notebook's PyTorch cells; these tests check that claim on every catalogue case
with ``reference`` semantics (float32 and float64, evaluation and training with
the case's fixed masks), and on the notebook's Task 3 loop written as in the
notebook with ``F.dropout`` replaced by the same inverted dropout on fixed masks.
"""

import numpy as np
import pytest

torch = pytest.importorskip(
    "torch", reason="PyTorch is the optional third witness (issue 8) and is not installed here")
F = torch.nn.functional

import case_reader  # noqa: E402
import catalogue  # noqa: E402
import nnparity_reference as ref  # noqa: E402

CASES = {c["name"]: c for c in catalogue.cases()}
# Relative to each tensor's largest magnitude. Two implementations that sum in
# different orders differ by a few roundings per element, amplified where
# values cancel. Measured against the exact oracle, NumPy float64 stays within
# 2e-14 of that scale on every golden, and float32 within 2.6e-6 of float64
# (100 training epochs included) outside the cases excluded below.
BOUNDS = {np.dtype(np.float64): 1e-12, np.dtype(np.float32): 2e-5}
# float32 cannot represent the answer at all: p rounds to 1 and p + 1e-7 to
# 1 + 2**-23, so the ~1e-12 gradients are rounding noise in any implementation.
EXCLUDED = {"edge-probs-near-one-eps-float32"}
REFERENCE_CASES = sorted(n for n, c in CASES.items()
                         if c["semantics"] == "reference" and n not in EXCLUDED)
TRAINING_CASES = [n for n in REFERENCE_CASES if "train" in CASES[n]]


def _tensor(array, requires_grad=False):
    """A copy of ``array`` as a torch tensor of the same dtype."""
    return torch.tensor(np.array(array), requires_grad=requires_grad)


def _forward(case, x, y, w1, w2, mask=None, scale=None):
    """Softmax and loss of the network in torch; ``mask``/``scale``: inverted dropout."""
    a1 = torch.relu(x @ w1)
    d = a1 if mask is None else a1 * mask * scale
    z2 = d @ w2
    eps = float(np.dtype(case.dtype).type(case.loss_epsilon))  # as the dtype holds it
    logp = torch.log_softmax(z2, dim=1) if eps == 0 else torch.log(torch.softmax(z2, dim=1) + eps)
    loss = -(y * logp).sum()
    if case.reduction == "mean":
        loss = loss / x.shape[0]
    return torch.softmax(z2, dim=1), loss


def _torch_evaluate(case):
    x, y = _tensor(case.x), _tensor(case.y)
    w1, w2 = _tensor(case.w1, True), _tensor(case.w2, True)
    probs, loss = _forward(case, x, y, w1, w2)
    loss.backward()
    return {"probs": probs.detach().numpy(), "loss": loss.detach().numpy(),
            "grad_w1": w1.grad.numpy(), "grad_w2": w2.grad.numpy()}


def _torch_train(case):
    t = case.train
    x, y = _tensor(case.x), _tensor(case.y)
    w1, w2 = _tensor(case.w1, True), _tensor(case.w2, True)
    scale = 1.0 / (1.0 - t.dropout)
    losses = []
    for mask in t.masks:
        _, loss = _forward(case, x, y, w1, w2, _tensor(mask.astype(case.dtype)), scale)
        loss.backward()
        losses.append(loss.item())
        with torch.no_grad():
            w1 -= t.learning_rate * w1.grad
            w2 -= t.learning_rate * w2.grad
            w1.grad.zero_()
            w2.grad.zero_()
    return {"trained_w1": w1.detach().numpy(), "trained_w2": w2.detach().numpy(),
            "losses": np.array(losses, dtype=case.dtype)}


def _assert_close(name, got, want, dtype):
    bound = BOUNDS[np.dtype(dtype)]
    for key, value in want.items():
        actual = np.asarray(got[key], dtype=np.float64)
        expected = np.asarray(value, dtype=np.float64)
        assert actual.shape == expected.shape, f"{name} {key}: shape"
        scale = max(np.max(np.abs(expected)), np.finfo(dtype).tiny)
        error = np.max(np.abs(actual - expected)) / scale
        assert error <= bound, f"{name} {key}: torch and NumPy differ by {error:.2e} of the tensor's largest"


@pytest.mark.parametrize("name", REFERENCE_CASES)
def test_evaluation_matches_autograd(name: str) -> None:
    case = case_reader.parse_case(CASES[name])
    want = ref.evaluate(case.x, case.y, case.w1, case.w2, **case.options())
    _assert_close(name, _torch_evaluate(case), want, case.dtype)


@pytest.mark.parametrize("name", TRAINING_CASES)
def test_training_with_fixed_masks_matches_autograd(name: str) -> None:
    case = case_reader.parse_case(CASES[name])
    t = case.train
    want = ref.train(case.x, case.y, case.w1, case.w2, t.masks, epochs=t.epochs,
                     learning_rate=t.learning_rate, dropout=t.dropout, **case.options())
    _assert_close(name, _torch_train(case), want, case.dtype)


@pytest.mark.parametrize("name", ["notebook-task3-torch-float32", "notebook-task3-torch-float64"])
def test_notebook_task3_cell_with_fixed_masks(name: str) -> None:
    """The notebook's Task 3 PyTorch cell, line by line, with F.dropout's random mask fixed."""
    case = CASES[name]
    dtype = {"float32": torch.float32, "float64": torch.float64}[case["dtype"]]
    masks = torch.tensor(case["train"]["masks"], dtype=dtype)
    p = 0.4

    def dropout(a, epoch):  # what F.dropout(a, p=0.4, training=True) does, with a known mask
        return a * masks[epoch] * (1.0 / (1.0 - p))

    def cross_entropy_loss(x, y):
        delta = 1e-7
        return -torch.sum(y * torch.log(x + delta))

    learning_rate = 0.01
    x_torch = torch.tensor(case["x"], dtype=dtype)
    w1_torch = torch.tensor(case["w1"], dtype=dtype, requires_grad=True)
    w2_torch = torch.tensor(case["w2"], dtype=dtype, requires_grad=True)
    y_torch = torch.tensor(case["y"], dtype=dtype)
    losses = []
    for epoch in range(100):
        z1_torch = torch.matmul(x_torch, w1_torch)
        a1_torch = dropout(F.relu(z1_torch), epoch)
        z2_torch = torch.matmul(a1_torch, w2_torch)
        output = F.softmax(z2_torch, dim=1)
        loss = cross_entropy_loss(output, y_torch)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w1_torch -= learning_rate * w1_torch.grad
            w2_torch -= learning_rate * w2_torch.grad
            w1_torch.grad.zero_()
            w2_torch.grad.zero_()

    want = case_reader.run_case(case)
    got = {"trained_w1": w1_torch.detach().numpy(), "trained_w2": w2_torch.detach().numpy(),
           "losses": np.array(losses)}
    _assert_close(name, got, {k: want[k] for k in got}, want["losses"].dtype)
