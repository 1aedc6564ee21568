"""One converter per Function class: the ONNX nodes (opset 17) that compute its output.

A converter gets the graph, the op's ``ctx``, its positional arguments and
its outputs, and returns the name of the ONNX value holding each output. It
raises ``UnsupportedOperatorError`` with the reason when ONNX cannot express
the op with these arguments.
"""
import math

import numpy as np

from minigrad.onnx.export import UnsupportedOperatorError
from minigrad.ops import activation, conv, dropout, elementwise, linear, matmul, norm, pool
from minigrad.ops import reduce, shape
from minigrad.tensor import Tensor

CONVERTERS = {}


def converts(*classes):
    def register(fn):
        for cls in classes:
            CONVERTERS[cls] = fn
        return fn
    return register


def _ones(g, count, like, fill=1.0):
    return g.const(np.full(count, fill, dtype=like._data.dtype), "ones" if fill else "zeros")


def _spatial_rank(op, x, n):
    if x.ndim != n + 2:
        raise UnsupportedOperatorError(
            f"ONNX {op} needs a batched (N, C, *spatial) input, got shape {list(x.shape)}")


# ----------------------------------------------------------------------------- convolution
def _conv_pads(geom, kernel, n):
    """Begin and end padding per spatial axis; the end is what reaches the last output."""
    begin, end = [], []
    for axis in range(3 - n, 3):
        k = geom.dilation[axis] * (kernel[axis - 3 + n] - 1) + 1
        needed = (geom.out_size[axis] - 1) * geom.stride[axis] + k - geom.in_size[axis]
        begin.append(geom.padding[axis])
        end.append(max(needed - geom.padding[axis], 0))
    return begin + end


@converts(conv.ConvNd)
def _conv(g, ctx, args, outs):
    x, weight, bias, geom = args
    n = x.ndim - 2
    kernel = list(weight.shape[2:])
    inputs = [g.value(x), g.value(weight)] + ([g.value(bias)] if bias is not None else [])
    return g.node("Conv", inputs, kernel_shape=kernel, strides=list(geom.stride[3 - n:]),
                  dilations=list(geom.dilation[3 - n:]), pads=_conv_pads(geom, kernel, n),
                  group=geom.groups)


@converts(conv.ConvTransposeNd)
def _conv_transpose(g, ctx, args, outs):
    x, weight, bias, geom = args
    n = x.ndim - 2
    kernel = list(weight.shape[2:])
    # The geometry is the convolution this op is the gradient of: its input
    # size is our output size. ONNX adds output_padding at the end.
    pads = list(geom.padding[3 - n:])
    output_padding = []
    for axis, k in zip(range(3 - n, 3), kernel):
        size = ((geom.out_size[axis] - 1) * geom.stride[axis] - 2 * geom.padding[axis]
                + geom.dilation[axis] * (k - 1) + 1)
        output_padding.append(geom.in_size[axis] - size)
    inputs = [g.value(x), g.value(weight)] + ([g.value(bias)] if bias is not None else [])
    return g.node("ConvTranspose", inputs, kernel_shape=kernel,
                  strides=list(geom.stride[3 - n:]), dilations=list(geom.dilation[3 - n:]),
                  pads=pads + pads, output_padding=output_padding, group=geom.groups)


@converts(linear.Linear)
def _linear(g, ctx, args, outs):
    x, weight, bias = args
    if x.ndim == 2:
        inputs = [g.value(x), g.value(weight)] + ([g.value(bias)] if bias is not None else [])
        return g.node("Gemm", inputs, transB=1)
    out = g.node("MatMul", [g.value(x), g.node("Transpose", [g.value(weight)], perm=[1, 0])])
    return out if bias is None else g.node("Add", [out, g.value(bias)])


@converts(matmul.MatMul)
def _matmul(g, ctx, args, outs):
    return g.node("MatMul", [g.value(args[0]), g.value(args[1])])


