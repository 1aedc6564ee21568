"""DataLoader options of PyTorch's: worker processes, seeding, prefetching, timeouts, shutdown."""
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import minigrad
from minigrad.data import DataLoader, Dataset, TensorDataset, get_worker_info

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the worker tests rely on fork being the default")

_REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _dataset(n=20):
    x = minigrad.tensor(np.arange(n * 2, dtype=np.float32).reshape(n, 2))
    return TensorDataset(x, minigrad.arange(n))


def _labels(loader):
    return [y.tolist() for _, y in loader]


class WhoMadeIt(Dataset):
    """Each sample says which process, worker and generators produced it."""

    def __init__(self, n=8):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        info = get_worker_info()
        return {"index": i, "pid": os.getpid(), "worker": -1 if info is None else info.id,
                "seed": -1 if info is None else info.seed,
                "numpy": float(np.random.random()), "python": random.random(),
                "minigrad": float(minigrad.rand(1).item())}


class Failing(Dataset):
    def __init__(self, error, at=3):
        self.error, self.at = error, at

    def __len__(self):
        return 8

    def __getitem__(self, i):
        if i == self.at:
            raise self.error
        return np.zeros(1, np.float32)


@pytest.fixture(autouse=True)
def _no_workers_left_behind():
    yield
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []


# ---------------------------------------------------------------------- arguments
@pytest.mark.parametrize("kwargs, error, match", [
    ({"prefetch_factor": 2}, ValueError,
     "prefetch_factor option could only be specified in multiprocessing"),
    ({"num_workers": 1, "prefetch_factor": 0}, ValueError,
     "prefetch_factor option should be a positive int, got 0"),
    ({"num_workers": 1, "prefetch_factor": 1.5}, ValueError, "prefetch_factor option should"),
    ({"persistent_workers": True}, ValueError, "persistent_workers option needs num_workers > 0"),
    ({"num_workers": 1, "timeout": -1}, ValueError, "timeout option should be non-negative"),
    ({"num_workers": 1, "timeout": float("nan")}, ValueError, "timeout option should be non-"),
    ({"num_workers": True}, ValueError, "num_workers option should be non-negative"),
    ({"num_workers": 1, "worker_init_fn": 3}, TypeError, "worker_init_fn must be callable"),
    ({"multiprocessing_context": "spawn"}, ValueError,
     "multiprocessing_context can only be used with multi-process loading"),
    ({"num_workers": 1, "multiprocessing_context": "teleport"}, ValueError,
     (r"should specify a valid start method in \[.*'spawn'.*\], but got "
      r"multiprocessing_context='teleport'")),
    ({"num_workers": 1, "multiprocessing_context": 3}, TypeError,
     "should be a valid context object or a string"),
])
def test_worker_options_are_checked_as_pytorch_checks_them(kwargs, error, match):
    with pytest.raises(error, match=match):
        DataLoader(_dataset(), **kwargs)


def test_defaults_follow_pytorch():
    assert DataLoader(_dataset()).prefetch_factor is None
    loader = DataLoader(_dataset(), num_workers=2)
    assert loader.prefetch_factor == 2 and loader.timeout == 0
    assert loader.persistent_workers is False and loader.pin_memory is False


def test_pin_memory_changes_nothing():
    pinned = DataLoader(_dataset(), batch_size=4, pin_memory=True)
    plain = DataLoader(_dataset(), batch_size=4)
    for (x1, y1), (x2, y2) in zip(pinned, plain, strict=True):
        assert np.array_equal(x1.numpy(), x2.numpy()) and np.array_equal(y1.numpy(), y2.numpy())


class Counted(Dataset):
    """Counts, across processes, how many samples were fetched."""

    def __init__(self, counter):
        self.counter = counter

    def __len__(self):
        return 40

    def __getitem__(self, i):
        with self.counter.get_lock():
            self.counter.value += 1
        return np.array([i])


