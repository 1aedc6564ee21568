"""Normalization: batch, layer, group, instance and local response norm.

The public functions check their arguments, then apply one of four
Functions, each a thin wrapper around fused kernels of
``minigrad/_ext/norm.pyx`` (one pass for the statistics and one for the
output; the backward computes the input, weight and bias gradients together):

* :class:`BatchNorm` sees the input as (N, C, S): statistics per channel.
  Instance norm without input statistics (running statistics only) uses it too.
* :class:`GroupNorm` sees it as (N*G, C/G, S): statistics per sample and
  group. Instance norm is group norm with one channel per group.
* :class:`LayerNorm` sees it as (rows, cols): statistics per row.
* :class:`LocalResponseNorm` mixes a window of neighbouring channels.

Running statistics are tensors updated in place: the Functions write into
their arrays, and the public functions bump the tensors' version counters.
"""
import math

import numpy as np

from minigrad._ext import norm as _kernels
from minigrad._ext._openmp import get_num_threads
from minigrad.autograd.function import Function
from minigrad.ops._args import check_int, check_number
from minigrad.tensor import Tensor

__all__ = ["batch_norm", "group_norm", "instance_norm", "layer_norm", "local_response_norm"]

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


# ----------------------------------------------------------------------------- validation

def _shape_str(shape):
    return "[" + ", ".join(map(str, shape)) + "]"


# The checks read ``t._data`` rather than the Tensor properties: layer norm on
# small inputs costs about as much in Python as in its kernels.

def _check_input(op, x, min_ndim, layout):
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: expected input to be a Tensor, got {type(x).__name__}")
    if x._data.dtype not in _FLOATS:
        raise TypeError(f"{op}: expected a float32 or float64 input, got dtype {x.dtype}")
    if x._data.ndim < min_ndim:
        raise ValueError(
            f"{op}: expected input with at least {min_ndim} dimensions {layout}, "
            f"got input of shape {_shape_str(x.shape)}"
        )


def _check_param(op, name, t, shape, x, what):
    """``t`` is None or a tensor of ``x``'s dtype and of ``shape`` (``what`` explains the shape)."""
    if t is None:
        return
    if not isinstance(t, Tensor):
        raise TypeError(f"{op}: expected {name} to be a Tensor or None, got {type(t).__name__}")
    if t._data.dtype != x._data.dtype:
        raise TypeError(f"{op}: expected {name} to have the input's dtype {x.dtype}, got {t.dtype}")
    if t._data.shape != tuple(shape):
        raise ValueError(
            f"{op}: expected {name} of shape {_shape_str(shape)} ({what} of input "
            f"{_shape_str(x.shape)}), got {_shape_str(t.shape)}"
        )


def _check_running(op, running_mean, running_var, x):
    if (running_mean is None) != (running_var is None):
        raise ValueError(f"{op}: running_mean and running_var must either both be None or neither be None")
    for name, t in (("running_mean", running_mean), ("running_var", running_var)):
        _check_param(op, name, t, (x.shape[1],), x, "one per channel")


def _check_momentum(op, momentum):
    if momentum is None:
        raise TypeError(
            f"{op}: momentum must be a float, got None. As in PyTorch, the functional form "
            f"takes the update factor itself; the cumulative average of momentum=None is "
            f"kept by the module (nn.BatchNorm*), which passes 1 / num_batches_tracked"
        )
    return check_number(op, "momentum", momentum)


def _all_ints(values):
    # A loop, not all() over a generator: this runs on every layer_norm call.
    for v in values:
        if type(v) is not int:
            return False
    return True


