"""3x3 and 5x5 convolutions of unit stride by Winograd's minimal filtering F(m x m, r x r).

The algebra and the tile transforms are in ``minigrad/_ext/winograd.pyx``;
this module chains them with the GEMMs, for the forward, the input gradient
and the weight gradient of ``minigrad/ops/conv.py``. Each is one
product per element of a transformed tile between two transforms. Three
schemes (``SCHEMES``; the first that applies runs):

- F(4x4, 3x3), 6x6 tiles: 36 multiplications for every 4x4 block of output
  where the direct sum takes 144; forward and input gradient on maps larger
  than 8x8;
- F(2x2, 3x3), 4x4 tiles: 16 for every 2x2 block where the direct sum takes
  36; all three passes on maps of 4x4 to 8x8, and the weight gradient on
  larger maps too;
- F(2x2, 5x5), 6x6 tiles: 36 where the direct sum takes 100; all three
  passes. Its products run in the kernels themselves, tile position by
  tile position, in the caches.

Why: the 3x3 layers of VGG and ResNet and LeNet-5's second layer are where
the time of those networks goes, and the direct kernels and the GEMMs over
the batch were both bound by the multiplications.

When: 2-d convolutions with a 3x3 or 5x5 kernel, unit stride and dilation,
one group, padding of at most the kernel's size less one, and maps and
channels where the measurements below found it faster (see ``scheme_for``).
F(2x2, 3x3)'s transforms add and subtract only, so its results differ from
the direct sum by rounding alone. The 6x6 tiles' transforms scale by 1/8 to
8 and their kernel transforms by thirds and fifteenths: in float32,
F(2x2, 5x5) is off by about 1e-6 of the largest output (2e-6 of the largest
weight gradient) and F(4x4, 3x3) by about 3e-6, where the direct sum is off
by 2e-7 to 4e-7. In float64 all are within 1e-13 of the direct sum.

Layouts: the tiles of a sample run along the rows of its map, which
vectorizes on maps of 8 columns and more. LeNet-5's 14x14 maps have 7 2x2
blocks a row, too few for a vector, so F(2x2, 5x5) takes 16 samples at a
time instead, one to a lane; a batch of fewer than 16 goes to the other
paths.

Determinism: the batch is cut into chunks fixed by the shapes, the GEMMs of
a chunk are single-threaded BLAS calls shared among the threads, each sum
of the 5x5 kernel's products runs over the channels in order (its weight
gradient's over groups of tile positions fixed by the shapes), and the
transforms are fixed sequences of arithmetic, so every result is
bit-identical at any thread count.

Memory: each thread keeps its tile buffers from call to call (at most 4 MB
each), where fresh ones cost a page fault for every 4 KB on every call.
"""
import math
import threading

import numpy as np

from minigrad._config import blas_on_one_thread
from minigrad._ext import _cpu
from minigrad._ext import matmul as _matmul_kernels
from minigrad._ext import winograd as _kernels
from minigrad._ext._openmp import get_num_threads
from minigrad.ops.matmul import matmul_2d


