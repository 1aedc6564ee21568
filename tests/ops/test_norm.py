"""Normalization ops: forward against NumPy, gradients against finite differences,
running statistics, bit-identical results at 1 and 2 threads, and argument validation."""
import numpy as np
import pytest

import minigrad
from minigrad.autograd import gradcheck
from minigrad.ops import norm as F
from tests.conftest import running_at
from tests.reference import norm as ref
from tests.reference.core import check_op

DTYPES = [np.float32, np.float64]
TOL = {np.float32: {"atol": 2e-5, "rtol": 1e-4}, np.float64: {"atol": 1e-12, "rtol": 1e-10}}


def _t(array, dtype=np.float64, requires_grad=False):
    return minigrad.tensor(np.asarray(array), dtype=dtype, requires_grad=requires_grad)


def _random_spatial(rng, n_spatial):
    return tuple(int(s) for s in rng.integers(1, 6, size=n_spatial))


@pytest.fixture
def restore_threads():
    before = minigrad.get_num_threads()
    yield
    minigrad.set_num_threads(before)


@pytest.fixture(params=["avx2", "baseline"])
def simd(request):
    """Run the test on the AVX2+FMA loops (where the processor has them) and on the baseline ones."""
    with running_at(request.param):
        yield request.param


# ----------------------------------------------------------------------------- forward vs NumPy

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", range(6))
def test_batch_norm_training_matches_numpy_on_random_configurations(seed, dtype):
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(2, 5)), int(rng.integers(1, 6))) + _random_spatial(rng, seed % 4)
    c = shape[1]
    x = rng.normal(3.0, 2.0, shape)
    w, b = rng.standard_normal(c), rng.standard_normal(c)
    rm, rv = rng.standard_normal(c), rng.uniform(0.5, 2.0, c)
    running_mean, running_var = _t(rm, dtype), _t(rv, dtype)
    out = F.batch_norm(_t(x, dtype), running_mean, running_var, _t(w, dtype), _t(b, dtype),
                       training=True, momentum=0.3, eps=1e-3)
    expected, erm, erv = ref.batch_norm(x.astype(dtype), rm.astype(dtype), rv.astype(dtype),
                                        w.astype(dtype), b.astype(dtype), True, 0.3, 1e-3)
    assert out.dtype == dtype and out.shape == shape
    np.testing.assert_allclose(out._data, expected, **TOL[dtype])
    np.testing.assert_allclose(running_mean._data, erm, **TOL[dtype])
    np.testing.assert_allclose(running_var._data, erv, **TOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", range(4))
def test_batch_norm_eval_normalises_with_the_running_statistics(seed, dtype):
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(1, 4)), int(rng.integers(1, 6))) + _random_spatial(rng, seed)
    c = shape[1]
    x = rng.standard_normal(shape)
    rm, rv = rng.standard_normal(c), rng.uniform(0.5, 2.0, c)
    w = rng.standard_normal(c)
    running_mean, running_var = _t(rm, dtype), _t(rv, dtype)
    out = F.batch_norm(_t(x, dtype), running_mean, running_var, _t(w, dtype), None)
    expected, _, _ = ref.batch_norm(x.astype(dtype), rm.astype(dtype), rv.astype(dtype),
                                    w.astype(dtype))
    np.testing.assert_allclose(out._data, expected, **TOL[dtype])
    assert running_mean._version == 0 and running_var._version == 0
    np.testing.assert_array_equal(running_mean._data, rm.astype(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", range(6))
def test_layer_norm_matches_numpy_on_random_configurations(seed, dtype):
    rng = np.random.default_rng(seed)
    shape = tuple(int(s) for s in rng.integers(1, 7, size=int(rng.integers(1, 5))))
    k = int(rng.integers(1, len(shape) + 1))
    normalized = shape[len(shape) - k:]
    x = rng.normal(-1.0, 3.0, shape)
    w, b = rng.standard_normal(normalized), rng.standard_normal(normalized)
    affine = seed % 2 == 0
    out = F.layer_norm(_t(x, dtype), normalized, _t(w, dtype) if affine else None,
                       _t(b, dtype) if affine else None)
    expected = ref.layer_norm(x.astype(dtype), normalized, w.astype(dtype) if affine else None,
                              b.astype(dtype) if affine else None)
    np.testing.assert_allclose(out._data, expected, **TOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", range(6))
def test_group_norm_matches_numpy_on_random_configurations(seed, dtype):
    rng = np.random.default_rng(seed)
    groups = int(rng.integers(1, 4))
    shape = (int(rng.integers(1, 4)), groups * int(rng.integers(1, 4))) + _random_spatial(rng, seed % 4)
    c = shape[1]
    x = rng.normal(2.0, 0.5, shape)
    w, b = rng.standard_normal(c), rng.standard_normal(c)
    out = F.group_norm(_t(x, dtype), groups, _t(w, dtype), _t(b, dtype), eps=1e-4)
    expected = ref.group_norm(x.astype(dtype), groups, w.astype(dtype), b.astype(dtype), 1e-4)
    np.testing.assert_allclose(out._data, expected, **TOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", range(4))
def test_instance_norm_matches_numpy_and_updates_running_statistics(seed, dtype):
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(1, 4)), int(rng.integers(1, 5))) + _random_spatial(rng, 1 + seed % 3)
    shape = shape[:2] + (shape[2] + 1,) + shape[3:]  # more than one spatial element
    c = shape[1]
    x = rng.standard_normal(shape)
    w, b = rng.standard_normal(c), rng.standard_normal(c)
    rm, rv = np.zeros(c), np.ones(c)
    running_mean, running_var = _t(rm, dtype), _t(rv, dtype)
    out = F.instance_norm(_t(x, dtype), running_mean, running_var, _t(w, dtype), _t(b, dtype),
                          momentum=0.25)
    expected, erm, erv = ref.instance_norm(x.astype(dtype), rm, rv, w.astype(dtype),
                                           b.astype(dtype), True, 0.25)
    np.testing.assert_allclose(out._data, expected, **TOL[dtype])
    np.testing.assert_allclose(running_mean._data, erm, **TOL[dtype])
    np.testing.assert_allclose(running_var._data, erv, **TOL[dtype])
    assert running_mean._version == 1 and running_var._version == 1


def test_instance_norm_without_input_stats_uses_the_running_statistics():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 4))
    rm, rv = rng.standard_normal(3), rng.uniform(0.5, 2, 3)
    out = F.instance_norm(_t(x), _t(rm), _t(rv), use_input_stats=False)
    expected, _, _ = ref.instance_norm(x, rm, rv, use_input_stats=False)
    np.testing.assert_allclose(out._data, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 8])
