"""The row-major GEMM over SciPy's BLAS that the kernels cimport, callable without the GIL.

Private to ``_ext``: ``matmul.pyx`` and ``conv_im2col.pxd`` call it.

BLAS is column-major. A row-major ``C = op(A) @ op(B)`` is the column-major
``C^T = op(B)^T @ op(A)^T``, so the wrapper swaps A and B and passes the same
transpose flags: callers think only in C order.
"""
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
