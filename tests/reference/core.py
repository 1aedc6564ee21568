"""NumPy references for the core ops, and ``check_op``: one call tests an op.

``check_op`` is the test suite's workhorse (tinygrad's ``helper_test_op``):
it draws seeded float64 inputs, compares the op's forward value with a plain
NumPy reference, runs the same op in float32 to check that the dtype is kept
and the values agree, and checks the gradient of every input against central
finite differences with :func:`minigrad.autograd.gradcheck`.

The references here are written from the formulas, independently of the
implementations they check (no shared helper, no minigrad call).
"""
import numpy as np
from scipy import special

import minigrad
from minigrad.autograd import gradcheck


def check_op(shapes, op, reference=None, *, inputs=None, low=-2.0, high=2.0, grad=True,
             atol=1e-7, rtol=1e-7, grad_atol=1e-6, grad_rtol=1e-4, float32=True, seed=0):
    """Check ``op``'s forward against ``reference`` and its gradients against finite differences.

    Parameters
    ----------
    shapes : sequence of tuple
        The shape of each input, drawn uniformly from ``[low, high)``.
    op : callable
        Takes minigrad tensors and returns a tensor or a tuple of tensors.
    reference : callable, optional
        Takes float64 NumPy arrays and returns the expected value(s).
    inputs : sequence of array_like, optional
        Use these values instead of random ones (``shapes`` is then ignored).
    grad : bool or sequence of bool
        Which inputs require grad (and get a gradient check).
    float32 : bool
        Also run the op in float32: the output must stay float32 and match
        the reference to float32 precision.

    Returns
    -------
    The float64 output of ``op``.
    """
    rng = np.random.default_rng(seed)
    if inputs is None:
        arrays = [rng.uniform(low, high, size=s) for s in shapes]
    else:
        arrays = [np.array(a, dtype=np.float64) for a in inputs]
    wants = [grad] * len(arrays) if isinstance(grad, bool) else list(grad)
    tensors = [minigrad.tensor(a, dtype=minigrad.float64, requires_grad=w)
               for a, w in zip(arrays, wants)]
    out = op(*tensors)
    if reference is not None:
        expected = reference(*[a.copy() for a in arrays])
        _assert_outputs(out, expected, atol, rtol, np.float64)
        if float32:
            singles = [minigrad.tensor(a, dtype=minigrad.float32) for a in arrays]
            _assert_outputs(op(*singles), expected, 1e-5, 1e-4, np.float32)
    if any(wants):
        gradcheck(op, tensors, eps=1e-6, atol=grad_atol, rtol=grad_rtol)
    return out


def _assert_outputs(out, expected, atol, rtol, dtype):
    outs = out if isinstance(out, (tuple, list)) else (out,)
    expected = expected if isinstance(expected, (tuple, list)) else (expected,)
    assert len(outs) == len(expected), f"{len(outs)} outputs, expected {len(expected)}"
    for got, want in zip(outs, expected):
        want = np.asarray(want)
        assert got.shape == want.shape, f"shape {got.shape}, expected {want.shape}"
        if want.dtype.kind == "f":
            assert got.dtype == dtype, f"dtype {got.dtype}, expected {dtype}"
        np.testing.assert_allclose(got.detach().numpy(), want, atol=atol, rtol=rtol)


def numerical_grad(f, x, eps=1e-6):
    """Central differences of the scalar function ``f`` at the float64 array ``x``."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for k in range(flat.size):
        saved = flat[k]
        flat[k] = saved + eps
        plus = f(x)
        flat[k] = saved - eps
        minus = f(x)
        flat[k] = saved
        gflat[k] = (plus - minus) / (2 * eps)
    return grad


# ---------------------------------------------------------------- activations
def relu(x):
    return np.where(x < 0, 0.0, x)  # NaN stays NaN, as in PyTorch


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gelu(x):
    return 0.5 * x * (1.0 + special.erf(x / np.sqrt(2.0)))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def leaky_relu(x, slope=0.01):
    return np.where(x > 0, x, slope * x)


def elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * (np.exp(x) - 1.0))


def softplus(x, beta=1.0, threshold=20.0):
    return np.where(beta * x > threshold, x, np.log1p(np.exp(beta * x)) / beta)


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x, axis):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


# ---------------------------------------------------------------- reductions
def logsumexp(x, axis, keepdims=False):
    return special.logsumexp(x, axis=axis, keepdims=keepdims)


def var(x, axis=None, correction=1, keepdims=False):
    n = x.size if axis is None else np.prod([x.shape[a] for a in np.atleast_1d(axis)])
    centered = x - x.mean(axis=axis, keepdims=True)
    return (centered ** 2).sum(axis=axis, keepdims=keepdims) / (n - correction)


# ---------------------------------------------------------------- shape
def torch_pad_widths(ndim, pad):
    """``torch.nn.functional.pad``'s flat (left, right, ...) list as NumPy's per-axis widths."""
    pairs = [(pad[i], pad[i + 1]) for i in range(0, len(pad), 2)]
    return [(0, 0)] * (ndim - len(pairs)) + pairs[::-1]