def test_local_response_norm_matches_numpy(size, dtype):
    rng = np.random.default_rng(size)
    x = rng.standard_normal((2, 6, 3, 4))
    out = F.local_response_norm(_t(x, dtype), size, alpha=0.5, beta=0.75, k=2.0)
    expected = ref.local_response_norm(x.astype(dtype), size, 0.5, 0.75, 2.0)
    np.testing.assert_allclose(out._data, expected, **TOL[dtype])


def test_local_response_norm_by_hand():
    # size 2: window(c) = [c - 1, c]. c=0 sees 1**2, c=1 sees 1**2 + 2**2.
    x = _t([[[1.0], [2.0]]])
    out = F.local_response_norm(x, size=2, alpha=2.0, beta=0.5, k=1.0)
    expected = [1.0 / np.sqrt(1.0 + 1.0), 2.0 / np.sqrt(1.0 + 5.0)]
    np.testing.assert_allclose(out._data.reshape(2), expected, rtol=1e-14)


def test_batch_norm_by_hand():
    x = _t([[1.0, -2.0], [3.0, 2.0]])
    out = F.batch_norm(x, None, None, _t([2.0, 1.0]), _t([0.5, 0.0]), training=True, eps=1e-300)
    # Channel 0: mean 2, std 1 -> (-1, 1) * 2 + 0.5. Channel 1: mean 0, std 2 -> (-1, 1).
    np.testing.assert_allclose(out._data, [[-1.5, -1.0], [2.5, 1.0]], rtol=1e-14)


