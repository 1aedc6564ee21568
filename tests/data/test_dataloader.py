import collections

import numpy as np
import pytest

import minigrad
from minigrad.data import (
    BatchSampler,
    DataLoader,
    Dataset,
    SequentialSampler,
    TensorDataset,
    default_collate,
)


def _dataset(n=10):
    x = minigrad.tensor(np.arange(n * 2, dtype=np.float32).reshape(n, 2))
    return TensorDataset(x, minigrad.arange(n))


class Squares(Dataset):
    """A dataset with only ``__getitem__``: batches come from the default get_batch."""

    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        return {"x": np.full(3, i, np.float32), "y": i * i, "name": f"item{i}"}

    def __len__(self):
        return self.n


def _labels(loader):
    return [y.tolist() for _, y in loader]


# ---------------------------------------------------------------------- batching
@pytest.mark.parametrize("batch_size, drop_last, sizes", [
    (4, False, [4, 4, 2]), (4, True, [4, 4]), (5, True, [5, 5]), (1, False, [1] * 10),
    (16, False, [10]), (16, True, []),
])
def test_dataloader_batch_sizes_and_len(batch_size, drop_last, sizes):
    loader = DataLoader(_dataset(), batch_size=batch_size, drop_last=drop_last)
    assert len(loader) == len(sizes)
    assert [len(y) for _, y in loader] == sizes


def test_dataloader_without_shuffle_keeps_the_dataset_order():
    x, y = next(iter(DataLoader(_dataset(), batch_size=3)))
    np.testing.assert_array_equal(x._data, [[0, 1], [2, 3], [4, 5]])
    assert y.dtype == np.int64 and y.tolist() == [0, 1, 2]


def test_shuffle_is_reproducible_under_manual_seed_and_differs_between_epochs():
    loader = DataLoader(_dataset(20), batch_size=6, shuffle=True)
    minigrad.manual_seed(42)
    first, second = _labels(loader), _labels(loader)
    minigrad.manual_seed(42)
    assert _labels(loader) == first and _labels(loader) == second
    assert first != second
    assert sorted([i for batch in first for i in batch]) == list(range(20))


def test_shuffle_draws_from_the_given_generator_only():
    loader = DataLoader(_dataset(20), batch_size=6, shuffle=True,
                        generator=np.random.default_rng(5))
    expected = np.random.default_rng(5).permutation(20).tolist()
    state = minigrad.get_rng_state()
    assert [i for batch in _labels(loader) for i in batch] == expected
    assert minigrad.get_rng_state() == state


def test_fast_batches_equal_item_by_item_collation_for_a_tensor_dataset():
    ds = _dataset(13)
    minigrad.manual_seed(1)
    fast = list(DataLoader(ds, batch_size=4, shuffle=True))
    minigrad.manual_seed(1)
    slow = list(DataLoader(ds, batch_size=4, shuffle=True, collate_fn=default_collate))
    for a, b in zip(fast, slow):
        assert isinstance(a, list) and isinstance(b, list)
        for ta, tb in zip(a, b):
            assert ta.dtype == tb.dtype
            np.testing.assert_array_equal(ta._data, tb._data)


def test_a_dataset_with_only_getitem_is_collated_item_by_item():
    x = next(iter(DataLoader(Squares(5), batch_size=3)))
    assert set(x) == {"x", "y", "name"}
    assert x["x"].shape == (3, 3) and x["x"].dtype == np.float32
    assert x["y"].tolist() == [0, 1, 4] and x["y"].dtype == np.int64
    assert x["name"] == ["item0", "item1", "item2"]


def test_a_plain_list_is_a_dataset_too():
    loader = DataLoader([(1.5, 1), (2.5, 0), (3.5, 1)], batch_size=2)
    values, labels = next(iter(loader))
    assert values.dtype == np.float64 and values.tolist() == [1.5, 2.5]
    assert labels.tolist() == [1, 0]


def test_custom_collate_fn_receives_the_list_of_samples():
    loader = DataLoader(Squares(4), batch_size=2, collate_fn=lambda items: [s["y"] for s in items])
    assert list(loader) == [[0, 1], [4, 9]]


def test_batch_size_none_yields_single_samples_with_arrays_as_tensors():
    items = list(DataLoader(Squares(2), batch_size=None))
    assert len(items) == 2
    assert isinstance(items[1]["x"], minigrad.Tensor) and items[1]["y"] == 1


def test_sampler_sets_the_order():
    loader = DataLoader(_dataset(), batch_size=3, sampler=[9, 0, 5, 2])
    assert _labels(loader) == [[9, 0, 5], [2]]
    assert len(loader) == 2


