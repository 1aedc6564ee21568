"""Matrix products of 2-d float arrays on minigrad's threads (``minigrad.ops.matmul``).

Layout
    C-contiguous 2-d arrays; an operand may arrive transposed (its
    C-contiguous transpose and a flag), so transposed views are read in place.

Dtype
    float32 or float64 (the fused type ``real``), one for all three arrays.

Parallelism and determinism
    The output is cut along its longer side into pieces fixed by the shape
    (``_pieces``), never by the thread count; ``prange(schedule='static')``
    hands the pieces to the threads, each piece one single-threaded GEMM
    (``_blas.gemm``) writing its own rows or columns. Every piece is the
    same BLAS call on any number of threads, so the product is bit-identical
    at any thread count.
"""
import numpy as np

from cython.parallel cimport prange

from minigrad._ext._blas cimport gemm, gemm_columns
from minigrad._ext._layout cimport blocks_apart
from minigrad._ext._types cimport real


# Below this many multiply-adds a GEMM runs as one call: threads would cost more than they save.
cdef enum:
    _SPLIT_MIN_MACS = 1 << 21
    _MIN_PIECE = 64
    _MAX_PIECES = 8

# x @ W^T with x (m, k) and W (n, k) row-major, at most this many rows, at
# least twice as many columns and a depth of at least _COLUMNS_MIN_DEPTH, is
# computed column-major and then transposed into the output. OpenBLAS
# (Haswell kernels, one thread) took 0.43-0.91 of the row-major time for 16
# to 64 rows, 128 to 4096 columns and depths 500 and 2450, the transposition
# included (a linear layer's forward at batch 64, (64, 2450) by (2450, 500):
# 1.88 ms against 2.35); 0.82-1.35 for 128 rows and more; 1.1-1.4 for depths
# up to 64, where the copy costs more than the product. With W not
# transposed (the input gradient, g @ W) it gained 0.90 with W in the caches
# and lost 1.2 with W out of them, as it is in a training step.
cdef enum:
    _COLUMNS_MAX_ROWS = 64
    _COLUMNS_MIN_DEPTH = 256


cdef bint _by_columns(bint trans_a, bint trans_b, Py_ssize_t m, Py_ssize_t n,
                     Py_ssize_t k) noexcept nogil:
    return not trans_a and trans_b and m <= _COLUMNS_MAX_ROWS and n >= 2 * m \
        and n >= 2 * _COLUMNS_MAX_ROWS and k >= _COLUMNS_MIN_DEPTH


cdef Py_ssize_t _pieces(Py_ssize_t extent, Py_ssize_t macs) noexcept nogil:
    """How many equal pieces to cut the output's longer side into: a power of two, 1 to 8.

    A function of the shape alone, never of the thread count, so every piece
    is the same BLAS call (with the same summation order) on any number of
    threads, and the product is bit-identical at any thread count.
    """
    cdef Py_ssize_t pieces = 1
    if macs < _SPLIT_MIN_MACS:
        return 1
    while pieces * 2 <= _MAX_PIECES and extent // (pieces * 2) >= _MIN_PIECE:
        pieces *= 2
    return pieces


