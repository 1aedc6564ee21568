"""Data-parallel LeNet-5: 1 process x 2 threads against 2 processes x 1 thread, over MPI.

A training step is forward, cross-entropy, zero_grad, backward and an SGD
step on random 28x28 images, a global batch of ``--batch`` images (each of
the 2 processes takes half). The script runs one worker process with 2
threads, then ``mpiexec -n 2`` workers with 1 thread each and
:class:`~minigrad.nn.parallel.DistributedDataParallel`, for each bucket size
in ``--buckets`` (and, for reference, one process with 1 thread), and prints:

- images/s (the median step time over ``--steps`` steps after warm-up);
- ``allreduce/step``: the time the step's buckets take to allreduce when
  nothing else runs (blocking calls, median of repeats);
- ``exposed``: the time backward still waited for them at its end (which
  includes waiting for the slower rank to finish its backward), and
  ``overlapped``, the share of the allreduce time hidden behind backward:
  ``1 - exposed / allreduce``.

It then measures allreduce between the 2 processes (minigrad's rank-order
all_reduce and MPI's own ``MPI_Allreduce``) from 8 bytes to 64 MB and fits
a latency and a bandwidth, the figures the scaling model of
``docs/guides/distributed.rst`` starts from.

    python benchmarks/distributed.py                  # needs the [mpi] extra
    python benchmarks/distributed.py --steps 40 --buckets 25 1 0.25
"""
import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
from _timing import print_table

import minigrad
from minigrad import nn, optim

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _lenet5():
    spec = importlib.util.spec_from_file_location(
        "lenet5_example", os.path.join(ROOT, "examples", "lenet5.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.lenet5()


def _train_steps(model, batch, steps, warmup=3):
    rng = np.random.default_rng(0)
    x = minigrad.from_numpy(rng.standard_normal((batch, 1, 28, 28)).astype(np.float32))
    y = minigrad.from_numpy(rng.integers(0, 10, batch))
    opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    times, waits = [], []
    for i in range(warmup + steps):
        start = time.perf_counter()
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        if i >= warmup:
            times.append(time.perf_counter() - start)
            waits.append(getattr(model, "_last_wait_seconds", 0.0))
    return statistics.median(times), statistics.median(waits)


def _blocking_allreduce_seconds(dist, arrays, repeats=15):
    """Median time of allreducing ``arrays`` one after another, nothing else running."""
    tensors = [minigrad.from_numpy(a.copy()) for a in arrays]
    samples = []
    for _ in range(repeats + 2):
        dist.barrier()
        start = time.perf_counter()
        for t in tensors:
            dist.all_reduce(t, op=dist.ReduceOp.AVG)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples[2:])


def _bandwidth_sweep(dist):
    from mpi4py import MPI
    comm = MPI.COMM_WORLD
    rows = []
    for exponent in range(3, 27, 3):
        nbytes = 2 ** exponent
        data = np.ones(nbytes // 4, np.float32)
        out = np.empty_like(data)
        repeats = 30 if nbytes < 2 ** 20 else 5
        ours = _blocking_allreduce_seconds(dist, [data], repeats)
        samples = []
        for _ in range(repeats + 2):
            comm.Barrier()
            start = time.perf_counter()
            comm.Allreduce(data, out)
            samples.append(time.perf_counter() - start)
        rows.append((nbytes, ours, statistics.median(samples[2:])))
    return rows


def _fit(rows, column):
    """Latency (s) from the smallest message, bandwidth (bytes/s) from a fit over >= 1 MB."""
    sizes = np.array([r[0] for r in rows if r[0] >= 2 ** 20], float)
    times = np.array([r[column] for r in rows if r[0] >= 2 ** 20], float)
    slope = np.polyfit(sizes, times, 1)[0]
    return rows[0][column], 1.0 / slope


def worker(args):
    minigrad.set_num_threads(args.threads)
    world = int(os.environ.get("PMI_SIZE", "1"))
    minigrad.manual_seed(0)
    if world == 1:
        step, _ = _train_steps(_lenet5(), args.batch, args.steps)
        print(json.dumps({"world": 1, "threads": args.threads, "step": step}))
        return
    import minigrad.distributed as dist
    dist.init_process_group("mpi", timeout=300)
    results = []
    for cap in args.buckets:
        model = nn.parallel.DistributedDataParallel(_lenet5(), bucket_cap_mb=cap)
        step, exposed = _train_steps(model, args.batch // world, args.steps)
        allreduce = _blocking_allreduce_seconds(dist, [b.flat for b in model._buckets])
        results.append({"cap": cap, "buckets": len(model._buckets), "step": step,
                        "exposed": exposed, "allreduce": allreduce})
    sweep = _bandwidth_sweep(dist)
    if dist.get_rank() == 0:
        print(json.dumps({"world": world, "threads": args.threads, "ddp": results,
                          "sweep": sweep}))


def _run_worker(command):
    out = subprocess.run(command, capture_output=True, text=True, timeout=1800,
                         env=dict(os.environ, PYTHONPATH=ROOT))
    if out.returncode != 0:
        sys.exit(f"worker failed: {' '.join(command)}\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=64, help="global batch (default 64)")
    parser.add_argument("--steps", type=int, default=20, help="timed steps (default 20)")
    parser.add_argument("--buckets", type=float, nargs="+", default=[25.0, 1.0],
                        help="bucket_cap_mb values to try (default 25 1)")
    parser.add_argument("--threads", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args)

    common = [sys.executable, os.path.abspath(__file__), "--worker", "--batch", str(args.batch),
              "--steps", str(args.steps), "--buckets", *map(str, args.buckets)]
    singles = [_run_worker(common + ["--threads", str(n)]) for n in (1, 2)]
    multi = _run_worker(["mpiexec", "-n", "2"] + common + ["--threads", "1"])
    print(f"LeNet-5 training, global batch {args.batch}, median of {args.steps} steps; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    rows = [[f"1 x {r['threads']} thread{'s' if r['threads'] > 1 else ''}", "-", "-",
             f"{args.batch / r['step']:.0f}", "-", "-", "-"] for r in singles]
    for r in multi["ddp"]:
        rows.append(["2 x 1 thread", f"{r['cap']:g}", r["buckets"],
                     f"{args.batch / r['step']:.0f}", f"{r['allreduce'] * 1e3:.2f}",
                     f"{r['exposed'] * 1e3:.2f}",
                     f"{max(0.0, 1 - r['exposed'] / r['allreduce']):.0%}"])
    print_table(["processes", "bucket MB", "buckets", "images/s", "allreduce/step ms",
                 "exposed ms", "overlapped"], rows)
    print("\nallreduce between 2 processes (median time)\n")
    print_table(["bytes", "minigrad all_reduce us", "MPI_Allreduce us"],
                [[n, f"{a * 1e6:.1f}", f"{b * 1e6:.1f}"] for n, a, b in multi["sweep"]])
    for name, column in (("minigrad all_reduce (allgather, rank order)", 1),
                         ("MPI_Allreduce", 2)):
        latency, bandwidth = _fit(multi["sweep"], column)
        print(f"{name}: latency {latency * 1e6:.1f} us, bandwidth {bandwidth / 1e9:.2f} GB/s")


if __name__ == "__main__":
    main()
