"""Loss functions, each one node with a hand-written backward.

Cross-entropy is fused: log-softmax and the negative log-likelihood run in
one forward (computed stably, by subtracting each row's maximum before the
exponential), and the gradient with respect to the logits comes out in
closed form, ``softmax * sum(q) - q`` where ``q`` is the (weighted,
smoothed) target distribution of the row.

Class scores are laid out as in PyTorch: ``(C,)``, ``(N, C)`` or
``(N, C, d1, ..., dk)``; internally they become an ``(M, C)`` matrix of
rows with the class axis last.

Reductions follow PyTorch exactly: ``'mean'`` over class-index targets
divides by the sum of the weights of the targets that are not ignored
(the count, without weights); over probability targets, by the number of
rows; for the elementwise losses, by the number of elements (by the sum of
the weights for weighted ``mse_loss`` and ``l1_loss``, not ``huber_loss``).
"""
import warnings

import numpy as np
from scipy import special

from minigrad.autograd.function import Function
from minigrad.ops._args import check_bool, check_number
from minigrad.ops.activation import softplus
from minigrad.ops.distance import pairwise_distance
from minigrad.ops.elementwise import clamp, minimum
from minigrad.ops.indexing import where
from minigrad.tensor import Tensor

__all__ = [
    "cross_entropy", "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits",
    "kl_div", "margin_ranking_loss", "triplet_margin_loss", "cosine_embedding_loss",
    "multilabel_soft_margin_loss", "poisson_nll_loss", "gaussian_nll_loss",
]

_REDUCTIONS = ("none", "mean", "sum")


# ---------------------------------------------------------------- argument checks, shared helpers
def _rows(x):
    """``x`` as an (M, C) matrix with the class axis (1, or 0 if unbatched) last."""
    if x.ndim == 1:
        return x[None, :]
    if x.ndim == 2:
        return x
    return np.moveaxis(x, 1, -1).reshape(-1, x.shape[1])


def _unrows(rows, shape):
    """The inverse of :func:`_rows`: an (M, C) matrix back to ``shape``, C-contiguous."""
    if len(shape) <= 2:
        return rows.reshape(shape)
    moved = rows.reshape((shape[0],) + tuple(shape[2:]) + (shape[1],))
    return np.ascontiguousarray(np.moveaxis(moved, -1, 1))


def _reduce(per_row, reduction, denominator, shape):
    """Reduce the per-row (or per-element) losses; ``shape`` is the unreduced output's."""
    if reduction == "none":
        return per_row.reshape(shape)
    total = per_row.sum()
    if reduction == "sum":
        return np.asarray(total, per_row.dtype)
    if denominator == 0:
        # Every target ignored (or of weight 0): nan (or inf), as in PyTorch, without a warning.
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(np.true_divide(total, denominator), per_row.dtype)
    return np.asarray(total / denominator, per_row.dtype)


def _grad_scale(grad, reduction, denominator):
    """The upstream gradient of each row's loss: per row for ``'none'``, else one scalar."""
    if reduction == "none":
        return grad.reshape(-1)
    if reduction == "mean" and denominator == 0:
        # Nothing counted (every target ignored): the loss is nan, its gradient 0, as in PyTorch.
        return np.zeros((), grad.dtype)
    return grad if reduction == "sum" else grad / denominator


def _column(v):
    """A per-row vector as a column (to scale the rows of a matrix); scalars unchanged."""
    return v[:, None] if np.ndim(v) else v


def _class_targets(target, ignore_index, weight, dtype):
    """Indices safe to gather with, each row's target weight and the mask of kept rows.

    ``ignore_index`` is None when the caller found no target equal to it;
    then every row is kept and, without class weights, the weights are all
    1 and returned as None (the common case costs nothing).
    """
    t = target.reshape(-1)
    if ignore_index is None:
        return t, (None if weight is None else weight[t]), None
    valid = t != ignore_index
    safe = np.where(valid, t, 0)
    picked = weight[safe] * valid if weight is not None else valid.astype(dtype)
    return safe, picked, valid


def _legacy_reduction(op, size_average, reduce, reduction):
    """Resolve the deprecated ``size_average`` / ``reduce`` arguments; check ``reduction``."""
    if size_average is not None or reduce is not None:
        warnings.warn(
            f"{op}: size_average and reduce are deprecated, use reduction= instead",
            DeprecationWarning, stacklevel=3,
        )
        size_average = True if size_average is None else check_bool(op, "size_average",
                                                                    size_average)
        reduce = True if reduce is None else check_bool(op, "reduce", reduce)
        reduction = ("mean" if size_average else "sum") if reduce else "none"
    if not isinstance(reduction, str) or reduction not in _REDUCTIONS:
        raise ValueError(
            f"{op}: reduction must be 'none', 'mean' or 'sum', got {reduction!r}"
        )
    return reduction


def _check_input(op, x, what="input"):
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: expected {what} to be a Tensor, got {type(x).__name__}")
    if x._data.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point {what}, got dtype {x._data.dtype}")


def _check_float_like(op, name, t, x):
    """``t`` must be a floating-point tensor of ``x``'s dtype."""
    if not isinstance(t, Tensor):
        raise TypeError(f"{op}: expected {name} to be a Tensor, got {type(t).__name__}")
    if t._data.dtype != x._data.dtype:
        raise TypeError(
            f"{op}: expected {name} of dtype {x._data.dtype} (the input's), got {t._data.dtype}"
        )


def _check_same_shape(op, x, target):
    if target.shape != x.shape:
        raise ValueError(
            f"{op}: expected target of the input's shape {list(x.shape)}, got "
            f"{list(target.shape)} (minigrad does not broadcast loss targets)"
        )


def _promote_pair(op, input, target):
    """``input`` and ``target`` in one floating dtype, as PyTorch's regression losses promote.

    An integer or bool target takes the input's float dtype; two float
    dtypes promote to the wider (float32 with float64 gives float64), and
    an integer input takes the target's float dtype. ``huber_loss`` instead
    computes in the input's dtype and needs a floating-point input, and
    ``l1_loss`` refuses a bool target (PyTorch cannot subtract bools).
    """
    for name, t in (("input", input), ("target", target)):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}: expected {name} to be a Tensor, got {type(t).__name__}")
    di, dt = input._data.dtype, target._data.dtype
    if op == "huber_loss":
        _check_input(op, input)
        dtype = di
    elif di.kind == "f" and dt.kind == "f":
        dtype = np.promote_types(di, dt)
    elif di.kind == "f" or dt.kind == "f":
        dtype = di if di.kind == "f" else dt
    else:
        raise TypeError(
            f"{op}: expected a floating-point input or target, got dtypes {di} and {dt}"
        )
    if op == "l1_loss" and dt == np.bool_:
        raise TypeError(f"{op}: a bool target cannot be subtracted; convert it with .float()")
    return input.astype(dtype), target.astype(dtype)


