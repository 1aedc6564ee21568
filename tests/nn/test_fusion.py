"""nn.utils.fuse_conv_bn_eval and fuse_conv_bn: one layer equal to conv followed by batch norm."""
import importlib.util
import os
import sys

import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.nn.utils import fuse_conv_bn, fuse_conv_bn_eval

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _eval_batch_norm(y, bn):
    """NumPy reference of evaluation-mode batch norm over dimension 1 of ``y``, in float64."""
    shape = (1, -1) + (1,) * (y.ndim - 2)
    mean = bn.running_mean.numpy().astype(np.float64).reshape(shape)
    var = bn.running_var.numpy().astype(np.float64).reshape(shape)
    gamma = 1.0 if bn.weight is None else bn.weight._data.astype(np.float64).reshape(shape)
    beta = 0.0 if bn.bias is None else bn.bias._data.astype(np.float64).reshape(shape)
    return (y.astype(np.float64) - mean) / np.sqrt(var + bn.eps) * gamma + beta


def _randomize(bn, rng):
    """Statistics and affine parameters far from the defaults, as after training."""
    n = bn.num_features
    bn.running_mean._data[...] = rng.normal(0, 1, n)
    bn.running_var._data[...] = rng.uniform(0.2, 3.0, n)
    if bn.weight is not None:
        bn.weight._data[...] = rng.uniform(-2, 2, n)
    if bn.bias is not None:
        bn.bias._data[...] = rng.normal(0, 1, n)
    return bn


LAYERS = [
    ("conv1d", lambda: nn.Conv1d(3, 4, 3, stride=2, padding=1), nn.BatchNorm1d, (2, 3, 9)),
    ("conv2d", lambda: nn.Conv2d(3, 6, 3, padding=1, dilation=1), nn.BatchNorm2d, (2, 3, 7, 7)),
    ("conv2d no bias", lambda: nn.Conv2d(3, 6, 3, bias=False), nn.BatchNorm2d, (2, 3, 6, 6)),
    ("conv2d groups", lambda: nn.Conv2d(4, 6, 3, groups=2, dilation=2, padding=2),
     nn.BatchNorm2d, (1, 4, 8, 8)),
    ("conv2d reflect", lambda: nn.Conv2d(2, 3, 3, padding=1, padding_mode="reflect"),
     nn.BatchNorm2d, (2, 2, 5, 5)),
    ("conv3d", lambda: nn.Conv3d(2, 3, 3, padding=1), nn.BatchNorm3d, (1, 2, 4, 5, 5)),
    ("conv_transpose2d groups", lambda: nn.ConvTranspose2d(4, 6, 3, stride=2, groups=2),
     nn.BatchNorm2d, (2, 4, 4, 4)),
    ("linear", lambda: nn.Linear(5, 7), nn.BatchNorm1d, (4, 5)),
]


@pytest.mark.parametrize("name, make_layer, norm, shape", LAYERS, ids=[c[0] for c in LAYERS])
def test_fused_layer_equals_layer_then_eval_batch_norm(name, make_layer, norm, shape, rng):
    layer = make_layer().eval()
    channels = layer.out_features if isinstance(layer, nn.Linear) else layer.out_channels
    bn = _randomize(norm(channels), rng).eval()
    x = minigrad.from_numpy(rng.standard_normal(shape, dtype=np.float32))
    with minigrad.no_grad():
        expected = _eval_batch_norm(layer(x).numpy(), bn)
        unfused = bn(layer(x)).numpy()
        fused = fuse_conv_bn_eval(layer, bn)
        got = fused(x).numpy()
    assert type(fused) is type(layer)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got, unfused, rtol=1e-5, atol=1e-5)


