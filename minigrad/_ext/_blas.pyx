"""The row-major GEMM over SciPy's BLAS that the kernels cimport, callable without the GIL.

Private to ``_ext``: ``matmul.pyx`` and ``conv_im2col.pxd`` call it.

BLAS is column-major. A row-major ``C = op(A) @ op(B)`` is the column-major
``C^T = op(B)^T @ op(A)^T``, so ``gemm`` swaps A and B and passes the same
transpose flags: callers think only in C order. ``gemm_columns`` writes C
itself column-major (its transpose, for a row-major reader), with A and B
in their own places: for a short, wide C, OpenBLAS packs and runs that
orientation faster (see ``matmul.pyx``).
"""
from scipy.linalg.cython_blas cimport sgemm, dgemm

from minigrad._ext._types cimport real


cdef void gemm_columns(bint trans_a, bint trans_b, int m, int n, int k,
                       real alpha, const real* a, int lda,
                       const real* b, int ldb,
                       real beta, real* c, int ldc) noexcept nogil:
    # A row-major op(A) is the transpose of what BLAS reads at its address,
    # so each flag flips; A stays first.
    cdef char ta = b'N' if trans_a else b'T'
    cdef char tb = b'N' if trans_b else b'T'
    if real is float:
        sgemm(&ta, &tb, &m, &n, &k, &alpha, <float*>a, &lda, <float*>b, &ldb, &beta, c, &ldc)
    else:
        dgemm(&ta, &tb, &m, &n, &k, &alpha, <double*>a, &lda, <double*>b, &ldb, &beta, c, &ldc)


cdef void gemm(bint trans_a, bint trans_b, int m, int n, int k,
               real alpha, const real* a, int lda,
               const real* b, int ldb,
               real beta, real* c, int ldc) noexcept nogil:
    # Row-major C is column-major C^T = op(B)^T op(A)^T, and op(B)^T is B
    # with its flag flipped.
    gemm_columns(not trans_b, not trans_a, n, m, k, alpha, b, ldb, a, lda, beta, c, ldc)


def gemm_check(const real[:, ::1] a, const real[:, ::1] b, real[:, ::1] out):
    """``out = a @ b`` through :c:func:`gemm`; kept for the tests of the wrapper."""
    gemm(False, False, a.shape[0], b.shape[1], a.shape[1], <real>1, &a[0, 0], a.shape[1],
         &b[0, 0], b.shape[1], <real>0, &out[0, 0], out.shape[1])


def gemm_columns_check(const real[:, ::1] a, bint trans_a, const real[:, ::1] b, bint trans_b,
                       real[:, ::1] out_t):
    """``out_t = (op(a) @ op(b)).T`` through :c:func:`gemm_columns`, for its tests."""
    cdef int m = out_t.shape[1], n = out_t.shape[0]
    cdef int k = a.shape[0] if trans_a else a.shape[1]
    gemm_columns(trans_a, trans_b, m, n, k, <real>1, &a[0, 0], a.shape[1], &b[0, 0],
                 b.shape[1], <real>0, &out_t[0, 0], m)
