"""Convolution modules: forward against the NumPy reference, padding modes, validation, repr."""
import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.autograd import gradcheck
from tests.reference import conv as ref
from tests.reference.core import torch_pad_widths

NUMPY_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _t(a, requires_grad=False):
    return minigrad.tensor(np.asarray(a), requires_grad=requires_grad)


def _weights(m):
    return m.weight.detach().numpy(), None if m.bias is None else m.bias.detach().numpy()


def _expected_conv(m, x):
    """The module's output from the reference: explicit padding, then a valid convolution."""
    n = m._n
    w, b = _weights(m)
    if m.padding == "same":
        pads = ref.same_padding(m.kernel_size, m.dilation)
    elif m.padding == "valid":
        pads = [(0, 0)] * n
    else:
        pads = [(p, p) for p in m.padding]
    if m.padding_mode != "zeros":
        flat = [v for pair in reversed(pads) for v in pair]
        x = np.pad(x, torch_pad_widths(x.ndim, flat), mode=NUMPY_MODES[m.padding_mode])
        pads = [(0, 0)] * n
    return ref.conv_nd(x, w, b, m.stride, pads, m.dilation, m.groups)


CONV_CASES = [
    (nn.Conv1d, dict(in_channels=2, out_channels=4, kernel_size=3), (2, 2, 7)),
    (nn.Conv1d, dict(in_channels=4, out_channels=2, kernel_size=2, stride=2, padding=1,
                     groups=2, bias=False), (1, 4, 6)),
    (nn.Conv2d, dict(in_channels=1, out_channels=3, kernel_size=(2, 3), stride=(2, 1),
                     dilation=(1, 2)), (2, 1, 5, 7)),
    (nn.Conv2d, dict(in_channels=2, out_channels=2, kernel_size=3, padding="same"), (1, 2, 4, 5)),
    (nn.Conv2d, dict(in_channels=2, out_channels=2, kernel_size=2, padding="same",
                     dilation=2), (1, 2, 4, 4)),
    (nn.Conv2d, dict(in_channels=2, out_channels=3, kernel_size=2, padding="valid"), (1, 2, 3, 3)),
    (nn.Conv3d, dict(in_channels=2, out_channels=2, kernel_size=2, padding=1), (1, 2, 3, 2, 3)),
]


@pytest.mark.parametrize("cls, kwargs, shape", CONV_CASES)
def test_conv_module_matches_reference(rng, cls, kwargs, shape):
    m = cls(**kwargs).double()
    x = rng.standard_normal(shape)
    np.testing.assert_allclose(m(_t(x)).detach().numpy(), _expected_conv(m, x), rtol=1e-10,
                               atol=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("padding", [1, "same"])
def test_conv_padding_modes_pad_then_convolve(rng, n, mode, padding):
    cls = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}[n]
    kernel = (2,) * n if padding == "same" else (3,) * n  # an even kernel pads unevenly
    m = cls(2, 3, kernel, padding=padding, padding_mode=mode).double()
    x = rng.standard_normal((1, 2) + (4,) * n)
    out = m(_t(x))
    if padding == "same":
        assert out.shape[2:] == x.shape[2:]
    np.testing.assert_allclose(out.detach().numpy(), _expected_conv(m, x), rtol=1e-10,
                               atol=1e-12)


def test_conv_module_gradcheck_through_padding_mode(rng):
    m = nn.Conv2d(2, 2, 3, padding=1, padding_mode="circular").double()
    x = _t(rng.standard_normal((1, 2, 3, 3)), True)
    assert gradcheck(m, (x,))
    assert gradcheck(lambda w, b: nn.functional.conv2d(nn.functional.pad(x, (1, 1, 1, 1),
                                                                          "circular"), w, b),
                     (m.weight, m.bias))


def test_conv_module_accepts_unbatched_input(rng):
    m = nn.Conv2d(2, 3, 3).double()
    x = rng.standard_normal((2, 5, 5))
    np.testing.assert_allclose(m(_t(x)).detach().numpy(), _expected_conv(m, x[None])[0],
                               rtol=1e-10)


def test_conv_module_parameter_shapes():
    assert nn.Conv2d(4, 6, (3, 5), groups=2).weight.shape == (6, 2, 3, 5)
    assert nn.Conv1d(3, 5, 2, bias=False).bias is None
    assert nn.ConvTranspose2d(4, 6, 3, groups=2).weight.shape == (4, 3, 3, 3)
    assert nn.Conv3d(1, 2, 1, dtype=minigrad.float64).weight.dtype == np.float64


# ---------------------------------------------------------------- transposed
TRANSPOSED_CASES = [
    (nn.ConvTranspose1d, dict(in_channels=2, out_channels=3, kernel_size=3, stride=2), (2, 2, 4)),
    (nn.ConvTranspose2d, dict(in_channels=4, out_channels=2, kernel_size=3, stride=2, padding=1,
                              output_padding=1, groups=2), (1, 4, 3, 3)),
    (nn.ConvTranspose2d, dict(in_channels=2, out_channels=2, kernel_size=2, dilation=2,
                              bias=False), (1, 2, 3, 3)),
    (nn.ConvTranspose3d, dict(in_channels=2, out_channels=1, kernel_size=2, stride=2),
     (1, 2, 2, 2, 2)),
]


