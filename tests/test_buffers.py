"""Memory kept for reuse: large arrays of unrecorded ops, and glibc's heap (_ext.buffers)."""
import os
import platform
import subprocess
import sys
import threading

import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad._ext import buffers

try:
    from numpy._core.multiarray import get_handler_name
except ImportError:  # NumPy 1.x
    from numpy.core.multiarray import get_handler_name

REUSED = "minigrad_buffers"
LARGE = (2, 4, 512, 512)  # 8 MiB of float32


@pytest.fixture(autouse=True)
def _nothing_kept():
    buffers.release()
    yield
    buffers.release()


def test_inference_outputs_of_large_inputs_take_the_reused_memory():
    x = minigrad.randn(*LARGE)
    with minigrad.no_grad():
        out = F.relu(x)
    assert get_handler_name(out.numpy()) == REUSED
    assert get_handler_name() != REUSED  # set only while the op ran


def test_recorded_ops_and_small_inputs_keep_numpy_memory():
    x = minigrad.randn(*LARGE, requires_grad=True)
    assert get_handler_name(F.relu(x).detach().numpy()) != REUSED
    with minigrad.no_grad():
        assert get_handler_name(F.relu(minigrad.randn(4, 4)).numpy()) != REUSED


def test_a_freed_block_goes_to_the_next_array_of_its_size_and_never_to_a_live_one():
    x = minigrad.randn(*LARGE)
    negated = minigrad.from_numpy(-x.numpy())
    with minigrad.no_grad():
        first = F.relu(x)
        address = first.numpy().ctypes.data
        second = F.relu(x)
        assert second.numpy().ctypes.data != address
        del first
        assert buffers.kept()[1] >= x.numpy().nbytes
        third = F.relu(negated)
    assert third.numpy().ctypes.data == address
    np.testing.assert_array_equal(second.numpy(), np.maximum(x.numpy(), 0))
    np.testing.assert_array_equal(third.numpy(), np.maximum(-x.numpy(), 0))


def test_lenet_inference_gives_the_same_values_with_reused_memory():
    model = minigrad.nn.Sequential(
        minigrad.nn.Conv2d(1, 20, 5, padding=2), minigrad.nn.ReLU(), minigrad.nn.MaxPool2d(2),
        minigrad.nn.Conv2d(20, 50, 5, padding=2), minigrad.nn.ReLU(), minigrad.nn.MaxPool2d(2),
        minigrad.nn.Flatten(), minigrad.nn.Linear(2450, 10)).eval()
    batches = [minigrad.randn(400, 1, 28, 28) for _ in range(3)]
    # The reference: the same layers recorded (their arrays never reuse memory).
    for p in model.parameters():
        p.requires_grad_(True)
    want = [model(x).detach().numpy().copy() for x in batches]
    with minigrad.no_grad():
        for _ in range(2):
            got = [model(x).numpy() for x in batches]
            for w, g in zip(want, got):
                np.testing.assert_array_equal(g, w)
    assert buffers.kept()[1] > 0


def test_zeroed_memory_is_zero_even_when_reused():
    previous = buffers.begin_reuse()
    try:
        dirty = np.full(LARGE, 7.0, np.float32)
        address = dirty.ctypes.data
        del dirty
        zeros = np.zeros(LARGE, np.float32)
    finally:
        buffers.end_reuse(previous)
    assert zeros.ctypes.data == address
    assert not zeros.any()


def test_resizing_a_reused_array_keeps_its_values():
    previous = buffers.begin_reuse()
    try:
        a = np.arange(2 << 20, dtype=np.float32)
        a.resize(3 << 20, refcheck=False)
        b = np.arange(3 << 20, dtype=np.float32)
        b.resize(1 << 20, refcheck=False)
    finally:
        buffers.end_reuse(previous)
    np.testing.assert_array_equal(a[: 2 << 20], np.arange(2 << 20, dtype=np.float32))
    assert not a[2 << 20:].any()
    np.testing.assert_array_equal(b, np.arange(1 << 20, dtype=np.float32))


