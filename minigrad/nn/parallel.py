"""``minigrad.nn.parallel``: DataParallel, data_parallel and DistributedDataParallel.

PyTorch's ``DataParallel`` splits each batch across GPUs. minigrad computes
on CPUs, where its kernels already share the batch among threads (see
:func:`minigrad.set_num_threads`), so the wrapper does what PyTorch's does on
a machine without a GPU: it calls the wrapped module. Scripts written as
``model = nn.DataParallel(model)`` run unchanged, including their
checkpoints, whose keys start with ``module.``.

:class:`DistributedDataParallel` trains one replica of the model per MPI
process (see :mod:`minigrad.distributed`) and averages the gradients during
backward.
"""
import contextlib
import time

import numpy as np

from minigrad.autograd.grad_mode import is_grad_enabled
from minigrad.nn.modules.module import Module
from minigrad.tensor import Tensor

__all__ = ["DataParallel", "DistributedDataParallel", "data_parallel"]


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0,
                  module_kwargs=None):
    """The function form of :class:`DataParallel`: without GPUs, ``module(*inputs)``.

    Parameters
    ----------
    module : Module
        The model to run.
    inputs : Tensor or tuple
        Its input, or a tuple of its positional inputs.
    device_ids : sequence of int or device, optional
        The GPUs PyTorch would split the batch across; ignored, as PyTorch
        ignores them on a machine without a GPU.
    output_device : int or device, optional
        The GPU to gather outputs on; ignored.
    dim : int, default 0
        The dimension PyTorch would scatter inputs along; ignored.
    module_kwargs : dict, optional
        Keyword arguments of ``module``.

    Returns
    -------
    object
        Whatever ``module`` returns.

    Raises
    ------
    TypeError
        If ``module`` is not a :class:`~minigrad.nn.Module`.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> net = nn.Linear(2, 3)
    >>> x = minigrad.ones(4, 2)
    >>> bool((nn.parallel.data_parallel(net, x, None) == net(x)).all())
    True
    """
    if not isinstance(module, Module):
        raise TypeError(f"data_parallel: expected an nn.Module to run, got {type(module).__name__}")
    if not isinstance(inputs, tuple):
        inputs = (inputs,)
    return module(*inputs, **(module_kwargs or {}))


class DataParallel(Module):
    """Run ``module`` on every GPU in parallel; without GPUs, simply run it, as PyTorch does.

    ``forward`` passes its arguments to ``module`` and returns its output.
    The wrapped module is the submodule ``module``, so the state_dict keys
    of a wrapped model start with ``module.`` as in PyTorch, and
    ``model.module`` gives back the model.

    Parameters
    ----------
    module : Module
        The model to wrap.
    device_ids : sequence of int or device, optional
        The GPUs to use. Ignored, as PyTorch ignores them on a machine
        without a GPU: ``device_ids`` is always ``[]``.
    output_device : int or device, optional
        The GPU to gather outputs on; ignored.
    dim : int, default 0
        The dimension PyTorch would scatter inputs along; stored.

    Attributes
    ----------
    module : Module
        The wrapped model.
    device_ids : list
        Always empty: there is no GPU.

    Raises
    ------
    TypeError
        If ``module`` is not a :class:`~minigrad.nn.Module`.

    Shape
    -----
    - Input: whatever ``module`` takes.
    - Output: whatever ``module`` returns.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> net = nn.Linear(2, 3)
    >>> model = nn.DataParallel(net)
    >>> model.module is net, list(model.state_dict())
    (True, ['module.weight', 'module.bias'])
    >>> x = minigrad.ones(4, 2)
    >>> bool((model(x) == net(x)).all())
    True
    """

    def __init__(self, module, device_ids=None, output_device=None, dim: int = 0):
        super().__init__()
        if not isinstance(module, Module):
            raise TypeError(f"DataParallel: expected an nn.Module to wrap, got "
                            f"{type(module).__name__}")
        self.module = module
        self.device_ids = []
        self.output_device = None
        self.dim = dim

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)


