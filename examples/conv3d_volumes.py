"""Tell spheres from cubes in small noisy 3-d volumes with a 3-d convolutional network.

The data are made up, so the task and its answer are known exactly. Each
example is a 16 x 16 x 16 volume holding one solid shape (voxels inside 1,
outside 0) plus Gaussian noise of standard deviation 0.3:

- a sphere of random radius between 4 and 7 voxels, or
- a cube of the same volume as such a sphere (so counting bright voxels
  does not tell them apart), turned by a random rotation;

each at a random position that keeps it inside the volume. Class 0 is the
sphere, class 1 the cube; the two are equally frequent.

The network sees the volume as one input channel:

    Conv3d(1 -> 8, 3) -> GN -> ReLU -> MaxPool3d(2)      8 x 8 x 8 x 8
    Conv3d(8 -> 16, 3) -> GN -> ReLU -> MaxPool3d(2)     16 x 4 x 4 x 4
    Conv3d(16 -> 32, 3) -> GN -> ReLU                     32 x 4 x 4 x 4
    global average pooling -> Linear(32, 2)

The normalization is group normalization (four groups of channels), which
normalizes each volume on its own. With batch normalization instead, a
trial run reached 86% training accuracy and chance level in evaluation
mode: every training batch holds about as many spheres as cubes, so the
network can lean on statistics of the whole batch, which a volume
evaluated with the running averages does not have.

A sphere and a cube differ at their surface: edges and corners where the
cube sticks out of the sphere of the same volume, flat faces where it is
inside. The 3x3x3 filters of the first layers see those local shapes and
the pooling gathers them from anywhere in the volume.

Expected on a quiet 2-core machine: about 1.5 minutes (2,000 training
volumes, 8 epochs of Adam with a one-cycle schedule; the run measured used
2 minutes of CPU time), test accuracy about 93% on 1,000 fresh volumes
(92.9% with the default seed). The first two epochs stay near chance while
the learning rate warms up; the accuracy climbs from the third.

    python examples/conv3d_volumes.py
    python examples/conv3d_volumes.py --train-size 200 --test-size 100 --epochs 1   # a quick look
"""
import argparse
import os
import sys
import time

import numpy as np

import minigrad
from minigrad import nn, optim
from minigrad.data import DataLoader, TensorDataset

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from lenet5 import evaluate, train_epoch

SPHERE, CUBE = 0, 1
CLASS_NAMES = ("sphere", "cube")
# Half the side of a cube with the volume of a sphere of radius r is r * this.
CUBE_HALF_SIDE_PER_RADIUS = 0.5 * (4.0 * np.pi / 3.0) ** (1.0 / 3.0)


def random_rotation(rng):
    """A rotation matrix drawn uniformly (QR of a Gaussian matrix, signs fixed, det +1)."""
    q, r = np.linalg.qr(rng.standard_normal((3, 3)))
    q = q * np.sign(np.diag(r))
    if np.linalg.det(q) < 0:
        q[:, 0] = -q[:, 0]
    return q


def make_shape(kind, size, rng, min_radius=4.0, max_radius=7.0):
    """One solid shape, a ``(size, size, size)`` float32 array of 0s and 1s."""
    radius = rng.uniform(min_radius, max_radius)
    reach = radius if kind == SPHERE else radius * CUBE_HALF_SIDE_PER_RADIUS * np.sqrt(3)
    # Keep the shape inside the volume: its farthest point is `reach` from the centre
    # (a cube's corner may still be clipped when reach exceeds half the volume).
    margin = min(reach, size / 2 - 1)
    center = rng.uniform(margin, size - 1 - margin, size=3)
    grid = np.stack(np.meshgrid(*[np.arange(size)] * 3, indexing="ij"), axis=-1) - center
    if kind == SPHERE:
        inside = np.linalg.norm(grid, axis=-1) <= radius
    else:
        local = grid @ random_rotation(rng)  # the voxel positions in the cube's own axes
        inside = np.abs(local).max(axis=-1) <= radius * CUBE_HALF_SIDE_PER_RADIUS
    return inside.astype(np.float32)


def make_volumes(count, size=16, noise=0.3, seed=0):
    """``count`` noisy volumes ``(count, 1, size, size, size)`` and their labels, half of each."""
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(count) % 2).astype(np.int64)
    volumes = np.stack([make_shape(kind, size, rng) for kind in labels])
    volumes += noise * rng.standard_normal(volumes.shape).astype(np.float32)
    return volumes[:, None], labels


def as_dataset(volumes, labels):
    return TensorDataset(minigrad.from_numpy(np.ascontiguousarray(volumes)),
                         minigrad.from_numpy(labels))


def shape_classifier(num_classes=2):
    """The 3-d network of the module docstring."""
    def stage(in_channels, out_channels):
        return [nn.Conv3d(in_channels, out_channels, 3, padding=1, bias=False),
                nn.GroupNorm(4, out_channels), nn.ReLU()]

    return nn.Sequential(
        *stage(1, 8), nn.MaxPool3d(2),
        *stage(8, 16), nn.MaxPool3d(2),
        *stage(16, 32),
        nn.AdaptiveAvgPool3d(1), nn.Flatten(),
        nn.Linear(32, num_classes),
    )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="A 3-d CNN tells spheres from cubes.")
    parser.add_argument("--train-size", type=int, default=2000, help="training volumes (default 2000)")
    parser.add_argument("--test-size", type=int, default=1000, help="test volumes (default 1000)")
    parser.add_argument("--size", type=int, default=16, help="volume side in voxels (default 16)")
    parser.add_argument("--noise", type=float, default=0.3,
                        help="standard deviation of the added noise (default 0.3)")
    parser.add_argument("--epochs", type=int, default=8, help="passes over the training set (default 8)")
    parser.add_argument("--batch-size", type=int, default=32, help="volumes per step (default 32)")
    parser.add_argument("--lr", type=float, default=0.01,
                        help="peak learning rate of Adam's one-cycle schedule (default 0.01)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser.parse_args(argv)


def main(argv=None):
    """Make the data, train, evaluate; returns the test accuracy and the model."""
    args = parse_args(argv)
    minigrad.manual_seed(args.seed)
    train_set = as_dataset(*make_volumes(args.train_size, args.size, args.noise, seed=args.seed))
    # Different seeds: the test volumes are new shapes, not copies of training ones.
    test_set = as_dataset(*make_volumes(args.test_size, args.size, args.noise,
                                        seed=args.seed + 1))
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=200)
    model = shape_classifier()
    optimizer = optim.Adam(model.parameters(), lr=args.lr)
    schedule = optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr,
                                             total_steps=args.epochs * len(train_loader))
    print(f"{args.train_size} training and {args.test_size} test volumes of "
          f"{args.size}^3 voxels, noise {args.noise}; "
          f"{sum(p.numel() for p in model.parameters())} parameters")
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        train_loss, train_acc, _, seconds = train_epoch(
            model, train_loader, optimizer, schedule, epoch, args.epochs, not args.no_progress)
        test_loss, test_acc = evaluate(model, test_loader)
        print(f"epoch {epoch}: train loss {train_loss:.4f} acc {train_acc:.4f} | "
              f"test loss {test_loss:.4f} acc {test_acc:.4f} | {seconds:.1f} s")
    print(f"test accuracy {test_acc:.4f} ({time.perf_counter() - start:.0f} s)")
    return {"test_acc": test_acc, "model": model, "test_set": test_set}


if __name__ == "__main__":
    main()