@pytest.mark.parametrize("eps", [0.0, -1.0, float("nan")])
def test_batch_norm_in_training_rejects_a_non_positive_eps_as_pytorch_does(eps):
    # With eps=0 a constant channel gave NaN.
    x = _t([[1.0, 5.0], [1.0, 6.0]])
    with pytest.raises(ValueError, match="batch_norm: eps must be positive during training"):
        F.batch_norm(x, None, None, training=True, eps=eps)
    with pytest.raises(ValueError, match="batch_norm: eps must be positive during training"):
        minigrad.nn.BatchNorm1d(2, eps=0.0)(x.astype(minigrad.float32))


def test_batch_norm_in_evaluation_accepts_eps_zero():
    x = _t([[1.0, 5.0], [3.0, 6.0]])
    out = F.batch_norm(x, _t([1.0, 5.0]), _t([4.0, 1.0]), training=False, eps=0.0)
    np.testing.assert_allclose(out._data, [[0.0, 0.0], [1.0, 1.0]])


def test_instance_norm_of_zero_channels_is_empty_as_in_pytorch():
    # It raised ZeroDivisionError.
    x = minigrad.zeros(2, 0, 4, requires_grad=True)
    out = F.instance_norm(x)
    assert out.shape == (2, 0, 4)
    out.sum().backward()
    assert x.grad.shape == (2, 0, 4)


# ----------------------------------------------------------------------------- gradients

@pytest.mark.parametrize("shape", [(3, 2), (4, 70), (2, 3, 5), (1, 3, 4), (2, 2, 3, 3),
                                   (2, 2, 2, 1, 3)])
def test_batch_norm_training_gradcheck_input_weight_bias(shape):
    c = shape[1]
    check_op([shape, (c,), (c,)],
             lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
             lambda x, w, b: ref.batch_norm(x, None, None, w, b, True)[0])


@pytest.mark.parametrize("shape", [(2, 3, 4), (5, 3)])
def test_batch_norm_eval_gradcheck_input_weight_bias(shape):
    rm, rv = np.array([0.3, -0.2, 1.0]), np.array([0.5, 2.0, 1.5])

    def op(x, w, b):
        return F.batch_norm(x, _t(rm, x.dtype), _t(rv, x.dtype), w, b)

    check_op([shape, (3,), (3,)], op,
             lambda x, w, b: ref.batch_norm(x, rm, rv, w, b)[0])


@pytest.mark.parametrize("shape, normalized", [
    ((3, 4), (4,)), ((2, 3, 5), (3, 5)), ((5,), (5,)), ((2, 1, 3), (1, 3)), ((3, 70), (70,)),
])
def test_layer_norm_gradcheck_input_weight_bias(shape, normalized):
    check_op([shape, normalized, normalized],
             lambda x, w, b: F.layer_norm(x, normalized, w, b),
             lambda x, w, b: ref.layer_norm(x, normalized, w, b))


@pytest.mark.parametrize("shape, groups", [
    ((2, 4, 3), 2), ((2, 6, 2, 3), 3), ((1, 3, 5), 1), ((2, 3, 4), 3), ((3, 4), 2), ((2, 4, 1, 2, 3), 2),
])
def test_group_norm_gradcheck_input_weight_bias(shape, groups):
    c = shape[1]
    check_op([shape, (c,), (c,)],
             lambda x, w, b: F.group_norm(x, groups, w, b),
             lambda x, w, b: ref.group_norm(x, groups, w, b))


@pytest.mark.parametrize("shape", [(2, 3, 4), (1, 2, 3, 3), (2, 2, 2, 2, 2)])
def test_instance_norm_gradcheck_input_weight_bias(shape):
    c = shape[1]
    check_op([shape, (c,), (c,)],
             lambda x, w, b: F.instance_norm(x, weight=w, bias=b),
             lambda x, w, b: ref.instance_norm(x, weight=w, bias=b)[0])


def test_instance_norm_with_running_statistics_gradcheck_input_weight_bias():
    rm, rv = np.array([0.3, -0.2]), np.array([0.5, 2.0])

    def op(x, w, b):
        return F.instance_norm(x, _t(rm, x.dtype), _t(rv, x.dtype), w, b, use_input_stats=False)

    check_op([(2, 2, 3), (2,), (2,)], op,
             lambda x, w, b: ref.instance_norm(x, rm, rv, w, b, use_input_stats=False)[0])


