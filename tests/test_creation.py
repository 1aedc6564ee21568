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


def test_as_tensor_shares_memory_when_no_conversion_is_needed():
    a = np.zeros(3, dtype=np.float32)
    t = minigrad.as_tensor(a)
    a[0] = 5.0
    assert t.dtype == np.float32 and t.tolist() == [5.0, 0.0, 0.0]
    same_dtype = minigrad.as_tensor(a, dtype=minigrad.float32)
    a[1] = 6.0
    assert same_dtype.tolist() == [5.0, 6.0, 0.0]
    converted = minigrad.as_tensor(a, dtype=minigrad.float64)
    a[2] = 7.0
    assert converted.dtype == np.float64 and converted.tolist() == [5.0, 6.0, 0.0]


def test_as_tensor_returns_a_tensor_of_that_dtype_itself_and_converts_others():
    x = minigrad.ones(2, requires_grad=True)
    assert minigrad.as_tensor(x) is x
    assert minigrad.as_tensor(x, dtype=minigrad.float32) is x
    y = minigrad.as_tensor(x, dtype=minigrad.float64)
    assert y is not x and y.dtype == np.float64 and y.requires_grad
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_as_tensor_of_lists_and_unsupported_arrays_copies_with_tensor_dtypes():
    assert minigrad.as_tensor([1, 2]).dtype == np.int64
    assert minigrad.as_tensor([1.5]).dtype == np.float32
    assert minigrad.as_tensor(2.5, dtype=minigrad.float64).tolist() == 2.5
    u = np.array([1, 2], dtype=np.uint32)  # not a minigrad dtype: copied as int64
    t = minigrad.as_tensor(u)
    u[0] = 9
    assert t.dtype == np.int64 and t.tolist() == [1, 2]
    with pytest.raises(TypeError, match="as_tensor: 'floaty' is not a dtype"):
        minigrad.as_tensor([1.0], dtype="floaty")
    with pytest.raises(TypeError, match="takes 1 positional argument"):
        minigrad.as_tensor([1.0], minigrad.float64)
    with pytest.raises(ValueError, match="as_tensor"):
        minigrad.as_tensor([1.0], device="cuda")


@pytest.mark.parametrize("args, kwargs, expected", [
    ((0, 2, 3), {}, np.logspace(0, 2, 3)),
    ((-1.0, 1.0, 5), {}, np.logspace(-1, 1, 5)),
    ((0, 3, 4), {"base": 2}, np.logspace(0, 3, 4, base=2)),
    ((2, 0, 3, 3.0), {}, np.logspace(2, 0, 3, base=3.0)),
    ((0, 1, 0), {}, np.zeros(0)),
    ((1, 1, 1), {}, np.array([10.0])),
])
def test_logspace_matches_numpy(args, kwargs, expected):
    out = minigrad.logspace(*args, **kwargs)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-6)
    out = minigrad.logspace(*args, **kwargs, dtype=minigrad.float64)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-15)


def test_logspace_dtype_requires_grad_and_keyword_only_arguments():
    assert minigrad.logspace(0, 2, 3, dtype=minigrad.int64).tolist() == [1, 10, 100]
    assert minigrad.logspace(0, 1, 2, requires_grad=True).requires_grad
    with pytest.raises(TypeError, match="positional"):
        minigrad.logspace(0, 1, 2, 10.0, minigrad.float64)


def test_float16_tensors_are_made_and_compute():
    assert minigrad.half is minigrad.float16
    x = minigrad.tensor([1.0, 2.5], dtype=minigrad.float16)
    assert x.dtype == np.float16 and minigrad.zeros(2, dtype=minigrad.half).dtype == np.float16
    for out, expected in [(x + x, [2.0, 5.0]), (x * 2, [2.0, 5.0]), (x - 1, [0.0, 1.5]),
                          (x.sum(), 3.5), (x.exp(), np.exp([1.0, 2.5]))]:
        assert out.dtype == np.float16
        np.testing.assert_allclose(out.numpy(), expected, rtol=1e-3)
    assert (x + minigrad.ones(2)).dtype == np.float32
    with pytest.raises(TypeError, match="max_pool2d: expected a float32 or float64 input, got "
                                        "dtype float16"):
        minigrad.nn.functional.max_pool2d(minigrad.ones(1, 1, 2, 2, dtype=minigrad.half), 2)


