"""Loss functions and modules: values against NumPy references, gradients by finite differences."""
import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad import nn
from minigrad.autograd import gradcheck
from tests.reference import nn as ref

SHAPES = [(5,), (4, 5), (3, 5, 2, 3)]  # (C,), (N, C), (N, C, d1, d2)


def _target_shape(shape):
    return () if len(shape) == 1 else (shape[0],) + shape[2:]


def _classes(shape):
    return shape[0] if len(shape) == 1 else shape[1]


def _t(a, requires_grad=False):
    return minigrad.tensor(np.asarray(a), requires_grad=requires_grad)


# ---------------------------------------------------------------- cross-entropy
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("smoothing", [0.0, 0.3])
def test_cross_entropy_class_targets_match_reference_and_gradcheck(rng, shape, reduction,
                                                                   weighted, smoothing):
    c = _classes(shape)
    x = rng.standard_normal(shape)
    t = rng.integers(0, c, _target_shape(shape))
    if t.ndim:
        t.flat[0] = 1  # ignored below: the mean must skip it
    w = rng.uniform(0.5, 2.0, c) if weighted else None
    xt = _t(x, requires_grad=True)
    wt = None if w is None else _t(w)

    def loss(inp):
        return F.cross_entropy(inp, _t(t), weight=wt, ignore_index=1 if t.ndim else -100,
                               reduction=reduction, label_smoothing=smoothing)

    expected = ref.cross_entropy(x, t, w, ignore_index=1 if t.ndim else -100,
                                 reduction=reduction, label_smoothing=smoothing)
    np.testing.assert_allclose(loss(xt).detach().numpy(), expected, rtol=1e-10, atol=1e-12)
    assert gradcheck(loss, (xt,))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.25])
def test_cross_entropy_probability_targets_gradient_flows_to_input_and_target(
        rng, shape, reduction, smoothing):
    c = _classes(shape)
    x = rng.standard_normal(shape)
    p = rng.dirichlet(np.ones(c), size=max(1, int(np.prod(_target_shape(shape)))))
    p = np.moveaxis(p.reshape(_target_shape(shape) + (c,)), -1, 0 if len(shape) == 1 else 1)
    w = rng.uniform(0.5, 2.0, c)
    xt, pt = _t(x, True), _t(np.ascontiguousarray(p), True)

    def loss(inp, target):
        return F.cross_entropy(inp, target, weight=_t(w), reduction=reduction,
                               label_smoothing=smoothing)

    expected = ref.cross_entropy(x, p, w, reduction=reduction, label_smoothing=smoothing)
    np.testing.assert_allclose(loss(xt, pt).detach().numpy(), expected, rtol=1e-10)
    assert gradcheck(loss, (xt, pt))


def test_cross_entropy_equals_log_softmax_then_nll(rng):
    x = rng.standard_normal((6, 4))
    t = rng.integers(0, 4, 6)
    fused = F.cross_entropy(_t(x), _t(t))
    composed = F.nll_loss(F.log_softmax(_t(x), dim=1), _t(t))
    np.testing.assert_allclose(fused.item(), composed.item(), rtol=1e-12)


def test_cross_entropy_is_stable_for_huge_logits():
    x = _t(np.array([[1000.0, 0.0, -1000.0], [-1e4, 1e4, 0.0]]), requires_grad=True)
    loss = F.cross_entropy(x, _t(np.array([2, 0])), reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [2000.0, 2e4])
    loss.sum().backward()
    assert np.isfinite(x.grad.numpy()).all()


def test_cross_entropy_float32_keeps_dtype_and_matches_float64(rng):
    x = rng.standard_normal((8, 10))
    t = rng.integers(0, 10, 8)
    single = F.cross_entropy(minigrad.tensor(x, dtype=minigrad.float32), _t(t))
    assert single.dtype == np.float32
    np.testing.assert_allclose(single.item(), ref.cross_entropy(x, t), rtol=1e-5)