class _Scheme:
    """F(m x m, r x r): ``m x m`` outputs from each ``(m + r - 1)``-square tile, by the kernel
    transform ``g`` (``(m + r - 1, r)``), and where the scheme wins.

    With ``lanes``, its tiles take 16 samples at a time, one to a vector lane
    (F(2x2, 5x5)); otherwise they run along the rows of each sample's map.
    """

    def __init__(self, name, g, output, lanes, min_channels, max_positions,
                 min_positions=0, min_samples=1, min_channel_pairs=0,
                 weight_gradient_positions=0):
        self.name = name
        self.size = g.shape[1]
        self.output = output
        self.tile = g.shape[0]
        self.g = np.ascontiguousarray(g, np.float64)
        self.elements = self.tile ** 2
        self.lanes = lanes
        # U = G g G^T on flattened tiles (n = m + r - 1):
        # U[n a + b] = sum over (i, j) of G[a, i] G[b, j] g[r i + j].
        # Formed in float64 and rounded once: G's thirds are not exact in float32.
        kron = np.kron(g, g)
        self.kernel_transform = {dtype: kron.astype(dtype) for dtype in _DTYPES}
        # The same for a kernel turned by 180 degrees: its taps reversed, so the columns too.
        self.flipped_kernel_transform = {dtype: np.ascontiguousarray(kron[:, ::-1]).astype(dtype)
                                         for dtype in _DTYPES}
        self.min_channels = min_channels
        self.max_positions = max_positions
        self.min_positions = min_positions
        self.min_samples = min_samples
        self.min_channel_pairs = min_channel_pairs
        # The weight gradient runs here on maps of up to this many positions (and
        # the forward's channels and samples); 0: never (see backward_weight).
        self.weight_gradient_positions = weight_gradient_positions

    def __repr__(self):
        return f"<Winograd {self.name}>"


_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))

# F(2x2, 3x3). Where it wins (forward and backward against the direct and
# few-positions paths, batch 64, two threads, interleaved medians): maps of 4x4 to
# 8x8 with 128 to 512 channels, 0.74-0.91 of the time. It loses on 2x2 maps (one
# tile a sample: 1.43) and with fewer channels (thin GEMMs). Its weight gradient
# also wins on larger maps of 128 channels or more, where the direct kernels'
# sums over the batch leave the caches (AVX-512, two threads, time against the
# direct kernels): 0.63 for 128 channels on 16x16 at batch 64, 0.67 on 28x28,
# 0.72 on 56x56, 0.18 for 256 on 16x16 and 0.05 for 512 on 14x14. With 64
# channels on 32x32 it loses (1.20).
F2_3 = _Scheme("F(2x2, 3x3)", np.array([[1.0, 0.0, 0.0],
                                        [0.5, 0.5, 0.5],
                                        [0.5, -0.5, 0.5],
                                        [0.0, 0.0, 1.0]]),
               output=2, lanes=False,
               min_channels=128, max_positions=64, weight_gradient_positions=56 * 56)
# F(4x4, 3x3), on the points of F(2x2, 5x5) below: 36 multiplications for every 4x4
# block of output where F(2x2, 3x3) takes 64, for the forward and the input gradient
# on maps larger than F(2x2, 3x3)'s. Its transforms scale by up to 8 and 16/15, so in
# float32 it is off by about 3e-6 of the largest output where F(2x2, 3x3) and the
# direct sum are off by 2e-7 to 4e-7. Forward against the direct kernels, two
# threads (AVX-512 / AVX2): 128 channels on 16x16 at batch 64 0.76-0.93 / 0.51-0.80,
# 128 on 28x28 at 32 0.69-0.74 / 0.57, 256 on 14x14 0.81-0.83 / 0.61, 512 on 14x14
# 0.73 / 0.58, 128 on 56x56 0.78 / 0.58, 256 on 16x16 0.57 / 0.55. On 4x4 maps it
# loses to F(2x2, 3x3) (1.26: its 36 kernel elements to 16 make the GEMMs' weight
# operand the larger), and with 64 channels to the direct kernels (32x32 at batch
# 64: 1.16-1.19).
F4_3 = _Scheme("F(4x4, 3x3)", np.array([[1, 0, 0],
                                        [-1 / 3, -1 / 3, -1 / 3],
                                        [1 / 3, -1 / 3, 1 / 3],
                                        [1 / 15, 2 / 15, 4 / 15],
                                        [-16 / 15, 8 / 15, -4 / 15],
                                        [0, 0, 1]]),
               output=4, lanes=False,
               min_channels=128, min_positions=F2_3.max_positions + 1, max_positions=56 * 56)
