import numpy as np
import pytest

import minigrad
from minigrad.data import (
    BatchSampler,
    RandomSampler,
    SequentialSampler,
    SubsetRandomSampler,
)


def test_sequential_sampler_counts_up():
    assert list(SequentialSampler(range(4))) == [0, 1, 2, 3]


def test_random_sampler_is_a_permutation_reproducible_from_the_generator():
    a = list(RandomSampler(range(10), generator=np.random.default_rng(3)))
    b = list(RandomSampler(range(10), generator=np.random.default_rng(3)))
    assert a == b and sorted(a) == list(range(10)) and a != list(range(10))


def test_random_sampler_defaults_to_minigrads_generator():
    sampler = RandomSampler(range(10))
    minigrad.manual_seed(9)
    first = list(sampler)
    minigrad.manual_seed(9)
    assert list(sampler) == first


def test_random_sampler_num_samples_chains_permutations_without_replacement():
    got = list(RandomSampler(range(4), num_samples=10, generator=np.random.default_rng(0)))
    assert len(got) == 10
    assert sorted(got[:4]) == sorted(got[4:8]) == [0, 1, 2, 3]


def test_random_sampler_with_replacement_draws_in_range():
    got = list(RandomSampler(range(3), replacement=True, num_samples=50,
                             generator=np.random.default_rng(0)))
    assert len(got) == 50 and set(got) == {0, 1, 2}


def test_subset_random_sampler_permutes_the_given_indices():
    got = list(SubsetRandomSampler([5, 7, 9], generator=np.random.default_rng(1)))
    assert sorted(got) == [5, 7, 9] and len(SubsetRandomSampler([5, 7, 9])) == 3


@pytest.mark.parametrize("make, error, match", [
    (lambda: RandomSampler(range(3), replacement=1), TypeError, "replacement should be a bool"),
    (lambda: RandomSampler(range(3), num_samples=0), ValueError, ("num_samples should be a "
                                                                 "positive integer")),
    (lambda: RandomSampler(range(3), generator=1), TypeError, "generator must be a numpy"),
    (lambda: BatchSampler(range(3), batch_size=0, drop_last=False), ValueError,
     "batch_size should be a positive integer"),
    (lambda: BatchSampler(range(3), batch_size=2, drop_last=None), TypeError,
     "drop_last should be a bool"),
])
def test_samplers_reject_bad_arguments(make, error, match):
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize("n, size, drop_last, expected", [(7, 3, False, 3), (7, 3, True, 2),
                                                          (6, 3, True, 2), (0, 3, False, 0)])
def test_batch_sampler_len_counts_batches(n, size, drop_last, expected):
    sampler = BatchSampler(SequentialSampler(range(n)), size, drop_last)
    assert len(sampler) == expected == len(list(sampler))


def test_distributed_sampler_splits_the_epoch_into_disjoint_strided_parts():
    from minigrad.data import DistributedSampler
    parts = [list(DistributedSampler(range(10), num_replicas=3, rank=r, seed=5)) for r in range(3)]
    epoch = np.random.default_rng(5).permutation(10).tolist()
    padded = epoch + epoch[:2]  # padded to 12 = 3 ranks x 4 by repeating the start
    assert parts == [padded[0::3], padded[1::3], padded[2::3]]
    assert [len(DistributedSampler(range(10), num_replicas=3, rank=r)) for r in range(3)] == [4] * 3


def test_distributed_sampler_drop_last_truncates_and_set_epoch_reshuffles():
    from minigrad.data import DistributedSampler
    a = DistributedSampler(range(10), num_replicas=3, rank=1, drop_last=True)
    assert len(a) == 3 and list(a) == np.random.default_rng(0).permutation(10)[:9][1::3].tolist()
    first = list(a)
    a.set_epoch(1)
    assert list(a) == np.random.default_rng(1).permutation(10)[:9][1::3].tolist() != first
    ordered = DistributedSampler(range(7), num_replicas=2, rank=1, shuffle=False)
    assert list(ordered) == [1, 3, 5, 0]


def test_distributed_sampler_feeds_a_dataloader():
    from minigrad.data import DataLoader, DistributedSampler, TensorDataset
    data = TensorDataset(minigrad.arange(8))
    loader = DataLoader(data, batch_size=2,
                        sampler=DistributedSampler(data, num_replicas=2, rank=0, shuffle=False))
    assert [b.tolist() for (b,) in loader] == [[0, 2], [4, 6]]


def test_distributed_sampler_checks_its_rank():
    from minigrad.data import DistributedSampler
    with pytest.raises(ValueError, match=r"invalid rank 2, rank should be in the interval \[0, 1\]"):
        DistributedSampler(range(4), num_replicas=2, rank=2)
    with pytest.raises(ValueError, match="num_replicas should be a positive integer"):
        DistributedSampler(range(4), num_replicas=0, rank=0)