def test_the_kept_memory_stays_within_its_limits():
    sizes = [buffers.MIN_BLOCK * k for k in (1, 2, 3, 5, 8, 13, 21, 34)] * 3
    previous = buffers.begin_reuse()
    try:
        arrays = [np.empty(size, np.uint8) for size in sizes]
        arrays.append(np.empty(buffers.MAX_BYTES + 1, np.uint8))  # too large to keep
    finally:
        buffers.end_reuse(previous)
    del arrays
    blocks, kept = buffers.kept()
    assert 0 < blocks <= buffers.MAX_BLOCKS and 0 < kept <= buffers.MAX_BYTES
    assert buffers.release() == kept and buffers.kept() == (0, 0)


def test_small_arrays_made_in_reuse_are_freed_at_once():
    previous = buffers.begin_reuse()
    try:
        small = np.ones(1000)
    finally:
        buffers.end_reuse(previous)
    assert get_handler_name(small) == REUSED
    del small
    assert buffers.kept()[1] == 0


@pytest.mark.parametrize("nbytes", [2**62, 2**63 - 1])
def test_an_impossible_size_raises_instead_of_crashing(nbytes):
    previous = buffers.begin_reuse()
    try:
        with pytest.raises((MemoryError, ValueError)):
            np.empty(nbytes, np.uint8)
    finally:
        buffers.end_reuse(previous)


def test_an_op_that_raises_restores_numpy_memory():
    x = minigrad.randn(*LARGE)
    with minigrad.no_grad(), pytest.raises(ValueError):
        F.conv2d(x, minigrad.randn(3, 5, 3, 3))
    assert get_handler_name() != REUSED


def test_threads_allocating_and_freeing_at_once_never_share_a_block():
    errors = []

    def work(k):
        x = minigrad.full(LARGE, float(k))
        with minigrad.no_grad():
            for _ in range(40):
                outs = [F.relu(x) for _ in range(3)]
                if any(float(o.numpy().min()) != k or float(o.numpy().max()) != k for o in outs):
                    errors.append(k)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert buffers.kept()[1] <= buffers.MAX_BYTES


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_reuses_the_blocks_it_inherited():
    x = minigrad.randn(*LARGE)
    with minigrad.no_grad():
        F.relu(x)  # leaves a kept block
    assert buffers.kept()[1] > 0
    pid = os.fork()
    if pid == 0:  # the child: any failure is its exit status
        code = 1
        try:
            with minigrad.no_grad():
                for _ in range(5):
                    ok = np.array_equal(F.relu(x).numpy(), np.maximum(x.numpy(), 0))
            code = 0 if ok else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


# ------------------------------------------------------------------ the C library's heap
_GLIBC = platform.libc_ver()[0] == "glibc"

# Rounds of ten 12 MB arrays written and freed together: the 120 MB freed at
# the heap's top is more than glibc's own trim limit (twice its adaptive mmap
# threshold, here 24 MB), and more than 64 MiB, so each round gives the pages
# back and the next faults them in afresh; under keep_heap's 256 MiB it stays.
# Prints the page faults of the rounds after the first and whether keep_heap
# took effect.
_ROUNDS = """
import resource, numpy as np, minigrad
from minigrad._ext import buffers
def round_():
    arrays = [np.ones(3 << 20, np.float32) for _ in range(10)]
    del arrays
round_()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(4):
    round_()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before, buffers.heap_kept)
"""


def _rounds(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    environment.update(env)
    out = subprocess.run([sys.executable, "-c", _ROUNDS], env=environment, check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), out[1] == "True"


@pytest.mark.skipif(not _GLIBC, reason="glibc's heap settings")
def test_freed_arrays_stay_in_the_heap_for_the_next_ones():
    faults, kept = _rounds()
    assert kept
    # Given back, four rounds of 120 MB fault 30,000 pages of 4 KB in, or 240 huge pages.
    assert faults < 50


@pytest.mark.skipif(not _GLIBC, reason="glibc's heap settings")
def test_the_heap_setting_can_be_turned_off_and_yields_to_the_users():
    faults, kept = _rounds(MINIGRAD_KEEP_HEAP="0")
    assert not kept
    assert faults > 100  # what the test above would see without it
    assert _rounds(MALLOC_TRIM_THRESHOLD_="1000000")[1] is False
    assert _rounds(GLIBC_TUNABLES="glibc.malloc.trim_threshold=1000000")[1] is False
