"""Pooling over 1, 2 or 3 spatial dimensions: max, average, adaptive, power-average, unpooling.

Every public function follows its PyTorch namesake (names, signatures,
defaults, output sizes, tie and NaN rules). It validates its arguments,
works out the output size and one *window table* per spatial dimension
(see ``minigrad/_ext/pool.pyx``), and runs one of four differentiable ops:
:class:`MaxPool` (plain and adaptive max pooling), :class:`AvgPool` (plain
and adaptive average pooling), :class:`MaxUnpool`; the power-average
``lp_pool`` is composed from average pooling and ``pow``. 1-d and 2-d pooling
run the 3-d kernels with unit leading dimensions.

Inputs are ``(N, C, *spatial)`` or unbatched ``(C, *spatial)``, float32 or
float64 (integer inputs raise ``TypeError``, where PyTorch also pools
integers).
"""
from minigrad.ops.pool.adaptive_pool import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_avg_pool3d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    adaptive_max_pool3d,
)
from minigrad.ops.pool.avg_pool import (
    avg_pool1d,
    avg_pool2d,
    avg_pool3d,
)
from minigrad.ops.pool.lp_pool import (
    lp_pool1d,
    lp_pool2d,
    lp_pool3d,
)
from minigrad.ops.pool.max_pool import (
    max_pool1d,
    max_pool2d,
    max_pool3d,
)
from minigrad.ops.pool.max_unpool import (
    max_unpool1d,
    max_unpool2d,
    max_unpool3d,
)

__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_max_pool3d",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "lp_pool1d",
    "lp_pool2d",
    "lp_pool3d",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
    "max_unpool1d",
    "max_unpool2d",
    "max_unpool3d",
]
