"""Convolutions with huge dilations and paddings: does each succeed, agree with PyTorch, and in how much memory?

Seeded random geometries (1-, 2- and 3-d, plain and transposed, groups,
strides) whose dilation and padding run up to 2**31 - 1 around small inputs
and outputs: the padded extent is astronomically larger than the data. Each
framework runs every geometry (forward, then backward) in a worker process
of its own under an address-space limit, so that an allocation proportional
to the padded extent fails as a ``MemoryError`` instead of taking the
machine; the peak resident memory of each call is read from the kernel
(``VmHWM``, reset before each call through ``/proc/self/clear_refs``). A
crash or a hang ends the worker, is counted, and a new worker resumes with
the next geometry. PyTorch runs only when it is installed.

    python benchmarks/conv_geometry_sweep.py                 # 400 geometries
    python benchmarks/conv_geometry_sweep.py --count 100 --seed 3 --limit-gib 4
"""
import argparse
import json
import math
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_DILATIONS = [2**k for k in (8, 12, 16, 20, 24, 26, 27, 28, 29, 30)] + [2**31 - 1]
_MAX_OUT_ELEMENTS = 1 << 16


def _out_size(transposed, size, k, s, p, d, op):
    if transposed:
        return (size - 1) * s - 2 * p + d * (k - 1) + op + 1
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


