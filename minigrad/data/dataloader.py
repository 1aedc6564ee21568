"""The DataLoader: batches of a dataset, in order or shuffled, collated into tensors.

With ``num_workers=0`` loading runs in the main process; otherwise worker
processes fetch and collate the batches (see :mod:`minigrad.data._workers`).
When the default collation is in use and the dataset has a
``get_batch(indices)`` method (every :class:`~minigrad.data.Dataset` does;
:class:`~minigrad.data.TensorDataset` and :class:`~minigrad.data.MNIST`
index their arrays with the whole batch at once), a batch is one call
instead of one ``__getitem__`` per sample.
"""
import collections.abc
import multiprocessing
import multiprocessing.context
import numbers
import os
from collections.abc import Callable
from typing import Any

import numpy as np

from minigrad import random as _random
from minigrad.data import _workers
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


class _Fetcher:
    """Turns an index (``batched=False``) or a batch of indices into what the loader yields."""

    def __init__(self, dataset, collate_fn, batched):
        self.dataset, self.batched = dataset, batched
        if batched:
            self.collate = collate_fn or default_collate
            self.get_batch = None
            if collate_fn is None:
                self.get_batch = _fast_path(dataset, "get_batch", "__getitem__")
        else:
            self.convert = collate_fn or _default_convert

    def __call__(self, index):
        if not self.batched:
            return self.convert(self.dataset[index])
        if self.get_batch is not None:
            return self.get_batch(np.asarray(index, dtype=np.int64))
        items = index.tolist() if isinstance(index, np.ndarray) else index
        return self.collate([self.dataset[i] for i in items])


def _check_worker_options(num_workers, prefetch_factor, persistent_workers, timeout,
                          worker_init_fn, multiprocessing_context):
    """Validate the worker options as PyTorch does; the context to start workers with."""
    if isinstance(num_workers, bool) or not isinstance(num_workers, numbers.Integral) \
            or num_workers < 0:
        raise ValueError(f"DataLoader: num_workers option should be non-negative, "
                         f"got {num_workers!r}")
    if prefetch_factor is not None:
        if num_workers == 0:
            raise ValueError("DataLoader: prefetch_factor option could only be specified in "
                             "multiprocessing. Let num_workers > 0 to enable multiprocessing, "
                             "otherwise set prefetch_factor to None.")
        if isinstance(prefetch_factor, bool) or not isinstance(prefetch_factor, numbers.Integral) \
                or prefetch_factor < 1:
            raise ValueError(f"DataLoader: prefetch_factor option should be a positive int, "
                             f"got {prefetch_factor!r}")
    if persistent_workers and num_workers == 0:
        raise ValueError("DataLoader: persistent_workers option needs num_workers > 0")
    if isinstance(timeout, bool) or not isinstance(timeout, numbers.Real) or not timeout >= 0:
        raise ValueError(f"DataLoader: timeout option should be non-negative, got {timeout!r}")
    if worker_init_fn is not None and not callable(worker_init_fn):
        raise TypeError(f"DataLoader: worker_init_fn must be callable, got "
                        f"{type(worker_init_fn).__name__}")
    if multiprocessing_context is None:
        return None
    if num_workers == 0:
        raise ValueError(f"DataLoader: multiprocessing_context can only be used with "
                         f"multi-process loading (num_workers > 0), but got "
                         f"num_workers={num_workers}")
    if isinstance(multiprocessing_context, str):
        methods = multiprocessing.get_all_start_methods()
        if multiprocessing_context not in methods:
            raise ValueError(f"DataLoader: multiprocessing_context option should specify a "
                             f"valid start method in {methods!r}, but got "
                             f"multiprocessing_context={multiprocessing_context!r}")
        return multiprocessing.get_context(multiprocessing_context)
    if not isinstance(multiprocessing_context, multiprocessing.context.BaseContext):
        raise TypeError(f"DataLoader: multiprocessing_context option should be a valid "
                        f"context object or a string specifying the start method, but got "
                        f"multiprocessing_context={multiprocessing_context!r}")
    return multiprocessing_context