def _check_probability_target_shape(op, x, target):
    """A floating-point target of the wrong shape is usually class indices left as floats."""
    if target.shape == x.shape:
        return
    index_shape = list(x.shape[:1] + x.shape[2:]) if x.ndim > 1 else []
    if list(target.shape) == index_shape:
        raise TypeError(
            f"{op}: class indices must be integers (e.g. target.long()), got a "
            f"{target._data.dtype} target of shape {index_shape}; a floating-point target "
            f"holds class probabilities and needs the input's shape {list(x.shape)}"
        )
    raise ValueError(
        f"{op}: expected an integer target of shape {index_shape} (class indices) or a "
        f"floating-point target of the input's shape {list(x.shape)} (class probabilities), "
        f"got a {target._data.dtype} target of shape {list(target.shape)}; class indices must "
        f"be integers"
    )


def _check_broadcast_weight(op, name, weight, shape):
    try:
        ok = np.broadcast_shapes(weight.shape, shape) == tuple(shape)
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(
            f"{op}: {name} of shape {list(weight.shape)} does not broadcast to the input's "
            f"shape {list(shape)}"
        )


def _check_class_weight(op, weight, x, n_classes):
    if weight is None:
        return None
    _check_float_like(op, "weight", weight, x)
    if weight.shape != (n_classes,):
        raise ValueError(
            f"{op}: expected weight of shape [{n_classes}] (one per class), got "
            f"{list(weight.shape)}"
        )
    return weight


def _check_class_target(op, x, target, ignore_index):
    """Validate integer class indices for scores ``x``.

    Returns the number of classes and ``ignore_index``, or None when no
    target equals it (so that the op can skip masking).
    """
    if x.ndim == 0:
        raise ValueError(
            f"{op}: expected input of shape (C,), (N, C) or (N, C, d1, ...), got a scalar"
        )
    n_classes = x.shape[0] if x.ndim == 1 else x.shape[1]
    expected = () if x.ndim == 1 else (x.shape[0],) + x.shape[2:]
    if target.shape != expected:
        raise ValueError(
            f"{op}: expected target of shape {list(expected)} for input {list(x.shape)} "
            f"(class indices; class probabilities need the input's shape), got "
            f"{list(target.shape)}"
        )
    t = target._data
    if not t.size:
        return n_classes, None
    low, high = t.min(), t.max()
    if low < 0 or high >= n_classes:
        bad = t[((t < 0) | (t >= n_classes)) & (t != ignore_index)]
        if bad.size:
            raise ValueError(
                f"{op}: target {int(bad.flat[0])} is out of bounds for {n_classes} classes"
            )
    return n_classes, (int(ignore_index) if low <= ignore_index <= high else None)


