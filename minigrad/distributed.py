"""``minigrad.distributed``: collective communication between processes, over MPI.

The names and semantics are ``torch.distributed``'s, with one backend,
``"mpi"``, reached through mpi4py. Launching, discovery and transport are
MPI's: start the processes with ``mpiexec -n 2 python train.py`` (a hostfile
spreads them over several machines) and call :func:`init_process_group` in
each. Install the optional extra with ``pip install "minigrad[mpi]"``, which
brings mpi4py and the ``mpich`` wheel; without it this module imports, but
:func:`is_available` is False and the other functions raise ImportError.

Reduction order. ``MPI_Allreduce`` sums in an order that the MPI library
chooses, which may differ between runs. So that results never depend on
message timing, :func:`all_reduce` and :func:`reduce` gather every rank's
tensor (``MPI_Allgather``) and combine them on every rank in rank order:
``((t_0 + t_1) + t_2) + ...``, then divide by the world size for
``ReduceOp.AVG``. Every rank computes bit-identical results, and the same
tensors give the same result in every run. This moves ``(p - 1) * bytes`` per
rank instead of a ring allreduce's ``2 (p - 1) / p * bytes`` (the guide
``docs/guides/distributed.rst`` works out what it costs).

Failure. Every wait polls its MPI request until the process group's
``timeout``; a rank that sees no progress in that time raises
``RuntimeError`` naming the operation. An exception that nobody catches in
a rank of an initialized group calls ``MPI_Abort``, which ends every rank at
once, and a rank that is killed makes ``mpiexec`` end the others.
"""
import datetime
import enum
import sys
import time

import numpy as np

from minigrad.tensor import Tensor

__all__ = [
    "ReduceOp",
    "Work",
    "all_gather",
    "all_reduce",
    "barrier",
    "broadcast",
    "destroy_process_group",
    "get_backend",
    "get_rank",
    "get_world_size",
    "init_process_group",
    "is_available",
    "is_initialized",
    "is_mpi_available",
    "reduce",
]

_EXTRA_MESSAGE = ("minigrad.distributed needs mpi4py and an MPI library: install the extra with "
                  "pip install \"minigrad[mpi]\" (or pip install -e \".[mpi]\" in a checkout)")
# torch.distributed's default timeout for the backends other than NCCL.
_DEFAULT_TIMEOUT = datetime.timedelta(minutes=30)


class ReduceOp(enum.Enum):
    """How :func:`all_reduce` and :func:`reduce` combine the ranks' tensors.

    Use the members; ``ReduceOp("avg")`` looks a member up by its value.

    Attributes
    ----------
    SUM
        The elementwise sum, added in rank order.
    AVG
        The sum divided by the world size (floored for integer tensors).
    MAX
        The elementwise maximum.
    MIN
        The elementwise minimum.

    Examples
    --------
    >>> import minigrad.distributed as dist
    >>> dist.ReduceOp.AVG
    <ReduceOp.AVG: 'avg'>
    """

    SUM = "sum"
    AVG = "avg"
    MAX = "max"
    MIN = "min"


class _Group:
    def __init__(self, comm, timeout):
        self.comm = comm
        self.timeout = timeout
        self.rank = comm.Get_rank()
        self.size = comm.Get_size()


_group = None
_previous_excepthook = None


def _mpi():
    try:
        from mpi4py import MPI
    except ImportError as error:
        raise ImportError(_EXTRA_MESSAGE) from error
    return MPI


def is_available() -> bool:
    """Whether mpi4py (and so the ``"mpi"`` backend) can be imported.

    Examples
    --------
    ``False`` without the ``[mpi]`` extra:

    >>> import minigrad.distributed as dist
    >>> isinstance(dist.is_available(), bool)
    True
    """
    try:
        _mpi()
    except ImportError:
        return False
    return True


def is_mpi_available() -> bool:
    """Whether the ``"mpi"`` backend is available (the same as :func:`is_available`).

    Examples
    --------
    >>> import minigrad.distributed as dist
    >>> dist.is_mpi_available() == dist.is_available()
    True
    """
    return is_available()


