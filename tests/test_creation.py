"""Creation functions, their dtypes and validation, and reproducible random draws."""
import numpy as np
import pytest

import minigrad


@pytest.mark.parametrize("fn, value", [(minigrad.zeros, 0.0), (minigrad.ones, 1.0)])
def test_zeros_and_ones_accept_sizes_as_varargs_or_a_sequence(fn, value):
    for t in (fn(2, 3), fn((2, 3)), fn([2, 3])):
        assert t.shape == (2, 3) and t.dtype == np.float32
        assert (t.numpy() == value).all()
    assert fn().shape == () and fn(0).shape == (0,)
    assert fn(2, dtype=minigrad.float64).dtype == np.float64
    assert fn(2, dtype=minigrad.int64).dtype == np.int64
    t = fn(2, requires_grad=True)
    assert t.requires_grad and t.is_leaf


def test_empty_has_the_shape_and_dtype():
    t = minigrad.empty(3, 2, dtype=minigrad.float64)
    assert t.shape == (3, 2) and t.dtype == np.float64


@pytest.mark.parametrize("value, dtype", [(3, np.int64), (3.0, np.float32), (True, np.bool_)])
def test_full_takes_its_dtype_from_the_fill_value(value, dtype):
    t = minigrad.full((2, 2), value)
    assert t.dtype == dtype and (t.numpy() == value).all()
    assert minigrad.full(3, value).shape == (3,)
    assert minigrad.full((2,), 1, dtype=minigrad.float64).dtype == np.float64


def test_eye_matches_numpy():
    np.testing.assert_array_equal(minigrad.eye(3).numpy(), np.eye(3))
    np.testing.assert_array_equal(minigrad.eye(2, 4).numpy(), np.eye(2, 4))
    assert minigrad.eye(2).dtype == np.float32
    assert minigrad.eye(2, dtype=minigrad.int64).dtype == np.int64


@pytest.mark.parametrize("args, dtype", [
    ((5,), np.int64), ((2, 7), np.int64), ((1, 10, 3), np.int64), ((5, 0, -2), np.int64),
    ((0.0, 1.0, 0.25), np.float32), ((3.0,), np.float32), ((0, 1, 0.1), np.float32),
])
def test_arange_matches_numpy_with_pytorch_dtypes(args, dtype):
    t = minigrad.arange(*args)
    assert t.dtype == dtype
    np.testing.assert_allclose(t.numpy(), np.arange(*args), rtol=1e-6)


def test_arange_accepts_a_dtype_and_rejects_a_zero_step():
    assert minigrad.arange(3, dtype=minigrad.float64).dtype == np.float64
    with pytest.raises(ValueError, match="arange: step must be nonzero"):
        minigrad.arange(0, 5, 0)


def test_linspace_includes_both_ends():
    t = minigrad.linspace(-1, 1, 5)
    assert t.dtype == np.float32
    np.testing.assert_allclose(t.numpy(), [-1.0, -0.5, 0.0, 0.5, 1.0])
    assert minigrad.linspace(0, 1, 0).shape == (0,)
    with pytest.raises(ValueError, match="linspace: number of steps must be non-negative, got -1"):
        minigrad.linspace(0, 1, -1)


@pytest.mark.parametrize("like, source", [
    (minigrad.zeros_like, np.zeros), (minigrad.ones_like, np.ones),
])
def test_like_functions_keep_the_shape_and_dtype(like, source):
    x = minigrad.tensor([[1, 2, 3]])
    t = like(x)
    assert t.shape == (1, 3) and t.dtype == np.int64
    np.testing.assert_array_equal(t.numpy(), source((1, 3)))
    assert like(x, dtype=minigrad.float64).dtype == np.float64
    assert like(minigrad.ones(2), requires_grad=True).requires_grad


def test_full_like_empty_like_and_random_likes():
    x = minigrad.zeros(2, 3, dtype=minigrad.float64)
    assert minigrad.full_like(x, 7).tolist() == [[7.0] * 3] * 2
    assert minigrad.empty_like(x).shape == (2, 3)
    for t in (minigrad.rand_like(x), minigrad.randn_like(x)):
        assert t.shape == (2, 3) and t.dtype == np.float64
    r = minigrad.randint_like(minigrad.zeros(50, dtype=minigrad.int64), 3, 6)
    assert r.dtype == np.int64 and r.numpy().min() >= 3 and r.numpy().max() < 6


def test_from_numpy_shares_memory_with_the_array():
    a = np.zeros(3)
    t = minigrad.from_numpy(a)
    assert t.dtype == np.float64
    a[1] = 5.0
    assert t.tolist() == [0.0, 5.0, 0.0]
    with pytest.raises(TypeError, match="from_numpy: expected np.ndarray, got list"):
        minigrad.from_numpy([1.0])
    with pytest.raises(TypeError, match="from_numpy: unsupported dtype complex128"):
        minigrad.from_numpy(np.zeros(2, dtype=complex))


# ---------------------------------------------------------------- random
def test_rand_is_uniform_on_the_unit_interval_and_randn_is_standard_normal():
    u = minigrad.rand(20000)
    n = minigrad.randn(20000)
    assert u.dtype == n.dtype == np.float32
    assert 0.0 <= u.numpy().min() and u.numpy().max() < 1.0
    assert abs(u.numpy().mean() - 0.5) < 0.01
    assert abs(n.numpy().mean()) < 0.03 and abs(n.numpy().std() - 1.0) < 0.03
    assert minigrad.rand(2, 3, dtype=minigrad.float64).dtype == np.float64
    assert minigrad.randn((2, 3), requires_grad=True).requires_grad


