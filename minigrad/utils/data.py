"""``minigrad.utils.data``: the data-loading names at PyTorch's import path.

PyTorch keeps its datasets and loaders in ``torch.utils.data``; minigrad keeps
them in :mod:`minigrad.data`. This module exports the same objects (not
copies: ``minigrad.utils.data.DataLoader is minigrad.data.DataLoader``), so
``from torch.utils.data import DataLoader, TensorDataset`` ports by changing
``torch`` to ``minigrad``.

Examples
--------
>>> import minigrad
>>> from minigrad.utils.data import DataLoader, TensorDataset, random_split
>>> ds = TensorDataset(minigrad.arange(10.0).reshape(5, 2), minigrad.arange(5))
>>> train, val = random_split(ds, [4, 1])
>>> [len(y) for _, y in DataLoader(train, batch_size=3)]
[3, 1]
"""
from minigrad.data import *
from minigrad.data import __all__  # noqa: F401
