"""LeNet-5 end to end: training and inference throughput, side by side with PyTorch CPU.

The model is the course notes' LeNet-5 of ``examples/lenet5.py`` (two 5x5
convolutions with ReLU and 2x2 max pooling, then 2450 -> 500 -> 10). A
training step is forward, cross-entropy, zero_grad, backward and an SGD step
with momentum 0.9 on one batch of real MNIST images; inference is a forward
pass in eval mode without recording. Both libraries start from the same
weights and see the same batches. Each figure is the median over ``--repeats``
samples of a few steps after warm-up, the two libraries' samples taken in
turn so that both see the same machine load. Each library runs in a worker
process of its own, so that their thread pools never share one. ``speedup``
is minigrad's images/s over PyTorch's: above 1 means minigrad is faster.

    python benchmarks/lenet5.py                       # throughput at 1 and 2 threads
    python benchmarks/lenet5.py --threads 2 --repeats 21
    python benchmarks/lenet5.py --memory              # peak resident set of 200 steps
"""
import argparse
import importlib.util
import os
import subprocess
import sys

from _timing import print_simd_level, print_table, try_import_torch
from _workers import Worker, reset_peak_memory, serve, status_mb, worker_medians

import minigrad

HERE = os.path.dirname(os.path.abspath(__file__))


def _load_example():
    # The example shares this script's file name, so it is loaded by path.
    path = os.path.join(HERE, os.pardir, "examples", "lenet5.py")
    spec = importlib.util.spec_from_file_location("lenet5_example", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


example = _load_example()
lenet5, load_mnist, DEFAULT_DATA = example.lenet5, example.load_mnist, example.DEFAULT_DATA

LR, MOMENTUM = 0.01, 0.9


def torch_lenet5(torch, reference):
    """PyTorch's LeNet-5 with the weights of the minigrad model ``reference``."""
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 20, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(2450, 500), nn.ReLU(), nn.Linear(500, 10),
    )
    state = {name: torch.from_numpy(value.numpy().copy())
             for name, value in reference.state_dict().items()}
    model.load_state_dict(state)
    return model


class Runner:
    """Training steps and inference passes of one library over a fixed list of batches."""

    def __init__(self, lib, model, batches):
        self.lib = lib
        self.model = model
        self.batches = [(lib.from_numpy(x), lib.from_numpy(y)) for x, y in batches]
        self.optimizer = lib.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
        self.cross_entropy = lib.nn.functional.cross_entropy
        self.position = 0

    def _next_batch(self):
        batch = self.batches[self.position % len(self.batches)]
        self.position += 1
        return batch

    def train(self, steps):
        self.model.train()
        for _ in range(steps):
            images, labels = self._next_batch()
            loss = self.cross_entropy(self.model(images), labels)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
        return loss.item()

    def infer(self, steps):
        self.model.eval()
        with self.lib.no_grad():
            for _ in range(steps):
                images, _ = self._next_batch()
                self.model(images)


def mnist_batches(batch_size, count):
    """The first ``count`` batches of the MNIST training set, as NumPy arrays."""
    data = load_mnist(DEFAULT_DATA, train=True, limit=batch_size * count)
    images, labels = data.tensors[0].numpy(), data.tensors[1].numpy()
    return [(images[i:i + batch_size], labels[i:i + batch_size])
            for i in range(0, batch_size * count, batch_size)]


CASES = [
    # (label, mode, batch size, steps per sample)
    ("train", "train", 64, 10),
    ("train", "train", 256, 3),
    ("inference", "infer", 1000, 2),
]


def worker(library, mode, batch_size):
    """Serve timing requests on stdin (see ``_workers``) for one library."""
    batches = mnist_batches(batch_size, 8)
    minigrad.manual_seed(0)
    model = lenet5()
    if library == "torch":
        import torch
        serve(Runner(torch, torch_lenet5(torch, model), batches), torch.set_num_threads, mode)
    else:
        serve(Runner(minigrad, model, batches), minigrad.set_num_threads, mode)


