"""The losses composed of other ops: forward against NumPy formulas, backward by gradcheck."""
import warnings

import numpy as np
import pytest
from scipy import special

import minigrad
import minigrad.nn.functional as F
from minigrad import nn
from tests.reference import nn as ref
from tests.reference.core import check_op

RNG = np.random.default_rng(0)
SIGNS = np.array([1.0, -1.0, 1.0, -1.0, -1.0])


def _const(array):
    return minigrad.tensor(array, dtype=minigrad.float64)


@pytest.mark.parametrize("reduction", ["sum", "batchmean", "none"])
def test_kl_div_matches_the_formula(reduction):
    target = RNG.uniform(0.05, 0.95, (3, 4))
    target[0, 0] = 0.0  # 0 log 0 counts as 0

    def reference(x):
        loss = np.where(target > 0, target * (np.log(np.where(target > 0, target, 1)) - x), 0)
        return loss.sum() / 3 if reduction == "batchmean" else ref.reduce(loss, reduction)
    check_op([(3, 4)], lambda x: F.kl_div(x, _const(target).to(x.dtype), reduction=reduction),
             reference, low=-3, high=-0.1)


def test_kl_div_with_log_target_and_its_mean_warning():
    target = np.log(RNG.uniform(0.1, 0.9, (2, 3)))
    check_op([(2, 3), (2, 3)], lambda x, t: F.kl_div(x, t, reduction="sum", log_target=True),
             lambda x, t: (np.exp(t) * (t - x)).sum(), inputs=[np.log(RNG.uniform(0.1, 0.9, (2, 3))),
                                                              target])
    with pytest.warns(UserWarning, match="batchmean"):
        F.kl_div(minigrad.zeros(2), minigrad.ones(2))
    with pytest.raises(ValueError, match="kl_div: reduction must be"):
        F.kl_div(minigrad.zeros(2), minigrad.ones(2), reduction="batch")


def test_margin_ranking_loss_matches_the_formula():
    check_op([(5,), (5,)], lambda a, b: F.margin_ranking_loss(a, b, _const(SIGNS).to(a.dtype),
                                                              margin=0.3, reduction="none"),
             lambda a, b: np.maximum(0, -SIGNS * (a - b) + 0.3))


@pytest.mark.parametrize("swap, p", [(False, 2.0), (True, 1.0)])
def test_triplet_margin_loss_matches_the_formula(swap, p):
    def reference(a, pos, neg):
        d = lambda u, v: ref.p_norm(u - v + 1e-6, p, -1)  # noqa: E731
        dn = np.minimum(d(a, neg), d(pos, neg)) if swap else d(a, neg)
        return np.maximum(d(a, pos) - dn + 1.0, 0).mean()
    check_op([(4, 3)] * 3, lambda a, pos, neg: F.triplet_margin_loss(a, pos, neg, p=p, swap=swap),
             reference)


def test_cosine_embedding_loss_matches_the_formula():
    def reference(a, b):
        cos = (a * b).sum(1) / np.sqrt(((a * a).sum(1) + 1e-12) * ((b * b).sum(1) + 1e-12))
        return np.where(SIGNS == 1, 1 - cos, np.maximum(cos - 0.2, 0)).sum()
    check_op([(5, 3), (5, 3)], lambda a, b: F.cosine_embedding_loss(
        a, b, _const(SIGNS).to(a.dtype), margin=0.2, reduction="sum"), reference)


def test_multilabel_soft_margin_loss_matches_the_formula():
    target = RNG.integers(0, 2, (4, 3)).astype(float)
    weight = RNG.uniform(0.5, 2, 3)

    def reference(x):
        log_sig = np.log(special.expit(x))
        log_not = np.log(special.expit(-x))
        return (-(target * log_sig + (1 - target) * log_not) * weight).mean(axis=1)
    check_op([(4, 3)], lambda x: F.multilabel_soft_margin_loss(
        x, _const(target).to(x.dtype), _const(weight).to(x.dtype), reduction="none"), reference)


