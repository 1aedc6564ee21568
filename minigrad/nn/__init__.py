"""Neural-network building blocks, as ``torch.nn``.

``Module`` and ``Parameter``; containers; layers (linear, convolution,
pooling, normalization, dropout, padding, activations, losses); and the
submodules ``functional`` (stateless functions), ``init`` (weight
initialization), ``utils`` (gradient clipping, parameter vectors) and
``parallel`` (:class:`DataParallel`, which on a CPU runs the model it wraps).

Examples
--------
>>> import minigrad
>>> from minigrad import nn
>>> import minigrad.nn.functional as F
>>> model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
>>> loss = F.cross_entropy(model(minigrad.randn(5, 2, 2)), minigrad.tensor([0, 1, 1, 0, 1]))
>>> loss.backward()
>>> model[1].weight.grad.shape
minigrad.Size([3, 4])
"""
from minigrad.nn import functional, init, parallel, utils

# The layer classes; their list lives once, in minigrad.nn.modules.__all__.
from minigrad.nn.modules import *
from minigrad.nn.modules import __all__ as _layer_names
from minigrad.nn.modules.module import RemovableHandle
from minigrad.nn.parallel import DataParallel
from minigrad.nn.parameter import Parameter, UninitializedBuffer, UninitializedParameter

__all__ = (["DataParallel", "Parameter", "UninitializedParameter", "UninitializedBuffer",
            "RemovableHandle", "functional", "init", "parallel", "utils"] + list(_layer_names))
