"""A layer's constructor and its functional twin reject the same bad argument alike.

Both go through ``minigrad.ops._args`` (or the family's own checks built on
it), so the same mistake raises the same exception type (TypeError for a
wrong type, ValueError for a bad value), and each message names the op and
the argument.
"""
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad import nn

X1 = minigrad.zeros(1, 2, 8)
X2 = minigrad.zeros(1, 2, 8, 8)
X3 = minigrad.zeros(1, 2, 4, 4, 4)
W2 = minigrad.zeros(2, 2, 3, 3)
IDX = minigrad.tensor([0, 1])
EMB = minigrad.zeros(5, 3)
V = minigrad.ones(2, 3)


def _conv2d(**kwargs):
    return F.conv2d(X2, W2, **kwargs)


def _conv_transpose2d(**kwargs):
    return F.conv_transpose2d(X2, W2, **kwargs)


def _unpool2d(kernel_size, **kwargs):
    indices = minigrad.zeros(1, 2, 2, 2, dtype=minigrad.int64)
    return F.max_unpool2d(minigrad.zeros(1, 2, 2, 2), indices, kernel_size, **kwargs)


# (layer constructor, functional call, the argument the message names, expected exception)
CASES = [
    # pooling: window sizes
    (lambda: nn.MaxPool2d(2.5), lambda: F.max_pool2d(X2, 2.5), "kernel_size", TypeError),
    (lambda: nn.MaxPool2d(True), lambda: F.max_pool2d(X2, True), "kernel_size", TypeError),
    (lambda: nn.MaxPool2d("2"), lambda: F.max_pool2d(X2, "2"), "kernel_size", TypeError),
    (lambda: nn.MaxPool2d(0), lambda: F.max_pool2d(X2, 0), "kernel_size", ValueError),
    (lambda: nn.MaxPool2d((2, 2, 2)), lambda: F.max_pool2d(X2, (2, 2, 2)), "kernel_size",
     ValueError),
    (lambda: nn.MaxPool1d(2, stride=1.5), lambda: F.max_pool1d(X1, 2, stride=1.5), "stride",
     TypeError),
    (lambda: nn.MaxPool1d(2, stride=0), lambda: F.max_pool1d(X1, 2, stride=0), "stride",
     ValueError),
    (lambda: nn.MaxPool3d(2, padding=-1), lambda: F.max_pool3d(X3, 2, padding=-1), "padding",
     ValueError),
    (lambda: nn.MaxPool2d(2, padding=2), lambda: F.max_pool2d(X2, 2, padding=2), "padding",
     ValueError),
    (lambda: nn.MaxPool2d(2, dilation=0.5), lambda: F.max_pool2d(X2, 2, dilation=0.5),
     "dilation", TypeError),
    (lambda: nn.MaxPool2d(2, dilation=0), lambda: F.max_pool2d(X2, 2, dilation=0), "dilation",
     ValueError),
    (lambda: nn.AvgPool1d(2.0), lambda: F.avg_pool1d(X1, 2.0), "kernel_size", TypeError),
    (lambda: nn.AvgPool1d(2, stride=0), lambda: F.avg_pool1d(X1, 2, stride=0), "stride",
     ValueError),
    (lambda: nn.AvgPool2d(2, padding=[1.0]), lambda: F.avg_pool2d(X2, 2, padding=[1.0]),
     "padding", TypeError),
    (lambda: nn.AvgPool2d(2, divisor_override=0), lambda: F.avg_pool2d(X2, 2, divisor_override=0),
     "divisor_override", ValueError),
    (lambda: nn.AvgPool3d(2, divisor_override=1.5),
     lambda: F.avg_pool3d(X3, 2, divisor_override=1.5), "divisor_override", TypeError),
    (lambda: nn.AdaptiveAvgPool2d(2.5), lambda: F.adaptive_avg_pool2d(X2, 2.5), "output_size",
     TypeError),
    (lambda: nn.AdaptiveAvgPool2d((2, 2, 2)), lambda: F.adaptive_avg_pool2d(X2, (2, 2, 2)),
     "output_size", ValueError),
    (lambda: nn.AdaptiveMaxPool1d(-1), lambda: F.adaptive_max_pool1d(X1, -1), "output_size",
     ValueError),
    (lambda: nn.AdaptiveMaxPool3d(None), lambda: F.adaptive_max_pool3d(X3, None), "output_size",
     TypeError),
    (lambda: nn.MaxUnpool2d(1.5), lambda: _unpool2d(1.5), "kernel_size", TypeError),
    (lambda: nn.MaxUnpool2d(0), lambda: _unpool2d(0), "kernel_size", ValueError),
    (lambda: nn.LPPool2d("2", 2), lambda: F.lp_pool2d(X2, "2", 2), "norm_type", TypeError),
    (lambda: nn.LPPool2d(0, 2), lambda: F.lp_pool2d(X2, 0, 2), "norm_type", ValueError),
    (lambda: nn.LPPool1d(2, 2.5), lambda: F.lp_pool1d(X1, 2, 2.5), "kernel_size", TypeError),
    # convolutions
    (lambda: nn.Conv2d(2, 2, 3, stride=1.5), lambda: _conv2d(stride=1.5), "stride", TypeError),
    (lambda: nn.Conv2d(2, 2, 3, stride=0), lambda: _conv2d(stride=0), "stride", ValueError),
    (lambda: nn.Conv2d(2, 2, 3, stride=(1, 1, 1)), lambda: _conv2d(stride=(1, 1, 1)), "stride",
     ValueError),
    (lambda: nn.Conv2d(2, 2, 3, padding=-1), lambda: _conv2d(padding=-1), "padding", ValueError),
    (lambda: nn.Conv2d(2, 2, 3, padding=None), lambda: _conv2d(padding=None), "padding",
     TypeError),
    (lambda: nn.Conv2d(2, 2, 3, padding="full"), lambda: _conv2d(padding="full"), "padding",
     ValueError),
    (lambda: nn.Conv2d(2, 2, 3, dilation=0), lambda: _conv2d(dilation=0), "dilation", ValueError),
    (lambda: nn.Conv2d(2, 2, 3, groups=1.0), lambda: _conv2d(groups=1.0), "groups", TypeError),
    (lambda: nn.Conv2d(2, 2, 3, groups=0), lambda: _conv2d(groups=0), "groups", ValueError),
    (lambda: nn.ConvTranspose2d(2, 2, 3, padding="same"),
     lambda: _conv_transpose2d(padding="same"), "padding", TypeError),
    (lambda: nn.ConvTranspose2d(2, 2, 3, output_padding=0.5),
     lambda: _conv_transpose2d(output_padding=0.5), "output_padding", TypeError),
    # dropout
    (lambda: nn.Dropout(1.5), lambda: F.dropout(X1, 1.5), "dropout probability", ValueError),
    (lambda: nn.Dropout("0.5"), lambda: F.dropout(X1, "0.5"), "p", TypeError),
    (lambda: nn.Dropout2d(-0.1), lambda: F.dropout2d(X2, -0.1), "dropout probability",
     ValueError),
    (lambda: nn.Dropout1d(None), lambda: F.dropout1d(X1, None), "p", TypeError),
    (lambda: nn.AlphaDropout(1.5), lambda: F.alpha_dropout(X1, 1.5), "dropout probability",
     ValueError),
    (lambda: nn.AlphaDropout("0.5"), lambda: F.alpha_dropout(X1, "0.5"), "p", TypeError),
    # activations
    (lambda: nn.CELU(0), lambda: F.celu(X1, 0), "alpha", ValueError),
    (lambda: nn.CELU("1"), lambda: F.celu(X1, "1"), "alpha", TypeError),
    (lambda: nn.Hardtanh(1.0, -1.0), lambda: F.hardtanh(X1, 1.0, -1.0), "max_val", ValueError),
    (lambda: nn.Hardtanh(None), lambda: F.hardtanh(X1, None), "min_val", TypeError),
    # padding
    (lambda: nn.ZeroPad2d(1.5), lambda: F.pad(X2, (1.5, 1.5, 1.5, 1.5)), "pad", TypeError),
    (lambda: nn.ReflectionPad1d((1, 1, 1)), lambda: F.pad(X1, (1, 1, 1), mode="reflect"), "pad",
     ValueError),
    # normalization
    (lambda: nn.GroupNorm(1.5, 2), lambda: F.group_norm(X2, 1.5), "num_groups", TypeError),
    (lambda: nn.LocalResponseNorm(2.0), lambda: F.local_response_norm(X2, 2.0), "size", TypeError),
    (lambda: nn.LocalResponseNorm(0), lambda: F.local_response_norm(X2, 0), "size", ValueError),
    (lambda: nn.BatchNorm2d(2, momentum="a"),
     lambda: F.batch_norm(X2, None, None, training=True, momentum="a"), "momentum", TypeError),
    # embeddings, distances and losses
    (lambda: nn.Embedding(5, 3, padding_idx=5),
     lambda: F.embedding(IDX, EMB, padding_idx=5), "padding_idx", ValueError),
    (lambda: nn.Embedding(5, 3, padding_idx=1.5),
     lambda: F.embedding(IDX, EMB, padding_idx=1.5), "padding_idx", TypeError),
    (lambda: nn.PairwiseDistance(p="2"), lambda: F.pairwise_distance(V, V, p="2"), "p",
     TypeError),
    (lambda: nn.CosineSimilarity(eps=None), lambda: F.cosine_similarity(V, V, eps=None), "eps",
     TypeError),
    (lambda: nn.TripletMarginLoss(margin=0.0),
     lambda: F.triplet_margin_loss(V, V, V, margin=0.0), "margin", ValueError),
    (lambda: nn.MarginRankingLoss(margin="1"),
     lambda: F.margin_ranking_loss(V[0], V[0], V[0], margin="1"), "margin", TypeError),
    (lambda: nn.PoissonNLLLoss(eps="1"), lambda: F.poisson_nll_loss(V, V, eps="1"), "eps",
     TypeError),
    (lambda: nn.GaussianNLLLoss(eps="1"), lambda: F.gaussian_nll_loss(V, V, V, eps="1"), "eps",
     TypeError),
]


def _raised(call):
    with pytest.raises(Exception) as info:
        call()
    return info.value


@pytest.mark.parametrize("build, call, name, expected", CASES)
def test_layer_and_functional_raise_the_same_exception(build, call, name, expected):
    from_layer, from_function = _raised(build), _raised(call)
    assert type(from_layer) is type(from_function) is expected, (from_layer, from_function)
    assert name in str(from_layer) and name in str(from_function)


@pytest.mark.parametrize("build, call, name, expected", CASES)
def test_messages_start_with_the_op(build, call, name, expected):
    layer = str(_raised(build)).split(":")[0]  # e.g. MaxPool2d
    function = str(_raised(call)).split(":")[0]  # e.g. max_pool2d
    assert layer[0].isupper() and function[0].islower(), (layer, function)
    assert function.replace("_", "") in layer.lower(), (layer, function)
