"""The long fuzz: many seeded calls of the public API, then coverage-guided fuzzing of the file readers.

Part 1 runs ``--calls`` calls per family (public functions, ``nn`` modules,
``Tensor`` methods) in worker processes, as ``tests/test_fuzz.py`` does with
fewer, and prints how they ended. Part 2 fuzzes ``minigrad.load`` and the
IDX reader (``minigrad.data.idx``) with atheris (the ``[fuzz]`` extra) for
``--seconds`` each, starting from valid files, with coverage of the readers
(and ``zipfile``) only: an exception other than ``CheckpointError`` /
``IDXError`` counts as another exception; a signal, an out-of-memory stop or
a 10 s call ends the fuzzing process and counts as a crash or a hang, and
fuzzing resumes in a new process. ``--keep DIR`` keeps those inputs.

    python benchmarks/fuzz.py                       # 10,000 calls per family, 120 s per reader
    python benchmarks/fuzz.py --calls 2000 --seconds 30
"""
import argparse
import collections
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)

_READERS = ("load", "idx")


# ---------------------------------------------------------------------- part 1
def fuzz_api(calls, seed, families):
    from tests.fuzz import runner

    rows, details = {}, collections.defaultdict(collections.Counter)
    for family in families:
        start = time.perf_counter()
        results = runner.run_family(family, seed, calls)
        rows[family] = runner.summarize(results)
        for r in results:
            if r.outcome not in ("ok", "clean"):
                details[r.outcome][(r.target, r.message[:90])] += 1
        print(f"{family}: {calls} calls in {time.perf_counter() - start:.0f} s", flush=True)
    print()
    print(runner.table(rows))
    for outcome in ("crash", "hang", "unclear"):
        if details[outcome]:
            print(f"\nmost frequent {outcome} ({sum(details[outcome].values())}):")
            for (target, message), n in details[outcome].most_common(15):
                print(f"  {n:5d}  {target}: {message}")
    return rows


# ---------------------------------------------------------------------- part 2
def _seed_corpus(directory, reader):
    import numpy as np

    import minigrad
    from tests.reference.idx import idx_bytes

    os.makedirs(directory, exist_ok=True)
    if reader == "load":
        samples = [{"w": minigrad.ones(3, 2), "step": 3},
                   {"a": [np.arange(4, dtype=np.uint8), (1.5, None)], "b": np.float32(2)},
                   minigrad.nn.Linear(2, 2).state_dict()]
        for i, obj in enumerate(samples):
            buffer = io.BytesIO()
            minigrad.save(obj, buffer)
            with open(os.path.join(directory, f"seed{i}"), "wb") as f:
                f.write(buffer.getvalue())
    else:
        arrays = [np.arange(12, dtype=np.uint8).reshape(3, 4), np.ones((2, 2, 2), ">f4"),
                  np.arange(5, dtype=">i2")]
        for i, array in enumerate(arrays):
            content = idx_bytes(array)
            for j, data in enumerate((content, gzip.compress(content))):
                with open(os.path.join(directory, f"seed{i}_{j}"), "wb") as f:
                    f.write(data)


def _atheris_worker(reader, stats_path, libfuzzer_args):
    """Runs inside the fuzzing process: libFuzzer calls ``one_input`` until told to stop."""
    import importlib

    import atheris

    import minigrad  # noqa: F401  (imported first: NumPy and the rest stay uninstrumented)

    # Coverage of the readers only: instrumenting every import (NumPy, SciPy)
    # took a minute before the first input and drowned their edges.
    with atheris.instrument_imports():
        import zipfile

        importlib.reload(zipfile)
        idx = importlib.reload(sys.modules["minigrad.data.idx"])
        serialization = importlib.reload(sys.modules["minigrad.serialization"])

    fd = os.open(stats_path, os.O_RDWR | os.O_CREAT, 0o644)
    counts = {"calls": 0, "clean": 0, "unclear": 0}
    examples = {}

    def record():
        data = json.dumps({**counts, "examples": examples}).encode()
        os.pwrite(fd, data.ljust(1 << 16), 0)  # survives a crash: no buffer to flush

    def one_input(data):
        counts["calls"] += 1
        try:
            if reader == "load":
                serialization.load(io.BytesIO(data))
            else:
                idx.parse_idx(idx.decompress(data, "fuzz.idx"), "fuzz.idx")
        except (serialization.CheckpointError, idx.IDXError):
            counts["clean"] += 1
        except Exception as error:  # counted: the point of fuzzing
            counts["unclear"] += 1
            key = f"{type(error).__name__}: {str(error)[:80]}"
            if len(examples) < 20:
                examples[key] = examples.get(key, 0) + 1
            if not os.path.exists(f"{stats_path}.first-unclear"):
                with open(f"{stats_path}.first-unclear", "wb") as f:
                    f.write(data)  # the input, to turn into a test
        if counts["calls"] % 50 == 0 or counts["unclear"]:
            record()

    record()
    atheris.Setup([sys.argv[0], *libfuzzer_args], one_input)
    atheris.Fuzz()


