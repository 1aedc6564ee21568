"""Upsampling layers: they call interpolate with their arguments, print them, check them."""
import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.ops.resample import interpolate


def test_upsample_forwards_its_arguments_to_interpolate():
    x = minigrad.randn(2, 3, 4, 5)
    layer = nn.Upsample(scale_factor=1.5, mode="bicubic", align_corners=True)
    np.testing.assert_array_equal(
        layer(x).numpy(),
        interpolate(x, scale_factor=1.5, mode="bicubic", align_corners=True).numpy())
    layer = nn.Upsample(scale_factor=1.7, mode="bilinear", recompute_scale_factor=True)
    np.testing.assert_array_equal(
        layer(x).numpy(),
        interpolate(x, scale_factor=1.7, mode="bilinear", recompute_scale_factor=True).numpy())


def test_upsample_passes_gradients_and_has_no_parameters():
    layer = nn.Upsample(size=(3, 7, 2), mode="trilinear")
    x = minigrad.randn(1, 2, 2, 3, 4, requires_grad=True)
    layer(x).sum().backward()
    assert x.grad.shape == x.shape
    assert list(layer.parameters()) == [] and layer.state_dict() == {}


def test_fixed_mode_layers_are_nearest_and_bilinear_with_aligned_corners():
    x = minigrad.randn(1, 2, 3, 4)
    np.testing.assert_array_equal(nn.UpsamplingNearest2d(scale_factor=2)(x).numpy(),
                                  interpolate(x, scale_factor=2).numpy())
    np.testing.assert_array_equal(
        nn.UpsamplingBilinear2d(size=(5, 9))(x).numpy(),
        interpolate(x, size=(5, 9), mode="bilinear", align_corners=True).numpy())


@pytest.mark.parametrize("layer, text", [
    (nn.Upsample(scale_factor=2), "Upsample(scale_factor=2.0, mode='nearest')"),
    (nn.Upsample(scale_factor=(2, 3)), "Upsample(scale_factor=(2.0, 3.0), mode='nearest')"),
    (nn.Upsample(size=3, mode="bilinear", align_corners=True), "Upsample(size=3, mode='bilinear')"),
    (nn.UpsamplingNearest2d(size=(3, 4)), "UpsamplingNearest2d(size=(3, 4), mode='nearest')"),
    (nn.UpsamplingBilinear2d(scale_factor=2),
     "UpsamplingBilinear2d(scale_factor=2.0, mode='bilinear')"),
])
def test_repr_shows_the_size_or_scale_and_the_mode_as_pytorch_does(layer, text):
    assert repr(layer) == text


@pytest.mark.parametrize("make, error, match", [
    (lambda: nn.Upsample(), ValueError, "Upsample: exactly one of size and scale_factor"),
    (lambda: nn.Upsample(2, 2.0), ValueError, "exactly one of size and scale_factor"),
    (lambda: nn.Upsample(2, mode="bilinar"), ValueError, "Upsample: mode must be one of"),
    (lambda: nn.Upsample(2, align_corners=True), ValueError, "align_corners can only be set"),
    (lambda: nn.UpsamplingNearest2d(), ValueError, "UpsamplingNearest2d: exactly one of"),
    (lambda: nn.UpsamplingBilinear2d(scale_factor="fan_in"), TypeError,
     "UpsamplingBilinear2d: scale_factor must be a number"),
    (lambda: nn.Upsample(size=(2, 2.5)), TypeError, "Upsample: size must be an int"),
    (lambda: nn.Upsample(size=2, recompute_scale_factor="yes"), TypeError,
     "recompute_scale_factor must be a bool or None"),
])
def test_bad_constructor_arguments_raise_clear_errors(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_a_wrong_input_rank_is_reported_at_forward():
    with pytest.raises(ValueError, match="mode 'bilinear' expects a 4-d"):
        nn.UpsamplingBilinear2d(scale_factor=2)(minigrad.randn(2, 3, 4))