def test_bool_and_int_dtype_aliases():
    assert minigrad.bool is minigrad.bool_ and minigrad.int is minigrad.int32
    assert minigrad.tensor([1, 0], dtype=minigrad.bool).tolist() == [True, False]
    assert minigrad.ones(2, dtype=minigrad.int).dtype == np.int32
    # The aliases are minigrad's names only: the modules still use Python's builtins.
    assert minigrad.tensor([1.5]).int().dtype == np.int32
    assert bool(minigrad.tensor(True)) is True


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


def test_normal_of_floats_draws_the_size_with_the_mean_and_std():
    x = minigrad.normal(3.0, 2.0, (40000,))
    assert x.dtype == np.float32 and x.shape == (40000,) and not x.requires_grad
    assert abs(x.numpy().mean() - 3.0) < 0.05 and abs(x.numpy().std() - 2.0) < 0.05
    y = minigrad.normal(0.0, 1.0, size=[2, 3], dtype=minigrad.float64, requires_grad=True)
    assert y.shape == (2, 3) and y.dtype == np.float64 and y.requires_grad


def test_normal_with_tensors_broadcasts_and_keeps_the_tensor_dtype():
    mean = minigrad.tensor([[-5.0], [5.0]], dtype=minigrad.float64)
    std = minigrad.tensor([0.5, 1.0, 2.0] * 10000, dtype=minigrad.float64)
    x = minigrad.normal(mean, std)
    assert x.shape == (2, 30000) and x.dtype == np.float64
    values = x.numpy().reshape(2, 10000, 3)
    np.testing.assert_allclose(values.mean(axis=1), [[-5] * 3, [5] * 3], atol=0.06)
    np.testing.assert_allclose(values.std(axis=1), [[0.5, 1.0, 2.0]] * 2, rtol=0.03)
    by_mean = minigrad.normal(minigrad.full((20000,), 1.0, requires_grad=True))
    assert by_mean.dtype == np.float32 and not by_mean.requires_grad
    assert abs(by_mean.numpy().mean() - 1.0) < 0.03 and abs(by_mean.numpy().std() - 1) < 0.03
    by_std = minigrad.normal(-2.0, minigrad.full((20000,), 0.1))
    assert abs(by_std.numpy().mean() + 2.0) < 0.01 and abs(by_std.numpy().std() - 0.1) < 0.01
    assert minigrad.normal(minigrad.zeros(3), 0.0).tolist() == [0.0, 0.0, 0.0]


def test_bernoulli_draws_ones_with_the_probability_of_each_element():
    p = minigrad.tensor([0.0, 0.2, 0.9, 1.0], dtype=minigrad.float64).repeat(20000, 1)
    x = minigrad.bernoulli(p)
    assert x.shape == (20000, 4) and x.dtype == np.float64 and not x.requires_grad
    assert set(np.unique(x.numpy())) == {0.0, 1.0}
    np.testing.assert_allclose(x.numpy().mean(axis=0), [0.0, 0.2, 0.9, 1.0], atol=0.01)
    with_p = minigrad.zeros(40000, requires_grad=True).bernoulli(0.3)
    assert with_p.dtype == np.float32 and not with_p.requires_grad
    assert abs(with_p.numpy().mean() - 0.3) < 0.01
    assert minigrad.bernoulli(minigrad.ones(3), p=0.0).tolist() == [0.0, 0.0, 0.0]
    ints = minigrad.bernoulli(minigrad.zeros(40000, dtype=minigrad.int64), 0.75)
    assert ints.dtype == np.int64 and set(np.unique(ints.numpy())) == {0, 1}
    assert abs(ints.numpy().mean() - 0.75) < 0.01


