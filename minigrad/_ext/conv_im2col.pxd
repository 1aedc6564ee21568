# The im2col path of conv.pyx: convolutions with a stride, and 1x1 ones.
#
# A tile of output positions is unfolded into a column buffer of K = C/groups
# * KD*KH*KW rows (one per kernel tap) and multiplied with the group's
# weights by one GEMM of SciPy's BLAS, single-threaded, inside the caller's
# parallel region. Tiles hold at most _COL_BUDGET elements (see conv.pyx)
# whatever the batch or image size. A pointwise convolution (1x1 kernel,
# unit stride, no padding, the output as large as the input) hands its
# input to the GEMM as it is, without unfolding. The input gradient folds
# the columns back (col2im); the weight gradient multiplies the output
# gradient with the columns.
#
# conv.pyx calls _forward_tile for each (sample, group, tile) of the
# forward, _backward_input_item for each (sample, group) of the input
# gradient and _backward_weight_sample for each sample of the weight
# gradient, every one with a workspace of its thread's own.
from libc.string cimport memset

from minigrad._ext._blas cimport gemm
from minigrad._ext._types cimport real
from minigrad._ext.conv cimport Geometry


# The unfolding reads from, and its adjoint adds into, a zero-padded copy of
# one sample's group of channels (Cg, Dp, Hp, Wp): with the padding made of
# real zeros the loops need no bounds tests, which halves the time of the
# unfolding (LeNet conv2, batch 64: 4.2 ms -> 2.2 ms). The copy is one
# sample, per thread, whatever the batch size.
cdef inline void _pad(const real* x, real* padded, const Geometry* s) noexcept nogil:
    cdef Py_ssize_t c, d, h, w
    cdef real* dst
    cdef const real* src
    memset(padded, 0, s.padded_size * sizeof(real))
    for c in range(s.Cg):
        for d in range(s.D):
            for h in range(s.H):
                dst = padded + ((c * s.Dp + d + s.pd) * s.Hp + h + s.ph) * s.Wp + s.pw
                src = x + ((c * s.D + d) * s.H + h) * s.W
                for w in range(s.W):
                    dst[w] = src[w]


cdef inline void _unpad(const real* padded, real* x, const Geometry* s) noexcept nogil:
    # The adjoint of _pad: keep the interior, drop what fell in the padding.
    cdef Py_ssize_t c, d, h, w
    cdef real* dst
    cdef const real* src
    for c in range(s.Cg):
        for d in range(s.D):
            for h in range(s.H):
                src = padded + ((c * s.Dp + d + s.pd) * s.Hp + h + s.ph) * s.Wp + s.pw
                dst = x + ((c * s.D + d) * s.H + h) * s.W
                for w in range(s.W):
                    dst[w] = src[w]


cdef inline void _im2col(const real* padded, real* col, const Geometry* s,
                         Py_ssize_t l0, Py_ssize_t l1) noexcept nogil:
    # col: K rows, one per kernel tap (c, kd, kh, kw), of l1 - l0 columns:
    # column j holds the (padded) input under that tap for output position
    # l0 + j. Positions run along output rows (od, oh) of OW columns; a tile
    # may start and end inside a row, so each row is copied as a segment
    # [a, b). Row counters advance by increments: a division per segment
    # would cost as much as copying a short one.
    cdef Py_ssize_t r_first = l0 // s.OW
    cdef Py_ssize_t a_first = l0 - r_first * s.OW
    cdef Py_ssize_t od_first = r_first // s.OH
    cdef Py_ssize_t oh_first = r_first - od_first * s.OH
    cdef Py_ssize_t c, kd, kh, kw, pos, od, oh, a, b, ow
    cdef real* dst = col
    cdef const real* tap
    cdef const real* src
    for c in range(s.Cg):
        for kd in range(s.KD):
            for kh in range(s.KH):
                for kw in range(s.KW):
                    tap = padded + ((c * s.Dp + kd * s.dd) * s.Hp + kh * s.dh) * s.Wp + kw * s.dw
                    pos, a, od, oh = l0, a_first, od_first, oh_first
                    while pos < l1:
                        b = min(s.OW, a + l1 - pos)
                        src = tap + (od * s.sd * s.Hp + oh * s.sh) * s.Wp
                        if s.sw == 1:
                            for ow in range(a, b):
                                dst[ow - a] = src[ow]
                        else:
                            for ow in range(a, b):
                                dst[ow - a] = src[ow * s.sw]
                        dst += b - a
                        pos += b - a
                        a = 0
                        oh += 1
                        if oh == s.OH:
                            oh = 0
                            od += 1


