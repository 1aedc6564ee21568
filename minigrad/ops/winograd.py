"""3x3 convolutions of unit stride by Winograd's minimal filtering F(2x2, 3x3).

The algebra and the tile transforms are in ``minigrad/_ext/winograd.pyx``;
this module chains them with the GEMMs, for the forward, the input gradient
and the weight gradient of ``minigrad/ops/conv.py``. Each is 16 GEMMs (one
per element of a transformed 4x4 tile) between two transforms: 16
multiplications for every 2x2 block of output where the direct sum takes 36.

Why: the 3x3 layers of VGG and ResNet are where the time of those networks
goes, and the direct kernels and the GEMMs over the batch were both bound by
the multiplications.

When: 2-d convolutions with a 3x3 kernel, unit stride and dilation, one
group, padding of 0 to 2 and enough channels on both sides that the GEMMs
are not thin (see ``applies``). The transforms add and subtract only, so the
results differ from the direct sum by rounding alone: a few units in the last
place, growing with the number of input channels as any sum does.

Determinism: the batch is cut into chunks fixed by the shapes, the 16 GEMMs
of a chunk are single-threaded BLAS calls shared among the threads, and the
transforms are fixed sequences of additions, so every result is
bit-identical at any thread count.
"""
import numpy as np

from minigrad._config import blas_on_one_thread
from minigrad._ext import matmul as _matmul_kernels
from minigrad._ext import winograd as _kernels
from minigrad._ext._openmp import get_num_threads
from minigrad.ops.matmul import matmul_2d

_G = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0.0, 0.0, 1.0]])
# U = G g G^T on flattened tiles: U[4a + b] = sum over (i, j) of G[a, i] G[b, j] g[3i + j].
_KERNEL_TRANSFORM = {dtype: np.kron(_G, _G).astype(dtype)
                     for dtype in (np.dtype(np.float32), np.dtype(np.float64))}
# The same for a kernel turned by 180 degrees: its 9 taps reversed, so the columns too.
_FLIPPED_KERNEL_TRANSFORM = {dtype: np.ascontiguousarray(t[:, ::-1])
                             for dtype, t in _KERNEL_TRANSFORM.items()}

# Where it wins (forward and backward against the direct and few-positions paths, batch
# 64, two threads, interleaved medians): maps of 4x4 to 8x8 with 128 to 512 channels,
# 0.74-0.91 of the time. It loses on 2x2 maps (one tile a sample: 1.43), on 16x16 and
# 32x32 maps of 64-128 channels (1.13-1.36: the direct kernels are at their best
# there) and with fewer channels (thin GEMMs). Maps of fewer than 4 rows or columns
# would leave part of every tile unused.
MIN_CHANNELS = 128
MIN_SIDE, MAX_POSITIONS = 4, 64
# The transformed tiles of a chunk of the batch take at most this many bytes per buffer.
# Forward and backward of a 256-channel 8x8 layer at batch 64 (two threads): 16 MB
# chunks 92 ms and 4,600 page faults, 8 MB 83 ms, 4 MB 78 ms and none (the buffers
# stay in the heap); 512 channels on 4x4 took 97-100 ms from 16 MB down to 4 MB.
_TILES_MAX_BYTES = 1 << 22


def applies(x_shape, weight_shape, g):
    """Whether the convolution ``g`` of a 5-d input by a 5-d weight runs here."""
    kernel = tuple(weight_shape[2:])
    return (kernel == (1, 3, 3) and g.in_size[0] == 1 and g.groups == 1
            and g.stride == (1, 1, 1) and g.dilation == (1, 1, 1)
            and g.padding[0] == 0 and all(0 <= p <= 2 for p in g.padding[1:])
            and min(weight_shape[0], weight_shape[1]) >= MIN_CHANNELS
            and min(g.out_size[1:]) >= MIN_SIDE and int(np.prod(g.out_size)) <= MAX_POSITIONS
            and x_shape[0] > 0
            and all(out == size + 2 * p - 2 for out, size, p
                    in zip(g.out_size[1:], g.in_size[1:], g.padding[1:])))


def usable(x_shape, weight_shape, g, *arrays):
    """Whether the convolution runs here: :func:`applies`, and ``arrays`` hold finite values only.

    The transforms subtract, so an infinity would come out as NaN and a NaN
    would spread over its whole 2x2 block of output; such inputs go to the
    paths that give what PyTorch gives. The check reads the arrays once, in
    parallel (0.6 ms for 16 MB).
    """
    return applies(x_shape, weight_shape, g) and all(_all_finite(a) for a in arrays)


def _all_finite(a):
    return _kernels.all_finite(np.ascontiguousarray(a).reshape(-1), get_num_threads())


def _tiles_along(size):
    return (size + 1) // 2


