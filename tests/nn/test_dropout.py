"""Dropout: inverted scaling, train/eval behaviour, channel masks, reproducibility."""
import warnings

import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad import nn


def test_dropout_zeroes_with_probability_p_and_scales_the_rest():
    out = F.dropout(minigrad.ones(100_000), p=0.3).numpy()
    kept = out != 0
    np.testing.assert_allclose(out[kept], 1 / 0.7, rtol=1e-6)
    # The kept fraction is Binomial(n, 0.7) / n: its standard deviation is about 0.0015.
    assert kept.mean() == pytest.approx(0.7, abs=0.01)
    # Inverted dropout keeps the expectation.
    assert out.mean() == pytest.approx(1.0, abs=0.02)


def test_dropout_gradient_uses_the_same_mask():
    x = minigrad.ones(1000, requires_grad=True, dtype=minigrad.float64)
    out = F.dropout(x, p=0.5)
    out.backward(minigrad.full((1000,), 3.0, dtype=minigrad.float64))
    np.testing.assert_array_equal(x.grad.numpy(), 3.0 * out.detach().numpy())


def test_dropout_is_reproducible_with_manual_seed():
    minigrad.manual_seed(7)
    a = F.dropout(minigrad.ones(50)).numpy().copy()
    minigrad.manual_seed(7)
    b = F.dropout(minigrad.ones(50)).numpy()
    np.testing.assert_array_equal(a, b)


def test_dropout_in_evaluation_or_with_p_zero_returns_the_input():
    x = minigrad.ones(5)
    assert F.dropout(x, 0.5, training=False) is x
    assert F.dropout(x, 0.0) is x


def test_dropout_with_p_one_zeroes_everything_with_zero_gradient():
    x = minigrad.ones(4, requires_grad=True)
    out = F.dropout(x, 1.0)
    assert not out.detach().numpy().any()
    out.sum().backward()
    assert not x.grad.numpy().any()


def test_dropout_keeps_float32():
    assert F.dropout(minigrad.ones(3), 0.5).dtype == np.float32


def test_dropout_module_behaves_by_mode():
    drop = nn.Dropout(0.5)
    x = minigrad.ones(1000)
    assert set(np.unique(drop(x).numpy())) == {0.0, 2.0}
    drop.eval()
    assert drop(x) is x
    drop.train()
    assert set(np.unique(drop(x).numpy())) == {0.0, 2.0}


def test_dropout_inside_a_model_follows_model_eval():
    net = nn.Sequential(nn.Identity(), nn.Dropout(0.9))
    x = minigrad.ones(20)
    net.eval()
    np.testing.assert_array_equal(net(x).numpy(), np.ones(20))


def test_dropout_inplace_writes_into_the_input():
    x = minigrad.ones(1000)
    out = nn.Dropout(0.5, inplace=True)(x)
    assert out is x
    assert set(np.unique(x.numpy())) == {0.0, 2.0}


@pytest.mark.parametrize("fn, shape", [
    (F.dropout1d, (4, 16, 10)), (F.dropout1d, (16, 10)),
    (F.dropout2d, (4, 16, 3, 3)),
    (F.dropout3d, (4, 16, 2, 2, 2)), (F.dropout3d, (16, 2, 2, 2)),
])
def test_channel_dropout_zeroes_whole_channels(fn, shape):
    out = fn(minigrad.ones(*shape), p=0.5).numpy()
    spatial = {F.dropout1d: 1, F.dropout2d: 2, F.dropout3d: 3}[fn]
    per_channel = out.reshape(-1, int(np.prod(shape[-spatial:])))
    for row in per_channel:
        assert len(set(row.tolist())) == 1 and row[0] in (0.0, 2.0)
    assert 0 < (per_channel[:, 0] == 0).sum() < len(per_channel)


def test_dropout2d_on_3d_input_warns_and_drops_channels_of_a_signal():
    with pytest.warns(UserWarning, match="dropout2d: received a 3-d input"):
        out = F.dropout2d(minigrad.ones(4, 8, 5), 0.5).numpy()
    for row in out.reshape(32, 5):
        assert len(set(row.tolist())) == 1