def test_multinomial_with_replacement_follows_the_weights():
    weights = minigrad.tensor([[1.0, 0.0, 3.0], [0.0, 2.0, 2.0]])
    x = minigrad.multinomial(weights, 40000, replacement=True)
    assert x.shape == (2, 40000) and x.dtype == np.int64
    frequencies = np.stack([np.bincount(row, minlength=3) for row in x.numpy()]) / 40000
    np.testing.assert_allclose(frequencies, [[0.25, 0, 0.75], [0, 0.5, 0.5]], atol=0.01)
    assert x.numpy()[0].tolist().count(1) == 0 and x.numpy()[1].tolist().count(0) == 0


def test_multinomial_without_replacement_draws_distinct_categories_by_weight():
    weights = minigrad.tensor([1.0, 2.0, 0.0, 7.0])
    firsts = np.array([minigrad.multinomial(weights, 1).item() for _ in range(4000)])
    np.testing.assert_allclose(np.bincount(firsts, minlength=4) / 4000, [0.1, 0.2, 0, 0.7],
                               atol=0.025)
    # After the first 0.7 draw, 1 beats 0 with probability 2/3.
    pairs = np.array([weights.multinomial(2).tolist() for _ in range(4000)])
    after_3 = pairs[pairs[:, 0] == 3, 1]
    assert abs((after_3 == 1).mean() - 2 / 3) < 0.04
    full = minigrad.multinomial(weights, 4)
    assert sorted(full.tolist()) == [0, 1, 2, 3] and full[-1].item() == 2
    assert minigrad.multinomial(minigrad.ones(0, 3), 2).shape == (0, 2)
    assert minigrad.multinomial(minigrad.ones(0, 3), 5, True).shape == (0, 5)
    rows = minigrad.multinomial(minigrad.ones(5, 6, dtype=minigrad.float64), 6)
    assert all(sorted(r) == list(range(6)) for r in rows.tolist())


def test_randperm_is_a_permutation():
    assert sorted(minigrad.randperm(10).tolist()) == list(range(10))