@pytest.mark.parametrize("log_input, full", [(True, False), (False, False), (True, True)])
def test_poisson_nll_loss_matches_the_formula(log_input, full):
    target = RNG.integers(0, 5, (3, 4)).astype(float)

    def reference(x):
        loss = np.exp(x) - target * x if log_input else x - target * np.log(x + 1e-8)
        if full:
            safe = np.where(target > 1, target, 1)
            loss = loss + np.where(target > 1, safe * np.log(safe) - safe
                                   + 0.5 * np.log(2 * np.pi * safe), 0)
        return loss.mean()
    check_op([(3, 4)], lambda x: F.poisson_nll_loss(x, _const(target).to(x.dtype), log_input, full),
             reference, low=0.2, high=2.0)


@pytest.mark.parametrize("var_shape", [(4, 3), (4,), (4, 1)])
def test_gaussian_nll_loss_matches_the_formula_for_each_var_shape(var_shape):
    def reference(x, y, v):
        v = v.reshape(4, -1)
        return (0.5 * (np.log(v) + (x - y) ** 2 / v)).sum()
    check_op([(4, 3), (4, 3), var_shape],
             lambda x, y, v: F.gaussian_nll_loss(x, y, v, reduction="sum"), reference,
             inputs=[RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3)),
                     RNG.uniform(0.5, 2, var_shape)])


def test_gaussian_nll_loss_clamps_var_without_changing_its_gradient():
    var = minigrad.tensor([1e-9, 1.0], dtype=minigrad.float64, requires_grad=True)
    x = minigrad.zeros(2, dtype=minigrad.float64)
    loss = F.gaussian_nll_loss(x, x, var, eps=1e-3, reduction="sum")
    assert loss.item() == pytest.approx(0.5 * np.log(1e-3))
    loss.backward()
    np.testing.assert_allclose(var.grad.numpy(), [0.5 / 1e-3, 0.5])
    with pytest.raises(ValueError, match="gaussian_nll_loss: var has negative entry"):
        F.gaussian_nll_loss(x, x, -var.detach())
    with pytest.raises(ValueError, match="gaussian_nll_loss: var is of incorrect size"):
        F.gaussian_nll_loss(minigrad.zeros(4, 3), minigrad.zeros(4, 3), minigrad.ones(2))


def test_loss_layers_call_their_functions_with_their_options():
    a, b, c = (minigrad.randn(5, 3) for _ in range(3))
    y = minigrad.tensor(SIGNS).float()
    cases = [
        (nn.KLDivLoss(reduction="batchmean"), (a, b.softmax(1)),
         F.kl_div(a, b.softmax(1), reduction="batchmean")),
        (nn.MarginRankingLoss(0.5), (a[:, 0], b[:, 0], y),
         F.margin_ranking_loss(a[:, 0], b[:, 0], y, 0.5)),
        (nn.TripletMarginLoss(2.0, p=1), (a, b, c), F.triplet_margin_loss(a, b, c, 2.0, 1)),
        (nn.CosineEmbeddingLoss(0.1), (a, b, y), F.cosine_embedding_loss(a, b, y, 0.1)),
        (nn.MultiLabelSoftMarginLoss(reduction="sum"), (a, b.sigmoid()),
         F.multilabel_soft_margin_loss(a, b.sigmoid(), reduction="sum")),
        (nn.PoissonNLLLoss(full=True), (a, b.abs()), F.poisson_nll_loss(a, b.abs(), full=True)),
        (nn.GaussianNLLLoss(full=True), (a, b, c.abs()),
         F.gaussian_nll_loss(a, b, c.abs(), full=True)),
    ]
    for layer, inputs, expected in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            np.testing.assert_allclose(layer(*inputs).numpy(), expected.numpy(), rtol=1e-6,
                                       err_msg=type(layer).__name__)


def test_loss_layers_reject_bad_options():
    with pytest.raises(ValueError, match="TripletMarginLoss: margin must be greater than 0"):
        nn.TripletMarginLoss(margin=0.0)
    with pytest.raises(ValueError, match="triplet_margin_loss: margin must be greater than 0"):
        F.triplet_margin_loss(minigrad.zeros(2, 3), minigrad.zeros(2, 3), minigrad.zeros(2, 3),
                              margin=-1.0)
    with pytest.raises(ValueError, match="KLDivLoss: reduction must be"):
        nn.KLDivLoss(reduction="avg")
    with pytest.raises(TypeError, match="MarginRankingLoss: margin must be a real number"):
        nn.MarginRankingLoss(margin="1")
