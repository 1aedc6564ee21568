"""Every function of ``nn.functional`` lives in the ``ops`` module of its family.

STYLE's two-hop rule: from a public name a reader reaches its forward, its
backward and its kernel in at most two files. That holds when the function
is defined beside its Functions (``ops/<family>.py``), which call
``_ext/<family>.pyx``; a wrapper in ``nn/functional.py`` would add a hop.
"""
import inspect

import pytest

import minigrad.nn.functional as F
from minigrad.autograd import Function

FAMILIES = {
    "minigrad.ops.linear": ["linear", "bilinear"],
    "minigrad.ops.conv": ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                          "conv_transpose3d"],
    "minigrad.ops.pool": [
        f"{kind}{n}d" for kind in ("max_pool", "avg_pool", "max_unpool", "adaptive_avg_pool",
                                   "adaptive_max_pool", "lp_pool") for n in (1, 2, 3)
    ],
    "minigrad.ops.norm": ["batch_norm", "layer_norm", "group_norm", "instance_norm",
                          "local_response_norm"],
    "minigrad.ops.dropout": ["dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout"],
    "minigrad.ops.activation": ["relu", "relu6", "leaky_relu", "elu", "gelu", "silu", "sigmoid",
                                "tanh", "hardswish", "softplus", "softmax", "log_softmax",
                                "hardsigmoid", "mish", "prelu", "glu", "softmin", "selu",
                                "celu", "hardtanh", "softsign", "logsigmoid"],
    "minigrad.ops.shape": ["pad"],
    "minigrad.ops.patches": ["unfold", "fold", "pixel_shuffle", "pixel_unshuffle"],
    "minigrad.ops.loss": ["cross_entropy", "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss",
                          "huber_loss", "binary_cross_entropy",
                          "binary_cross_entropy_with_logits", "kl_div", "margin_ranking_loss",
                          "triplet_margin_loss", "cosine_embedding_loss",
                          "multilabel_soft_margin_loss", "poisson_nll_loss", "gaussian_nll_loss"],
    "minigrad.ops.embedding": ["embedding", "one_hot"],
    "minigrad.ops.distance": ["normalize", "pairwise_distance", "cosine_similarity"],
    "minigrad.ops.resample": ["interpolate", "upsample", "upsample_nearest", "upsample_bilinear"],
}
FAMILY_OF = {name: module for module, names in FAMILIES.items() for name in names}


def test_every_public_function_has_a_family():
    assert sorted(F.__all__) == sorted(FAMILY_OF)


@pytest.mark.parametrize("name", sorted(FAMILY_OF))
def test_public_function_is_defined_in_its_family_module(name):
    fn = getattr(F, name)
    assert inspect.isfunction(fn)
    assert fn.__module__ == FAMILY_OF[name], (
        f"F.{name} is defined in {fn.__module__}, expected {FAMILY_OF[name]}"
    )


@pytest.mark.parametrize("module", sorted(FAMILIES))
def test_family_module_holds_its_functions(module):
    """Forward and backward are a hop from the public name: in the same module."""
    namespace = vars(inspect.getmodule(getattr(F, FAMILIES[module][0])))
    defined_here = [obj for obj in namespace.values()
                    if inspect.isclass(obj) and issubclass(obj, Function)
                    and obj.__module__ == module]
    assert defined_here, f"{module} defines no Function"


def test_nn_functional_defines_nothing_itself():
    defined = [name for name, obj in vars(F).items()
               if (inspect.isfunction(obj) or inspect.isclass(obj))
               and obj.__module__ == F.__name__]
    assert defined == []