# F(2x2, 5x5), interpolation points 0, 1, -1, 2, -1/2 (see ``_ext/winograd.pyx``):
# 36 multiplications for every 2x2 block where the direct sum takes 100. Where it wins
# (forward and input gradient against the direct kernels, batch 64, two threads,
# interleaved; AVX-512 / AVX2): LeNet-5's 20 -> 50 channels on 14x14 (0.92 / 1.00),
# 50 -> 50 on 10x10 (0.73 / 0.73), 64 -> 64 on 8x8 (0.71 / 0.54). It loses with fewer
# channel pairs (20 -> 20: 1.02 / 1.12, 16 -> 16: 1.12 / 1.21; thin products) and on
# 16x16 maps and larger (the direct kernels are at their best there), and a batch of
# fewer than 16 fills only part of the lanes. Its weight gradient on the same layers
# (LeNet-5's second layer at batch 64, alone, one AVX-512 thread): 5-7 ms where the
# direct kernels took 8.4-10; a whole training step took 0.89-0.95 of the time with
# AVX-512 and 0.95-1.06 with AVX2 (the AVX2 direct kernels are near the processor's
# peak; both levels take this path so that their results keep the same bits).
F2_5 = _Scheme("F(2x2, 5x5)", np.array([[1, 0, 0, 0, 0],
                                        [-1 / 3, -1 / 3, -1 / 3, -1 / 3, -1 / 3],
                                        [1 / 3, -1 / 3, 1 / 3, -1 / 3, 1 / 3],
                                        [1 / 15, 2 / 15, 4 / 15, 8 / 15, 16 / 15],
                                        [-16 / 15, 8 / 15, -4 / 15, 2 / 15, -1 / 15],
                                        [0, 0, 0, 0, 1]]),
               output=2, lanes=True, min_channels=20, max_positions=196,
               min_samples=16, min_channel_pairs=1000, weight_gradient_positions=196)
# In the order of preference: the first that applies runs.
SCHEMES = (F4_3, F2_3, F2_5)
# Maps of fewer than 4 rows or columns would leave part of every tile unused.
MIN_SIDE = 4
# The transformed tiles of a chunk of the batch take at most this many bytes per buffer.
# Forward and backward of a 256-channel 8x8 layer at batch 64 (two threads): 16 MB
# chunks 92 ms and 4,600 page faults, 8 MB 83 ms, 4 MB 78 ms and none (the buffers
# stay in the heap); 512 channels on 4x4 took 97-100 ms from 16 MB down to 4 MB.
_TILES_MAX_BYTES = 1 << 22
# The transforms write (and read) one tile's 16 or 36 elements to as many blocks of
# the tile buffers; blocks a power of two apart (512 channels x 32 samples x 4 tiles)
# map to one set of the L1 cache, which holds 8 lines. A gap of a cache line
# between blocks spreads them over as many sets.
_BLOCK_GAP = 16
_GAPS_MAX_BYTES = 36 * _BLOCK_GAP * 8
_LANES = _kernels.LANES
_OUTPUT_BLOCK = _kernels.OUTPUT_BLOCK
_WEIGHT_BLOCK = _kernels.WEIGHT_BLOCK
# F(2x2, 5x5)'s weight gradient keeps this many partial sums (36 x C x O float64
# each: 368 KB for LeNet-5's second layer): the threads share them out.
_WEIGHT_GROUPS = 8


def _applies(scheme, x_shape, weight_shape, g, weight_gradient):
    r = scheme.size
    positions = math.prod(g.out_size)
    return (tuple(weight_shape[2:]) == (1, r, r)
            and g.in_size[0] == 1 and g.groups == 1
            and g.stride == (1, 1, 1) and g.dilation == (1, 1, 1)
            and g.padding[0] == 0 and all(0 <= p <= r - 1 for p in g.padding[1:])
            and min(weight_shape[0], weight_shape[1]) >= scheme.min_channels
            and weight_shape[0] * weight_shape[1] >= scheme.min_channel_pairs
            and min(g.out_size[1:]) >= MIN_SIDE
            and (positions <= scheme.weight_gradient_positions if weight_gradient
                 else scheme.min_positions <= positions <= scheme.max_positions)
            and x_shape[0] >= max(1, scheme.min_samples)
            and all(out == size + 2 * p - r + 1 for out, size, p
                    in zip(g.out_size[1:], g.in_size[1:], g.padding[1:])))


