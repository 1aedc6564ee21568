# The geometry of one convolution, shared by conv.pyx, which computes it,
# and the files of its three paths (conv_direct.pxd, conv_im2col.pxd,
# conv_depthwise.pxd), which read it.

cdef struct Geometry:
    # One convolution, as seen from its (non-transposed) forward direction.
    Py_ssize_t N, C, D, H, W            # input
    Py_ssize_t O, KD, KH, KW            # weight (O, Cg, KD, KH, KW)
    Py_ssize_t OD, OH, OW               # output spatial size
    Py_ssize_t sd, sh, sw, pd, ph, pw, dd, dh, dw
    Py_ssize_t groups, Cg, Og
    Py_ssize_t K                        # Cg * KD * KH * KW: rows of a column buffer
    Py_ssize_t L                        # OD * OH * OW: output positions per channel
    Py_ssize_t DHW                      # input positions per channel
    Py_ssize_t tile, n_tiles            # output positions per tile, tiles per (sample, group)
    bint pointwise                      # 1x1 kernel, unit stride, no padding: no im2col
    bint loops                          # the loop path: depthwise, or padding dwarfs data
    Py_ssize_t Dp, Hp, Wp               # a sample's size with its zero padding on both sides
    Py_ssize_t padded_size              # Cg * Dp * Hp * Wp
    Py_ssize_t columns_size             # K * tile, or 0 when there is nothing to unfold
    Py_ssize_t work_size                # per-thread workspace: padded, columns, GEMM result
    Py_ssize_t lanes_size               # KD * KH * KW * OW: the loop path's partial sums
