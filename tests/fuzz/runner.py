"""Run fuzz calls in worker processes, so that a crash or a hang is seen, not suffered.

A worker (``python -m tests.fuzz.calls``) announces each call before making
it. If it dies before reporting the call, the call crashed; if it reports
nothing for ``timeout`` seconds, the call hung and the worker is killed. In
both cases a new worker resumes with the next call.
"""
import collections
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

Result = collections.namedtuple("Result", "index target outcome message")


def _start_worker(family, seed, start, count, workdir):
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""),
               PYTHONFAULTHANDLER="1")
    return subprocess.Popen(
        [sys.executable, "-m", "tests.fuzz.calls", family, str(seed), str(start), str(count)],
        cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True)


def _kill(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def run_family(family, seed, count, timeout=10.0, start=0):
    """The results of calls ``start`` to ``start + count - 1`` of ``family``."""
    results = []
    index = start
    end = start + count
    with tempfile.TemporaryDirectory(prefix="minigrad-fuzz-") as workdir:
        while index < end:
            process = _start_worker(family, seed, index, end - index, workdir)
            current, buffer = None, b""
            stdout = process.stdout.fileno()
            deadline = time.monotonic() + timeout + 30  # the first call also imports minigrad
            while True:
                wait = deadline - time.monotonic()
                ready = select.select([stdout], [], [], max(wait, 0))[0] if wait > 0 else []
                if not ready:
                    _kill(process)
                    results.append(Result(current, _label(family, seed, current), "hang",
                                          f"no answer in {timeout:.0f} s"))
                    index = current + 1
                    break
                chunk = os.read(stdout, 65536)
                if not chunk:  # the worker exited
                    code = process.wait()
                    stderr = process.stderr.read().decode(errors="replace")
                    if current is None:
                        raise RuntimeError(f"the fuzz worker failed to start: {stderr[-2000:]}")
                    if current is not None and (not results or results[-1].index != current):
                        results.append(Result(current, _label(family, seed, current), "crash",
                                              f"exit status {code}: {stderr[-500:]}"))
                        index = current + 1
                    else:
                        index = end
                    break
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    if line.startswith(b"start "):
                        current = int(line.split()[1])
                        deadline = time.monotonic() + timeout
                    elif line:
                        entry = json.loads(line)
                        results.append(Result(entry["i"], entry["target"], entry["outcome"],
                                              entry["message"]))
                        if entry["i"] == end - 1:
                            index = end
            process.stdout.close()
            process.stderr.close()
    return results


def _label(family, seed, index):
    from tests.fuzz import calls

    items = calls.targets(family)
    return items[index % len(items)][0]


def summarize(results):
    """``{outcome: count}`` with every outcome present."""
    counts = collections.Counter(r.outcome for r in results)
    return {key: counts.get(key, 0) for key in ("ok", "clean", "unclear", "crash", "hang")}


def table(rows):
    """A plain-text table of ``{family: summary}``."""
    header = f"{'family':<12}{'calls':>8}{'returned':>10}{'clean errors':>14}" \
             f"{'unclear messages':>18}{'crashes':>9}{'hangs':>7}"
    lines = [header, "-" * len(header)]
    for family, s in rows.items():
        total = sum(s.values())
        lines.append(f"{family:<12}{total:>8}{s['ok']:>10}{s['clean']:>14}{s['unclear']:>18}"
                     f"{s['crash']:>9}{s['hang']:>7}")
    return "\n".join(lines)
