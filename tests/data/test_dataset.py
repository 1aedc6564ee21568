import numpy as np
import pytest

import minigrad
from minigrad.data import ConcatDataset, Dataset, Subset, TensorDataset, random_split


def test_tensor_dataset_items_are_rows_of_each_tensor():
    ds = TensorDataset(minigrad.tensor([[1.0, 2.0], [3.0, 4.0]]), np.array([7, 8]))
    x, y = ds[1]
    assert len(ds) == 2
    assert x.tolist() == [3.0, 4.0] and y.item() == 8


def test_tensor_dataset_get_batch_indexes_all_tensors_at_once():
    ds = TensorDataset(minigrad.arange(5).float(), minigrad.arange(5) * 10)
    x, y = ds.get_batch(np.array([4, 0, 2]))
    assert x.tolist() == [4.0, 0.0, 2.0] and y.tolist() == [40, 0, 20]


@pytest.mark.parametrize("tensors, error, match", [
    ((), ValueError, "expected at least one tensor"),
    ((minigrad.ones(3), minigrad.ones(4)), ValueError,
     r"size mismatch between tensors: first dimensions are \[3, 4\]"),
    ((minigrad.tensor(1.0),), ValueError, "tensor 0 is 0-d"),
    (([1, 2],), TypeError, "argument 0 must be a Tensor or a NumPy array"),
])
def test_tensor_dataset_rejects_bad_tensors(tensors, error, match):
    with pytest.raises(error, match=match):
        TensorDataset(*tensors)


def test_dataset_base_requires_getitem_and_len():
    with pytest.raises(NotImplementedError, match="must implement __getitem__"):
        Dataset()[0]
    with pytest.raises(NotImplementedError, match="must implement __len__"):
        len(Dataset())


def test_subset_maps_indices_and_batches_through_the_parent():
    ds = TensorDataset(minigrad.arange(10))
    sub = Subset(ds, [9, 3, 5])
    assert len(sub) == 3 and sub[0][0].item() == 9
    assert [item[0].item() for item in sub[[2, 1]]] == [5, 3]
    (batch,) = sub.get_batch(np.array([2, 0]))
    assert batch.tolist() == [5, 9]


def test_subset_of_a_plain_list_collates_item_by_item():
    sub = Subset([1.0, 2.0, 3.0], [2, 0])
    assert sub.get_batch(np.array([0, 1])).tolist() == [3.0, 1.0]


def test_concat_dataset_chains_datasets_and_supports_negative_indices():
    ds = ConcatDataset([[1, 2], [3], [4, 5]])
    assert len(ds) == 5
    assert [ds[i] for i in range(5)] == [1, 2, 3, 4, 5] and ds[-1] == 5
    assert len(TensorDataset(minigrad.ones(2)) + TensorDataset(minigrad.ones(3))) == 5
    with pytest.raises(IndexError, match="index 5 out of range for length 5"):
        ds[5]
    with pytest.raises(ValueError, match="should not be an empty iterable"):
        ConcatDataset([])


def test_random_split_by_lengths_partitions_the_dataset_reproducibly():
    parts = random_split(range(10), [3, 7], generator=np.random.default_rng(0))
    again = random_split(range(10), [3, 7], generator=np.random.default_rng(0))
    assert [len(p) for p in parts] == [3, 7]
    assert sorted(list(parts[0]) + list(parts[1])) == list(range(10))
    assert list(parts[0]) == list(again[0])


def test_random_split_by_fractions_hands_out_the_remainder_in_order():
    parts = random_split(range(10), [0.33, 0.33, 0.34], generator=np.random.default_rng(0))
    # floor gives 3, 3, 3; the leftover sample goes to the first subset.
    assert [len(p) for p in parts] == [4, 3, 3]


def test_random_split_defaults_to_minigrads_generator():
    minigrad.manual_seed(4)
    first = [list(p) for p in random_split(range(6), [2, 4])]
    minigrad.manual_seed(4)
    assert [list(p) for p in random_split(range(6), [2, 4])] == first


@pytest.mark.parametrize("lengths, match", [
    ([3, 3], r"sum of input lengths \(6\) does not equal the length of the input dataset \(10\)"),
    ([0.5, 0.4], "fractional lengths must sum to 1"),
    ([-1, 11], "lengths must be non-negative numbers"),
])
def test_random_split_rejects_lengths_that_do_not_add_up(lengths, match):
    with pytest.raises(ValueError, match=match):
        random_split(range(10), lengths)