@pytest.mark.parametrize("num_workers, prefetch_factor", [(1, 1), (1, 3), (2, 2)])
def test_prefetch_factor_bounds_how_far_the_workers_work_ahead(num_workers, prefetch_factor):
    counter = multiprocessing.get_context("fork").Value("i", 0)
    loader = DataLoader(Counted(counter), batch_size=1, num_workers=num_workers,
                        prefetch_factor=prefetch_factor)
    iterator = iter(loader)
    assert next(iterator).tolist() == [[0]]
    # Taking batch 0 asked for one more: the first ones plus one are all that get made.
    expected = prefetch_factor * num_workers + 1
    deadline = time.monotonic() + 20
    while counter.value < expected and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    assert counter.value == expected
    assert [b.item() for b in iterator] == list(range(1, 40))


# ---------------------------------------------------------------------- what workers yield
@pytest.mark.parametrize("kwargs", [
    {"batch_size": 3},
    {"batch_size": 3, "drop_last": True},
    {"batch_size": None},
    {"batch_size": 4, "collate_fn": lambda items: [int(y) for _, y in items]},
    {"batch_sampler": [[5, 1], [0], [7, 8, 9], [2]]},
])
@pytest.mark.parametrize("num_workers", [1, 2, 3])
def test_workers_yield_what_the_main_process_yields_in_order(kwargs, num_workers):
    expected = list(DataLoader(_dataset(), **kwargs))
    got = list(DataLoader(_dataset(), num_workers=num_workers, **kwargs))
    assert len(got) == len(expected)
    for a, b in zip(got, expected):
        if isinstance(b, list) and isinstance(b[0], int):
            assert a == b
        else:
            for ta, tb in zip(a, b, strict=True):
                assert ta.dtype == tb.dtype and np.array_equal(ta.numpy(), tb.numpy())


def test_shuffle_order_is_set_by_the_generator_whatever_the_number_of_workers():
    def order(seed, num_workers):
        loader = DataLoader(_dataset(50), batch_size=8, shuffle=True, num_workers=num_workers,
                            generator=np.random.default_rng(seed))
        return _labels(loader)

    runs = [order(7, n) for n in (0, 1, 2)]
    assert runs[0] == runs[1] == runs[2]
    assert sorted(label for batch in runs[0] for label in batch) == list(range(50))
    assert order(8, 2) != runs[0]


def test_without_a_generator_minigrads_seed_sets_the_order_and_worker_seeds():
    def run():
        minigrad.manual_seed(3)
        loader = DataLoader(WhoMadeIt(12), batch_size=3, shuffle=True, num_workers=2)
        return [(b["index"].tolist(), b["seed"].tolist(), b["numpy"].tolist()) for b in loader]

    assert run() == run()


def test_workers_are_processes_with_their_own_seeds_and_info():
    assert get_worker_info() is None
    loader = DataLoader(WhoMadeIt(8), batch_size=2, num_workers=2,
                        generator=np.random.default_rng(0))
    batches = list(loader)
    workers = [b["worker"].tolist() for b in batches]
    assert workers == [[0, 0], [1, 1], [0, 0], [1, 1]]  # batch i from worker i % 2
    pids = {w: set() for w in (0, 1)}
    seeds = {}
    for b in batches:
        worker = int(b["worker"][0])
        pids[worker].update(b["pid"].tolist())
        seeds.setdefault(worker, set()).update(b["seed"].tolist())
    assert len(pids[0]) == len(pids[1]) == 1 and pids[0] != pids[1]
    assert os.getpid() not in pids[0] | pids[1]
    (seed0,), (seed1,) = seeds[0], seeds[1]
    assert seed1 == seed0 + 1
    # Python's, NumPy's and minigrad's generators differ between workers.
    for name in ("numpy", "python", "minigrad"):
        first = [b[name].tolist() for b in batches[0::2]]
        second = [b[name].tolist() for b in batches[1::2]]
        assert first != second, name