def test_batch_sampler_sets_whole_batches():
    loader = DataLoader(_dataset(), batch_sampler=[[3, 1], [0], [7, 8, 9]])
    assert _labels(loader) == [[3, 1], [0], [7, 8, 9]]
    assert len(loader) == 3


def test_num_workers_loads_the_same_batches_in_worker_processes(recwarn):
    loader = DataLoader(_dataset(), batch_size=5, num_workers=2)
    assert _labels(loader) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert len(recwarn) == 0


@pytest.mark.parametrize("kwargs, error, match", [
    ({"batch_size": 0}, ValueError, "batch_size should be a positive integer or None"),
    ({"batch_size": 2.5}, ValueError, "batch_size should be a positive integer"),
    ({"shuffle": True, "sampler": [0, 1]}, ValueError, "mutually exclusive with shuffle"),
    ({"batch_sampler": [[0]], "batch_size": 4}, ValueError, "batch_sampler option is mutually"),
    ({"batch_sampler": [[0]], "drop_last": True}, ValueError, "batch_sampler option is mutually"),
    ({"batch_size": None, "drop_last": True}, ValueError, "mutually exclusive with drop_last"),
    ({"num_workers": -1}, ValueError, "num_workers option should be non-negative"),
    ({"collate_fn": "stack"}, TypeError, "collate_fn must be callable"),
    ({"shuffle": True, "generator": 3}, TypeError, "generator must be a numpy.random.Generator"),
])
def test_dataloader_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        DataLoader(_dataset(), **kwargs)


# ---------------------------------------------------------------------- default_collate
def test_default_collate_stacks_tensors_arrays_and_numbers_keeping_dtypes():
    batch = default_collate([(minigrad.tensor([1, 2], dtype=np.int32), np.ones(2, np.float32),
                              np.float32(0.5), True, 3, 2.0)] * 3)
    assert [t.dtype for t in batch] == [np.int32, np.float32, np.float32, np.bool_, np.int64,
                                        np.float64]
    assert batch[0].shape == (3, 2) and batch[4].tolist() == [3, 3, 3]


def test_default_collate_keeps_named_tuples_and_transposes_lists():
    Pair = collections.namedtuple("Pair", "x y")
    out = default_collate([Pair(1, [2.0, 3.0]), Pair(4, [5.0, 6.0])])
    assert isinstance(out, Pair)
    assert out.x.tolist() == [1, 4]
    assert [t.tolist() for t in out.y] == [[2.0, 5.0], [3.0, 6.0]]


@pytest.mark.parametrize("batch, error, match", [
    ([], ValueError, "the batch is empty"),
    ([np.zeros(2), np.zeros(3)], ValueError, r"same shape, got shapes \[\[2\], \[3\]\]"),
    ([[1, 2], [3]], ValueError, "each element in list of batch should be of equal size"),
    ([object()], TypeError, "found object"),
    ([np.array(["a"])], TypeError, "cannot collate arrays of dtype <U1"),
])
def test_default_collate_rejects_what_it_cannot_stack(batch, error, match):
    with pytest.raises(error, match=match):
        default_collate(batch)


def test_batch_sampler_lists_index_batches():
    batches = list(BatchSampler(SequentialSampler(range(7)), batch_size=3, drop_last=False))
    assert batches == [[0, 1, 2], [3, 4, 5], [6]]
    assert all(type(i) is int for b in batches for i in b)


# ---------------------------------------------------------------------- subclasses
def test_a_subclass_overriding_getitem_is_not_bypassed_by_the_fast_batch_path():
    class Doubled(TensorDataset):
        def __getitem__(self, i):
            x, y = super().__getitem__(i)
            return x * 2, y

    x, _ = next(iter(DataLoader(Doubled(minigrad.ones(4, 2), minigrad.arange(4)), batch_size=4)))
    np.testing.assert_array_equal(x._data, np.full((4, 2), 2.0))


def test_a_sampler_subclass_overriding_iter_is_honoured():
    class Reversed(SequentialSampler):
        def __iter__(self):
            return iter(range(len(self.data_source) - 1, -1, -1))

    loader = DataLoader(_dataset(5), batch_size=2, sampler=Reversed(range(5)))
    assert _labels(loader) == [[4, 3], [2, 1], [0]]


def test_a_batch_sampler_subclass_overriding_iter_is_honoured():
    class Pairs(BatchSampler):
        def __iter__(self):
            yield [0, 4]
            yield [2, 2]

    loader = DataLoader(_dataset(5), batch_sampler=Pairs(range(5), 2, False))
    assert _labels(loader) == [[0, 4], [2, 2]]
