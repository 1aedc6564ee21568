"""embedding, one_hot and nn.Embedding: lookups, gradients by scatter-add, options of PyTorch."""
import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad import nn
from minigrad.autograd import gradcheck


def _table(rows=5, cols=3, seed=0):
    values = np.random.default_rng(seed).normal(size=(rows, cols))
    return minigrad.tensor(values, dtype=minigrad.float64, requires_grad=True)


def test_embedding_gathers_rows_and_accumulates_repeated_indices():
    weight = _table()
    idx = np.array([[0, 2, 2], [4, 2, 0]])
    out = F.embedding(minigrad.tensor(idx), weight)
    np.testing.assert_array_equal(out.detach().numpy(), weight.detach().numpy()[idx])
    grad = np.random.default_rng(1).normal(size=out.shape)
    (out * minigrad.tensor(grad)).sum().backward()
    expected = np.zeros((5, 3))
    np.add.at(expected, idx.ravel(), grad.reshape(-1, 3))
    np.testing.assert_allclose(weight.grad.numpy(), expected)


def test_embedding_gradcheck():
    idx = minigrad.tensor([[0, 2, 2], [4, 2, 1]])
    assert gradcheck(lambda w: F.embedding(idx, w), [_table()])


@pytest.mark.parametrize("padding_idx, scale", [(2, False), (None, True), (-1, True)])
def test_padding_idx_and_scale_grad_by_freq_change_the_true_gradient_as_pytorch(padding_idx,
                                                                               scale):
    # Not the derivative any more (gradcheck would fail on purpose): the row of
    # padding_idx gets 0, and each row's gradient is divided by its count.
    idx = np.array([[0, 2, 2], [4, 2, 1]])
    weight = _table()
    out = F.embedding(minigrad.tensor(idx), weight, padding_idx=padding_idx,
                      scale_grad_by_freq=scale)
    grad = np.random.default_rng(2).normal(size=out.shape)
    (out * minigrad.tensor(grad)).sum().backward()
    expected = np.zeros((5, 3))
    np.add.at(expected, idx.ravel(), grad.reshape(-1, 3))
    if scale:
        expected /= np.maximum(np.bincount(idx.ravel(), minlength=5), 1)[:, None]
    if padding_idx is not None:
        expected[padding_idx] = 0
    np.testing.assert_allclose(weight.grad.numpy(), expected)


def test_padding_idx_row_gets_no_gradient_and_counts_divide_with_scale_grad_by_freq():
    weight = _table()
    F.embedding(minigrad.tensor([1, 1, 1, 3]), weight, padding_idx=3,
                scale_grad_by_freq=True).sum().backward()
    np.testing.assert_allclose(weight.grad.numpy()[:, 0], [0, 1, 0, 0, 0])


def test_max_norm_renormalizes_the_looked_up_rows_in_place():
    weight = minigrad.tensor([[3.0, 4.0], [0.3, 0.4], [6.0, 8.0]])
    out = F.embedding(minigrad.tensor([0, 1]), weight, max_norm=1.0)
    np.testing.assert_allclose(np.linalg.norm(weight.numpy(), axis=1), [1.0, 0.5, 10.0],
                               rtol=1e-5)
    np.testing.assert_allclose(out.numpy(), weight.numpy()[[0, 1]])


def test_embedding_rejects_bad_indices_and_options():
    weight = _table()
    with pytest.raises(IndexError, match="embedding: index 5 is out of range for a weight of 5"):
        F.embedding(minigrad.tensor([1, 5]), weight)
    with pytest.raises(TypeError, match="embedding: expected an integer tensor of indices"):
        F.embedding(minigrad.tensor([1.0]), weight)
    with pytest.raises(ValueError, match="embedding: padding_idx must be within num_embeddings"):
        F.embedding(minigrad.tensor([1]), weight, padding_idx=5)
    with pytest.raises(ValueError, match="Embedding: padding_idx must be within num_embeddings"):
        nn.Embedding(5, 3, padding_idx=5)
    with pytest.raises(ValueError, match="sparse gradients are not supported"):
        nn.Embedding(5, 3, sparse=True)


def test_embedding_layer_zeroes_the_padding_row_and_keeps_it_out_of_training():
    torch_like = nn.Embedding(6, 4, padding_idx=-2)
    assert torch_like.padding_idx == 4
    assert np.all(torch_like.weight._data[4] == 0)
    torch_like(minigrad.tensor([4, 1])).sum().backward()
    assert np.all(torch_like.weight.grad._data[4] == 0)
    assert np.all(torch_like.weight.grad._data[1] == 1)
    assert repr(torch_like) == "Embedding(6, 4, padding_idx=4)"


def test_from_pretrained_shares_the_table_and_freezes_it_by_default():
    table = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    frozen = nn.Embedding.from_pretrained(table)
    assert not frozen.weight.requires_grad
    table._data[0, 0] = 7.0
    assert frozen(minigrad.tensor([0])).tolist() == [[7.0, 2.0]]
    assert nn.Embedding.from_pretrained(table, freeze=False).weight.requires_grad
    with pytest.raises(ValueError, match="expected to be 2-dimensional"):
        nn.Embedding.from_pretrained(minigrad.zeros(3))


def test_one_hot_encodes_indices_as_int64():
    out = F.one_hot(minigrad.tensor([[0, 2], [1, 1]]), 4)
    assert out.dtype == minigrad.int64 and out.shape == (2, 2, 4)
    np.testing.assert_array_equal(out.numpy(), np.eye(4, dtype=np.int64)[[[0, 2], [1, 1]]])
    assert F.one_hot(minigrad.tensor([0, 3])).shape == (2, 4)


def test_one_hot_rejects_indices_out_of_range():
    with pytest.raises(ValueError, match="one_hot: class values must be smaller than num_classes"):
        F.one_hot(minigrad.tensor([0, 3]), 3)
    with pytest.raises(ValueError, match="one_hot: class values must be non-negative"):
        F.one_hot(minigrad.tensor([-1, 0]))
    with pytest.raises(TypeError, match="one_hot: expected an integer tensor"):
        F.one_hot(minigrad.tensor([0.0]))
