"""Linear algebra, as ``torch.linalg``: vector and matrix norms, singular values.

The functions live in :mod:`minigrad.ops.linalg`; this module is the public
namespace (``minigrad.linalg.norm`` is ``torch.linalg.norm``, which differs
from ``minigrad.norm``, PyTorch's older ``torch.norm``).
"""
from minigrad.ops.linalg import linalg_norm as norm
from minigrad.ops.linalg import matrix_norm, svdvals, vector_norm

__all__ = ["norm", "vector_norm", "matrix_norm", "svdvals"]
