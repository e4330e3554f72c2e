"""The deterministic case catalogue: every golden vector's case, by name.

:func:`cases` returns spec case dicts (schema ``nnparity.case/1``) in a fixed
order; names are kebab-case and safe as file names. Families:

* ``notebook-task1-*``, ``notebook-task2-*``, ``notebook-task3-*``: the
  notebook's network (B=2, I=3, H=4, O=2) in its PyTorch form (``reference``,
  float32, epsilon 1e-7 where the cell has a loss) and NumPy form (``notebook``,
  float64, epsilon 0), plus the other dtype of each. Task 3 trains 100 epochs
  with q=0.4, lr=0.01 and one fixed explicit mask sequence. These inputs are the
  notebook's decimals (0.1, ...): float32 cases round them, as ``torch.tensor``
  does.
* ``edge-*``: the spec's corners (smallest shapes, dead hidden units, z1 exactly
  0, logits 800 apart within and between rows, soft and all-zero targets,
  target probabilities below epsilon and near 1, "mean", dropout 0 and 0.9).
* ``random-NN-<dtype>-<semantics>``: 50 cases from a fixed seed, every
  combination of dtype, semantics, evaluation/training, epsilon and reduction,
  shapes 1..32 (log-uniform; the first is 32 everywhere, the second minimal).
* ``seed-<seed>``: training with ``mask_seed`` instead of masks, and
  ``masks-from-seed-7``, the same case as ``seed-7`` with NumPy's masks written
  out (the two must give identical results).

Every input except the notebook's decimals is a multiple of a power of two,
exactly representable in float32. Randomness comes from ``random.Random``
(whose ``random()`` stream Python keeps stable), never from NumPy, so the
catalogue does not depend on the NumPy version. :data:`RNG_SEEDS` are the seeds
of the ``golden/rng`` vectors.
"""

import hashlib
import itertools
import math
import random
from typing import Any

from case_reader import CASE_SCHEMA
from nnparity_reference import draw_masks

RNG_SEEDS = (0, 1, 7, 2**32, 2**63 + 5, 2**64 - 1)
RNG_COUNT = 10_000
RANDOM_CASES = 50

NOTEBOOK_X = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
NOTEBOOK_W1 = [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2]]
NOTEBOOK_W2 = [[0.2, 0.3], [0.4, 0.5], [0.6, 0.7], [0.8, 0.9]]
NOTEBOOK_Y = [[0, 1], [1, 0]]
Matrix = list[list[float]]


def cases() -> list[dict[str, Any]]:
    """Every catalogue case, in file order."""
    out = notebook_cases() + edge_cases() + random_cases() + seed_cases()
    names = [c["name"] for c in out]
    assert len(names) == len(set(names)), "duplicate case names"
    return out


def case(name: str, x: Matrix, y: Matrix, w1: Matrix, w2: Matrix, *, dtype: str = "float64",
         semantics: str = "reference", loss_epsilon: float = 0.0, reduction: str = "sum",
         train: dict[str, Any] | None = None) -> dict[str, Any]:
    """A spec case dict with every field written out, keys in the spec's order."""
    out = {"schema": CASE_SCHEMA, "name": name, "dtype": dtype, "semantics": semantics,
           "loss_epsilon": loss_epsilon, "reduction": reduction,
           "x": x, "y": y, "w1": w1, "w2": w2}
    if train is not None:
        out["train"] = train
    return out


def training(epochs: int, learning_rate: float, dropout: float, masks: list[Matrix] | None = None,
             mask_seed: int | None = None) -> dict[str, Any]:
    """A ``train`` object; masks given as nested 0/1 ints, or a seed, or neither (q = 0)."""
    out = {"epochs": epochs, "learning_rate": learning_rate, "dropout": dropout}
    if masks is not None:
        out["masks"] = masks
    if mask_seed is not None:
        out["mask_seed"] = mask_seed
    return out


