"""Training throughput of CIFAR-sized CNNs, side by side with PyTorch CPU.

Two networks for 3x32x32 inputs and 10 classes, as CIFAR training scripts
define them:

* ``resnet18``: :func:`minigrad.models.resnet18` with ``small_input=True``
  (a 3x3 stem, basic blocks with batch norm, 64-128-256-512 channels);
* ``vgg11-bn``: the 3x3 convolution stack of :func:`minigrad.models.vgg11`
  with batch norm, then one linear layer from its 512 features.

On request (not in the default run, its steps take seconds) a third, for
ImageNet-sized images:

* ``resnet18-224``: :func:`minigrad.models.resnet18` as ImageNet scripts
  build it (7x7 stem and max pooling), on 3x224x224 inputs, 10 classes.

PyTorch's model is built from the same source file (``_torch_twin``) and
starts from the same weights. A training step is forward, cross-entropy,
zero_grad, backward and an SGD step with momentum on one batch of random
images. Each library runs in a worker process of its own; each figure is the
median over ``--repeats`` samples, the two libraries' samples taken in turn.
``speedup`` is minigrad's images/s over PyTorch's.

    python benchmarks/cnn_training.py                    # batch 64, 1 and 2 threads
    python benchmarks/cnn_training.py --models resnet18 --threads 2 --repeats 5
    python benchmarks/cnn_training.py --models resnet18-224 --batch-size 16 --threads 2
    python benchmarks/cnn_training.py --memory           # peak resident set of training
"""
import argparse
import subprocess
import sys

import numpy as np

from _timing import print_simd_level, print_table, try_import_torch
from _torch_twin import copy_weights, torch_twin_module
from _workers import Worker, reset_peak_memory, serve, status_mb, worker_medians

import minigrad

LR, MOMENTUM = 0.01, 0.9
MODELS = ["resnet18", "vgg11-bn"]
# Model name: the side of its square input images.
IMAGE_SIZES = {"resnet18": 32, "vgg11-bn": 32, "resnet18-224": 224}


def build(lib, name):
    """The network ``name`` in ``lib`` (minigrad or torch), from minigrad's model files."""
    if lib is minigrad:
        from minigrad.models import resnet, vgg
    else:
        resnet = torch_twin_module("minigrad.models.resnet", lib)
        vgg = torch_twin_module("minigrad.models.vgg", lib)
    if name == "resnet18":
        return resnet.resnet18(num_classes=10, small_input=True)
    if name == "resnet18-224":
        return resnet.resnet18(num_classes=10)
    features = vgg.vgg11(batch_norm=True, num_classes=10).features
    return lib.nn.Sequential(features, lib.nn.Flatten(), lib.nn.Linear(512, 10))


def models(library, name):
    """The model for ``library``: minigrad's, or PyTorch's twin with minigrad's weights."""
    minigrad.manual_seed(0)
    model = build(minigrad, name)
    if library == "minigrad":
        return minigrad, model
    import torch
    return torch, copy_weights(torch, model, build(torch, name))


class Trainer:
    """SGD training steps of one library's model over a fixed list of random batches."""

    def __init__(self, lib, model, batch_size, size=32, count=4):
        rng = np.random.default_rng(0)
        self.batches = [(lib.from_numpy(rng.standard_normal((batch_size, 3, size, size),
                                                            dtype=np.float32)),
                         lib.from_numpy(rng.integers(0, 10, batch_size)))
                        for _ in range(count)]
        self.model = model.train()
        self.optimizer = lib.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
        self.cross_entropy = lib.nn.functional.cross_entropy
        self.position = 0

    def train(self, steps):
        for _ in range(steps):
            images, labels = self.batches[self.position % len(self.batches)]
            self.position += 1
            loss = self.cross_entropy(self.model(images), labels)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
        return loss.item()


def worker(library, name, batch_size):
    lib, model = models(library, name)
    serve(Trainer(lib, model, batch_size, IMAGE_SIZES[name]), lib.set_num_threads, "train")


def throughput(names, batch_size, threads_list, repeats, torch):
    libraries = ["minigrad"] + (["torch"] if torch is not None else [])
    rows, rates = [], {}
    for name in names:
        workers = [Worker(__file__, "--worker", library, name, batch_size)
                   for library in libraries]
        for threads in threads_list:
            for w in workers:
                w.ask("threads", threads)
            seconds = worker_medians(workers, 1, repeats, warmup=1)
            images_per_s = [batch_size / s for s in seconds]
            rates[(name, threads)] = images_per_s
            row = [name, threads, f"{images_per_s[0]:.1f}"]
            if torch is not None:
                row += [f"{images_per_s[1]:.1f}", f"{images_per_s[0] / images_per_s[1]:.2f}"]
            rows.append(row)
        for w in workers:
            w.close()
    headers = ["model", "threads", "minigrad img/s"]
    if torch is not None:
        headers += [f"torch {torch.__version__} img/s", "speedup"]
    sizes = "/".join(sorted({f"3x{IMAGE_SIZES[n]}x{IMAGE_SIZES[n]}" for n in names}))
    print(f"Training at batch {batch_size} on {sizes} inputs (medians of {repeats} steps)")
    print_table(headers, rows)
    if len(threads_list) > 1:
        low, high = min(threads_list), max(threads_list)
        print()
        print_table([f"scaling {low} -> {high} threads", "minigrad"]
                    + (["torch"] if torch is not None else []),
                    [[name] + [f"{rates[(name, high)][i] / rates[(name, low)][i]:.2f}"
                               for i in range(len(libraries))] for name in names])


def memory_run(library, name, batch_size, steps, threads):
    """Train ``steps`` steps in this process; print resident MB before and at peak."""
    lib, model = models(library, name)
    lib.set_num_threads(threads)
    trainer = Trainer(lib, model, batch_size, IMAGE_SIZES[name])
    reset_peak_memory()
    before = status_mb("VmRSS")
    trainer.train(steps)
    print(f"{before:.1f} {status_mb('VmHWM'):.1f}")


def memory(names, batch_size, steps, threads, torch):
    rows = []
    for name in names:
        for library in ["minigrad"] + (["torch"] if torch is not None else []):
            output = subprocess.run(
                [sys.executable, __file__, "--memory-run", library, name, str(batch_size),
                 "--steps", str(steps), "--threads", str(threads)],
                check=True, capture_output=True, text=True).stdout.split()
            before, peak = map(float, output[-2:])
            rows.append([name, library, f"{before:.0f}", f"{peak:.0f}", f"{peak - before:.0f}"])
    print(f"Peak resident set of {steps} training steps at batch {batch_size}, {threads} "
          f"threads (one fresh process each)")
    print_table(["model", "library", "MB before training", "MB peak", "MB added by training"],
                rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", choices=list(IMAGE_SIZES), default=MODELS)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--memory", action="store_true",
                        help="measure the peak resident set of a training run instead")
    parser.add_argument("--steps", type=int, default=3, help="training steps of --memory")
    parser.add_argument("--memory-run", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        library, name, batch_size = args.worker
        worker(library, name, int(batch_size))
        return
    if args.memory_run:
        library, name, batch_size = args.memory_run
        memory_run(library, name, int(batch_size), args.steps, args.threads[-1])
        return
    print_simd_level()
    torch = try_import_torch()
    if args.memory:
        memory(args.models, args.batch_size, args.steps, args.threads[-1], torch)
    else:
        throughput(args.models, args.batch_size, args.threads, args.repeats, torch)


if __name__ == "__main__":
    main()
