"""In-place operations: ``+=``, ``add_``, ``mul_``, ``copy_``, ``fill_``, ``x[i] = v`` ...

Without recording, an in-place op writes straight into the tensor's array.
When it must be recorded, it runs the out-of-place op (which records a node),
writes the result into the array and moves the tensor onto that node.

Either way the tensor's version counter (shared with its views) goes up, so
a node that saved the old values refuses to run backward with the new ones.
The node the in-place op itself records keeps a private copy of any value it
saved from the tensor (``y.mul_(w)`` needs the old ``y`` for ``w``'s gradient).

Differences from PyTorch:

* Only the tensor written through moves onto the new node. PyTorch also
  rewrites the history of the views and the base sharing its memory; here
  they keep their old history, and using them in a recorded op (or as the
  root of ``backward``) raises ``RuntimeError`` instead of differentiating
  values they no longer hold. ``clone()`` before writing in place avoids it.
* ``fill_``/``zero_`` of a non-leaf while recording leave a tensor that does
  not require grad (PyTorch keeps ``requires_grad=True`` with a zero
  gradient); the gradients that reach other tensors are the same.
"""
import numpy as np

from minigrad.autograd.function import Function
from minigrad.autograd.grad_mode import is_grad_enabled, no_grad
from minigrad.ops import elementwise
from minigrad.ops._args import check_bool
from minigrad.ops.broadcast import sum_to
from minigrad.ops.shape import _convert_index
from minigrad.tensor import Tensor

_UFUNCS = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide}


