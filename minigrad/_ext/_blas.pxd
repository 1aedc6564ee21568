from minigrad._ext._types cimport real

# Row-major C = alpha * op(A) @ op(B) + beta * C on C-contiguous buffers.
cdef void gemm(bint trans_a, bint trans_b, int m, int n, int k,
               real alpha, const real* a, int lda,
               const real* b, int ldb,
               real beta, real* c, int ldc) noexcept nogil

# The same product with C column-major: c[i + j * ldc] = C[i, j].
cdef void gemm_columns(bint trans_a, bint trans_b, int m, int n, int k,
                       real alpha, const real* a, int lda,
                       const real* b, int ldb,
                       real beta, real* c, int ldc) noexcept nogil
