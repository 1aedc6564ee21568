"""Folding evaluation-mode batch normalization into the convolution or linear layer before it.

In evaluation mode batch normalization is an affine map per channel,
``y = (x - mean) * gamma / sqrt(var + eps) + beta``, so a convolution (or
linear layer) followed by it is one convolution with rescaled filters and a
new bias:

    scale = gamma / sqrt(var + eps)
    W'    = W * scale          (each output channel's filter)
    b'    = (b - mean) * scale + beta

The fused network computes the same outputs with one layer instead of two,
so inference is faster (``benchmarks/bench_fusion.py``).
"""
import copy

import numpy as np

from minigrad.nn.modules.container import Sequential
from minigrad.nn.modules.conv import (
    Conv1d,
    Conv2d,
    Conv3d,
    ConvTranspose1d,
    ConvTranspose2d,
    ConvTranspose3d,
)
from minigrad.nn.modules.linear import Identity, Linear
from minigrad.nn.modules.module import Module
from minigrad.nn.modules.normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d, _BatchNorm
from minigrad.nn.parameter import Parameter

__all__ = ["fuse_conv_bn", "fuse_conv_bn_eval"]

# Which batch norm may follow which layer.
_PAIRS = (
    (Conv1d, BatchNorm1d), (Conv2d, BatchNorm2d), (Conv3d, BatchNorm3d),
    (ConvTranspose1d, BatchNorm1d), (ConvTranspose2d, BatchNorm2d),
    (ConvTranspose3d, BatchNorm3d), (Linear, BatchNorm1d),
)


def _expected_norm(layer):
    for layer_cls, norm_cls in _PAIRS:
        if isinstance(layer, layer_cls):
            return norm_cls
    return None


