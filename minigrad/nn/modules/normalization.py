"""Normalization layers: batch, instance, layer, group and local response normalization.

Batch and instance normalization share ``_NormBase`` (per-channel affine
parameters and, optionally, running statistics kept as buffers); the
N-d variants only check the input's rank.
"""
import warnings
from collections.abc import Sequence

import numpy as np

from minigrad.autograd.function import Function
from minigrad.nn import functional as F
from minigrad.nn import init
from minigrad.nn.modules._utils import _empty, _factory_dtype
from minigrad.nn.modules.lazy import LazyModuleMixin
from minigrad.nn.modules.module import Module
from minigrad.nn.parameter import UninitializedBuffer, UninitializedParameter
from minigrad.ops._args import check_bool, check_int, check_number, check_tensor, int_sequence
from minigrad.tensor import Tensor

__all__ = [
    "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d", "InstanceNorm2d",
    "InstanceNorm3d", "LayerNorm", "GroupNorm", "LocalResponseNorm",
    "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d",
]


def _check_momentum(op, momentum, allow_none):
    if momentum is None and allow_none:
        return None
    if not 0 <= check_number(op, "momentum", momentum) <= 1:
        raise ValueError(f"{op}: momentum must be a number in [0, 1]"
                         f"{' or None' if allow_none else ''}, got {momentum!r}")
    return momentum


class _NormBase(Module):
    """Per-channel affine parameters and optional running statistics.

    Buffers ``running_mean`` (zeros), ``running_var`` (ones) and
    ``num_batches_tracked`` (an int64 scalar) exist when
    ``track_running_stats``; otherwise they are registered as ``None``.
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, device=None,
                 dtype=None, *, bias: bool = True):
        super().__init__()
        op = type(self).__name__
        dtype = _factory_dtype(op, device, dtype)
        self.num_features = check_int(op, "num_features", num_features, 1)
        if not check_number(op, "eps", eps) >= 0:
            raise ValueError(f"{op}: eps must be non-negative, got {eps!r}")
        self.eps = eps
        self.momentum = _check_momentum(op, momentum, allow_none=True)
        self.affine = check_bool(op, "affine", affine)
        self.track_running_stats = check_bool(op, "track_running_stats", track_running_stats)
        if affine:
            self.weight = _empty((num_features,), dtype)
            if check_bool(op, "bias", bias):
                self.bias = _empty((num_features,), dtype)
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", Tensor._make(np.zeros(num_features, dtype),
                                                              False))
            self.register_buffer("running_var", Tensor._make(np.ones(num_features, dtype), False))
            self.register_buffer("num_batches_tracked", Tensor._make(np.array(0, np.int64),
                                                                     False))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self) -> None:
        """Reset the running mean to 0, the running variance to 1 and the batch count to 0."""
        if self.track_running_stats:
            init.zeros_(self.running_mean)
            init.ones_(self.running_var)
            init.zeros_(self.num_batches_tracked)

    def reset_parameters(self) -> None:
        """Reset the running statistics, the weight to 1 and the bias to 0."""
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def _check_input_dim(self, input):
        raise NotImplementedError

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


class _BatchNorm(_NormBase):
    _ranks = ()

    def _check_input_dim(self, input):
        check_tensor(type(self).__name__, "input", input)
        if input.ndim not in self._ranks:
            expected = " or ".join(f"{r}D" for r in self._ranks)
            raise ValueError(f"{type(self).__name__}: expected {expected} input (got "
                             f"{input.ndim}D input of shape {list(input.shape)})")

    def forward(self, input):
        self._check_input_dim(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:
                # momentum=None keeps a cumulative average: batch k gets weight 1/k.
                factor = 1.0 / int(self.num_batches_tracked.item())
        # In evaluation, normalize with the batch's statistics only if there are no running ones.
        use_batch_stats = self.training or self.running_mean is None
        track = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if track else None,
                            self.running_var if track else None, self.weight, self.bias,
                            use_batch_stats, factor, self.eps)


class BatchNorm1d(_BatchNorm):
    """Batch normalization over ``(N, C)`` or ``(N, C, L)`` input.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias``, the statistics
    of each channel taken over the batch (and length). In training the
    batch statistics are used and the running ones updated:
    ``running = (1 - momentum) * running + momentum * batch_stat`` (with the
    unbiased batch variance); in evaluation the running statistics are used.

    Parameters
    ----------
    num_features : int
        ``C``, the number of channels.
    eps : float, default 1e-5
        Added to the variance.
    momentum : float or None, default 0.1
        The running statistics' update factor; ``None`` keeps a cumulative
        (equal-weight) average over the batches seen.
    affine : bool, default True
        Learn ``weight`` (initialized to 1) and ``bias`` (to 0), shape ``(C,)``.
    track_running_stats : bool, default True
        Keep running statistics; without them evaluation also uses the
        batch statistics.
    device, dtype : optional
    bias : bool, default True (keyword only)
        Learn ``bias`` (when ``affine``).

    Shape
    -----
    - Input: ``(N, C)`` or ``(N, C, L)``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> bn = nn.BatchNorm1d(2)
    >>> y = bn(minigrad.tensor([[0.0, 10.0], [2.0, 30.0]]))
    >>> bn.running_mean, bn.num_batches_tracked
    (tensor([0.1000, 2.0000]), tensor(1))
    """

    _ranks = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalization over ``(N, C, H, W)`` input, per channel (see :class:`BatchNorm1d`).

    Shape
    -----
    - Input: ``(N, C, H, W)``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.BatchNorm2d(3)
    BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
    >>> nn.BatchNorm2d(3)(minigrad.randn(4, 3, 5, 5)).shape
    minigrad.Size([4, 3, 5, 5])
    """

    _ranks = (4,)


