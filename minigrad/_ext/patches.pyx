"""Sliding-block kernels: unfold (im2col) and its adjoint fold (col2im); and padding.

The padding kernels (``pad_forward``, ``pad_backward``, for ``F.pad`` in
``minigrad/ops/shape.py``) are described at the end of the file; what follows
is about the blocks.

Layout
    The input of unfold, and the output of fold, is a batch of *planes*: a
    ``(N, C, H, W)`` (or ``(C, H, W)``) image arrives as a C-contiguous
    ``(P, H, W)`` array with ``P = N*C``. The blocks are a C-contiguous
    ``(P, KH*KW, L)`` array: ``(N, C*KH*KW, L)`` as PyTorch lays it out, row
    ``c*KH*KW + kh*KW + kw`` holding the tap ``(kh, kw)`` of channel ``c``
    for each of the ``L = OH*OW`` block positions, in row-major order.

Geometry
    Block ``(oh, ow)``'s tap ``(kh, kw)`` reads the input at
    ``ih = oh*sh - ph + kh*dh`` and ``iw = ow*sw - pw + kw*dw``; positions
    outside the input are the zero padding. For one tap the in-bounds block
    columns form one range ``[ow_lo, ow_hi)`` (see _columns_inside), so the
    loops test bounds once per row, never per element, and with unit stride
    a row is a single copy (unfold) or a single vector add (fold).

Dtypes
    float32 or float64 (the fused type ``real``), the same for both arrays.

Parallelism and determinism
    Unfold runs ``prange`` over (plane, tap) pairs: each writes its own row
    of ``L`` blocks. Fold is a scatter-add, so it runs over planes: the taps
    of one plane add only into that plane, one after the other in tap order,
    whatever the thread count. No two threads write the same memory, and
    every sum is formed in the same order at any number of threads.

Row layout
    ``unfold_rows`` and ``fold_rows`` lay the same blocks out one row per
    block instead (see the section "rows" below), for the convolutions of
    ``minigrad/ops/conv.py`` that run as one GEMM over the batch.

Safety
    The Python caller (``minigrad/ops/patches.py``) checks every size, and
    that the arrays have the shapes the geometry implies, before the call.
"""
from cython.parallel cimport prange
from libc.string cimport memcpy, memset

from minigrad._ext._types cimport real

# Below this many elements touched a parallel region costs more than it saves.
cdef enum:
    _PARALLEL_MIN = 32768


cdef struct Blocks:
    Py_ssize_t H, W, KH, KW, OH, OW
    Py_ssize_t sh, sw, ph, pw, dh, dw


