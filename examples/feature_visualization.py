"""What a trained LeNet-5 responds to: maximum-response images and saliency maps.

Three kinds of pictures, written to ``feature_visualization_pictures/``:

    max_response_conv1.png   inputs that excite channels of the first layer most
    max_response_conv2.png   the same for channels of the second layer
    class_models.png         inputs that raise the score of each digit class most
    saliency.png             which pixels of a few test digits their class score depends on

The maximum-response images follow the course notes: start from uniform
noise ``x_0 ~ U[0, 1]`` and climb the gradient of the Euclidean norm of one
channel's activation map, ``||h_d(x)||_2``, with respect to the input. Left
alone, the ascent fills the picture with high-frequency patterns that fool
the filters more than they resemble anything; the notes' remedy (from
Deep Dream) is to shift the image by a random jitter before each few steps
and shift it back after, so only patterns that excite the channel wherever
they sit survive. Pixels are also kept within the range real digits have.

A channel that is negative everywhere after its ReLU has no gradient, so
each ascent warms up for a few steps on the channel's mean before the ReLU.

The class models are the same ascent on one output score of the network,
and the saliency maps are the size of the gradient of the predicted class
score with respect to each pixel (Simonyan, Vedaldi and Zisserman, 2014).

The network is the one ``examples/lenet5.py`` trained when its checkpoint
exists (``checkpoints/lenet5.npz``); otherwise the script trains LeNet-5
for one epoch on 20,000 images (97.7% test accuracy) and keeps that
checkpoint in ``checkpoints/lenet5_brief.npz`` for the next run.

Expected on a quiet 2-core machine: about 40 s with the brief training
(the run measured used 62 s of CPU time; about 10 s with a checkpoint),
test accuracy of the briefly trained network 97.7% (97.9% on the first
1,000 test digits, which the script prints).

    python examples/feature_visualization.py
    python examples/feature_visualization.py --checkpoint checkpoints/lenet5.npz --out /tmp/pics
"""
import argparse
import os
import sys

import numpy as np

import minigrad
from minigrad.utils import viz

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import lenet5 as lenet5_example

DEFAULT_OUT = "feature_visualization_pictures"
TRAINED_CHECKPOINT = "checkpoints/lenet5.npz"
BRIEF_CHECKPOINT = "checkpoints/lenet5_brief.npz"
# The layers of lenet5() by their index in the Sequential: each convolution and its ReLU.
CONV1, RELU1, CONV2, RELU2, SCORES = "0", "1", "3", "4", "9"
# Normalised pixels: [0, 1] becomes [(0 - mean) / std, (1 - mean) / std].
PIXEL_RANGE = ((0 - lenet5_example.MNIST_MEAN) / lenet5_example.MNIST_STD,
               (1 - lenet5_example.MNIST_MEAN) / lenet5_example.MNIST_STD)


def trained_lenet5(checkpoint=None, data=lenet5_example.DEFAULT_DATA, train_limit=20000,
                   epochs=1):
    """A trained LeNet-5: from ``checkpoint`` if it exists, else trained now and saved there.

    Without ``checkpoint``, the one ``examples/lenet5.py`` writes is used if
    present, else a brief training's (``BRIEF_CHECKPOINT``).
    """
    if checkpoint is None:
        checkpoint = TRAINED_CHECKPOINT if os.path.exists(TRAINED_CHECKPOINT) else BRIEF_CHECKPOINT
    if not os.path.exists(checkpoint):
        print(f"no checkpoint at {checkpoint}: training LeNet-5 for {epochs} epoch(s) on "
              f"{train_limit} images")
        lenet5_example.main(["--data", data, "--checkpoint", checkpoint, "--epochs", str(epochs),
                             "--train-limit", str(train_limit), "--no-progress"])
    model = lenet5_example.lenet5()
    model.load_state_dict(minigrad.load(checkpoint)["model"])
    return model.eval()


