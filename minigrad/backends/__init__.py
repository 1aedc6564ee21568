"""``minigrad.backends``: the switches of ``torch.backends`` for libraries minigrad does not use.

PyTorch scripts tune GPU libraries at their start
(``torch.backends.cudnn.benchmark = True``) or ask whether Apple's GPU is
there (``torch.backends.mps.is_available()``). minigrad computes on CPUs with
its own kernels, so :mod:`minigrad.backends.cudnn`,
:mod:`minigrad.backends.cuda` and :mod:`minigrad.backends.mps` accept those
lines and change nothing.

Examples
--------
>>> import minigrad
>>> minigrad.backends.cudnn.benchmark = True
>>> minigrad.backends.mps.is_available()
False
"""
from minigrad.backends import cuda, cudnn, mps

__all__ = ["cuda", "cudnn", "mps"]
