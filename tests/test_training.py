"""End to end: a small convnet learns real MNIST digits."""
import os

import numpy as np

import minigrad
from minigrad import nn, optim
from minigrad.data import MNIST, DataLoader, TensorDataset

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "mnist")


def _mnist_slice(train, count):
    dataset = MNIST(DATA, train=train)
    images = (dataset.data[:count].astype(np.float32) / 255.0)[:, None]
    labels = dataset.targets[:count].astype(np.int64)
    return TensorDataset(minigrad.from_numpy(images), minigrad.from_numpy(labels))


def test_small_convnet_learns_a_slice_of_mnist():
    minigrad.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 7 * 7, 10),
    )
    optimizer = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loader = DataLoader(_mnist_slice(True, 4000), batch_size=32, shuffle=True)
    losses = []
    for epoch in range(2):
        for images, labels in loader:
            loss = nn.functional.cross_entropy(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    assert len(losses) == 250
    assert np.mean(losses[-25:]) < 0.5 * np.mean(losses[:25])

    test = _mnist_slice(False, 1000)
    model.eval()
    with minigrad.no_grad():
        images, labels = test.tensors
        accuracy = (model(images).argmax(dim=1) == labels).float().mean().item()
    assert accuracy > 0.85, f"accuracy {accuracy:.3f} on 1000 test digits"
