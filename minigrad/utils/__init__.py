"""Looking inside a model: :func:`summary` (shapes, parameters, multiply-adds, memory,
receptive fields) and, with the optional ``viz`` extra (matplotlib), the pictures of
:mod:`minigrad.utils.viz`.
"""
from minigrad.utils.summary import ModelSummary, summary

__all__ = ["ModelSummary", "summary"]