class DataLoader:
    """Iterate over a dataset in batches, in the main process or in worker processes.

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
        How many worker processes fetch and collate batches; 0 loads in the
        main process. See Notes for when workers pay.
    collate_fn : callable, optional
        Turns a list of samples into a batch; by default
        :func:`default_collate`, which stacks tensors, arrays and numbers along
        a new first dimension and recurses into tuples, lists and dicts.
    pin_memory : bool, default False
        Accepted for compatibility and does nothing: minigrad runs on the
        CPU, where there is no page-locked memory to copy batches into.
    drop_last : bool, default False
        Drop the last batch if it is smaller than ``batch_size``, so that every
        batch has the same size.
    timeout : float, default 0
        With workers, the seconds to wait for a batch before raising
        ``RuntimeError``; 0 waits as long as it takes.
    worker_init_fn : callable, optional
        Called in each worker with its id (``0 .. num_workers - 1``) after
        the worker's generators are seeded and before it loads anything.
    multiprocessing_context : str or multiprocessing context, optional
        How to start workers: a start method (``"fork"``, ``"spawn"``,
        ``"forkserver"``) or a context. By default ``"fork"`` on Linux (the
        dataset is shared copy-on-write instead of pickled) and Python's
        default elsewhere. With ``"spawn"`` and ``"forkserver"`` the
        dataset, ``collate_fn`` and ``worker_init_fn`` must be picklable.
    generator : numpy.random.Generator, optional
        The source of the shuffling order and of the workers' base seed; by
        default minigrad's generator (seeded by :func:`minigrad.manual_seed`),
        read when each epoch starts.
    prefetch_factor : int, optional
        With workers, how many batches each worker works ahead (2 if None).
        Only for ``num_workers > 0``.
    persistent_workers : bool, default False
        Keep the workers alive between epochs instead of starting new ones
        for each ``iter(loader)``. Only for ``num_workers > 0``.

    Raises
    ------
    ValueError
        For a bad value or a combination PyTorch also refuses
        (``prefetch_factor``, ``persistent_workers`` or
        ``multiprocessing_context`` without workers, a negative ``timeout``,
        ``shuffle`` with a ``sampler`` ...).
    TypeError
        For a ``collate_fn``, ``worker_init_fn``, ``generator`` or
        ``multiprocessing_context`` of the wrong type.

    Notes
    -----
    With the default ``collate_fn``, a dataset that defines
    ``get_batch(indices)`` (an int64 array) is asked for whole batches; the
    result must equal ``default_collate([dataset[i] for i in indices])``. A
    subclass that overrides ``__getitem__`` but not ``get_batch`` is loaded
    item by item, so its ``__getitem__`` is always honoured.

    **Workers.** The main process draws the indices, so the order (shuffled
    or not) is the same for every ``num_workers``; batch ``i`` is made by
    worker ``i % num_workers`` and the batches arrive in order. When an
    iteration starts its workers, one base seed is drawn from ``generator``
    (after that epoch's shuffle), and worker ``i`` seeds Python's
    ``random``, NumPy's global generator and minigrad's generator with
    ``base_seed + i``, so random augmentations differ between workers and
    repeat from run to run (PyTorch leaves NumPy's global generator alone).
    Inside a worker, :func:`get_worker_info` describes it. An exception in
    a worker is raised again in the main process, with the same type where
    possible and a message naming the worker and holding its traceback; a
    worker that dies (killed, or exiting) raises ``RuntimeError`` naming it
    instead of hanging. Workers stop when an epoch ends, when the iterator
    is closed or garbage-collected, or (with ``persistent_workers``) when
    the loader is; a worker whose main process died exits by itself.

    Workers pay when fetching a batch costs much more than sending it
    between processes: a dataset whose ``__getitem__`` decodes or augments.
    For an in-memory dataset with ``get_batch`` (MNIST, ``TensorDataset``),
    a batch is one indexing operation in the main process, cheaper than
    pickling it through a pipe, and ``num_workers=0`` is the fastest.

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
    >>> [y.tolist() for _, y in DataLoader(ds, batch_size=4, num_workers=2)]
    [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    """

    def __init__(self, dataset, batch_size: int | None = 1, shuffle: bool = False,
                 sampler=None, batch_sampler=None, num_workers: int = 0,
                 collate_fn: Callable[[list], Any] | None = None, pin_memory: bool = False,
                 drop_last: bool = False, timeout: float = 0,
                 worker_init_fn: Callable[[int], None] | None = None,
                 multiprocessing_context=None, generator: np.random.Generator | None = None,
                 *, prefetch_factor: int | None = None, persistent_workers: bool = False):
        if batch_size is not None and (not isinstance(batch_size, numbers.Integral)
                                       or isinstance(batch_size, bool) or batch_size <= 0):
            raise ValueError(f"DataLoader: batch_size should be a positive integer or None, "
                             f"got {batch_size!r}")
        context = _check_worker_options(num_workers, prefetch_factor, persistent_workers,
                                        timeout, worker_init_fn, multiprocessing_context)
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
        self.num_workers = int(num_workers)
        self.collate_fn = collate_fn
        self.pin_memory = pin_memory
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self._context = context
        self.generator = generator
        self.prefetch_factor = 2 if prefetch_factor is None and num_workers > 0 else prefetch_factor
        self.persistent_workers = bool(persistent_workers)
        self._pool = None

    def __len__(self) -> int:
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return len(self.sampler)

    def _indices(self):
        """This epoch's indices: batches of them, or single ones without auto-batching."""
        if self.batch_sampler is None:
            return iter(self.sampler)
        index_batches = _fast_path(self.batch_sampler, "_index_batches", "__iter__")
        return index_batches() if index_batches is not None else iter(self.batch_sampler)

    def __iter__(self):
        if self.num_workers == 0:
            return self._iter_in_main_process()
        return self._iter_with_workers()

    def _iter_in_main_process(self):
        fetch = _Fetcher(self.dataset, self.collate_fn, self.batch_sampler is not None)
        for index in self._indices():
            yield fetch(index)

    def _iter_with_workers(self):
        indices = self._indices()
        first = next(indices, _workers._DONE)  # draws this epoch's shuffle first
        if first is _workers._DONE:
            return
        pool = self._pool
        if pool is None or not pool.alive or pool.owner != os.getpid():  # forked since?
            generator = self.generator if self.generator is not None else _random.generator()
            pool = _workers.WorkerPool(
                (self.dataset, self.collate_fn, self.batch_sampler is not None),
                self.num_workers, self.prefetch_factor, self.worker_init_fn,
                self._context or _workers.default_context(),
                int(generator.integers(2 ** 62)), self.timeout)
            if self.persistent_workers:
                self._pool = pool
        try:
            yield from pool.run_epoch(_chain(first, indices))
        finally:
            if not self.persistent_workers:
                pool.shutdown()

    def __repr__(self):
        return (f"DataLoader(dataset={type(self.dataset).__name__}, batch_size={self.batch_size}, "
                f"sampler={type(self.sampler).__name__}, drop_last={self.drop_last}, "
                f"num_workers={self.num_workers})")


def _chain(first, rest):
    yield first
    yield from rest
