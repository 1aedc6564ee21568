"""Plain NumPy references for the layers and losses of ``minigrad.nn``, written from the formulas.

Loops over samples where that makes the definition plainer; float64
throughout; no code shared with ``minigrad``.
"""
import numpy as np
from scipy import special


# ---------------------------------------------------------------- linear
def linear(x, w, b=None):
    """``y = x W^T + b`` over any leading dimensions."""
    y = np.einsum("...i,oi->...o", x, w)
    return y if b is None else y + b


def bilinear(x1, x2, w, b=None):
    """``y_k = x1^T A_k x2 + b_k``."""
    y = np.einsum("...i,kij,...j->...k", x1, w, x2)
    return y if b is None else y + b


# ---------------------------------------------------------------- losses
def _class_last(x):
    """Scores ``(C,)``, ``(N, C)`` or ``(N, C, d...)`` as rows ``(M, C)``."""
    if x.ndim == 1:
        return x[None]
    return np.moveaxis(x, 1, -1).reshape(-1, x.shape[1])


def _log_softmax_rows(rows):
    out = np.empty_like(rows)
    for i, row in enumerate(rows):
        m = row.max()
        out[i] = row - m - np.log(np.sum(np.exp(row - m)))
    return out


def _reduce(losses, reduction, denominator, shape):
    if reduction == "none":
        return np.asarray(losses).reshape(shape)
    if reduction == "sum":
        return np.sum(losses)
    return np.sum(losses) / denominator


def nll_loss(logp, target, weight=None, ignore_index=-100, reduction="mean"):
    """``-w[t] logp[t]`` per element; the mean divides by the summed weight of kept targets."""
    rows = _class_last(logp)
    targets = np.asarray(target).reshape(-1)
    c = rows.shape[1]
    weight = np.ones(c) if weight is None else weight
    losses, total_weight = [], 0.0
    for row, t in zip(rows, targets):
        if t == ignore_index:
            losses.append(0.0)
            continue
        losses.append(-weight[t] * row[t])
        total_weight += weight[t]
    return _reduce(losses, reduction, total_weight, np.shape(target))


def cross_entropy(x, target, weight=None, ignore_index=-100, reduction="mean",
                  label_smoothing=0.0):
    """Cross-entropy of logits, for class-index or class-probability targets.

    Class indices: ``(1 - e) * nll + e / C * sum_c(-w_c logp_c)``, zero for
    ignored targets; the mean divides both parts by the summed weight of the
    kept targets. Probabilities: ``-sum_c w_c q_c logp_c`` with
    ``q = (1 - e) p + e / C``; the mean divides by the number of rows.
    """
    rows = _log_softmax_rows(_class_last(x))
    m, c = rows.shape
    w = np.ones(c) if weight is None else weight
    e = label_smoothing
    if np.asarray(target).dtype.kind == "f":
        q = _class_last(target) * (1 - e) + e / c
        losses = [-np.sum(w * qi * li) for qi, li in zip(q, rows)]
        shape = () if x.ndim == 1 else (x.shape[0],) + x.shape[2:]
        return _reduce(losses, reduction, m, shape)
    targets = np.asarray(target).reshape(-1)
    losses, total_weight = [], 0.0
    for li, t in zip(rows, targets):
        if t == ignore_index:
            losses.append(0.0)
            continue
        nll = -w[t] * li[t]
        smooth = -np.sum(w * li)
        losses.append((1 - e) * nll + e / c * smooth)
        total_weight += w[t]
    return _reduce(losses, reduction, total_weight, np.shape(target))


def _pointwise(values, reduction, weight=None, mean_over_weights=True):
    if weight is not None:
        values = values * weight
    if reduction == "none":
        return values
    if reduction == "sum":
        return values.sum()
    if weight is not None and mean_over_weights:
        return values.sum() / weight.sum()
    return values.mean()


def mse_loss(x, y, reduction="mean", weight=None):
    return _pointwise((x - y) ** 2, reduction, weight)


def l1_loss(x, y, reduction="mean", weight=None):
    return _pointwise(np.abs(x - y), reduction, weight)


def smooth_l1_loss(x, y, reduction="mean", beta=1.0):
    d = np.abs(x - y)
    if beta == 0:
        return _pointwise(d, reduction)
    return _pointwise(np.where(d < beta, 0.5 * d ** 2 / beta, d - 0.5 * beta), reduction)


def huber_loss(x, y, reduction="mean", delta=1.0, weight=None):
    d = np.abs(x - y)
    values = np.where(d < delta, 0.5 * d ** 2, delta * (d - 0.5 * delta))
    return _pointwise(values, reduction, weight, mean_over_weights=False)


def binary_cross_entropy(p, y, weight=None, reduction="mean"):
    """``-w (y log p + (1 - y) log(1 - p))`` with both logarithms clamped at -100."""
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100)
        log_q = np.maximum(np.log(1 - p), -100)
    return _pointwise(-(y * log_p + (1 - y) * log_q), reduction, weight, False)