def scheme_for(x_shape, weight_shape, g, weight_gradient=False):
    """The scheme that runs the convolution ``g`` of a 5-d input by a 5-d weight, or None.

    With ``weight_gradient``, the one that runs its weight gradient.
    """
    for scheme in SCHEMES:
        if _applies(scheme, x_shape, weight_shape, g, weight_gradient):
            return scheme
    return None


def applies(x_shape, weight_shape, g):
    """Whether the convolution ``g`` of a 5-d input by a 5-d weight runs here."""
    return scheme_for(x_shape, weight_shape, g) is not None


def usable_for_weight(x_shape, weight_shape, g, *arrays):
    """:func:`usable`, for the weight gradient: F(2x2, 3x3) and F(2x2, 5x5), on maps up to
    their ``weight_gradient_positions``."""
    scheme = scheme_for(x_shape, weight_shape, g, weight_gradient=True)
    return scheme if scheme is not None and _finite(arrays) else None


def usable(x_shape, weight_shape, g, *arrays):
    """The scheme that runs the convolution (:func:`scheme_for`) if ``arrays`` hold finite
    values only, else None.

    The transforms subtract, so an infinity would come out as NaN and a NaN
    would spread over its whole block of output; such inputs go to the
    paths that give what PyTorch gives. The check reads the arrays once, in
    parallel (0.6 ms for 16 MB).
    """
    scheme = scheme_for(x_shape, weight_shape, g)
    return scheme if scheme is not None and _finite(arrays) else None


def _finite(arrays):
    return all(_all_finite(a) for a in arrays)


def _all_finite(a):
    return _kernels.all_finite(np.ascontiguousarray(a).reshape(-1), get_num_threads())


