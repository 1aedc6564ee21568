"""Export a model to ONNX by recording one forward pass.

Needs the ``onnx`` package (``pip install minigrad[onnx]``); the rest of
minigrad does not.
"""
from minigrad.onnx.export import UnsupportedOperatorError, export

__all__ = ["export", "UnsupportedOperatorError"]