class _Bucket:
    """Gradients averaged by one allreduce: consecutive parameters of one dtype, flattened."""

    def __init__(self, params):
        self.params = params
        self.offsets = np.cumsum([0] + [p._data.size for p in params])
        self.flat = np.empty(int(self.offsets[-1]), params[0]._data.dtype)
        self.ready = 0
        self.work = None

    def start(self, dist):
        for p, lo, hi in zip(self.params, self.offsets[:-1], self.offsets[1:]):
            self.flat[lo:hi] = p.grad._data.reshape(-1)
        self.work = dist.all_reduce(Tensor._make(self.flat, False), op=dist.ReduceOp.AVG,
                                    async_op=True)

    def finish(self):
        self.work.wait()
        for p, lo, hi in zip(self.params, self.offsets[:-1], self.offsets[1:]):
            p.grad._data[...] = self.flat[lo:hi].reshape(p._data.shape)
        self.work = None
        self.ready = 0


class DistributedDataParallel(Module):
    """Data parallelism across processes: one replica per rank, gradients averaged in backward.

    Each rank runs the wrapped module on its own part of the batch (a
    :class:`~minigrad.data.DistributedSampler` gives each rank its part).
    At construction, rank 0's parameters and buffers are copied to every
    rank. During ``backward`` the gradients are averaged across ranks in
    buckets of about ``bucket_cap_mb`` megabytes: a bucket's non-blocking
    allreduce starts as soon as backward has produced all of its gradients
    (parameters are bucketed in reverse order, the order backward produces
    them), so communication overlaps the rest of backward, and ``backward``
    waits for the last bucket before it returns. After it, every rank holds
    the same averaged ``.grad``, so identical optimizer steps keep the
    replicas identical. Averages are taken in rank order (see
    :mod:`minigrad.distributed`), so they do not depend on message timing.

    With ``broadcast_buffers`` (the default), rank 0's buffers (batch-norm
    running statistics) are copied to every rank at each forward in training
    mode, as in PyTorch; batch normalization itself uses each rank's own
    batch statistics, unless the model was converted with
    :meth:`nn.SyncBatchNorm.convert_sync_batchnorm
    <minigrad.nn.SyncBatchNorm.convert_sync_batchnorm>`.

    Parameters
    ----------
    module : Module
        The model to replicate.
    device_ids, output_device : optional
        GPU arguments of PyTorch's signature; must be None (CPUs only).
    dim : int, default 0
        The batch dimension; stored.
    broadcast_buffers : bool, default True
        Copy rank 0's buffers to all ranks at every training forward.
    process_group : None
        Only the default group exists.
    bucket_cap_mb : float, default 25
        The size of a gradient bucket in MiB.

    Attributes
    ----------
    module : Module
        The wrapped model; state_dict keys start with ``module.``.
    require_backward_grad_sync : bool
        False inside :meth:`no_sync`.

    Raises
    ------
    TypeError
        If ``module`` is not a Module.
    ValueError
        If the default process group is not initialized, for GPU
        arguments, or a non-positive ``bucket_cap_mb``.

    Shape
    -----
    - Input: whatever ``module`` takes.
    - Output: whatever ``module`` returns.

    Examples
    --------
    Under ``mpiexec -n 2 python train.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        model = nn.parallel.DistributedDataParallel(lenet5())
        sampler = DistributedSampler(train_set)
        loader = DataLoader(train_set, batch_size=32, sampler=sampler)
        for epoch in range(epochs):
            sampler.set_epoch(epoch)
            for images, labels in loader:
                optimizer.zero_grad()
                F.cross_entropy(model(images), labels).backward()  # gradients averaged here
                optimizer.step()
    """

    def __init__(self, module, device_ids=None, output_device=None, dim: int = 0,
                 broadcast_buffers: bool = True, process_group=None,
                 bucket_cap_mb: float = 25):
        super().__init__()
        from minigrad import distributed as dist
        if not isinstance(module, Module):
            raise TypeError(f"DistributedDataParallel: expected an nn.Module to wrap, got "
                            f"{type(module).__name__}")
        if device_ids is not None or output_device is not None:
            raise ValueError("DistributedDataParallel: device_ids and output_device are for "
                             "GPUs; minigrad computes on CPUs, pass None")
        if process_group is not None:
            raise ValueError("DistributedDataParallel: only the default process group exists; "
                             "pass process_group=None")
        if isinstance(bucket_cap_mb, bool) or not isinstance(bucket_cap_mb, (int, float)) \
                or not bucket_cap_mb > 0:
            raise ValueError(f"DistributedDataParallel: bucket_cap_mb must be a positive number, "
                             f"got {bucket_cap_mb!r}")
        dist.get_world_size()  # raises if the default group is not initialized
        self.module = module
        self.dim = dim
        self.broadcast_buffers = broadcast_buffers
        self.bucket_cap_mb = bucket_cap_mb
        self.require_backward_grad_sync = True
        self._dist = dist
        self._sync_this_backward = False
        # Seconds backward spent blocked on the last buckets' allreduce (for benchmarks).
        self._last_wait_seconds = 0.0
        with_grad = [p for p in module.parameters() if p.requires_grad]
        self._broadcast_state()
        self._buckets = _make_buckets(list(reversed(with_grad)), bucket_cap_mb * 2 ** 20)
        self._bucket_of = {}
        for bucket in self._buckets:
            for p in bucket.params:
                self._bucket_of[id(p)] = bucket
                p.register_post_accumulate_grad_hook(self._grad_ready)

    def _broadcast_state(self, buffers_only=False):
        tensors = [] if buffers_only else list(self.module.parameters())
        tensors += list(self.module.buffers())
        for t in tensors:
            self._dist.broadcast(t.detach(), src=0)

    def forward(self, *inputs, **kwargs):
        if any(b.ready for b in self._buckets):
            missing = [name for name, p in self.module.named_parameters()
                       if id(p) in self._bucket_of and self._bucket_of[id(p)].ready
                       and self._bucket_of[id(p)].work is None]
            raise RuntimeError(
                "DistributedDataParallel: expected to have finished reduction in the prior "
                "iteration before starting a new one: some parameters did not receive a "
                f"gradient in backward (in buckets with {missing}). Every parameter must "
                "take part in computing the loss")
        if self.broadcast_buffers and self.training:
            self._broadcast_state(buffers_only=True)
        self._sync_this_backward = is_grad_enabled() and self.require_backward_grad_sync
        return self.module(*inputs, **kwargs)

    def _grad_ready(self, param):
        if not self._sync_this_backward:
            return
        bucket = self._bucket_of[id(param)]
        bucket.ready += 1
        if bucket.ready < len(bucket.params):
            return
        bucket.start(self._dist)
        for other in self._buckets:
            if other.work is not None:
                other.work.is_completed()  # lets MPI progress the earlier buckets
        if all(b.work is not None for b in self._buckets):
            self._finish_backward()

    def _finish_backward(self):
        start = time.perf_counter()
        for bucket in self._buckets:
            bucket.finish()
        self._last_wait_seconds = time.perf_counter() - start
        self._sync_this_backward = False

    @contextlib.contextmanager
    def no_sync(self):
        """Accumulate gradients locally, without averaging, inside the ``with`` block.

        The first backward after the block averages the accumulated gradients.
        """
        previous = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = previous


def _make_buckets(params, cap_bytes):
    """Split ``params`` (in backward order) into buckets of at most ``cap_bytes``, one dtype each."""
    buckets, current, size = [], [], 0
    for p in params:
        nbytes = p._data.nbytes
        if current and (size + nbytes > cap_bytes or p._data.dtype != current[0]._data.dtype):
            buckets.append(_Bucket(current))
            current, size = [], 0
        current.append(p)
        size += nbytes
    if current:
        buckets.append(_Bucket(current))
    return buckets
