"""Timing in worker processes: one process per library, their samples taken in turn.

Each library runs in a process of its own, so that neither's thread pools
(OpenMP, MKL, OpenBLAS) sit in the other's process. A worker serves
requests on stdin, one per line: ``threads T`` (set the thread count) or
``run N`` (do N steps and print the seconds they took).

Each ``run`` first does one step untimed. A worker sits idle while the other
library's sample runs, and a process that pauses starts again slower than a
loop that never does (on the virtual machines we measure on, the memory it
freed is faulted in again). LeNet-5 inference at batch 1000 on 2 threads, in
one process: a median of 118-131 ms per batch run back to back, 131-198 ms
with a pause of one second before each run. The untimed step measures what
a training loop sees.
"""
import statistics
import subprocess
import sys
import time


def serve(runner, set_threads, mode):
    """Answer timing requests on stdin with ``getattr(runner, mode)(N)``."""
    for line in sys.stdin:
        command, value = line.split()
        if command == "threads":
            set_threads(int(value))
            print("ok", flush=True)
        else:
            getattr(runner, mode)(1)
            start = time.perf_counter()
            getattr(runner, mode)(int(value))
            print(time.perf_counter() - start, flush=True)


class Worker:
    """The parent's handle on a worker process started as ``python script *arguments``."""

    def __init__(self, script, *arguments):
        self.process = subprocess.Popen([sys.executable, script, *map(str, arguments)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, command, value):
        self.process.stdin.write(f"{command} {value}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        if not answer:
            raise RuntimeError(f"the worker {self.process.args[1:]} stopped without answering")
        return answer

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def worker_medians(workers, steps, repeats, warmup):
    """Median seconds of ``steps`` steps in each worker, their samples taken in turn."""
    for w in workers:
        for _ in range(warmup):
            w.ask("run", steps)
    samples = [[] for _ in workers]
    for _ in range(repeats):
        for w, times in zip(workers, samples):
            times.append(float(w.ask("run", steps)))
    return [statistics.median(times) for times in samples]


def status_mb(field):
    """A memory figure of this process from /proc/self/status (Linux), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak_memory():
    """Start the peak resident set (``VmHWM``) afresh from the current one."""
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
