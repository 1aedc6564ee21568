"""F.pad's compiled gather and scatter: against NumPy's pad and a plain-loop scatter,
float32 and float64, every mode on 1 to 3 padded dimensions, thread-count determinism."""
import itertools

import numpy as np
import pytest

import minigrad
from minigrad.autograd import gradcheck
from minigrad.ops.shape import pad
from tests.reference.core import torch_pad_widths

NUMPY_MODES = {"constant": "constant", "reflect": "reflect", "replicate": "edge",
               "circular": "wrap"}


def _scatter_reference(grad, shape, widths, mode):
    """The input gradient: each output element's gradient added to the element it copies."""
    index = np.arange(int(np.prod(shape))).reshape(shape)
    index = (np.pad(index, widths, constant_values=-1) if mode == "constant"
             else np.pad(index, widths, mode=NUMPY_MODES[mode]))
    out = np.zeros(int(np.prod(shape)))
    for source, g in zip(index.ravel(), grad.ravel()):
        if source >= 0:
            out[source] += g
    return out.reshape(shape)


@pytest.mark.parametrize("mode", list(NUMPY_MODES))
@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_pad_and_its_gradient_match_numpy_in_every_mode(mode, n, dtype):
    rng = np.random.default_rng(n)
    for lead in [(), (2,), (2, 3)]:
        shape = lead + tuple(int(s) for s in rng.integers(2, 5, n))
        pads = tuple(int(rng.integers(0, s)) for s in reversed(shape[-n:]) for _ in range(2))
        widths = torch_pad_widths(len(shape), pads)
        x = rng.standard_normal(shape).astype(dtype)
        t = minigrad.tensor(x, requires_grad=True)
        out = pad(t, pads, mode, value=0.5)
        expected = (np.pad(x, widths, mode="constant", constant_values=0.5) if mode == "constant"
                    else np.pad(x, widths, mode=NUMPY_MODES[mode]))
        np.testing.assert_array_equal(out.detach().numpy(), expected)
        grad = rng.standard_normal(out.shape).astype(dtype)
        out.backward(minigrad.tensor(grad))
        assert t.grad.dtype == dtype
        np.testing.assert_allclose(t.grad.numpy(), _scatter_reference(grad, shape, widths, mode),
                                   rtol=1e-5 if dtype == np.float32 else 1e-12)


@pytest.mark.parametrize("mode", list(NUMPY_MODES))
def test_pad_gradcheck_on_a_non_contiguous_input(mode):
    x = minigrad.tensor(np.random.default_rng(0).standard_normal((4, 3, 5)).transpose(1, 2, 0),
                        requires_grad=True)
    gradcheck(lambda t: pad(t, (1, 2, 2, 1), mode), (x,))


def test_padding_an_empty_dimension_with_a_constant_and_an_empty_batch():
    np.testing.assert_array_equal(pad(minigrad.zeros(2, 0), (1, 1), value=3.0).numpy(),
                                  np.full((2, 2), 3.0))
    assert pad(minigrad.zeros(0, 3, 4), (1, 1, 1, 1), "reflect").shape == (0, 5, 6)


def test_integers_and_four_padded_dimensions_take_the_numpy_path():
    x = minigrad.arange(6).reshape(2, 3)
    np.testing.assert_array_equal(pad(x, (1, 1), "reflect").numpy(),
                                  np.pad(np.arange(6).reshape(2, 3), [(0, 0), (1, 1)], "reflect"))
    y = np.random.default_rng(1).standard_normal((2, 2, 2, 2))
    np.testing.assert_array_equal(pad(minigrad.tensor(y), (1,) * 8, value=2.0).numpy(),
                                  np.pad(y, 1, constant_values=2.0))


@pytest.mark.parametrize("mode", list(NUMPY_MODES))
def test_results_are_bit_identical_at_one_and_two_threads(mode):
    data = np.random.default_rng(2).standard_normal((4, 16, 20, 20)).astype(np.float32)
    results = []
    previous = minigrad.get_num_threads()
    try:
        for threads in (1, 2):
            minigrad.set_num_threads(threads)
            x = minigrad.tensor(data, requires_grad=True)
            out = pad(x, (3, 2, 1, 4), mode)
            out.backward(minigrad.tensor(np.cos(np.arange(out.numel())).reshape(out.shape)
                                         .astype(np.float32)))
            results.append((out.detach().numpy(), x.grad.numpy()))
    finally:
        minigrad.set_num_threads(previous)
    for a, b in itertools.pairwise(results):
        assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
