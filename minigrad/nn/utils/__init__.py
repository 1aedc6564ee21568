"""Utilities on parameters and gradients: clipping, flattening, conv-batch-norm fusion,
and weight reparametrizations (weight norm, spectral norm, ``parametrize``)."""
from minigrad.nn.utils.clip_grad import (
    clip_grad_norm_,
    clip_grad_value_,
    clip_grads_with_norm_,
    get_total_norm,
)
from minigrad.nn.utils.convert_parameters import parameters_to_vector, vector_to_parameters
from minigrad.nn.utils.fusion import fuse_conv_bn, fuse_conv_bn_eval
# Submodules, reached as nn.utils.parametrize and nn.utils.parametrizations as in PyTorch.
from minigrad.nn.utils import parametrizations, parametrize  # noqa: I001, F401
from minigrad.nn.utils.spectral_norm import remove_spectral_norm, spectral_norm
from minigrad.nn.utils.weight_norm import remove_weight_norm, weight_norm

__all__ = [
    "clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_", "get_total_norm",
    "parameters_to_vector", "vector_to_parameters",
    "fuse_conv_bn", "fuse_conv_bn_eval",
    "weight_norm", "remove_weight_norm", "spectral_norm", "remove_spectral_norm",
]
