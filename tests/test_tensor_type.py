"""Tensor.type(): PyTorch's legacy type names, and conversion by dtype or by name."""
import numpy as np
import pytest

import minigrad

NAMES = [
    (minigrad.float32, "FloatTensor"), (minigrad.float64, "DoubleTensor"),
    (np.float16, "HalfTensor"), (minigrad.int64, "LongTensor"), (minigrad.int32, "IntTensor"),
    (np.int16, "ShortTensor"), (np.int8, "CharTensor"), (minigrad.uint8, "ByteTensor"),
    (minigrad.bool_, "BoolTensor"),
]


@pytest.mark.parametrize("dtype, name", NAMES)
def test_type_names_the_dtype_with_the_minigrad_prefix(dtype, name):
    assert minigrad.zeros(2, dtype=dtype).type() == f"minigrad.{name}"


@pytest.mark.parametrize("dtype, name", NAMES)
def test_type_converts_by_name_with_either_prefix(dtype, name):
    x = minigrad.tensor([0.0, 1.0])
    for prefix in ("minigrad", "torch"):
        assert x.type(f"{prefix}.{name}").dtype == np.dtype(dtype)


def test_type_with_a_dtype_converts_and_records():
    x = minigrad.tensor([1.5, -2.0], requires_grad=True)
    y = x.type(minigrad.float64)
    assert y.dtype == np.float64 and y.grad_fn is not None
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0])
    assert x.type(minigrad.int64).tolist() == [1, -2]


def test_type_with_the_same_dtype_returns_self():
    x = minigrad.ones(2)
    assert x.type(minigrad.float32) is x
    assert x.type("minigrad.FloatTensor") is x


def test_type_rejects_unknown_names_and_non_dtypes():
    with pytest.raises(ValueError, match="type: invalid type 'torch.cuda.FloatTensor'"):
        minigrad.ones(2).type("torch.cuda.FloatTensor")
    with pytest.raises(ValueError, match="type: invalid type 'numpy.FloatTensor'"):
        minigrad.ones(2).type("numpy.FloatTensor")
    with pytest.raises(TypeError, match="type: .* is not a dtype"):
        minigrad.ones(2).type(object())


def test_type_names_match_torch():
    torch = pytest.importorskip("torch")
    pairs = [(minigrad.float32, torch.float32), (minigrad.float64, torch.float64),
             (minigrad.int64, torch.int64), (minigrad.int32, torch.int32),
             (minigrad.uint8, torch.uint8), (minigrad.bool_, torch.bool),
             (np.float16, torch.float16), (np.int8, torch.int8), (np.int16, torch.int16)]
    for ours, theirs in pairs:
        assert (minigrad.zeros(1, dtype=ours).type().replace("minigrad.", "torch.")
                == torch.zeros(1, dtype=theirs).type())
