"""Differentiable operations, by family.

Each module validates arguments, computes with NumPy or a compiled kernel of
``minigrad._ext``, and defines the backward beside the forward.
"""