def _rng(name):
    """A ``random.Random`` seeded from a name (integer seed: stable across Python versions)."""
    return random.Random(int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big"))


def _masks(rng, epochs, batch, hidden, dropout):
    return [[[int(rng.random() >= dropout) for _ in range(hidden)] for _ in range(batch)]
            for _ in range(epochs)]


def _dyadic(rng, rows, cols, bound, denominator):
    """A rows×cols matrix of multiples of 1/denominator in [-bound, bound]."""
    steps = int(bound * denominator)
    return [[(math.floor(rng.random() * (2 * steps + 1)) - steps) / denominator for _ in range(cols)]
            for _ in range(rows)]


def _targets(rng, batch, outputs, soft_share):
    """One-hot rows, or with probability ``soft_share`` soft rows of quarters (any sum, maybe 0)."""
    rows = []
    for _ in range(batch):
        if rng.random() < soft_share:
            rows.append([math.floor(rng.random() * 5) / 4 for _ in range(outputs)])
        else:
            hot = math.floor(rng.random() * outputs)
            rows.append([1.0 if k == hot else 0.0 for k in range(outputs)])
    return rows


def _network(rng, batch, inputs, hidden, outputs, soft_share=0.0):
    """x, y, w1, w2 with inputs in [-2, 2] and weights scaled by 1/sqrt(fan-in)."""
    x = _dyadic(rng, batch, inputs, 2.0, 64)
    w1 = _dyadic(rng, inputs, hidden, 1.5 / math.sqrt(inputs), 512)
    w2 = _dyadic(rng, hidden, outputs, 1.5 / math.sqrt(hidden), 512)
    return x, _targets(rng, batch, outputs, soft_share), w1, w2


# --------------------------------------------------------------------------
# The notebook
# --------------------------------------------------------------------------

def notebook_cases() -> list[dict[str, Any]]:
    """Tasks 1-3 of the notebook, PyTorch cells and NumPy cells, both dtypes."""
    net = (NOTEBOOK_X, NOTEBOOK_Y, NOTEBOOK_W1, NOTEBOOK_W2)
    torch = {"semantics": "reference", "loss_epsilon": 1e-7}
    numpy = {"semantics": "notebook", "loss_epsilon": 0.0}
    task3_masks = _masks(_rng("notebook-task3"), 100, 2, 4, 0.4)
    task3 = training(100, 0.01, 0.4, masks=task3_masks)
    return [
        # Task 1 has no loss: the PyTorch cell in float32, the NumPy cell in float64.
        case("notebook-task1-torch-float32", *net, dtype="float32", semantics="reference"),
        case("notebook-task1-numpy-float64", *net, dtype="float64", **numpy),
        case("notebook-task2-torch-float32", *net, dtype="float32", **torch),
        case("notebook-task2-torch-float64", *net, dtype="float64", **torch),
        case("notebook-task2-numpy-float64", *net, dtype="float64", **numpy),
        case("notebook-task2-numpy-float32", *net, dtype="float32", **numpy),
        case("notebook-task3-torch-float32", *net, dtype="float32", train=task3, **torch),
        case("notebook-task3-torch-float64", *net, dtype="float64", train=task3, **torch),
        case("notebook-task3-numpy-float64", *net, dtype="float64", train=task3, **numpy),
        case("notebook-task3-numpy-float32", *net, dtype="float32", train=task3, **numpy),
    ]


# --------------------------------------------------------------------------
# Edge cases
# --------------------------------------------------------------------------

def edge_cases() -> list[dict[str, Any]]:
    """The spec's corners, each in a few semantics/dtype/epsilon variants."""
    out = []
    out += _shape_edges()
    out += _dead_and_zero_edges()
    out += _logit_edges()
    out += _target_edges()
    out += _reduction_and_dropout_edges()
    return out


def _generic(name, batch, inputs, hidden, outputs, soft_share=0.0):
    """A small random network for an edge case, seeded by the case's name."""
    return _network(_rng(name), batch, inputs, hidden, outputs, soft_share)


def _shape_edges():
    x, y, w1, w2 = [[1.5]], [[0.0, 1.0]], [[0.75]], [[0.5, -0.25]]
    masks = [[[1]], [[0]], [[1]]]
    return [
        case("edge-min-shapes", x, y, w1, w2, train=training(3, 0.1, 0.5, masks=masks)),
        case("edge-min-shapes-notebook-float32", x, y, w1, w2, dtype="float32", semantics="notebook",
             train=training(3, 0.1, 0.5, masks=masks)),
        case("edge-batch-1", *_generic("edge-batch-1", 1, 4, 5, 3), dtype="float32", loss_epsilon=1e-7),
        # Inputs deeper than one packed block of the products (256; 128 with AVX-512) and
        # hidden units across several register tiles: z1 accumulates over depth blocks.
        case("edge-deep-product", *_generic("edge-deep-product", 6, 300, 20, 3),
             train=training(2, 0.05, 0.25, mask_seed=11)),
        case("edge-deep-product-float32", *_generic("edge-deep-product", 6, 300, 20, 3), dtype="float32"),
        case("edge-hidden-1", *_generic("edge-hidden-1", 3, 2, 1, 2), semantics="notebook",
             train=training(2, 0.1, 0.25, masks=[[[1], [0], [1]], [[0], [1], [1]]])),
    ]


def _dead_and_zero_edges():
    # Every hidden unit dead: positive x, negative w1, so z1 < 0 everywhere.
    x_pos = [[1.0, 0.5, 2.0], [0.25, 3.0, 1.0]]
    w1_neg = [[-0.5, -0.25, -1.0, -0.125], [-0.75, -0.5, -0.25, -1.0], [-0.125, -1.5, -0.5, -0.25]]
    w2 = [[0.5, -0.25, 0.75], [-0.5, 1.0, 0.25], [0.125, 0.375, -0.625], [1.0, -1.0, 0.5]]
    y3 = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    dead_masks = [[[1, 0, 1, 1], [0, 1, 1, 0]], [[1, 1, 0, 1], [1, 1, 1, 1]]]
    # z1 exactly 0 at (0, 0) and (2, 2): 1*2 + 2*(-1) and 0.5*(-1) + 0.5*1.
    xz = [[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]]
    w1z = [[2.0, 1.0, -1.0], [-1.0, 0.5, 1.0]]
    w2z = [[0.5, -1.0, 0.25], [-0.75, 0.5, 1.0], [1.25, 0.25, -0.5]]
    yz = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    zero_masks = [[[1, 1, 0], [1, 0, 1], [0, 1, 1]], [[1, 1, 1], [0, 1, 1], [1, 1, 1]],
                  [[1, 0, 1], [1, 1, 1], [1, 1, 0]]]
    return [
        case("edge-all-hidden-dead", x_pos, y3, w1_neg, w2, train=training(2, 0.1, 0.4, masks=dead_masks)),
        case("edge-all-hidden-dead-notebook-float32", x_pos, y3, w1_neg, w2, dtype="float32",
             semantics="notebook"),
        case("edge-z1-exact-zero", xz, yz, w1z, w2z, train=training(3, 0.1, 0.25, masks=zero_masks)),
        case("edge-z1-exact-zero-notebook-float32", xz, yz, w1z, w2z, dtype="float32", semantics="notebook"),
    ]


def _logit_edges():
    # x = w1 = identity, so z2 = w2: each row of w2 is one sample's logits.
    eye = [[1.0, 0.0], [0.0, 1.0]]
    in_row = [[0.0, 800.0, -4.0], [3.0, -800.0, 0.5]]        # gaps 804 and 803 inside rows
    between = [[800.0, 801.0, 799.5], [0.0, 1.0, -0.5]]      # row maxima 800 apart
    y_in, y_between = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    # Target probabilities ~1e-13, far below epsilon = 1e-7 (y_in targets the small logits) ...
    tiny = [[0.0, 30.0, -2.0], [28.0, 0.0, 1.0]]
    # ... and targets at p ~ 1 - 1e-12: log(p + eps) > 0, a negative loss, dz2 ~ 1e-12.
    y_near_one = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    return [
        case("edge-logits-800-apart-in-row", eye, y_in, eye, in_row),
        case("edge-logits-800-apart-in-row-eps-float32", eye, y_in, eye, in_row, dtype="float32",
             loss_epsilon=1e-7),
        case("edge-logits-800-apart-between-rows", eye, y_between, eye, between),
        case("edge-logits-800-apart-between-rows-notebook-float32", eye, y_between, eye, between,
             dtype="float32", semantics="notebook", reduction="mean"),
        case("edge-tiny-probs-eps", eye, y_in, eye, tiny, loss_epsilon=1e-7),
        case("edge-tiny-probs-eps-float32", eye, y_in, eye, tiny, dtype="float32", loss_epsilon=1e-7),
        case("edge-probs-near-one-eps-float32", eye, y_near_one, eye, tiny, dtype="float32", loss_epsilon=1e-7),
        # The saturated regime in float64, where the gradients (~1e-12) are resolved: float32
        # rounds p to 1 and leaves nothing to compare there.
        case("edge-probs-near-one-eps", eye, y_near_one, eye, tiny, loss_epsilon=1e-7),
        case("edge-probs-near-one-eps-mean", eye, y_near_one, eye, tiny, loss_epsilon=1e-7, reduction="mean",
             train=training(3, 0.5, 0.0)),
        case("edge-probs-near-one-eps-notebook", eye, y_near_one, eye, tiny, semantics="notebook",
             loss_epsilon=1e-7),
        case("edge-logits-800-apart-in-row-eps", eye, y_in, eye, in_row, loss_epsilon=1e-7),
        case("edge-saturated-eps-train", eye, y_near_one, eye, [[0.0, 36.0, -2.0], [34.0, 0.0, 1.0]],
             loss_epsilon=1e-7, train=training(4, 0.25, 0.5, mask_seed=3)),
    ]


def _target_edges():
    soft = [[0.25, 0.5, 0.25], [0.5, 0.0, 0.5], [1.0, 1.0, 0.0]]   # the last row sums to 2
    zero_row = [[0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    x, _, w1, w2 = _generic("edge-targets", 3, 4, 5, 3)
    zero_masks = _masks(_rng("edge-zero-target-row"), 3, 3, 5, 0.25)
    return [
        case("edge-soft-targets", x, soft, w1, w2),
        case("edge-soft-targets-eps-float32", x, soft, w1, w2, dtype="float32", loss_epsilon=1e-7),
        case("edge-soft-targets-notebook", x, soft, w1, w2, semantics="notebook"),
        case("edge-zero-target-row", x, zero_row, w1, w2, train=training(3, 0.05, 0.25, masks=zero_masks)),
        case("edge-zero-target-row-eps-float32", x, zero_row, w1, w2, dtype="float32", loss_epsilon=1e-7),
    ]


def _reduction_and_dropout_edges():
    x, y, w1, w2 = _generic("edge-mean", 5, 3, 4, 3, soft_share=0.4)
    mean_masks = _masks(_rng("edge-mean-masks"), 3, 5, 4, 0.4)
    xd, yd, w1d, w2d = _generic("edge-dropout", 4, 3, 6, 3)
    high_masks = _masks(_rng("edge-dropout-high"), 4, 4, 6, 0.9)
    return [
        case("edge-mean", x, y, w1, w2, reduction="mean", train=training(3, 0.1, 0.4, masks=mean_masks)),
        case("edge-mean-eps-float32", x, y, w1, w2, dtype="float32", loss_epsilon=1e-7, reduction="mean",
             train=training(3, 0.1, 0.4, masks=mean_masks)),
        case("edge-mean-notebook", x, y, w1, w2, semantics="notebook", reduction="mean",
             train=training(3, 0.1, 0.4, masks=mean_masks)),
        # Dropout 0 needs neither masks nor a seed: every mask is all ones.
        case("edge-dropout-zero", xd, yd, w1d, w2d, train=training(5, 0.1, 0.0)),
        case("edge-dropout-zero-notebook-float32", xd, yd, w1d, w2d, dtype="float32", semantics="notebook",
             train=training(5, 0.1, 0.0)),
        # q = 0.9: the scale 1/(1-q) is 10.000000000000002 in float64, 10 in float32.
        case("edge-dropout-high", xd, yd, w1d, w2d, dtype="float32",
             train=training(4, 0.05, 0.9, masks=high_masks)),
    ]


# --------------------------------------------------------------------------
# Random cases
# --------------------------------------------------------------------------

def _log_uniform(rng, low, high):
    """An integer in [low, high], log-uniformly spread (small sizes common, high reachable)."""
    return min(high, math.floor(math.exp(rng.random() * math.log(high + 1 - low + 1))) + low - 1)


def random_cases() -> list[dict[str, Any]]:
    """``RANDOM_CASES`` cases cycling through all 32 option combinations."""
    rng = _rng("random-cases")
    combos = list(itertools.product(("float64", "float32"), ("reference", "notebook"), (False, True),
                                    (0.0, 1e-7), ("sum", "mean")))
    out = []
    for index in range(RANDOM_CASES):
        dtype, semantics, trains, eps, reduction = combos[index % len(combos)]
        if index == 0:
            shape = (32, 32, 32, 32)
        elif index == 1:
            shape = (1, 1, 1, 2)
        else:
            shape = (_log_uniform(rng, 1, 32), _log_uniform(rng, 1, 32), _log_uniform(rng, 1, 32),
                     _log_uniform(rng, 2, 32))
        batch, inputs, hidden, outputs = shape
        net = _network(rng, batch, inputs, hidden, outputs, soft_share=0.25)
        train = None
        if trains:
            epochs = 1 + math.floor(rng.random() * 5)
            dropout = (0.0, 0.1, 0.25, 0.4, 0.5, 0.75)[math.floor(rng.random() * 6)]
            learning_rate = (0.01, 0.05, 0.1, 0.5)[math.floor(rng.random() * 4)]
            train = training(epochs, learning_rate, dropout, masks=_masks(rng, epochs, batch, hidden, dropout))
        out.append(case(f"random-{index:02d}-{dtype}-{semantics}", *net, dtype=dtype, semantics=semantics,
                        loss_epsilon=eps, reduction=reduction, train=train))
    return out


# --------------------------------------------------------------------------
# mask_seed
# --------------------------------------------------------------------------

def seed_cases() -> list[dict[str, Any]]:
    """Training from ``mask_seed`` (seeds up to 2**64 - 1), and one twin with the masks written out."""
    net = (NOTEBOOK_X, NOTEBOOK_Y, NOTEBOOK_W1, NOTEBOOK_W2)
    seven = _generic("seed-7", 5, 3, 7, 3)
    big = _generic("seed-big", 4, 6, 9, 4)
    seven_masks = draw_masks(7, 5, 5, 7, 0.25).astype(int).tolist()
    return [
        case("seed-0", *net, loss_epsilon=1e-7, train=training(100, 0.01, 0.4, mask_seed=0)),
        case("seed-7", *seven, dtype="float32", semantics="notebook",
             train=training(5, 0.1, 0.25, mask_seed=7)),
        case("masks-from-seed-7", *seven, dtype="float32", semantics="notebook",
             train=training(5, 0.1, 0.25, masks=seven_masks)),
        case(f"seed-{2**63 + 5}", *big, dtype="float32", reduction="mean",
             train=training(4, 0.1, 0.5, mask_seed=2**63 + 5)),
        case(f"seed-{2**64 - 1}", *net, dtype="float32", loss_epsilon=1e-7,
             train=training(100, 0.01, 0.4, mask_seed=2**64 - 1)),
    ]