def is_initialized() -> bool:
    """Whether :func:`init_process_group` has been called (and not undone).

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        dist.is_initialized()         # True
        dist.destroy_process_group()
        dist.is_initialized()         # False
    """
    return _group is not None


def init_process_group(backend: str = "mpi", init_method=None, timeout=None,
                       world_size: int = -1, rank: int = -1) -> None:
    """Join the processes that ``mpiexec`` started into the default process group.

    Parameters
    ----------
    backend : str, default "mpi"
        The communication backend; ``"mpi"`` is the only one.
    init_method : None
        MPI finds the other processes itself; only None is accepted.
    timeout : datetime.timedelta or float, optional
        How long any collective waits for the other ranks (seconds when a
        number), positive; by default 30 minutes, as PyTorch's non-NCCL backends.
    world_size : int, default -1
        The number of processes; given by ``mpiexec``, so -1 (the default)
        accepts it and any other value must agree with it.
    rank : int, default -1
        This process's rank; given by ``mpiexec``, so -1 (the default) accepts it
        and any other value must agree with it.

    Raises
    ------
    ImportError
        Without mpi4py (the ``[mpi]`` extra).
    ValueError
        For another backend, an ``init_method``, a non-positive timeout, or
        a ``world_size`` or ``rank`` that disagrees with MPI's.
    RuntimeError
        If the default process group is already initialized.

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi", timeout=datetime.timedelta(minutes=5))
        print(dist.get_rank(), dist.get_world_size())   # 0 2 and 1 2
    """
    global _group, _previous_excepthook
    if backend != "mpi":
        raise ValueError(f"init_process_group: minigrad has only the 'mpi' backend, got {backend!r}")
    if init_method is not None:
        raise ValueError("init_process_group: MPI finds the other processes itself; "
                         "init_method must be None (start the ranks with mpiexec)")
    if _group is not None:
        raise RuntimeError("init_process_group: trying to initialize the default process group "
                           "twice!")
    seconds = _timeout_seconds(timeout)
    comm = _mpi().COMM_WORLD.Dup()
    group = _Group(comm, seconds)
    for name, given, actual in (("world_size", world_size, group.size), ("rank", rank, group.rank)):
        if given != -1 and given != actual:
            comm.Free()
            raise ValueError(f"init_process_group: {name}={given} but mpiexec started this "
                             f"process with {name} {actual}")
    _group = group
    _previous_excepthook = sys.excepthook
    sys.excepthook = _abort_on_uncaught


def _timeout_seconds(timeout):
    if timeout is None:
        timeout = _DEFAULT_TIMEOUT
    seconds = timeout.total_seconds() if isinstance(timeout, datetime.timedelta) else timeout
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds > 0:
        raise ValueError(f"init_process_group: timeout must be a positive timedelta or number of "
                         f"seconds, got {timeout!r}")
    return float(seconds)


def _abort_on_uncaught(kind, value, traceback):
    """Print the error, then end every rank: the others would otherwise wait for this one."""
    _previous_excepthook(kind, value, traceback)
    if _group is not None:
        sys.stderr.write(f"minigrad.distributed: rank {_group.rank} failed; aborting all ranks\n")
        sys.stderr.flush()
        _group.comm.Abort(1)


def destroy_process_group() -> None:
    """Leave the default process group (MPI itself stays initialized until exit).

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        ...                           # train
        dist.destroy_process_group()
    """
    global _group
    group = _default_group("destroy_process_group")
    _group = None
    if sys.excepthook is _abort_on_uncaught:
        sys.excepthook = _previous_excepthook
    group.comm.Free()


def _default_group(op):
    if _group is None:
        _mpi()
        raise ValueError(f"{op}: default process group has not been initialized, please make "
                         f"sure to call init_process_group.")
    return _group


def get_backend() -> str:
    """The backend of the default group: ``"mpi"``.

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        dist.get_backend()            # "mpi"
    """
    _default_group("get_backend")
    return "mpi"