cdef inline void _columns_inside(const Blocks* b, Py_ssize_t kw, Py_ssize_t* lo,
                                 Py_ssize_t* hi) noexcept nogil:
    # The block columns ow whose tap kw lands inside the row:
    # 0 <= ow*sw + off < W, with off = kw*dw - pw. Both numerators are
    # non-negative where they are divided, so C's truncation is a floor.
    cdef Py_ssize_t off = kw * b.dw - b.pw
    lo[0] = 0 if off >= 0 else (-off + b.sw - 1) // b.sw
    hi[0] = 0 if b.W - off <= 0 else min(b.OW, (b.W - off - 1) // b.sw + 1)
    if hi[0] < lo[0]:
        hi[0] = lo[0]


cdef inline void _unfold_tap(const real* plane, real* row, const Blocks* b, Py_ssize_t kh,
                             Py_ssize_t kw) noexcept nogil:
    # row[oh*OW + ow] = plane[ih, iw] for one tap, zero where (ih, iw) is padding.
    cdef Py_ssize_t lo, hi, oh, ow, ih
    cdef Py_ssize_t off = kw * b.dw - b.pw
    cdef const real* src
    cdef real* dst
    _columns_inside(b, kw, &lo, &hi)
    for oh in range(b.OH):
        dst = row + oh * b.OW
        ih = oh * b.sh - b.ph + kh * b.dh
        if ih < 0 or ih >= b.H or lo == hi:
            memset(dst, 0, b.OW * sizeof(real))
            continue
        memset(dst, 0, lo * sizeof(real))
        memset(dst + hi, 0, (b.OW - hi) * sizeof(real))
        src = plane + ih * b.W + off
        if b.sw == 1:
            memcpy(dst + lo, src + lo, (hi - lo) * sizeof(real))
        else:
            for ow in range(lo, hi):
                dst[ow] = src[ow * b.sw]


cdef inline void _fold_plane(const real* blocks, real* plane, const Blocks* b) noexcept nogil:
    # plane = the sum, over taps in order, of each tap's row added back onto
    # the positions it was read from; padding positions are dropped.
    cdef Py_ssize_t L = b.OH * b.OW
    cdef Py_ssize_t kh, kw, lo, hi, oh, ow, ih, off
    cdef const real* row
    cdef const real* src
    cdef real* dst
    memset(plane, 0, b.H * b.W * sizeof(real))
    for kh in range(b.KH):
        for kw in range(b.KW):
            row = blocks + (kh * b.KW + kw) * L
            off = kw * b.dw - b.pw
            _columns_inside(b, kw, &lo, &hi)
            if lo == hi:
                continue
            for oh in range(b.OH):
                ih = oh * b.sh - b.ph + kh * b.dh
                if ih < 0 or ih >= b.H:
                    continue
                src = row + oh * b.OW
                dst = plane + ih * b.W + off
                if b.sw == 1:
                    for ow in range(lo, hi):
                        dst[ow] += src[ow]
                else:
                    for ow in range(lo, hi):
                        dst[ow * b.sw] += src[ow]


cdef Blocks _blocks(Py_ssize_t H, Py_ssize_t W, Py_ssize_t KH, Py_ssize_t KW,
                    Py_ssize_t OH, Py_ssize_t OW, Py_ssize_t sh, Py_ssize_t sw,
                    Py_ssize_t ph, Py_ssize_t pw, Py_ssize_t dh, Py_ssize_t dw):
    cdef Blocks b
    b.H, b.W, b.KH, b.KW, b.OH, b.OW = H, W, KH, KW, OH, OW
    b.sh, b.sw, b.ph, b.pw, b.dh, b.dw = sh, sw, ph, pw, dh, dw
    return b


def unfold_forward(const real[:, :, ::1] x,  # IN (P, H, W)
                   real[:, :, ::1] out,  # OUT (P, KH*KW, OH*OW)
                   Py_ssize_t KH, Py_ssize_t KW, Py_ssize_t OH, Py_ssize_t OW,
                   Py_ssize_t sh, Py_ssize_t sw, Py_ssize_t ph, Py_ssize_t pw,
                   Py_ssize_t dh, Py_ssize_t dw, int n_threads):
    """im2col: every tap of every sliding block, one row of ``out`` per (plane, tap)."""
    cdef Blocks b = _blocks(x.shape[1], x.shape[2], KH, KW, OH, OW, sh, sw, ph, pw, dh, dw)
    cdef Py_ssize_t P = x.shape[0], K = KH * KW, L = OH * OW
    cdef Py_ssize_t item, p, k
    if P == 0 or K == 0 or L == 0:
        return
    if P * K * L < _PARALLEL_MIN:
        n_threads = 1
    for item in prange(P * K, nogil=True, schedule="static", num_threads=n_threads):
        p = item // K
        k = item - p * K
        _unfold_tap(&x[p, 0, 0], &out[p, k, 0], &b, k // KW, k - (k // KW) * KW)


def fold_forward(const real[:, :, ::1] blocks,  # IN (P, KH*KW, OH*OW)
                 real[:, :, ::1] out,  # OUT (P, H, W), overwritten
                 Py_ssize_t KH, Py_ssize_t KW, Py_ssize_t OH, Py_ssize_t OW,
                 Py_ssize_t sh, Py_ssize_t sw, Py_ssize_t ph, Py_ssize_t pw,
                 Py_ssize_t dh, Py_ssize_t dw, int n_threads):
    """col2im: sum every block's taps back into the planes, one plane per iteration."""
    cdef Blocks b = _blocks(out.shape[1], out.shape[2], KH, KW, OH, OW, sh, sw, ph, pw, dh, dw)
    cdef Py_ssize_t P = out.shape[0], HW = out.shape[1] * out.shape[2]
    cdef Py_ssize_t p
    if P == 0 or HW == 0:
        return
    if P * (KH * KW * OH * OW + HW) < _PARALLEL_MIN:
        n_threads = 1
    for p in prange(P, nogil=True, schedule="static", num_threads=n_threads):
        _fold_plane(&blocks[p, 0, 0], &out[p, 0, 0], &b)


# ----------------------------------------------------------------------------- rows
# The same blocks laid out one *row per block*: ``(N, L, C*KH*KW)``, the row of
# block l of sample n holding the taps of every channel in the order of a
# weight's ``(C, KH, KW)``. A convolution with few output positions is then one
# GEMM over the whole batch: ``rows (N*L, C*K) @ weight.T``. Each row is a
# handful of gathers, so bounds are tested per tap, not per row.

cdef inline bint _row_inside(const Blocks* b, Py_ssize_t ih0, Py_ssize_t iw0) noexcept nogil:
    # Whether every tap of the block whose first tap is (ih0, iw0) lies in the image.
    return (ih0 >= 0 and iw0 >= 0 and ih0 + (b.KH - 1) * b.dh < b.H
            and iw0 + (b.KW - 1) * b.dw < b.W)


cdef inline void _unfold_row(const real* image, real* row, const Blocks* b, Py_ssize_t C,
                             Py_ssize_t oh, Py_ssize_t ow) noexcept nogil:
    cdef Py_ssize_t c, kh, kw, ih, iw
    cdef Py_ssize_t ih0 = oh * b.sh - b.ph, iw0 = ow * b.sw - b.pw, HW = b.H * b.W
    cdef const real* src
    if _row_inside(b, ih0, iw0):
        src = image + ih0 * b.W + iw0
        if b.KH == 3 and b.KW == 3 and b.dh == 1 and b.dw == 1:
            # The 3x3 kernels of every CNN since VGG, written out.
            for c in range(C):
                row[0] = src[0]
                row[1] = src[1]
                row[2] = src[2]
                row[3] = src[b.W]
                row[4] = src[b.W + 1]
                row[5] = src[b.W + 2]
                row[6] = src[2 * b.W]
                row[7] = src[2 * b.W + 1]
                row[8] = src[2 * b.W + 2]
                row += 9
                src += HW
            return
        for c in range(C):
            for kh in range(b.KH):
                for kw in range(b.KW):
                    row[kw] = src[kh * b.dh * b.W + kw * b.dw]
                row += b.KW
            src += HW
        return
    for c in range(C):
        src = image + c * HW
        for kh in range(b.KH):
            ih = ih0 + kh * b.dh
            for kw in range(b.KW):
                iw = iw0 + kw * b.dw
                if ih < 0 or ih >= b.H or iw < 0 or iw >= b.W:
                    row[0] = 0
                else:
                    row[0] = src[ih * b.W + iw]
                row += 1


cdef inline void _fold_rows_sample(const real* rows, real* image, const Blocks* b,
                                   Py_ssize_t C) noexcept nogil:
    # The adjoint of _unfold_row over one sample's blocks, in block order.
    cdef Py_ssize_t oh, ow, c, kh, kw, ih, iw, ih0, iw0, HW = b.H * b.W
    cdef real* dst
    memset(image, 0, C * HW * sizeof(real))
    for oh in range(b.OH):
        for ow in range(b.OW):
            ih0 = oh * b.sh - b.ph
            iw0 = ow * b.sw - b.pw
            if _row_inside(b, ih0, iw0):
                dst = image + ih0 * b.W + iw0
                for c in range(C):
                    for kh in range(b.KH):
                        for kw in range(b.KW):
                            dst[kh * b.dh * b.W + kw * b.dw] += rows[kw]
                        rows += b.KW
                    dst += HW
                continue
            for c in range(C):
                dst = image + c * HW
                for kh in range(b.KH):
                    ih = ih0 + kh * b.dh
                    for kw in range(b.KW):
                        iw = iw0 + kw * b.dw
                        if ih >= 0 and ih < b.H and iw >= 0 and iw < b.W:
                            dst[ih * b.W + iw] += rows[0]
                        rows += 1


def unfold_rows(const real[:, :, :, ::1] x,  # IN (N, C, H, W)
                real[:, :, ::1] out,  # OUT (N, OH*OW, C*KH*KW)
                Py_ssize_t KH, Py_ssize_t KW, Py_ssize_t OH, Py_ssize_t OW,
                Py_ssize_t sh, Py_ssize_t sw, Py_ssize_t ph, Py_ssize_t pw,
                Py_ssize_t dh, Py_ssize_t dw, int n_threads):
    """im2col with one row per block: every (sample, block) writes its own row."""
    cdef Blocks b = _blocks(x.shape[2], x.shape[3], KH, KW, OH, OW, sh, sw, ph, pw, dh, dw)
    cdef Py_ssize_t N = x.shape[0], C = x.shape[1], L = OH * OW
    cdef Py_ssize_t item, n, l
    if N == 0 or L == 0 or C * KH * KW == 0:
        return
    if N * L * C * KH * KW < _PARALLEL_MIN:
        n_threads = 1
    for item in prange(N * L, nogil=True, schedule="static", num_threads=n_threads):
        n = item // L
        l = item - n * L
        _unfold_row(&x[n, 0, 0, 0], &out[n, l, 0], &b, C, l // OW, l - (l // OW) * OW)


def fold_rows(const real[:, :, ::1] rows,  # IN (N, OH*OW, C*KH*KW)
              real[:, :, :, ::1] out,  # OUT (N, C, H, W), overwritten
              Py_ssize_t KH, Py_ssize_t KW, Py_ssize_t OH, Py_ssize_t OW,
              Py_ssize_t sh, Py_ssize_t sw, Py_ssize_t ph, Py_ssize_t pw,
              Py_ssize_t dh, Py_ssize_t dw, int n_threads):
    """col2im from rows: each sample's blocks summed back into its image, in block order."""
    cdef Blocks b = _blocks(out.shape[2], out.shape[3], KH, KW, OH, OW, sh, sw, ph, pw, dh, dw)
    cdef Py_ssize_t N = out.shape[0], C = out.shape[1], n
    if N == 0 or C * out.shape[2] * out.shape[3] == 0:
        return
    if N * (rows.shape[1] * rows.shape[2] + C * out.shape[2] * out.shape[3]) < _PARALLEL_MIN:
        n_threads = 1
    for n in prange(N, nogil=True, schedule="static", num_threads=n_threads):
        _fold_rows_sample(&rows[n, 0, 0], &out[n, 0, 0, 0], &b, C)


def swap_leading(const real[:, :, ::1] src,  # IN (A, B, L)
                 real[:, :, ::1] out,  # OUT (B, A, L)
                 const real[::1] bias,  # IN (A,) added to out[:, a], or empty
                 int n_threads):
    """``out[b, a] = src[a, b] (+ bias[a])``: a batch-major GEMM result back to (N, C, L)."""
    cdef Py_ssize_t A = src.shape[0], B = src.shape[1], L = src.shape[2]
    cdef Py_ssize_t a, i, l
    cdef bint has_bias = bias.shape[0] > 0
    cdef real add
    if A * B * L == 0:
        return
    if A * B * L < _PARALLEL_MIN:
        n_threads = 1
    for i in prange(B, nogil=True, schedule="static", num_threads=n_threads):
        for a in range(A):
            if has_bias:
                add = bias[a]
                for l in range(L):
                    out[i, a, l] = src[a, i, l] + add
            else:
                for l in range(L):
                    out[i, a, l] = src[a, i, l]


# ----------------------------------------------------------------------------- padding
# Reflect, replicate and circular padding as a gather through one *source
# table* per spatial dimension: entry o of a table is the input index that
# output index o copies (reflected, clamped or wrapped by the Python caller).
# Planes, as above, are the leading dimensions flattened: the forward writes,
# and the backward adds into, only the plane it reads from.

cdef inline void _pad_plane(const real* x, real* out, const Py_ssize_t* src_d,
                            const Py_ssize_t* src_h, const Py_ssize_t* src_w,
                            Py_ssize_t OD, Py_ssize_t OH, Py_ssize_t OW,
                            Py_ssize_t H, Py_ssize_t W) noexcept nogil:
    cdef Py_ssize_t od, oh, ow
    cdef real* dst
    cdef const real* src
    for od in range(OD):
        for oh in range(OH):
            dst = out + (od * OH + oh) * OW
            src = x + (src_d[od] * H + src_h[oh]) * W
            for ow in range(OW):
                dst[ow] = src[src_w[ow]]


cdef inline void _unpad_plane(const real* grad, real* grad_in, const Py_ssize_t* src_d,
                              const Py_ssize_t* src_h, const Py_ssize_t* src_w,
                              Py_ssize_t OD, Py_ssize_t OH, Py_ssize_t OW,
                              Py_ssize_t H, Py_ssize_t W, Py_ssize_t plane) noexcept nogil:
    # The adjoint of _pad_plane: every output gradient added to the element it
    # was copied from, in output order.
    cdef Py_ssize_t od, oh, ow
    cdef const real* src
    cdef real* dst
    memset(grad_in, 0, plane * sizeof(real))
    for od in range(OD):
        for oh in range(OH):
            src = grad + (od * OH + oh) * OW
            dst = grad_in + (src_d[od] * H + src_h[oh]) * W
            for ow in range(OW):
                dst[src_w[ow]] += src[ow]


def pad_forward(const real[:, ::1] x,  # IN (P, D*H*W)
                real[:, ::1] out,  # OUT (P, OD*OH*OW)
                const Py_ssize_t[::1] src_d,  # IN (OD,) source index in [0, D)
                const Py_ssize_t[::1] src_h,  # IN (OH,) in [0, H)
                const Py_ssize_t[::1] src_w,  # IN (OW,) in [0, W)
                Py_ssize_t H, Py_ssize_t W, int n_threads):
    """Each output plane gathered from its input plane through the source tables."""
    cdef Py_ssize_t P = x.shape[0], p
    cdef Py_ssize_t OD = src_d.shape[0], OH = src_h.shape[0], OW = src_w.shape[0]
    if P == 0 or OD * OH * OW == 0:
        return
    if P * (x.shape[1] + OD * OH * OW) < _PARALLEL_MIN:
        n_threads = 1
    for p in prange(P, nogil=True, schedule="static", num_threads=n_threads):
        _pad_plane(&x[p, 0], &out[p, 0], &src_d[0], &src_h[0], &src_w[0], OD, OH, OW, H, W)


def pad_backward(const real[:, ::1] grad,  # IN (P, OD*OH*OW)
                 real[:, ::1] grad_in,  # OUT (P, D*H*W), overwritten
                 const Py_ssize_t[::1] src_d,  # IN (OD,) source index in [0, D)
                 const Py_ssize_t[::1] src_h,  # IN (OH,) in [0, H)
                 const Py_ssize_t[::1] src_w,  # IN (OW,) in [0, W)
                 Py_ssize_t H, Py_ssize_t W, int n_threads):
    """Each input plane's gradient: the output gradients summed back through the tables."""
    cdef Py_ssize_t P = grad_in.shape[0], plane = grad_in.shape[1], p
    cdef Py_ssize_t OD = src_d.shape[0], OH = src_h.shape[0], OW = src_w.shape[0]
    if P == 0 or plane == 0:
        return
    if P * (plane + OD * OH * OW) < _PARALLEL_MIN:
        n_threads = 1
    for p in prange(P, nogil=True, schedule="static", num_threads=n_threads):
        _unpad_plane(&grad[p, 0], &grad_in[p, 0], &src_d[0], &src_h[0], &src_w[0], OD, OH, OW,
                     H, W, plane)
