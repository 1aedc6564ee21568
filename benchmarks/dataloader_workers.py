"""DataLoader epoch throughput with 0, 1 and 2 worker processes.

Iterates one epoch (collation included, no training) of three datasets and
prints batches per second (median of interleaved repeats) and the speed
relative to loading in the main process:

- ``mnist``: the MNIST training set in memory; a batch is one ``get_batch``.
- ``mnist-items``: the same, sample by sample (``__getitem__`` converts one
  image, ``default_collate`` stacks 64 of them), as a dataset without
  ``get_batch`` is loaded.
- ``slow``: 6,000 MNIST samples whose ``__getitem__`` also waits 0.2 ms, as
  reading and decoding a file would.

Workers are started for each epoch (``persistent_workers=False``), so their
start-up is part of the time.

    python benchmarks/dataloader_workers.py [--repeats 5] [--data data/mnist]
"""
import argparse
import os
import time

import numpy as np
from _timing import interleaved_medians, print_table

import minigrad
from minigrad.data import MNIST, DataLoader, Subset

_DEFAULT_DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                             "data", "mnist")


class MNISTItems(MNIST):
    """MNIST without the batched fast path: the DataLoader calls __getitem__ per sample."""

    def __getitem__(self, index):
        return super().__getitem__(index)


class SlowItems(Subset):
    """Samples that take 0.2 ms each to produce, like files to read and decode."""

    def __getitem__(self, index):
        time.sleep(0.0002)
        return super().__getitem__(index)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--data", default=_DEFAULT_DATA)
    args = parser.parse_args()
    minigrad.manual_seed(0)
    datasets = {
        "mnist": MNIST(args.data),
        "mnist-items": MNISTItems(args.data),
        "slow": SlowItems(MNISTItems(args.data), np.arange(6000)),
    }
    rows = []
    for name, dataset in datasets.items():
        loaders = [DataLoader(dataset, batch_size=args.batch_size, shuffle=True, num_workers=n)
                   for n in (0, 1, 2)]

        def epoch(loader):
            return lambda: sum(1 for _ in loader)

        times = interleaved_medians([epoch(loader) for loader in loaders], args.repeats,
                                    warmup=1)
        batches = len(loaders[0])
        for workers, seconds in zip((0, 1, 2), times):
            rows.append([name, workers, f"{seconds:.3f}", f"{batches / seconds:.0f}",
                         f"{times[0] / seconds:.2f}x"])
    print(f"one epoch, batch size {args.batch_size}, shuffled; median of {args.repeats} "
          f"interleaved repeats")
    print_table(["dataset", "workers", "epoch s", "batches/s", "vs 0 workers"], rows)


if __name__ == "__main__":
    main()