def test_the_worker_seeds_start_pythons_numpys_and_minigrads_generators():
    batch = next(iter(DataLoader(WhoMadeIt(2), batch_size=2, num_workers=1)))
    seed = int(batch["seed"][0])
    expected_numpy = np.random.RandomState(seed % 2 ** 32).random_sample(2)
    python = random.Random(seed)
    expected_python = [python.random(), python.random()]
    minigrad.manual_seed(seed)
    expected_minigrad = [float(minigrad.rand(1).item()), float(minigrad.rand(1).item())]
    assert batch["numpy"].tolist() == expected_numpy.tolist()
    assert batch["python"].tolist() == expected_python
    assert batch["minigrad"].tolist() == pytest.approx(expected_minigrad)


class Scaled(Dataset):
    scale = 1

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return np.array([i * self.scale])


def _set_scale(worker_id):
    info = get_worker_info()
    assert info.id == worker_id and info.num_workers == 2
    info.dataset.scale = 10 * (worker_id + 1)


def test_worker_init_fn_runs_in_each_worker_and_may_configure_its_dataset():
    dataset = Scaled()
    batches = [b.tolist() for b in DataLoader(dataset, batch_size=1, num_workers=2,
                                               worker_init_fn=_set_scale)]
    assert batches == [[[0]], [[20]], [[20]], [[60]]]
    assert dataset.scale == 1  # the main process's copy is untouched


def test_the_default_start_method_is_fork_on_linux():
    marker = object()
    Scaled.marker = marker  # visible in a forked worker; a spawned one would re-import

    class Checks(Scaled):
        def __getitem__(self, i):
            return np.array([Scaled.__dict__.get("marker") is not None])

    try:
        assert [b.tolist() for b in DataLoader(Checks(), batch_size=4, num_workers=1)] == [
            [[True]] * 4]
    finally:
        del Scaled.marker


def test_a_spawn_context_works_with_picklable_datasets():
    loader = DataLoader(_dataset(6), batch_size=4, num_workers=1,
                        multiprocessing_context=multiprocessing.get_context("spawn"))
    assert _labels(loader) == [[0, 1, 2, 3], [4, 5]]


# ---------------------------------------------------------------------- errors
def test_an_exception_in_a_worker_is_raised_again_naming_the_worker():
    loader = DataLoader(Failing(KeyError("missing image 3")), batch_size=2, num_workers=2)
    with pytest.raises(KeyError, match=r"Caught KeyError in DataLoader worker process 1\.\n"
                                       r"Original Traceback \(most recent call last\):\n"
                                       r"(.|\n)*missing image 3"):
        list(loader)


def test_an_exception_that_cannot_take_a_message_becomes_a_runtime_error():
    class Strict(Exception):
        def __init__(self, code, detail):
            super().__init__(code, detail)

    loader = DataLoader(Failing(Strict(1, "x"), at=0), batch_size=2, num_workers=1)
    with pytest.raises(RuntimeError, match="Caught Strict in DataLoader worker process 0"):
        list(loader)


def test_an_exception_in_worker_init_fn_is_raised_again():
    def init(worker_id):
        raise ValueError(f"no device for worker {worker_id}")

    loader = DataLoader(_dataset(), batch_size=4, num_workers=2, worker_init_fn=init)
    with pytest.raises(ValueError, match="worker process 0(.|\n)*no device for worker 0"):
        list(loader)


class Dies(Dataset):
    def __init__(self, how):
        self.how = how

    def __len__(self):
        return 8

    def __getitem__(self, i):
        if i == 4:
            if self.how == "exit":
                os._exit(7)
            os.kill(os.getpid(), signal.SIGKILL)
        return np.zeros(1)


@pytest.mark.parametrize("how, message", [("exit", "exited unexpectedly with exit code 7"),
                                          ("kill", "was killed by signal SIGKILL")])