@pytest.mark.parametrize("size", [1, 2, 3, 4, 7])
def test_local_response_norm_gradcheck(size):
    check_op([(2, 5, 3)], lambda x: F.local_response_norm(x, size, alpha=0.7, beta=0.75, k=1.5),
             lambda x: ref.local_response_norm(x, size, 0.7, 0.75, 1.5))
    check_op([(1, 3, 2, 2)], lambda x: F.local_response_norm(x, size, alpha=1.0, beta=1.3, k=0.5),
             lambda x: ref.local_response_norm(x, size, 1.0, 1.3, 0.5), low=0.5, high=2.0)


def test_gradients_only_for_the_tensors_that_require_them():
    rng = np.random.default_rng(0)
    x = _t(rng.standard_normal((3, 4, 5)))
    w = _t(rng.standard_normal(4), requires_grad=True)
    b = _t(rng.standard_normal(4))
    for out in (F.batch_norm(x, None, None, w, b, training=True), F.group_norm(x, 2, w, b)):
        out.sum().backward()
        assert x.grad is None and b.grad is None and w.grad is not None
        w.grad = None
    assert gradcheck(lambda w: F.group_norm(x, 2, w, b), (w,))


def test_layer_norm_gradients_when_only_some_tensors_require_them():
    # The kernel skips the weight and bias sums when neither is wanted.
    rng = np.random.default_rng(2)
    x = _t(rng.standard_normal((3, 4, 5)), requires_grad=True)
    w, b = _t(rng.standard_normal(5)), _t(rng.standard_normal(5), requires_grad=True)
    F.layer_norm(x, (5,), w, b).sum().backward()
    assert w.grad is None and b.grad is not None and x.grad is not None
    assert gradcheck(lambda x, b: F.layer_norm(x, (5,), w, b), (x, b))
    assert gradcheck(lambda x: F.layer_norm(x, (5,), w, b), (x,))
    x.requires_grad = False
    b2 = _t(rng.standard_normal((4, 5)), requires_grad=True)
    assert gradcheck(lambda b: F.layer_norm(x, (4, 5), None, b), (b2,))


def test_float32_gradients_keep_the_dtype_and_match_float64():
    rng = np.random.default_rng(1)
    x, g = rng.standard_normal((4, 6, 7)), rng.standard_normal((4, 6, 7))
    w, b = rng.standard_normal(6), rng.standard_normal(6)
    ops = [
        lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
        lambda x, w, b: F.group_norm(x, 3, w, b),
        lambda x, w, b: F.instance_norm(x, weight=w, bias=b),
        lambda x, w, b: F.layer_norm(x.transpose(1, 2), (6,), w, b).transpose(1, 2),
    ]
    for op in ops:
        grads = {}
        for dtype in DTYPES:
            ts = [_t(a, dtype, requires_grad=True) for a in (x, w, b)]
            op(*ts).backward(_t(g, dtype))
            grads[dtype] = [t.grad for t in ts]
        for single, double in zip(grads[np.float32], grads[np.float64]):
            assert single.dtype == np.float32
            np.testing.assert_allclose(single._data, double._data, atol=1e-4, rtol=1e-4)


def test_backward_accepts_a_broadcast_gradient():
    x = _t(np.arange(24.0).reshape(2, 3, 4), requires_grad=True)
    F.layer_norm(x, (4,)).sum().backward()
    # The normalised values of a row sum to zero whatever x is: the gradient of the sum is 0.
    np.testing.assert_allclose(x.grad._data, 0, atol=1e-9)


def test_non_contiguous_input_matches_numpy():
    rng = np.random.default_rng(2)
    base = rng.standard_normal((5, 3, 4))
    x = _t(base).transpose(0, 2)  # (4, 3, 5), not contiguous
    expected = ref.group_norm(base.transpose(2, 1, 0), 3)
    np.testing.assert_allclose(F.group_norm(x, 3)._data, expected, rtol=1e-12, atol=1e-12)