def _libfuzzer_figures(log):
    """(executions, coverage, features) from libFuzzer's log of one run."""
    executions = coverage = features = 0
    for line in log.splitlines():
        if line.startswith("stat::number_of_executed_units:"):
            executions = int(line.split()[-1])
        elif " cov: " in line and " ft: " in line:
            words = line.split()
            coverage = int(words[words.index("cov:") + 1])
            features = int(words[words.index("ft:") + 1])
    return executions, coverage, features


def fuzz_reader(reader, seconds, workdir, keep=None):
    corpus = os.path.join(workdir, f"corpus-{reader}")
    _seed_corpus(corpus, reader)
    totals = collections.Counter()
    examples = collections.Counter()
    deadline = time.monotonic() + seconds
    runs = 0
    while time.monotonic() < deadline - 1:
        runs += 1
        stats = os.path.join(workdir, f"stats-{reader}-{runs}.json")
        left = int(deadline - time.monotonic())
        command = [sys.executable, os.path.abspath(__file__), "--atheris-worker", reader, stats,
                   corpus, f"-max_total_time={max(left, 1)}", "-timeout=10",
                   "-rss_limit_mb=3072", "-print_final_stats=1",
                   f"-artifact_prefix={workdir}/{reader}-"]
        # max_total_time counts fuzzing only: allow for the imports on top.
        result = subprocess.run(command, capture_output=True, text=True, cwd=workdir,
                                timeout=left + 600)
        with open(stats, "rb") as f:
            counts = json.loads(f.read().rstrip(b" ").decode() or "{}")
        for key in ("calls", "clean", "unclear"):
            totals[key] += counts.get(key, 0)
        examples.update(counts.get("examples", {}))
        log = result.stderr
        executions, coverage, features = _libfuzzer_figures(log)
        totals["executions"] += executions
        totals["coverage"], totals["features"] = coverage, features
        if "ALARM: working on the last Unit" in log or "libFuzzer: timeout" in log:
            totals["hang"] += 1
        elif result.returncode != 0 and "Done" not in log:
            totals["crash"] += 1
            tail = [line for line in log.splitlines() if "ERROR" in line or "deadly" in line]
            print(f"  {reader}: fuzzing process stopped: {tail[:2]}", flush=True)
        if keep and os.path.exists(f"{stats}.first-unclear"):
            os.makedirs(keep, exist_ok=True)
            os.replace(f"{stats}.first-unclear", os.path.join(keep, f"{reader}-unclear-{runs}"))
    totals["ok"] = totals["calls"] - totals["clean"] - totals["unclear"]
    totals["corpus"] = len(os.listdir(corpus))
    if keep:
        for name in os.listdir(workdir):
            if name.startswith(f"{reader}-"):  # libFuzzer's crash, timeout and OOM inputs
                os.makedirs(keep, exist_ok=True)
                os.replace(os.path.join(workdir, name), os.path.join(keep, name))
    return totals, examples


def fuzz_readers(seconds, keep=None):
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("\natheris is not installed (pip install -e .[fuzz]): skipping the file readers")
        return
    rows, all_examples = {}, {}
    with tempfile.TemporaryDirectory(prefix="minigrad-atheris-") as workdir:
        for reader in _READERS:
            print(f"fuzzing {reader} for {seconds} s with atheris ...", flush=True)
            rows[reader], all_examples[reader] = fuzz_reader(reader, seconds, workdir, keep)
    print()
    header = (f"{'reader':<8}{'executions':>12}{'coverage':>10}{'features':>10}{'corpus':>8}"
              f"{'loaded':>9}{'format errors':>15}{'other exceptions':>18}{'crashes':>9}"
              f"{'hangs':>7}")
    print(header)
    print("-" * len(header))
    for reader, t in rows.items():
        print(f"{reader:<8}{t['executions']:>12}{t['coverage']:>10}{t['features']:>10}"
              f"{t['corpus']:>8}{t['ok']:>9}{t['clean']:>15}{t['unclear']:>18}{t['crash']:>9}"
              f"{t['hang']:>7}")
    print("(coverage and features: libFuzzer's edges and features of the readers, last run;"
          " format errors: CheckpointError / IDXError)")
    for reader, examples in all_examples.items():
        for message, n in examples.most_common(10):
            print(f"  {reader} other exception x{n}: {message}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--atheris-worker":
        _atheris_worker(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=10_000, help="calls per family")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=120,
                        help="atheris time per file reader; 0 skips them")
    parser.add_argument("--families", nargs="+", default=["functions", "modules", "methods"])
    parser.add_argument("--keep", metavar="DIR",
                        help="keep the inputs that crashed, hung or raised another exception")
    args = parser.parse_args()
    if args.calls:
        fuzz_api(args.calls, args.seed, args.families)
    if args.seconds:
        fuzz_readers(args.seconds, args.keep)


if __name__ == "__main__":
    main()