class SetItem(Function):
    """``a`` with ``a[index]`` replaced by ``value``; the replaced part gets no gradient."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, value, index):
        out = a.copy()
        out[index] = value
        ctx.index = index
        ctx.value_shape = np.shape(value)
        return out

    @staticmethod
    def backward(ctx, grad):
        grad_a = grad_value = None
        if ctx.needs_input_grad[0]:
            grad_a = grad.copy()
            grad_a[ctx.index] = 0
        if ctx.needs_input_grad[1]:
            grad_value = sum_to(np.asarray(grad[ctx.index]), ctx.value_shape)
        return grad_a, grad_value, None


def _out_of_place(tensor, op, args):
    if op in _UFUNCS:
        return getattr(elementwise, op)(tensor, args[0])
    if op == "clamp":
        return elementwise.clamp(tensor, *args)
    if op == "copy":
        src = args[0] if isinstance(args[0], Tensor) else Tensor(args[0], dtype=tensor.dtype)
        return elementwise.to_dtype(src, tensor.dtype) + Tensor._make(
            np.zeros(tensor.shape, tensor.dtype), False)
    if op == "fill":
        return Tensor._make(np.full(tensor.shape, _value(args[0]), tensor.dtype), False)
    if op == "setitem":
        index, value = args
        return SetItem.apply(tensor, value if isinstance(value, Tensor) else _value(value),
                             _convert_index(index))
    raise ValueError(f"unknown in-place op {op!r}")


def _value(v):
    return v._data if isinstance(v, Tensor) else v


def _write(tensor, op, args):
    data = tensor._data
    if op in _UFUNCS:
        try:
            _UFUNCS[op](data, _value(args[0]), out=data, casting="same_kind")
        except ValueError:
            raise ValueError(
                f"{op}_: the operand of shape {list(np.shape(_value(args[0])))} cannot be "
                f"broadcast to the tensor's shape {list(data.shape)}"
            ) from None
        except TypeError:
            raise TypeError(
                f"{op}_: result type {np.result_type(data, _value(args[0]))} can't be cast to "
                f"the tensor's dtype {data.dtype}"
            ) from None
    elif op == "clamp":
        np.clip(data, _value(args[0]), _value(args[1]), out=data)
    elif op == "copy":
        try:
            np.copyto(data, _value(args[0]), casting="unsafe")
        except ValueError:
            raise ValueError(
                f"copy_: the source of shape {list(np.shape(_value(args[0])))} cannot be "
                f"broadcast to the tensor's shape {list(data.shape)}"
            ) from None
    elif op == "fill":
        data.fill(_value(args[0]))
    elif op == "setitem":
        data[_convert_index(args[0])] = _value(args[1])


def apply_inplace(tensor, op, *args):
    """Run in-place ``op`` on ``tensor``, recording it when gradients are wanted."""
    name = f"{op}_"
    recording = _recording(tensor, name, args)
    try:
        if recording:
            result = _cast_to_tensor_dtype(tensor, _out_of_place(tensor, op, args), name, True)
            if result.shape != tensor.shape:
                raise ValueError(f"output with shape {list(tensor.shape)} doesn't match the "
                                 f"broadcast shape {list(result.shape)}")
            return write_result(tensor, result, recorded=True)
        _write(tensor, op, args)
    except (TypeError, ValueError, IndexError, OverflowError) as error:
        # NumPy's own messages (a value it cannot cast or broadcast, an index
        # it does not take) get the op's name; the ops' own already have it.
        head = str(error).split(":", 1)[0]
        if ":" in str(error) and head.replace("_", "").replace(".", "").isalnum():
            raise  # already says which op: "add:", "index:", "clamp_:" ...
        kind = next(k for k in (IndexError, TypeError, ValueError, OverflowError)
                    if isinstance(error, k))
        raise kind(f"{name}: {error}") from None
    _bump_version(tensor)
    return tensor


def apply_inplace_function(tensor, name, fn, *args, **kwargs):
    """Run ``fn(tensor, *args, **kwargs)`` out of place and write the result into ``tensor``.

    The in-place form of any out-of-place op (``masked_fill_``, ``scatter_``,
    ``addcdiv_`` ...): recorded like the ops above when gradients are wanted,
    otherwise computed without recording and copied in. The result must have
    the tensor's shape (an in-place op cannot broadcast the tensor itself)
    and a dtype that casts to the tensor's within its kind.
    """
    recording = _recording(tensor, name, (*args, *kwargs.values()))
    if recording:
        result = fn(tensor, *args, **kwargs)
    else:
        with no_grad():
            result = fn(tensor, *args, **kwargs)
    if result.shape != tensor.shape:
        raise ValueError(
            f"{name}: the result's shape {list(result.shape)} does not match the tensor's shape "
            f"{list(tensor.shape)}; an in-place operation cannot broadcast the tensor it writes"
        )
    result = _cast_to_tensor_dtype(tensor, result, name, recording)
    return write_result(tensor, result, recorded=recording)


def _cast_to_tensor_dtype(tensor, result, name, recorded):
    if result.dtype == tensor.dtype:
        return result
    if not np.can_cast(result.dtype, tensor.dtype, "same_kind"):
        raise TypeError(f"{name}: result type {result.dtype} can't be cast to the "
                        f"tensor's dtype {tensor.dtype}")
    if recorded:
        # The op's own node, before the cast's node hides it from write_result.
        _keep_saved_values(result.grad_fn, tensor._data)
    return elementwise.to_dtype(result, tensor.dtype)


def _recording(tensor, name, args):
    """Whether an in-place op on ``tensor`` must be recorded; refuse the writes that cannot be."""
    if not tensor._data.flags.writeable:
        raise RuntimeError(f"{name}: the tensor is read-only (an expanded view, or a read-only "
                           f"NumPy array); clone() it first")
    others_need_grad = any(isinstance(a, Tensor) and a.requires_grad for a in args)
    recording = is_grad_enabled() and (tensor.requires_grad or others_need_grad)
    if recording and tensor.grad_fn is None and tensor.requires_grad:
        raise RuntimeError(
            f"{name}: a leaf tensor that requires grad is being used in an in-place operation; "
            f"wrap it in minigrad.no_grad() (as optimizers do) or work on a clone"
        )
    return recording


def write_result(tensor, result, recorded):
    """Copy ``result``, computed out of place, into ``tensor``'s array; return ``tensor``.

    When ``result`` was ``recorded``, ``tensor`` moves onto its node (which
    first gets a private copy of anything it saved from the memory about to be
    overwritten). Every in-place op ends here or in :func:`_bump_version`.
    """
    if recorded:
        _keep_saved_values(result.grad_fn, tensor._data)
    np.copyto(tensor._data, result._data)
    if recorded:
        tensor.grad_fn = result.grad_fn
        tensor._output_nr = result._output_nr
        tensor._requires_grad = result.requires_grad
    _bump_version(tensor)
    return tensor


def inplace_result(input, result, inplace, op):
    """``result``, or with ``inplace`` ``input`` made to hold it, as PyTorch's ``inplace=True``.

    The activations and dropouts take PyTorch's ``inplace`` argument and end
    here. The values are copied into the input's array and its version
    counter goes up (nodes that saved the old values then refuse to run
    backward); when ``result`` was recorded, ``input`` takes over its place
    in the graph. This saves no memory: the result was computed out of place.
    """
    if not check_bool(op, "inplace", inplace) or result is input:
        return result
    if not input._data.flags.writeable:
        raise RuntimeError(f"{op}: the input is read-only (an expanded view); clone() it first")
    if result.grad_fn is not None and input.grad_fn is None and input.requires_grad:
        raise RuntimeError(
            f"{op}: a leaf tensor that requires grad is being used in an in-place operation; "
            f"use inplace=False"
        )
    return write_result(input, result, recorded=result.grad_fn is not None)


def _bump_version(tensor):
    tensor._vc[0] += 1
    if tensor.grad_fn is not None:
        # The tensor's history now describes its new values; views and bases
        # sharing the memory keep the old version and refuse to be used.
        tensor.grad_fn._versions[tensor._output_nr] = (tensor._vc, tensor._vc[0])


def _keep_saved_values(node, data):
    """Give ``node`` its own copy of any saved array the in-place write is about to overwrite.

    ``y.mul_(w)`` records ``y * w``, which saves ``y`` for ``w``'s gradient;
    the write into ``y`` must not change what that node sees. An empty
    array shares no memory by NumPy's account, yet its version counter is
    the tensor's: it is copied too (for free), or backward would refuse it.
    """
    if node is None or not node._saved:
        return
    node._saved = tuple(
        (item.copy(), None, 0)
        if isinstance(item, np.ndarray) and (np.may_share_memory(item, data)
                                             or item.size == 0 and data.size == 0)
        else (item, counter, version)
        for item, counter, version in node._saved
    )