# ----------------------------------------------------------------------------- running statistics

@pytest.mark.parametrize("dtype", DTYPES)
def test_batch_norm_running_statistics_after_several_steps_match_numpy(dtype):
    rng = np.random.default_rng(3)
    running_mean, running_var = _t(np.zeros(3), dtype), _t(np.ones(3), dtype)
    rm, rv = np.zeros(3), np.ones(3)
    for step, momentum in enumerate([0.1, 0.1, 0.5, 1.0 / 3.0]):
        x = rng.normal(step, 1.0 + step, (4, 3, 2, 2))
        F.batch_norm(_t(x, dtype), running_mean, running_var, training=True, momentum=momentum)
        _, rm, rv = ref.batch_norm(x.astype(dtype), rm, rv, training=True, momentum=momentum)
        assert running_mean._version == step + 1 and running_var._version == step + 1
    np.testing.assert_allclose(running_mean._data, rm, **TOL[dtype])
    np.testing.assert_allclose(running_var._data, rv, **TOL[dtype])
    x = rng.standard_normal((2, 3, 2, 2))
    out = F.batch_norm(_t(x, dtype), running_mean, running_var, training=False)
    expected, _, _ = ref.batch_norm(x.astype(dtype), rm, rv)
    np.testing.assert_allclose(out._data, expected, **TOL[dtype])


def test_batch_norm_momentum_one_keeps_the_batch_statistics_and_zero_keeps_the_old_ones():
    x = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 50.0]])
    running_mean, running_var = _t(np.zeros(2)), _t(np.ones(2))
    F.batch_norm(_t(x), running_mean, running_var, training=True, momentum=1.0)
    np.testing.assert_allclose(running_mean._data, [3.0, 30.0])
    np.testing.assert_allclose(running_var._data, [4.0, 400.0])  # unbiased
    F.batch_norm(_t(x * 7), running_mean, running_var, training=True, momentum=0.0)
    np.testing.assert_allclose(running_mean._data, [3.0, 30.0])


def test_running_statistics_are_not_part_of_the_graph():
    x = _t(np.arange(8.0).reshape(4, 2), requires_grad=True)
    running_mean, running_var = _t(np.zeros(2)), _t(np.ones(2))
    F.batch_norm(x, running_mean, running_var, training=True).sum().backward()
    assert not running_mean.requires_grad and running_mean.grad is None


# ----------------------------------------------------------------------------- precision and edge cases

# Rows of every length up to past one step of 16 of the sums and one strip of 16
# columns of the weight gradient, and past a block of 64 columns: every
# remainder branch of the unrolled loops.
ROW_LENGTHS = [1, 2, 3, 5, 7, 8, 15, 16, 17, 31, 33, 64, 70]


@pytest.mark.parametrize("cols", ROW_LENGTHS)
def test_layer_norm_rows_of_every_length_match_numpy_and_finite_differences(cols, simd):
    check_op([(3, cols), (cols,), (cols,)],
             lambda x, w, b: F.layer_norm(x, (cols,), w, b),
             lambda x, w, b: ref.layer_norm(x, (cols,), w, b), seed=cols)


