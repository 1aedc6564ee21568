# The loop path of conv.pyx: depthwise convolutions (one input channel per
# group), and the geometries whose padded copies would dwarf their data.
#
# For a depthwise convolution the GEMMs of the im2col path would have an
# inner dimension of only KD*KH*KW, so plain loops run over the output rows
# instead, the innermost along W (contiguous when the stride is 1). Windows
# are clipped to the input by _valid_range instead of reading a padded copy:
# there is no work buffer but the weight gradient's partial sums. That also
# makes these loops the path for a huge padding with a huge dilation or
# stride (conv3d with padding 2**30 - 1 and dilation 2**31 - 1 has a
# 1x1x1 output, and a padded copy of 2**64 elements), whatever the number
# of input channels per group (Cg): conv.pyx's _geometry sends a
# convolution here when the copy the other paths need would be oversized.
#
# conv.pyx calls _depthwise_forward_item for each (sample, output channel),
# _depthwise_backward_input_item for each (sample, input channel) and
# _depthwise_backward_weight_item for each output channel: each writes only
# its own output. With Cg = 1 the loops over the group's channels run once.
from libc.string cimport memset

from minigrad._ext._types cimport real
from minigrad._ext.conv cimport Geometry


cdef inline void _valid_range(Py_ssize_t start, Py_ssize_t step, Py_ssize_t count,
                              Py_ssize_t size, Py_ssize_t* lo, Py_ssize_t* hi) noexcept nogil:
    # The i in [lo, hi) are those of [0, count) with 0 <= start + i*step < size.
    lo[0] = 0 if start >= 0 else (-start + step - 1) // step
    hi[0] = 0 if start >= size else min(count, (size - 1 - start) // step + 1)
    if hi[0] < lo[0]:
        hi[0] = lo[0]


# Output channel o of group g = o // Og reads input channels g*Cg .. g*Cg + Cg - 1.
cdef inline void _depthwise_forward_item(const real* x, const real* w, const real* bias, real* out,
                                         const Geometry* s, Py_ssize_t n,
                                         Py_ssize_t o) noexcept nogil:
    cdef const real* x_g = x + (n * s.C + o // s.Og * s.Cg) * s.DHW
    cdef Py_ssize_t taps = s.KD * s.KH * s.KW
    cdef real* dst = out + (n * s.O + o) * s.L
    cdef Py_ssize_t r, c, od, oh, kd, kh, kw, id_, ih, iw0, lo, hi, ow
    cdef const real* src
    cdef const real* w_c
    cdef real wv
    cdef real b0 = bias[o] if bias != NULL else 0
    for r in range(s.OD * s.OH):
        od = r // s.OH
        oh = r - od * s.OH
        for ow in range(s.OW):
            dst[ow] = b0
        for c in range(s.Cg):
            w_c = w + o * s.K + c * taps
            for kd in range(s.KD):
                id_ = od * s.sd - s.pd + kd * s.dd
                if id_ < 0 or id_ >= s.D:
                    continue
                for kh in range(s.KH):
                    ih = oh * s.sh - s.ph + kh * s.dh
                    if ih < 0 or ih >= s.H:
                        continue
                    src = x_g + c * s.DHW + (id_ * s.H + ih) * s.W
                    for kw in range(s.KW):
                        wv = w_c[(kd * s.KH + kh) * s.KW + kw]
                        iw0 = kw * s.dw - s.pw
                        _valid_range(iw0, s.sw, s.OW, s.W, &lo, &hi)
                        if s.sw == 1:
                            for ow in range(lo, hi):
                                dst[ow] += wv * src[ow + iw0]
                        else:
                            for ow in range(lo, hi):
                                dst[ow] += wv * src[ow * s.sw + iw0]
        dst += s.OW


cdef inline void _depthwise_backward_input_item(const real* gy, const real* w, real* gx,
                                                const Geometry* s, Py_ssize_t n,
                                                Py_ssize_t c) noexcept nogil:
    # gx[n, c] = sum over the Og output channels of c's group of the scattered gy.
    cdef real* gx_c = gx + (n * s.C + c) * s.DHW
    cdef Py_ssize_t g = c // s.Cg
    cdef Py_ssize_t taps = s.KD * s.KH * s.KW
    cdef Py_ssize_t o, r, od, oh, kd, kh, kw, id_, ih, iw0, lo, hi, ow
    cdef const real* src
    cdef const real* w_o
    cdef real* dst
    cdef real wv
    memset(gx_c, 0, s.DHW * sizeof(real))
    for o in range(g * s.Og, (g + 1) * s.Og):
        w_o = w + o * s.K + (c - g * s.Cg) * taps
        src = gy + (n * s.O + o) * s.L
        for r in range(s.OD * s.OH):
            od = r // s.OH
            oh = r - od * s.OH
            for kd in range(s.KD):
                id_ = od * s.sd - s.pd + kd * s.dd
                if id_ < 0 or id_ >= s.D:
                    continue
                for kh in range(s.KH):
                    ih = oh * s.sh - s.ph + kh * s.dh
                    if ih < 0 or ih >= s.H:
                        continue
                    dst = gx_c + (id_ * s.H + ih) * s.W
                    for kw in range(s.KW):
                        wv = w_o[(kd * s.KH + kh) * s.KW + kw]
                        iw0 = kw * s.dw - s.pw
                        _valid_range(iw0, s.sw, s.OW, s.W, &lo, &hi)
                        if s.sw == 1:
                            for ow in range(lo, hi):
                                dst[ow + iw0] += wv * src[ow]
                        else:
                            for ow in range(lo, hi):
                                dst[ow * s.sw + iw0] += wv * src[ow]
            src += s.OW


cdef inline void _depthwise_backward_weight_item(const real* x, const real* gy, real* gw,
                                                 real* lanes, double* acc, const Geometry* s,
                                                 Py_ssize_t o) noexcept nogil:
    # gw[o, c, tap] = sum over samples and output positions of gy * x under the tap.
    # A dot product per row would be a serial reduction (the compiler may not
    # reorder float sums); instead each tap keeps one partial sum per output
    # column, lanes[tap, ow], updated by an elementwise loop that vectorises.
    # Each sample's lanes are then added, in order, into a double per tap.
    # lanes holds KD*KH*KW*OW values and acc KD*KH*KW: one input channel c
    # of the group at a time.
    cdef Py_ssize_t n, c, r, od, oh, kd, kh, kw, id_, ih, iw0, lo, hi, ow, tap
    cdef Py_ssize_t taps = s.KD * s.KH * s.KW
    cdef const real* x_c
    cdef const real* src
    cdef const real* row
    cdef real* lane
    cdef double total
    for c in range(s.Cg):
        for tap in range(taps):
            acc[tap] = 0
        for n in range(s.N):
            memset(lanes, 0, taps * s.OW * sizeof(real))
            row = gy + (n * s.O + o) * s.L
            x_c = x + (n * s.C + o // s.Og * s.Cg + c) * s.DHW
            for r in range(s.OD * s.OH):
                od = r // s.OH
                oh = r - od * s.OH
                for kd in range(s.KD):
                    id_ = od * s.sd - s.pd + kd * s.dd
                    if id_ < 0 or id_ >= s.D:
                        continue
                    for kh in range(s.KH):
                        ih = oh * s.sh - s.ph + kh * s.dh
                        if ih < 0 or ih >= s.H:
                            continue
                        src = x_c + (id_ * s.H + ih) * s.W
                        for kw in range(s.KW):
                            iw0 = kw * s.dw - s.pw
                            _valid_range(iw0, s.sw, s.OW, s.W, &lo, &hi)
                            lane = lanes + ((kd * s.KH + kh) * s.KW + kw) * s.OW
                            if s.sw == 1:
                                for ow in range(lo, hi):
                                    lane[ow] += row[ow] * src[ow + iw0]
                            else:
                                for ow in range(lo, hi):
                                    lane[ow] += row[ow] * src[ow * s.sw + iw0]
                row += s.OW
            for tap in range(taps):
                total = 0
                for ow in range(s.OW):
                    total += lanes[tap * s.OW + ow]
                acc[tap] += total
        for tap in range(taps):
            gw[o * s.K + c * taps + tap] = <real>acc[tap]