def throughput(threads_list, repeats, torch):
    rows = []
    rates = {}
    libraries = ["minigrad"] + (["torch"] if torch is not None else [])
    for label, mode, batch_size, steps in CASES:
        workers = [Worker(__file__, "--worker", library, mode, batch_size)
                   for library in libraries]
        for threads in threads_list:
            for w in workers:
                w.ask("threads", threads)
            seconds = worker_medians(workers, steps, repeats, warmup=2)
            images_per_s = [batch_size * steps / s for s in seconds]
            rates[(label, batch_size, threads)] = images_per_s
            row = [f"{label} b{batch_size}", threads, f"{images_per_s[0]:.0f}",
                   f"{seconds[0] / steps * 1e3:.1f}"]
            if torch is not None:
                row += [f"{images_per_s[1]:.0f}", f"{seconds[1] / steps * 1e3:.1f}",
                        f"{images_per_s[0] / images_per_s[1]:.2f}"]
            rows.append(row)
        for w in workers:
            w.close()
    headers = ["case", "threads", "minigrad img/s", "minigrad ms/step"]
    if torch is not None:
        headers += [f"torch {torch.__version__} img/s", "torch ms/step", "speedup"]
    print_table(headers, rows)
    if len(threads_list) > 1:
        low, high = min(threads_list), max(threads_list)
        print()
        scaling = []
        for label, _, batch_size, _ in CASES:
            a, b = rates[(label, batch_size, low)], rates[(label, batch_size, high)]
            row = [f"{label} b{batch_size}", f"{b[0] / a[0]:.2f}"]
            if torch is not None:
                row.append(f"{b[1] / a[1]:.2f}")
            scaling.append(row)
        print_table([f"scaling {low} -> {high} threads", "minigrad"]
                    + (["torch"] if torch is not None else []), scaling)


def memory_run(library, steps, threads):
    """Train ``steps`` steps at batch 64 in this process; print resident MB before and at peak.

    The peak is reset (``/proc/self/clear_refs``) after the data is loaded,
    so that it measures the training run, not the reading of MNIST.
    """
    batches = mnist_batches(64, 16)
    minigrad.manual_seed(0)
    model = lenet5()
    if library == "torch":
        import torch
        torch.set_num_threads(threads)
        runner = Runner(torch, torch_lenet5(torch, model), batches)
    else:
        minigrad.set_num_threads(threads)
        runner = Runner(minigrad, model, batches)
    reset_peak_memory()
    before = status_mb("VmRSS")
    runner.train(steps)
    print(f"{before:.1f} {status_mb('VmHWM'):.1f}")


def memory(steps, threads, torch):
    rows = []
    for library in ["minigrad"] + (["torch"] if torch is not None else []):
        output = subprocess.run(
            [sys.executable, __file__, "--memory-run", library, "--steps", str(steps),
             "--threads", str(threads)],
            check=True, capture_output=True, text=True,
        ).stdout.split()
        before, peak = map(float, output[-2:])
        rows.append([library, f"{before:.0f}", f"{peak:.0f}", f"{peak - before:.0f}"])
    print(f"Peak resident set of {steps} training steps at batch 64, {threads} threads "
          f"(one fresh process each)")
    print_table(["library", "MB before training", "MB peak", "MB added by training"], rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--memory", action="store_true",
                        help="measure the peak resident set of a training run instead")
    parser.add_argument("--steps", type=int, default=200, help="training steps of --memory")
    parser.add_argument("--memory-run", choices=["minigrad", "torch"], help=argparse.SUPPRESS)
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        library, mode, batch_size = args.worker
        worker(library, mode, int(batch_size))
        return
    if args.memory_run:
        memory_run(args.memory_run, args.steps, args.threads[-1])
        return
    print_simd_level()
    torch = try_import_torch()
    if args.memory:
        memory(args.steps, args.threads[-1], torch)
    else:
        throughput(args.threads, args.repeats, torch)


if __name__ == "__main__":
    main()