def test_fused_weight_and_bias_follow_the_formula(rng):
    conv = nn.Conv2d(2, 3, 3).double().eval()
    bn = _randomize(nn.BatchNorm2d(3).double(), rng).eval()
    fused = fuse_conv_bn_eval(conv, bn)
    scale = bn.weight._data / np.sqrt(bn.running_var._data + bn.eps)
    np.testing.assert_allclose(fused.weight._data, conv.weight._data * scale[:, None, None, None],
                               rtol=1e-14)
    np.testing.assert_allclose(fused.bias._data,
                               (conv.bias._data - bn.running_mean._data) * scale + bn.bias._data,
                               rtol=1e-14, atol=1e-15)
    assert fused.weight.dtype == np.float64


def test_batch_norm_without_affine_or_bias_folds_too(rng):
    conv = nn.Conv2d(2, 3, 1).eval()
    for bn in (nn.BatchNorm2d(3, affine=False), nn.BatchNorm2d(3, bias=False)):
        _randomize(bn, rng).eval()
        x = minigrad.from_numpy(rng.standard_normal((2, 2, 3, 3), dtype=np.float32))
        with minigrad.no_grad():
            np.testing.assert_allclose(fuse_conv_bn_eval(conv, bn)(x).numpy(),
                                       _eval_batch_norm(conv(x).numpy(), bn), rtol=1e-5,
                                       atol=1e-5)


def test_fusion_keeps_hyper_parameters_and_leaves_the_inputs_unchanged(rng):
    conv = nn.Conv2d(4, 6, (3, 5), stride=(2, 1), padding=(1, 2), groups=2, bias=False).eval()
    bn = _randomize(nn.BatchNorm2d(6), rng).eval()
    before = [p._data.copy() for p in list(conv.parameters()) + list(bn.parameters())]
    fused = fuse_conv_bn_eval(conv, bn)
    assert (fused.kernel_size, fused.stride, fused.padding, fused.groups) == (
        (3, 5), (2, 1), (1, 2), 2)
    assert fused.bias is not None and fused.bias.shape == (6,)
    assert not fused.training
    assert fused.weight.requires_grad and fused.bias.requires_grad
    assert fused.weight is not conv.weight
    after = [p._data for p in list(conv.parameters()) + list(bn.parameters())]
    for old, new in zip(before, after):
        np.testing.assert_array_equal(old, new)
    assert conv.bias is None


def test_frozen_layer_gives_frozen_fused_parameters():
    conv = nn.Conv1d(1, 2, 3).eval().requires_grad_(False)
    fused = fuse_conv_bn_eval(conv, nn.BatchNorm1d(2).eval())
    assert not fused.weight.requires_grad and not fused.bias.requires_grad


# ---------------------------------------------------------------- whole models
def _convnet(rng):
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1, bias=False), nn.BatchNorm2d(4), nn.ReLU(),
        nn.Sequential(nn.Conv2d(4, 8, 3, stride=2), nn.BatchNorm2d(8), nn.ReLU()),
        nn.Flatten(), nn.Linear(8 * 3 * 3, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 3),
    )
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            _randomize(m, rng)
    return model.eval()


def test_fuse_conv_bn_fuses_every_pair_in_nested_sequentials(rng):
    model = _convnet(rng)
    fused = fuse_conv_bn(model)
    assert [type(m).__name__ for m in fused.modules()] == [
        "Sequential", "Conv2d", "Identity", "ReLU", "Sequential", "Conv2d", "Identity", "ReLU",
        "Flatten", "Linear", "Identity", "ReLU", "Linear"]
    x = minigrad.from_numpy(rng.standard_normal((5, 1, 8, 8), dtype=np.float32))
    with minigrad.no_grad():
        np.testing.assert_allclose(fused(x).numpy(), model(x).numpy(), rtol=1e-5, atol=1e-5)


def test_fuse_conv_bn_returns_a_copy_unless_inplace(rng):
    model = _convnet(rng)
    keys = list(model.state_dict())
    fused = fuse_conv_bn(model)
    assert fused is not model
    assert isinstance(model[1], nn.BatchNorm2d)  # the original is untouched
    assert list(model.state_dict()) == keys
    same = fuse_conv_bn(model, inplace=True)
    assert same is model and isinstance(model[1], nn.Identity)
    # The other layers keep their names: the last linear layer is still "8".
    assert "8.weight" in model.state_dict() and "1.running_mean" not in model.state_dict()


