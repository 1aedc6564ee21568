"""The differentiable pooling ops: max (plain and adaptive), average, max-unpooling."""
import numpy as np

from minigrad._ext import pool as _kernels
from minigrad._ext._openmp import get_num_threads
from minigrad.autograd.function import Function
from minigrad.ops.pool._windows import _out_shape, _planes

__all__ = ["AvgPool", "MaxPool", "MaxUnpool"]


class MaxPool(Function):
    """Max pooling, plain or adaptive: forward records each window's argmax, backward scatters."""

    ndarray_io = True
    differentiable_backward = False

    @staticmethod
    def forward(ctx, x, plan, return_indices):
        shape = _out_shape(x.shape, plan)
        out = np.empty(shape, dtype=x.dtype)
        indices = np.empty(shape, dtype=np.int64)
        if plan.kernel_2x2:
            _kernels.max_pool_2x2_forward(_planes(x, plan), _planes(out, plan),
                                          _planes(indices, plan), plan.grid[1], plan.grid[2],
                                          get_num_threads())
        else:
            _kernels.max_pool_forward(_planes(x, plan), _planes(out, plan),
                                      _planes(indices, plan), plan.grid[1], plan.grid[2],
                                      *plan.windows, *plan.steps, get_num_threads())
        # Saved through save_for_backward so that changing returned indices in
        # place before backward is reported instead of misrouting gradients.
        ctx.save_for_backward(indices)
        ctx.in_shape, ctx.dtype, ctx.plan = x.shape, x.dtype, plan
        return (out, indices) if return_indices else out

    @staticmethod
    def backward(ctx, grad, grad_indices=None):
        (indices,) = ctx.saved_tensors
        grad = grad.astype(ctx.dtype, copy=False)
        grad_in = np.empty(ctx.in_shape, dtype=ctx.dtype)
        _kernels.max_pool_backward(_planes(grad, ctx.plan), _planes(indices, ctx.plan),
                                   _planes(grad_in, ctx.plan), get_num_threads())
        return grad_in, None, None


class AvgPool(Function):
    """Average pooling, plain or adaptive: window sums over per-window divisors."""

    ndarray_io = True
    differentiable_backward = False

    @staticmethod
    def forward(ctx, x, plan):
        out = np.empty(_out_shape(x.shape, plan), dtype=x.dtype)
        _kernels.avg_pool_forward(_planes(x, plan), _planes(out, plan), plan.grid[1],
                                  plan.grid[2], *plan.windows, plan.divisor, get_num_threads())
        ctx.in_shape, ctx.dtype, ctx.plan = x.shape, x.dtype, plan
        return out

    @staticmethod
    def backward(ctx, grad):
        plan = ctx.plan
        grad = grad.astype(ctx.dtype, copy=False)
        grad_in = np.zeros(ctx.in_shape, dtype=ctx.dtype)
        _kernels.avg_pool_backward(_planes(grad, plan), _planes(grad_in, plan), plan.grid[1],
                                   plan.grid[2], *plan.windows, plan.divisor, get_num_threads())
        return grad_in, None


class MaxUnpool(Function):
    """Max-unpooling: place each value at its recorded index of a zero output."""

    ndarray_io = True
    differentiable_backward = False

    @staticmethod
    def forward(ctx, x, indices, plan):
        out = np.zeros(_out_shape(x.shape, plan), dtype=x.dtype)
        _kernels.max_unpool_forward(_planes(x, plan), _planes(indices, plan), _planes(out, plan),
                                    get_num_threads())
        ctx.save_for_backward(indices)
        ctx.dtype, ctx.plan = x.dtype, plan
        return out

    @staticmethod
    def backward(ctx, grad):
        (indices,) = ctx.saved_tensors
        grad = grad.astype(ctx.dtype, copy=False)
        grad_in = np.empty(indices.shape, dtype=ctx.dtype)
        _kernels.max_unpool_backward(_planes(grad, ctx.plan), _planes(indices, ctx.plan),
                                     _planes(grad_in, ctx.plan), get_num_threads())
        return grad_in, None, None
