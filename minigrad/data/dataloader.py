"""The DataLoader: batches of a dataset, in order or shuffled, collated into tensors.

Loading runs in the main process. When the default collation is in use and
the dataset has a ``get_batch(indices)`` method (every
:class:`~minigrad.data.Dataset` does; :class:`~minigrad.data.TensorDataset`
and :class:`~minigrad.data.MNIST` index their arrays with the whole batch at
once), a batch is one call instead of one ``__getitem__`` per sample.
"""
import collections.abc
import numbers
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from minigrad.data.sampler import (
    BatchSampler,
    RandomSampler,
    SequentialSampler,
    _check_generator,
    _fast_path,
)
from minigrad.tensor import Tensor

__all__ = ["DataLoader", "default_collate"]


def default_collate(batch):
    """Stack a list of samples into a batch, recursing into tuples, lists and dicts.

    Tensors and NumPy arrays are stacked along a new first dimension into a
    Tensor (keeping their dtype); Python ints become an int64 tensor, floats
    float64 (as in PyTorch), bools bool, NumPy scalars keep their dtype;
    strings are returned as a list. A sample that is a tuple or list gives a
    *list* of collated fields, a dict a dict, a named tuple a named tuple.

    Stacking copies the values out of the samples and records nothing on the
    autograd tape.

    Parameters
    ----------
    batch : sequence
        The samples to stack, at least one, all with the same structure (a
        tensor, array, number, string, tuple, list, named tuple or dict) and,
        for tensors and arrays, the same shape.

    Returns
    -------
    The batch, with the structure of one sample.

    Raises
    ------
    ValueError
        If the batch is empty or samples have different shapes.
    TypeError
        For a sample type it cannot collate.

    Examples
    --------
    >>> import numpy as np
    >>> from minigrad.data import default_collate
    >>> x, y = default_collate([(np.zeros(2, np.float32), 1), (np.ones(2, np.float32), 0)])
    >>> x
    tensor([[0., 0.],
            [1., 1.]])
    >>> y
    tensor([1, 0])
    """
    if len(batch) == 0:
        raise ValueError("default_collate: the batch is empty")
    elem = batch[0]
    if isinstance(elem, (Tensor, np.ndarray)):
        arrays = [b._data if isinstance(b, Tensor) else b for b in batch]
        if arrays[0].dtype.kind not in "biuf":
            raise TypeError(f"default_collate: cannot collate arrays of dtype {arrays[0].dtype}")
        shapes = {a.shape for a in arrays}
        if len(shapes) > 1:
            raise ValueError(f"default_collate: stack expects each sample to have the same shape, "
                             f"got shapes {sorted(list(s) for s in shapes)}")
        return Tensor._make(np.stack(arrays), False)
    if isinstance(elem, np.generic):
        if elem.dtype.kind not in "biuf":
            raise TypeError(f"default_collate: cannot collate NumPy scalars of dtype {elem.dtype}")
        return Tensor._make(np.array(batch), False)
    if isinstance(elem, bool):
        return Tensor._make(np.array(batch, dtype=np.bool_), False)
    if isinstance(elem, numbers.Integral):
        return Tensor._make(np.array(batch, dtype=np.int64), False)
    if isinstance(elem, numbers.Real):
        return Tensor._make(np.array(batch, dtype=np.float64), False)
    if isinstance(elem, (str, bytes)):
        return list(batch)
    if isinstance(elem, collections.abc.Mapping):
        collated = {key: default_collate([sample[key] for sample in batch]) for key in elem}
        try:
            return type(elem)(collated)
        except TypeError:
            return collated
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(list(field)) for field in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(sample) != size for sample in batch):
            raise ValueError("default_collate: each element in list of batch should be of "
                             "equal size")
        return [default_collate(list(field)) for field in zip(*batch)]
    raise TypeError(f"default_collate: batch must contain tensors, NumPy arrays, numbers, "
                    f"dicts or lists; found {type(elem).__name__}")


def _default_convert(sample):
    """Arrays to tensors, recursively (for ``batch_size=None``)."""
    if isinstance(sample, np.ndarray) and sample.dtype.kind in "biuf":
        return Tensor._make(sample, False)
    if isinstance(sample, collections.abc.Mapping):
        return {key: _default_convert(value) for key, value in sample.items()}
    if isinstance(sample, tuple) and hasattr(sample, "_fields"):
        return type(sample)(*(_default_convert(v) for v in sample))
    if isinstance(sample, (tuple, list)):
        return type(sample)(_default_convert(v) for v in sample)
    return sample