def test_a_worker_that_dies_raises_instead_of_hanging(how, message):
    loader = DataLoader(Dies(how), batch_size=2, num_workers=2)
    start = time.monotonic()
    with pytest.raises(RuntimeError, match=rf"DataLoader worker 0 \(pid \d+\) {message}"):
        list(loader)
    assert time.monotonic() - start < 30


class Sleepy(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        time.sleep(5 if i == 2 else 0)
        return np.zeros(1)


def test_timeout_raises_when_a_batch_takes_too_long():
    loader = DataLoader(Sleepy(), batch_size=2, num_workers=1, timeout=0.5)
    start = time.monotonic()
    with pytest.raises(RuntimeError, match=r"DataLoader timed out after 0\.5 seconds"):
        list(loader)
    assert time.monotonic() - start < 5


# ---------------------------------------------------------------------- lifetime
def _worker_pids(loader):
    return sorted({pid for batch in loader for pid in batch["pid"].tolist()})


def test_workers_stop_after_each_epoch_unless_persistent():
    loader = DataLoader(WhoMadeIt(8), batch_size=2, num_workers=2)
    first, second = _worker_pids(loader), _worker_pids(loader)
    assert len(first) == 2 and set(first).isdisjoint(second)
    assert multiprocessing.active_children() == []
    persistent = DataLoader(WhoMadeIt(8), batch_size=2, num_workers=2, persistent_workers=True)
    first, second = _worker_pids(persistent), _worker_pids(persistent)
    assert first == second and len(first) == 2
    assert len(multiprocessing.active_children()) == 2
    del persistent  # the workers go with the loader


def test_a_persistent_loader_restarted_mid_epoch_serves_the_new_epoch_whole():
    loader = DataLoader(_dataset(40), batch_size=4, num_workers=2, persistent_workers=True,
                        prefetch_factor=3)
    abandoned = iter(loader)
    next(abandoned)
    assert _labels(loader) == [list(range(i, i + 4)) for i in range(0, 40, 4)]
    with pytest.raises(RuntimeError, match="replaced by a newer iter"):
        next(abandoned)


def test_breaking_out_of_an_epoch_stops_the_workers():
    loader = DataLoader(_dataset(40), batch_size=2, num_workers=2)
    iterator = iter(loader)
    next(iterator)
    assert len(multiprocessing.active_children()) == 2
    del iterator
    assert multiprocessing.active_children() == []


def test_workers_exit_when_the_main_process_dies():
    script = textwrap.dedent("""
        import os, sys, time
        import numpy as np
        from minigrad.data import DataLoader, Dataset

        class Pids(Dataset):
            def __len__(self):
                return 100
            def __getitem__(self, i):
                return np.array([os.getpid()])

        loader = DataLoader(Pids(), batch_size=1, num_workers=2, persistent_workers=True)
        pids = {int(b[0, 0]) for b, _ in zip(loader, range(4))}
        print(" ".join(map(str, sorted(pids))), flush=True)
        os._exit(0)  # no clean-up: as if killed
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=_REPO, timeout=120, check=True)
    pids = [int(p) for p in out.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids)


def test_a_forked_child_starts_its_own_workers_and_leaves_the_parents_alone():
    script = textwrap.dedent("""
        import gc, os, sys
        import numpy as np
        from minigrad.data import DataLoader, Dataset

        class Pids(Dataset):
            def __len__(self):
                return 8
            def __getitem__(self, i):
                return np.array([os.getpid()])

        def pids(loader):
            return {int(p) for batch in loader for p in batch.numpy().ravel()}

        loader = DataLoader(Pids(), batch_size=2, num_workers=2, persistent_workers=True)
        before = pids(loader)
        child = os.fork()
        if child == 0:
            mine = pids(loader)
            del loader
            gc.collect()  # the child's copy of the parent's pool is finalized here
            sys.exit(0 if len(mine) == 2 and mine.isdisjoint(before) else 3)
        _, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 0, status
        assert pids(loader) == before, "the parent's workers were disturbed"
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=_REPO, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