@pytest.mark.parametrize("cols", ROW_LENGTHS)
def test_layer_norm_float32_gradients_of_every_row_length_match_float64(cols, simd):
    rng = np.random.default_rng(cols)
    arrays = [rng.normal(2.0, 3.0, (5, cols)), rng.standard_normal(cols), rng.standard_normal(cols)]
    grad = rng.standard_normal((5, cols))
    results = {}
    for dtype in DTYPES:
        ts = [_t(a, dtype, requires_grad=True) for a in arrays]
        out = F.layer_norm(ts[0], (cols,), ts[1], ts[2])
        out.backward(_t(grad, dtype))
        results[dtype] = [out] + [t.grad for t in ts]
    for single, double in zip(results[np.float32], results[np.float64]):
        assert single.dtype == np.float32
        np.testing.assert_allclose(single._data, double._data, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("offset, dtype", [(1e4, np.float32), (1e8, np.float64)])
def test_statistics_stay_accurate_when_the_mean_dwarfs_the_spread(offset, dtype, simd):
    # The textbook E[x^2] - E[x]^2 loses every digit here; the shifted sums do not.
    rng = np.random.default_rng(4)
    x = (offset + rng.standard_normal((8, 3, 50))).astype(dtype)
    tol = {"atol": 5e-3 if dtype == np.float32 else 1e-6}
    np.testing.assert_allclose(F.batch_norm(_t(x, dtype), None, None, training=True)._data,
                               ref.batch_norm(x, training=True)[0], **tol)
    np.testing.assert_allclose(F.group_norm(_t(x, dtype), 3)._data, ref.group_norm(x, 3), **tol)
    np.testing.assert_allclose(F.layer_norm(_t(x, dtype), (50,))._data,
                               ref.layer_norm(x, (50,)), **tol)


def test_constant_input_gives_the_bias_and_finite_gradients():
    x = _t(np.full((2, 4, 3), 5.0), requires_grad=True)
    b = _t(np.array([1.0, 2.0, 3.0, 4.0]))
    out = F.group_norm(x, 2, None, b)
    np.testing.assert_array_equal(out._data, np.broadcast_to(b._data.reshape(1, 4, 1), (2, 4, 3)))
    out.sum().backward()
    assert np.isfinite(x.grad._data).all()


def test_empty_inputs_give_empty_outputs():
    running_mean, running_var = _t(np.zeros(3)), _t(np.ones(3))
    x = _t(np.zeros((0, 3, 4)), requires_grad=True)
    w = _t(np.ones(3), requires_grad=True)
    out = F.batch_norm(x, running_mean, running_var, w)
    assert out.shape == (0, 3, 4)
    out.sum().backward()
    np.testing.assert_array_equal(w.grad._data, 0)
    assert F.layer_norm(_t(np.zeros((0, 5))), 5).shape == (0, 5)
    assert F.group_norm(_t(np.zeros((2, 4, 0))), 2).shape == (2, 4, 0)
    assert F.group_norm(_t(np.zeros((2, 0, 3))), 2).shape == (2, 0, 3)
    assert F.local_response_norm(_t(np.zeros((2, 0, 3))), 2).shape == (2, 0, 3)


def test_saved_input_changed_in_place_makes_backward_raise():
    x = _t(np.arange(12.0).reshape(2, 3, 2), requires_grad=True)
    y = x * 1.0
    out = F.group_norm(y, 3)
    y.add_(1.0)
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        out.sum().backward()


# ----------------------------------------------------------------------------- determinism

def _all_grads(op, arrays, grad, dtype):
    tensors = [_t(a, dtype, requires_grad=True) for a in arrays]
    out = op(*tensors)
    out.backward(_t(grad, dtype))
    return [out._data] + [t.grad._data for t in tensors]


DETERMINISM_CASES = [
    ("batch_norm", (8, 6, 30, 31), lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True)),
    ("batch_norm_2d", (300, 130),
     lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True)),
    ("group_norm", (8, 6, 30, 31), lambda x, w, b: F.group_norm(x, 3, w, b)),
    ("instance_norm", (8, 6, 30, 31), lambda x, w, b: F.instance_norm(x, weight=w, bias=b)),
    ("layer_norm", (70, 601), lambda x, w, b: F.layer_norm(x, (601,), w, b)),
    ("local_response_norm", (2, 7, 50, 51),
     lambda x, w, b: F.local_response_norm(x, 5, 1e-2, 0.75, 1.0) * w.sum() + b.sum()),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name, shape, op", DETERMINISM_CASES, ids=[c[0] for c in DETERMINISM_CASES])
def test_one_and_two_threads_give_identical_results(name, shape, op, dtype, restore_threads, simd):
    rng = np.random.default_rng(5)
    n_affine = shape[-1] if name == "layer_norm" else shape[1]
    arrays = [rng.standard_normal(shape), rng.standard_normal(n_affine), rng.standard_normal(n_affine)]
    grad = rng.standard_normal(shape)
    minigrad.set_num_threads(1)
    single = _all_grads(op, arrays, grad, dtype)
    minigrad.set_num_threads(2)
    double = _all_grads(op, arrays, grad, dtype)
    for a, b in zip(single, double):
        assert np.array_equal(a, b)


