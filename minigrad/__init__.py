"""minigrad: a small deep-learning framework with a tape-based autograd and compiled kernels.

The API follows PyTorch: ``minigrad.tensor``, ``minigrad.nn``,
``minigrad.optim``, ``minigrad.autograd``, ``minigrad.utils.data``. It computes
on CPUs only; ``minigrad.device``, ``minigrad.cuda``, ``minigrad.accelerator``
and ``minigrad.backends`` answer PyTorch's device questions accordingly.
"""
# First: Tensor and the ops import each other (see the end of tensor.py), and
# that works only when the import starts from tensor.py.
from minigrad.tensor import Tensor  # noqa: I001

from minigrad import dtypes
from minigrad._config import build_info, set_num_threads, show_config
from minigrad._device import device, get_default_device, set_default_device
from minigrad._tensor_str import set_printoptions
from minigrad._ext._openmp import get_num_threads
from minigrad._size import Size
from minigrad.autograd import (
    enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
    set_grad_enabled,
)
from minigrad.creation import (
    arange, empty, empty_like, eye, from_numpy, full, full_like, linspace, ones, ones_like,
    rand, rand_like, randint, randint_like, randn, randn_like, randperm, tensor, zeros,
    zeros_like,
)
from minigrad.dtypes import (
    bool_, double, float, float32, float64, get_default_dtype, int32, int64, long,
    set_default_dtype, uint8,
)
from minigrad.ops.activation import (
    gelu, log_softmax, relu, sigmoid, softmax, tanh,
)
from minigrad.ops.elementwise import (
    abs, add, clamp, cos, div, exp, log, maximum, minimum, mul, neg, pow, sin, sqrt, sub,
)
from minigrad.ops.matmul import matmul
from minigrad.ops.reduce import (
    argmax, argmin, logsumexp, max, mean, min, std, sum, var,
)
from minigrad.ops.shape import (
    cat, chunk, flatten, permute, reshape, split, squeeze, stack, transpose, unsqueeze,
)
# Sorting, scans, products, norms and statistics.
from minigrad.ops.elementwise import clamp_max, clamp_min
from minigrad.ops.linalg import norm
from minigrad.ops.matmul import (
    addmm, baddbmm, bmm, dot, einsum, kron, mm, mv, outer, tensordot,
)
from minigrad.ops.reduce import (
    amax, amin, aminmax, nanmean, nansum, prod, std_mean, var_mean,
)
from minigrad.ops.scan import cummax, cummin, cumprod, cumsum, diff, logcumsumexp
from minigrad.ops.sort import argsort, kthvalue, median, mode, sort, topk, unique
# The everyday Tensor API: arithmetic, comparisons and logic, indexing by tensors.
from minigrad.ops.compare import (
    all, allclose, any, bitwise_and, bitwise_not, bitwise_or, bitwise_xor, count_nonzero, eq,
    equal, ge, greater, greater_equal, gt, isclose, isfinite, isinf, isnan, le, less, less_equal,
    logical_and, logical_not, logical_or, logical_xor, lt, ne, not_equal,
)
from minigrad.ops.elementwise import (
    addcdiv, addcmul, floor_divide, fmod, lerp, remainder, rsub, true_divide,
)
from minigrad.ops.indexing import (
    gather, index_add, index_fill, index_select, masked_fill, masked_select, nonzero, scatter,
    scatter_add, take_along_dim, where,
)
from minigrad.ops.shape import flip, fliplr, flipud, repeat_interleave, roll, tril, triu
from minigrad.ops.shape import (
    moveaxis, movedim, narrow, ravel, select, swapaxes, swapdims, unflatten,
)
from minigrad.ops.unary import (
    ceil, exp2, expm1, floor, frac, log1p, log2, log10, reciprocal, round, rsqrt, sign, square,
    trunc,
)
from minigrad.ops.compare import isneginf, isposinf, isreal, signbit
from minigrad.ops.distance import dist
from minigrad.ops.indexing import take
from minigrad.ops.matmul import inner
from minigrad.ops.shape import rot90
from minigrad.ops.sort import msort
from minigrad.ops.elementwise import (
    copysign, float_power, hypot, logaddexp, negative, positive, xlogy,
)
from minigrad.ops.unary import deg2rad, logit, nan_to_num, rad2deg, sgn, sinc
from minigrad.tensor import contiguous_format, preserve_format
from minigrad.random import get_rng_state, manual_seed, seed, set_rng_state
from minigrad.serialization import load, save
from minigrad.creation import as_tensor, bernoulli, logspace, multinomial, normal
from minigrad.dtypes import float16, half
from minigrad.ops.shape import broadcast_to, concat, t, tile
from minigrad.ops.unary import erf, tan
from minigrad.tensor import is_floating_point, is_tensor, numel

clip = clamp
subtract = sub
multiply = mul
divide = div

from minigrad._legacy_types import CPU_TYPES as _LEGACY_TYPES  # noqa: E402

FloatTensor, DoubleTensor, HalfTensor = (_LEGACY_TYPES[n] for n in
                                         ("FloatTensor", "DoubleTensor", "HalfTensor"))
LongTensor, IntTensor, ShortTensor, CharTensor, ByteTensor, BoolTensor = (
    _LEGACY_TYPES[n] for n in
    ("LongTensor", "IntTensor", "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor"))

# Subpackages, so that ``import minigrad`` gives ``minigrad.nn`` as in PyTorch.
from minigrad import (  # noqa: E402
    accelerator, backends, cuda, data, linalg, models, nn, optim, utils,
)


__version__ = "0.1.0"

# Last, so that no code above sees them in place of the Python builtins.
bool = bool_
int = int32