def matmul(const real[:, ::1] a,  # IN (m, k), or (k, m) when trans_a
           bint trans_a,
           const real[:, ::1] b,  # IN (k, n), or (n, k) when trans_b
           bint trans_b,
           real[:, ::1] out,  # OUT (m, n)
           int n_threads):
    """``out = op(a) @ op(b)`` on ``n_threads`` threads, each running single-threaded BLAS.

    The output is cut along its longer side into pieces fixed by the shape
    (see ``_pieces``); threads take the pieces in static order. A short, wide
    output (``_by_columns``) is computed column-major, each piece then
    copied into its columns of ``out``.
    """
    cdef Py_ssize_t m = out.shape[0], n = out.shape[1]
    cdef Py_ssize_t k = a.shape[0] if trans_a else a.shape[1]
    if (a.shape[1] if trans_a else a.shape[0]) != m or \
            (b.shape[1] if trans_b else b.shape[0]) != k or \
            (b.shape[0] if trans_b else b.shape[1]) != n:
        raise ValueError(
            f"matmul: op(a) {[m, k]} @ op(b) cannot fill an output of shape {[m, n]}")
    if m == 0 or n == 0 or k == 0:
        out[:, :] = 0
        return
    cdef bint split_rows = m >= n
    cdef Py_ssize_t pieces = _pieces(m if split_rows else n, m * n * k)
    cdef Py_ssize_t extent = m if split_rows else n
    cdef Py_ssize_t piece, start, size
    cdef int threads = <int>min(<Py_ssize_t>n_threads, pieces)
    cdef int lda = <int>a.shape[1], ldb = <int>b.shape[1]
    cdef bint by_columns = _by_columns(trans_a, trans_b, m, n, k)
    cdef real[:, ::1] columns  # only by columns: no allocation on the other paths
    if by_columns:
        columns = np.empty((n, m), np.asarray(out).dtype)
    cdef Py_ssize_t i, j
    with nogil:
        for piece in prange(pieces, schedule='static', num_threads=threads):
            start = extent * piece // pieces
            size = extent * (piece + 1) // pieces - start
            if by_columns:  # n >= 2 m: the pieces are columns
                gemm_columns(trans_a, trans_b, <int>m, <int>size, <int>k, <real>1,
                             &a[0, 0], lda, &b[start, 0] if trans_b else &b[0, start], ldb,
                             <real>0, &columns[start, 0], <int>m)
                for i in range(m):
                    for j in range(start, start + size):
                        out[i, j] = columns[j, i]
            elif split_rows:
                gemm(trans_a, trans_b, <int>size, <int>n, <int>k, <real>1,
                     &a[0, start] if trans_a else &a[start, 0], lda,
                     &b[0, 0], ldb, <real>0, &out[start, 0], <int>n)
            else:
                gemm(trans_a, trans_b, <int>m, <int>size, <int>k, <real>1,
                     &a[0, 0], lda, &b[start, 0] if trans_b else &b[0, start], ldb,
                     <real>0, &out[0, start], <int>n)


cdef _check_matrices(str name, Py_ssize_t* shape, Py_ssize_t* strides, Py_ssize_t itemsize):
    # The matrices of a (B, rows, cols) operand: each C-contiguous, none overlapping.
    if not blocks_apart(shape, strides, 3, itemsize):
        raise ValueError(f"matmul_batched: each matrix of {name} must be C-contiguous, got "
                         f"strides {[strides[i] for i in range(3)]} for shape "
                         f"{[shape[i] for i in range(3)]}")


def matmul_batched(const real[:, :, :] a,  # IN (B, m, k), or (B, k, m) when trans_a
                   bint trans_a,
                   const real[:, :, :] b,  # IN (B, k, n), or (B, n, k) when trans_b
                   bint trans_b,
                   real[:, :, :] out,  # OUT (B, m, n), or IN/OUT when accumulate
                   bint accumulate,
                   int n_threads):
    """``out[i] = op(a[i]) @ op(b[i])`` (``+=`` with ``accumulate``) for every ``i``.

    Each matrix ``a[i]``, ``b[i]`` and ``out[i]`` is C-contiguous; the
    matrices of one array may lie further apart than a matrix's size.
    The products are shared among the threads, each one single-threaded BLAS
    call whatever the thread count, so the result is bit-identical at any
    number of threads.
    """
    cdef Py_ssize_t B = out.shape[0], m = out.shape[1], n = out.shape[2]
    cdef Py_ssize_t k = a.shape[1] if trans_a else a.shape[2]
    if a.shape[0] != B or b.shape[0] != B or \
            (a.shape[2] if trans_a else a.shape[1]) != m or \
            (b.shape[2] if trans_b else b.shape[1]) != k or \
            (b.shape[1] if trans_b else b.shape[2]) != n:
        raise ValueError(
            f"matmul_batched: op(a) {[B, m, k]} @ op(b) cannot fill an output of shape {[B, m, n]}")
    _check_matrices("a", a.shape, a.strides, sizeof(real))
    _check_matrices("b", b.shape, b.strides, sizeof(real))
    _check_matrices("out", out.shape, out.strides, sizeof(real))
    if B == 0 or m == 0 or n == 0:
        return
    if k == 0:
        if not accumulate:
            out[:, :, :] = 0
        return
    cdef Py_ssize_t i
    cdef real beta = 1 if accumulate else 0
    cdef int threads = <int>min(<Py_ssize_t>n_threads, B)
    cdef int lda = <int>a.shape[2], ldb = <int>b.shape[2]
    with nogil:
        for i in prange(B, schedule='static', num_threads=threads):
            gemm(trans_a, trans_b, <int>m, <int>n, <int>k, <real>1, &a[i, 0, 0], lda,
                 &b[i, 0, 0], ldb, beta, &out[i, 0, 0], <int>n)