class DataLoader:
    """Iterate over a dataset in batches.

    Parameters
    ----------
    dataset : Dataset or any object with ``__getitem__`` and ``__len__``
        Where the samples come from: ``dataset[i]`` for ``i`` in
        ``range(len(dataset))``.
    batch_size : int or None, default 1
        Samples per batch, a positive integer; None yields single samples
        without collation.
    shuffle : bool, default False
        Visit the samples in a new random order each epoch; cannot be combined
        with ``sampler``.
    sampler : Sampler or iterable of int, optional
        The order of the indices, replacing the sequential or shuffled default;
        cannot be combined with ``shuffle``.
    batch_sampler : iterable of lists of int, optional
        Yields whole batches of indices; cannot be combined with ``batch_size``
        (other than its default), ``shuffle``, ``sampler`` or ``drop_last``.
    num_workers : int, default 0
        Accepted for compatibility, non-negative; loading always runs in the
        main process (a value above 0 gives a warning).
    collate_fn : callable, optional
        Turns a list of samples into a batch; by default
        :func:`default_collate`, which stacks tensors, arrays and numbers along
        a new first dimension and recurses into tuples, lists and dicts.
    pin_memory : bool, default False
        Accepted for compatibility and ignored (minigrad runs on the CPU).
    drop_last : bool, default False
        Drop the last batch if it is smaller than ``batch_size``, so that every
        batch has the same size.
    generator : numpy.random.Generator, optional
        The source of the shuffling order; by default minigrad's generator
        (seeded by :func:`minigrad.manual_seed`), read when each epoch starts.

    Raises
    ------
    ValueError
        For a ``batch_size`` that is not a positive integer, a negative
        ``num_workers``, or options that exclude each other.

    Notes
    -----
    With the default ``collate_fn``, a dataset that defines
    ``get_batch(indices)`` (an int64 array) is asked for whole batches; the
    result must equal ``default_collate([dataset[i] for i in indices])``. A
    subclass that overrides ``__getitem__`` but not ``get_batch`` is loaded
    item by item, so its ``__getitem__`` is always honoured.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.data import DataLoader, TensorDataset
    >>> ds = TensorDataset(minigrad.arange(10).float(), minigrad.arange(10))
    >>> loader = DataLoader(ds, batch_size=4)
    >>> len(loader)
    3
    >>> [y.tolist() for _, y in loader]
    [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    """

    def __init__(self, dataset, batch_size: int | None = 1, shuffle: bool = False,
                 sampler=None, batch_sampler=None, num_workers: int = 0,
                 collate_fn: Callable[[list], Any] | None = None, pin_memory: bool = False,
                 drop_last: bool = False, generator: np.random.Generator | None = None):
        if batch_size is not None and (not isinstance(batch_size, numbers.Integral)
                                       or isinstance(batch_size, bool) or batch_size <= 0):
            raise ValueError(f"DataLoader: batch_size should be a positive integer or None, "
                             f"got {batch_size!r}")
        if not isinstance(num_workers, numbers.Integral) or num_workers < 0:
            raise ValueError(f"DataLoader: num_workers option should be non-negative, "
                             f"got {num_workers!r}")
        if num_workers > 0:
            warnings.warn("DataLoader: minigrad loads data in the main process; num_workers is "
                          "ignored", stacklevel=2)
        if collate_fn is not None and not callable(collate_fn):
            raise TypeError(f"DataLoader: collate_fn must be callable, got "
                            f"{type(collate_fn).__name__}")
        _check_generator("DataLoader", generator)
        if sampler is not None and shuffle:
            raise ValueError("DataLoader: sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("DataLoader: batch_sampler option is mutually exclusive with "
                                 "batch_size, shuffle, sampler, and drop_last")
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError("DataLoader: batch_size=None option disables auto-batching and is "
                             "mutually exclusive with drop_last")
        if sampler is None:
            sampler = (RandomSampler(dataset, generator=generator) if shuffle
                       else SequentialSampler(dataset))
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.num_workers = num_workers
        self.collate_fn = collate_fn
        self.pin_memory = pin_memory
        self.generator = generator

    def __len__(self) -> int:
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return len(self.sampler)

    def __iter__(self):
        if self.batch_sampler is None:
            convert = self.collate_fn or _default_convert
            for index in self.sampler:
                yield convert(self.dataset[index])
            return
        index_batches = _fast_path(self.batch_sampler, "_index_batches", "__iter__")
        batches = index_batches() if index_batches is not None else self.batch_sampler
        get_batch = None
        if self.collate_fn is None:
            get_batch = _fast_path(self.dataset, "get_batch", "__getitem__")
        collate = self.collate_fn or default_collate
        dataset = self.dataset
        for indices in batches:
            if get_batch is not None:
                yield get_batch(np.asarray(indices, dtype=np.int64))
            else:
                items = indices.tolist() if isinstance(indices, np.ndarray) else indices
                yield collate([dataset[i] for i in items])

    def __repr__(self):
        return (f"DataLoader(dataset={type(self.dataset).__name__}, batch_size={self.batch_size}, "
                f"sampler={type(self.sampler).__name__}, drop_last={self.drop_last})")