def test_fuse_conv_bn_leaves_pairs_that_are_not_neighbours():
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.BatchNorm2d(2),
                          nn.Conv2d(2, 2, 3), nn.BatchNorm1d(2)).eval()
    fused = fuse_conv_bn(model)
    assert [type(m).__name__ for m in fused] == [
        "Conv2d", "ReLU", "BatchNorm2d", "Conv2d", "BatchNorm1d"]


def test_fusion_in_float64_is_exact_to_rounding(rng):
    model = _convnet(rng).double()
    fused = fuse_conv_bn(model)
    x = minigrad.from_numpy(rng.standard_normal((3, 1, 8, 8)))
    with minigrad.no_grad():
        np.testing.assert_allclose(fused(x).numpy(), model(x).numpy(), rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------- errors
def test_fusion_refuses_training_mode():
    conv, bn = nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2)
    with pytest.raises(ValueError, match="evaluation mode only, but Conv2d is in training mode"):
        fuse_conv_bn_eval(conv, bn.eval())
    with pytest.raises(ValueError, match="BatchNorm2d is in training mode"):
        fuse_conv_bn_eval(conv.eval(), bn.train())
    with pytest.raises(ValueError, match=r"training mode; .*call model.eval\(\) first"):
        fuse_conv_bn(nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2)))
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2)).eval()
    model[1].train()
    with pytest.raises(ValueError, match="BatchNorm2d is in training mode"):
        fuse_conv_bn(model)


def test_fusion_refuses_batch_norm_without_running_statistics():
    bn = nn.BatchNorm2d(2, track_running_stats=False).eval()
    with pytest.raises(ValueError, match="has no running statistics"):
        fuse_conv_bn_eval(nn.Conv2d(1, 2, 3).eval(), bn)


def test_fusion_refuses_mismatched_channels():
    with pytest.raises(ValueError, match="Conv2d has 3 output channels but BatchNorm2d "
                                         "normalizes 4"):
        fuse_conv_bn_eval(nn.Conv2d(1, 3, 3).eval(), nn.BatchNorm2d(4).eval())
    with pytest.raises(ValueError, match="Linear has 5 output channels"):
        fuse_conv_bn_eval(nn.Linear(2, 5).eval(), nn.BatchNorm1d(4).eval())


def test_fusion_refuses_the_wrong_layer_types():
    with pytest.raises(TypeError, match="Conv2d can be fused with BatchNorm2d, got BatchNorm1d"):
        fuse_conv_bn_eval(nn.Conv2d(1, 2, 3).eval(), nn.BatchNorm1d(2).eval())
    with pytest.raises(TypeError, match="expected a Conv1d/2d/3d, ConvTranspose1d/2d/3d or "
                                        "Linear layer, got ReLU"):
        fuse_conv_bn_eval(nn.ReLU().eval(), nn.BatchNorm1d(2).eval())
    with pytest.raises(TypeError, match="fuse_conv_bn: expected a minigrad.nn.Module, got list"):
        fuse_conv_bn([nn.Conv2d(1, 2, 3)])


# ---------------------------------------------------------------- the benchmark
def test_benchmark_runs_and_the_fused_model_agrees(capsys):
    path = os.path.join(ROOT, "benchmarks", "bench_fusion.py")
    sys.path.insert(0, os.path.dirname(path))
    try:
        spec = importlib.util.spec_from_file_location("bench_fusion", path)
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)
        rows = bench.main(["--batch", "2", "--threads", "1", "--repeats", "1"])
    finally:
        sys.path.remove(os.path.dirname(path))
    (row,) = rows
    assert float(row[-1]) < 1e-4  # max |fused - unfused|
    assert "speedup" in capsys.readouterr().out
