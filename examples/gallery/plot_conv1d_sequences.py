"""
A 1-d CNN on the GunPoint time series
=====================================

``examples/conv1d_sequences.py`` as it runs by default: 100 epochs on
GunPoint, where the hand of an actor either draws a gun from a holster or
only points, a few seconds on two cores.
"""
import os
import sys

import numpy as np
from matplotlib.figure import Figure

# The gallery runs each script in its own folder, examples/gallery: the examples are one up.
sys.path.insert(0, os.path.abspath(os.pardir))
import conv1d_sequences

import minigrad

# %%
# Three training series of each class. The "gun" series have small bumps
# where the hand reaches for the holster, before the rise, and where it puts
# the gun back, after the fall.
series, labels, classes = conv1d_sequences.load_ucr("GunPoint", "TRAIN")
names = {0: "gun", 1: "point"}
examples = Figure(figsize=(8, 2.4), layout="constrained")
axes = examples.subplots(1, 2, sharey=True)
axes[0].set_ylabel("hand position")
for label, ax in enumerate(axes):
    for row in series[labels == label][:3]:
        ax.plot(row, linewidth=1)
    ax.set_title(f'class "{names[label]}"', fontsize=10)
    ax.set_xlabel("sample (150 over five seconds)")

# %%
# Training: Adam with a one-cycle schedule, each series randomly shifted in
# time in every epoch.
results = conv1d_sequences.main([])

# %%
# The network's answers on six test series, with the probability it gives
# the class it chose.
model, test_set = results["model"].eval(), results["test_set"]
inputs, targets = test_set.tensors
with minigrad.no_grad():
    probabilities = minigrad.softmax(model(inputs[:6]), dim=1).numpy()
answers = Figure(figsize=(8, 3.2), layout="constrained")
for ax, x, target, p in zip(answers.subplots(2, 3, sharex=True).ravel(), inputs[:6].numpy(),
                            targets[:6].numpy(), probabilities):
    guess = int(np.argmax(p))
    ax.plot(x[0], linewidth=1, color="tab:blue" if guess == target else "tab:red")
    ax.set_title(f'"{names[guess]}" ({p[guess]:.0%}), truly "{names[int(target)]}"', fontsize=8)
    ax.set_yticks([])
