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
    r"""Batch normalization over ``(N, C)`` or ``(N, C, L)`` input, per channel.

    Each channel :math:`c` is normalized with the mean :math:`\mu_c` and
    variance :math:`\sigma_c^2` of its :math:`M = N \text{ or } N L` values (over the batch, and
    the length if there is one),
    then scaled and shifted:

    .. math::

        y = \frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}}\, \gamma_c + \beta_c

    In training the batch's statistics (biased variance) normalize, and when
    ``track_running_stats`` is set the running statistics move towards them:

    .. math::

        \hat\mu_c \leftarrow (1 - m)\, \hat\mu_c + m\, \mu_c, \qquad
        \hat\sigma_c^2 \leftarrow (1 - m)\, \hat\sigma_c^2
            + m\, \frac{M}{M - 1}\, \sigma_c^2

    (the unbiased variance). In evaluation (``model.eval()``) the running
    :math:`\hat\mu_c, \hat\sigma_c^2` normalize instead, so the layer is a
    fixed per-channel affine map that can be folded into the convolution
    before it.

    Parameters
    ----------
    num_features : int
        :math:`C`, the number of channels (at least 1); the size of the
        input's dimension 1.
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root so that
        a constant channel does not divide by zero (at least 0).
    momentum : float or None, default 0.1
        :math:`m`, the weight of the newest statistics in the running ones, in
        :math:`[0, 1]` (not an optimizer's momentum: a larger value forgets the
        past faster). ``None`` keeps instead the cumulative average of every batch seen, the
        :math:`k`-th batch weighing :math:`1/k`.
    affine : bool, default True
        Whether to learn the per-channel scale :math:`\gamma` (``weight``,
        initialized to ones) and shift :math:`\beta` (``bias``, zeros); with
        ``False`` both attributes are ``None`` (as if
        :math:`\gamma = 1, \beta = 0`).
    track_running_stats : bool, default True
        Whether to keep the buffers ``running_mean`` (initially zeros),
        ``running_var`` (ones) and ``num_batches_tracked`` (0), updated in
        training and used in evaluation. Without them
        the layer normalizes with the statistics of the input it is given in
        evaluation as well.
    device : str or device, optional
        Where the parameters and buffers live. minigrad runs on the CPU only:
        ``None`` or ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The floating-point dtype of the parameters and running statistics,
        ``float32`` or ``float64``; default :func:`minigrad.get_default_dtype`.
    bias : bool, default True
        Keyword only. Whether to learn the shift :math:`\beta` when ``affine``
        is set; with ``False`` only the scale is learnt and ``bias`` is ``None``.

    Attributes
    ----------
    weight, bias : Parameter or None
        :math:`\gamma` and :math:`\beta`, shape ``(num_features,)``, when
        ``affine``.
    running_mean, running_var : Tensor or None
        Buffers of shape ``(num_features,)``, when ``track_running_stats``.
    num_batches_tracked : Tensor or None
        A scalar int64 buffer counting the training batches seen.

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
    r"""Batch normalization over ``(N, C, H, W)`` input, per channel.

    Each channel :math:`c` is normalized with the mean :math:`\mu_c` and
    variance :math:`\sigma_c^2` of its :math:`M = N H W` values (over the batch and both spatial
    dimensions),
    then scaled and shifted:

    .. math::

        y = \frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}}\, \gamma_c + \beta_c

    In training the batch's statistics (biased variance) normalize, and when
    ``track_running_stats`` is set the running statistics move towards them:

    .. math::

        \hat\mu_c \leftarrow (1 - m)\, \hat\mu_c + m\, \mu_c, \qquad
        \hat\sigma_c^2 \leftarrow (1 - m)\, \hat\sigma_c^2
            + m\, \frac{M}{M - 1}\, \sigma_c^2

    (the unbiased variance). In evaluation (``model.eval()``) the running
    :math:`\hat\mu_c, \hat\sigma_c^2` normalize instead, so the layer is a
    fixed per-channel affine map that can be folded into the convolution
    before it.

    Parameters
    ----------
    num_features : int
        :math:`C`, the number of channels (at least 1); the size of the
        input's dimension 1.
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root so that
        a constant channel does not divide by zero (at least 0).
    momentum : float or None, default 0.1
        :math:`m`, the weight of the newest statistics in the running ones, in
        :math:`[0, 1]` (not an optimizer's momentum: a larger value forgets the
        past faster). ``None`` keeps instead the cumulative average of every batch seen, the
        :math:`k`-th batch weighing :math:`1/k`.
    affine : bool, default True
        Whether to learn the per-channel scale :math:`\gamma` (``weight``,
        initialized to ones) and shift :math:`\beta` (``bias``, zeros); with
        ``False`` both attributes are ``None`` (as if
        :math:`\gamma = 1, \beta = 0`).
    track_running_stats : bool, default True
        Whether to keep the buffers ``running_mean`` (initially zeros),
        ``running_var`` (ones) and ``num_batches_tracked`` (0), updated in
        training and used in evaluation. Without them
        the layer normalizes with the statistics of the input it is given in
        evaluation as well.
    device : str or device, optional
        Where the parameters and buffers live. minigrad runs on the CPU only:
        ``None`` or ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The floating-point dtype of the parameters and running statistics,
        ``float32`` or ``float64``; default :func:`minigrad.get_default_dtype`.
    bias : bool, default True
        Keyword only. Whether to learn the shift :math:`\beta` when ``affine``
        is set; with ``False`` only the scale is learnt and ``bias`` is ``None``.

    Attributes
    ----------
    weight, bias : Parameter or None
        :math:`\gamma` and :math:`\beta`, shape ``(num_features,)``, when
        ``affine``.
    running_mean, running_var : Tensor or None
        Buffers of shape ``(num_features,)``, when ``track_running_stats``.
    num_batches_tracked : Tensor or None
        A scalar int64 buffer counting the training batches seen.

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
    r"""Batch normalization over ``(N, C, D, H, W)`` input, per channel.

    Each channel :math:`c` is normalized with the mean :math:`\mu_c` and
    variance :math:`\sigma_c^2` of its :math:`M = N D H W` values (over the batch and the three
    spatial dimensions),
    then scaled and shifted:

    .. math::

        y = \frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}}\, \gamma_c + \beta_c

    In training the batch's statistics (biased variance) normalize, and when
    ``track_running_stats`` is set the running statistics move towards them:

    .. math::

        \hat\mu_c \leftarrow (1 - m)\, \hat\mu_c + m\, \mu_c, \qquad
        \hat\sigma_c^2 \leftarrow (1 - m)\, \hat\sigma_c^2
            + m\, \frac{M}{M - 1}\, \sigma_c^2

    (the unbiased variance). In evaluation (``model.eval()``) the running
    :math:`\hat\mu_c, \hat\sigma_c^2` normalize instead, so the layer is a
    fixed per-channel affine map that can be folded into the convolution
    before it.

    Parameters
    ----------
    num_features : int
        :math:`C`, the number of channels (at least 1); the size of the
        input's dimension 1.
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root so that
        a constant channel does not divide by zero (at least 0).
    momentum : float or None, default 0.1
        :math:`m`, the weight of the newest statistics in the running ones, in
        :math:`[0, 1]` (not an optimizer's momentum: a larger value forgets the
        past faster). ``None`` keeps instead the cumulative average of every batch seen, the
        :math:`k`-th batch weighing :math:`1/k`.
    affine : bool, default True
        Whether to learn the per-channel scale :math:`\gamma` (``weight``,
        initialized to ones) and shift :math:`\beta` (``bias``, zeros); with
        ``False`` both attributes are ``None`` (as if
        :math:`\gamma = 1, \beta = 0`).
    track_running_stats : bool, default True
        Whether to keep the buffers ``running_mean`` (initially zeros),
        ``running_var`` (ones) and ``num_batches_tracked`` (0), updated in
        training and used in evaluation. Without them
        the layer normalizes with the statistics of the input it is given in
        evaluation as well.
    device : str or device, optional
        Where the parameters and buffers live. minigrad runs on the CPU only:
        ``None`` or ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The floating-point dtype of the parameters and running statistics,
        ``float32`` or ``float64``; default :func:`minigrad.get_default_dtype`.
    bias : bool, default True
        Keyword only. Whether to learn the shift :math:`\beta` when ``affine``
        is set; with ``False`` only the scale is learnt and ``bias`` is ``None``.

    Attributes
    ----------
    weight, bias : Parameter or None
        :math:`\gamma` and :math:`\beta`, shape ``(num_features,)``, when
        ``affine``.
    running_mean, running_var : Tensor or None
        Buffers of shape ``(num_features,)``, when ``track_running_stats``.
    num_batches_tracked : Tensor or None
        A scalar int64 buffer counting the training batches seen.

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
    r"""Instance normalization over ``(N, C, L)`` input: each sample's channel on its own.

    Each sample's channel (an instance) is normalized with the mean
    :math:`\mu_{n,c}` and variance :math:`\sigma_{n,c}^2` of its own
    :math:`L` positions, then scaled and shifted per channel:

    .. math::

        y[n, c] = \frac{x[n, c] - \mu_{n,c}}{\sqrt{\sigma_{n,c}^2 + \epsilon}}\,
            \gamma_c + \beta_c

    Unlike batch normalization, no statistic crosses samples, so training
    and evaluation normalize alike unless ``track_running_stats`` is set: then
    training also moves the running statistics towards the instances'
    statistics averaged over the batch,

    .. math::

        \hat\mu_c \leftarrow (1 - m)\, \hat\mu_c + m\, \overline{\mu_{n,c}}, \qquad
        \hat\sigma_c^2 \leftarrow (1 - m)\, \hat\sigma_c^2
            + m\, \overline{\tfrac{M}{M - 1} \sigma_{n,c}^2}

    (:math:`M = L`, the bar the mean over :math:`n`), and evaluation
    normalizes with :math:`\hat\mu_c, \hat\sigma_c^2`.

    Parameters
    ----------
    num_features : int
        :math:`C`, the number of channels (at least 1); the size of the
        input's dimension 1 (dimension 0 of an unbatched input). A mismatch is a
        ``ValueError`` with ``affine``, otherwise only a warning.
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root so that
        a constant channel does not divide by zero (at least 0).
    momentum : float or None, default 0.1
        :math:`m`, the weight of the newest statistics in the running ones, in
        :math:`[0, 1]` (not an optimizer's momentum: a larger value forgets the
        past faster). ``None`` counts as 0: the running statistics stay as they are.
    affine : bool, default False
        Whether to learn the per-channel scale :math:`\gamma` (``weight``,
        initialized to ones) and shift :math:`\beta` (``bias``, zeros); with
        ``False`` both attributes are ``None`` (as if
        :math:`\gamma = 1, \beta = 0`).
    track_running_stats : bool, default False
        Whether to keep the buffers ``running_mean`` (initially zeros),
        ``running_var`` (ones) and ``num_batches_tracked`` (0), updated in
        training (with the instances' statistics averaged
        over the batch) and used in evaluation. Without them
        the layer normalizes with the statistics of the input it is given in
        evaluation as well.
    device : str or device, optional
        Where the parameters and buffers live. minigrad runs on the CPU only:
        ``None`` or ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The floating-point dtype of the parameters and running statistics,
        ``float32`` or ``float64``; default :func:`minigrad.get_default_dtype`.
    bias : bool, default True
        Keyword only. Whether to learn the shift :math:`\beta` when ``affine``
        is set; with ``False`` only the scale is learnt and ``bias`` is ``None``.

    Attributes
    ----------
    weight, bias : Parameter or None
        :math:`\gamma` and :math:`\beta`, shape ``(num_features,)``, when
        ``affine``.
    running_mean, running_var : Tensor or None
        Buffers of shape ``(num_features,)``, when ``track_running_stats``.
    num_batches_tracked : Tensor or None
        A scalar int64 buffer counting the training batches seen.

    Shape
    -----
    - Input: ``(N, C, L)`` or, unbatched, ``(C, L)``
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
    r"""Instance normalization over ``(N, C, H, W)`` input: each sample's channel on its own.

    Each sample's channel (an instance) is normalized with the mean
    :math:`\mu_{n,c}` and variance :math:`\sigma_{n,c}^2` of its own
    :math:`H W` positions, then scaled and shifted per channel:

    .. math::

        y[n, c] = \frac{x[n, c] - \mu_{n,c}}{\sqrt{\sigma_{n,c}^2 + \epsilon}}\,
            \gamma_c + \beta_c

    Unlike batch normalization, no statistic crosses samples, so training
    and evaluation normalize alike unless ``track_running_stats`` is set: then
    training also moves the running statistics towards the instances'
    statistics averaged over the batch,

    .. math::

        \hat\mu_c \leftarrow (1 - m)\, \hat\mu_c + m\, \overline{\mu_{n,c}}, \qquad
        \hat\sigma_c^2 \leftarrow (1 - m)\, \hat\sigma_c^2
            + m\, \overline{\tfrac{M}{M - 1} \sigma_{n,c}^2}

    (:math:`M = H W`, the bar the mean over :math:`n`), and evaluation
    normalizes with :math:`\hat\mu_c, \hat\sigma_c^2`.

    Parameters
    ----------
    num_features : int
        :math:`C`, the number of channels (at least 1); the size of the
        input's dimension 1 (dimension 0 of an unbatched input). A mismatch is a
        ``ValueError`` with ``affine``, otherwise only a warning.
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root so that
        a constant channel does not divide by zero (at least 0).
    momentum : float or None, default 0.1
        :math:`m`, the weight of the newest statistics in the running ones, in
        :math:`[0, 1]` (not an optimizer's momentum: a larger value forgets the
        past faster). ``None`` counts as 0: the running statistics stay as they are.
    affine : bool, default False
        Whether to learn the per-channel scale :math:`\gamma` (``weight``,
        initialized to ones) and shift :math:`\beta` (``bias``, zeros); with
        ``False`` both attributes are ``None`` (as if
        :math:`\gamma = 1, \beta = 0`).
    track_running_stats : bool, default False
        Whether to keep the buffers ``running_mean`` (initially zeros),
        ``running_var`` (ones) and ``num_batches_tracked`` (0), updated in
        training (with the instances' statistics averaged
        over the batch) and used in evaluation. Without them
        the layer normalizes with the statistics of the input it is given in
        evaluation as well.
    device : str or device, optional
        Where the parameters and buffers live. minigrad runs on the CPU only:
        ``None`` or ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The floating-point dtype of the parameters and running statistics,
        ``float32`` or ``float64``; default :func:`minigrad.get_default_dtype`.
    bias : bool, default True
        Keyword only. Whether to learn the shift :math:`\beta` when ``affine``
        is set; with ``False`` only the scale is learnt and ``bias`` is ``None``.

    Attributes
    ----------
    weight, bias : Parameter or None
        :math:`\gamma` and :math:`\beta`, shape ``(num_features,)``, when
        ``affine``.
    running_mean, running_var : Tensor or None
        Buffers of shape ``(num_features,)``, when ``track_running_stats``.
    num_batches_tracked : Tensor or None
        A scalar int64 buffer counting the training batches seen.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or, unbatched, ``(C, H, W)``
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
    r"""Instance normalization over ``(N, C, D, H, W)`` input: each sample's channel on its own.

    Each sample's channel (an instance) is normalized with the mean
    :math:`\mu_{n,c}` and variance :math:`\sigma_{n,c}^2` of its own
    :math:`D H W` positions, then scaled and shifted per channel:

    .. math::

        y[n, c] = \frac{x[n, c] - \mu_{n,c}}{\sqrt{\sigma_{n,c}^2 + \epsilon}}\,
            \gamma_c + \beta_c

    Unlike batch normalization, no statistic crosses samples, so training
    and evaluation normalize alike unless ``track_running_stats`` is set: then
    training also moves the running statistics towards the instances'
    statistics averaged over the batch,

    .. math::

        \hat\mu_c \leftarrow (1 - m)\, \hat\mu_c + m\, \overline{\mu_{n,c}}, \qquad
        \hat\sigma_c^2 \leftarrow (1 - m)\, \hat\sigma_c^2
            + m\, \overline{\tfrac{M}{M - 1} \sigma_{n,c}^2}

    (:math:`M = D H W`, the bar the mean over :math:`n`), and evaluation
    normalizes with :math:`\hat\mu_c, \hat\sigma_c^2`.

    Parameters
    ----------
    num_features : int
        :math:`C`, the number of channels (at least 1); the size of the
        input's dimension 1 (dimension 0 of an unbatched input). A mismatch is a
        ``ValueError`` with ``affine``, otherwise only a warning.
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root so that
        a constant channel does not divide by zero (at least 0).
    momentum : float or None, default 0.1
        :math:`m`, the weight of the newest statistics in the running ones, in
        :math:`[0, 1]` (not an optimizer's momentum: a larger value forgets the
        past faster). ``None`` counts as 0: the running statistics stay as they are.
    affine : bool, default False
        Whether to learn the per-channel scale :math:`\gamma` (``weight``,
        initialized to ones) and shift :math:`\beta` (``bias``, zeros); with
        ``False`` both attributes are ``None`` (as if
        :math:`\gamma = 1, \beta = 0`).
    track_running_stats : bool, default False
        Whether to keep the buffers ``running_mean`` (initially zeros),
        ``running_var`` (ones) and ``num_batches_tracked`` (0), updated in
        training (with the instances' statistics averaged
        over the batch) and used in evaluation. Without them
        the layer normalizes with the statistics of the input it is given in
        evaluation as well.
    device : str or device, optional
        Where the parameters and buffers live. minigrad runs on the CPU only:
        ``None`` or ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The floating-point dtype of the parameters and running statistics,
        ``float32`` or ``float64``; default :func:`minigrad.get_default_dtype`.
    bias : bool, default True
        Keyword only. Whether to learn the shift :math:`\beta` when ``affine``
        is set; with ``False`` only the scale is learnt and ``bias`` is ``None``.

    Attributes
    ----------
    weight, bias : Parameter or None
        :math:`\gamma` and :math:`\beta`, shape ``(num_features,)``, when
        ``affine``.
    running_mean, running_var : Tensor or None
        Buffers of shape ``(num_features,)``, when ``track_running_stats``.
    num_batches_tracked : Tensor or None
        A scalar int64 buffer counting the training batches seen.

    Shape
    -----
    - Input: ``(N, C, D, H, W)`` or, unbatched, ``(C, D, H, W)``
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
    r"""Layer normalization: each sample over its last ``len(normalized_shape)`` dimensions.

    The mean :math:`\mu` and variance :math:`\sigma^2` (biased) are taken
    over the trailing dimensions given by ``normalized_shape``, separately
    for every leading index (every sample, or every token of a sequence),
    and the scale and shift apply elementwise over those dimensions:

    .. math::

        y = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} \odot \gamma + \beta

    No statistic crosses samples, so training and evaluation compute the
    same thing and there are no running statistics.

    Parameters
    ----------
    normalized_shape : int or sequence of int
        The trailing shape to normalize over, each size at least 1; an int
        ``d`` means ``(d,)``, the last dimension only. The input's shape must
        end with it.
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root.
    elementwise_affine : bool, default True
        Whether to learn :math:`\gamma` (``weight``, initialized to ones) and
        :math:`\beta` (``bias``, zeros), both of shape ``normalized_shape``;
        with ``False`` both attributes are ``None``.
    bias : bool, default True
        Whether to learn :math:`\beta` when ``elementwise_affine`` is set;
        with ``False`` only the scale is learnt and ``bias`` is ``None``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`.

    Attributes
    ----------
    weight, bias : Parameter or None
        :math:`\gamma` and :math:`\beta`, of shape ``normalized_shape``.

    Shape
    -----
    - Input: ``(*, *normalized_shape)``, any leading dimensions
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
    >>> y = nn.LayerNorm(2, elementwise_affine=False)(minigrad.tensor([[1.0, 3.0]]))
    >>> y
    tensor([[-1.0000,  1.0000]])
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
    r"""Group normalization: each sample over groups of channels and their positions.

    The :math:`C` channels are split into :math:`G` groups of :math:`C/G`
    consecutive channels. Each (sample, group) is normalized with the mean
    :math:`\mu_{n,g}` and biased variance :math:`\sigma_{n,g}^2` of its
    :math:`(C/G) \cdot S` values (:math:`S` the number of positions), then
    the scale and shift apply per channel:

    .. math::

        y[n, c] = \frac{x[n, c] - \mu_{n,g(c)}}{\sqrt{\sigma_{n,g(c)}^2 + \epsilon}}\,
            \gamma_c + \beta_c, \qquad g(c) = \left\lfloor \frac{c}{C/G} \right\rfloor

    One group is layer normalization over ``(C, *)`` with per-channel affine
    parameters; :math:`C` groups are instance normalization. No statistic
    crosses samples, so the batch size does not matter and there are no
    running statistics.

    Parameters
    ----------
    num_groups : int
        :math:`G`, the number of groups (at least 1); it must divide
        ``num_channels`` (a ``ValueError`` otherwise).
    num_channels : int
        :math:`C`, the number of channels the input has (at least 1).
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root.
    affine : bool, default True
        Whether to learn the per-channel :math:`\gamma` (``weight``, ones) and
        :math:`\beta` (``bias``, zeros), of shape ``(num_channels,)``; with
        ``False`` both attributes are ``None``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`.
    bias : bool, default True
        Keyword only. Whether to learn :math:`\beta` when ``affine`` is set;
        with ``False`` ``bias`` is ``None``.

    Attributes
    ----------
    weight, bias : Parameter or None
        :math:`\gamma` and :math:`\beta`, shape ``(num_channels,)``.

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
    r"""Local response normalization across channels, as in AlexNet.

    Each value is divided by a power of the sum of squares of the values at
    the same position in the :math:`n` neighbouring channels (``size``),
    channels outside :math:`[0, C)` counting as zero:

    .. math::

        y_c = x_c \left(k + \frac{\alpha}{n}
            \sum_{c' = c - \lfloor n/2 \rfloor}^{c + \lfloor (n - 1)/2 \rfloor}
            x_{c'}^2\right)^{-\beta}

    Parameters
    ----------
    size : int
        :math:`n`, the number of channels in the window (at least 1),
        centred on the channel normalized (one more before it when even).
    alpha : float, default 1e-4
        :math:`\alpha`, the scale of the (averaged) sum of squares.
    beta : float, default 0.75
        :math:`\beta`, the exponent.
    k : float, default 1.0
        :math:`k`, the additive constant that bounds the divisor from below.

    Shape
    -----
    - Input: ``(N, C, *)``, at least 3 dimensions
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LocalResponseNorm(2)(minigrad.randn(32, 5, 24, 24)).shape
    minigrad.Size([32, 5, 24, 24])
    >>> nn.LocalResponseNorm(1, alpha=1.0, beta=1.0, k=0.0)(minigrad.tensor([[[2.0], [4.0]]]))
    tensor([[[0.5000],
             [0.2500]]])
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
    r"""Batch normalization with statistics over the batches of every rank.

    It normalizes each channel :math:`c` as the batch norms do,

    .. math::

        y = \frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}}\, \gamma_c + \beta_c,
        \qquad
        \mu_c = \frac{1}{M} \sum_{r} \sum_{i} x^{(r)}_{i,c}, \quad
        \sigma_c^2 = \frac{1}{M} \sum_{r} \sum_{i} \bigl(x^{(r)}_{i,c}\bigr)^2 - \mu_c^2

    but in training mode, with an initialized process group of several ranks
    (:mod:`minigrad.distributed`), the sums run over the values
    :math:`x^{(r)}_{i,c}` of channel :math:`c` on every rank :math:`r`
    (:math:`M` of them in all): each rank sums its values and their squares,
    the sums are added across ranks, and backward adds the gradients of those
    sums across ranks in the same way, as PyTorch's ``SyncBatchNorm`` does.
    The variance accumulates in the input's dtype. The running statistics
    move as in the batch norms,
    :math:`\hat\mu_c \leftarrow (1 - m)\hat\mu_c + m\mu_c` and
    :math:`\hat\sigma_c^2 \leftarrow (1 - m)\hat\sigma_c^2 + m \frac{M}{M-1}\sigma_c^2`.
    Otherwise (evaluation, one rank, no group) it is an ordinary batch norm
    for any input of 2 to 5 dimensions.

    Parameters
    ----------
    num_features : int
        :math:`C`, the number of channels (at least 1), the input's
        dimension 1.
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root (at
        least 0).
    momentum : float or None, default 0.1
        :math:`m`, the weight of the newest statistics in the running ones, in
        :math:`[0, 1]`; ``None`` keeps the cumulative average of every batch
        seen instead, the :math:`k`-th weighing :math:`1/k`.
    affine : bool, default True
        Whether to learn the per-channel scale :math:`\gamma` (``weight``,
        ones) and shift :math:`\beta` (``bias``, zeros); with ``False`` both
        are ``None``.
    track_running_stats : bool, default True
        Whether to keep ``running_mean``, ``running_var`` and
        ``num_batches_tracked``, updated in training and used in evaluation;
        without them evaluation normalizes with the input's statistics.
    process_group : None
        The group whose ranks share statistics. Only the default group
        exists in minigrad, so it must be ``None`` (anything else is a
        ``ValueError``).
    device : str or device, optional
        Where the parameters and buffers live. minigrad runs on the CPU only:
        ``None`` or ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The floating-point dtype of the parameters and running statistics,
        ``float32`` or ``float64``; default :func:`minigrad.get_default_dtype`.

    Shape
    -----
    - Input: ``(N, C, *)`` with 0 to 3 trailing dimensions
    - Output: the input's shape

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
    r"""A :class:`BatchNorm1d` whose ``num_features`` is read from the first input.

    Until the first call, ``weight``, ``bias``, ``running_mean`` and
    ``running_var`` are uninitialized, without a shape. The first call takes
    ``num_features`` from the input's dimension 1, creates them, initializes
    them as :class:`BatchNorm1d` does and turns the module into a
    :class:`BatchNorm1d`, which it is from then on.

    Each channel :math:`c` is normalized with the mean :math:`\mu_c` and
    variance :math:`\sigma_c^2` of its :math:`M = N \text{ or } N L` values (over the batch, and
    the length if there is one),
    then scaled and shifted:

    .. math::

        y = \frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}}\, \gamma_c + \beta_c

    In training the batch's statistics (biased variance) normalize, and when
    ``track_running_stats`` is set the running statistics move towards them:

    .. math::

        \hat\mu_c \leftarrow (1 - m)\, \hat\mu_c + m\, \mu_c, \qquad
        \hat\sigma_c^2 \leftarrow (1 - m)\, \hat\sigma_c^2
            + m\, \frac{M}{M - 1}\, \sigma_c^2

    (the unbiased variance). In evaluation (``model.eval()``) the running
    :math:`\hat\mu_c, \hat\sigma_c^2` normalize instead, so the layer is a
    fixed per-channel affine map that can be folded into the convolution
    before it.

    Parameters
    ----------
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root so that
        a constant channel does not divide by zero (at least 0).
    momentum : float or None, default 0.1
        :math:`m`, the weight of the newest statistics in the running ones, in
        :math:`[0, 1]` (not an optimizer's momentum: a larger value forgets the
        past faster). ``None`` keeps instead the cumulative average of every batch seen, the
        :math:`k`-th batch weighing :math:`1/k`.
    affine : bool, default True
        Whether to learn the per-channel scale :math:`\gamma` (``weight``,
        initialized to ones) and shift :math:`\beta` (``bias``, zeros); with
        ``False`` both attributes are ``None`` (as if
        :math:`\gamma = 1, \beta = 0`).
    track_running_stats : bool, default True
        Whether to keep the buffers ``running_mean`` (initially zeros),
        ``running_var`` (ones) and ``num_batches_tracked`` (0), updated in
        training and used in evaluation. Without them
        the layer normalizes with the statistics of the input it is given in
        evaluation as well.
    device : str or device, optional
        Where the parameters and buffers live. minigrad runs on the CPU only:
        ``None`` or ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The floating-point dtype of the parameters and running statistics,
        ``float32`` or ``float64``; default :func:`minigrad.get_default_dtype`.

    Attributes
    ----------
    weight, bias : Parameter or None
        :math:`\gamma` and :math:`\beta`, shape ``(num_features,)``, when
        ``affine``.
    running_mean, running_var : Tensor or None
        Buffers of shape ``(num_features,)``, when ``track_running_stats``.
    num_batches_tracked : Tensor or None
        A scalar int64 buffer counting the training batches seen.

    Shape
    -----
    - Input: ``(N, C)`` or ``(N, C, L)``
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
    r"""A :class:`BatchNorm2d` whose ``num_features`` is read from the first input.

    Until the first call, ``weight``, ``bias``, ``running_mean`` and
    ``running_var`` are uninitialized, without a shape. The first call takes
    ``num_features`` from the input's dimension 1, creates them, initializes
    them as :class:`BatchNorm2d` does and turns the module into a
    :class:`BatchNorm2d`, which it is from then on.

    Each channel :math:`c` is normalized with the mean :math:`\mu_c` and
    variance :math:`\sigma_c^2` of its :math:`M = N H W` values (over the batch and both spatial
    dimensions),
    then scaled and shifted:

    .. math::

        y = \frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}}\, \gamma_c + \beta_c

    In training the batch's statistics (biased variance) normalize, and when
    ``track_running_stats`` is set the running statistics move towards them:

    .. math::

        \hat\mu_c \leftarrow (1 - m)\, \hat\mu_c + m\, \mu_c, \qquad
        \hat\sigma_c^2 \leftarrow (1 - m)\, \hat\sigma_c^2
            + m\, \frac{M}{M - 1}\, \sigma_c^2

    (the unbiased variance). In evaluation (``model.eval()``) the running
    :math:`\hat\mu_c, \hat\sigma_c^2` normalize instead, so the layer is a
    fixed per-channel affine map that can be folded into the convolution
    before it.

    Parameters
    ----------
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root so that
        a constant channel does not divide by zero (at least 0).
    momentum : float or None, default 0.1
        :math:`m`, the weight of the newest statistics in the running ones, in
        :math:`[0, 1]` (not an optimizer's momentum: a larger value forgets the
        past faster). ``None`` keeps instead the cumulative average of every batch seen, the
        :math:`k`-th batch weighing :math:`1/k`.
    affine : bool, default True
        Whether to learn the per-channel scale :math:`\gamma` (``weight``,
        initialized to ones) and shift :math:`\beta` (``bias``, zeros); with
        ``False`` both attributes are ``None`` (as if
        :math:`\gamma = 1, \beta = 0`).
    track_running_stats : bool, default True
        Whether to keep the buffers ``running_mean`` (initially zeros),
        ``running_var`` (ones) and ``num_batches_tracked`` (0), updated in
        training and used in evaluation. Without them
        the layer normalizes with the statistics of the input it is given in
        evaluation as well.
    device : str or device, optional
        Where the parameters and buffers live. minigrad runs on the CPU only:
        ``None`` or ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The floating-point dtype of the parameters and running statistics,
        ``float32`` or ``float64``; default :func:`minigrad.get_default_dtype`.

    Attributes
    ----------
    weight, bias : Parameter or None
        :math:`\gamma` and :math:`\beta`, shape ``(num_features,)``, when
        ``affine``.
    running_mean, running_var : Tensor or None
        Buffers of shape ``(num_features,)``, when ``track_running_stats``.
    num_batches_tracked : Tensor or None
        A scalar int64 buffer counting the training batches seen.

    Shape
    -----
    - Input: ``(N, C, H, W)``
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
    r"""A :class:`BatchNorm3d` whose ``num_features`` is read from the first input.

    Until the first call, ``weight``, ``bias``, ``running_mean`` and
    ``running_var`` are uninitialized, without a shape. The first call takes
    ``num_features`` from the input's dimension 1, creates them, initializes
    them as :class:`BatchNorm3d` does and turns the module into a
    :class:`BatchNorm3d`, which it is from then on.

    Each channel :math:`c` is normalized with the mean :math:`\mu_c` and
    variance :math:`\sigma_c^2` of its :math:`M = N D H W` values (over the batch and the three
    spatial dimensions),
    then scaled and shifted:

    .. math::

        y = \frac{x - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}}\, \gamma_c + \beta_c

    In training the batch's statistics (biased variance) normalize, and when
    ``track_running_stats`` is set the running statistics move towards them:

    .. math::

        \hat\mu_c \leftarrow (1 - m)\, \hat\mu_c + m\, \mu_c, \qquad
        \hat\sigma_c^2 \leftarrow (1 - m)\, \hat\sigma_c^2
            + m\, \frac{M}{M - 1}\, \sigma_c^2

    (the unbiased variance). In evaluation (``model.eval()``) the running
    :math:`\hat\mu_c, \hat\sigma_c^2` normalize instead, so the layer is a
    fixed per-channel affine map that can be folded into the convolution
    before it.

    Parameters
    ----------
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance before its square root so that
        a constant channel does not divide by zero (at least 0).
    momentum : float or None, default 0.1
        :math:`m`, the weight of the newest statistics in the running ones, in
        :math:`[0, 1]` (not an optimizer's momentum: a larger value forgets the
        past faster). ``None`` keeps instead the cumulative average of every batch seen, the
        :math:`k`-th batch weighing :math:`1/k`.
    affine : bool, default True
        Whether to learn the per-channel scale :math:`\gamma` (``weight``,
        initialized to ones) and shift :math:`\beta` (``bias``, zeros); with
        ``False`` both attributes are ``None`` (as if
        :math:`\gamma = 1, \beta = 0`).
    track_running_stats : bool, default True
        Whether to keep the buffers ``running_mean`` (initially zeros),
        ``running_var`` (ones) and ``num_batches_tracked`` (0), updated in
        training and used in evaluation. Without them
        the layer normalizes with the statistics of the input it is given in
        evaluation as well.
    device : str or device, optional
        Where the parameters and buffers live. minigrad runs on the CPU only:
        ``None`` or ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The floating-point dtype of the parameters and running statistics,
        ``float32`` or ``float64``; default :func:`minigrad.get_default_dtype`.

    Attributes
    ----------
    weight, bias : Parameter or None
        :math:`\gamma` and :math:`\beta`, shape ``(num_features,)``, when
        ``affine``.
    running_mean, running_var : Tensor or None
        Buffers of shape ``(num_features,)``, when ``track_running_stats``.
    num_batches_tracked : Tensor or None
        A scalar int64 buffer counting the training batches seen.

    Shape
    -----
    - Input: ``(N, C, D, H, W)``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LazyBatchNorm3d()(minigrad.randn(2, 3, 2, 2, 2)).shape
    minigrad.Size([2, 3, 2, 2, 2])
    """

    cls_to_become = BatchNorm3d
