"""Plain NumPy references for the normalization ops, in float64, written from the formulas.

Each takes and returns NumPy arrays; the functions that update running
statistics return the new values instead of writing in place. They use
two-pass statistics (``x.mean()``, then ``((x - mean)**2).mean()``) and no
reshape tricks shared with the kernels, so they check the kernels
independently.
"""
import numpy as np


def _affine(y, weight, bias, shape):
    if weight is not None:
        y = y * np.reshape(weight, shape)
    if bias is not None:
        y = y + np.reshape(bias, shape)
    return y


def _channel_shape(x):
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)


def batch_norm(x, running_mean=None, running_var=None, weight=None, bias=None,
               training=False, momentum=0.1, eps=1e-5):
    """Returns ``(out, new_running_mean, new_running_var)`` (the running values None if not given)."""
    x = np.asarray(x, np.float64)
    axes = (0,) + tuple(range(2, x.ndim))
    shape = _channel_shape(x)
    if training:
        mean = x.mean(axis=axes)
        var = ((x - mean.reshape(shape)) ** 2).mean(axis=axes)
        count = x.size // x.shape[1]
        if running_mean is not None:
            running_mean = (1 - momentum) * running_mean + momentum * mean
            running_var = (1 - momentum) * running_var + momentum * var * count / (count - 1)
    else:
        mean, var = np.asarray(running_mean, np.float64), np.asarray(running_var, np.float64)
    y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps)
    return _affine(y, weight, bias, shape), running_mean, running_var


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    x = np.asarray(x, np.float64)
    axes = tuple(range(x.ndim - len(normalized_shape), x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + eps)
    return _affine(y, weight, bias, normalized_shape)


def group_norm(x, num_groups, weight=None, bias=None, eps=1e-5):
    x = np.asarray(x, np.float64)
    n, c = x.shape[0], x.shape[1]
    out = np.empty_like(x)
    per_group = c // num_groups
    for i in range(n):
        for g in range(num_groups):
            block = x[i, g * per_group:(g + 1) * per_group]
            mean = block.mean()
            var = ((block - mean) ** 2).mean()
            out[i, g * per_group:(g + 1) * per_group] = (block - mean) / np.sqrt(var + eps)
    return _affine(out, weight, bias, _channel_shape(x))


def instance_norm(x, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-5):
    """Returns ``(out, new_running_mean, new_running_var)``."""
    x = np.asarray(x, np.float64)
    shape = _channel_shape(x)
    if not use_input_stats:
        y = (x - np.reshape(running_mean, shape)) / np.sqrt(np.reshape(running_var, shape) + eps)
        return _affine(y, weight, bias, shape), running_mean, running_var
    axes = tuple(range(2, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + eps)
    if running_mean is not None:
        count = int(np.prod(x.shape[2:]))
        batch_mean = mean.reshape(x.shape[:2]).mean(axis=0)
        batch_var = (var.reshape(x.shape[:2]) * count / (count - 1)).mean(axis=0)
        running_mean = (1 - momentum) * running_mean + momentum * batch_mean
        running_var = (1 - momentum) * running_var + momentum * batch_var
    return _affine(y, weight, bias, shape), running_mean, running_var


def local_response_norm(x, size, alpha=1e-4, beta=0.75, k=1.0):
    """Zero-pad the channels by (size // 2, (size - 1) // 2) and average the squares over a sliding window."""
    x = np.asarray(x, np.float64)
    c = x.shape[1]
    pad = [(0, 0)] * x.ndim
    pad[1] = (size // 2, (size - 1) // 2)
    squares = np.pad(x * x, pad)
    window_sum = sum(squares[:, offset:offset + c] for offset in range(size))
    return x / (k + alpha * window_sum / size) ** beta