# ---------------------------------------------------------------- cross-entropy
class CrossEntropy(Function):
    """log-softmax over the class axis and the negative log-likelihood, fused."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, target, weight, ignore_index, reduction, smoothing):
        rows = _rows(x)
        m, c = rows.shape
        logp = rows - rows.max(axis=1, keepdims=True)
        e = np.exp(logp)
        total = e.sum(axis=1, keepdims=True)
        logp -= np.log(total)
        ctx.e, ctx.total, ctx.shape = e, total, x.shape
        ctx.reduction, ctx.smoothing = reduction, smoothing
        if target.dtype.kind == "f":
            q = _rows(target)
            if smoothing:
                q = q * (1 - smoothing) + smoothing / c
            if weight is not None:
                q = q * weight
            per_row = -(q * logp).sum(axis=1)
            ctx.q, ctx.denominator = q, m
            if ctx.needs_input_grad[1]:
                ctx.target_factor = -(1 - smoothing) * logp * (weight if weight is not None else 1)
            shape = x.shape[:1] + x.shape[2:] if x.ndim > 1 else ()
        else:
            safe, picked, valid = _class_targets(target, ignore_index, weight, x.dtype)
            per_row = -logp[np.arange(m), safe]
            if picked is not None:
                per_row *= picked
            if smoothing:
                smooth = -(logp * weight).sum(axis=1) if weight is not None else -logp.sum(axis=1)
                if valid is not None:
                    smooth *= valid
                per_row = (1 - smoothing) * per_row + (smoothing / c) * smooth
            ctx.q = None
            ctx.safe, ctx.picked, ctx.valid, ctx.weight = safe, picked, valid, weight
            ctx.denominator = m if picked is None else picked.sum()
            shape = target.shape
        return _reduce(per_row, reduction, ctx.denominator, shape)

    @staticmethod
    def backward(ctx, grad):
        m, c = ctx.e.shape
        scale = _grad_scale(grad, ctx.reduction, ctx.denominator)
        grad_target = None
        if ctx.q is not None:
            q = ctx.q
            grad_rows = ctx.e * (_column(scale * q.sum(axis=1)) / ctx.total) - _column(scale) * q
            if ctx.needs_input_grad[1]:
                grad_target = _unrows(ctx.target_factor * _column(scale), ctx.shape)
        else:
            eps, weight = ctx.smoothing, ctx.weight
            picked = 1 if ctx.picked is None else ctx.picked
            if ctx.valid is not None:
                scale = scale * ctx.valid
            # Row i's target distribution is q = (1 - eps) w_t onehot(t) + (eps / C) w, so
            # the gradient is softmax * sum(q) - q with sum(q) = (1 - eps) w_t + (eps / C) sum(w).
            class_total = weight.sum() if weight is not None else c
            row_total = (1 - eps) * picked + (eps / c) * class_total
            grad_rows = ctx.e * (_column(scale * row_total) / ctx.total)
            grad_rows[np.arange(m), ctx.safe] -= scale * (1 - eps) * picked
            if eps:
                per_class = weight if weight is not None else np.ones(c, ctx.e.dtype)
                grad_rows -= _column(scale * (eps / c)) * per_class
        grad_input = _unrows(grad_rows.astype(ctx.e.dtype, copy=False), ctx.shape)
        return grad_input, grad_target, None, None, None, None


# ---------------------------------------------------------------- negative log-likelihood
class NLLLoss(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, x, target, weight, ignore_index, reduction):
        rows = _rows(x)
        m, c = rows.shape
        safe, picked, _ = _class_targets(target, ignore_index, weight, x.dtype)
        per_row = -rows[np.arange(m), safe]
        if picked is not None:
            per_row *= picked
        ctx.rows_shape, ctx.shape, ctx.reduction = rows.shape, x.shape, reduction
        ctx.safe, ctx.picked = safe, picked
        ctx.denominator = m if picked is None else picked.sum()
        return _reduce(per_row, reduction, ctx.denominator, target.shape)

    @staticmethod
    def backward(ctx, grad):
        m, c = ctx.rows_shape
        scale = _grad_scale(grad, ctx.reduction, ctx.denominator)
        grad_rows = np.zeros((m, c), grad.dtype)
        grad_rows[np.arange(m), ctx.safe] = -scale * (1 if ctx.picked is None else ctx.picked)
        return _unrows(grad_rows, ctx.shape), None, None, None, None


# ---------------------------------------------------------------- elementwise regression losses
class _Pointwise(Function):
    """Losses that are a function of ``d = input - target`` element by element."""

    ndarray_io = True
    #: With a weight, does 'mean' divide by the sum of the weights (else by the element count)?
    _mean_over_weights = True

    @classmethod
    def forward(cls, ctx, x, y, weight, reduction, param):
        d = x - y
        loss = cls._value(d, param)
        if weight is not None:
            loss = loss * weight
        ctx.d, ctx.param, ctx.weight, ctx.reduction = d, param, weight, reduction
        by_weights = weight is not None and cls._mean_over_weights
        ctx.denominator = weight.sum() if by_weights else d.size
        return _reduce(loss, reduction, ctx.denominator, x.shape)

    @classmethod
    def backward(cls, ctx, grad):
        d = ctx.d
        if ctx.reduction == "none":
            scale = grad
        else:
            scale = grad if ctx.reduction == "sum" else grad / ctx.denominator
        grad_x = cls._derivative(d, ctx.param) * scale
        if ctx.weight is not None:
            grad_x = grad_x * ctx.weight
        grad_x = grad_x.astype(d.dtype, copy=False)
        need_x, need_y = ctx.needs_input_grad[:2]
        return (grad_x if need_x else None), (-grad_x if need_y else None), None, None, None


class MSELoss(_Pointwise):
    @staticmethod
    def _value(d, param):
        return d * d

    @staticmethod
    def _derivative(d, param):
        return 2 * d


class L1Loss(_Pointwise):
    @staticmethod
    def _value(d, param):
        return np.abs(d)

    @staticmethod
    def _derivative(d, param):
        return np.sign(d)


class SmoothL1Loss(_Pointwise):
    """``0.5 d^2 / beta`` where ``|d| < beta``, ``|d| - 0.5 beta`` elsewhere."""

    @staticmethod
    def _value(d, beta):
        a = np.abs(d)
        if beta == 0:
            return a
        return np.where(a < beta, (0.5 / beta) * d * d, a - 0.5 * beta).astype(d.dtype)

    @staticmethod
    def _derivative(d, beta):
        if beta == 0:
            return np.sign(d)
        return np.where(np.abs(d) < beta, d / d.dtype.type(beta), np.sign(d))


class HuberLoss(_Pointwise):
    """``0.5 d^2`` where ``|d| < delta``, ``delta (|d| - 0.5 delta)`` elsewhere."""

    _mean_over_weights = False  # PyTorch's weighted huber_loss takes a plain mean

    @staticmethod
    def _value(d, delta):
        a = np.abs(d)
        return np.where(a < delta, 0.5 * d * d, delta * (a - 0.5 * delta)).astype(d.dtype)

    @staticmethod
    def _derivative(d, delta):
        return np.where(np.abs(d) < delta, d, delta * np.sign(d)).astype(d.dtype)


# ---------------------------------------------------------------- binary cross-entropy
class BinaryCrossEntropy(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, x, y, weight, reduction):
        # As PyTorch, clamp the logarithms at -100 so that x = 0 or 1 gives a finite loss.
        with np.errstate(divide="ignore"):
            log_x = np.maximum(np.log(x), -100)
            log_1mx = np.maximum(np.log1p(-x), -100)
        loss = -(y * log_x + (1 - y) * log_1mx)
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(x, y)
        ctx.weight, ctx.reduction = weight, reduction
        if ctx.needs_input_grad[1]:
            ctx.target_factor = log_1mx - log_x
        return _reduce(loss.astype(x.dtype, copy=False), reduction, x.size, x.shape)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        scale = grad / x.size if ctx.reduction == "mean" else grad
        if ctx.weight is not None:
            scale = scale * ctx.weight
        grad_x = grad_y = None
        if ctx.needs_input_grad[0]:
            # d/dx = (x - y) / (x (1 - x)); the denominator is clamped as in PyTorch.
            grad_x = (scale * (x - y) / np.maximum(x * (1 - x), 1e-12)).astype(x.dtype)
        if ctx.needs_input_grad[1]:
            grad_y = (scale * ctx.target_factor).astype(x.dtype)
        return grad_x, grad_y, None, None


class BinaryCrossEntropyWithLogits(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, x, y, weight, pos_weight, reduction):
        # -log(sigmoid(x)) = softplus(-x), computed without overflow by logaddexp; then
        # -(p y log s + (1 - y) log(1 - s)) = (1 - y) x + (1 + (p - 1) y) softplus(-x).
        softplus_neg = np.logaddexp(0, -x)
        if pos_weight is None:
            loss = (1 - y) * x + softplus_neg
        else:
            loss = (1 - y) * x + (1 + (pos_weight - 1) * y) * softplus_neg
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(x, y)
        ctx.weight, ctx.pos_weight, ctx.reduction = weight, pos_weight, reduction
        if ctx.needs_input_grad[1]:
            ctx.softplus_neg = softplus_neg
        return _reduce(loss.astype(x.dtype, copy=False), reduction, x.size, x.shape)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        scale = grad / x.size if ctx.reduction == "mean" else grad
        if ctx.weight is not None:
            scale = scale * ctx.weight
        pos = ctx.pos_weight
        grad_x = grad_y = None
        if ctx.needs_input_grad[0]:
            s = special.expit(x)
            if pos is None:
                grad_x = scale * (s - y)
            else:
                grad_x = scale * (s * (1 - y + pos * y) - pos * y)
            grad_x = grad_x.astype(x.dtype, copy=False)
        if ctx.needs_input_grad[1]:
            # d/dy = p softplus(-x) - softplus(x), and softplus(x) = x + softplus(-x).
            p = 1 if pos is None else pos
            grad_y = (scale * ((p - 1) * ctx.softplus_neg - x)).astype(x.dtype, copy=False)
        return grad_x, grad_y, None, None, None


# ---------------------------------------------------------------- public functions
def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
                  reduce=None, reduction="mean", label_smoothing=0.0):
    """The cross-entropy between class scores (logits) and targets.

    For class-index targets the loss of row ``n`` is
    ``-w[y_n] * log_softmax(x_n)[y_n]``; for class-probability targets it is
    ``-sum_c w_c p_{n,c} log_softmax(x_n)_c``. With ``label_smoothing = e``
    the target becomes ``(1 - e) * target + e / C`` (uniform mixing).

    Parameters
    ----------
    input : Tensor
        Unnormalized scores, shape ``(C,)``, ``(N, C)`` or ``(N, C, d1, ..., dk)``.
    target : Tensor
        Class indices (an integer tensor of shape ``()``, ``(N,)`` or
        ``(N, d1, ..., dk)``, values in ``[0, C)``) or class probabilities
        (a floating-point tensor of the input's shape and dtype).
    weight : Tensor, optional
        A weight per class, shape ``(C,)``.
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``.
    ignore_index : int, default -100
        Class-index targets equal to it contribute nothing, to the loss or to
        the mean's denominator. Not allowed (when non-negative) with
        probability targets.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` divides the sum by the total weight of the non-ignored
        targets (by ``N * d1 * ... * dk`` for probability targets).
    label_smoothing : float, default 0.0
        In ``[0, 1]``.

    Returns
    -------
    Tensor
        A scalar, or the per-element losses (shape of the class-index
        target) with ``reduction='none'``.

    Raises
    ------
    ValueError
        For mismatched shapes, out-of-range class indices, an invalid
        reduction or label smoothing.
    TypeError
        For a target of the wrong dtype.

    Notes
    -----
    Gradients flow to ``input`` and to probability targets, not to ``weight``.

    Shape
    -----
    - Input: ``(C)``, ``(N, C)`` or ``(N, C, d_1, ..., d_k)``
    - Target: ``()``, ``(N)`` or ``(N, d_1, ..., d_k)`` of class indices, or the input's shape
    - Output: scalar; with ``reduction='none'``, ``()``, ``(N)`` or ``(N, d_1, ..., d_k)``

    Examples
    --------
    >>> import minigrad
    >>> logits = minigrad.tensor([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    >>> target = minigrad.tensor([0, 2])
    >>> round(cross_entropy(logits, target).item(), 4)
    0.6691
    >>> cross_entropy(logits, target, reduction="none")
    tensor([0.2395, 1.0986])
    """
    op = "cross_entropy"
    reduction = _legacy_reduction(op, size_average, reduce, reduction)
    _check_input(op, input)
    if not isinstance(target, Tensor):
        raise TypeError(f"{op}: expected target to be a Tensor, got {type(target).__name__}")
    if not 0.0 <= check_number(op, "label_smoothing", label_smoothing) <= 1.0:
        raise ValueError(
            f"{op}: label_smoothing must be between 0.0 and 1.0, got {label_smoothing}"
        )
    if input.ndim == 0:
        raise ValueError(
            f"{op}: expected input of shape (C,), (N, C) or (N, C, d1, ...), got a scalar"
        )
    n_classes = input.shape[0] if input.ndim == 1 else input.shape[1]
    kind = target._data.dtype.kind
    if kind == "f":
        _check_probability_target_shape(op, input, target)
        _check_float_like(op, "target (class probabilities)", target, input)
        if ignore_index >= 0:
            raise ValueError(f"{op}: ignore_index is not supported for probability targets")
    elif kind in "iu":
        _, ignore_index = _check_class_target(op, input, target, ignore_index)
    else:
        raise TypeError(
            f"{op}: expected an integer target (class indices) or a floating-point target "
            f"(class probabilities), got dtype {target._data.dtype}"
        )
    weight = _check_class_weight(op, weight, input, n_classes)
    return CrossEntropy.apply(input, target, weight, ignore_index, reduction,
                              float(label_smoothing))


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """The negative log-likelihood of class-index targets under log-probabilities.

    The loss of row ``n`` is ``-w[y_n] * x[n, y_n]``; combined with
    :func:`~minigrad.ops.activation.log_softmax` it is the cross-entropy.

    Parameters
    ----------
    input : Tensor
        Log-probabilities, shape ``(C,)``, ``(N, C)`` or ``(N, C, d1, ..., dk)``.
    target : Tensor
        Integer class indices of shape ``()``, ``(N,)`` or ``(N, d1, ..., dk)``.
    weight : Tensor, optional
        A weight per class, shape ``(C,)``.
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``.
    ignore_index : int, default -100
        Targets equal to it contribute nothing.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` divides by the total weight of the non-ignored targets.

    Returns
    -------
    Tensor
        A scalar, or the per-element losses with ``reduction='none'``.

    Shape
    -----
    - Input: ``(C)``, ``(N, C)`` or ``(N, C, d_1, ..., d_k)``
    - Target: ``()``, ``(N)`` or ``(N, d_1, ..., d_k)``
    - Output: scalar, or the target's shape with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> logp = minigrad.tensor([[-0.5, -1.0], [-2.0, -0.1]])
    >>> nll_loss(logp, minigrad.tensor([1, 0]))
    tensor(1.5000)
    """
    op = "nll_loss"
    reduction = _legacy_reduction(op, size_average, reduce, reduction)
    _check_input(op, input)
    if not isinstance(target, Tensor) or target._data.dtype.kind not in "iu":
        got = target._data.dtype if isinstance(target, Tensor) else type(target).__name__
        raise TypeError(f"{op}: expected an integer target tensor (class indices), got {got}")
    n_classes, ignore_index = _check_class_target(op, input, target, ignore_index)
    weight = _check_class_weight(op, weight, input, n_classes)
    return NLLLoss.apply(input, target, weight, ignore_index, reduction)


def _pointwise(fn, op, input, target, reduction, param, weight=None):
    input, target = _promote_pair(op, input, target)
    _check_same_shape(op, input, target)
    if weight is not None:
        _check_float_like(op, "weight", weight, input)
        if weight.shape != input.shape:
            raise ValueError(
                f"{op}: expected weight of the input's shape {list(input.shape)}, got "
                f"{list(weight.shape)}"
            )
    return fn.apply(input, target, weight, reduction, param)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """The squared error ``(input - target)^2``, reduced.

    Parameters
    ----------
    input, target : Tensor
        Tensors of one shape. Unlike PyTorch, which warns and broadcasts, a
        target of another shape is an error. Their dtypes promote as in
        PyTorch: an integer or bool target takes the input's float dtype,
        float32 with float64 computes in float64 (and the gradient returns
        to each operand in its own dtype).
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` averages the elementwise losses, ``'sum'`` adds them,
        ``'none'`` returns them unreduced.
    weight : Tensor, optional
        A weight per element, of the input's shape; ``'mean'`` then divides
        by the sum of the weights.

    Returns
    -------
    Tensor
        A scalar, or the input's shape with ``reduction='none'``.

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> mse_loss(minigrad.tensor([1.0, 2.0]), minigrad.tensor([0.0, 0.0]))
    tensor(2.5000)
    """
    reduction = _legacy_reduction("mse_loss", size_average, reduce, reduction)
    return _pointwise(MSELoss, "mse_loss", input, target, reduction, None, weight)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    r"""The absolute error ``|input - target|``, reduced.

    .. math:: \ell_i = |x_i - y_i|

    The gradient at ``input == target`` is 0.

    Parameters
    ----------
    input, target : Tensor
        Tensors of one shape. Unlike PyTorch, which warns and broadcasts, a
        target of another shape is an error. Their dtypes promote as in
        PyTorch: an integer or bool target takes the input's float dtype,
        float32 with float64 computes in float64 (and the gradient returns
        to each operand in its own dtype).
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``. When either is given
        they decide instead of ``reduction``: ``reduce=False`` means
        ``'none'``, otherwise ``size_average=False`` means ``'sum'`` and
        ``True`` ``'mean'`` (an omitted one counts as True).
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` averages the elementwise losses, ``'sum'`` adds them,
        ``'none'`` returns them in the input's shape.
    weight : Tensor, optional
        A weight per element, of the input's shape, multiplied into each
        loss; ``'mean'`` then divides by the sum of the weights.

    Returns
    -------
    Tensor
        A scalar, or the input's shape with ``reduction='none'``.

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> l1_loss(minigrad.tensor([1.0, -3.0]), minigrad.tensor([0.0, 0.0]))
    tensor(2.)
    """
    reduction = _legacy_reduction("l1_loss", size_average, reduce, reduction)
    return _pointwise(L1Loss, "l1_loss", input, target, reduction, None, weight)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """A squared error near zero and an absolute error beyond ``beta``.

    ``0.5 d^2 / beta`` where ``|d| < beta`` and ``|d| - 0.5 beta`` elsewhere,
    with ``d = input - target``; ``beta = 0`` gives :func:`l1_loss`.

    Parameters
    ----------
    input, target : Tensor
        Tensors of one shape. Unlike PyTorch, which warns and broadcasts, a
        target of another shape is an error. Their dtypes promote as in
        PyTorch: an integer or bool target takes the input's float dtype,
        float32 with float64 computes in float64 (and the gradient returns
        to each operand in its own dtype).
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``. When either is given
        they decide instead of ``reduction``: ``reduce=False`` means
        ``'none'``, otherwise ``size_average=False`` means ``'sum'`` and
        ``True`` ``'mean'`` (an omitted one counts as True).
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` averages the elementwise losses, ``'sum'`` adds them,
        ``'none'`` returns them in the input's shape.
    beta : float, default 1.0
        Where the squared part hands over to the absolute one; at least 0.

    Returns
    -------
    Tensor
        A scalar, or the input's shape with ``reduction='none'``.

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Raises
    ------
    ValueError
        If ``beta`` is negative.

    Examples
    --------
    >>> import minigrad
    >>> smooth_l1_loss(minigrad.tensor([0.5, 3.0]), minigrad.tensor([0.0, 0.0]), reduction="none")
    tensor([0.1250, 2.5000])
    """
    op = "smooth_l1_loss"
    reduction = _legacy_reduction(op, size_average, reduce, reduction)
    if check_number(op, "beta", beta) < 0:
        raise ValueError(f"{op}: beta must be non-negative, got {beta}")
    return _pointwise(SmoothL1Loss, op, input, target, reduction, float(beta))


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """The Huber loss: ``0.5 d^2`` where ``|d| < delta``, ``delta (|d| - 0.5 delta)`` elsewhere.

    Equals ``delta * smooth_l1_loss(..., beta=delta)``, with ``d = input - target``.

    Parameters
    ----------
    input, target : Tensor
        Tensors of one shape. Unlike PyTorch, which warns and broadcasts, a
        target of another shape is an error. Their dtypes promote as in
        PyTorch: an integer or bool target takes the input's float dtype,
        float32 with float64 computes in float64 (and the gradient returns
        to each operand in its own dtype).
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` averages the elementwise losses, ``'sum'`` adds them,
        ``'none'`` returns them in the input's shape.
    delta : float, default 1.0
        Where the squared part hands over to the linear one; positive (a
        ``ValueError`` otherwise).
    weight : Tensor, optional
        A weight per element, of the input's shape, multiplied into each
        loss; ``'mean'`` still divides by the number of elements (as PyTorch
        does), not by the sum of the weights.

    Returns
    -------
    Tensor
        A scalar, or the input's shape with ``reduction='none'``.

    Raises
    ------
    ValueError
        If ``delta`` is not positive.

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> huber_loss(minigrad.tensor([0.5, 3.0]), minigrad.tensor([0.0, 0.0]), reduction="none")
    tensor([0.1250, 2.5000])
    """
    op = "huber_loss"
    reduction = _legacy_reduction(op, None, None, reduction)
    if check_number(op, "delta", delta) <= 0:
        raise ValueError(f"{op}: delta must be positive, got {delta}")
    return _pointwise(HuberLoss, op, input, target, reduction, float(delta), weight)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """The binary cross-entropy between probabilities and targets.

    ``-w (y log x + (1 - y) log(1 - x))`` elementwise, the logarithms
    clamped at -100 as in PyTorch. Prefer
    :func:`binary_cross_entropy_with_logits`, which is stable for extreme
    scores.

    Parameters
    ----------
    input : Tensor
        Probabilities in ``[0, 1]``.
    target : Tensor
        Targets in ``[0, 1]``, the input's shape and dtype.
    weight : Tensor, optional
        Broadcast to the input's shape and multiplied in.
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` divides by the number of elements.

    Raises
    ------
    ValueError
        If an input value lies outside ``[0, 1]`` or shapes mismatch.

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> p = minigrad.tensor([0.5, 0.9])
    >>> binary_cross_entropy(p, minigrad.tensor([1.0, 1.0]), reduction="none")
    tensor([0.6931, 0.1054])
    """
    op = "binary_cross_entropy"
    reduction = _legacy_reduction(op, size_average, reduce, reduction)
    _check_input(op, input)
    _check_float_like(op, "target", target, input)
    _check_same_shape(op, input, target)
    if weight is not None:
        _check_float_like(op, "weight", weight, input)
        _check_broadcast_weight(op, "weight", weight, input.shape)
    x = input._data
    if x.size and not (x.min() >= 0 and x.max() <= 1):
        raise ValueError(f"{op}: all elements of input should be between 0 and 1")
    return BinaryCrossEntropy.apply(input, target, weight, reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """Sigmoid and binary cross-entropy in one stable step.

    ``-w (p y log s(x) + (1 - y) log(1 - s(x)))`` elementwise with
    ``s`` the logistic sigmoid, computed as
    ``(1 - y) x + (1 + (p - 1) y) log(1 + exp(-x))`` without overflow.

    Parameters
    ----------
    input : Tensor
        Scores (logits), any shape.
    target : Tensor
        Targets in ``[0, 1]``, the input's shape and dtype.
    weight : Tensor, optional
        Broadcast to the input's shape and multiplied in.
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` divides by the number of elements.
    pos_weight : Tensor, optional
        The weight ``p`` of positive examples, broadcast along the last
        (class) dimension: shape ``(C,)`` for input ``(N, C)``.

    Notes
    -----
    Gradients flow to ``input`` and ``target``, not to ``weight`` or ``pos_weight``.

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([0.0, 100.0])
    >>> binary_cross_entropy_with_logits(x, minigrad.tensor([1.0, 0.0]), reduction="none")
    tensor([  0.6931, 100.0000])
    """
    op = "binary_cross_entropy_with_logits"
    reduction = _legacy_reduction(op, size_average, reduce, reduction)
    _check_input(op, input)
    _check_float_like(op, "target", target, input)
    _check_same_shape(op, input, target)
    if weight is not None:
        _check_float_like(op, "weight", weight, input)
        _check_broadcast_weight(op, "weight", weight, input.shape)
    if pos_weight is not None:
        _check_float_like(op, "pos_weight", pos_weight, input)
        _check_broadcast_weight(op, "pos_weight", pos_weight, input.shape)
    return BinaryCrossEntropyWithLogits.apply(input, target, weight, pos_weight, reduction)


# ---------------------------------------------------------------- losses composed of other ops
# Second-class ops: each is a few elementwise ops and reductions whose
# backwards already exist, so they have no Function of their own.
def _reduce_composed(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _check_shapes_broadcast(op, names, *tensors):
    try:
        return np.broadcast_shapes(*(t.shape for t in tensors))
    except ValueError:
        shapes = ", ".join(f"{n} {list(t.shape)}" for n, t in zip(names, tensors))
        raise ValueError(f"{op}: the shapes of {shapes} do not broadcast") from None


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """The Kullback-Leibler divergence of ``input`` (log-probabilities) from ``target``.

    .. math::
        L = y (\\log y - x) \\quad\\text{or, with log_target,}\\quad e^{y} (y - x)

    where a target probability of 0 contributes 0.

    Parameters
    ----------
    input : Tensor
        Log-probabilities, any shape.
    target : Tensor
        Probabilities (log-probabilities with ``log_target=True``), of a
        shape that broadcasts with ``input``.
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``.
    reduction : {'mean', 'batchmean', 'sum', 'none'}, default 'mean'
        ``'batchmean'`` divides the sum by the batch size (the first
        dimension): the divergence as defined mathematically. ``'mean'``
        divides by the number of elements and warns, as in PyTorch.
    log_target : bool, default False
        Whether ``target`` holds log-probabilities too (more accurate for tiny
        probabilities).

    Examples
    --------
    >>> import minigrad
    >>> p = minigrad.tensor([[0.5, 0.5]])
    >>> kl_div(minigrad.tensor([[0.25, 0.75]]).log(), p, reduction="batchmean")
    tensor(0.1438)
    """
    _check_input("kl_div", input)
    _check_float_like("kl_div", "target", target, input)
    _check_shapes_broadcast("kl_div", ("input", "target"), input, target)
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction("kl_div", size_average, reduce, "mean")
    elif reduction == "mean":
        warnings.warn(
            "kl_div: reduction='mean' divides the total loss by both the batch size and the "
            "support size; 'batchmean' divides only by the batch size, and aligns with the KL "
            "divergence's definition", UserWarning, stacklevel=2)
    elif reduction not in ("batchmean", "sum", "none"):
        raise ValueError(
            f"kl_div: reduction must be 'none', 'batchmean', 'mean' or 'sum', got {reduction!r}")
    if check_bool("kl_div", "log_target", log_target):
        loss = target.exp() * (target - input)
    else:
        positive = target > 0
        # log(1) = 0 where the target is 0, so 0 * log 0 counts as 0 (and so does its gradient).
        safe = where(positive, target, 1.0)
        loss = target * (safe.log() - input)
    if reduction == "batchmean":
        total = loss.sum()
        return total / input.shape[0] if input.ndim else total
    return _reduce_composed(loss, reduction)


def margin_ranking_loss(input1, input2, target, margin=0.0, size_average=None, reduce=None,
                        reduction="mean"):
    """``max(0, -y (x1 - x2) + margin)``: ``x1`` should rank above ``x2`` where ``y = 1``.

    Parameters
    ----------
    input1, input2 : Tensor
        Scores, ``(N)`` or ``()``.
    target : Tensor
        ``1`` or ``-1`` for each pair, of the same shape.
    margin : float, default 0
        How far the right score must lead before the pair costs nothing.
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` averages the elementwise losses, ``'sum'`` adds them,
        ``'none'`` returns them unreduced.

    Examples
    --------
    >>> import minigrad
    >>> margin_ranking_loss(minigrad.tensor([1.0, 0.0]), minigrad.tensor([0.0, 1.0]),
    ...                     minigrad.tensor([1.0, 1.0]), margin=0.5)
    tensor(0.7500)
    """
    reduction = _legacy_reduction("margin_ranking_loss", size_average, reduce, reduction)
    _check_input("margin_ranking_loss", input1, "input1")
    _check_float_like("margin_ranking_loss", "input2", input2, input1)
    _check_float_like("margin_ranking_loss", "target", target, input1)
    if not (input1.ndim == input2.ndim == target.ndim):
        raise ValueError(
            f"margin_ranking_loss: all input tensors should have the same number of dimensions, "
            f"got input1 {list(input1.shape)}, input2 {list(input2.shape)} and target "
            f"{list(target.shape)}")
    _check_shapes_broadcast("margin_ranking_loss", ("input1", "input2", "target"),
                            input1, input2, target)
    margin = check_number("margin_ranking_loss", "margin", margin)
    return _reduce_composed(clamp(-target * (input1 - input2) + margin, min=0.0), reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2.0, eps=1e-6, swap=False,
                        size_average=None, reduce=None, reduction="mean"):
    """``max(d(a, p) - d(a, n) + margin, 0)``, ``d`` the :func:`pairwise_distance`.

    Parameters
    ----------
    anchor, positive, negative : Tensor
        ``(N, D)`` or ``(D,)``, all of one number of dimensions.
    margin : float, default 1.0
        How much nearer than the negative the positive must be before the
        triplet costs nothing; positive (a ``ValueError`` otherwise).
    p : float, default 2.0
        The order of the distance's norm.
    eps : float, default 1e-6
        Added to each difference before its norm, ``||a - b + eps||_p``, so
        that the gradient stays finite at zero distance.
    swap : bool, default False
        Use ``min(d(a, n), d(p, n))`` as the negative distance (Balntas et al., 2016).
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` averages the elementwise losses, ``'sum'`` adds them,
        ``'none'`` returns them unreduced.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([[0.0, 0.0]])
    >>> triplet_margin_loss(a, minigrad.tensor([[3.0, 4.0]]), minigrad.tensor([[0.0, 1.0]]),
    ...                     eps=0.0)
    tensor(5.)
    """
    reduction = _legacy_reduction("triplet_margin_loss", size_average, reduce, reduction)
    _check_input("triplet_margin_loss", anchor, "anchor")
    _check_float_like("triplet_margin_loss", "positive", positive, anchor)
    _check_float_like("triplet_margin_loss", "negative", negative, anchor)
    if not (anchor.ndim == positive.ndim == negative.ndim) or anchor.ndim not in (1, 2):
        raise ValueError(
            f"triplet_margin_loss: expected anchor, positive and negative to be all 1-d or all "
            f"2-d, got {anchor.ndim}-d, {positive.ndim}-d and {negative.ndim}-d")
    margin = check_number("triplet_margin_loss", "margin", margin)
    if margin <= 0:
        raise ValueError(f"triplet_margin_loss: margin must be greater than 0, got {margin}")
    d_positive = pairwise_distance(anchor, positive, p, eps)
    d_negative = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_negative = minimum(d_negative, pairwise_distance(positive, negative, p, eps))
    return _reduce_composed(clamp(margin + d_positive - d_negative, min=0.0), reduction)


def cosine_embedding_loss(input1, input2, target, margin=0.0, size_average=None, reduce=None,
                          reduction="mean"):
    """``1 - cos(x1, x2)`` where ``y = 1``, ``max(0, cos(x1, x2) - margin)`` where ``y = -1``.

    Parameters
    ----------
    input1, input2 : Tensor
        ``(N, D)`` or ``(D,)``.
    target : Tensor
        ``1`` or ``-1`` per pair, ``(N)`` or ``()``.
    margin : float, default 0
        Between -1 and 1; 0 to 0.5 is suggested.
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` averages the elementwise losses, ``'sum'`` adds them,
        ``'none'`` returns them unreduced.

    Examples
    --------
    >>> import minigrad
    >>> cosine_embedding_loss(minigrad.tensor([[1.0, 0.0], [1.0, 0.0]]),
    ...                       minigrad.tensor([[0.0, 1.0], [-1.0, 0.0]]),
    ...                       minigrad.tensor([1.0, -1.0]), reduction="none")
    tensor([1., 0.])
    """
    reduction = _legacy_reduction("cosine_embedding_loss", size_average, reduce, reduction)
    _check_input("cosine_embedding_loss", input1, "input1")
    _check_float_like("cosine_embedding_loss", "input2", input2, input1)
    if input1.shape != input2.shape or input1.ndim not in (1, 2):
        raise ValueError(
            f"cosine_embedding_loss: expected input1 and input2 of one shape, (N, D) or (D,), "
            f"got {list(input1.shape)} and {list(input2.shape)}")
    if not isinstance(target, Tensor) or target.ndim != input1.ndim - 1:
        raise ValueError(
            f"cosine_embedding_loss: expected a {input1.ndim - 1}-d target for "
            f"{input1.ndim}-d inputs, got {getattr(target, 'shape', target)}")
    margin = check_number("cosine_embedding_loss", "margin", margin)
    axis = input1.ndim - 1
    # PyTorch's formula: EPSILON added to each squared norm, then one square root.
    eps = 1e-12
    dot = (input1 * input2).sum(axis)
    squares = ((input1 * input1).sum(axis) + eps) * ((input2 * input2).sum(axis) + eps)
    cos = dot / squares.sqrt()
    zeros = cos * 0.0
    loss = (where(target == 1, 1.0 - cos, zeros)
            + where(target == -1, clamp(cos - margin, min=0.0), zeros))
    return _reduce_composed(loss, reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction="mean"):
    """The binary cross-entropy of each of ``C`` labels from logits, averaged over the labels.

    .. math::
        L = -\\frac{1}{C} \\sum_c w_c \\left[y_c \\log \\sigma(x_c)
        + (1 - y_c) \\log \\sigma(-x_c)\\right]

    Parameters
    ----------
    input : Tensor
        Logits, ``(N, C)`` or ``(C,)``.
    target : Tensor
        0 or 1 per label, the input's shape.
    weight : Tensor, optional
        A weight per label, broadcasting with the input.
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` averages the elementwise losses, ``'sum'`` adds them,
        ``'none'`` returns them unreduced.

    Examples
    --------
    >>> import minigrad
    >>> multilabel_soft_margin_loss(minigrad.tensor([[0.0, 0.0]]), minigrad.tensor([[1.0, 0.0]]))
    tensor(0.6931)
    """
    reduction = _legacy_reduction("multilabel_soft_margin_loss", size_average, reduce, reduction)
    _check_input("multilabel_soft_margin_loss", input)
    _check_float_like("multilabel_soft_margin_loss", "target", target, input)
    if input.ndim == 0:
        raise ValueError("multilabel_soft_margin_loss: expected an input of at least 1 dimension")
    _check_same_shape("multilabel_soft_margin_loss", input, target)
    # log(sigmoid(x)) = -softplus(-x), computed without overflow.
    loss = target * softplus(-input) + (1.0 - target) * softplus(input)
    if weight is not None:
        _check_float_like("multilabel_soft_margin_loss", "weight", weight, input)
        _check_shapes_broadcast("multilabel_soft_margin_loss", ("input", "weight"), input, weight)
        loss = loss * weight
    loss = loss.sum(input.ndim - 1) / input.shape[-1]
    return _reduce_composed(loss, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8,
                     reduce=None, reduction="mean"):
    """The negative log-likelihood of ``target`` under a Poisson distribution of rate ``input``.

    .. math::
        L = e^{x} - y x \\quad\\text{(log_input)}, \\qquad
        L = x - y \\log(x + \\epsilon) \\quad\\text{(otherwise)}

    plus, with ``full``, Stirling's approximation of ``log(y!)``,
    ``y log y - y + log(2 pi y) / 2``, where ``y > 1``.

    Parameters
    ----------
    input : Tensor
        The log of the rate (the rate itself with ``log_input=False``), any shape.
    target : Tensor
        Counts, the input's shape.
    log_input : bool, default True
        Whether ``input`` is the log of the rate; with ``False`` it is the rate.
    full : bool, default False
        Whether to add Stirling's approximation of ``log(y!)``.
    size_average, reduce : bool, optional
        Deprecated, as in PyTorch; use ``reduction``.
    eps : float, default 1e-8
        Keeps ``log`` finite at a rate of 0 when ``log_input=False``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` averages the elementwise losses, ``'sum'`` adds them,
        ``'none'`` returns them unreduced.

    Examples
    --------
    >>> import minigrad
    >>> poisson_nll_loss(minigrad.tensor([0.0, 0.0]), minigrad.tensor([1.0, 2.0]),
    ...                  reduction="none")
    tensor([1., 1.])
    """
    reduction = _legacy_reduction("poisson_nll_loss", size_average, reduce, reduction)
    _check_input("poisson_nll_loss", input)
    _check_float_like("poisson_nll_loss", "target", target, input)
    _check_shapes_broadcast("poisson_nll_loss", ("input", "target"), input, target)
    eps = check_number("poisson_nll_loss", "eps", eps)
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        big = target > 1
        safe = where(big, target, 1.0)
        stirling = safe * safe.log() - safe + 0.5 * (2 * np.pi * safe).log()
        loss = loss + where(big, stirling, stirling * 0.0)
    return _reduce_composed(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """The negative log-likelihood of ``target`` under a normal of mean ``input``, variance ``var``.

    .. math::
        L = \\frac{1}{2}\\left(\\log \\max(\\sigma^2, \\epsilon)
        + \\frac{(x - y)^2}{\\max(\\sigma^2, \\epsilon)}\\right)
        \\;(+ \\tfrac{1}{2}\\log 2\\pi \\text{ with full})

    The clamp at ``eps`` is not recorded, as in PyTorch: the gradient with
    respect to ``var`` is that of the clamped value.

    Parameters
    ----------
    input : Tensor
        The predicted means, ``(N, *)`` or ``(*)``.
    target : Tensor
        The observations, the input's shape.
    var : Tensor or float
        The predicted variances: the input's shape, one dimension short of
        it, or with one dimension of size 1 (one variance shared across it).
    full : bool, default False
        Include the constant ``log(2 pi) / 2``.
    eps : float, default 1e-6
        The smallest variance used (larger ones are kept), for stability.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` averages the elementwise losses, ``'sum'`` adds them,
        ``'none'`` returns them unreduced.

    Raises
    ------
    ValueError
        For a negative variance or a ``var`` of another shape.

    Examples
    --------
    >>> import minigrad
    >>> gaussian_nll_loss(minigrad.tensor([0.0, 1.0]), minigrad.tensor([1.0, 1.0]),
    ...                   minigrad.tensor([1.0, 1.0]))
    tensor(0.2500)
    """
    _check_input("gaussian_nll_loss", input)
    _check_float_like("gaussian_nll_loss", "target", target, input)
    if reduction not in _REDUCTIONS:
        raise ValueError(
            f"gaussian_nll_loss: reduction must be 'none', 'mean' or 'sum', got {reduction!r}")
    if not isinstance(var, Tensor):
        var = check_number("gaussian_nll_loss", "var", var)
        if var < 0:
            raise ValueError("gaussian_nll_loss: var has negative entry/entries")
        var = Tensor._make(np.full(input.shape, var, input._data.dtype), False)
    elif bool((var._data < 0).any()):
        raise ValueError("gaussian_nll_loss: var has negative entry/entries")
    if var.shape != input.shape:
        if input.shape[:-1] == var.shape:
            var = var.unsqueeze(-1)
        elif not (var.ndim == input.ndim and sum(
                v for i, v in zip(input.shape, var.shape) if i != v) == 1):
            raise ValueError(
                f"gaussian_nll_loss: var is of incorrect size {list(var.shape)} for input "
                f"{list(input.shape)}")
    eps = check_number("gaussian_nll_loss", "eps", eps)
    # var + (clamped - var).detach(): the clamped value, with the gradient of var itself.
    clamped = var + (clamp(var.detach(), min=eps) - var.detach())
    loss = 0.5 * (clamped.log() + (input - target) ** 2 / clamped)
    if full:
        loss = loss + 0.5 * float(np.log(2 * np.pi))
    return _reduce_composed(loss, reduction)
