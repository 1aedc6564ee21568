"""Pooling modules: forward against the NumPy reference, indices, unpooling, validation, repr."""
import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.autograd import gradcheck
from tests.reference import pool as ref


def _t(a, requires_grad=False):
    return minigrad.tensor(np.asarray(a), requires_grad=requires_grad)


def _nt(value, n):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * n


def _distinct(rng, shape):
    """Values with no ties, so that max pooling's gradient is well defined."""
    return rng.permutation(int(np.prod(shape))).reshape(shape) / 7.0 - 3.0


MAX_CASES = [
    (nn.MaxPool1d, dict(kernel_size=3), (2, 3, 8)),
    (nn.MaxPool1d, dict(kernel_size=2, stride=1, padding=1, dilation=2), (1, 2, 6)),
    (nn.MaxPool2d, dict(kernel_size=2), (2, 3, 4, 6)),
    (nn.MaxPool2d, dict(kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), ceil_mode=True),
     (1, 2, 5, 5)),
    (nn.MaxPool3d, dict(kernel_size=2, stride=1), (1, 2, 3, 3, 3)),
]


@pytest.mark.parametrize("cls, kwargs, shape", MAX_CASES)
def test_max_pool_module_matches_reference_with_indices(rng, cls, kwargs, shape):
    n = len(shape) - 2
    m = cls(return_indices=True, **kwargs)
    x = _distinct(rng, shape)
    out, idx = m(_t(x))
    expected, expected_idx = ref.max_pool(
        x, _nt(m.kernel_size, n), _nt(m.stride, n), _nt(m.padding, n), _nt(m.dilation, n),
        m.ceil_mode)
    np.testing.assert_array_equal(out.numpy(), expected)
    np.testing.assert_array_equal(idx.numpy(), expected_idx)
    assert gradcheck(cls(**kwargs), (_t(x, True),))


AVG_CASES = [
    (nn.AvgPool1d, dict(kernel_size=3), (2, 3, 8)),
    (nn.AvgPool1d, dict(kernel_size=3, stride=2, padding=1, count_include_pad=False), (1, 2, 7)),
    (nn.AvgPool2d, dict(kernel_size=2), (2, 3, 4, 6)),
    (nn.AvgPool2d, dict(kernel_size=3, stride=2, padding=1, ceil_mode=True), (1, 2, 6, 5)),
    (nn.AvgPool2d, dict(kernel_size=2, divisor_override=3), (1, 1, 4, 4)),
    (nn.AvgPool3d, dict(kernel_size=2, stride=1, padding=1, count_include_pad=False),
     (1, 1, 2, 3, 2)),
]


@pytest.mark.parametrize("cls, kwargs, shape", AVG_CASES)
def test_avg_pool_module_matches_reference_and_gradcheck(rng, cls, kwargs, shape):
    n = len(shape) - 2
    m = cls(**kwargs)
    x = rng.standard_normal(shape)
    expected = ref.avg_pool(x, _nt(m.kernel_size, n), _nt(m.stride, n), _nt(m.padding, n),
                            m.ceil_mode, m.count_include_pad,
                            getattr(m, "divisor_override", None))
    np.testing.assert_allclose(m(_t(x)).numpy(), expected, rtol=1e-12)
    assert gradcheck(m, (_t(x, True),))


@pytest.mark.parametrize("cls, output_size, shape", [
    (nn.AdaptiveAvgPool1d, 3, (2, 2, 7)),
    (nn.AdaptiveAvgPool2d, (2, None), (1, 2, 5, 3)),
    (nn.AdaptiveAvgPool2d, 1, (2, 3, 4, 4)),
    (nn.AdaptiveAvgPool3d, (1, 2, 3), (1, 1, 3, 4, 5)),
])
def test_adaptive_avg_pool_module_matches_reference(rng, cls, output_size, shape):
    n = len(shape) - 2
    x = rng.standard_normal(shape)
    sizes = tuple(s if o is None else o for o, s in zip(_nt(output_size, n), shape[2:]))
    np.testing.assert_allclose(cls(output_size)(_t(x)).numpy(), ref.adaptive_avg_pool(x, sizes),
                               rtol=1e-12)
    assert gradcheck(cls(output_size), (_t(x, True),))


@pytest.mark.parametrize("cls, output_size, shape", [
    (nn.AdaptiveMaxPool1d, 3, (2, 2, 7)),
    (nn.AdaptiveMaxPool2d, (2, 3), (1, 2, 5, 4)),
    (nn.AdaptiveMaxPool3d, 2, (1, 1, 3, 4, 5)),
])
def test_adaptive_max_pool_module_matches_reference(rng, cls, output_size, shape):
    n = len(shape) - 2
    x = _distinct(rng, shape)
    out, idx = cls(output_size, return_indices=True)(_t(x))
    expected, expected_idx = ref.adaptive_max_pool(x, _nt(output_size, n))
    np.testing.assert_array_equal(out.numpy(), expected)
    np.testing.assert_array_equal(idx.numpy(), expected_idx)
    assert cls(output_size)(_t(x)).shape == expected.shape