@pytest.mark.parametrize("fn, shape, message", [
    (F.dropout1d, (2, 3, 4, 5), "dropout1d: expected a 2-d \\(C, ...\\) or 3-d"),
    (F.dropout2d, (2, 3), "dropout2d: expected a 3-d \\(C, ...\\) or 4-d"),
    (F.dropout3d, (2, 3, 4), "dropout3d: expected a 4-d \\(C, ...\\) or 5-d"),
])
def test_channel_dropout_rejects_wrong_rank(fn, shape, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match=message):
            fn(minigrad.ones(*shape))


@pytest.mark.parametrize("p", [-0.1, 1.5])
def test_dropout_rejects_invalid_probability(p):
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1"):
        F.dropout(minigrad.ones(2), p)
    with pytest.raises(ValueError, match="Dropout: dropout probability has to be between 0 and 1"):
        nn.Dropout(p)


@pytest.mark.parametrize("p", ["0.5", True, None])
def test_dropout_rejects_a_probability_that_is_not_a_number(p):
    with pytest.raises(TypeError, match="dropout: p must be a real number"):
        F.dropout(minigrad.ones(2), p)
    with pytest.raises(TypeError, match="Dropout: p must be a real number"):
        nn.Dropout(p)


def test_dropout_rejects_integer_input():
    with pytest.raises(TypeError, match="dropout: expected a floating-point tensor"):
        F.dropout(minigrad.tensor([1, 2]))


@pytest.mark.parametrize("module, expected", [
    (nn.Dropout(), "Dropout(p=0.5, inplace=False)"),
    (nn.Dropout1d(0.2), "Dropout1d(p=0.2, inplace=False)"),
    (nn.Dropout2d(0.2, True), "Dropout2d(p=0.2, inplace=True)"),
    (nn.Dropout3d(), "Dropout3d(p=0.5, inplace=False)"),
    (nn.AlphaDropout(), "AlphaDropout(p=0.5, inplace=False)"),
    (nn.AlphaDropout(0.2, True), "AlphaDropout(p=0.2, inplace=True)"),
])
def test_dropout_repr(module, expected):
    assert repr(module) == expected


def test_channel_dropout_modules_follow_mode():
    for module, shape in [(nn.Dropout1d(0.5), (2, 4, 3)), (nn.Dropout2d(0.5), (2, 4, 3, 3)),
                          (nn.Dropout3d(0.5), (2, 4, 2, 2, 2))]:
        x = minigrad.ones(*shape)
        assert set(np.unique(module(x).numpy())) <= {0.0, 2.0}
        module.eval()
        assert module(x) is x


# ---------------------------------------------------------------- alpha dropout
SATURATION = -1.7580993408473766  # SELU's limit for very negative inputs, -scale * alpha


def _alpha_dropout_affine(p):
    """PyTorch's a and b: y = a * (x or SATURATION) + b keeps zero mean and unit variance."""
    a = ((1 - p) * (1 + p * SATURATION ** 2)) ** -0.5
    return a, -a * SATURATION * p


def test_alpha_dropout_sets_dropped_elements_to_the_affine_image_of_the_saturation():
    p = 0.3
    a, b = _alpha_dropout_affine(p)
    x = np.linspace(-2, 2, 20_000)
    out = F.alpha_dropout(minigrad.tensor(x, dtype=minigrad.float64), p, training=True).numpy()
    kept = np.isclose(out, a * x + b, rtol=0, atol=1e-12)
    dropped = np.isclose(out, a * SATURATION + b, rtol=0, atol=1e-12)
    assert (kept | dropped).all()
    # The dropped fraction is Binomial(n, 0.3) / n: its standard deviation is about 0.003.
    assert dropped.mean() == pytest.approx(p, abs=0.015)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_alpha_dropout_keeps_zero_mean_and_unit_variance_of_selu_inputs(p):
    minigrad.manual_seed(3)
    x = minigrad.randn(200_000, dtype=minigrad.float64)
    out = F.alpha_dropout(x, p, training=True).numpy()
    assert out.mean() == pytest.approx(0.0, abs=0.01)
    assert out.std() == pytest.approx(1.0, abs=0.01)
    layer_out = nn.AlphaDropout(p)(x).numpy()
    assert layer_out.std() == pytest.approx(1.0, abs=0.01)