def _tiles_along(size, output):
    return -(-size // output)


def _chunks(n, sample_bytes):
    step = max(1, _TILES_MAX_BYTES // max(1, sample_bytes))
    return [(start, min(n, start + step)) for start in range(0, n, step)]


def _batched(a, trans_a, b, trans_b, out, accumulate=False):
    with blas_on_one_thread:
        _matmul_kernels.matmul_batched(a, trans_a, b, trans_b, out, accumulate,
                                       get_num_threads())
    return out


def _kernel_tiles(scheme, weight, flipped=False):
    """``G g G^T`` for every (output, input) channel pair of ``weight`` (``(O, C, r, r)``).

    ``(scheme.elements, O, C)``. With ``flipped``, of each kernel turned by 180
    degrees (the input gradient's): reversing the taps of a kernel reverses
    the columns of the transform. Its products then want each ``(O, C)``
    block transposed, which the GEMM does as it reads it.
    """
    o, c, r = weight.shape[:3]
    transform = (scheme.flipped_kernel_transform if flipped
                 else scheme.kernel_transform)[weight.dtype]
    flat = np.ascontiguousarray(weight).reshape(o * c, r * r)
    return matmul_2d(transform, flat.T).reshape(scheme.elements, o, c)


def _input_tiles(x, padding, tiles_w, out):
    _kernels.input_tiles(x, out, padding[0], padding[1], tiles_w, get_num_threads())
    return out


def _buffer(flat, shape):
    """The first elements of the 1-d array ``flat`` as a C-contiguous array of ``shape``."""
    return flat[:math.prod(shape)].reshape(shape)


def _tile_buffer(flat, shape):
    """:func:`_buffer` for transformed tiles ``(elements, ...)``, each element's block
    ``_BLOCK_GAP`` elements past the end of the one before (see _BLOCK_GAP)."""
    block = math.prod(shape[1:])
    blocks = flat[:shape[0] * (block + _BLOCK_GAP)].reshape(shape[0], block + _BLOCK_GAP)
    return blocks[:, :block].reshape(shape)


# Each thread's scratch arrays for the tiles, kept from call to call: fresh ones
# were faulted in on every call (LeNet-5's second layer, forward at batch 64 on
# one thread, when it also kept its transformed tiles: 1,694 page faults and
# 8.9 ms; kept, none and 4.4 ms). Per thread, so no thread sees another's. An
# array of more than _TILES_MAX_BYTES (one sample's tiles can take more; the gaps
# between tile elements' blocks do not count) is not kept: the memory would stay
# taken after the call.
_scratch = threading.local()


def _workspace(name, size, dtype):
    """A 1-d array of at least ``size`` elements of ``dtype``, this thread's own, reused.

    It starts on a cache line, as the 6x6 kernels' vector loads want.
    """
    dtype = np.dtype(dtype)
    if size * dtype.itemsize > _TILES_MAX_BYTES + _GAPS_MAX_BYTES:
        return _kernels.aligned_empty(size, dtype)
    key = (name, dtype)
    cache = _scratch.__dict__.setdefault("arrays", {})
    flat = cache.get(key)
    if flat is None or flat.size < size:
        flat = cache[key] = _kernels.aligned_empty(size, dtype)
    return flat


def _convolve_rows(scheme, x, kernel, transposed, bias, padding):
    """The convolution of ``x`` (``(N, C, H, W)``) by the transformed kernel ``kernel``.

    ``kernel`` is ``(E, O, C)``, or ``(E, C, O)`` read transposed when
    ``transposed``, for the ``E`` tile elements of ``scheme``.
    """
    n, c, h, w = x.shape
    e, m, r = scheme.elements, scheme.output, scheme.size
    o = kernel.shape[2] if transposed else kernel.shape[1]
    out_h, out_w = h + 2 * padding[0] - r + 1, w + 2 * padding[1] - r + 1
    tiles_w = _tiles_along(out_w, m)
    tiles = _tiles_along(out_h, m) * tiles_w
    x = np.ascontiguousarray(x)
    bias = np.empty(0, x.dtype) if bias is None else np.ascontiguousarray(bias, x.dtype)
    out = np.empty((n, o, out_h, out_w), x.dtype)
    chunks = _chunks(n, e * max(c, o) * tiles * x.itemsize)
    samples = chunks[0][1]
    input_buffer = _workspace("input tiles", e * (c * samples * tiles + _BLOCK_GAP), x.dtype)
    product_buffer = _workspace("output tiles", e * (o * samples * tiles + _BLOCK_GAP), x.dtype)
    for start, stop in chunks:
        inputs = _input_tiles(x[start:stop], padding, tiles_w,
                              _tile_buffer(input_buffer, (e, c, stop - start, tiles)))
        products = _tile_buffer(product_buffer, (e, o, stop - start, tiles))
        _batched(kernel, transposed, inputs.reshape(e, c, -1), False, products.reshape(e, o, -1))
        _kernels.output_tiles(products, out[start:stop], bias, tiles_w, get_num_threads())
    return out


def _lane_chunks(n, sample_bytes):
    """Chunks of the batch for the 6x6 tiles: a multiple of ``LANES`` samples each."""
    step = max(_LANES, _TILES_MAX_BYTES // max(1, sample_bytes) // _LANES * _LANES)
    return [(start, min(n, start + step)) for start in range(0, n, step)]


def _lanes(samples):
    return -(-samples // _LANES) * _LANES


def _samples_last(x, rows, cols, offset):
    """``(C, rows, cols, lanes)``: ``x`` ``(S, C, H, W)`` with its samples innermost, placed
    at ``offset`` in zeros (the padding, and the lanes past ``S``)."""
    s, c, h, w = x.shape
    shape = (c, rows, cols, _lanes(s))
    out = _buffer(_workspace("samples last", math.prod(shape), x.dtype), shape)
    _kernels.samples_last(np.ascontiguousarray(x), out, offset[0], offset[1], get_num_threads())
    return out


def _convolve_lanes(scheme, x, kernel, transposed, bias, padding):
    """:func:`_convolve_rows` for 5x5 kernels (``kernel`` ``(36, ., .)``).

    Tile position by tile position, 16 samples at a time: each goes from the
    input to the output through one kernel call whose transforms and
    products stay in the caches (``_ext/winograd.pyx``, ``convolve_lanes``).
    Streaming the transformed tiles of a chunk through memory, as the 3x3
    path does, lost its lead at two threads: LeNet-5's second layer moved
    about 190 MB a step that way.
    """
    n, c, h, w = x.shape
    kernel = kernel.transpose(0, 2, 1) if transposed else kernel
    o = kernel.shape[1]
    out_h, out_w = h + 2 * padding[0] - 4, w + 2 * padding[1] - 4
    tiles_h, tiles_w = _tiles_along(out_h, 2), _tiles_along(out_w, 2)
    # (36, O, C) with O padded to whole blocks of output channels, zeros past O.
    blocked = np.zeros((36, -(-o // _OUTPUT_BLOCK) * _OUTPUT_BLOCK, c), x.dtype)
    blocked[:, :o] = kernel
    bias = np.empty(0, x.dtype) if bias is None else np.ascontiguousarray(bias, x.dtype)
    out = np.empty((n, o, out_h, out_w), x.dtype)
    rows, cols = 2 * tiles_h + 4, 2 * tiles_w + 4
    for start, stop in _lane_chunks(n, c * rows * cols * x.itemsize):
        padded = _samples_last(x[start:stop], rows, cols, padding)
        _kernels.convolve_lanes(padded, blocked, o, bias, out[start:stop], get_num_threads())
    return out


def _convolve(scheme, x, kernel, transposed, bias, padding):
    run = _convolve_lanes if scheme.lanes else _convolve_rows
    return run(scheme, x, kernel, transposed, bias, padding)


def forward(x, weight, bias, padding, scheme):
    """``conv2d(x, weight, bias, padding=padding)`` for ``x`` ``(N, C, H, W)`` by ``scheme``.

    ``weight`` is ``(O, C, r, r)``, ``r`` the scheme's kernel size.
    """
    return _convolve(scheme, x, _kernel_tiles(scheme, weight), False, bias, padding)


def backward_input(grad, weight, padding, scheme):
    """The input gradient of :func:`forward`: the convolution of ``grad`` by the flipped kernel."""
    r = scheme.size
    return _convolve(scheme, grad, _kernel_tiles(scheme, weight, flipped=True), True, None,
                     (r - 1 - padding[0], r - 1 - padding[1]))


def backward_weight(x, grad, padding, scheme):
    """The weight gradient of :func:`forward`, summed over the batch: ``(O, C, r, r)``."""
    run = _weight_lanes if scheme.lanes else _weight_rows
    return run(x, grad, padding)


def _channels_last(grad, rows, cols, channels):
    """``(rows, cols, lanes, channels)``: ``grad`` ``(S, O, OH, OW)`` with its channels
    innermost, then its samples, in zeros (past the map, the samples and ``O``)."""
    shape = (rows, cols, _lanes(grad.shape[0]), channels)
    out = _buffer(_workspace("channels last", math.prod(shape), grad.dtype), shape)
    _kernels.channels_last(np.ascontiguousarray(grad), out, get_num_threads())
    return out


def _weight_vector(dtype):
    """The output channels of the 5x5 weight gradient come in whole vectors of this many.

    AVX-512 holds 16 floats, AVX2 8 (LeNet-5's 50 channels: 64 or 56). Each
    sum is the same whatever the padding, so the levels still agree bit for
    bit.
    """
    return 16 if dtype == np.float32 and _cpu.get_simd_level() == "avx512" else 8


def _weight_lanes(x, grad, padding):
    """The weight gradient of a 5x5 :func:`forward` by F(2x2, 5x5), 16 samples at a time.

    Tile position by tile position, as the forward: each block of 16
    samples' transformed input and output gradient stay in the caches while
    their products are added to the sums of the 36 tile elements, with the
    output channels along the vectors (``_ext/winograd.pyx``,
    ``weight_lanes``). The sums are kept by ``_WEIGHT_GROUPS`` groups of tile
    positions, fixed by the shapes, and added in order at the end.
    """
    n, c, h, w = x.shape
    o = grad.shape[1]
    if n == 0:
        return np.zeros((o, c, 5, 5), x.dtype)
    tiles_h, tiles_w = _tiles_along(grad.shape[2], 2), _tiles_along(grad.shape[3], 2)
    rows, cols = 2 * tiles_h + 4, 2 * tiles_w + 4
    channels = -(-c // _WEIGHT_BLOCK) * _WEIGHT_BLOCK
    outputs = -(-o // _weight_vector(x.dtype)) * _weight_vector(x.dtype)
    groups = max(1, min(_WEIGHT_GROUPS, tiles_h * tiles_w * _lanes(n) // _LANES))
    shape = (groups, 36, channels, outputs)
    sums = _buffer(_workspace("weight sums", math.prod(shape), np.float64), shape)
    sample_bytes = max(c * rows * cols, 4 * tiles_h * tiles_w * outputs) * x.itemsize
    for start, stop in _lane_chunks(n, sample_bytes):
        padded = _samples_last(x[start:stop], rows, cols, padding)
        grads = _channels_last(grad[start:stop], 2 * tiles_h, 2 * tiles_w, outputs)
        _kernels.weight_lanes(padded, grads, sums, start > 0, get_num_threads())
    out = np.empty((o, c, 5, 5), x.dtype)
    _kernels.weight_finish(sums, F2_5.g, out, get_num_threads())
    return out


def _weight_rows(x, grad, padding):
    """The weight gradient of a 3x3 :func:`forward` by F(2x2, 3x3)."""
    n, c = x.shape[:2]
    o = grad.shape[1]
    tiles_w = _tiles_along(grad.shape[3], 2)
    tiles = _tiles_along(grad.shape[2], 2) * tiles_w
    x, grad = np.ascontiguousarray(x), np.ascontiguousarray(grad)
    chunks = _chunks(n, 16 * max(c, o) * tiles * x.itemsize)
    samples = chunks[0][1]
    input_buffer = _workspace("input tiles", 16 * (c * samples * tiles + _BLOCK_GAP), x.dtype)
    grad_buffer = _workspace("output tiles", 16 * (o * samples * tiles + _BLOCK_GAP), x.dtype)
    total = np.empty((16, o, c), x.dtype)
    for start, stop in chunks:
        inputs = _input_tiles(x[start:stop], padding, tiles_w,
                              _tile_buffer(input_buffer, (16, c, stop - start, tiles)))
        grads = _tile_buffer(grad_buffer, (16, o, stop - start, tiles))
        _kernels.grad_output_tiles(grad[start:stop], grads, tiles_w, get_num_threads())
        _batched(grads.reshape(16, o, -1), False, inputs.reshape(16, c, -1), True, total,
                 accumulate=start > 0)
    # dW = G^T [sum of products] G, tile element by tile element, straight into (O*C, 9).
    flat = matmul_2d(total.reshape(16, o * c).T, F2_3.kernel_transform[x.dtype])
    return flat.reshape(o, c, 3, 3)
