"""Look inside the LeNet-5 that ``examples/lenet5.py`` trained.

Prints the layer table (output sizes, weights, multiply-adds, memory,
receptive fields) and saves six pictures:

    conv1_filters.png        the 20 first-layer 5x5 filters
    activations_conv1.png    the 20 maps after conv1 + ReLU for one test digit
    activations_conv2.png    the 50 maps after conv2 + ReLU for the same digit
    max_response_conv2.png   inputs that maximise some conv2 channels
    saliency.png             where a few test digits matter for their class score
    history.png              the loss and accuracy curves recorded during training

    python examples/lenet5.py --epochs 3          # train and write the checkpoint
    python examples/visualize_lenet.py            # then draw into lenet5_pictures/
    python examples/visualize_lenet.py --checkpoint /tmp/lenet5.npz --out /tmp/pictures
"""
import argparse
import os
import sys

import numpy as np

import minigrad
from minigrad.utils import summary, viz

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from lenet5 import DEFAULT_DATA, MNIST_MEAN, MNIST_STD, lenet5, load_mnist

# A folder of its own, beside the checkpoints. The documentation draws the same
# pictures itself, from a brief training (examples/gallery/plot_lenet5_pictures.py).
DEFAULT_OUT = "lenet5_pictures"
# The layers of lenet5() by their index in the Sequential.
CONV1, RELU1, CONV2, RELU2 = "0", "1", "3", "4"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Draw what the trained LeNet-5 learned.")
    parser.add_argument("--checkpoint", default="checkpoints/lenet5.npz",
                        help="the checkpoint that examples/lenet5.py wrote")
    parser.add_argument("--data", default=DEFAULT_DATA, help="folder with the MNIST files")
    parser.add_argument("--out", default=DEFAULT_OUT,
                        help="folder for the PNGs (default lenet5_pictures)")
    parser.add_argument("--index", type=int, default=0,
                        help="the test digit for the activation maps (default 0)")
    parser.add_argument("--saliency", type=int, nargs="+", default=[0, 1, 2],
                        help="test digits for the saliency maps (default 0 1 2)")
    parser.add_argument("--channels", type=int, nargs="+", default=None,
                        help="conv2 channels to maximise (default: the 12 most active on "
                             "test digits)")
    parser.add_argument("--steps", type=int, default=200,
                        help="gradient-ascent steps for the maximum responses (default 200)")
    parser.add_argument("--warmup-steps", type=int, default=20,
                        help="of those, steps on conv2 before its ReLU (default 20)")
    parser.add_argument("--lr", type=float, default=0.1,
                        help="gradient-ascent step size in normalised pixel units (default 0.1)")
    return parser.parse_args(argv)


def most_active_channels(model, images, count):
    """The conv2 channels with the largest mean activation (after ReLU) on ``images``."""
    with minigrad.no_grad():
        maps = model[:int(RELU2) + 1](images).numpy()
    return [int(c) for c in np.argsort(-maps.mean(axis=(0, 2, 3)))[:count]]


def draw_pictures(model, images, labels, history=None, index=0, saliency_digits=(0, 1, 2),
                  channels=None, steps=200, warmup_steps=20, lr=0.1):
    """The pictures of the module docstring, as a dict from file name to Figure.

    ``images`` and ``labels`` are normalised test digits; ``history`` is the
    training history a checkpoint stores (no ``history.png`` without one).
    """
    digit = images[index:index + 1]
    label = int(labels[index].item())
    pictures = {}
    # Red positive, blue negative, white zero, each filter scaled by its largest |weight|.
    pictures["conv1_filters.png"] = viz.plot_filters(
        model[0], ncols=10, symmetric=True, title="conv1: 20 filters, 5 x 5 (red > 0 > blue)")
    pictures["activations_conv1.png"] = viz.plot_activations(
        model, digit, RELU1, ncols=10, title=f"conv1 + ReLU on test digit {index} (a {label})")
    pictures["activations_conv2.png"] = viz.plot_activations(
        model, digit, RELU2, ncols=10, title=f"conv2 + ReLU on test digit {index} (a {label})")
    channels = channels or most_active_channels(model, images[:500], count=12)
    print("conv2 channels maximised:", " ".join(map(str, channels)))
    # Pixels in [0, 1] become [(0 - mean) / std, (1 - mean) / std] after normalisation.
    pixel_range = ((0 - MNIST_MEAN) / MNIST_STD, (1 - MNIST_MEAN) / MNIST_STD)
    # After the ReLU a channel that is negative everywhere has no gradient, so the ascent
    # starts on the convolution's output and continues on the ReLU's.
    warmup = min(warmup_steps, steps)
    start = viz.maximize_activation(model, CONV2, channels, steps=warmup, lr=lr,
                                    input_size=(1, 28, 28), clamp=pixel_range)
    pictures["max_response_conv2.png"] = viz.max_activation_input(
        model, RELU2, channels, steps=steps - warmup, lr=lr, x0=start, clamp=pixel_range,
        ncols=min(6, len(channels)),
        title="inputs maximising the mean of conv2 channels (after ReLU)")
    chosen = images[np.asarray(saliency_digits)]
    pictures["saliency.png"] = viz.saliency(model, chosen, max_images=len(saliency_digits))
    if history and history.get("epoch"):
        pictures["history.png"] = viz.plot_history(history, title="LeNet-5 on MNIST")
    else:
        print("the checkpoint has no training history; history.png not written")
    return pictures


def main(argv=None):
    args = parse_args(argv)
    if not os.path.exists(args.checkpoint):
        sys.exit(f"visualize_lenet: no checkpoint at {args.checkpoint}; run "
                 f"`python examples/lenet5.py --checkpoint {args.checkpoint}` first")
    state = minigrad.load(args.checkpoint)
    model = lenet5()
    model.load_state_dict(state["model"])
    model.eval()
    print(summary(model, (1, 1, 28, 28)))

    images, labels = load_mnist(args.data, train=False).tensors
    pictures = draw_pictures(model, images, labels, state.get("history"), index=args.index,
                             saliency_digits=args.saliency, channels=args.channels,
                             steps=args.steps, warmup_steps=args.warmup_steps, lr=args.lr)
    os.makedirs(args.out, exist_ok=True)
    saved = []
    for name, fig in pictures.items():
        path = os.path.join(args.out, name)
        fig.savefig(path, dpi=100)
        saved.append(path)
        print("wrote", os.path.normpath(path))
    return saved


if __name__ == "__main__":
    main()