@pytest.mark.parametrize("fn", [F.cross_entropy, F.nll_loss])
def test_mean_with_every_target_ignored_is_nan_with_zero_gradient(fn):
    x = minigrad.zeros(3, 4, requires_grad=True)
    loss = fn(x, _t(np.full(3, -100)))
    assert np.isnan(loss.item())
    loss.backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros((3, 4)))


def test_cross_entropy_gradient_of_ignored_rows_is_zero(rng):
    x = _t(rng.standard_normal((4, 3)), requires_grad=True)
    F.cross_entropy(x, _t(np.array([0, -100, 2, -100])), label_smoothing=0.1).backward()
    np.testing.assert_array_equal(x.grad.numpy()[[1, 3]], 0.0)


def test_cross_entropy_accepts_int32_targets(rng):
    x = rng.standard_normal((4, 3))
    t = np.array([0, 2, 1, 1])
    a = F.cross_entropy(_t(x), minigrad.tensor(t, dtype=minigrad.int32))
    np.testing.assert_allclose(a.item(), ref.cross_entropy(x, t), rtol=1e-12)


def test_cross_entropy_rejects_target_of_wrong_shape():
    with pytest.raises(ValueError, match=r"cross_entropy: expected target of shape \[4\]"):
        F.cross_entropy(minigrad.zeros(4, 3), _t(np.zeros(5, np.int64)))


def test_cross_entropy_rejects_probability_target_of_wrong_shape():
    with pytest.raises(ValueError, match=r"floating-point target of the input's shape \[4, 3\] "
                                         r"\(class probabilities\), got a float32 target of shape "
                                         r"\[4, 2\]; class indices must be integers"):
        F.cross_entropy(minigrad.zeros(4, 3), minigrad.zeros(4, 2))


@pytest.mark.parametrize("dtype", [minigrad.float32, minigrad.float64])
def test_cross_entropy_with_float_class_labels_says_indices_must_be_integers(dtype):
    labels = minigrad.tensor([0.0, 2.0, 1.0, 1.0], dtype=dtype)
    with pytest.raises(TypeError, match=r"cross_entropy: class indices must be integers "
                                        r"\(e\.g\. target\.long\(\)\), got a float(32|64) target "
                                        r"of shape \[4\]"):
        F.cross_entropy(minigrad.zeros(4, 3), labels)
    with pytest.raises(TypeError, match=r"class indices must be integers .* shape \[2, 5\]"):
        F.cross_entropy(minigrad.zeros(2, 3, 5), minigrad.zeros(2, 5, dtype=dtype))


def test_cross_entropy_rejects_out_of_range_class():
    with pytest.raises(ValueError, match="target 7 is out of bounds for 3 classes"):
        F.cross_entropy(minigrad.zeros(2, 3), _t(np.array([0, 7])))


def test_cross_entropy_rejects_negative_class_that_is_not_ignored():
    with pytest.raises(ValueError, match="target -1 is out of bounds"):
        F.cross_entropy(minigrad.zeros(2, 3), _t(np.array([0, -1])))


def test_cross_entropy_rejects_bool_target():
    with pytest.raises(TypeError, match="integer target .* or a floating-point target"):
        F.cross_entropy(minigrad.zeros(2, 3), minigrad.tensor([True, False]))


def test_cross_entropy_rejects_probability_target_of_other_dtype():
    with pytest.raises(TypeError, match="dtype float32 .*got float64"):
        F.cross_entropy(minigrad.zeros(2, 3), minigrad.zeros(2, 3, dtype=minigrad.float64))


def test_cross_entropy_rejects_ignore_index_with_probability_targets():
    with pytest.raises(ValueError, match="ignore_index is not supported for probability targets"):
        F.cross_entropy(minigrad.zeros(2, 3), minigrad.zeros(2, 3), ignore_index=0)


