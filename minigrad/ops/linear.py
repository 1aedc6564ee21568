"""The affine map of a fully connected layer, ``x @ W.T + b``, as one node.

Composing ``matmul``, a transpose and an ``add`` would record three nodes and
sum the bias gradient through broadcasting; the fused op records one node,
whose backward is two GEMMs and a column sum. The GEMMs go through
:func:`minigrad.ops.matmul.matmul_2d`, on minigrad's threads.
Leading batch dimensions are flattened into the GEMM's rows.
"""
import math

from minigrad.autograd.function import Function
from minigrad.ops.matmul import matmul_2d
from minigrad.tensor import Tensor

__all__ = ["linear", "bilinear", "Linear"]


def _check_float(op, name, t, dtype):
    if not isinstance(t, Tensor):
        raise TypeError(f"{op}: expected {name} to be a Tensor, got {type(t).__name__}")
    if t._data.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point {name}, got dtype {t._data.dtype}")
    if dtype is not None and t._data.dtype != dtype:
        raise TypeError(
            f"{op}: expected {name} to have the input's dtype {dtype}, got {t._data.dtype}"
        )


def _rows(a):
    # Not reshape(-1, n): with no elements and n == 0 the -1 is ambiguous.
    return a.reshape(math.prod(a.shape[:-1]), a.shape[-1])


class Linear(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, x, weight, bias):
        rows = _rows(x)
        # x @ W.T: the GEMM reads the weight transposed in place, no copy.
        out = matmul_2d(rows, weight.T)
        if bias is not None:
            out += bias
        ctx.save_for_backward(x, weight)
        return out.reshape(x.shape[:-1] + (weight.shape[0],))

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad
        grad_rows = _rows(grad).astype(x.dtype, copy=False)
        grad_x = grad_w = grad_b = None
        if need_x:
            grad_x = matmul_2d(grad_rows, weight).reshape(x.shape)
        if need_w:
            grad_w = matmul_2d(grad_rows.T, _rows(x))
        if need_b:
            grad_b = grad_rows.sum(axis=0)
        return grad_x, grad_w, grad_b


def linear(input, weight, bias=None):
    """Apply the affine map ``y = x W^T + b``.

    Parameters
    ----------
    input : Tensor
        Shape ``(*, in_features)``: any number of leading dimensions.
    weight : Tensor
        Shape ``(out_features, in_features)``.
    bias : Tensor, optional
        Shape ``(out_features,)``.

    Returns
    -------
    Tensor
        Shape ``(*, out_features)``.

    Raises
    ------
    ValueError
        If the shapes do not fit together.
    TypeError
        If an argument is not a floating-point tensor of the input's dtype.

    Shape
    -----
    - Input: ``(*, H_in)`` with ``H_in = in_features``
    - Weight: ``(H_out, H_in)``; Bias: ``(H_out,)``
    - Output: ``(*, H_out)``

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 2.0]])
    >>> w = minigrad.tensor([[1.0, 0.0], [1.0, 1.0], [0.0, -1.0]])
    >>> linear(x, w, minigrad.tensor([0.5, 0.5, 0.5]))
    tensor([[ 1.5000,  3.5000, -1.5000]])
    """
    _check_float("linear", "input", input, None)
    _check_float("linear", "weight", weight, input._data.dtype)
    if weight.ndim != 2:
        raise ValueError(
            f"linear: expected a 2-d weight (out_features, in_features), got shape "
            f"{list(weight.shape)}"
        )
    if input.ndim == 0:
        raise ValueError("linear: expected an input with at least one dimension, got a scalar")
    if input.shape[-1] != weight.shape[1]:
        raise ValueError(
            f"linear: expected input{list(input.shape)} to have {weight.shape[1]} features in "
            f"its last dimension (weight {list(weight.shape)}), got {input.shape[-1]}"
        )
    if bias is not None:
        _check_float("linear", "bias", bias, input._data.dtype)
        if bias.shape != (weight.shape[0],):
            raise ValueError(
                f"linear: expected bias of shape [{weight.shape[0]}] (weight "
                f"{list(weight.shape)}), got {list(bias.shape)}"
            )
    return Linear.apply(input, weight, bias)


def bilinear(input1, input2, weight, bias=None):
    """Apply the bilinear map ``y_k = x1^T A_k x2 + b_k``.

    Composed from ``matmul`` and a sum, so it needs no backward of its own.

    Parameters
    ----------
    input1 : Tensor
        Shape ``(*, in1_features)``.
    input2 : Tensor
        Shape ``(*, in2_features)``, the same leading dimensions as ``input1``.
    weight : Tensor
        Shape ``(out_features, in1_features, in2_features)``.
    bias : Tensor, optional
        Shape ``(out_features,)``.

    Returns
    -------
    Tensor
        Shape ``(*, out_features)``.

    Examples
    --------
    >>> import minigrad
    >>> x1, x2 = minigrad.tensor([[1.0, 2.0]]), minigrad.tensor([[3.0]])
    >>> w = minigrad.tensor([[[1.0], [1.0]]])
    >>> bilinear(x1, x2, w)
    tensor([[9.]])
    """
    _check_float("bilinear", "input1", input1, None)
    _check_float("bilinear", "input2", input2, input1._data.dtype)
    _check_float("bilinear", "weight", weight, input1._data.dtype)
    if weight.ndim != 3:
        raise ValueError(
            f"bilinear: expected a 3-d weight (out_features, in1_features, in2_features), "
            f"got shape {list(weight.shape)}"
        )
    if input1.ndim == 0 or input1.shape[:-1] != input2.shape[:-1]:
        raise ValueError(
            f"bilinear: expected input1 and input2 to have the same leading dimensions, got "
            f"{list(input1.shape)} and {list(input2.shape)}"
        )
    if input1.shape[-1] != weight.shape[1] or input2.shape[-1] != weight.shape[2]:
        raise ValueError(
            f"bilinear: expected inputs with {weight.shape[1]} and {weight.shape[2]} features "
            f"(weight {list(weight.shape)}), got {list(input1.shape)} and {list(input2.shape)}"
        )
    if bias is not None:
        _check_float("bilinear", "bias", bias, input1._data.dtype)
        if bias.shape != (weight.shape[0],):
            raise ValueError(
                f"bilinear: expected bias of shape [{weight.shape[0]}], got {list(bias.shape)}"
            )
    lead = input1.shape[:-1]
    x1 = input1.reshape(-1, 1, 1, weight.shape[1])
    x2 = input2.reshape(-1, 1, weight.shape[2])
    # (M, 1, 1, in1) @ (out, in1, in2) -> (M, out, 1, in2): row k is x1^T A_k.
    left = (x1 @ weight).reshape(-1, weight.shape[0], weight.shape[2])
    out = (left * x2).sum(dim=-1)
    if bias is not None:
        out = out + bias
    return out.reshape(lead + (weight.shape[0],))