def _chunks(n, sample_bytes):
    step = max(1, _TILES_MAX_BYTES // max(1, sample_bytes))
    return [(start, min(n, start + step)) for start in range(0, n, step)]


def _batched(a, trans_a, b, trans_b, out, accumulate=False):
    with blas_on_one_thread:
        _matmul_kernels.matmul_batched(a, trans_a, b, trans_b, out, accumulate,
                                       get_num_threads())
    return out


def _kernel_tiles(weight, flipped=False):
    """``G g G^T`` for every (output, input) channel pair of ``weight`` (``(O, C, 3, 3)``).

    ``(16, O, C)``. With ``flipped``, of each kernel turned by 180 degrees
    (the input gradient's): reversing the 9 taps of a kernel reverses the
    columns of the transform. Its products then want each ``(O, C)`` block
    transposed, which the GEMM does as it reads it.
    """
    o, c = weight.shape[:2]
    transform = (_FLIPPED_KERNEL_TRANSFORM if flipped else _KERNEL_TRANSFORM)[weight.dtype]
    flat = np.ascontiguousarray(weight).reshape(o * c, 9)
    return matmul_2d(transform, flat.T).reshape(16, o, c)


def _input_tiles(x, padding, tiles_w, out):
    _kernels.input_tiles(x, out, padding[0], padding[1], tiles_w, get_num_threads())
    return out


def _buffer(flat, shape):
    """The first elements of the 1-d array ``flat`` as a C-contiguous array of ``shape``."""
    return flat[:int(np.prod(shape))].reshape(shape)


def _convolve(x, kernel, transposed, bias, padding):
    """The convolution of ``x`` by the transformed kernel ``kernel``.

    ``kernel`` is ``(16, O, C)``, or ``(16, C, O)`` read transposed when
    ``transposed``; ``x`` is ``(N, C, H, W)``.
    """
    n, c, h, w = x.shape
    o = kernel.shape[2] if transposed else kernel.shape[1]
    out_h, out_w = h + 2 * padding[0] - 2, w + 2 * padding[1] - 2
    tiles_w = _tiles_along(out_w)
    tiles = _tiles_along(out_h) * tiles_w
    x = np.ascontiguousarray(x)
    bias = np.empty(0, x.dtype) if bias is None else np.ascontiguousarray(bias, x.dtype)
    out = np.empty((n, o, out_h, out_w), x.dtype)
    chunks = _chunks(n, 16 * max(c, o) * tiles * x.itemsize)
    # One pair of buffers for every chunk: fresh ones would be faulted in each time.
    samples = chunks[0][1]
    input_buffer = np.empty(16 * c * samples * tiles, x.dtype)
    product_buffer = np.empty(16 * o * samples * tiles, x.dtype)
    for start, stop in chunks:
        inputs = _input_tiles(x[start:stop], padding, tiles_w,
                              _buffer(input_buffer, (16, c, stop - start, tiles)))
        products = _buffer(product_buffer, (16, o, stop - start, tiles))
        _batched(kernel, transposed, inputs.reshape(16, c, -1), False, products.reshape(16, o, -1))
        _kernels.output_tiles(products, out[start:stop], bias, tiles_w, get_num_threads())
    return out


def forward(x, weight, bias, padding):
    """``conv2d(x, weight, bias, padding=padding)`` for ``x`` ``(N, C, H, W)`` and a 3x3 ``weight``."""
    return _convolve(x, _kernel_tiles(weight), False, bias, padding)


def backward_input(grad, weight, padding):
    """The input gradient of :func:`forward`: the convolution of ``grad`` by the flipped kernel."""
    return _convolve(grad, _kernel_tiles(weight, flipped=True), True, None,
                     (2 - padding[0], 2 - padding[1]))


def backward_weight(x, grad, padding):
    """The weight gradient of :func:`forward`, summed over the batch: ``(O, C, 3, 3)``."""
    n, c = x.shape[:2]
    o = grad.shape[1]
    tiles_w = _tiles_along(grad.shape[3])
    tiles = _tiles_along(grad.shape[2]) * tiles_w
    x, grad = np.ascontiguousarray(x), np.ascontiguousarray(grad)
    chunks = _chunks(n, 16 * max(c, o) * tiles * x.itemsize)
    samples = chunks[0][1]
    input_buffer = np.empty(16 * c * samples * tiles, x.dtype)
    grad_buffer = np.empty(16 * o * samples * tiles, x.dtype)
    total = np.empty((16, o, c), x.dtype)
    for start, stop in chunks:
        inputs = _input_tiles(x[start:stop], padding, tiles_w,
                              _buffer(input_buffer, (16, c, stop - start, tiles)))
        grads = _buffer(grad_buffer, (16, o, stop - start, tiles))
        _kernels.grad_output_tiles(grad[start:stop], grads, tiles_w, get_num_threads())
        _batched(grads.reshape(16, o, -1), False, inputs.reshape(16, c, -1), True, total,
                 accumulate=start > 0)
    # dW = G^T [sum of products] G, tile element by tile element, straight into (O*C, 9).
    flat = matmul_2d(total.reshape(16, o * c).T, _KERNEL_TRANSFORM[x.dtype])
    return flat.reshape(o, c, 3, 3)