def test_manual_seed_makes_every_random_creation_reproducible():
    def draw():
        probs = minigrad.tensor([[0.2, 0.3, 0.5], [0.6, 0.0, 0.4]])
        return [minigrad.normal(0.0, 1.0, (4,)).numpy().copy(),
                minigrad.normal(minigrad.zeros(3), minigrad.ones(3)).numpy().copy(),
                minigrad.bernoulli(minigrad.full((20,), 0.5)).numpy().copy(),
                minigrad.multinomial(probs, 2).numpy().copy(),
                minigrad.multinomial(probs, 20, True).numpy().copy(),
                minigrad.rand(3).numpy().copy(), minigrad.randn(2, 2).numpy().copy(),
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
    (lambda: minigrad.logspace(0, 1, -1), ValueError,
     "logspace: number of steps must be non-negative, got -1"),
    (lambda: minigrad.logspace(0, 1, 2.0), TypeError, "logspace: steps must be an int"),
    (lambda: minigrad.logspace(0, "1", 2), TypeError, "logspace: end must be a real number"),
    (lambda: minigrad.logspace(0, 1, 2, base=None), TypeError,
     "logspace: base must be a real number"),
    (lambda: minigrad.normal(0.0, 1.0), TypeError,
     r"normal: with a float mean and a float std, give the size"),
    (lambda: minigrad.normal(0.0, -1.0, (2,)), ValueError,
     "normal: expects std >= 0.0, got -1.0"),
    (lambda: minigrad.normal(minigrad.zeros(2), -1.0), ValueError,
     "normal: expects std >= 0.0, got -1.0"),
    (lambda: minigrad.normal(0.0, minigrad.tensor([1.0, float("nan")])), ValueError,
     "normal: expects std >= 0.0, got a negative or NaN element"),
    (lambda: minigrad.normal(minigrad.zeros(2), minigrad.ones(3)), ValueError,
     r"normal: the shapes of mean \[2\] and std \[3\] do not broadcast"),
    (lambda: minigrad.normal(minigrad.zeros(2, dtype=minigrad.int64)), TypeError,
     "normal: expected a floating-point mean, got dtype int64"),
    (lambda: minigrad.normal(0.0, 1.0, (2,), dtype=minigrad.int64), TypeError,
     "normal: expected a floating-point dtype, got int64"),
    (lambda: minigrad.normal(minigrad.zeros(2), 1.0, (2,)), TypeError,
     r"normal: size, dtype and requires_grad are only for normal\(mean: float"),
    (lambda: minigrad.normal("0", 1.0, (2,)), TypeError, "normal: mean must be a real number"),
    (lambda: minigrad.normal(0.0, 1.0, (2,), generator=0), TypeError,
     "normal: generator must be a numpy.random.Generator or None, got int"),
    (lambda: minigrad.bernoulli(minigrad.tensor([1, 0])), TypeError,
     "bernoulli: expected a floating-point input, got dtype int64"),
    (lambda: minigrad.bernoulli([0.5]), TypeError,
     "bernoulli: expected input to be a Tensor, got list"),
    (lambda: minigrad.bernoulli(minigrad.tensor([1.5, 0.0])), ValueError,
     r"bernoulli: expected all probabilities in \[0, 1\]"),
    (lambda: minigrad.bernoulli(minigrad.tensor([float("nan")])), ValueError,
     r"bernoulli: expected all probabilities in \[0, 1\]"),
    (lambda: minigrad.bernoulli(minigrad.zeros(2), -0.1), ValueError,
     r"bernoulli: expected all probabilities in \[0, 1\]"),
    (lambda: minigrad.bernoulli(minigrad.zeros(2), 0.5, None), TypeError, "positional"),
    (lambda: minigrad.multinomial(minigrad.tensor([0.1, -0.1]), 1), ValueError,
     "multinomial: probability tensor contains either inf, nan or element < 0"),
    (lambda: minigrad.multinomial(minigrad.tensor([0.1, float("inf")]), 1), ValueError,
     "multinomial: probability tensor contains either inf, nan or element < 0"),
    (lambda: minigrad.multinomial(minigrad.tensor([0.1, float("nan")]), 1), ValueError,
     "multinomial: probability tensor contains either inf, nan or element < 0"),
    (lambda: minigrad.multinomial(minigrad.tensor([[1.0, 1.0], [0.0, 0.0]]), 1), ValueError,
     r"multinomial: invalid multinomial distribution \(sum of probabilities <= 0\)"),
    (lambda: minigrad.multinomial(minigrad.tensor([0.5, 0.5]), 3), ValueError,
     "multinomial: cannot sample 3 samples from 2 categories without replacement"),
    (lambda: minigrad.multinomial(minigrad.tensor([0.5, 0.5]), 0, True), ValueError,
     "multinomial: cannot sample num_samples <= 0 samples, got 0"),
    (lambda: minigrad.multinomial(minigrad.tensor([0.5, 0.5]), 1.0), TypeError,
     "multinomial: num_samples must be an int"),
    (lambda: minigrad.multinomial(minigrad.ones(1, 1, 2), 1), ValueError,
     "multinomial: expected a 1-d or 2-d input, got 3 dimensions"),
    (lambda: minigrad.multinomial(minigrad.tensor([1, 2]), 1), TypeError,
     "multinomial: expected a floating-point input, got dtype int64"),
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
    ("logspace", lambda: minigrad.logspace(0, 1, 2**40)),
    ("normal", lambda: minigrad.normal(0.0, 1.0, (2**31, 2**31))),
    ("normal", lambda: minigrad.normal(minigrad.zeros(2**18, 1), minigrad.ones(2**18))),
    ("multinomial", lambda: minigrad.multinomial(minigrad.ones(2), 2**62, True)),
    ("new_empty", lambda: minigrad.ones(1).new_empty(2**62, 2**62)),
])
def test_a_tensor_larger_than_memory_is_a_memory_error_naming_the_function(name, call):
    # NumPy's own error ("array is too big") names no function.
    with pytest.raises(MemoryError, match=f"^{name}: the result of shape"):
        call()