def geometries(count, seed):
    """``count`` valid geometries with huge dilations and paddings, the same for a seed."""
    rng = np.random.default_rng(seed)
    found = []
    while len(found) < count:
        nd = int(rng.integers(1, 4))
        transposed = bool(rng.random() < 0.35)
        groups = int(rng.choice([1, 1, 2]))
        c_in, c_out = groups * int(rng.integers(1, 3)), groups * int(rng.integers(1, 3))
        n = int(rng.integers(1, 3))
        size = [int(rng.integers(1, 6)) for _ in range(nd)]
        kernel = [int(rng.integers(1, 4)) for _ in range(nd)]
        stride, padding, dilation, output_padding = [], [], [], []
        for k in kernel:
            d = int(rng.choice(_DILATIONS)) if rng.random() < 0.8 else int(rng.integers(1, 4))
            s = int(rng.choice([1, 1, 1, 2, 3, 2**20]))
            half = d * (k - 1) // 2
            p = int(rng.choice([half, half + 1, max(half - 1, 0), d * (k - 1), 2**27,
                                int(rng.integers(0, 5))]))
            p = min(p, 2**31 - 1)
            op = int(rng.integers(0, 2)) if transposed and max(s, d) > 1 else 0
            stride.append(s)
            padding.append(p)
            dilation.append(d)
            output_padding.append(op)
        out = [_out_size(transposed, *a) for a in
               zip(size, kernel, stride, padding, dilation, output_padding)]
        if min(out) < 1 or n * c_out * math.prod(out) > _MAX_OUT_ELEMENTS:
            continue
        if transposed:
            w_shape = [c_in, c_out // groups] + kernel
        else:
            w_shape = [c_out, c_in // groups] + kernel
        found.append({"nd": nd, "transposed": transposed, "x": [n, c_in] + size, "w": w_shape,
                      "stride": stride, "padding": padding, "dilation": dilation,
                      "output_padding": output_padding, "groups": groups})
    return found


# ------------------------------------------------------------------------- one framework
def _peak_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def _call(framework, g, arrays):
    kwargs = {"stride": g["stride"], "padding": g["padding"], "dilation": g["dilation"],
              "groups": g["groups"]}
    if g["transposed"]:
        kwargs["output_padding"] = g["output_padding"]
    name = ("conv_transpose%dd" if g["transposed"] else "conv%dd") % g["nd"]
    if framework == "torch":
        import torch

        x = torch.tensor(arrays["x"], requires_grad=True)
        w = torch.tensor(arrays["w"], requires_grad=True)
        out = getattr(torch.nn.functional, name)(x, w, **kwargs)
        out.backward(torch.ones_like(out))
        return out.detach().numpy(), x.grad.numpy(), w.grad.numpy()
    import minigrad
    import minigrad.nn.functional as F

    x = minigrad.tensor(arrays["x"], requires_grad=True)
    w = minigrad.tensor(arrays["w"], requires_grad=True)
    out = getattr(F, name)(x, w, **kwargs)
    out.backward(minigrad.ones_like(out))
    return out.detach().numpy(), x.grad.numpy(), w.grad.numpy()


def worker(framework, path, start, workdir, limit_gib):
    """Runs geometries ``start ...`` of the file ``path``, printing one JSON line each."""
    import resource

    if framework == "torch":
        import torch

        torch.set_num_threads(1)
    else:
        import minigrad

        minigrad.set_num_threads(1)
    limit = int(limit_gib * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with open(path) as f:
        cases = json.load(f)
    for i in range(start, len(cases)):
        g = cases[i]
        rng = np.random.default_rng(i)
        arrays = {"x": rng.standard_normal(g["x"]), "w": rng.standard_normal(g["w"])}
        print(f"start {i}", flush=True)
        _reset_peak()
        before = _peak_mib()
        t0 = time.perf_counter()
        try:
            results = _call(framework, g, arrays)
            status = "ok"
            np.savez(os.path.join(workdir, f"{framework}-{i}.npz"), *results)
            message = ""
        except Exception as error:  # counted, with its type
            status = "MemoryError" if isinstance(error, MemoryError) else type(error).__name__
            message = str(error)[:160]
        print(json.dumps({"i": i, "status": status, "message": message,
                          "peak_mib": _peak_mib() - before,
                          "seconds": time.perf_counter() - t0}), flush=True)


def run_framework(framework, path, count, workdir, limit_gib, timeout):
    """``{i: record}`` for every geometry, restarting the worker after a crash or hang."""
    records, index = {}, 0
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    while index < count:
        process = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--worker", framework, path,
             str(index), workdir, str(limit_gib)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        current, buffer = None, b""
        deadline = time.monotonic() + timeout + 60  # the first call also imports
        while True:
            wait = deadline - time.monotonic()
            ready = select.select([process.stdout], [], [], max(wait, 0))[0] if wait > 0 else []
            if not ready:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                records[current] = {"status": "hang", "peak_mib": float("nan")}
                index = current + 1
                break
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                code = process.wait()
                if current is not None and current not in records:
                    records[current] = {"status": f"crash ({code})", "peak_mib": float("nan")}
                    index = current + 1
                else:
                    index = count
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                if line.startswith(b"start "):
                    current = int(line.split()[1])
                    deadline = time.monotonic() + timeout
                elif line:
                    entry = json.loads(line)
                    records[entry["i"]] = entry
        process.stdout.close()
    return records


def _agree(workdir, i):
    a = np.load(os.path.join(workdir, f"minigrad-{i}.npz"))
    b = np.load(os.path.join(workdir, f"torch-{i}.npz"))
    return all(np.allclose(a[k], b[k], rtol=1e-9, atol=1e-9) for k in a.files)


def _describe(g):
    kind = ("conv_transpose%dd" if g["transposed"] else "conv%dd") % g["nd"]
    return (f"{kind} x{g['x']} w{g['w']} s{g['stride']} p{g['padding']} d{g['dilation']}"
            f"{' op' + str(g['output_padding']) if g['transposed'] else ''} g{g['groups']}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], float(sys.argv[6]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit-gib", type=float, default=6.0,
                        help="address-space limit of each worker")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per geometry")
    args = parser.parse_args()
    try:
        import torch  # noqa: F401

        frameworks = ["minigrad", "torch"]
    except ImportError:
        frameworks = ["minigrad"]
    cases = geometries(args.count, args.seed)
    with tempfile.TemporaryDirectory(prefix="minigrad-conv-sweep-") as workdir:
        path = os.path.join(workdir, "geometries.json")
        with open(path, "w") as f:
            json.dump(cases, f)
        results = {}
        for framework in frameworks:
            start = time.perf_counter()
            results[framework] = run_framework(framework, path, len(cases), workdir,
                                               args.limit_gib, args.timeout)
            print(f"{framework}: {len(cases)} geometries in {time.perf_counter() - start:.0f} s",
                  flush=True)
        both = frameworks == ["minigrad", "torch"]
        agree = sum(1 for i in range(len(cases))
                    if both and results["minigrad"][i]["status"] == "ok"
                    and results["torch"][i]["status"] == "ok" and _agree(workdir, i))
    print(f"\n{len(cases)} geometries (seed {args.seed}), address space limited to "
          f"{args.limit_gib:g} GiB per worker, one thread\n")
    header = f"{'':10}{'succeed':>9}{'MemoryError':>13}{'other error':>13}{'crash/hang':>12}" \
             f"{'peak MiB: median':>18}{'max':>9}"
    print(header)
    print("-" * len(header))
    for framework in frameworks:
        r = results[framework]
        statuses = [r[i]["status"] for i in range(len(cases))]
        peaks = np.array([r[i]["peak_mib"] for i in range(len(cases)) if r[i]["status"] == "ok"])
        print(f"{framework:10}{statuses.count('ok'):>9}{statuses.count('MemoryError'):>13}"
              f"{sum(s not in ('ok', 'MemoryError') and not s.startswith(('crash', 'hang')) for s in statuses):>13}"
              f"{sum(s.startswith(('crash', 'hang')) for s in statuses):>12}"
              f"{np.median(peaks) if peaks.size else float('nan'):>18.1f}"
              f"{peaks.max() if peaks.size else float('nan'):>9.1f}")
    if both:
        ok_both = [i for i in range(len(cases)) if results["minigrad"][i]["status"] == "ok"
                   and results["torch"][i]["status"] == "ok"]
        only_torch = [i for i in range(len(cases)) if results["torch"][i]["status"] == "ok"
                      and results["minigrad"][i]["status"] != "ok"]
        print(f"\nboth succeed: {len(ok_both)}, and agree (forward and both gradients, "
              f"1e-9): {agree}; PyTorch succeeds where minigrad fails: {len(only_torch)}")
        for i in only_torch[:10]:
            print(f"  {results['minigrad'][i]['status']}: {_describe(cases[i])}")
    for framework in frameworks:
        failed = [i for i in range(len(cases)) if results[framework][i]["status"] != "ok"]
        if failed:
            print(f"\n{framework}'s errors:")
        for i in failed[:6]:
            r = results[framework][i]
            print(f"  {r['status']}: {r.get('message', '')[:110]}\n    {_describe(cases[i])}")
    worst = sorted((i for i in range(len(cases)) if results["minigrad"][i]["status"] == "ok"),
                   key=lambda i: -results["minigrad"][i]["peak_mib"])[:5]
    print("\nminigrad's largest peaks:")
    for i in worst:
        other = f", PyTorch {results['torch'][i]['peak_mib']:.1f} MiB" if both else ""
        print(f"  {results['minigrad'][i]['peak_mib']:8.1f} MiB{other}: {_describe(cases[i])}")


if __name__ == "__main__":
    main()
