"""Samplers: the order in which a DataLoader visits a dataset's indices.

A sampler yields indices; a :class:`BatchSampler` groups them into batches.
The built-in samplers also produce a whole epoch's indices as one NumPy
array, which the DataLoader slices into batches without a Python loop per
sample.
"""
import numbers
from collections.abc import Iterator, Sequence

import numpy as np

from minigrad import random as _random

__all__ = [
    "BatchSampler",
    "DistributedSampler",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "SubsetRandomSampler",
]


class Sampler:
    """Base class of samplers: iterables of dataset indices, with a ``len``.

    Examples
    --------
    >>> from minigrad.data import DataLoader, Sampler, TensorDataset
    >>> import minigrad
    >>> class EvenFirst(Sampler):
    ...     def __init__(self, n):
    ...         self.n = n
    ...     def __iter__(self):
    ...         return iter(list(range(0, self.n, 2)) + list(range(1, self.n, 2)))
    ...     def __len__(self):
    ...         return self.n
    >>> data = TensorDataset(minigrad.arange(5))
    >>> [batch.tolist() for (batch,) in DataLoader(data, batch_size=3, sampler=EvenFirst(5))]
    [[0, 2, 4], [1, 3]]
    """

    def __iter__(self) -> Iterator[int]:
        raise NotImplementedError

    def _epoch_indices(self) -> np.ndarray:
        """One epoch's indices as an int64 array (subclasses may do this faster)."""
        return np.fromiter(iter(self), dtype=np.int64)


def _fast_path(obj, fast: str, slow: str):
    """``obj``'s method ``fast`` if it agrees with its method ``slow``, else None.

    A built-in class's fast method (whole-array indexing) reproduces its own
    ``slow`` method; a subclass that overrides only ``slow`` (a dataset adding
    augmentation to ``__getitem__``) must not be bypassed by the inherited
    fast method.
    """
    method = getattr(obj, fast, None)
    if method is None:
        return None
    mro = type(obj).__mro__
    fast_owner = next((k for k in mro if fast in k.__dict__), None)
    slow_owner = next((k for k in mro if slow in k.__dict__), None)
    if fast_owner is None or slow_owner is None or issubclass(fast_owner, slow_owner):
        return method
    return None


def _check_generator(owner, generator):
    if generator is not None and not isinstance(generator, np.random.Generator):
        raise TypeError(f"{owner}: generator must be a numpy.random.Generator or None, "
                        f"got {type(generator).__name__}")