def test_randint_draws_from_a_half_open_range():
    t = minigrad.randint(3, 7, (1000,))
    assert t.dtype == np.int64 and t.shape == (1000,)
    assert set(np.unique(t.numpy())) == {3, 4, 5, 6}
    assert set(np.unique(minigrad.randint(2, size=(200,)).numpy())) == {0, 1}
    assert minigrad.randint(0, 5, (2,), dtype=minigrad.float32).dtype == np.float32


def test_randint_with_a_size_second_reads_it_as_randint_high_size():
    # PyTorch's randint(high, size) overload: randint(10, (3,)) is three draws from [0, 10).
    t = minigrad.randint(2, (500,))
    assert t.shape == (500,) and set(np.unique(t.numpy())) == {0, 1}
    assert minigrad.randint(4, [2, 3]).shape == (2, 3)
    with pytest.raises(TypeError, match="randint: got the size twice"):
        minigrad.randint(4, (2,), size=(3,))


def test_randperm_is_a_permutation():
    assert sorted(minigrad.randperm(10).tolist()) == list(range(10))


def test_manual_seed_makes_every_random_creation_reproducible():
    def draw():
        return [minigrad.rand(3).numpy().copy(), minigrad.randn(2, 2).numpy().copy(),
                minigrad.randint(0, 100, (5,)).numpy().copy(), minigrad.randperm(6).numpy().copy(),
                minigrad.randn_like(minigrad.zeros(2)).numpy().copy(),
                minigrad.zeros(4).normal_().numpy().copy(), minigrad.zeros(4).uniform_(2, 3).numpy().copy()]

    minigrad.manual_seed(123)
    first = draw()
    minigrad.manual_seed(123)
    second = draw()
    minigrad.manual_seed(124)
    third = draw()
    for a, b, c in zip(first, second, third):
        assert np.array_equal(a, b)
        assert not np.array_equal(a, c)


def test_rng_state_can_be_saved_and_restored():
    state = minigrad.get_rng_state()
    a = minigrad.randn(3).numpy().copy()
    minigrad.set_rng_state(state)
    assert np.array_equal(minigrad.randn(3).numpy(), a)


def test_uniform_and_normal_fill_in_place():
    t = minigrad.zeros(1000)
    assert t.uniform_(-2.0, -1.0) is t
    assert t.numpy().min() >= -2.0 and t.numpy().max() < -1.0 and t._version == 1
    t.normal_(10.0, 0.1)
    assert abs(t.numpy().mean() - 10.0) < 0.05


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("call, error, message", [
    (lambda: minigrad.zeros(2.5), TypeError, "zeros: sizes must be ints, got float"),
    (lambda: minigrad.ones(2, -1), ValueError, r"ones: sizes must be non-negative, got \[2, -1\]"),
    (lambda: minigrad.rand(True), TypeError, "rand: sizes must be ints, got bool"),
    (lambda: minigrad.randn("3"), TypeError, "randn: sizes must be ints, got str"),
    (lambda: minigrad.full((-1,), 0.0), ValueError, "full: sizes must be non-negative"),
    (lambda: minigrad.full((2,), "x"), TypeError, "full: fill_value must be a number, got str"),
    (lambda: minigrad.eye(-1), ValueError, "eye: sizes must be non-negative"),
    (lambda: minigrad.eye(2, 2.5), TypeError, "eye: sizes must be ints, got float"),
    (lambda: minigrad.zeros(2, dtype="floaty"), TypeError, "zeros: 'floaty' is not a dtype"),
    (lambda: minigrad.ones(2, dtype=np.complex64), TypeError, "ones: unsupported dtype complex64"),
    (lambda: minigrad.randint(5, 2), ValueError, "randint: expected low < high, got low=5, high=2"),
    (lambda: minigrad.manual_seed(1.5), TypeError, "manual_seed: expected an int seed, got float"),
    (lambda: minigrad.zeros(2, dtype=minigrad.int64, requires_grad=True), RuntimeError,
     "only floating-point tensors can require gradients"),
])
def test_bad_creation_arguments_raise_naming_the_function(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("name, call", [
    ("empty", lambda: minigrad.empty(2**62, 2**62)),
    ("zeros", lambda: minigrad.zeros(2**40)),
    ("ones", lambda: minigrad.ones((2**31, 2**31))),
    ("full", lambda: minigrad.full((2**40,), 1.0)),
    ("eye", lambda: minigrad.eye(2**31)),
    ("rand", lambda: minigrad.rand(2**40)),
    ("randn", lambda: minigrad.randn(2**63 - 1)),
    ("randint", lambda: minigrad.randint(5, size=(2**40,))),
    ("new_empty", lambda: minigrad.ones(1).new_empty(2**62, 2**62)),
])
def test_a_tensor_larger_than_memory_is_a_memory_error_naming_the_function(name, call):
    # NumPy's own error ("array is too big") names no function.
    with pytest.raises(MemoryError, match=f"^{name}: the result of shape"):
        call()