@pytest.mark.parametrize("n", [1, 2, 3])
def test_max_unpool_puts_values_back_at_their_indices(rng, n):
    pool = getattr(nn, f"MaxPool{n}d")(2, return_indices=True)
    unpool = getattr(nn, f"MaxUnpool{n}d")(2)
    x = _distinct(rng, (2, 2) + (4,) * n)
    out, idx = pool(_t(x))
    restored = unpool(out, idx)
    np.testing.assert_array_equal(restored.numpy(),
                                  ref.max_unpool(out.numpy(), idx.numpy(), (4,) * n))
    assert unpool(out, idx, output_size=(5,) * n).shape == (2, 2) + (5,) * n


def test_max_unpool_gradcheck(rng):
    pool, unpool = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
    out, idx = pool(_t(_distinct(rng, (1, 1, 4, 4))))
    assert gradcheck(lambda v: unpool(v, idx), (_t(out.numpy(), True),))


@pytest.mark.parametrize("cls, norm_type, kernel, shape", [
    (nn.LPPool1d, 2, 3, (1, 2, 7)), (nn.LPPool2d, 1.5, 2, (1, 2, 4, 5)),
    (nn.LPPool3d, 3, 2, (1, 1, 2, 4, 2)),
])
def test_lp_pool_module_matches_reference(rng, cls, norm_type, kernel, shape):
    n = len(shape) - 2
    x = rng.uniform(0.5, 2.0, shape)
    m = cls(norm_type, kernel)
    np.testing.assert_allclose(m(_t(x)).numpy(),
                               ref.lp_pool(x, norm_type, _nt(kernel, n), _nt(kernel, n)),
                               rtol=1e-12)
    assert gradcheck(m, (_t(x, True),))


def test_pool_modules_accept_unbatched_input(rng):
    x = rng.standard_normal((3, 4, 4))
    np.testing.assert_allclose(nn.AvgPool2d(2)(_t(x)).numpy(),
                               ref.avg_pool(x, (2, 2), (2, 2), (0, 0)), rtol=1e-12)


# ---------------------------------------------------------------- validation and repr
@pytest.mark.parametrize("build, message", [
    (lambda: nn.MaxPool2d(0), "MaxPool2d: kernel_size must be positive"),
    (lambda: nn.MaxPool2d(2, padding=2), "MaxPool2d: padding should be at most half of kernel"),
    (lambda: nn.AvgPool1d(3, stride=0), "AvgPool1d: stride must be positive"),
    (lambda: nn.AvgPool2d(2, divisor_override=0), "divisor_override must be a non-zero int"),
    (lambda: nn.MaxUnpool2d((2, 2, 2)), "MaxUnpool2d: kernel_size must be an int or a tuple of 2"),
    (lambda: nn.LPPool2d(0, 2), "LPPool2d: norm_type must be positive and finite"),
])
def test_pool_constructor_validation(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_pool_forward_rejects_wrong_rank():
    with pytest.raises(ValueError, match="max_pool2d: expected a 3-d"):
        nn.MaxPool2d(2)(minigrad.zeros(4, 4))


@pytest.mark.parametrize("module, expected", [
    (nn.MaxPool1d(3), "MaxPool1d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=False)"),
    (nn.MaxPool2d(2, 1, 1, ceil_mode=True),
     "MaxPool2d(kernel_size=2, stride=1, padding=1, dilation=1, ceil_mode=True)"),
    (nn.AvgPool1d(3), "AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))"),
    (nn.AvgPool2d(2), "AvgPool2d(kernel_size=2, stride=2, padding=0)"),
    (nn.AdaptiveAvgPool2d((2, None)), "AdaptiveAvgPool2d(output_size=(2, None))"),
    (nn.AdaptiveMaxPool1d(4, return_indices=True), "AdaptiveMaxPool1d(output_size=4)"),
    (nn.MaxUnpool2d(2), "MaxUnpool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0))"),
    (nn.LPPool2d(2, 3), "LPPool2d(norm_type=2, kernel_size=3, stride=None, ceil_mode=False)"),
])
def test_pool_repr_matches_pytorch(module, expected):
    assert repr(module) == expected


def test_pool_modules_have_no_state():
    assert nn.MaxPool2d(2).state_dict() == {} and list(nn.AvgPool2d(2).parameters()) == []
