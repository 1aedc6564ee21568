"""A row-major GEMM over SciPy's BLAS, callable without the GIL.

BLAS is column-major. A row-major ``C = op(A) @ op(B)`` is the column-major
``C^T = op(B)^T @ op(A)^T``, so the wrapper swaps A and B and passes the same
transpose flags: callers think only in C order.
"""
from cython.parallel cimport prange
from scipy.linalg.cython_blas cimport sgemm, dgemm

from minigrad._ext._types cimport real


cdef void gemm(bint trans_a, bint trans_b, int m, int n, int k,
               real alpha, const real* a, int lda,
               const real* b, int ldb,
               real beta, real* c, int ldc) noexcept nogil:
    cdef char ta = b'T' if trans_a else b'N'
    cdef char tb = b'T' if trans_b else b'N'
    if real is float:
        sgemm(&tb, &ta, &n, &m, &k, &alpha, <float*>b, &ldb, <float*>a, &lda, &beta, c, &ldc)
    else:
        dgemm(&tb, &ta, &n, &m, &k, &alpha, <double*>b, &ldb, <double*>a, &lda, &beta, c, &ldc)


def gemm_check(const real[:, ::1] a, const real[:, ::1] b, real[:, ::1] out):
    """``out = a @ b`` through :c:func:`gemm`; kept for the tests of the wrapper."""
    gemm(False, False, a.shape[0], b.shape[1], a.shape[1], <real>1, &a[0, 0], a.shape[1],
         &b[0, 0], b.shape[1], <real>0, &out[0, 0], out.shape[1])


# Below this many multiply-adds a GEMM runs as one call: threads would cost more than they save.
cdef enum:
    _SPLIT_MIN_MACS = 1 << 21
    _MIN_PIECE = 64
    _MAX_PIECES = 8


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
    (see ``_pieces``); threads take the pieces in static order.
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
    with nogil:
        for piece in prange(pieces, schedule='static', num_threads=threads):
            start = extent * piece // pieces
            size = extent * (piece + 1) // pieces - start
            if split_rows:
                gemm(trans_a, trans_b, <int>size, <int>n, <int>k, <real>1,
                     &a[0, start] if trans_a else &a[start, 0], lda,
                     &b[0, 0], ldb, <real>0, &out[start, 0], <int>n)
            else:
                gemm(trans_a, trans_b, <int>m, <int>size, <int>k, <real>1,
                     &a[0, 0], lda, &b[start, 0] if trans_b else &b[0, start], ldb,
                     <real>0, &out[0, start], <int>n)
