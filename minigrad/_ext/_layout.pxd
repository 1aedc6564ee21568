# Checks of array layouts that kernels take in place of full C-contiguity.


cdef inline bint blocks_apart(Py_ssize_t* shape, Py_ssize_t* strides, int ndim,
                              Py_ssize_t itemsize) noexcept:
    # Whether each block ``a[i]`` of an ``ndim``-d array is C-contiguous, the
    # blocks at least a block apart and on whole elements. (Axes of one
    # element may have any stride: nothing steps along them.)
    cdef Py_ssize_t block = itemsize
    cdef int d
    for d in range(ndim):
        if shape[d] == 0:
            return True
    for d in range(ndim - 1, 0, -1):
        if shape[d] > 1 and strides[d] != block:
            return False
        block *= shape[d]
    return shape[0] == 1 or (strides[0] >= block and strides[0] % itemsize == 0)
