"""Unfold, Fold, PixelShuffle and PixelUnshuffle layers: the functional ops behind a
constructor that checks its arguments, a repr, and parameter-free state."""
import numpy as np
import pytest

import minigrad
from minigrad import nn
from tests.reference import patches as ref


def test_unfold_layer_gives_the_reference_columns():
    x = np.random.default_rng(0).standard_normal((2, 3, 6, 5))
    out = nn.Unfold((2, 3), dilation=(2, 1), padding=1, stride=(1, 2))(minigrad.tensor(x))
    np.testing.assert_array_equal(out.numpy(), ref.im2col(x, (2, 3), (2, 1), (1, 1), (1, 2)))


def test_fold_layer_gives_the_reference_image_and_its_gradient_unfolds():
    cols = np.random.default_rng(1).standard_normal((2, 12, 16))
    x = minigrad.tensor(cols, requires_grad=True)
    out = nn.Fold((5, 7), 2, padding=(0, 1), stride=(1, 2))(x)
    np.testing.assert_allclose(out.detach().numpy(), ref.col2im(cols, (5, 7), (2, 2), (1, 1), (0, 1),
                                                       (1, 2)), rtol=1e-12)
    grad = np.random.default_rng(2).standard_normal(out.shape)
    out.backward(minigrad.tensor(grad))
    np.testing.assert_array_equal(x.grad.numpy(), ref.im2col(grad, (2, 2), (1, 1), (0, 1), (1, 2)))


def test_pixel_shuffle_layers_invert_each_other():
    x = minigrad.tensor(np.random.default_rng(3).standard_normal((2, 3, 12, 4, 6)))
    down = nn.PixelUnshuffle(2)(x)
    assert down.shape == (2, 3, 48, 2, 3)
    np.testing.assert_array_equal(nn.PixelShuffle(2)(down).numpy(), x.numpy())


def test_layers_have_no_state_and_pytorch_reprs():
    layers = [nn.Unfold(3, padding=1), nn.Fold((4, 4), 2, stride=2), nn.PixelShuffle(3),
              nn.PixelUnshuffle(2)]
    assert [repr(m) for m in layers] == [
        "Unfold(kernel_size=3, dilation=1, padding=1, stride=1)",
        "Fold(output_size=(4, 4), kernel_size=2, dilation=1, padding=0, stride=2)",
        "PixelShuffle(upscale_factor=3)", "PixelUnshuffle(downscale_factor=2)"]
    assert all(not list(m.parameters()) and m.state_dict() == {} for m in layers)


@pytest.mark.parametrize("make, error, match", [
    (lambda: nn.Unfold(0), ValueError, "Unfold: kernel_size must be positive"),
    (lambda: nn.Unfold(2, padding=-1), ValueError, "Unfold: padding must be non-negative"),
    (lambda: nn.Unfold(2, stride=(1, 2, 3)), ValueError, "Unfold: stride must be an int or a tuple of 2"),
    (lambda: nn.Fold(4, 2.5), TypeError, "Fold: kernel_size must be an int or a tuple"),
    (lambda: nn.Fold((4, 0), 2), ValueError, "Fold: output_size must be positive"),
    (lambda: nn.Fold(4, 2, dilation=0), ValueError, "Fold: dilation must be positive"),
    (lambda: nn.PixelShuffle(0), ValueError, "PixelShuffle: upscale_factor must be a positive"),
    (lambda: nn.PixelUnshuffle("2"), TypeError, "PixelUnshuffle: downscale_factor must be an int"),
])
def test_constructors_reject_bad_arguments(make, error, match):
    with pytest.raises(error, match=match):
        make()