# ----------------------------------------------------------------------------- pooling
def _adaptive(op, g, x, plan):
    n = plan.n
    _spatial_rank(op, x, n)
    out = plan.params["output_size"]
    spatial = x.shape[-n:]
    if all(o == 1 for o in out):
        return g.node(f"Global{op}", [g.value(x)])
    if any(s % o for s, o in zip(spatial, out)):
        raise UnsupportedOperatorError(
            f"adaptive pooling from {list(spatial)} to {list(out)}: ONNX can express it only "
            f"when every input size is a multiple of the output size")
    kernel = [s // o for s, o in zip(spatial, out)]
    return g.node(op, [g.value(x)], kernel_shape=kernel, strides=kernel)


@converts(pool.MaxPool)
def _max_pool(g, ctx, args, outs):
    x, plan, return_indices = args
    if return_indices:
        raise UnsupportedOperatorError(
            "return_indices=True: ONNX MaxPool's indices do not count as PyTorch's do")
    if plan.params is None:
        raise UnsupportedOperatorError("a pooling plan without its arguments")
    if "output_size" in plan.params:
        return _adaptive("MaxPool", g, x, plan)
    p = plan.params
    _spatial_rank("MaxPool", x, plan.n)
    return g.node("MaxPool", [g.value(x)], kernel_shape=list(p["kernel_size"]),
                  strides=list(p["stride"]), pads=list(p["padding"]) * 2,
                  dilations=list(p["dilation"]), ceil_mode=int(p["ceil_mode"]))


@converts(pool.AvgPool)
def _avg_pool(g, ctx, args, outs):
    x, plan = args
    if plan.params is None:
        raise UnsupportedOperatorError("a pooling plan without its arguments")
    if "output_size" in plan.params:
        return _adaptive("AveragePool", g, x, plan)
    p = plan.params
    if p["divisor_override"]:
        raise UnsupportedOperatorError("divisor_override (and lp_pool): ONNX AveragePool has no divisor")
    _spatial_rank("AveragePool", x, plan.n)
    return g.node("AveragePool", [g.value(x)], kernel_shape=list(p["kernel_size"]),
                  strides=list(p["stride"]), pads=list(p["padding"]) * 2,
                  ceil_mode=int(p["ceil_mode"]), count_include_pad=int(p["count_include_pad"]))


# ----------------------------------------------------------------------------- normalization
@converts(norm.BatchNorm)
def _batch_norm(g, ctx, args, outs):
    x, weight, bias, running_mean, running_var, training, momentum, eps = args
    if training or running_mean is None:
        raise UnsupportedOperatorError("batch statistics (training mode): export in eval mode")
    c = x.shape[1]
    scale = g.value(weight) if weight is not None else _ones(g, c, x)
    shift = g.value(bias) if bias is not None else _ones(g, c, x, 0.0)
    return g.node("BatchNormalization", [g.value(x), scale, shift, g.value(running_mean),
                                         g.value(running_var)], epsilon=float(eps))


@converts(norm.LayerNorm)
def _layer_norm(g, ctx, args, outs):
    x, weight, bias, ndim, eps = args
    shape_ = x.shape[x.ndim - ndim:]
    scale = g.value(weight) if weight is not None else g.const(
        np.ones(shape_, x._data.dtype), "ones")
    inputs = [g.value(x), scale] + ([g.value(bias)] if bias is not None else [])
    return g.node("LayerNormalization", inputs, axis=-ndim, epsilon=float(eps))


@converts(norm.GroupNorm)
def _group_norm(g, ctx, args, outs):
    x, weight, bias, groups, eps, running_mean, running_var, momentum = args
    c = x.shape[1]
    if groups == c and x.ndim > 2:
        scale = g.value(weight) if weight is not None else _ones(g, c, x)
        shift = g.value(bias) if bias is not None else _ones(g, c, x, 0.0)
        return g.node("InstanceNormalization", [g.value(x), scale, shift], epsilon=float(eps))
    # GroupNormalization arrives in opset 18: normalise (N, G, -1) as instances,
    # restore the shape, then apply the per-channel affine.
    grouped = g.node("Reshape", [g.value(x), g.ints([0, groups, -1])])
    normed = g.node("InstanceNormalization", [grouped, _ones(g, groups, x), _ones(g, groups, x, 0.0)],
                    epsilon=float(eps))
    out = g.node("Reshape", [normed, g.node("Shape", [g.value(x)])])
    per_channel = [c] + [1] * (x.ndim - 2)
    if weight is not None:
        out = g.node("Mul", [out, g.node("Reshape", [g.value(weight), g.ints(per_channel)])])
    if bias is not None:
        out = g.node("Add", [out, g.node("Reshape", [g.value(bias), g.ints(per_channel)])])
    return out


@converts(norm.LocalResponseNorm)
def _lrn(g, ctx, args, outs):
    x, size, alpha, beta, k = args
    if size % 2 == 0:
        raise UnsupportedOperatorError(
            f"size={size}: for an even size ONNX LRN centres the window one channel later")
    return g.node("LRN", [g.value(x)], size=size, alpha=float(alpha), beta=float(beta),
                  bias=float(k))


# ----------------------------------------------------------------------------- activations
def _unary(onnx_op):
    def convert(g, ctx, args, outs):
        return g.node(onnx_op, [g.value(args[0])])
    return convert


for _cls, _op in [(activation.ReLU, "Relu"), (activation.Sigmoid, "Sigmoid"),
                  (activation.Tanh, "Tanh"), (activation.Hardswish, "HardSwish"),
                  (elementwise.Neg, "Neg"), (elementwise.Exp, "Exp"), (elementwise.Log, "Log"),
                  (elementwise.Sqrt, "Sqrt"), (elementwise.Abs, "Abs"), (elementwise.Sin, "Sin"),
                  (elementwise.Cos, "Cos"), (elementwise.Clone, "Identity"),
                  (dropout.Dropout, "Identity")]:
    CONVERTERS[_cls] = _unary(_op)


@converts(activation.LeakyReLU)
def _leaky_relu(g, ctx, args, outs):
    return g.node("LeakyRelu", [g.value(args[0])], alpha=float(args[1]))


@converts(activation.ELU)
def _elu(g, ctx, args, outs):
    return g.node("Elu", [g.value(args[0])], alpha=float(args[1]))


@converts(activation.ReLU6)
def _relu6(g, ctx, args, outs):
    x = args[0]
    return g.node("Clip", [g.value(x), g.value(0.0, x), g.value(6.0, x)])


@converts(activation.SiLU)
def _silu(g, ctx, args, outs):
    x = g.value(args[0])
    return g.node("Mul", [x, g.node("Sigmoid", [x])])


@converts(activation.Softplus)
def _softplus(g, ctx, args, outs):
    x, beta, threshold = args
    # Above the threshold PyTorch returns x itself, where softplus differs
    # from x by less than exp(-threshold): below float32 resolution.
    if beta == 1:
        return g.node("Softplus", [g.value(x)])
    scaled = g.node("Mul", [g.value(x), g.value(beta, x)])
    return g.node("Div", [g.node("Softplus", [scaled]), g.value(beta, x)])


@converts(activation.GELU)
def _gelu(g, ctx, args, outs):
    x, approximate = args
    v = g.value(x)
    # Gelu arrives in opset 20: write out the formula.
    if approximate == "tanh":
        cube = g.node("Mul", [g.node("Mul", [v, v]), v])
        inner = g.node("Add", [v, g.node("Mul", [cube, g.value(0.044715, x)])])
        t = g.node("Tanh", [g.node("Mul", [inner, g.value(math.sqrt(2 / math.pi), x)])])
    else:
        t = g.node("Erf", [g.node("Div", [v, g.value(math.sqrt(2.0), x)])])
    half_x = g.node("Mul", [v, g.value(0.5, x)])
    return g.node("Mul", [half_x, g.node("Add", [t, g.value(1.0, x)])])


def _along_axis(onnx_op):
    def convert(g, ctx, args, outs):
        x, axis = args
        return g.node(onnx_op, [g.value(x)], axis=int(axis))
    return convert


CONVERTERS[activation.Softmax] = _along_axis("Softmax")
CONVERTERS[activation.LogSoftmax] = _along_axis("LogSoftmax")


# ----------------------------------------------------------------------------- elementwise
def _binary(onnx_op):
    def convert(g, ctx, args, outs):
        a, b = args
        like = a if isinstance(a, Tensor) else b
        return g.node(onnx_op, [g.value(a, like), g.value(b, like)])
    return convert


for _cls, _op in [(elementwise.Add, "Add"), (elementwise.Sub, "Sub"), (elementwise.Mul, "Mul"),
                  (elementwise.Div, "Div"), (elementwise.Pow, "Pow"),
                  (elementwise.Maximum, "Max"), (elementwise.Minimum, "Min")]:
    CONVERTERS[_cls] = _binary(_op)


@converts(elementwise.Clamp)
def _clamp(g, ctx, args, outs):
    x, low, high = args
    low = "" if low is None else g.value(low, x)
    high = "" if high is None else g.value(high, x)
    return g.node("Clip", [g.value(x), low, high])


# ----------------------------------------------------------------------------- shapes
@converts(shape.Reshape)
def _reshape(g, ctx, args, outs):
    x = args[0]
    target = list(outs[0].shape)
    # Leading sizes kept from the input become 0 ("copy this input size"), so a
    # dynamic batch axis passes through a flatten.
    for i, (a, b) in enumerate(zip(x.shape, target)):
        if a != b:
            break
        target[i] = 0
    return g.node("Reshape", [g.value(x), g.ints(target)])


@converts(shape.Permute)
def _permute(g, ctx, args, outs):
    x, dims = args
    return g.node("Transpose", [g.value(x)], perm=[int(d) for d in dims])


@converts(shape.Concatenate)
def _concat(g, ctx, args, outs):
    axis, *tensors = args
    return g.node("Concat", [g.value(t) for t in tensors], axis=int(axis))


def _reduce(onnx_op, axes_as_input):
    def convert(g, ctx, args, outs):
        x, axes, keepdim = args
        axes = list(range(x.ndim)) if axes is None else [int(a) for a in _as_list(axes)]
        if axes_as_input:
            return g.node(onnx_op, [g.value(x), g.ints(axes, "axes")], keepdims=int(keepdim))
        return g.node(onnx_op, [g.value(x)], axes=axes, keepdims=int(keepdim))
    return convert


def _as_list(axes):
    return list(axes) if isinstance(axes, (tuple, list)) else [axes]


# ReduceSum takes its axes as an input from opset 13, the others from opset 18.
CONVERTERS[reduce.Sum] = _reduce("ReduceSum", True)
CONVERTERS[reduce.Mean] = _reduce("ReduceMean", False)
