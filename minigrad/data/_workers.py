"""Worker processes for the DataLoader.

The main process draws the batches of indices (so the shuffle order is the
same whatever the number of workers) and hands them out in turn: batch ``i``
goes to worker ``i % num_workers``, and at most ``prefetch_factor`` batches
per worker are outstanding. Each worker fetches and collates its batches and
sends them back; the main process yields them in order, keeping early
arrivals until their turn.

Each worker has a pipe for its tasks and one for its results, so no lock is
shared between processes: a worker that dies cannot leave one held. The main
process waits on the result pipes and on the workers' process sentinels
together, so a worker that exits unexpectedly is reported at once instead of
being waited for. A worker polls for its parent and exits when it is gone.
"""
import dataclasses
import multiprocessing
import multiprocessing.connection
import os
import pickle
import random
import signal
import sys
import time
import traceback
import weakref

import numpy as np

__all__ = ["WorkerInfo", "get_worker_info"]

#: How often an idle worker checks that its parent is alive, in seconds.
_PARENT_POLL = 1.0
#: How long shutdown waits for workers to finish their batch before terminating them.
_JOIN_TIMEOUT = 5.0

_worker_info = None
_DONE = object()


@dataclasses.dataclass(frozen=True)
class WorkerInfo:
    """What :func:`get_worker_info` returns inside a worker process.

    Parameters
    ----------
    id : int
        The worker's number, from 0 to ``num_workers - 1``.
    num_workers : int
        How many workers the DataLoader runs.
    seed : int
        The seed of this worker's generators (the DataLoader's base seed plus ``id``).
    dataset : object
        This worker's copy of the dataset.

    Examples
    --------
    >>> from minigrad.data._workers import WorkerInfo
    >>> WorkerInfo(id=0, num_workers=2, seed=7, dataset=None).num_workers
    2
    """

    id: int
    num_workers: int
    seed: int
    dataset: object


def get_worker_info() -> WorkerInfo | None:
    """Information about the DataLoader worker process this runs in, or None in the main process.

    Inside a worker (in ``Dataset.__getitem__``, ``collate_fn`` or
    ``worker_init_fn``) the result has the attributes ``id``,
    ``num_workers``, ``seed`` and ``dataset`` (the worker's own copy, which
    ``worker_init_fn`` may configure), as in PyTorch.

    Returns
    -------
    WorkerInfo or None

    Examples
    --------
    >>> from minigrad.data import get_worker_info
    >>> get_worker_info() is None
    True
    """
    return _worker_info


class _ReadableMessage(str):
    """A message whose repr is itself, so that a KeyError shows the traceback's lines."""

    def __repr__(self):
        return str(self)


class _WorkerError:
    """An exception raised in a worker, carried to the main process as text."""

    def __init__(self, worker_id, error):
        self.worker_id = worker_id
        self.type_name = type(error).__name__
        self.text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        try:
            pickle.dumps(type(error))
            self.type = type(error)
        except Exception:  # a class the main process could not find by name
            self.type = None

    def reraise(self):
        message = (f"Caught {self.type_name} in DataLoader worker process "
                   f"{self.worker_id}.\nOriginal {self.text}")
        if self.type is not None and issubclass(self.type, KeyError):
            message = _ReadableMessage(message)  # KeyError prints the repr of its argument
        try:
            error = self.type(message)
        except Exception:  # no type, or one whose constructor wants other arguments
            error = RuntimeError(message)
        raise error


def _seed_worker(seed):
    """Seed Python's, NumPy's global and minigrad's generators for this worker."""
    import minigrad

    random.seed(seed)
    np.random.seed(seed % 2 ** 32)
    minigrad.manual_seed(seed)


def _worker_loop(fetcher_args, tasks, results, worker_id, num_workers, seed, init_fn,
                 parent_pid):
    """The body of a worker process: fetch the batches asked for until told to stop."""
    from minigrad.data.dataloader import _Fetcher

    global _worker_info
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    dataset = fetcher_args[0]
    _worker_info = WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed, dataset=dataset)
    _seed_worker(seed)
    try:
        if init_fn is not None:
            init_fn(worker_id)
        fetch = _Fetcher(*fetcher_args)
    except Exception as error:  # reported when the first batch is due
        fetch = None
        init_error = _WorkerError(worker_id, error)
    while True:
        try:
            if not tasks.poll(_PARENT_POLL):
                if os.getppid() != parent_pid:
                    return
                continue
            task = tasks.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        epoch, number, index = task
        if fetch is None:
            data = init_error
        else:
            try:
                data = fetch(index)
            except Exception as error:
                data = _WorkerError(worker_id, error)
        try:
            results.send((epoch, number, data))
        except OSError:
            return  # the main process has closed the pipe
        except Exception as error:  # the batch cannot be pickled
            results.send((epoch, number, _WorkerError(worker_id, error)))