def test_alpha_dropout_gradient_is_a_on_kept_elements_and_zero_on_dropped_ones():
    p = 0.4
    a, b = _alpha_dropout_affine(p)
    x = minigrad.tensor(np.linspace(-1, 1, 1000), dtype=minigrad.float64, requires_grad=True)
    out = F.alpha_dropout(x, p, training=True)
    out.backward(minigrad.full((1000,), 3.0, dtype=minigrad.float64))
    kept = np.isclose(out.detach().numpy(), a * x.detach().numpy() + b, rtol=0, atol=1e-12)
    np.testing.assert_allclose(x.grad.numpy(), np.where(kept, 3.0 * a, 0.0), rtol=1e-12)
    assert 0 < kept.sum() < 1000


def test_alpha_dropout_is_the_identity_out_of_training_by_default_and_with_p_zero():
    x = minigrad.randn(5)
    assert F.alpha_dropout(x) is x  # training=False by default, as in PyTorch
    assert F.alpha_dropout(x, 0.5, training=False) is x
    assert F.alpha_dropout(x, 0.0, training=True) is x
    empty = minigrad.zeros(0, 3)
    assert F.alpha_dropout(empty, 0.5, training=True) is empty


def test_alpha_dropout_with_p_one_multiplies_by_zero_keeping_nan_as_pytorch():
    x = minigrad.tensor([1.0, -2.0, np.nan, np.inf], requires_grad=True)
    out = F.alpha_dropout(x, 1.0, training=True)
    values = out.detach().numpy()
    np.testing.assert_array_equal(values[:2], [0.0, 0.0])
    assert np.isnan(values[2:]).all()  # NaN * 0 and inf * 0
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0, 0.0, 0.0])


def test_alpha_dropout_propagates_nan_in_kept_and_dropped_elements():
    out = F.alpha_dropout(minigrad.full((200,), np.nan), 0.5, training=True).numpy()
    assert np.isnan(out).all()


def test_alpha_dropout_keeps_the_dtype_and_is_reproducible_with_manual_seed():
    assert F.alpha_dropout(minigrad.ones(3), 0.5, True).dtype == np.float32
    minigrad.manual_seed(11)
    first = F.alpha_dropout(minigrad.ones(50), 0.5, True).numpy().copy()
    minigrad.manual_seed(11)
    np.testing.assert_array_equal(F.alpha_dropout(minigrad.ones(50), 0.5, True).numpy(), first)


def test_alpha_dropout_inplace_writes_into_the_input():
    a, b = _alpha_dropout_affine(0.5)
    x = minigrad.ones(1000, dtype=minigrad.float64)
    out = nn.AlphaDropout(0.5, inplace=True)(x)
    assert out is x
    np.testing.assert_allclose(np.unique(x.numpy()), sorted([a + b, a * SATURATION + b]))


def test_alpha_dropout_module_follows_the_mode():
    drop = nn.AlphaDropout(0.2)
    x = minigrad.ones(100)
    assert drop.eval()(x) is x
    assert len(np.unique(drop.train()(x).numpy())) == 2


@pytest.mark.parametrize("p", [-0.1, 1.5])
def test_alpha_dropout_rejects_invalid_probability(p):
    with pytest.raises(ValueError, match="alpha_dropout: dropout probability has to be between"):
        F.alpha_dropout(minigrad.ones(2), p)
    with pytest.raises(ValueError, match="AlphaDropout: dropout probability has to be between"):
        nn.AlphaDropout(p)


def test_alpha_dropout_rejects_integer_input():
    with pytest.raises(TypeError, match="alpha_dropout: expected a floating-point tensor"):
        F.alpha_dropout(minigrad.tensor([1, 2]), 0.5, True)