class BatchNorm3d(_BatchNorm):
    """Batch normalization over ``(N, C, D, H, W)`` input, per channel (see :class:`BatchNorm1d`).

    Shape
    -----
    - Input: ``(N, C, D, H, W)``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.BatchNorm3d(2)(minigrad.randn(2, 2, 3, 3, 3)).shape
    minigrad.Size([2, 2, 3, 3, 3])
    """

    _ranks = (5,)


class _InstanceNorm(_NormBase):
    _spatial = 0

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1,
                 affine: bool = False, track_running_stats: bool = False, device=None,
                 dtype=None, *, bias: bool = True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device,
                         dtype, bias=bias)

    def forward(self, input):
        op, unbatched = type(self).__name__, self._spatial + 1
        check_tensor(op, "input", input)
        if input.ndim not in (unbatched, unbatched + 1):
            raise ValueError(f"{op}: expected {unbatched}D or {unbatched + 1}D input (got "
                             f"{input.ndim}D input of shape {list(input.shape)})")
        channel_dim = input.ndim - unbatched
        if input.shape[channel_dim] != self.num_features:
            if self.affine:
                raise ValueError(f"{op}: expected input's size at dim={channel_dim} to match "
                                 f"num_features ({self.num_features}), but got "
                                 f"{input.shape[channel_dim]}")
            warnings.warn(f"{op}: input's size at dim={channel_dim} does not match num_features "
                          f"({self.num_features}); it is not used because affine=False",
                          UserWarning, stacklevel=2)
        batched = input if input.ndim == unbatched + 1 else input.unsqueeze(0)
        out = F.instance_norm(batched, self.running_mean, self.running_var, self.weight,
                              self.bias, self.training or not self.track_running_stats,
                              self.momentum if self.momentum is not None else 0.0, self.eps)
        return out if input.ndim == unbatched + 1 else out.squeeze(0)


class InstanceNorm1d(_InstanceNorm):
    """Instance normalization: each (sample, channel) over its length.

    Parameters as :class:`BatchNorm1d`, but ``affine`` and
    ``track_running_stats`` default to False. With running statistics,
    evaluation normalizes with them.

    Shape
    -----
    - Input: ``(N, C, L)`` or ``(C, L)``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.InstanceNorm1d(1)(minigrad.tensor([[[1.0, 3.0]]]))
    tensor([[[-1.0000,  1.0000]]])
    """

    _spatial = 1


