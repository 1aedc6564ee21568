"""Neural-network building blocks, as ``torch.nn``.

``Module`` and ``Parameter``; containers; layers (linear, convolution,
pooling, normalization, dropout, padding, activations, losses); and the
submodules ``functional`` (stateless functions), ``init`` (weight
initialization) and ``utils`` (gradient clipping, parameter vectors).

Examples
--------
>>> import minigrad
>>> from minigrad import nn
>>> import minigrad.nn.functional as F
>>> model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
>>> loss = F.cross_entropy(model(minigrad.randn(5, 2, 2)), minigrad.tensor([0, 1, 1, 0, 1]))
>>> loss.backward()
>>> model[1].weight.grad.shape
(3, 4)
"""
from minigrad.nn import functional, init, utils

# The layer classes; their list lives once, in minigrad.nn.modules.__all__.
from minigrad.nn.modules import *
from minigrad.nn.modules import __all__ as _layer_names
from minigrad.nn.modules.module import RemovableHandle
from minigrad.nn.parameter import Parameter

__all__ = ["Parameter", "RemovableHandle", "functional", "init", "utils"] + list(_layer_names)