def fuse_conv_bn_eval(conv: Module, bn: _BatchNorm) -> Module:
    """A single layer equal to ``conv`` followed by ``bn`` in evaluation mode.

    The result is a new layer of ``conv``'s class with the same
    hyper-parameters (a deep copy), its weight scaled per output channel
    by ``gamma / sqrt(running_var + eps)`` and its bias
    ``(b - running_mean) * gamma / sqrt(running_var + eps) + beta`` (``b = 0``
    when ``conv`` has no bias: the fused layer always has one). The
    arithmetic is done in float64 and rounded once to ``conv``'s dtype.
    ``conv`` and ``bn`` are left unchanged.

    Parameters
    ----------
    conv : Conv1d, Conv2d, Conv3d, ConvTranspose1d/2d/3d or Linear
        The layer, in evaluation mode.
    bn : BatchNorm1d, BatchNorm2d or BatchNorm3d
        The batch normalization applied to its output, in evaluation mode,
        with running statistics; ``BatchNorm1d`` after ``Conv1d`` or
        ``Linear`` (a linear layer's ``(N, features)`` output), ``BatchNorm2d``
        after ``Conv2d``, ``BatchNorm3d`` after ``Conv3d``.

    Returns
    -------
    Module
        The fused layer, in evaluation mode; its parameters require
        gradients if ``conv.weight`` does.

    Raises
    ------
    TypeError
        If ``conv`` is not a supported layer or ``bn`` is not the batch
        norm of its dimension.
    ValueError
        If either is in training mode, if ``bn`` keeps no running
        statistics (it then normalizes with each batch's own statistics,
        which no fixed layer can do), or if the channel counts differ.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> conv, bn = nn.Conv2d(3, 8, 3).eval(), nn.BatchNorm2d(8).eval()
    >>> _ = bn.running_mean.normal_(), bn.running_var.uniform_(0.5, 2.0)
    >>> fused = nn.utils.fuse_conv_bn_eval(conv, bn)
    >>> fused
    Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1))
    >>> x = minigrad.randn(2, 3, 6, 6)
    >>> bool(((fused(x) - bn(conv(x))).abs() < 1e-5).all())
    True
    """
    op = "fuse_conv_bn_eval"
    expected = _expected_norm(conv)
    if expected is None:
        raise TypeError(f"{op}: expected a Conv1d/2d/3d, ConvTranspose1d/2d/3d or Linear layer, "
                        f"got {type(conv).__name__}")
    if not isinstance(bn, expected):
        raise TypeError(f"{op}: {type(conv).__name__} can be fused with {expected.__name__}, "
                        f"got {type(bn).__name__}")
    if conv.training or bn.training:
        raise ValueError(f"{op}: fusion is for evaluation mode only, but "
                         f"{type(conv).__name__ if conv.training else type(bn).__name__} is in "
                         f"training mode; call .eval() first")
    if bn.running_mean is None or bn.running_var is None:
        raise ValueError(f"{op}: {type(bn).__name__} has no running statistics "
                         f"(track_running_stats=False), so it normalizes with batch statistics "
                         f"even in evaluation mode and cannot be folded into a layer")
    channels = conv.out_features if isinstance(conv, Linear) else conv.out_channels
    if channels != bn.num_features:
        raise ValueError(f"{op}: {type(conv).__name__} has {channels} output channels but "
                         f"{type(bn).__name__} normalizes {bn.num_features}")

    weight = conv.weight._data.astype(np.float64)
    mean = bn.running_mean._data.astype(np.float64)
    var = bn.running_var._data.astype(np.float64)
    gamma = np.ones_like(mean) if bn.weight is None else bn.weight._data.astype(np.float64)
    beta = np.zeros_like(mean) if bn.bias is None else bn.bias._data.astype(np.float64)
    bias = np.zeros_like(mean) if conv.bias is None else conv.bias._data.astype(np.float64)
    scale = gamma / np.sqrt(var + bn.eps)

    if isinstance(conv, (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)):
        # The weight is (C_in, C_out / groups, *kernel): output channel g * C_out/groups + j
        # is column j of group g's block of rows.
        g = conv.groups
        blocks = weight.reshape((g, weight.shape[0] // g) + weight.shape[1:])
        per_channel = scale.reshape((g, 1, -1) + (1,) * (weight.ndim - 2))
        new_weight = (blocks * per_channel).reshape(weight.shape)
    else:
        # Conv weights (C_out, C_in / groups, *kernel) and linear weights (out, in) both
        # start with the output channel.
        new_weight = weight * scale.reshape((-1,) + (1,) * (weight.ndim - 1))
    new_bias = (bias - mean) * scale + beta

    dtype = conv.weight._data.dtype
    requires_grad = conv.weight.requires_grad
    fused = copy.deepcopy(conv)
    fused.weight = Parameter(new_weight.astype(dtype), requires_grad=requires_grad)
    fused.bias = Parameter(new_bias.astype(dtype), requires_grad=requires_grad)
    return fused


def fuse_conv_bn(model: Module, inplace: bool = False) -> Module:
    """Fold every batch norm that directly follows a convolution or linear layer in a Sequential.

    Every :class:`~minigrad.nn.Sequential` inside ``model`` (``model``
    itself included) is scanned for a layer immediately followed by the
    batch norm of its dimension (``Conv2d`` then ``BatchNorm2d``, ``Linear``
    then ``BatchNorm1d``, ...; see :func:`fuse_conv_bn_eval`). The layer is
    replaced by the fused layer and the batch norm by
    :class:`~minigrad.nn.Identity`, so the other modules keep their names
    and ``state_dict`` keys. Pairs that are not neighbours in a
    ``Sequential`` (a custom ``forward`` that calls ``self.bn(self.conv(x))``)
    are left alone, since their data flow is not known from the structure.

    Parameters
    ----------
    model : Module
        A model in evaluation mode.
    inplace : bool, default False
        Modify ``model`` itself instead of a deep copy.

    Returns
    -------
    Module
        The fused model (``model`` itself when ``inplace``), whose outputs
        equal the original's up to rounding.

    Raises
    ------
    TypeError
        If ``model`` is not a Module.
    ValueError
        If ``model`` or a module to fuse is in training mode, or if a pair
        cannot be fused (see :func:`fuse_conv_bn_eval`).

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(),
    ...                       nn.Flatten(), nn.Linear(4 * 6 * 6, 10), nn.BatchNorm1d(10)).eval()
    >>> fused = nn.utils.fuse_conv_bn(model)
    >>> [type(m).__name__ for m in fused]
    ['Conv2d', 'Identity', 'ReLU', 'Flatten', 'Linear', 'Identity']
    >>> x = minigrad.randn(2, 1, 8, 8)
    >>> bool(((fused(x) - model(x)).abs() < 1e-5).all())
    True
    """
    if not isinstance(model, Module):
        raise TypeError(f"fuse_conv_bn: expected a minigrad.nn.Module, got "
                        f"{type(model).__name__}")
    if model.training:
        raise ValueError("fuse_conv_bn: the model is in training mode; fusion folds the running "
                         "statistics of evaluation mode, call model.eval() first")
    if not inplace:
        model = copy.deepcopy(model)
    for container in list(model.modules()):
        if isinstance(container, Sequential):
            _fuse_sequential(container)
    return model


def _fuse_sequential(seq):
    """Fuse neighbouring (layer, batch norm) pairs of one Sequential in place."""
    names = list(seq._modules)
    i = 0
    while i + 1 < len(names):
        first, second = seq._modules[names[i]], seq._modules[names[i + 1]]
        expected = _expected_norm(first)
        if expected is not None and isinstance(second, expected):
            seq._modules[names[i]] = fuse_conv_bn_eval(first, second)
            seq._modules[names[i + 1]] = Identity()
            seq._modules[names[i + 1]].training = False
            i += 2
        else:
            i += 1
