"""
Spheres and cubes in 3-d
========================

The synthetic data of ``examples/conv3d_volumes.py``, spheres and rotated
cubes of equal volume in noisy 16 x 16 x 16 volumes, and the 3-d
convolutional network that learns to tell them apart.
"""
import os
import sys

import numpy as np
from matplotlib.figure import Figure

# The gallery runs each script in its own folder, examples/gallery: the examples are one up.
sys.path.insert(0, os.path.abspath(os.pardir))
import conv3d_volumes

# %%
# Middle slices of four volumes of each class, through the shape's centre
# of mass, with the noise of the training data.
volumes, labels = conv3d_volumes.make_volumes(8, seed=3)
slices = Figure(figsize=(8, 1.4), layout="constrained")
for ax, volume, label in zip(slices.subplots(1, 8), volumes[:, 0], labels):
    depth = round(np.average(np.arange(volume.shape[0]),
                                 weights=np.clip(volume, 0, None).sum(axis=(1, 2))))
    ax.imshow(volume[depth], cmap="gray", vmin=-1, vmax=2)
    ax.set_title(conv3d_volumes.CLASS_NAMES[label], fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])

# %%
# The network: three 3-d convolutions with group normalization, global
# average pooling and a linear layer. Training it takes minutes (see the
# example's docstring), longer than these pages should take to build.
from minigrad.utils import summary

print(summary(conv3d_volumes.shape_classifier(), (1, 1, 16, 16, 16)))