class InstanceNorm2d(_InstanceNorm):
    """Instance normalization of ``(N, C, H, W)`` input (see :class:`InstanceNorm1d`).

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.InstanceNorm2d(3)(minigrad.randn(2, 3, 4, 4)).shape
    minigrad.Size([2, 3, 4, 4])
    """

    _spatial = 2


class InstanceNorm3d(_InstanceNorm):
    """Instance normalization of ``(N, C, D, H, W)`` input (see :class:`InstanceNorm1d`).

    Shape
    -----
    - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.InstanceNorm3d(2)(minigrad.randn(1, 2, 2, 2, 2)).shape
    minigrad.Size([1, 2, 2, 2, 2])
    """

    _spatial = 3


class LayerNorm(Module):
    """Layer normalization over the last ``len(normalized_shape)`` dimensions.

    ``y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias``, the statistics
    of each sample taken over the normalized dimensions (biased variance).

    Parameters
    ----------
    normalized_shape : int or sequence of int
        The trailing shape to normalize over.
    eps : float, default 1e-5
    elementwise_affine : bool, default True
        Learn ``weight`` (ones) and ``bias`` (zeros) of shape ``normalized_shape``.
    bias : bool, default True
        Learn ``bias`` (when ``elementwise_affine``).
    device, dtype : optional

    Shape
    -----
    - Input: ``(N, *)`` ending in ``normalized_shape``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> ln = nn.LayerNorm(4)
    >>> ln
    LayerNorm((4,), eps=1e-05, elementwise_affine=True, bias=True)
    >>> ln(minigrad.randn(2, 3, 4)).shape
    minigrad.Size([2, 3, 4])
    """

    def __init__(self, normalized_shape: int | Sequence[int], eps: float = 1e-5,
                 elementwise_affine: bool = True, bias: bool = True, device=None, dtype=None):
        super().__init__()
        op = "LayerNorm"
        dtype = _factory_dtype(op, device, dtype)
        self.normalized_shape = tuple(check_int(op, "normalized_shape", s, 1) for s in
                                      int_sequence(op, "normalized_shape", normalized_shape))
        self.eps = check_number(op, "eps", eps)
        self.elementwise_affine = check_bool(op, "elementwise_affine", elementwise_affine)
        if elementwise_affine:
            self.weight = _empty(self.normalized_shape, dtype)
            if check_bool(op, "bias", bias):
                self.bias = _empty(self.normalized_shape, dtype)
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Reset the weight to 1 and the bias to 0."""
        if self.elementwise_affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}")


class GroupNorm(Module):
    """Group normalization: each sample over groups of channels (and their positions).

    Parameters
    ----------
    num_groups : int
        The number of groups; must divide ``num_channels``.
    num_channels : int
    eps : float, default 1e-5
    affine : bool, default True
        Learn per-channel ``weight`` (ones) and ``bias`` (zeros).
    device, dtype : optional
    bias : bool, default True (keyword only)

    Shape
    -----
    - Input: ``(N, C, *)`` with ``C = num_channels``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.GroupNorm(3, 6)(minigrad.randn(20, 6, 10, 10)).shape
    minigrad.Size([20, 6, 10, 10])
    """

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5,
                 affine: bool = True, device=None, dtype=None, *, bias: bool = True):
        super().__init__()
        op = "GroupNorm"
        dtype = _factory_dtype(op, device, dtype)
        self.num_groups = check_int(op, "num_groups", num_groups, 1)
        self.num_channels = check_int(op, "num_channels", num_channels, 1)
        if num_channels % num_groups:
            raise ValueError(f"{op}: num_channels ({num_channels}) must be divisible by "
                             f"num_groups ({num_groups})")
        self.eps = check_number(op, "eps", eps)
        self.affine = check_bool(op, "affine", affine)
        if affine:
            self.weight = _empty((num_channels,), dtype)
            if check_bool(op, "bias", bias):
                self.bias = _empty((num_channels,), dtype)
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Reset the weight to 1 and the bias to 0."""
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")