def test_cross_entropy_rejects_weight_of_wrong_shape():
    with pytest.raises(ValueError, match=r"expected weight of shape \[3\] \(one per class\)"):
        F.cross_entropy(minigrad.zeros(2, 3), _t(np.array([0, 1])), weight=minigrad.ones(4))


def test_cross_entropy_rejects_bad_label_smoothing():
    with pytest.raises(ValueError, match="label_smoothing must be between 0.0 and 1.0"):
        F.cross_entropy(minigrad.zeros(2, 3), _t(np.array([0, 1])), label_smoothing=1.5)


def test_cross_entropy_rejects_integer_input():
    with pytest.raises(TypeError, match="cross_entropy: expected a floating-point input"):
        F.cross_entropy(_t(np.zeros((2, 3), np.int64)), _t(np.array([0, 1])))


def test_cross_entropy_rejects_scalar_input():
    with pytest.raises(ValueError, match="got a scalar"):
        F.cross_entropy(minigrad.tensor(1.0), _t(np.array(0)))


def test_unknown_reduction_is_rejected():
    with pytest.raises(ValueError, match="reduction must be 'none', 'mean' or 'sum', got 'avg'"):
        F.mse_loss(minigrad.zeros(2), minigrad.zeros(2), reduction="avg")


def test_legacy_size_average_and_reduce_map_to_reduction(rng):
    x, y = rng.standard_normal(4), rng.standard_normal(4)
    with pytest.warns(DeprecationWarning, match="size_average and reduce are deprecated"):
        summed = F.mse_loss(_t(x), _t(y), size_average=False)
    np.testing.assert_allclose(summed.item(), ref.mse_loss(x, y, "sum"))
    with pytest.warns(DeprecationWarning):
        none = nn.L1Loss(reduce=False)(_t(x), _t(y))
    np.testing.assert_allclose(none.numpy(), ref.l1_loss(x, y, "none"))


# ---------------------------------------------------------------- nll
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
def test_nll_loss_matches_reference_and_gradcheck(rng, shape, reduction, weighted):
    c = _classes(shape)
    x = rng.standard_normal(shape)
    t = rng.integers(0, c, _target_shape(shape))
    w = rng.uniform(0.5, 2.0, c) if weighted else None
    xt = _t(x, True)

    def loss(inp):
        return F.nll_loss(inp, _t(t), weight=None if w is None else _t(w), ignore_index=2,
                          reduction=reduction)

    np.testing.assert_allclose(loss(xt).detach().numpy(),
                               ref.nll_loss(x, t, w, ignore_index=2, reduction=reduction),
                               rtol=1e-12)
    assert gradcheck(loss, (xt,))


def test_nll_loss_by_hand():
    logp = _t(np.array([[-0.5, -1.0], [-2.0, -0.1]]))
    assert F.nll_loss(logp, _t(np.array([1, 0]))).item() == pytest.approx(1.5)
    weighted = F.nll_loss(logp, _t(np.array([1, 0])), weight=_t(np.array([3.0, 1.0])))
    assert weighted.item() == pytest.approx((1.0 * 1 + 2.0 * 3) / 4)


def test_nll_loss_rejects_float_target():
    with pytest.raises(TypeError, match="nll_loss: expected an integer target"):
        F.nll_loss(minigrad.zeros(2, 3), minigrad.zeros(2))


# ---------------------------------------------------------------- regression losses
POINTWISE = [
    ("mse", F.mse_loss, ref.mse_loss, {}),
    ("l1", F.l1_loss, ref.l1_loss, {}),
    ("smooth_l1", F.smooth_l1_loss, ref.smooth_l1_loss, {"beta": 0.7}),
    ("smooth_l1_beta0", F.smooth_l1_loss, ref.smooth_l1_loss, {"beta": 0.0}),
    ("huber", F.huber_loss, ref.huber_loss, {"delta": 0.8}),
]


