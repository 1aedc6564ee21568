"""A forked child runs minigrad's kernels after its parent ran them on two threads.

GNU OpenMP's thread pool does not survive ``fork``: without care, the child
hangs in its first parallel kernel. Each case runs in its own process group
with a timeout, so a hang fails the test instead of the suite.
"""
import os
import signal
import subprocess
import sys
import textwrap

import pytest

import minigrad

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

_REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Runs a convolution (and a matmul) on two threads in the parent first, so
# the OpenMP pool exists when the process forks.
_PRELUDE = textwrap.dedent("""
    import os, signal, sys
    import numpy as np
    import minigrad
    import minigrad.nn.functional as F

    def work(seed=0):
        rng = np.random.default_rng(seed)
        x = minigrad.tensor(rng.standard_normal((8, 3, 32, 32)).astype(np.float32))
        w = minigrad.tensor(rng.standard_normal((16, 3, 5, 5)).astype(np.float32))
        y = F.max_pool2d(F.relu(F.conv2d(x, w)), 2)
        return float(y.sum().item() + (y.flatten(1) @ y.flatten(1).T).sum().item())

    minigrad.set_num_threads(2)
    expected = work()
""")


def _run(body, timeout=90):
    env = dict(os.environ, PYTHONPATH=_REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    process = subprocess.Popen([sys.executable, "-c", _PRELUDE + textwrap.dedent(body)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the forked child hung in its first kernel")
    assert process.returncode == 0, err
    return out


def test_a_child_made_by_os_fork_runs_kernels_on_one_thread_and_gets_the_same_result():
    out = _run("""
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            signal.alarm(30)  # a hung child dies instead of outliving the test
            os.close(read)
            threads = minigrad.get_num_threads()
            os.write(write, f"{threads} {work() == expected}".encode())
            os._exit(0)
        os.close(write)
        _, status = os.waitpid(pid, 0)
        print(os.read(read, 100).decode(), os.waitstatus_to_exitcode(status))
    """)
    assert out.split() == ["1", "True", "0"]


def test_a_fork_pool_runs_kernels_in_its_workers():
    out = _run("""
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(2) as pool:
            results = pool.map_async(work, [0, 0, 1]).get(timeout=45)
        print(results[0] == expected and results[1] == expected, results[2] != expected)
        print(minigrad.get_num_threads())
    """)
    assert out.split() == ["True", "True", "2"]


def test_a_forked_child_may_choose_its_own_thread_count():
    out = _run("""
        pid = os.fork()
        if pid == 0:
            signal.alarm(30)
            minigrad.set_num_threads(1)
            os._exit(0 if minigrad.get_num_threads() == 1 and work() == expected else 3)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), minigrad.get_num_threads())
    """)
    assert out.split() == ["0", "2"]