def binary_cross_entropy_with_logits(x, y, weight=None, reduction="mean", pos_weight=None):
    """``-w (pw y log s(x) + (1 - y) log(1 - s(x)))`` via ``log s(x) = -log(1 + e^-x)``."""
    log_s = -np.logaddexp(0, -x)
    log_1ms = -np.logaddexp(0, x)
    pw = 1.0 if pos_weight is None else pos_weight
    return _pointwise(-(pw * y * log_s + (1 - y) * log_1ms), reduction, weight, False)


# ---------------------------------------------------------------- normalization
def batch_norm(x, weight=None, bias=None, eps=1e-5, mean=None, var=None):
    """Normalize each channel (axis 1) with the given statistics, or the batch's (biased)."""
    axes = (0,) + tuple(range(2, x.ndim))
    if mean is None:
        mean = x.mean(axis=axes)
        var = x.var(axis=axes)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps)
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y


def batch_stats(x):
    """The per-channel batch mean and *unbiased* variance, as the running update uses them."""
    axes = (0,) + tuple(range(2, x.ndim))
    return x.mean(axis=axes), x.var(axis=axes, ddof=1)


def instance_norm(x, weight=None, bias=None, eps=1e-5):
    """Normalize each (sample, channel) over its spatial positions."""
    out = np.empty_like(x)
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            v = x[n, c]
            out[n, c] = (v - v.mean()) / np.sqrt(v.var() + eps)
            if weight is not None:
                out[n, c] = out[n, c] * weight[c]
            if bias is not None:
                out[n, c] = out[n, c] + bias[c]
    return out


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    axes = tuple(range(x.ndim - len(normalized_shape), x.ndim))
    y = (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y


def group_norm(x, groups, weight=None, bias=None, eps=1e-5):
    n, c = x.shape[:2]
    grouped = x.reshape(n, groups, -1)
    mean = grouped.mean(axis=2, keepdims=True)
    var = grouped.var(axis=2, keepdims=True)
    y = ((grouped - mean) / np.sqrt(var + eps)).reshape(x.shape)
    shape = (1, c) + (1,) * (x.ndim - 2)
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y


def local_response_norm(x, size, alpha=1e-4, beta=0.75, k=1.0):
    """``x_c / (k + alpha / size * sum_{c' in window(c)} x_{c'}^2) ** beta``.

    The window of channel ``c`` is ``[c - size // 2, c + (size - 1) // 2]``,
    clipped to the channels that exist.
    """
    out = np.empty_like(x)
    channels = x.shape[1]
    for c in range(channels):
        lo, hi = max(0, c - size // 2), min(channels, c + (size - 1) // 2 + 1)
        total = (x[:, lo:hi] ** 2).sum(axis=1)
        out[:, c] = x[:, c] / (k + alpha / size * total) ** beta
    return out


# ---------------------------------------------------------------- activations, distances, losses
def hardsigmoid(x):
    return np.clip(x / 6 + 0.5, 0, 1)


def mish(x):
    return x * np.tanh(np.log1p(np.exp(x)))


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def selu(x):
    return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * (np.exp(x) - 1))


def celu(x, alpha=1.0):
    return np.maximum(0, x) + np.minimum(0, alpha * (np.exp(x / alpha) - 1))


def hardtanh(x, min_val=-1.0, max_val=1.0):
    return np.where(x < min_val, min_val, np.where(x > max_val, max_val, x))


def softsign(x):
    return x / (1 + np.abs(x))


def logsigmoid(x):
    return special.log_expit(x)


def prelu(x, a):
    a = a.reshape(()) if a.size == 1 else a.reshape((1, -1) + (1,) * (x.ndim - 2))
    return np.where(x > 0, x, a * x)


def glu(x, axis=-1):
    a, b = np.split(x, 2, axis=axis)
    return a / (1 + np.exp(-b))


def p_norm(x, p, axis, keepdims=False):
    if np.isinf(p):
        return np.abs(x).max(axis=axis, keepdims=keepdims)
    if p == 0:
        return (x != 0).sum(axis=axis, keepdims=keepdims).astype(x.dtype)
    return (np.abs(x) ** p).sum(axis=axis, keepdims=keepdims) ** (1 / p)


def cosine_similarity(x1, x2, axis=1, eps=1e-8):
    n1 = np.maximum(np.sqrt((x1 * x1).sum(axis, keepdims=True)), eps)
    n2 = np.maximum(np.sqrt((x2 * x2).sum(axis, keepdims=True)), eps)
    return ((x1 / n1) * (x2 / n2)).sum(axis)


def reduce(losses, reduction):
    return {"mean": np.mean, "sum": np.sum, "none": lambda v: v}[reduction](losses)
