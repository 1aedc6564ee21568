"""ONNX export: the checker accepts the file and onnxruntime computes what minigrad computes."""
import io

import numpy as np
import pytest

import minigrad
import minigrad.onnx
from minigrad import nn

onnx = pytest.importorskip("onnx")


def _export(model, x, **kwargs):
    buffer = io.BytesIO()
    minigrad.onnx.export(model, x, buffer, input_names=["x"], output_names=["y"],
                         dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, **kwargs)
    proto = onnx.load_from_string(buffer.getvalue())
    onnx.checker.check_model(proto, full_check=True)
    return buffer.getvalue(), proto


def _run(model_bytes, x):
    ort = pytest.importorskip("onnxruntime")
    session = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    return session.run(None, {"x": x})[0]


def _check_round_trip(model, sample_shape, batches=(1, 7), atol=1e-5):
    """Export at batch 2, then run batch 1 and 7 through the one file: max abs diff per batch."""
    minigrad.manual_seed(0)
    model.eval()
    model_bytes, _ = _export(model, minigrad.randn(2, *sample_shape))
    rng = np.random.default_rng(0)
    for n in batches:
        x = rng.standard_normal((n, *sample_shape)).astype(np.float32)
        with minigrad.no_grad():
            expected = model(minigrad.tensor(x))._data
        got = _run(model_bytes, x)
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=atol)


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10), nn.LogSoftmax(dim=1),
    )


class ResidualBlock(nn.Module):
    def __init__(self, channels=8):
        super().__init__()
        self.stem = nn.Conv2d(3, channels, 3, padding=1, bias=False)
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(channels, 5)

    def forward(self, x):
        x = self.stem(x)
        out = self.bn1(self.conv1(x)).relu()
        out = self.bn2(self.conv2(out))
        out = (out + x).relu()
        return self.fc(self.pool(out).flatten(1))


def _with_running_stats(model):
    """Give the batch norms running statistics other than 0 and 1, so that eval mode shows."""
    model.train()
    with minigrad.no_grad():
        for _ in range(3):
            model(minigrad.randn(4, *_SAMPLE[type(model)]) * 2 + 1)
    return model.eval()


class Conv1dNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(4, 8, 3, padding="same", dilation=2), nn.GELU(),
            nn.Conv1d(8, 8, 4, padding="same", groups=4), nn.LayerNorm(32), nn.Tanh(),
            nn.MaxPool1d(3, stride=2, ceil_mode=True), nn.Conv1d(8, 6, 3, stride=2, padding=1),
            nn.GroupNorm(3, 6), nn.LeakyReLU(0.1), nn.AvgPool1d(2), nn.Flatten(),
        )
        self.head = nn.Linear(24, 3)

    def forward(self, x):
        return self.head(self.features(x)).softmax(dim=-1)


class Conv3dNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv3d(2, 4, 3, padding=(1, 0, 1)), nn.BatchNorm3d(4), nn.ELU(),
            nn.AvgPool3d(2, ceil_mode=True, count_include_pad=False),
            nn.Conv3d(4, 4, 2, groups=2, dilation=(1, 2, 1)), nn.InstanceNorm3d(4, affine=True),
            nn.SiLU(), nn.AdaptiveMaxPool3d(1), nn.Flatten(), nn.Dropout(0.3), nn.Linear(4, 2),
        )

    def forward(self, x):
        return self.body(x)


_SAMPLE = {ResidualBlock: (3, 8, 8), Conv3dNet: (2, 7, 8, 6)}


def test_lenet5_matches_onnxruntime_at_batch_1_and_7():
    _check_round_trip(lenet5(), (1, 28, 28))


def test_residual_block_with_batch_norm_matches_onnxruntime():
    minigrad.manual_seed(1)
    _check_round_trip(_with_running_stats(ResidualBlock()), (3, 8, 8))


def test_conv1d_model_matches_onnxruntime():
    minigrad.manual_seed(2)
    _check_round_trip(Conv1dNet(), (4, 32))


def test_conv3d_model_matches_onnxruntime():
    minigrad.manual_seed(3)
    _check_round_trip(_with_running_stats(Conv3dNet()), (2, 7, 8, 6))


def test_multi_branch_model_with_concat_and_transposed_convolution():
    class Branches(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Conv2d(3, 4, 1)
            self.b = nn.Sequential(nn.Conv2d(3, 4, 3, stride=2, padding=1),
                                   nn.ConvTranspose2d(4, 4, 3, stride=2, padding=1,
                                                      output_padding=1))
            self.lrn = nn.LocalResponseNorm(3, alpha=0.1, beta=0.75, k=2.0)
            self.norm = nn.GroupNorm(2, 8)

        def forward(self, x):
            y = minigrad.cat([self.a(x), self.b(x).sigmoid() * 2.0 - 1.0], dim=1)
            return nn.functional.relu6(self.norm(self.lrn(y)))

    minigrad.manual_seed(4)
    _check_round_trip(Branches(), (3, 6, 6))


def test_parameters_become_initializers_named_from_their_module():
    _, proto = _export(lenet5().eval(), minigrad.randn(1, 1, 28, 28))
    names = {init.name for init in proto.graph.initializer}
    assert {"0.weight", "0.bias", "3.weight", "11.bias"} <= names
    assert [i.name for i in proto.graph.input] == ["x"]
    dims = proto.graph.input[0].type.tensor_type.shape.dim
    assert dims[0].dim_param == "batch" and [d.dim_value for d in dims[1:]] == [1, 28, 28]
    ops = [n.op_type for n in proto.graph.node]
    assert ops.count("Conv") == 2 and ops.count("MaxPool") == 2 and ops.count("Gemm") == 3


def test_export_restores_the_training_flags():
    model = ResidualBlock()
    model.train()
    _export(model, minigrad.randn(2, 3, 8, 8))
    assert all(m.training for m in model.modules())


def test_an_op_onnx_cannot_express_names_the_op_and_its_module():
    class Indexing(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 2, 3)
            self.pool = nn.MaxPool2d(2, return_indices=True)

        def forward(self, x):
            return self.pool(self.conv(x))[0]

    with pytest.raises(minigrad.onnx.UnsupportedOperatorError,
                       match=r"cannot export MaxPool \(from module 'pool' \(MaxPool2d\)\): "
                             r"return_indices"):
        _export(Indexing(), minigrad.randn(1, 1, 8, 8))


def test_an_op_without_conversion_is_reported():
    class Cumulative(nn.Module):
        def forward(self, x):
            return x.cumsum(1)

    with pytest.raises(minigrad.onnx.UnsupportedOperatorError,
                       match=r"cannot export \w+ \(from module <model> \(Cumulative\)\)"):
        _export(Cumulative(), minigrad.randn(2, 3))


def test_in_place_changes_are_refused_rather_than_exported_wrong():
    model = nn.Sequential(nn.Linear(3, 3), nn.ReLU(inplace=True), nn.Linear(3, 1))
    with pytest.raises(minigrad.onnx.UnsupportedOperatorError, match="in place"):
        _export(model, minigrad.randn(2, 3))


def test_opset_below_17_is_rejected():
    with pytest.raises(ValueError, match="opset_version must be at least 17"):
        _export(lenet5(), minigrad.randn(1, 1, 28, 28), opset_version=13)