@pytest.mark.parametrize("name, fn, reference, kwargs", POINTWISE, ids=[p[0] for p in POINTWISE])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_pointwise_losses_match_reference_and_gradcheck_both_inputs(rng, name, fn, reference,
                                                                    kwargs, reduction):
    x, y = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    xt, yt = _t(x, True), _t(y, True)

    def loss(a, b):
        return fn(a, b, reduction=reduction, **kwargs)

    np.testing.assert_allclose(loss(xt, yt).detach().numpy(),
                               reference(x, y, reduction=reduction, **kwargs), rtol=1e-12)
    assert gradcheck(loss, (xt, yt))


@pytest.mark.parametrize("fn, reference", [(F.mse_loss, ref.mse_loss), (F.l1_loss, ref.l1_loss),
                                           (F.huber_loss, ref.huber_loss)])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_weighted_pointwise_losses_match_reference(rng, fn, reference, reduction):
    x, y, w = rng.standard_normal((2, 5)), rng.standard_normal((2, 5)), rng.uniform(0, 2, (2, 5))
    xt = _t(x, True)

    def loss(a):
        return fn(a, _t(y), reduction=reduction, weight=_t(w))

    np.testing.assert_allclose(loss(xt).detach().numpy(),
                               reference(x, y, reduction=reduction, weight=w), rtol=1e-12)
    assert gradcheck(loss, (xt,))


def test_mse_by_hand():
    assert F.mse_loss(minigrad.tensor([1.0, 2.0]), minigrad.zeros(2)).item() == 2.5


def test_l1_gradient_is_zero_where_input_equals_target():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    F.l1_loss(x, minigrad.tensor([1.0, 0.0]), reduction="sum").backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 1.0])


def test_pointwise_loss_rejects_target_of_other_shape():
    with pytest.raises(ValueError, match=r"mse_loss: expected target of the input's shape \[3"):
        F.mse_loss(minigrad.zeros(3, 1), minigrad.zeros(3))


@pytest.mark.parametrize("loss, value", [
    (F.mse_loss, lambda d: d * d),
    (F.l1_loss, np.abs),
    (F.smooth_l1_loss, lambda d: np.where(np.abs(d) < 1, 0.5 * d * d, np.abs(d) - 0.5)),
    (F.huber_loss, lambda d: np.where(np.abs(d) < 1, 0.5 * d * d, np.abs(d) - 0.5)),
])
def test_regression_losses_promote_an_integer_target_to_the_input_dtype(loss, value):
    x = minigrad.tensor([0.5, -1.0, 4.0], requires_grad=True)
    target = _t(np.array([1, 2, 3], np.int64))
    out = loss(x, target, reduction="none")
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.detach().numpy(), value(np.array([-0.5, -3.0, 1.0])),
                               rtol=1e-6)
    out.sum().backward()
    assert x.grad.dtype == np.float32


def test_regression_losses_promote_float32_with_a_float64_target_except_huber():
    x = minigrad.tensor([0.5, 2.0], requires_grad=True)
    target = minigrad.tensor([1.0, 0.0], dtype=minigrad.float64)
    for loss in (F.mse_loss, F.l1_loss, F.smooth_l1_loss):
        out = loss(x, target)
        assert out.dtype == np.float64
    out = F.mse_loss(x, target)
    out.backward()
    assert x.grad.dtype == np.float32
    np.testing.assert_allclose(x.grad.numpy(), [-0.5, 2.0])
    # PyTorch's huber_loss computes in the input's dtype.
    assert F.huber_loss(x, target).dtype == np.float32


def test_regression_losses_promote_an_integer_input_with_a_float_target():
    out = F.mse_loss(_t(np.array([1, 3], np.int64)), minigrad.tensor([0.0, 0.0]))
    assert out.dtype == np.float32 and out.item() == 5.0