cdef inline Py_ssize_t _offset(Py_ssize_t axis, Py_ssize_t i, Py_ssize_t rows,
                               Py_ssize_t cols) noexcept nogil:
    # Where matrix ``i`` of a C-contiguous (d0, rows or d1, cols) array starts:
    # along axis 0 it is ``arr[i]``, along axis 1 ``arr[:, i, :]``.
    return i * rows * cols if axis == 0 else i * cols


def pair_products(const real[:, :, ::1] a, int a_axis, bint trans_a,
                  const real[:, :, ::1] b, int b_axis, bint trans_b,
                  real[:, :, ::1] out, int out_axis,
                  const Py_ssize_t[::1] starts,  # IN (G + 1,): group g's pairs, in order
                  const Py_ssize_t[:, ::1] pairs,  # IN (pairs, 2): (i, j) of each product
                  int n_threads):
    """``out_g = sum of op(a_i) @ op(b_j)`` over the pairs ``(i, j)`` of each group ``g``.

    ``x_i`` is matrix ``i`` of the 3-d array ``x`` along ``x_axis``:
    ``x[i]`` (axis 0) or ``x[:, i, :]`` (axis 1), read in place. A group
    without pairs gets zeros. Each group is summed in the order of its
    pairs by one thread, one single-threaded BLAS call per pair, so the
    result is bit-identical at any thread count. The caller checks the
    shapes and indices.
    """
    cdef Py_ssize_t groups = starts.shape[0] - 1
    cdef Py_ssize_t m = out.shape[1] if out_axis == 0 else out.shape[0]
    cdef Py_ssize_t n = out.shape[2]
    cdef Py_ssize_t a_rows = a.shape[1] if a_axis == 0 else a.shape[0]
    cdef Py_ssize_t k = a_rows if trans_a else a.shape[2]
    cdef int lda = <int>(a.shape[2] if a_axis == 0 else a.shape[1] * a.shape[2])
    cdef int ldb = <int>(b.shape[2] if b_axis == 0 else b.shape[1] * b.shape[2])
    cdef int ldc = <int>(out.shape[2] if out_axis == 0 else out.shape[1] * out.shape[2])
    cdef Py_ssize_t g, p, r
    cdef real* c
    if groups <= 0 or m == 0 or n == 0:
        return
    cdef int threads = <int>min(<Py_ssize_t>n_threads, groups)
    cdef const real* a0 = &a[0, 0, 0] if a.size else NULL
    cdef const real* b0 = &b[0, 0, 0] if b.size else NULL
    cdef real* out0 = &out[0, 0, 0]
    with nogil:
        for g in prange(groups, schedule='static', chunksize=1, num_threads=threads):
            c = out0 + _offset(out_axis, g, out.shape[1], n)
            if starts[g] == starts[g + 1] or k == 0:
                for r in range(m):
                    for p in range(n):
                        c[r * ldc + p] = 0
                continue
            for p in range(starts[g], starts[g + 1]):
                gemm(trans_a, trans_b, <int>m, <int>n, <int>k, <real>1,
                     a0 + _offset(a_axis, pairs[p, 0], a.shape[1], a.shape[2]), lda,
                     b0 + _offset(b_axis, pairs[p, 1], b.shape[1], b.shape[2]), ldb,
                     <real>(0 if p == starts[g] else 1), c, ldc)
