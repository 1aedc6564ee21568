"""Convolutions of tiny maps as GEMMs over the kernel taps that meet the input.

On a map of a few positions most of a padded kernel's taps fall on the
padding: a 3x3 kernel with padding 1 on a 2x2 map reaches the input with 4
of its 9 taps at each output position (16 of 36 (position, tap) pairs), on
a 1x1 map with 1. The GEMMs over the batch of ``minigrad/ops/conv.py``
(``_batch_gemm_forward``) multiply the zeros too. Here each (output
position, input position, tap) triple that meets the input is one GEMM of
the batch's rows, ``(N, C) @ (C, O)``, and the three passes are sums of
such GEMMs:

- forward: ``y[:, p] = sum over (q, t) of x[:, q] @ W_t^T``;
- input gradient: ``dx[:, q] = sum over (p, t) of dy[:, p] @ W_t``;
- weight gradient: ``dW_t = sum over (p, q) of dy[:, p]^T @ x[:, q]``,

with the activations channels-last (``(N, positions, channels)``) and the
weight tap-major (``(taps, O, C)``). VGG-11's 512-channel 2x2 layers at
batch 64 do 0.44 of the multiplications of the GEMMs over the batch.

Determinism: each output matrix is summed by one thread, in the order of
its triples, one single-threaded BLAS call each (``_ext/matmul.pyx``,
``pair_products``), so results are bit-identical at any thread count.
"""
import numpy as np

from minigrad._config import blas_on_one_thread
from minigrad._ext import matmul as _matmul_kernels
from minigrad._ext._openmp import get_num_threads

# The path runs where at most this share of the (position, tap) pairs meet the input.
# Forward and backward against the GEMMs over the batch, 3x3 kernels with padding 1 at
# batch 64, two threads (AVX-512 / AVX2): 512 channels on 2x2 maps (share 0.44) 0.77 /
# 0.74, on 1x1 (0.11) 0.87 / 0.89, on 3x3 (0.60) 0.73 / 0.93; 256 and 128 channels on
# 2x2 0.70 and 0.80. On 4x4 maps (0.69) the forward lost with AVX2 (1.19).
MAX_PAIR_SHARE = 0.65


_P, _Q, _T = 0, 1, 2  # the columns of a triple: output position, input position, tap


class Taps:
    """The (output position, input position, tap) triples of a 2-d convolution that meet the
    input, grouped for each pass as ``(starts, pairs)``: the pairs of the other two columns,
    group after group, and where each group starts."""

    def __init__(self, in_size, out_size, kernel, stride, padding, dilation):
        h, w = in_size
        triples = []
        for oh in range(out_size[0]):
            for ow in range(out_size[1]):
                for i in range(kernel[0]):
                    ih = oh * stride[0] - padding[0] + i * dilation[0]
                    for j in range(kernel[1]):
                        iw = ow * stride[1] - padding[1] + j * dilation[1]
                        if 0 <= ih < h and 0 <= iw < w:
                            triples.append((oh * out_size[1] + ow, ih * w + iw,
                                            i * kernel[1] + j))
        self.triples = np.array(triples, dtype=np.intp).reshape(-1, 3)
        self.positions = out_size[0] * out_size[1]
        self.in_positions = h * w
        self.taps = kernel[0] * kernel[1]
        self.by_output = self._grouped(_P, (_Q, _T), self.positions)
        self.by_input = self._grouped(_Q, (_P, _T), self.in_positions)
        self.by_tap = self._grouped(_T, (_P, _Q), self.taps)

    def share(self):
        """The share of the (output position, tap) pairs that meet the input."""
        return len(self.triples) / max(1, self.positions * self.taps)

    def _grouped(self, group, pair, groups):
        t = self.triples[np.argsort(self.triples[:, group], kind="stable")]
        starts = np.searchsorted(t[:, group], np.arange(groups + 1)).astype(np.intp)
        return starts, np.ascontiguousarray(t[:, list(pair)])


def _products(a, a_axis, trans_a, b, b_axis, trans_b, out, out_axis, grouping):
    starts, pairs = grouping
    with blas_on_one_thread:
        _matmul_kernels.pair_products(a, a_axis, trans_a, b, b_axis, trans_b, out, out_axis,
                                      starts, pairs, get_num_threads())
    return out


def _channels_last(a):
    """``(N, C, H, W)`` as a C-contiguous ``(N, H*W, C)``."""
    n, c = a.shape[:2]
    return np.ascontiguousarray(a.reshape(n, c, -1).transpose(0, 2, 1))


def _channels_first(a, size):
    """``(N, H*W, C)`` as a C-contiguous ``(N, C, *size)``."""
    n, _, c = a.shape
    return np.ascontiguousarray(a.transpose(0, 2, 1)).reshape((n, c) + tuple(size))


def _tap_major(weight):
    """``(O, C, KH, KW)`` as a C-contiguous ``(KH*KW, O, C)``."""
    o, c = weight.shape[:2]
    return np.ascontiguousarray(weight.reshape(o, c, -1).transpose(2, 0, 1))


def forward(x, weight, bias, taps, out_size):
    """``conv2d(x, weight, bias)`` for ``x`` ``(N, C, H, W)``, ``weight`` ``(O, C, KH, KW)``."""
    n, o = x.shape[0], weight.shape[0]
    out = np.empty((n, taps.positions, o), x.dtype)
    _products(_channels_last(x), 1, False, _tap_major(weight), 0, True, out, 1,
              taps.by_output)
    if bias is not None:
        out += bias
    return _channels_first(out, out_size)


def backward_input(grad, weight, taps, in_size):
    """The input gradient of :func:`forward`, ``(N, C, H, W)``."""
    n, c = grad.shape[0], weight.shape[1]
    out = np.empty((n, taps.in_positions, c), grad.dtype)
    _products(_channels_last(grad), 1, False, _tap_major(weight), 0, False, out, 1,
              taps.by_input)
    return _channels_first(out, in_size)


def backward_weight(x, grad, taps, weight_shape):
    """The weight gradient of :func:`forward`, summed over the batch: ``weight_shape``."""
    o, c = weight_shape[:2]
    out = np.empty((taps.taps, o, c), x.dtype)
    _products(_channels_last(grad), 1, True, _channels_last(x), 1, False, out, 0,
              taps.by_tap)
    return np.ascontiguousarray(out.transpose(1, 2, 0)).reshape(weight_shape)