def _as_shape(op, shape):
    """``shape`` (an int or a sequence of ints, NumPy integers included) as a tuple of ints."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        return (int(shape),)
    try:
        shape = tuple(shape)
    except TypeError:
        raise TypeError(f"{op}: normalized_shape must be an int or a sequence of ints, "
                        f"got {type(shape).__name__}") from None
    if not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in shape):
        raise TypeError(f"{op}: normalized_shape must contain only ints, got {list(shape)}")
    return tuple(int(s) for s in shape)


def _as_nc_s(x, groups=1):
    """``x`` of shape (N, C, *) viewed as (N*groups, C/groups, S), S the spatial size."""
    n, c = x.shape[0], x.shape[1]
    return x.reshape(n * groups, c // groups, math.prod(x.shape[2:]))


def _as_rows(a, cols):
    """Contiguous ``a`` viewed as (rows, cols); already that (a batch of vectors), ``a`` itself."""
    return a if a.ndim == 2 and a.shape[1] == cols else a.reshape(-1, cols)


def _as_flat(a):
    """Contiguous ``a`` viewed as 1-d; already 1-d it is returned as is."""
    return a if a.ndim == 1 else a.reshape(-1)


def _affine_or_default(array, count, dtype, fill):
    """The affine parameter's array, or ``fill`` repeated when it is None (no affine)."""
    if array is None:
        return np.full(count, fill, dtype)
    return _as_flat(np.ascontiguousarray(array))


def _bump_version(*tensors):
    for t in tensors:
        if t is not None:
            t._vc[0] += 1


def _update_running(running, batch_stat, momentum):
    """``running = (1 - momentum) * running + momentum * batch_stat``, in place."""
    running[...] = (1.0 - momentum) * running + momentum * batch_stat


# ----------------------------------------------------------------------------- Functions