def default_context():
    """``fork`` on Linux (cheap: the dataset is shared copy-on-write), else Python's default."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _describe_exit(process):
    code = process.exitcode
    if code is not None and code < 0:
        try:
            return f"was killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited unexpectedly with exit code {code}"


def _shutdown(owner, processes, tasks, results, graceful=True):
    """Ask the workers to stop, drain what they still send, terminate the stragglers.

    Not ``graceful`` (after a timeout or a dead worker) terminates them at once.
    A process forked from the ``owner`` holds copies of the pipes and must
    leave the owner's workers alone: it only closes its copies.
    """
    if os.getpid() != owner:
        for conn in (*tasks, *results):
            conn.close()
        return
    for conn in tasks:
        try:
            conn.send(None)
        except (OSError, ValueError):
            pass
    deadline = time.monotonic() + (_JOIN_TIMEOUT if graceful else 0)
    alive = [p for p in processes if p.exitcode is None]
    while alive and time.monotonic() < deadline:
        readable = [c for c in results if not c.closed]
        ready = multiprocessing.connection.wait(
            readable + [p.sentinel for p in alive], timeout=deadline - time.monotonic())
        for conn in ready:
            if conn in readable:
                try:
                    conn.recv()  # unblock a worker still sending its last batch
                except (EOFError, OSError):
                    conn.close()
        alive = [p for p in alive if p.exitcode is None]
    for process in alive:
        process.terminate()
    for process in processes:
        process.join()
    for conn in (*tasks, *results):
        conn.close()


_pools = weakref.WeakSet()


def _forget_workers_in_child():
    """After ``os.fork``: the child must not count its parent's workers as its own.

    multiprocessing's exit handler terminates every daemonic child it knows
    of, and a plain ``os.fork`` copies that list, so a forked child exiting
    normally would kill its parent's DataLoader workers.
    """
    children = getattr(multiprocessing.process, "_children", None)
    if children is None:
        return
    for pool in list(_pools):
        for process in pool.processes:
            children.discard(process)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_workers_in_child)


class WorkerPool:
    """The worker processes of one DataLoader, and the epochs they serve.

    Parameters
    ----------
    fetcher_args : tuple
        ``(dataset, collate_fn, batched)``, from which each worker builds its fetcher.
    num_workers, prefetch_factor : int
        As the DataLoader's options.
    worker_init_fn : callable or None
        Called with the worker id in each worker, after seeding.
    context : multiprocessing context
        How to start the workers.
    base_seed : int
        Worker ``i`` seeds its generators with ``base_seed + i``.
    timeout : float
        Seconds to wait for a batch; 0 waits as long as it takes.
    """

    def __init__(self, fetcher_args, num_workers, prefetch_factor, worker_init_fn, context,
                 base_seed, timeout):
        self.num_workers, self.prefetch_factor = num_workers, prefetch_factor
        self.timeout = timeout
        self.epoch = 0
        self.processes, self.tasks, self.results = [], [], []
        self.owner = os.getpid()
        _pools.add(self)
        self._finalizer = weakref.finalize(self, _shutdown, self.owner, self.processes,
                                           self.tasks, self.results)
        for worker_id in range(num_workers):
            task_out, task_in = context.Pipe(duplex=False)
            result_out, result_in = context.Pipe(duplex=False)
            process = context.Process(
                target=_worker_loop, daemon=True,
                args=(fetcher_args, task_out, result_in, worker_id, num_workers,
                      base_seed + worker_id, worker_init_fn, self.owner))
            process.start()
            task_out.close()
            result_in.close()
            self.processes.append(process)
            self.tasks.append(task_in)
            self.results.append(result_out)

    @property
    def alive(self):
        return self._finalizer.alive

    def shutdown(self, graceful=True):
        if self._finalizer.detach() is not None:
            _shutdown(self.owner, self.processes, self.tasks, self.results, graceful)

    def _receive(self, epoch):
        """The next result of ``epoch`` from any worker, as (number, data)."""
        deadline = time.monotonic() + self.timeout if self.timeout > 0 else None
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready = multiprocessing.connection.wait(
                self.results + [p.sentinel for p in self.processes], timeout=wait)
            for conn in ready:
                if conn in self.results:
                    try:
                        result_epoch, number, data = conn.recv()
                    except (EOFError, OSError):
                        continue  # the worker died: its sentinel says so below
                    if result_epoch == epoch:
                        return number, data
            for worker_id, process in enumerate(self.processes):
                if process.sentinel in ready:  # workers exit only when told to
                    self.shutdown(graceful=False)
                    raise RuntimeError(f"DataLoader worker {worker_id} (pid {process.pid}) "
                                       f"{_describe_exit(process)}")
            if not ready and deadline is not None:
                self.shutdown(graceful=False)
                raise RuntimeError(f"DataLoader timed out after {self.timeout} seconds "
                                   f"waiting for a batch from its workers")

    def run_epoch(self, indices):
        """Yield the batches for an iterable of indices (or index batches), in order."""
        self.epoch += 1
        epoch = self.epoch
        indices = iter(indices)
        sent = received = 0
        early = {}

        def send_next():
            nonlocal sent
            index = next(indices, _DONE)
            if index is _DONE:
                return
            self.tasks[sent % self.num_workers].send((epoch, sent, index))
            sent += 1

        for _ in range(self.prefetch_factor * self.num_workers):
            send_next()
        while received < sent:
            if self.epoch != epoch:
                raise RuntimeError("DataLoader: this iterator was replaced by a newer "
                                   "iter(loader), which persistent_workers=True makes share "
                                   "the workers")
            while received not in early:
                number, data = self._receive(epoch)
                early[number] = data
            data = early.pop(received)
            received += 1
            send_next()
            if isinstance(data, _WorkerError):
                data.reraise()
            yield data