cdef inline void _col2im(const real* col, real* padded, const Geometry* s,
                         Py_ssize_t l0, Py_ssize_t l1) noexcept nogil:
    # The adjoint of _im2col, with the same traversal: add every column entry
    # back onto the padded input position it was read from.
    cdef Py_ssize_t r_first = l0 // s.OW
    cdef Py_ssize_t a_first = l0 - r_first * s.OW
    cdef Py_ssize_t od_first = r_first // s.OH
    cdef Py_ssize_t oh_first = r_first - od_first * s.OH
    cdef Py_ssize_t c, kd, kh, kw, pos, od, oh, a, b, ow
    cdef const real* src = col
    cdef real* tap
    cdef real* dst
    for c in range(s.Cg):
        for kd in range(s.KD):
            for kh in range(s.KH):
                for kw in range(s.KW):
                    tap = padded + ((c * s.Dp + kd * s.dd) * s.Hp + kh * s.dh) * s.Wp + kw * s.dw
                    pos, a, od, oh = l0, a_first, od_first, oh_first
                    while pos < l1:
                        b = min(s.OW, a + l1 - pos)
                        dst = tap + (od * s.sd * s.Hp + oh * s.sh) * s.Wp
                        if s.sw == 1:
                            for ow in range(a, b):
                                dst[ow] += src[ow - a]
                        else:
                            for ow in range(a, b):
                                dst[ow * s.sw] += src[ow - a]
                        src += b - a
                        pos += b - a
                        a = 0
                        oh += 1
                        if oh == s.OH:
                            oh = 0
                            od += 1


# ----------------------------------------------------------------------------- GEMMs
# Each thread owns a workspace of s.work_size elements: the padded sample
# (padded_size), the column buffer (columns_size: K x tile) and the GEMM
# result (tile x Og or K x Og). The pointwise case uses the GEMM result only.
cdef inline real* _padded(real* work) noexcept nogil:
    return work


cdef inline real* _columns(real* work, const Geometry* s) noexcept nogil:
    return work + s.padded_size


cdef inline real* _result(real* work, const Geometry* s) noexcept nogil:
    return work + s.padded_size + s.columns_size


cdef inline void _forward_tile(const real* x, const real* w, const real* bias, real* out,
                               real* work, const Geometry* s, Py_ssize_t n, Py_ssize_t g,
                               Py_ssize_t t, bint pad) noexcept nogil:
    # out[n, group g, positions of tile t] = W_g (Og x K) @ columns (K x ncols) + bias.
    # The GEMM writes the transposed product, (ncols x Og), into the result
    # buffer: OpenBLAS runs faster with the short side (Og) as its M
    # dimension (LeNet conv2's 50x196x500: 57 GFLOP/s against 42; 25% off the
    # whole forward of ResNet's 64-channel layer), and the transpose back,
    # fused with the bias, is a pass over a tile that is still in cache.
    cdef Py_ssize_t l0 = t * s.tile
    cdef Py_ssize_t l1 = min(l0 + s.tile, s.L)
    cdef Py_ssize_t ncols = l1 - l0
    cdef Py_ssize_t o, j, ldb
    cdef const real* x_g = x + (n * s.C + g * s.Cg) * s.DHW
    cdef real* out_t = out + (n * s.O + g * s.Og) * s.L + l0
    cdef real* result = _result(work, s)
    cdef real* col = _columns(work, s)
    cdef const real* b
    cdef real* dst
    cdef real b0
    if s.pointwise:
        b, ldb = x_g + l0, s.L
    else:
        if pad:
            _pad(x_g, _padded(work), s)
        _im2col(_padded(work), col, s, l0, l1)
        b, ldb = col, ncols
    gemm(True, True, ncols, s.Og, s.K, <real>1, b, ldb, w + g * s.Og * s.K, s.K,
         <real>0, result, s.Og)
    for o in range(s.Og):
        dst = out_t + o * s.L
        b0 = bias[g * s.Og + o] if bias != NULL else 0
        for j in range(ncols):
            dst[j] = result[j * s.Og + o] + b0


