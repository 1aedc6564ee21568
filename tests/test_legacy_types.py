"""The legacy typed constructors of older PyTorch scripts: minigrad.FloatTensor(2, 3) and kin."""
import numpy as np
import pytest

import minigrad

TYPES = [
    ("FloatTensor", np.float32), ("DoubleTensor", np.float64), ("HalfTensor", np.float16),
    ("LongTensor", np.int64), ("IntTensor", np.int32), ("ShortTensor", np.int16),
    ("CharTensor", np.int8), ("ByteTensor", np.uint8), ("BoolTensor", np.bool_),
]


@pytest.mark.parametrize("name, dtype", TYPES)
def test_sizes_make_an_uninitialised_tensor_of_the_types_dtype(name, dtype):
    legacy = getattr(minigrad, name)
    t = legacy(2, 3)
    assert isinstance(t, minigrad.Tensor)
    assert t.shape == (2, 3) and t.dtype == dtype and not t.requires_grad
    assert legacy(minigrad.Size([4, 1])).shape == (4, 1)
    assert legacy().shape == (0,) and legacy().dtype == dtype
    assert legacy(0).shape == (0,)


def test_a_sequence_is_data_even_a_tuple_of_ints():
    # As in PyTorch: FloatTensor((2, 3)) holds 2 and 3; only separate ints or a Size are sizes.
    np.testing.assert_array_equal(minigrad.FloatTensor((2, 3)).numpy(), [2.0, 3.0])
    labels = minigrad.LongTensor([[1, 0], [2, 7]])
    assert labels.dtype == np.int64 and labels.tolist() == [[1, 0], [2, 7]]
    np.testing.assert_array_equal(minigrad.BoolTensor([1, 0]).numpy(), [True, False])
    assert minigrad.FloatTensor(np.arange(3)).dtype == np.float32


def test_a_tensor_of_the_same_dtype_gives_a_tensor_sharing_its_memory():
    t = minigrad.ones(3)
    alias = minigrad.FloatTensor(t)
    alias[0] = 5.0
    assert t[0].item() == 5.0
    with pytest.raises(TypeError, match=r"FloatTensor: expected a tensor of dtype float32, "
                                        r"got float64; convert it with \.to\(float32\)"):
        minigrad.FloatTensor(minigrad.ones(3, dtype=minigrad.float64))


@pytest.mark.parametrize("name, dtype", TYPES)
def test_isinstance_compares_the_dtype(name, dtype):
    legacy = getattr(minigrad, name)
    assert isinstance(minigrad.zeros(2).to(dtype), legacy)
    others = [d for _, d in TYPES if d != dtype]
    assert not any(isinstance(minigrad.zeros(2).to(d), legacy) for d in others)
    assert not isinstance(np.zeros(2, dtype), legacy)


@pytest.mark.parametrize("name, dtype", TYPES)
def test_cuda_types_hold_no_tensor_and_make_none(name, dtype):
    legacy = getattr(minigrad.cuda, name)
    assert not isinstance(minigrad.zeros(2).to(dtype), legacy)
    with pytest.raises(RuntimeError, match=f"cuda.{name}: minigrad runs on CPUs only"):
        legacy(2)


def test_the_script_idiom_that_picks_a_type_by_device():
    Tensor = minigrad.cuda.FloatTensor if minigrad.cuda.is_available() else minigrad.FloatTensor
    assert Tensor is minigrad.FloatTensor
    assert Tensor(np.random.default_rng(0).normal(0, 1, (4, 8))).shape == (4, 8)


@pytest.mark.parametrize("args, error, message", [
    ((-1,), ValueError, r"FloatTensor: sizes must be non-negative, got \[-1\]"),
    ((2.5,), TypeError, "FloatTensor: data must be a sequence, got float"),
    (("ab",), TypeError, "FloatTensor: data must be a sequence, got str"),
    (([1], 3), TypeError, r"FloatTensor: expected sizes as ints or one sequence of data, "
                          r"got \(list, int\)"),
    ((2**62, 2**62), MemoryError, r"FloatTensor: the result of shape .* needs \d+ bytes"),
    ((2**40,), MemoryError, r"FloatTensor: the result of shape \[1099511627776\] needs"),
])
def test_bad_arguments_raise_naming_the_type(args, error, message):
    with pytest.raises(error, match=message):
        minigrad.FloatTensor(*args)


def test_the_types_print_as_minigrads():
    assert repr(minigrad.FloatTensor) == "<class 'minigrad.FloatTensor'>"
    assert repr(minigrad.cuda.LongTensor) == "<class 'minigrad.cuda.LongTensor'>"


def test_type_converts_to_a_legacy_class_and_refuses_a_cuda_one():
    x = minigrad.tensor([1, 2])
    converted = x.type(minigrad.FloatTensor)
    assert converted.dtype == np.float32 and converted.tolist() == [1.0, 2.0]
    assert converted.type(minigrad.FloatTensor) is converted
    assert x.type(minigrad.DoubleTensor).dtype == np.float64
    with pytest.raises(RuntimeError, match="type: minigrad runs on CPUs only; there is no CUDA "
                                           "device for cuda.FloatTensor"):
        x.type(minigrad.cuda.FloatTensor)
