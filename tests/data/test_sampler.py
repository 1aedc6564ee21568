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