cdef inline void _backward_input_item(const real* gy, const real* w, const real* bias, real* gx,
                                      real* work, const Geometry* s, Py_ssize_t n,
                                      Py_ssize_t g) noexcept nogil:
    # gx[n, group g] = col2im(W_g^T (K x Og) @ gy[n, group g] (Og x L)) + bias, tile by
    # tile, accumulated in the padded buffer and cut out of it at the end.
    cdef real* gx_g = gx + (n * s.C + g * s.Cg) * s.DHW
    cdef const real* gy_g = gy + (n * s.O + g * s.Og) * s.L
    cdef const real* w_g = w + g * s.Og * s.K
    cdef real* col = _columns(work, s)
    cdef Py_ssize_t t, l0, l1, ncols, c, i
    cdef real b0
    if s.pointwise:
        gemm(True, False, s.Cg, s.L, s.Og, <real>1, w_g, s.K, gy_g, s.L, <real>0, gx_g, s.L)
    else:
        memset(_padded(work), 0, s.padded_size * sizeof(real))
        for t in range(s.n_tiles):
            l0 = t * s.tile
            l1 = min(l0 + s.tile, s.L)
            ncols = l1 - l0
            gemm(True, False, s.K, ncols, s.Og, <real>1, w_g, s.K, gy_g + l0, s.L,
                 <real>0, col, ncols)
            _col2im(col, _padded(work), s, l0, l1)
        _unpad(_padded(work), gx_g, s)
    if bias != NULL:
        for c in range(s.Cg):
            b0 = bias[g * s.Cg + c]
            for i in range(s.DHW):
                gx_g[c * s.DHW + i] += b0


cdef inline void _backward_weight_sample(const real* x, const real* gy, real* work, double* acc,
                                         const Geometry* s, Py_ssize_t n) noexcept nogil:
    # acc (O x K, double) += gy[n, group g] (Og x L) @ columns^T (L x K), for every group.
    # As in the forward, the GEMM makes the transpose, (K x Og), with Og as
    # OpenBLAS's M dimension (LeNet conv2: 67 GFLOP/s against 45); the
    # accumulation into double reads it back transposed.
    cdef Py_ssize_t g, t, l0, l1, ncols, ldb, o, k
    cdef const real* x_g
    cdef const real* gy_g
    cdef const real* b
    cdef real* result = _result(work, s)
    cdef double* acc_o
    for g in range(s.groups):
        x_g = x + (n * s.C + g * s.Cg) * s.DHW
        gy_g = gy + (n * s.O + g * s.Og) * s.L
        if not s.pointwise:
            _pad(x_g, _padded(work), s)
        for t in range(s.n_tiles):
            l0 = t * s.tile
            l1 = min(l0 + s.tile, s.L)
            ncols = l1 - l0
            if s.pointwise:
                b, ldb = x_g + l0, s.L
            else:
                _im2col(_padded(work), _columns(work, s), s, l0, l1)
                b, ldb = _columns(work, s), ncols
            gemm(False, True, s.K, s.Og, ncols, <real>1, b, ldb, gy_g + l0, s.L,
                 <real>(t > 0), result, s.Og)
        for o in range(s.Og):
            acc_o = acc + (g * s.Og + o) * s.K
            for k in range(s.K):
                acc_o[k] += result[k * s.Og + o]