class LocalResponseNorm(Module):
    """Local response normalization across channels (AlexNet).

    ``b_c = a_c / (k + alpha / size * sum of a_{c'}^2 over the size channels around c)^beta``.

    Parameters
    ----------
    size : int
        The number of neighbouring channels summed.
    alpha : float, default 1e-4
    beta : float, default 0.75
    k : float, default 1.0

    Shape
    -----
    - Input: ``(N, C, *)``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LocalResponseNorm(2)(minigrad.randn(32, 5, 24, 24)).shape
    minigrad.Size([32, 5, 24, 24])
    """

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0):
        super().__init__()
        self.size = check_int("LocalResponseNorm", "size", size, 1)
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


class _AllReduceSum(Function):
    """Sum a tensor over the ranks; the gradient of every rank's copy is summed the same way."""

    @staticmethod
    def forward(ctx, x):
        from minigrad import distributed as dist
        out = x.detach().clone()
        dist.all_reduce(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        from minigrad import distributed as dist
        total = grad.detach().clone()
        dist.all_reduce(total)
        return total


class SyncBatchNorm(_BatchNorm):
    """Batch normalization with statistics over the whole batch of every rank.

    In training mode, with an initialized process group of several ranks
    (:mod:`minigrad.distributed`), the per-channel mean and variance are
    those of the union of all ranks' batches: each rank sums its values and
    their squares, the sums are added across ranks, and backward adds the
    gradients of those sums across ranks in the same way, as PyTorch's
    ``SyncBatchNorm`` does. Otherwise (evaluation, one rank, no group) it
    is :class:`BatchNorm2d` for any input of 2 to 5 dimensions. The
    variance is ``E[x^2] - E[x]^2`` accumulated in the input's dtype.

    Parameters
    ----------
    num_features, eps, momentum, affine, track_running_stats
        As for :class:`BatchNorm1d`.
    process_group : None
        Only the default group exists.

    Shape
    -----
    - Input: ``(N, C, *)`` with 0 to 3 trailing dimensions.
    - Output: the input's shape.

    Examples
    --------
    >>> from minigrad import nn
    >>> net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU())
    >>> net = nn.SyncBatchNorm.convert_sync_batchnorm(net)
    >>> net[1]
    SyncBatchNorm(4, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
    """

    _ranks = (2, 3, 4, 5)

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, process_group=None,
                 device=None, dtype=None):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype)
        if process_group is not None:
            raise ValueError("SyncBatchNorm: only the default process group exists; pass None")
        self.process_group = None

    def forward(self, input):
        from minigrad import distributed as dist
        if not (self.training and dist.is_initialized() and dist.get_world_size() > 1):
            return super().forward(input)
        self._check_input_dim(input)
        c = input.shape[1]
        dims = (0,) + tuple(range(2, input.ndim))
        shape = (1, c) + (1,) * (input.ndim - 2)
        count = Tensor._make(np.array([input.numel() // c], np.float64), False)
        dist.all_reduce(count)
        n = float(count.item())
        mean = _AllReduceSum.apply(input.sum(dim=dims)) / n
        var = _AllReduceSum.apply((input * input).sum(dim=dims)) / n - mean * mean
        if self.track_running_stats:
            self.num_batches_tracked._data += 1
            factor = self.momentum
            if factor is None:
                factor = 1.0 / int(self.num_batches_tracked.item())
            unbiased = var.detach()._data * (n / max(n - 1, 1))
            self.running_mean._data[...] = ((1 - factor) * self.running_mean._data
                                            + factor * mean.detach()._data)
            self.running_var._data[...] = (1 - factor) * self.running_var._data + factor * unbiased
        out = (input - mean.reshape(shape)) * (var + self.eps).rsqrt().reshape(shape)
        if self.weight is not None:
            out = out * self.weight.reshape(shape)
        if self.bias is not None:
            out = out + self.bias.reshape(shape)
        return out

    @classmethod
    def convert_sync_batchnorm(cls, module, process_group=None):
        """Replace every ``BatchNorm*d`` in ``module`` by a SyncBatchNorm with its state.

        Returns ``module`` itself, changed in place, or a new SyncBatchNorm
        if ``module`` is a batch norm.
        """
        if isinstance(module, _BatchNorm) and not isinstance(module, SyncBatchNorm):
            new = cls(module.num_features, module.eps, module.momentum, module.affine,
                      module.track_running_stats, process_group)
            for name in ("weight", "bias"):
                setattr(new, name, getattr(module, name)) if getattr(module, name) is not None \
                    else new.register_parameter(name, None)
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                if getattr(module, name, None) is not None:
                    new.register_buffer(name, getattr(module, name))
            new.train(module.training)
            return new
        for name, child in list(module.named_children()):
            setattr(module, name, cls.convert_sync_batchnorm(child, process_group))
        return module
# ----------------------------------------------------------------------------- lazy layers
class _LazyNormBase(LazyModuleMixin):
    """``num_features`` from axis 1 of the first input; see :mod:`minigrad.nn.modules.lazy`."""

    def __init__(self, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None):
        # The eager constructor requires a positive count: build with 1, then make lazy.
        super().__init__(1, eps, momentum, affine, track_running_stats, device, dtype)
        dtype = _factory_dtype(type(self).__name__, device, dtype)
        self.num_features = 0
        if affine:
            self.weight = UninitializedParameter(dtype=dtype)
            self.bias = UninitializedParameter(dtype=dtype)
        if track_running_stats:
            self.running_mean = UninitializedBuffer(dtype=dtype)
            self.running_var = UninitializedBuffer(dtype=dtype)

    def reset_parameters(self) -> None:
        """Reset as the eager layer once materialized; nothing before."""
        if not self.has_uninitialized_params() and self.num_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs) -> None:
        """Materialize the parameters and running statistics for the channels of ``input``."""
        if input.ndim < 2:
            raise ValueError(f"{type(self).__name__}: expected an input of at least 2 "
                             f"dimensions (N, C, ...), got shape {list(input.shape)}")
        self.num_features = int(input.shape[1])
        if not self.has_uninitialized_params():
            return
        for tensor in (self.weight, self.bias, self.running_mean, self.running_var):
            if tensor is not None:
                tensor.materialize((self.num_features,))
        self.reset_parameters()


class LazyBatchNorm1d(_LazyNormBase, BatchNorm1d):
    """A :class:`BatchNorm1d` whose ``num_features`` is read from the first input.

    The arguments are :class:`BatchNorm1d`'s without ``num_features``. The
    first call materializes the weight, bias and running statistics,
    initializes them and turns the module into a :class:`BatchNorm1d`.

    Shape
    -----
    - Input: ``(N, C)`` or ``(N, C, L)``, any ``C``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> bn = nn.LazyBatchNorm1d()
    >>> bn(minigrad.randn(4, 3)).shape
    minigrad.Size([4, 3])
    >>> bn.running_mean.shape
    minigrad.Size([3])
    """

    cls_to_become = BatchNorm1d


class LazyBatchNorm2d(_LazyNormBase, BatchNorm2d):
    """A :class:`BatchNorm2d` whose ``num_features`` is read from the first input.

    See :class:`LazyBatchNorm1d`.

    Shape
    -----
    - Input: ``(N, C, H, W)``, any ``C``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> bn = nn.LazyBatchNorm2d()
    >>> _ = bn(minigrad.randn(2, 5, 3, 3))
    >>> bn
    BatchNorm2d(5, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
    """

    cls_to_become = BatchNorm2d


class LazyBatchNorm3d(_LazyNormBase, BatchNorm3d):
    """A :class:`BatchNorm3d` whose ``num_features`` is read from the first input.

    See :class:`LazyBatchNorm1d`.

    Shape
    -----
    - Input: ``(N, C, D, H, W)``, any ``C``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LazyBatchNorm3d()(minigrad.randn(2, 3, 2, 2, 2)).shape
    minigrad.Size([2, 3, 2, 2, 2])
    """

    cls_to_become = BatchNorm3d
