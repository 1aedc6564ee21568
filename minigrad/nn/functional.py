"""The functional interface, as ``torch.nn.functional``: ``import minigrad.nn.functional as F``.

Every function here is stateless; the modules of :mod:`minigrad.nn` hold the
parameters and call these. Each is defined, with its one docstring, in the op
family of :mod:`minigrad.ops` it belongs to (``F.conv2d`` in
``minigrad/ops/conv.py`` beside its Function, whose kernels are in
``minigrad/_ext/conv.pyx``); this module only gathers them.

``inplace=True`` writes the result into the input and returns the input,
so code written for PyTorch behaves the same; in minigrad it saves no
memory (the result is computed out of place, then copied).
"""
from minigrad.ops.activation import (
    celu,
    elu,
    gelu,
    glu,
    hardsigmoid,
    hardswish,
    hardtanh,
    leaky_relu,
    log_softmax,
    logsigmoid,
    mish,
    prelu,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softmax,
    softmin,
    softplus,
    softsign,
    tanh,
)
from minigrad.ops.conv import (
    conv1d,
    conv2d,
    conv3d,
    conv_transpose1d,
    conv_transpose2d,
    conv_transpose3d,
)
from minigrad.ops.distance import cosine_similarity, normalize, pairwise_distance
from minigrad.ops.dropout import alpha_dropout, dropout, dropout1d, dropout2d, dropout3d
from minigrad.ops.embedding import embedding, one_hot
from minigrad.ops.linear import bilinear, linear
from minigrad.ops.loss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cosine_embedding_loss,
    cross_entropy,
    gaussian_nll_loss,
    huber_loss,
    kl_div,
    l1_loss,
    margin_ranking_loss,
    mse_loss,
    multilabel_soft_margin_loss,
    nll_loss,
    poisson_nll_loss,
    smooth_l1_loss,
    triplet_margin_loss,
)
from minigrad.ops.norm import batch_norm, group_norm, instance_norm, layer_norm, local_response_norm
from minigrad.ops.patches import fold, pixel_shuffle, pixel_unshuffle, unfold
from minigrad.ops.pool import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_avg_pool3d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    adaptive_max_pool3d,
    avg_pool1d,
    avg_pool2d,
    avg_pool3d,
    lp_pool1d,
    lp_pool2d,
    lp_pool3d,
    max_pool1d,
    max_pool2d,
    max_pool3d,
    max_unpool1d,
    max_unpool2d,
    max_unpool3d,
)
from minigrad.ops.resample import interpolate, upsample, upsample_bilinear, upsample_nearest
from minigrad.ops.shape import pad

__all__ = [
    # linear
    "linear", "bilinear",
    # convolution
    "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    # pooling
    "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "max_unpool1d", "max_unpool2d", "max_unpool3d",
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
    "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d",
    "lp_pool1d", "lp_pool2d", "lp_pool3d",
    # normalization
    "batch_norm", "layer_norm", "group_norm", "instance_norm", "local_response_norm",
    # dropout
    "dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
    # activations
    "relu", "relu6", "leaky_relu", "elu", "gelu", "silu", "sigmoid", "tanh", "hardswish",
    "softplus", "softmax", "log_softmax",
    "hardsigmoid", "mish", "prelu", "glu", "softmin",
    "selu", "celu", "hardtanh", "softsign", "logsigmoid",
    # padding and resampling
    "pad", "interpolate", "upsample", "upsample_nearest", "upsample_bilinear",
    # sliding blocks and sub-pixel rearrangements
    "unfold", "fold", "pixel_shuffle", "pixel_unshuffle",
    # losses
    "cross_entropy", "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits",
    "kl_div", "margin_ranking_loss", "triplet_margin_loss", "cosine_embedding_loss",
    "multilabel_soft_margin_loss", "poisson_nll_loss", "gaussian_nll_loss",
    # embeddings and distances
    "embedding", "one_hot", "normalize", "pairwise_distance", "cosine_similarity",
]
