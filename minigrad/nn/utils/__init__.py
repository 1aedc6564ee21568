"""Utilities on parameters and gradients: clipping, flattening, and conv-batch-norm fusion."""
from minigrad.nn.utils.clip_grad import (
    clip_grad_norm_,
    clip_grad_value_,
    clip_grads_with_norm_,
    get_total_norm,
)
from minigrad.nn.utils.convert_parameters import parameters_to_vector, vector_to_parameters
from minigrad.nn.utils.fusion import fuse_conv_bn, fuse_conv_bn_eval

__all__ = [
    "clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_", "get_total_norm",
    "parameters_to_vector", "vector_to_parameters",
    "fuse_conv_bn", "fuse_conv_bn_eval",
]