def test_regression_losses_refuse_what_pytorch_refuses():
    ints = _t(np.array([1, 2], np.int64))
    with pytest.raises(TypeError, match="mse_loss: expected a floating-point input or target, "
                                        "got dtypes int64 and int64"):
        F.mse_loss(ints, ints)
    with pytest.raises(TypeError, match="l1_loss: a bool target cannot be subtracted"):
        F.l1_loss(minigrad.zeros(2), _t(np.array([True, False])))
    with pytest.raises(TypeError, match="huber_loss: expected a floating-point input, got dtype int64"):
        F.huber_loss(ints, minigrad.zeros(2))
    with pytest.raises(TypeError, match="mse_loss: expected target to be a Tensor, got list"):
        F.mse_loss(minigrad.zeros(2), [0.0, 0.0])


def test_pointwise_loss_rejects_weight_of_other_shape():
    with pytest.raises(ValueError, match=r"mse_loss: expected weight of the input's shape \[3\]"):
        F.mse_loss(minigrad.zeros(3), minigrad.zeros(3), weight=minigrad.ones(1))


def test_smooth_l1_rejects_negative_beta():
    with pytest.raises(ValueError, match="beta must be non-negative"):
        F.smooth_l1_loss(minigrad.zeros(2), minigrad.zeros(2), beta=-1.0)
    with pytest.raises(ValueError, match="beta must be non-negative"):
        nn.SmoothL1Loss(beta=-1.0)


def test_huber_rejects_non_positive_delta():
    with pytest.raises(ValueError, match="delta must be positive"):
        F.huber_loss(minigrad.zeros(2), minigrad.zeros(2), delta=0.0)


# ---------------------------------------------------------------- binary cross-entropy
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
def test_binary_cross_entropy_matches_reference_and_gradcheck(rng, reduction, weighted):
    p, y = rng.uniform(0.05, 0.95, (3, 4)), rng.uniform(0, 1, (3, 4))
    w = rng.uniform(0.5, 2, 4) if weighted else None
    pt, yt = _t(p, True), _t(y, True)

    def loss(a, b):
        return F.binary_cross_entropy(a, b, None if w is None else _t(w), reduction=reduction)

    np.testing.assert_allclose(loss(pt, yt).detach().numpy(),
                               ref.binary_cross_entropy(p, y, w, reduction), rtol=1e-12)
    assert gradcheck(loss, (pt, yt))


def test_binary_cross_entropy_clamps_the_log_at_minus_100():
    loss = F.binary_cross_entropy(minigrad.tensor([0.0, 1.0]), minigrad.tensor([1.0, 0.0]),
                                  reduction="none")
    np.testing.assert_allclose(loss.numpy(), [100.0, 100.0])


def test_binary_cross_entropy_rejects_input_outside_unit_interval():
    with pytest.raises(ValueError, match="all elements of input should be between 0 and 1"):
        F.binary_cross_entropy(minigrad.tensor([1.5]), minigrad.tensor([1.0]))


def test_binary_cross_entropy_rejects_weight_that_does_not_broadcast():
    with pytest.raises(ValueError, match=r"weight of shape \[3\] does not broadcast"):
        F.binary_cross_entropy(minigrad.full((2, 4), 0.5), minigrad.ones(2, 4),
                               weight=minigrad.ones(3))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("pos_weighted", [False, True])
def test_bce_with_logits_matches_reference_and_gradcheck(rng, reduction, weighted,
                                                         pos_weighted):
    x, y = 3 * rng.standard_normal((3, 4)), rng.uniform(0, 1, (3, 4))
    w = rng.uniform(0.5, 2, (3, 1)) if weighted else None
    pw = rng.uniform(0.5, 3, 4) if pos_weighted else None
    xt, yt = _t(x, True), _t(y, True)

    def loss(a, b):
        return F.binary_cross_entropy_with_logits(
            a, b, None if w is None else _t(w), reduction=reduction,
            pos_weight=None if pw is None else _t(pw))

    np.testing.assert_allclose(
        loss(xt, yt).detach().numpy(),
        ref.binary_cross_entropy_with_logits(x, y, w, reduction, pw), rtol=1e-12)
    assert gradcheck(loss, (xt, yt))