@pytest.mark.parametrize("cls, kwargs, shape", TRANSPOSED_CASES)
def test_conv_transpose_module_matches_reference(rng, cls, kwargs, shape):
    m = cls(**kwargs).double()
    x = rng.standard_normal(shape)
    w, b = _weights(m)
    expected = ref.conv_transpose_nd(x, w, b, m.stride, m.padding, m.output_padding, m.groups,
                                     m.dilation)
    np.testing.assert_allclose(m(_t(x)).detach().numpy(), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("output_size", [(10, 10), (11, 12), [1, 2, 12, 10]])
def test_conv_transpose_output_size_picks_the_output_padding(rng, output_size):
    m = nn.ConvTranspose2d(4, 2, 3, stride=3, padding=1).double()
    x = rng.standard_normal((1, 4, 4, 4))
    out = m(_t(x), output_size=output_size)
    assert out.shape[2:] == tuple(output_size[-2:])
    extra = tuple(s - 10 for s in output_size[-2:])
    w, b = _weights(m)
    expected = ref.conv_transpose_nd(x, w, b, m.stride, m.padding, extra, 1, m.dilation)
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-10, atol=1e-12)


def test_conv_transpose_rejects_unreachable_output_size():
    m = nn.ConvTranspose2d(1, 1, 3, stride=2)
    with pytest.raises(ValueError, match=r"requested an output size of \[20, 20\], but valid "
                                         r"sizes range from \[9, 9\] to \[10, 10\]"):
        m(minigrad.zeros(1, 1, 4, 4), output_size=(20, 20))
    with pytest.raises(ValueError, match="output_size must have 2 or 4 elements"):
        m(minigrad.zeros(1, 1, 4, 4), output_size=(9,))


def test_conv_transpose_inverts_the_shape_of_a_strided_conv():
    down = nn.Conv2d(3, 8, 3, stride=2, padding=1)
    up = nn.ConvTranspose2d(8, 3, 3, stride=2, padding=1)
    x = minigrad.randn(1, 3, 8, 7)
    assert up(down(x), output_size=x.shape).shape == x.shape


# ---------------------------------------------------------------- validation and repr
@pytest.mark.parametrize("kwargs, error, message", [
    (dict(in_channels=3, out_channels=4, kernel_size=3, groups=2), ValueError,
     "in_channels must be divisible by groups"),
    (dict(in_channels=4, out_channels=3, kernel_size=3, groups=2), ValueError,
     "out_channels must be divisible by groups"),
    (dict(in_channels=2, out_channels=2, kernel_size=3, padding="full"), ValueError,
     r"invalid padding string 'full', should be one of \('same', 'valid'\)"),
    (dict(in_channels=2, out_channels=2, kernel_size=3, padding="same", stride=2), ValueError,
     "padding='same' is not supported for strided convolutions"),
    (dict(in_channels=2, out_channels=2, kernel_size=3, padding_mode="mirror"), ValueError,
     (r"padding_mode must be one of \('zeros', 'reflect', 'replicate', 'circular'\), but got "
      r"padding_mode='mirror'")),
    (dict(in_channels=2, out_channels=2, kernel_size=0), ValueError,
     "kernel_size must be positive"),
    (dict(in_channels=2, out_channels=2, kernel_size=(3, 3, 3)), ValueError,
     "kernel_size must be an int or a tuple of 2"),
    (dict(in_channels=2, out_channels=2, kernel_size=3, padding=-1), ValueError,
     "padding must be non-negative"),
    (dict(in_channels=0, out_channels=2, kernel_size=3), ValueError,
     "in_channels must be a positive integer"),
    (dict(in_channels=2, out_channels=2, kernel_size=3, groups=0), ValueError,
     "groups must be a positive integer"),
])
def test_conv_constructor_validation(kwargs, error, message):
    with pytest.raises(error, match="Conv2d: " + message):
        nn.Conv2d(**kwargs)


def test_conv_transpose_constructor_validation():
    with pytest.raises(ValueError, match='ConvTranspose2d: only "zeros" padding mode'):
        nn.ConvTranspose2d(2, 2, 3, padding_mode="reflect")
    with pytest.raises(TypeError, match="ConvTranspose1d: padding must be an int"):
        nn.ConvTranspose1d(2, 2, 3, padding="same")


def test_conv_forward_reports_channel_mismatch():
    with pytest.raises(ValueError, match="conv2d: expected input with 3 channels, got 1"):
        nn.Conv2d(3, 4, 3)(minigrad.zeros(1, 1, 5, 5))


@pytest.mark.parametrize("module, expected", [
    (nn.Conv2d(1, 6, 5), "Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))"),
    (nn.Conv1d(2, 4, 3, stride=2, padding=1, dilation=2, groups=2, bias=False),
     ("Conv1d(2, 4, kernel_size=(3,), stride=(2,), padding=(1,), dilation=(2,), groups=2, "
      "bias=False)")),
    (nn.Conv2d(3, 6, 3, padding="same", padding_mode="reflect"),
     "Conv2d(3, 6, kernel_size=(3, 3), stride=(1, 1), padding=same, padding_mode=reflect)"),
    (nn.ConvTranspose2d(4, 2, 3, stride=2, output_padding=1),
     "ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(2, 2), output_padding=(1, 1))"),
    (nn.Conv3d(1, 1, (1, 2, 3)), "Conv3d(1, 1, kernel_size=(1, 2, 3), stride=(1, 1, 1))"),
])
def test_conv_repr_shows_non_defaults_as_pytorch(module, expected):
    assert repr(module) == expected


def test_conv_state_dict_round_trip(rng):
    a, b = nn.Conv2d(2, 3, 3), nn.Conv2d(2, 3, 3)
    b.load_state_dict(a.state_dict())
    x = minigrad.tensor(rng.standard_normal((1, 2, 5, 5)), dtype=minigrad.float32)
    np.testing.assert_array_equal(a(x).detach().numpy(), b(x).detach().numpy())