class BatchNorm(Function):
    """Per-channel normalization of (N, C, *) input; updates the running arrays in training."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, weight, bias, running_mean, running_var, training, momentum, eps):
        x = np.ascontiguousarray(x)
        c = x.shape[1]
        x3 = _as_nc_s(x)
        mean = np.empty(c)
        var = np.empty(c)
        if not training:
            mean[:] = running_mean
            var[:] = running_var
        invstd = np.empty(c)
        out = np.empty_like(x)
        if x.size:
            _kernels.batch_norm_forward(
                x3, _affine_or_default(weight, c, x.dtype, 1), _affine_or_default(bias, c, x.dtype, 0),
                mean, var, invstd, out.reshape(x3.shape), eps, training, get_num_threads(),
            )
        else:
            invstd[:] = 1.0 / np.sqrt(var + eps)
        if training and running_mean is not None:
            count = x3.shape[0] * x3.shape[2]
            _update_running(running_mean, mean, momentum)
            _update_running(running_var, var * (count / (count - 1)), momentum)
        ctx.save_for_backward(x, weight)
        ctx.mean, ctx.invstd, ctx.training = mean, invstd, training
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        c = x.shape[1]
        x3 = _as_nc_s(x)
        grad_in = np.empty_like(x)
        grad_w, grad_b = np.zeros(c), np.zeros(c)
        if x.size:
            _kernels.batch_norm_backward(
                np.ascontiguousarray(grad, x.dtype).reshape(x3.shape), x3,
                _affine_or_default(weight, c, x.dtype, 1), ctx.mean, ctx.invstd,
                grad_in.reshape(x3.shape), grad_w, grad_b, ctx.training, need_x, get_num_threads(),
            )
        return (grad_in if need_x else None,
                grad_w.astype(x.dtype) if need_w else None,
                grad_b.astype(x.dtype) if need_b else None) + (None,) * 5


class GroupNorm(Function):
    """Normalization per (sample, group of channels) of (N, C, *) input.

    With ``running_mean``/``running_var`` arrays (instance norm, one channel
    per group) they are updated with the statistics averaged over the batch.
    """

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, weight, bias, groups, eps, running_mean, running_var, momentum):
        x = np.ascontiguousarray(x)
        n, c = x.shape[0], x.shape[1]
        x3 = _as_nc_s(x, groups)
        mean = np.zeros(n * groups)
        var = np.zeros(n * groups)
        invstd = np.zeros(n * groups)
        out = np.empty_like(x)
        if x.size:
            _kernels.group_norm_forward(
                x3, _affine_or_default(weight, c, x.dtype, 1), _affine_or_default(bias, c, x.dtype, 0),
                mean, var, invstd, out.reshape(x3.shape), groups, eps, get_num_threads(),
            )
        if running_mean is not None:
            count = x3.shape[1] * x3.shape[2]
            _update_running(running_mean, mean.reshape(n, c).mean(axis=0), momentum)
            unbiased = var.reshape(n, c) * (count / (count - 1))
            _update_running(running_var, unbiased.mean(axis=0), momentum)
        ctx.save_for_backward(x, weight)
        ctx.mean, ctx.invstd, ctx.groups = mean, invstd, groups
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        c, groups = x.shape[1], ctx.groups
        x3 = _as_nc_s(x, groups)
        grad_in = np.empty_like(x)
        grad_w, grad_b = np.zeros(c), np.zeros(c)
        if x.size:
            _kernels.group_norm_backward(
                np.ascontiguousarray(grad, x.dtype).reshape(x3.shape), x3,
                _affine_or_default(weight, c, x.dtype, 1), ctx.mean, ctx.invstd,
                grad_in.reshape(x3.shape), np.empty(x3.shape[:2]), np.empty(x3.shape[:2]),
                grad_w, grad_b, groups, need_x, get_num_threads(),
            )
        return (grad_in if need_x else None,
                grad_w.astype(x.dtype) if need_w else None,
                grad_b.astype(x.dtype) if need_b else None) + (None,) * 5


class LayerNorm(Function):
    """Normalization over the last ``ndim`` dimensions, seen as (rows, cols); the affine is per column.

    Layer norm often runs on small inputs (a batch of token vectors), where
    the Python around the kernels costs as much as the kernels: the two
    methods allocate only the arrays the kernels fill.
    """

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, weight, bias, ndim, eps):
        x = np.ascontiguousarray(x)
        out = np.empty_like(x)
        cols = x.shape[-1] if ndim == 1 else math.prod(x.shape[x.ndim - ndim:])
        mean = invstd = None
        if x.size:
            x2 = _as_rows(x, cols)
            mean, invstd = np.empty(x2.shape[0]), np.empty(x2.shape[0])
            _kernels.layer_norm_forward(
                x2, _affine_or_default(weight, cols, x.dtype, 1),
                _affine_or_default(bias, cols, x.dtype, 0), mean, invstd, _as_rows(out, cols),
                eps, get_num_threads(),
            )
        ctx.save_for_backward(x, weight)
        ctx.mean, ctx.invstd, ctx.ndim = mean, invstd, ndim
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        shape = x.shape[x.ndim - ctx.ndim:]
        grad_in = np.empty_like(x)
        # The kernel writes the weight and bias gradients in the input's dtype
        # (summed in double), so they are returned as they are: no astype, and
        # arrays that own their memory are not copied again by the engine.
        grad_w, grad_b = np.empty(shape, x.dtype), np.empty(shape, x.dtype)
        if x.size:
            cols = grad_w.size
            _kernels.layer_norm_backward(
                _as_rows(np.ascontiguousarray(grad, x.dtype), cols), _as_rows(x, cols),
                _affine_or_default(weight, cols, x.dtype, 1), ctx.mean, ctx.invstd,
                _as_rows(grad_in, cols), _as_flat(grad_w), _as_flat(grad_b),
                need_x, need_w or need_b, get_num_threads(),
            )
        else:
            grad_w.fill(0)
            grad_b.fill(0)
        return (grad_in if need_x else None, grad_w if need_w else None,
                grad_b if need_b else None, None, None)


class LocalResponseNorm(Function):
    """``x / (k + alpha/size * sum of x**2 over a window of channels) ** beta``."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, size, alpha, beta, k):
        x = np.ascontiguousarray(x)
        x3 = _as_nc_s(x)
        out = np.empty_like(x)
        denom = np.empty_like(x)
        if x.size:
            _kernels.local_response_norm_forward(
                x3, out.reshape(x3.shape), denom.reshape(x3.shape), size, alpha, beta, k,
                get_num_threads(),
            )
        ctx.save_for_backward(x)
        ctx.denom, ctx.params = denom, (size, alpha, beta)
        return out

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        x3 = _as_nc_s(x)
        grad_in = np.empty_like(x)
        if x.size:
            size, alpha, beta = ctx.params
            _kernels.local_response_norm_backward(
                np.ascontiguousarray(grad, x.dtype).reshape(x3.shape), x3,
                ctx.denom.reshape(x3.shape), grad_in.reshape(x3.shape), np.empty_like(x3),
                size, alpha, beta, get_num_threads(),
            )
        return grad_in, None, None, None, None