# ----------------------------------------------------------------------------- validation

X = _t(np.zeros((4, 3, 5)))
C3 = _t(np.zeros(3))


@pytest.mark.parametrize("call, error, match", [
    (lambda: F.batch_norm(np.zeros((4, 3)), None, None, training=True), TypeError,
     "expected input to be a Tensor"),
    (lambda: F.batch_norm(_t(np.zeros((4, 3)), np.int64), None, None, training=True), TypeError,
     "float32 or float64"),
    (lambda: F.batch_norm(_t(np.zeros(3)), C3, C3), ValueError, r"at least 2 dimensions .*\[3\]"),
    (lambda: F.batch_norm(X, _t(np.zeros(4)), C3), ValueError,
     r"running_mean of shape \[3\] \(one per channel of input \[4, 3, 5\]\), got \[4\]"),
    (lambda: F.batch_norm(X, C3, _t(np.ones(2))), ValueError, r"running_var of shape \[3\]"),
    (lambda: F.batch_norm(X, C3, None, training=True), ValueError, "both be None or neither"),
    (lambda: F.batch_norm(X, None, None), ValueError, "must be defined in evaluation mode"),
    (lambda: F.batch_norm(X, C3, C3, weight=_t(np.ones(4))), ValueError, r"weight of shape \[3\]"),
    (lambda: F.batch_norm(X, C3, C3, bias=_t(np.ones((3, 1)))), ValueError, r"bias of shape \[3\]"),
    (lambda: F.batch_norm(X, C3, C3, weight=_t(np.ones(3), np.float32)), TypeError,
     "weight to have the input's dtype float64, got float32"),
    (lambda: F.batch_norm(X, C3, C3, weight=np.ones(3)), TypeError, "weight to be a Tensor or None"),
    (lambda: F.batch_norm(X, _t(np.zeros(3), np.float32), C3), TypeError, "running_mean to have"),
    (lambda: F.batch_norm(_t(np.zeros((1, 3))), None, None, training=True), ValueError,
     r"Expected more than 1 value per channel when training, got input size \[1, 3\]"),
    (lambda: F.batch_norm(_t(np.zeros((1, 3, 1, 1))), C3, C3, training=True), ValueError,
     "Expected more than 1 value per channel when training"),
    (lambda: F.batch_norm(X, C3, C3, training=True, momentum=None), TypeError,
     "momentum must be a float, got None"),
    (lambda: F.batch_norm(X, C3, C3, eps="small"), TypeError, "eps must be a real number"),
    (lambda: F.layer_norm(X, (4,)), ValueError,
     r"normalized_shape=\[4\] expects input of shape \[\*, 4\], got input of shape \[4, 3, 5\]"),
    (lambda: F.layer_norm(X, (2, 4, 3, 5)), ValueError, "expects input of shape"),
    (lambda: F.layer_norm(X, ()), ValueError, "at least one dimension"),
    (lambda: F.layer_norm(X, (5.0,)), TypeError, "only ints"),
    (lambda: F.layer_norm(X, 5.0), TypeError, "an int or a sequence of ints"),
    (lambda: F.layer_norm(X, (3, 5), _t(np.ones(5))), ValueError,
     r"weight of shape \[3, 5\] \(normalized_shape of input"),
    (lambda: F.layer_norm(_t(np.zeros(())), 1), ValueError, "at least 1 dimensions"),
    (lambda: F.group_norm(X, 2), ValueError,
     r"number of channels of input \[4, 3, 5\] to be divisible by num_groups, got num_groups=2"),
    (lambda: F.group_norm(X, 0), ValueError, "divisible by num_groups"),
    (lambda: F.group_norm(X, -3), ValueError, "divisible by num_groups"),
    (lambda: F.group_norm(X, 1.5), TypeError, "num_groups must be an int"),
    (lambda: F.group_norm(_t(np.zeros(3)), 1), ValueError, "at least 2 dimensions"),
    (lambda: F.group_norm(X, 3, _t(np.ones(6))), ValueError, r"weight of shape \[3\]"),
    (lambda: F.instance_norm(_t(np.zeros((2, 3))), C3, C3), ValueError,
     r"Expected more than 1 spatial element when training, got input size \[2, 3\]"),
    (lambda: F.instance_norm(_t(np.zeros((2, 3, 1))),), ValueError, "more than 1 spatial element"),
    (lambda: F.instance_norm(X, use_input_stats=False), ValueError,
     "running_mean and running_var to be defined when use_input_stats is false"),
    (lambda: F.instance_norm(X, _t(np.zeros(2)), _t(np.zeros(2))), ValueError,
     r"running_mean of shape \[3\]"),
    (lambda: F.instance_norm(_t(np.zeros((0, 3, 4))), C3, C3), ValueError, "empty batch"),
    (lambda: F.instance_norm(X, momentum=None), TypeError, "momentum must be a float"),
    (lambda: F.local_response_norm(_t(np.zeros((4, 3))), 2), ValueError, "at least 3 dimensions"),
    (lambda: F.local_response_norm(X, 0), ValueError, "size must be a positive integer, got size=0"),
    (lambda: F.local_response_norm(X, 2.0), TypeError, "size must be an int"),
    (lambda: F.local_response_norm(X, 2, alpha="a"), TypeError, "alpha must be a real number"),
    (lambda: F.local_response_norm(_t(np.zeros((2, 3, 4)), np.int64), 2), TypeError,
     "float32 or float64"),
])
def test_bad_arguments_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def _random_arguments(rng):
    """An input and a call with arguments drawn at random, many of them invalid."""
    ndim = int(rng.integers(0, 6))
    shape = tuple(int(s) for s in rng.integers(0, 5, size=ndim))
    dtype = np.int64 if rng.random() < 0.1 else rng.choice([np.float32, np.float64])
    x = _t(rng.standard_normal(shape), dtype)

    def param(size):
        u = rng.random()
        if u < 0.25 or min(size, default=0) < 0:
            return None
        if u < 0.6:
            return _t(rng.uniform(0.5, 2, size), dtype)
        if u < 0.7:
            return _t(np.ones(size), np.float32 if dtype == np.float64 else np.float64)
        if u < 0.9:
            return _t(np.ones(tuple(rng.integers(0, 4, size=int(rng.integers(0, 3))))), dtype)
        return np.ones(size)

    channels = (shape[1],) if ndim > 1 else (2,)
    number = [0.1, 0.1, 0.5, -1.0, None, "x", 0, True, np.float64(0.5)][int(rng.integers(0, 9))]
    training = bool(rng.integers(0, 2))
    op = int(rng.integers(0, 5))
    if op == 0:
        return x, lambda: F.batch_norm(x, param(channels), param(channels), param(channels),
                                       param(channels), training, number)
    if op == 1:
        k = int(rng.integers(0, ndim + 2))
        normalized = shape[max(ndim - k, 0):] if rng.random() < 0.7 else tuple(rng.integers(-1, 4, size=k))
        normalized_shape = tuple(normalized)
        return x, lambda: F.layer_norm(x, normalized, param(normalized_shape), param(normalized_shape))
    if op == 2:
        return x, lambda: F.group_norm(x, int(rng.integers(-1, 4)), param(channels), param(channels))
    if op == 3:
        return x, lambda: F.instance_norm(x, param(channels), param(channels), param(channels),
                                          param(channels), training, number)
    return x, lambda: F.local_response_norm(x, int(rng.integers(-1, 5)), 1e-4 if number is None else number)


def test_random_argument_sets_raise_python_errors_or_succeed():
    # A crash in a kernel would kill the test process; every failure must be a clear exception.
    rng = np.random.default_rng(6)
    outcomes = {"ok": 0, "ValueError": 0, "TypeError": 0}
    for _ in range(400):
        x, call = _random_arguments(rng)
        try:
            out = call()
        except (ValueError, TypeError) as error:
            outcomes[type(error).__name__] += 1
            continue
        assert out.shape == x.shape and out.dtype == x.dtype
        outcomes["ok"] += 1
    assert min(outcomes.values()) > 20, outcomes