def get_rank() -> int:
    """This process's rank in the default group, from 0 to ``get_world_size() - 1``.

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        if dist.get_rank() == 0:
            print("only rank 0 prints")
    """
    return _default_group("get_rank").rank


def get_world_size() -> int:
    """The number of processes in the default group.

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        per_rank_batch = 64 // dist.get_world_size()   # 32
    """
    return _default_group("get_world_size").size


class Work:
    """A collective in flight, as returned with ``async_op=True``.

    The collectives create it; user code only calls its methods.

    :meth:`wait` blocks until it completes (or raises ``RuntimeError`` after
    the group's timeout) and then runs its finishing step, such as summing
    the gathered tensors in rank order.

    Parameters
    ----------
    op : str
        The name of the collective (``"all_reduce"``, ...), used in error messages.
    request : mpi4py.MPI.Request
        The non-blocking MPI operation to wait for.
    finish : callable, optional
        Run once after the request completes, with no arguments: writing the
        combined or gathered values into the tensors. None when there is nothing
        to finish (``broadcast``, ``barrier``).

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        t = minigrad.ones(3)
        work = dist.all_reduce(t, async_op=True)
        ...                           # compute meanwhile
        work.wait()                   # t now holds the sum, [2., 2., 2.]
    """

    def __init__(self, op, request, finish=None):
        self._op = op
        self._request = request
        self._finish = finish
        self._done = False

    def is_completed(self) -> bool:
        """Whether the communication has finished (without waiting)."""
        return self._done or self._request.Test()

    def wait(self, timeout=None) -> bool:
        """Wait for the collective, then finish it; returns True."""
        if self._done:
            return True
        group = _default_group(self._op)
        limit = group.timeout if timeout is None else _timeout_seconds(timeout)
        _wait_for(self._request, self._op, limit, group.rank)
        self._done = True
        if self._finish is not None:
            self._finish()
        return True


def _wait_for(request, op, limit, rank):
    """Poll ``request`` until it completes; raise RuntimeError after ``limit`` seconds."""
    start = time.monotonic()
    pause = 0.0
    while not request.Test():
        now = time.monotonic()
        if now - start > limit:
            raise RuntimeError(
                f"{op}: rank {rank} waited {limit:g} s without the other ranks completing the "
                f"collective; a rank has probably failed or stopped calling it")
        # Spin for the first 2 ms (a sleep costs ~60 us, more than a small message
        # takes), then poll at most every millisecond, yielding the core.
        if now - start > 2e-3:
            pause = min(1e-3, pause * 2 or 1e-5)
            time.sleep(pause)


def _array(op, tensor):
    if not isinstance(tensor, Tensor):
        raise TypeError(f"{op}: expected a Tensor, got {type(tensor).__name__}")
    data = tensor._data
    if not data.flags.c_contiguous:
        raise ValueError(f"{op}: the tensor must be contiguous")
    return data


def _combine(rows, op, out):
    """Combine ``rows[0], rows[1], ...`` into ``out`` in rank order (see the module docstring)."""
    if op in (ReduceOp.SUM, ReduceOp.AVG):
        np.copyto(out, rows[0])
        for row in rows[1:]:
            np.add(out, row, out=out)
        if op is ReduceOp.AVG:
            if np.issubdtype(out.dtype, np.integer):
                np.floor_divide(out, len(rows), out=out)
            else:
                np.divide(out, len(rows), out=out)
    else:
        reducer = np.maximum if op is ReduceOp.MAX else np.minimum
        reducer.reduce(rows, axis=0, out=out)


def _check_op(name, op):
    if not isinstance(op, ReduceOp):
        raise TypeError(f"{name}: op must be a ReduceOp (SUM, AVG, MAX, MIN), got {op!r}")


def _complete(work, async_op):
    if async_op:
        return work
    work.wait()
    return None