def jittered_ascent(model, layer, channels, steps=120, lr=0.1, jitter=2, steps_per_jitter=4,
                    warmup_layer=None, warmup_steps=12, input_size=(1, 28, 28), seed=0,
                    objective="norm"):
    """Inputs maximising ``||h_d(x)||_2`` of each channel, with random jitter between steps.

    Every ``steps_per_jitter`` steps the images are rolled by a random shift
    of up to ``jitter`` pixels in each direction, climbed, and rolled back.
    With ``warmup_layer`` the first ``warmup_steps`` climb the channel's mean
    on that layer (the convolution before a ReLU). ``objective="mean"``
    climbs the channel's mean instead of its norm. Returns an array
    ``(len(channels), *input_size)``.
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, (len(channels),) + tuple(input_size)).astype(np.float32)
    if warmup_layer is not None and warmup_steps:
        x = viz.maximize_activation(model, warmup_layer, channels, steps=warmup_steps, lr=lr,
                                    x0=x, clamp=PIXEL_RANGE).numpy()
    for _ in range(0, steps, steps_per_jitter):
        dy, dx = (int(s) for s in rng.integers(-jitter, jitter + 1, size=2))
        shifted = np.roll(x, (dy, dx), axis=(-2, -1))
        shifted = viz.maximize_activation(model, layer, channels, steps=steps_per_jitter, lr=lr,
                                          x0=shifted, clamp=PIXEL_RANGE, objective=objective)
        x = np.roll(shifted.numpy(), (-dy, -dx), axis=(-2, -1))
    return x


def strongest_channels(model, layer, images, count):
    """The ``count`` channels of ``layer`` with the largest mean response on ``images``."""
    with minigrad.no_grad():
        maps = model[:int(layer) + 1](images).numpy()
    return sorted(int(c) for c in np.argsort(-maps.mean(axis=(0, 2, 3)))[:count])


def draw_max_responses(model, layer, channels, title, **ascent):
    """A figure of the inputs that :func:`jittered_ascent` finds for ``channels`` of ``layer``."""
    images = jittered_ascent(model, layer, channels, **ascent)
    # steps=0 draws the given inputs as they are.
    return viz.max_activation_input(model, layer, channels, steps=0, x0=images,
                                    ncols=min(8, len(channels)), title=title)


def draw_all(model, test_images, steps=120, channels_per_layer=8):
    """The four figures of the module docstring, as a dict from file name to Figure."""
    conv1_channels = strongest_channels(model, RELU1, test_images[:200], channels_per_layer)
    conv2_channels = strongest_channels(model, RELU2, test_images[:200], channels_per_layer)
    figures = {
        "max_response_conv1.png": draw_max_responses(
            model, RELU1, conv1_channels, "inputs maximising ||h|| of conv1 channels (after ReLU)",
            steps=steps, warmup_layer=CONV1),
        "max_response_conv2.png": draw_max_responses(
            model, RELU2, conv2_channels, "inputs maximising ||h|| of conv2 channels (after ReLU)",
            steps=steps, warmup_layer=CONV2),
        # A class score is one number whose norm would grow as well by making it very
        # negative: climb the score itself.
        "class_models.png": viz.max_activation_input(
            model, SCORES, list(range(10)),
            x0=jittered_ascent(model, SCORES, list(range(10)), steps=steps, objective="mean"),
            steps=0, ncols=10, title="inputs that raise each digit's score"),
        "saliency.png": viz.saliency(model, test_images[:4], max_images=4,
                                     title="saliency of the predicted class score"),
    }
    return figures


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Maximum-response images and saliency maps "
                                                 "of a trained LeNet-5.")
    parser.add_argument("--checkpoint", default=None,
                        help=f"a LeNet-5 checkpoint (default {TRAINED_CHECKPOINT} if it exists, "
                             f"else {BRIEF_CHECKPOINT}, trained now if missing)")
    parser.add_argument("--data", default=lenet5_example.DEFAULT_DATA,
                        help="folder with the MNIST files")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"folder for the PNGs (default {DEFAULT_OUT})")
    parser.add_argument("--steps", type=int, default=120,
                        help="gradient-ascent steps per image (default 120)")
    parser.add_argument("--channels", type=int, default=8,
                        help="channels drawn per layer (default 8)")
    parser.add_argument("--train-limit", type=int, default=20000,
                        help="training images of the brief training (default 20000)")
    return parser.parse_args(argv)


def main(argv=None):
    """Load or train the network, draw and save the pictures; returns the written paths."""
    args = parse_args(argv)
    model = trained_lenet5(args.checkpoint, args.data, args.train_limit)
    test = lenet5_example.load_mnist(args.data, train=False, limit=1000)
    images, labels = test.tensors
    with minigrad.no_grad():
        accuracy = (model(images).argmax(dim=1) == labels).float().mean().item()
    print(f"accuracy on the first 1000 test digits: {accuracy:.4f}")
    os.makedirs(args.out, exist_ok=True)
    written = []
    for name, figure in draw_all(model, images, args.steps, args.channels).items():
        path = os.path.join(args.out, name)
        figure.savefig(path, dpi=100)
        written.append(path)
        print("wrote", os.path.normpath(path))
    return written


if __name__ == "__main__":
    main()
