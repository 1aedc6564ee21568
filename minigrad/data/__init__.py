"""Datasets and data loading: ``Dataset``, ``TensorDataset``, ``DataLoader``, ``MNIST`` ...

Examples
--------
>>> import minigrad
>>> from minigrad.data import DataLoader, TensorDataset
>>> _ = minigrad.manual_seed(0)
>>> ds = TensorDataset(minigrad.randn(6, 3), minigrad.arange(6))
>>> for x, y in DataLoader(ds, batch_size=4, shuffle=True):
...     print(x.shape, y.dtype)
minigrad.Size([4, 3]) int64
minigrad.Size([2, 3]) int64
"""
from minigrad.data._workers import get_worker_info
from minigrad.data.dataloader import DataLoader, default_collate
from minigrad.data.dataset import ConcatDataset, Dataset, Subset, TensorDataset, random_split
from minigrad.data.idx import IDXError, read_idx
from minigrad.data.mnist import MNIST, ChecksumError
from minigrad.data.sampler import (
    BatchSampler,
    DistributedSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
)

__all__ = [
    "MNIST",
    "BatchSampler",
    "ChecksumError",
    "ConcatDataset",
    "DataLoader",
    "Dataset",
    "DistributedSampler",
    "IDXError",
    "RandomSampler",
    "Sampler",
    "SequentialSampler",
    "Subset",
    "SubsetRandomSampler",
    "TensorDataset",
    "default_collate",
    "get_worker_info",
    "random_split",
    "read_idx",
]