def all_reduce(tensor: Tensor, op: ReduceOp = ReduceOp.SUM, group=None, async_op: bool = False):
    """Combine ``tensor`` across all ranks, in place, so that every rank holds the result.

    The ranks' tensors are combined in rank order, so the result does not
    depend on message timing (see the module docstring).

    Parameters
    ----------
    tensor : Tensor
        Contiguous, with the same shape and dtype on every rank; overwritten
        with the result on every rank. Nothing is recorded on the autograd tape.
    op : ReduceOp, default ReduceOp.SUM
        SUM, AVG (the sum divided by the world size, floored for integer
        tensors), MAX or MIN, elementwise.
    group : None
        Only the default group exists; anything else raises ``ValueError``.
    async_op : bool, default False
        Return a :class:`Work` to wait on instead of waiting; the tensor holds
        the result only after ``work.wait()``.

    Returns
    -------
    Work or None
        A :class:`Work` with ``async_op=True``, else None.

    Raises
    ------
    TypeError
        If ``op`` is not a ReduceOp or ``tensor`` not a Tensor.
    RuntimeError
        If no process group is initialized, or the other ranks do not take
        part within the group's timeout.

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        t = minigrad.tensor([1.0, 2.0]) * (dist.get_rank() + 1)
        dist.all_reduce(t)            # [3., 6.] on both ranks
        dist.all_reduce(t, op=dist.ReduceOp.MAX)
    """
    _check_op("all_reduce", op)
    group = _group_for("all_reduce", group)
    data = _array("all_reduce", tensor)
    rows = np.empty((group.size,) + data.shape, data.dtype)
    send = data.copy()
    request = group.comm.Iallgather(send, rows)
    tensor._vc[0] += 1
    return _complete(Work("all_reduce", request, lambda: _combine(rows, op, data)), async_op)


def reduce(tensor: Tensor, dst: int, op: ReduceOp = ReduceOp.SUM, group=None,
           async_op: bool = False):
    """Combine ``tensor`` across all ranks into rank ``dst``'s tensor (others are unchanged).

    Parameters
    ----------
    tensor : Tensor
        Contiguous, with the same shape and dtype on every rank. Rank ``dst``'s
        is overwritten with the result; the others are left as they were.
    dst : int
        The rank that receives the result, in ``[0, world_size)``.
    op : ReduceOp, default ReduceOp.SUM
        SUM, AVG (the sum divided by the world size, floored for integer
        tensors), MAX or MIN, elementwise; combined in rank order.
    group : None
        Only the default group exists; anything else raises ``ValueError``.
    async_op : bool, default False
        Return a :class:`Work` to wait on instead of waiting; rank ``dst``'s
        tensor holds the result only after ``work.wait()``.

    Returns
    -------
    Work or None
        A :class:`Work` with ``async_op=True``, else None.

    Raises
    ------
    ValueError
        If ``dst`` is not a rank of the group.
    RuntimeError
        If no process group is initialized, or the other ranks do not take
        part within the group's timeout.

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        t = minigrad.tensor([1.0]) * (dist.get_rank() + 1)
        dist.reduce(t, dst=0)         # [3.] on rank 0, [2.] still on rank 1
    """
    _check_op("reduce", op)
    group = _group_for("reduce", group)
    _check_rank("reduce", "dst", dst, group)
    data = _array("reduce", tensor)
    rows = np.empty((group.size,) + data.shape, data.dtype) if group.rank == dst else None
    request = group.comm.Igather(data.copy(), rows, root=dst)

    def finish():
        if rows is not None:
            _combine(rows, op, data)
            tensor._vc[0] += 1
    return _complete(Work("reduce", request, finish), async_op)


