"""Looking inside a model: :func:`summary` (shapes, parameters, multiply-adds, memory,
receptive fields) and, with the optional ``viz`` extra (matplotlib), the pictures of
:mod:`minigrad.utils.viz`. :mod:`minigrad.utils.data` is :mod:`minigrad.data` at
PyTorch's import path (``torch.utils.data``).
"""
from minigrad.utils import data
from minigrad.utils.summary import ModelSummary, summary

__all__ = ["ModelSummary", "summary"]