# ----------------------------------------------------------------------------- public functions

def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None,
               weight: Tensor | None = None, bias: Tensor | None = None, training: bool = False,
               momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    r"""Batch normalization: normalise every channel over the batch and spatial positions.

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \gamma + \beta

    with the mean and (biased) variance of channel ``c`` taken over the N*S
    values ``input[:, c, ...]`` in training, and the running statistics in
    evaluation.

    Parameters
    ----------
    input : Tensor
        float32 or float64, of shape ``(N, C)`` or ``(N, C, *)``.
    running_mean, running_var : Tensor or None
        Shape (C,), the input's dtype. In training, when given, they are
        updated in place: ``running = (1 - momentum) * running + momentum *
        batch_stat``, with the *unbiased* batch variance. In evaluation they
        are required and used to normalise.
    weight, bias : Tensor, optional
        The affine :math:`\gamma` and :math:`\beta`, shape (C,).
    training : bool, default False
        Use the batch statistics (and update the running ones).
    momentum : float, default 0.1
        The update factor of the running statistics. As in PyTorch's
        functional form, ``None`` is rejected: the cumulative average of
        ``momentum=None`` is kept by ``nn.BatchNorm*``, which passes
        ``1 / num_batches_tracked`` here.
    eps : float, default 1e-5
        Added to the variance.

    Returns
    -------
    Tensor
        Of the input's shape and dtype.

    Raises
    ------
    ValueError
        Input of fewer than 2 dimensions, parameters or running statistics of
        the wrong shape, running statistics missing in evaluation (or only
        one given), or at most one value per channel in training (PyTorch
        lets an empty batch through and fills the running statistics with NaN).
    TypeError
        Non-tensor arguments, a non-float input, parameters of another dtype,
        or ``momentum=None``.

    Shape
    -----
    - Input: ``(N, C)`` or ``(N, C, *)``
    - Output: same as the input

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.norm import batch_norm
    >>> x = minigrad.tensor([[0.0, 10.0], [2.0, 30.0]])
    >>> mean, var = minigrad.zeros(2), minigrad.ones(2)
    >>> batch_norm(x, mean, var, training=True, eps=1e-12)
    tensor([[-1., -1.],
            [ 1.,  1.]])
    >>> mean, var
    (tensor([0.1000, 2.0000]), tensor([ 1.1000, 20.9000]))
    """
    op = "batch_norm"
    _check_input(op, input, 2, "(N, C, *)")
    _check_running(op, running_mean, running_var, input)
    c = input.shape[1]
    _check_param(op, "weight", weight, (c,), input, "one per channel")
    _check_param(op, "bias", bias, (c,), input, "one per channel")
    momentum = _check_momentum(op, momentum)
    eps = check_number(op, "eps", eps)
    training = bool(training)
    if training:
        if not eps > 0:
            # PyTorch's rule: a channel with zero variance would divide by zero.
            raise ValueError(f"{op}: eps must be positive during training, but got {eps}")
        if input.shape[0] * math.prod(input.shape[2:]) <= 1:
            raise ValueError(
                f"{op}: Expected more than 1 value per channel when training, got input size "
                f"{_shape_str(input.shape)}"
            )
    elif running_mean is None:
        raise ValueError(f"{op}: running_mean and running_var must be defined in evaluation mode")
    out = BatchNorm.apply(input, weight, bias, running_mean, running_var, training, momentum, eps)
    if training:
        _bump_version(running_mean, running_var)
    return out


