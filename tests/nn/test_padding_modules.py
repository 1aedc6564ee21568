"""Padding modules against NumPy's pad."""
import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.autograd import gradcheck
from tests.reference.core import torch_pad_widths

NUMPY_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}
FAMILIES = [("Reflection", "reflect"), ("Replication", "replicate"), ("Circular", "circular")]


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("family, mode", FAMILIES)
@pytest.mark.parametrize("batched", [True, False])
def test_non_constant_padding_matches_numpy_and_gradcheck(rng, n, family, mode, batched):
    padding = tuple(int(v) for v in rng.integers(0, 3, 2 * n))
    shape = ((2,) if batched else ()) + (2,) + (3,) * n
    x = rng.standard_normal(shape)
    module = getattr(nn, f"{family}Pad{n}d")(padding)
    expected = np.pad(x, torch_pad_widths(x.ndim, padding), mode=NUMPY_MODES[mode])
    xt = minigrad.tensor(x, requires_grad=True)
    np.testing.assert_array_equal(module(xt).detach().numpy(), expected)
    assert gradcheck(module, (xt,))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_constant_and_zero_padding_match_numpy(rng, n):
    padding = tuple(int(v) for v in rng.integers(0, 3, 2 * n))
    x = rng.standard_normal((2, 2) + (2,) * n)
    widths = torch_pad_widths(x.ndim, padding)
    out = getattr(nn, f"ConstantPad{n}d")(padding, 2.5)(minigrad.tensor(x))
    np.testing.assert_array_equal(out.numpy(), np.pad(x, widths, constant_values=2.5))
    out = getattr(nn, f"ZeroPad{n}d")(padding)(minigrad.tensor(x))
    np.testing.assert_array_equal(out.numpy(), np.pad(x, widths))


def test_int_padding_applies_to_every_side():
    assert nn.ZeroPad2d(2)(minigrad.zeros(1, 1, 3, 4)).shape == (1, 1, 7, 8)
    assert nn.ReflectionPad3d(1).padding == (1,) * 6


def test_negative_constant_padding_crops():
    out = nn.ConstantPad1d((-1, 1), 9.0)(minigrad.tensor([[1.0, 2.0, 3.0]]))
    np.testing.assert_array_equal(out.numpy(), [[2.0, 3.0, 9.0]])


def test_padding_rejects_wrong_tuple_length():
    with pytest.raises(ValueError, match="ReflectionPad2d: padding must be an int or a tuple of 4"):
        nn.ReflectionPad2d((1, 1))


def test_non_constant_padding_rejects_wrong_rank():
    with pytest.raises(ValueError, match=r"ReplicationPad2d: expected a 3-d or 4-d input"):
        nn.ReplicationPad2d(1)(minigrad.zeros(4, 4))


def test_reflection_padding_rejects_padding_as_large_as_the_input():
    with pytest.raises(ValueError, match="must be smaller than the size"):
        nn.ReflectionPad1d(3)(minigrad.zeros(1, 1, 3))


@pytest.mark.parametrize("module, expected", [
    (nn.ZeroPad2d(1), "ZeroPad2d((1, 1, 1, 1))"),
    (nn.ConstantPad1d(2, 3.5), "ConstantPad1d(padding=(2, 2), value=3.5)"),
    (nn.ReflectionPad2d((1, 2, 3, 4)), "ReflectionPad2d((1, 2, 3, 4))"),
    (nn.ReplicationPad1d(1), "ReplicationPad1d((1, 1))"),
    (nn.CircularPad3d(1), "CircularPad3d((1, 1, 1, 1, 1, 1))"),
])
def test_padding_repr(module, expected):
    assert repr(module) == expected