class SequentialSampler(Sampler):
    """The indices ``0, 1, ..., len(data_source) - 1`` in order.

    Parameters
    ----------
    data_source : sized
        The dataset, or any object with a length; only ``len(data_source)`` is
        used, read again at each epoch.

    Examples
    --------
    >>> from minigrad.data import SequentialSampler
    >>> list(SequentialSampler(range(3)))
    [0, 1, 2]
    """

    def __init__(self, data_source):
        self.data_source = data_source

    def _epoch_indices(self):
        return np.arange(len(self.data_source), dtype=np.int64)

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """Random indices: a fresh permutation each epoch, or draws with replacement.

    Parameters
    ----------
    data_source : sized
        The dataset (only its length is used).
    replacement : bool, default False
        Draw indices independently (with repetitions) instead of permuting.
    num_samples : int, optional
        How many indices an epoch has; defaults to ``len(data_source)``.
        Without replacement, more than that chains several permutations.
    generator : numpy.random.Generator, optional
        Where the randomness comes from; by default minigrad's generator at
        the moment iteration starts, so ``minigrad.manual_seed`` makes the
        epochs reproducible.

    Examples
    --------
    >>> import numpy as np
    >>> from minigrad.data import RandomSampler
    >>> sorted(RandomSampler(range(4), generator=np.random.default_rng(0)))
    [0, 1, 2, 3]
    """

    def __init__(self, data_source, replacement: bool = False, num_samples: int | None = None,
                 generator: np.random.Generator | None = None):
        if not isinstance(replacement, bool):
            raise TypeError(f"RandomSampler: replacement should be a bool, got "
                            f"{type(replacement).__name__}")
        if num_samples is not None and (not isinstance(num_samples, numbers.Integral)
                                        or isinstance(num_samples, bool) or num_samples <= 0):
            raise ValueError(f"RandomSampler: num_samples should be a positive integer, "
                             f"got {num_samples!r}")
        _check_generator("RandomSampler", generator)
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator

    @property
    def num_samples(self) -> int:
        """The number of indices per epoch."""
        return len(self.data_source) if self._num_samples is None else int(self._num_samples)

    def _epoch_indices(self):
        gen = self.generator if self.generator is not None else _random.generator()
        n, count = len(self.data_source), self.num_samples
        if n == 0:
            return np.zeros(0, np.int64)
        if self.replacement:
            return gen.integers(0, n, size=count, dtype=np.int64)
        parts = [gen.permutation(n) for _ in range(count // n)]
        if count % n:
            parts.append(gen.permutation(n)[:count % n])
        return np.concatenate(parts).astype(np.int64, copy=False)

    def __iter__(self):
        return iter(self._epoch_indices().tolist())

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices in a random order, a new one each epoch.

    Parameters
    ----------
    indices : sequence of int
        The indices to visit, each once per epoch (a repeated index is visited
        as often as it is listed).
    generator : numpy.random.Generator, optional
        Where the permutations come from; by default minigrad's generator at the
        moment iteration starts, so :func:`minigrad.manual_seed` makes the
        epochs reproducible.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.data import SubsetRandomSampler
    >>> _ = minigrad.manual_seed(0)
    >>> sampler = SubsetRandomSampler([1, 4, 7])
    >>> len(sampler), sorted(sampler)
    (3, [1, 4, 7])
    """

    def __init__(self, indices: Sequence[int], generator: np.random.Generator | None = None):
        _check_generator("SubsetRandomSampler", generator)
        self.indices = np.asarray(indices, dtype=np.int64).reshape(-1)
        self.generator = generator

    def _epoch_indices(self):
        gen = self.generator if self.generator is not None else _random.generator()
        return self.indices[gen.permutation(len(self.indices))]

    def __iter__(self):
        return iter(self._epoch_indices().tolist())

    def __len__(self):
        return len(self.indices)


class BatchSampler(Sampler):
    """Group the indices of ``sampler`` into lists of ``batch_size``.

    Parameters
    ----------
    sampler : iterable of int
        The indices to group, in the order they come; usually a
        :class:`Sampler`, iterated anew each epoch.
    batch_size : int
        Indices per batch, a positive integer.
    drop_last : bool
        Drop the last batch if it is smaller than ``batch_size``.

    Examples
    --------
    >>> from minigrad.data import BatchSampler, SequentialSampler
    >>> list(BatchSampler(SequentialSampler(range(5)), batch_size=2, drop_last=False))
    [[0, 1], [2, 3], [4]]
    >>> list(BatchSampler(SequentialSampler(range(5)), batch_size=2, drop_last=True))
    [[0, 1], [2, 3]]
    """

    def __init__(self, sampler, batch_size: int, drop_last: bool):
        if not isinstance(batch_size, numbers.Integral) or isinstance(batch_size, bool) \
                or batch_size <= 0:
            raise ValueError(f"BatchSampler: batch_size should be a positive integer, "
                             f"got {batch_size!r}")
        if not isinstance(drop_last, bool):
            raise TypeError(f"BatchSampler: drop_last should be a bool, got "
                            f"{type(drop_last).__name__}")
        self.sampler = sampler
        self.batch_size = int(batch_size)
        self.drop_last = drop_last

    def _index_batches(self):
        """The batches as int64 arrays (what the DataLoader uses)."""
        epoch_indices = _fast_path(self.sampler, "_epoch_indices", "__iter__")
        if epoch_indices is not None:
            indices = epoch_indices()
        else:
            indices = np.fromiter(iter(self.sampler), dtype=np.int64)
        n, size = len(indices), self.batch_size
        stop = n - n % size if self.drop_last else n
        for start in range(0, stop, size):
            yield indices[start:start + size]

    def __iter__(self):
        for batch in self._index_batches():
            yield batch.tolist()

    def __len__(self):
        n = len(self.sampler)
        if self.drop_last:
            return n // self.batch_size
        return (n + self.batch_size - 1) // self.batch_size


class DistributedSampler(Sampler):
    """The part of a dataset that one rank of a distributed job visits.

    Each epoch's indices (a permutation when ``shuffle``, the same on every
    rank because it depends only on ``seed + epoch``) are padded by repeating
    their start, or truncated when ``drop_last``, to a multiple of
    ``num_replicas``; rank ``r`` takes every ``num_replicas``-th index from
    position ``r``. The ranks' parts are disjoint (apart from the padding)
    and together cover the dataset. Call :meth:`set_epoch` at the start of
    every epoch so that the permutation changes.

    Parameters
    ----------
    dataset : sized
        The dataset (only its length is used).
    num_replicas : int, optional
        The number of ranks; by default the world size of the default
        process group (:mod:`minigrad.distributed`).
    rank : int, optional
        This process's rank; by default its rank in the default group.
    shuffle : bool, default True
        Permute the indices each epoch.
    seed : int, default 0
        The permutation's seed, which must be the same on every rank.
    drop_last : bool, default False
        Drop the tail of the data instead of padding it, so that every rank
        gets the same number of indices.

    Raises
    ------
    ValueError
        If ``rank`` is not in ``[0, num_replicas - 1]`` or ``num_replicas``
        is not positive.

    Examples
    --------
    >>> from minigrad.data import DistributedSampler
    >>> [list(DistributedSampler(range(5), num_replicas=2, rank=r, shuffle=False))
    ...  for r in (0, 1)]
    [[0, 2, 4], [1, 3, 0]]
    >>> sampler = DistributedSampler(range(5), num_replicas=2, rank=0, drop_last=True)
    >>> len(sampler)
    2
    """

    def __init__(self, dataset, num_replicas: int | None = None, rank: int | None = None,
                 shuffle: bool = True, seed: int = 0, drop_last: bool = False):
        if num_replicas is None or rank is None:
            from minigrad import distributed as dist
            if num_replicas is None:
                num_replicas = dist.get_world_size()
            if rank is None:
                rank = dist.get_rank()
        if not isinstance(num_replicas, numbers.Integral) or isinstance(num_replicas, bool) \
                or num_replicas <= 0:
            raise ValueError(f"DistributedSampler: num_replicas should be a positive integer, "
                             f"got {num_replicas!r}")
        if not isinstance(rank, numbers.Integral) or isinstance(rank, bool) \
                or not 0 <= rank < num_replicas:
            raise ValueError(f"DistributedSampler: invalid rank {rank!r}, rank should be in the "
                             f"interval [0, {num_replicas - 1}]")
        self.dataset = dataset
        self.num_replicas = int(num_replicas)
        self.rank = int(rank)
        self.shuffle = shuffle
        self.seed = seed
        self.drop_last = drop_last
        self.epoch = 0
        n = len(dataset)
        if drop_last:
            self.num_samples = n // self.num_replicas
        else:
            self.num_samples = -(-n // self.num_replicas)
        self.total_size = self.num_samples * self.num_replicas

    def set_epoch(self, epoch: int) -> None:
        """Use the permutation of epoch ``epoch`` (``seed + epoch`` seeds it)."""
        self.epoch = epoch

    def _epoch_indices(self):
        n = len(self.dataset)
        if self.shuffle:
            indices = np.random.default_rng(self.seed + self.epoch).permutation(n)
        else:
            indices = np.arange(n)
        if self.total_size > n:
            indices = np.resize(indices, self.total_size)  # repeats from the start
        indices = indices[:self.total_size]
        return indices[self.rank::self.num_replicas].astype(np.int64, copy=False)

    def __iter__(self):
        return iter(self._epoch_indices().tolist())

    def __len__(self):
        return self.num_samples