def layer_norm(input: Tensor, normalized_shape, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    r"""Layer normalization over the trailing ``normalized_shape`` dimensions.

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \gamma + \beta

    with the mean and biased variance taken over the last
    ``len(normalized_shape)`` dimensions of every sample, and
    :math:`\gamma, \beta` elementwise over those dimensions.

    Parameters
    ----------
    input : Tensor
        float32 or float64, of shape ``(*, normalized_shape)``.
    normalized_shape : int or sequence of int
        The trailing shape to normalise over (at least one dimension).
    weight, bias : Tensor, optional
        Of shape ``normalized_shape``.
    eps : float, default 1e-5
        Added to the variance.

    Returns
    -------
    Tensor
        Of the input's shape and dtype.

    Raises
    ------
    ValueError
        ``normalized_shape`` empty, negative, or not the input's trailing
        shape; weight or bias of another shape.
    TypeError
        Non-tensor arguments, a non-float input, parameters of another dtype,
        or a ``normalized_shape`` that is not made of ints.

    Shape
    -----
    - Input: ``(*, normalized_shape[0], ..., normalized_shape[-1])``
    - Output: same as the input

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.norm import layer_norm
    >>> x = minigrad.tensor([[1.0, 3.0], [10.0, 20.0]])
    >>> layer_norm(x, 2, eps=0.0)
    tensor([[-1.,  1.],
            [-1.,  1.]])
    """
    op = "layer_norm"
    _check_input(op, input, 1, "(*, normalized_shape)")
    if type(normalized_shape) is int:
        normalized_shape = (normalized_shape,)
    elif type(normalized_shape) is not tuple or not _all_ints(normalized_shape):
        normalized_shape = _as_shape(op, normalized_shape)
    k = len(normalized_shape)
    if k == 0:
        raise ValueError(f"{op}: expected normalized_shape to have at least one dimension, got []")
    shape = input._data.shape
    if k > len(shape) or shape[len(shape) - k:] != normalized_shape:
        raise ValueError(
            f"{op}: normalized_shape={_shape_str(normalized_shape)} expects input of shape "
            f"[*, {', '.join(map(str, normalized_shape))}], got input of shape {_shape_str(input.shape)}"
        )
    _check_param(op, "weight", weight, normalized_shape, input, "normalized_shape")
    _check_param(op, "bias", bias, normalized_shape, input, "normalized_shape")
    eps = check_number(op, "eps", eps)
    return LayerNorm.apply(input, weight, bias, k, eps)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    r"""Group normalization: normalise every sample over groups of channels.

    The C channels are split into ``num_groups`` consecutive groups; each
    (sample, group) is normalised with the mean and biased variance of its
    C/num_groups * S values, then :math:`\gamma, \beta` apply per channel.

    Parameters
    ----------
    input : Tensor
        float32 or float64, of shape ``(N, C, *)``.
    num_groups : int
        A positive divisor of C.
    weight, bias : Tensor, optional
        Of shape (C,).
    eps : float, default 1e-5
        Added to the variance.

    Returns
    -------
    Tensor
        Of the input's shape and dtype.

    Raises
    ------
    ValueError
        Input of fewer than 2 dimensions, ``num_groups`` not a positive divisor
        of C, weight or bias of another shape.
    TypeError
        Non-tensor arguments, a non-float input, parameters of another dtype,
        a non-integer ``num_groups``.

    Shape
    -----
    - Input: ``(N, C, *)``
    - Output: same as the input

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.norm import group_norm
    >>> x = minigrad.tensor([[[1.0], [3.0], [10.0], [30.0]]])
    >>> group_norm(x, 2, eps=0.0).reshape(4)
    tensor([-1.,  1., -1.,  1.])
    """
    op = "group_norm"
    _check_input(op, input, 2, "(N, C, *)")
    num_groups = check_int(op, "num_groups", num_groups)
    c = input.shape[1]
    if num_groups <= 0 or c % num_groups:
        raise ValueError(
            f"{op}: expected the number of channels of input {_shape_str(input.shape)} to be "
            f"divisible by num_groups, got num_groups={num_groups}"
        )
    _check_param(op, "weight", weight, (c,), input, "one per channel")
    _check_param(op, "bias", bias, (c,), input, "one per channel")
    eps = check_number(op, "eps", eps)
    return GroupNorm.apply(input, weight, bias, int(num_groups), eps, None, None, 0.0)


def instance_norm(input: Tensor, running_mean: Tensor | None = None,
                  running_var: Tensor | None = None, weight: Tensor | None = None,
                  bias: Tensor | None = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    r"""Instance normalization: normalise every (sample, channel) over its spatial positions.

    It is group norm with one channel per group. With ``use_input_stats=False``
    the running statistics normalise instead (as batch norm in evaluation).

    Parameters
    ----------
    input : Tensor
        float32 or float64, of shape ``(N, C, *)``.
    running_mean, running_var : Tensor, optional
        Shape (C,). With ``use_input_stats`` they are updated in place with
        the per-instance means and unbiased variances averaged over the batch;
        without it they are required.
    weight, bias : Tensor, optional
        Of shape (C,).
    use_input_stats : bool, default True
        Normalise with the statistics of each instance.
    momentum : float, default 0.1
        The update factor of the running statistics.
    eps : float, default 1e-5
        Added to the variance.

    Returns
    -------
    Tensor
        Of the input's shape and dtype.

    Raises
    ------
    ValueError
        Input of fewer than 2 dimensions, at most one spatial element with
        ``use_input_stats``, an empty batch with running statistics to
        update, parameters or running statistics of the wrong shape, running
        statistics missing without ``use_input_stats``. (PyTorch lets the
        empty cases through and fills the running statistics with NaN.)
    TypeError
        Non-tensor arguments, a non-float input, parameters of another dtype,
        ``momentum=None``.

    Shape
    -----
    - Input: ``(N, C, *)``
    - Output: same as the input

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.norm import instance_norm
    >>> x = minigrad.tensor([[[1.0, 3.0], [10.0, 30.0]]])
    >>> instance_norm(x, eps=0.0)
    tensor([[[-1.,  1.],
             [-1.,  1.]]])
    """
    op = "instance_norm"
    _check_input(op, input, 2, "(N, C, *)")
    _check_running(op, running_mean, running_var, input)
    c = input.shape[1]
    _check_param(op, "weight", weight, (c,), input, "one per channel")
    _check_param(op, "bias", bias, (c,), input, "one per channel")
    momentum = _check_momentum(op, momentum)
    eps = check_number(op, "eps", eps)
    if not use_input_stats:
        if running_mean is None:
            raise ValueError(
                f"{op}: expected running_mean and running_var to be defined when "
                f"use_input_stats is false"
            )
        return BatchNorm.apply(input, weight, bias, running_mean, running_var, False, momentum, eps)
    if c == 0:
        return input.clone()  # nothing to normalize, as in PyTorch
    if math.prod(input.shape[2:]) <= 1:
        raise ValueError(
            f"{op}: Expected more than 1 spatial element when training, got input size "
            f"{_shape_str(input.shape)}"
        )
    if running_mean is not None and input.shape[0] == 0:
        raise ValueError(
            f"{op}: cannot update the running statistics from an empty batch, got input size "
            f"{_shape_str(input.shape)}"
        )
    out = GroupNorm.apply(input, weight, bias, c, eps, running_mean, running_var, momentum)
    _bump_version(running_mean, running_var)
    return out


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75,
                        k: float = 1.0) -> Tensor:
    r"""Local response normalization across channels (AlexNet).

    .. math::
        y_c = x_c \left(k + \frac{\alpha}{n} \sum_{c'=c-\lfloor n/2 \rfloor}^{c+\lfloor (n-1)/2 \rfloor}
        x_{c'}^2\right)^{-\beta}

    where ``n = size`` and channels outside [0, C) count as zero.

    Parameters
    ----------
    input : Tensor
        float32 or float64, of shape ``(N, C, *)`` with at least 3 dimensions.
    size : int
        The number of neighbouring channels in the window (positive).
    alpha, beta, k : float
        The scale, exponent and additive constant.

    Returns
    -------
    Tensor
        Of the input's shape and dtype.

    Raises
    ------
    ValueError
        Input of fewer than 3 dimensions, a non-positive ``size``.
    TypeError
        A non-tensor or non-float input, a non-integer ``size``.

    Shape
    -----
    - Input: ``(N, C, *)``
    - Output: same as the input

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.norm import local_response_norm
    >>> x = minigrad.tensor([[[1.0], [1.0]]])
    >>> local_response_norm(x, size=2, alpha=2.0, beta=1.0, k=0.0).reshape(2)
    tensor([1.0000, 0.5000])
    """
    op = "local_response_norm"
    _check_input(op, input, 3, "(N, C, *)")
    size = check_int(op, "size", size, 1)
    alpha, beta, k = (check_number(op, name, v)
                      for name, v in (("alpha", alpha), ("beta", beta), ("k", k)))
    return LocalResponseNorm.apply(input, int(size), alpha, beta, k)