def broadcast(tensor: Tensor, src: int, group=None, async_op: bool = False):
    """Copy rank ``src``'s ``tensor`` into ``tensor`` on every other rank.

    Parameters
    ----------
    tensor : Tensor
        Contiguous, with the same shape and dtype on every rank: the data to
        send on rank ``src``, overwritten with it on the other ranks.
    src : int
        The rank whose tensor is copied, in ``[0, world_size)``.
    group : None
        Only the default group exists; anything else raises ``ValueError``.
    async_op : bool, default False
        Return a :class:`Work` to wait on instead of waiting.

    Returns
    -------
    Work or None
        A :class:`Work` with ``async_op=True``, else None.

    Raises
    ------
    ValueError
        If ``src`` is not a rank of the group.
    RuntimeError
        If no process group is initialized, or the other ranks do not take
        part within the group's timeout.

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        t = minigrad.full((2,), float(dist.get_rank()))
        dist.broadcast(t, src=1)      # [1., 1.] on both ranks
    """
    group = _group_for("broadcast", group)
    _check_rank("broadcast", "src", src, group)
    data = _array("broadcast", tensor)
    request = group.comm.Ibcast(data, root=src)
    tensor._vc[0] += 1
    return _complete(Work("broadcast", request), async_op)


def all_gather(tensor_list: list, tensor: Tensor, group=None, async_op: bool = False):
    """Fill ``tensor_list[r]`` with rank ``r``'s ``tensor``, on every rank.

    Parameters
    ----------
    tensor_list : list of Tensor
        Exactly ``world_size`` tensors, each of ``tensor``'s shape and dtype;
        ``tensor_list[r]`` is overwritten with rank ``r``'s tensor.
    tensor : Tensor
        This rank's contribution, contiguous, of the same shape and dtype on
        every rank.
    group : None
        Only the default group exists; anything else raises ``ValueError``.
    async_op : bool, default False
        Return a :class:`Work` to wait on instead of waiting; the list is filled
        only after ``work.wait()``.

    Returns
    -------
    Work or None
        A :class:`Work` with ``async_op=True``, else None.

    Raises
    ------
    ValueError
        If ``tensor_list`` is not a list of ``world_size`` tensors matching ``tensor``.
    RuntimeError
        If no process group is initialized, or the other ranks do not take
        part within the group's timeout.

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        out = [minigrad.zeros(1) for _ in range(dist.get_world_size())]
        dist.all_gather(out, minigrad.tensor([float(dist.get_rank())]))
        # out is [tensor([0.]), tensor([1.])] on both ranks
    """
    group = _group_for("all_gather", group)
    data = _array("all_gather", tensor)
    if not isinstance(tensor_list, list) or len(tensor_list) != group.size:
        raise ValueError(f"all_gather: tensor_list must be a list of {group.size} tensors "
                         f"(the world size)")
    for i, out in enumerate(tensor_list):
        if not isinstance(out, Tensor) or out.shape != tensor.shape or out.dtype != tensor.dtype:
            raise ValueError(f"all_gather: tensor_list[{i}] must be a tensor of the input's shape "
                             f"{list(tensor.shape)} and dtype {tensor.dtype}")
    rows = np.empty((group.size,) + data.shape, data.dtype)
    request = group.comm.Iallgather(data.copy(), rows)

    def finish():
        for out, row in zip(tensor_list, rows):
            out._data[...] = row
            out._vc[0] += 1
    return _complete(Work("all_gather", request, finish), async_op)


def barrier(group=None, async_op: bool = False):
    """Wait until every rank has reached the barrier.

    Parameters
    ----------
    group : None
        Only the default group exists; anything else raises ``ValueError``.
    async_op : bool, default False
        Return a :class:`Work` whose ``wait()`` blocks until every rank arrived,
        instead of blocking now.

    Returns
    -------
    Work or None
        A :class:`Work` with ``async_op=True``, else None.

    Examples
    --------
    In each process of ``mpiexec -n 2 python script.py``::

        import minigrad.distributed as dist
        dist.init_process_group("mpi")
        if dist.get_rank() == 0:
            prepare_the_data()
        dist.barrier()                # the others wait for rank 0
    """
    group = _group_for("barrier", group)
    return _complete(Work("barrier", group.comm.Ibarrier()), async_op)


def _group_for(op, group):
    if group is not None:
        raise ValueError(f"{op}: only the default process group exists; pass group=None")
    return _default_group(op)


def _check_rank(op, name, value, group):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not 0 <= value < group.size:
        raise ValueError(f"{op}: {name} must be a rank in [0, {group.size - 1}], got {value!r}")