def test_bce_with_logits_is_stable_for_huge_logits():
    x = minigrad.tensor([1000.0, -1000.0], requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(x, minigrad.tensor([0.0, 1.0]), reduction="none")
    np.testing.assert_allclose(loss.detach().numpy(), [1000.0, 1000.0])
    loss.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.0, -1.0])


def test_bce_with_logits_equals_sigmoid_then_bce(rng):
    x, y = rng.standard_normal(6), rng.uniform(0, 1, 6)
    a = F.binary_cross_entropy_with_logits(_t(x), _t(y))
    b = F.binary_cross_entropy(F.sigmoid(_t(x)), _t(y))
    np.testing.assert_allclose(a.item(), b.item(), rtol=1e-10)


# ---------------------------------------------------------------- modules
def test_loss_modules_call_their_functional_with_their_options(rng):
    x = rng.standard_normal((4, 3))
    t = np.array([0, 2, 1, 2])
    w = rng.uniform(0.5, 2, 3)
    module = nn.CrossEntropyLoss(weight=_t(w), ignore_index=1, reduction="sum",
                                 label_smoothing=0.1)
    np.testing.assert_allclose(
        module(_t(x), _t(t)).item(),
        ref.cross_entropy(x, t, w, ignore_index=1, reduction="sum", label_smoothing=0.1))
    np.testing.assert_allclose(nn.NLLLoss(weight=_t(w))(_t(x), _t(t)).item(),
                               ref.nll_loss(x, t, w))
    y = rng.uniform(0, 1, (4, 3))
    np.testing.assert_allclose(nn.MSELoss(reduction="none")(_t(x), _t(y)).numpy(),
                               ref.mse_loss(x, y, "none"))
    np.testing.assert_allclose(nn.L1Loss()(_t(x), _t(y)).item(), ref.l1_loss(x, y))
    np.testing.assert_allclose(nn.SmoothL1Loss(beta=0.5)(_t(x), _t(y)).item(),
                               ref.smooth_l1_loss(x, y, beta=0.5))
    np.testing.assert_allclose(nn.HuberLoss(delta=0.5)(_t(x), _t(y)).item(),
                               ref.huber_loss(x, y, delta=0.5))
    p = rng.uniform(0.1, 0.9, (4, 3))
    np.testing.assert_allclose(nn.BCELoss(weight=_t(w))(_t(p), _t(y)).item(),
                               ref.binary_cross_entropy(p, y, w))
    pw = rng.uniform(1, 2, 3)
    np.testing.assert_allclose(
        nn.BCEWithLogitsLoss(pos_weight=_t(pw), reduction="sum")(_t(x), _t(y)).item(),
        ref.binary_cross_entropy_with_logits(x, y, reduction="sum", pos_weight=pw))


def test_loss_module_weights_are_buffers_in_the_state_dict():
    assert list(nn.CrossEntropyLoss(weight=minigrad.ones(3)).state_dict()) == ["weight"]
    assert list(nn.CrossEntropyLoss().state_dict()) == []
    assert list(nn.BCEWithLogitsLoss(pos_weight=minigrad.ones(3)).state_dict()) == ["pos_weight"]
    assert repr(nn.CrossEntropyLoss(weight=minigrad.ones(3))) == "CrossEntropyLoss()"


def test_loss_module_rejects_bad_reduction_at_construction():
    with pytest.raises(ValueError, match="MSELoss: reduction must be"):
        nn.MSELoss(reduction="batchmean")


def test_cross_entropy_module_rejects_bad_label_smoothing():
    with pytest.raises(ValueError, match="CrossEntropyLoss: label_smoothing must be between"):
        nn.CrossEntropyLoss(label_smoothing=-0.1)
