"""minigrad.models: published parameter counts, torchvision's state dict keys, shapes, training.

The references are independent of the code under test:

- the parameter counts published for torchvision's models (VGG-16,
  ResNet-18, ResNet-50, AlexNet) and the course notes' table, and counts
  computed here from the papers' layer tables;
- torchvision's state dict keys and shapes, listed by the small generators
  below (written from torchvision's layer names, not from minigrad's
  modules);
- when PyTorch is installed, the same networks built here with ``torch.nn``:
  a state dict with random values goes into both, and outputs (and, for
  ResNet in training mode, gradients and running statistics) must agree.
"""
import importlib.util
import math
import os
from collections import OrderedDict

import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad import models, nn
from minigrad.utils import summary

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Counts published with torchvision's ImageNet models (1000 classes).
PUBLISHED = {
    "vgg16": 138_357_544,
    "resnet18": 11_689_512,
    "resnet50": 25_557_032,
    "alexnet_torchvision": 61_100_840,
}

VGG_CONFIGS = {
    11: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    13: [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    16: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    19: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
         512, 512, 512, 512, "M"],
}
RESNET_LAYERS = {18: ("basic", [2, 2, 2, 2]), 34: ("basic", [3, 4, 6, 3]),
                 50: ("bottleneck", [3, 4, 6, 3])}


# --------------------------------------------------------------------------- reference keys
def _conv_keys(name, c_out, c_in, k, bias=True):
    yield name + ".weight", (c_out, c_in, k, k)
    if bias:
        yield name + ".bias", (c_out,)


def _bn_keys(name, c):
    for suffix in ("weight", "bias", "running_mean", "running_var"):
        yield f"{name}.{suffix}", (c,)
    yield name + ".num_batches_tracked", ()


def _linear_keys(name, n_out, n_in):
    yield name + ".weight", (n_out, n_in)
    yield name + ".bias", (n_out,)


def vgg_keys(depth, batch_norm=False, num_classes=1000):
    keys, index, c_in = [], 0, 3
    for v in VGG_CONFIGS[depth]:
        if v == "M":
            index += 1
            continue
        keys += _conv_keys(f"features.{index}", v, c_in, 3)
        if batch_norm:
            keys += _bn_keys(f"features.{index + 1}", v)
        index += 3 if batch_norm else 2
        c_in = v
    keys += _linear_keys("classifier.0", 4096, 512 * 7 * 7)
    keys += _linear_keys("classifier.3", 4096, 4096)
    keys += _linear_keys("classifier.6", num_classes, 4096)
    return OrderedDict(keys)


def resnet_keys(depth, num_classes=1000, small_input=False):
    kind, layers = RESNET_LAYERS[depth]
    expansion = 4 if kind == "bottleneck" else 1
    keys = list(_conv_keys("conv1", 64, 3, 3 if small_input else 7, bias=False))
    keys += _bn_keys("bn1", 64)
    c_in = 64
    for stage, (planes, blocks) in enumerate(zip([64, 128, 256, 512], layers), start=1):
        for b in range(blocks):
            p = f"layer{stage}.{b}"
            c_out = planes * expansion
            if kind == "basic":
                keys += _conv_keys(p + ".conv1", planes, c_in, 3, bias=False)
                keys += _bn_keys(p + ".bn1", planes)
                keys += _conv_keys(p + ".conv2", planes, planes, 3, bias=False)
                keys += _bn_keys(p + ".bn2", planes)
            else:
                keys += _conv_keys(p + ".conv1", planes, c_in, 1, bias=False)
                keys += _bn_keys(p + ".bn1", planes)
                keys += _conv_keys(p + ".conv2", planes, planes, 3, bias=False)
                keys += _bn_keys(p + ".bn2", planes)
                keys += _conv_keys(p + ".conv3", c_out, planes, 1, bias=False)
                keys += _bn_keys(p + ".bn3", c_out)
            strided = stage > 1 and b == 0
            if strided or (b == 0 and c_in != c_out):
                keys += _conv_keys(p + ".downsample.0", c_out, c_in, 1, bias=False)
                keys += _bn_keys(p + ".downsample.1", c_out)
            c_in = c_out
    keys += _linear_keys("fc", num_classes, 512 * expansion)
    return OrderedDict(keys)


def alexnet_keys(lrn, num_classes=1000):
    if lrn:    # the paper's filters; LRN layers shift the indices
        convs = [(0, 96, 3, 11), (4, 256, 96, 5), (8, 384, 256, 3), (10, 384, 384, 3),
                 (12, 256, 384, 3)]
    else:      # torchvision's
        convs = [(0, 64, 3, 11), (3, 192, 64, 5), (6, 384, 192, 3), (8, 256, 384, 3),
                 (10, 256, 256, 3)]
    keys = []
    for index, c_out, c_in, k in convs:
        keys += _conv_keys(f"features.{index}", c_out, c_in, k)
    keys += _linear_keys("classifier.1", 4096, 256 * 6 * 6)
    keys += _linear_keys("classifier.4", 4096, 4096)
    keys += _linear_keys("classifier.6", num_classes, 4096)
    return OrderedDict(keys)


def nin_keys(num_classes=10):
    blocks = [(0, 3, [(192, 5), (160, 1), (96, 1)]), (3, 96, [(192, 5), (192, 1), (192, 1)]),
              (6, 192, [(192, 3), (192, 1), (num_classes, 1)])]
    keys = []
    for index, c_in, convs in blocks:
        for j, (c_out, k) in enumerate(convs):
            keys += _conv_keys(f"features.{index}.{2 * j}", c_out, c_in, k)
            c_in = c_out
    return OrderedDict(keys)


def lenet_keys(num_classes=10):
    return OrderedDict([*_conv_keys("0", 20, 1, 5), *_conv_keys("3", 50, 20, 5),
                        *_linear_keys("7", 500, 2450), *_linear_keys("9", num_classes, 500)])


def n_params(keys):
    """Parameters among reference keys: everything but batch norm's buffers."""
    buffers = ("running_mean", "running_var", "num_batches_tracked")
    return sum(math.prod(shape) for key, shape in keys.items() if not key.endswith(buffers))


def count(model):
    return sum(p.numel() for p in model.parameters())


def state_shapes(model):
    return OrderedDict((k, tuple(v.shape)) for k, v in model.state_dict().items())


def check_keys_and_count(model, reference, expected_count):
    assert state_shapes(model) == reference
    assert count(model) == n_params(reference) == expected_count


# --------------------------------------------------------------------------- counts and keys
@pytest.fixture(scope="module")
def vgg11_cifar():
    """A VGG-11 with torchvision's initialisation and 10 classes, shared: it takes seconds to build."""
    minigrad.manual_seed(0)
    return models.vgg11(num_classes=10)


@pytest.mark.parametrize("depth, batch_norm, expected", [
    (16, False, PUBLISHED["vgg16"]),
    (11, False, 132_863_336), (13, False, 133_047_848), (19, False, 143_667_240),
    (16, True, 138_365_992),
])
def test_vgg_counts_and_torchvision_keys(depth, batch_norm, expected):
    build = {11: models.vgg11, 13: models.vgg13, 16: models.vgg16, 19: models.vgg19}[depth]
    # Weights are irrelevant here; skipping the He initialisation of 100M+ weights saves time.
    model = build(batch_norm=batch_norm, init_weights=False)
    check_keys_and_count(model, vgg_keys(depth, batch_norm), expected)


@pytest.mark.parametrize("depth, expected", [
    (18, PUBLISHED["resnet18"]), (34, 21_797_672), (50, PUBLISHED["resnet50"]),
])
def test_resnet_counts_and_torchvision_keys(depth, expected):
    model = getattr(models, f"resnet{depth}")()
    check_keys_and_count(model, resnet_keys(depth), expected)


def test_alexnet_counts_and_keys_for_both_variants():
    check_keys_and_count(models.alexnet(lrn=False), alexnet_keys(lrn=False),
                         PUBLISHED["alexnet_torchvision"])
    # The paper's single-tower layers: 96-256-384-384-256 filters.
    check_keys_and_count(models.alexnet(), alexnet_keys(lrn=True), 62_378_344)


def test_nin_and_lenet_counts_and_keys():
    check_keys_and_count(models.nin(), nin_keys(), 966_986)
    check_keys_and_count(models.lenet5(), lenet_keys(), 1_256_080)


def test_lenet5_is_the_network_the_example_trains():
    spec = importlib.util.spec_from_file_location("lenet5_example",
                                                  os.path.join(ROOT, "examples", "lenet5.py"))
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    ours, theirs = models.lenet5(), example.lenet5()
    assert state_shapes(ours) == state_shapes(theirs)
    assert [type(m) for m in ours] == [type(m) for m in theirs]
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("build, reference, num_classes", [
    (lambda n: models.lenet5(num_classes=n), lambda n: lenet_keys(n), 5),
    (lambda n: models.nin(num_classes=n), lambda n: nin_keys(n), 100),
    (lambda n: models.alexnet(num_classes=n, lrn=False), lambda n: alexnet_keys(False, n), 10),
    (lambda n: models.resnet18(num_classes=n, small_input=True),
     lambda n: resnet_keys(18, n, small_input=True), 10),
    (lambda n: models.resnet50(num_classes=n), lambda n: resnet_keys(50, n), 200),
])
def test_num_classes_changes_only_the_last_layer(build, reference, num_classes):
    model = build(num_classes)
    assert state_shapes(model) == reference(num_classes)


def test_cifar_resnet18_has_the_known_count():
    # The 3x3 stem and a 10-class head: the count of the common CIFAR-10 ResNet-18.
    assert count(models.resnet18(num_classes=10, small_input=True)) == 11_173_962


@pytest.mark.parametrize("build, message", [
    (lambda: models.resnet18(num_classes=0), "ResNet: num_classes must be a positive integer"),
    (lambda: models.alexnet(num_classes=-1), "AlexNet: num_classes must be a positive integer"),
    (lambda: models.ResNet(models.BasicBlock, [2, 2, 2]), "4 stages"),
    (lambda: models.ResNet(models.BasicBlock, [2, 0, 2, 2]), "positive integer"),
])
def test_invalid_values_raise_value_error(build, message):
    with pytest.raises(ValueError, match=message):
        build()


@pytest.mark.parametrize("build, message", [
    (lambda: models.vgg11(num_classes=2.5), "VGG: num_classes must be an int"),
    (lambda: models.nin(num_classes=True), "NiN: num_classes must be an int"),
    (lambda: models.ResNet(nn.Conv2d, [2, 2, 2, 2]), "BasicBlock or Bottleneck"),
])
def test_arguments_of_the_wrong_type_raise_type_error(build, message):
    with pytest.raises(TypeError, match=message):
        build()


# --------------------------------------------------------------------------- shapes
def _pool_out(h, k, s, p=0, ceil=False):
    span = h + 2 * p - k
    return (-(-span // s) if ceil else span // s) + 1


def _features_shape(model, module, x):
    """The shape of ``module``'s input during ``model(x)``."""
    seen = []
    handle = module.register_forward_pre_hook(lambda m, args: seen.append(args[0].shape))
    with minigrad.no_grad():
        out = model.eval()(x)
    handle.remove()
    return seen[0], out.shape


def test_alexnet_output_shape_at_224():
    model = models.alexnet(lrn=False)
    x = minigrad.randn(1, 3, 224, 224)
    features, out = _features_shape(model, model.avgpool, x)
    assert features == (1, 256, 6, 6) and out == (1, 1000)


def test_paper_alexnet_feature_size_follows_the_formula():
    model = models.alexnet(num_classes=7)

    def size(n):
        n = (n + 2 * 2 - 11) // 4 + 1      # conv 11x11, stride 4, padding 2
        for _ in range(3):                 # three overlapping 3x3 stride-2 poolings
            n = _pool_out(n, 3, 2)
        return n

    for h, w in [(63, 63), (100, 77)]:
        features, out = _features_shape(model, model.avgpool, minigrad.randn(2, 3, h, w))
        assert features == (2, 256, size(h), size(w)) and out == (2, 7)


@pytest.mark.parametrize("depth, small_input, h, w", [
    (18, False, 65, 40), (50, False, 40, 33), (18, True, 32, 32), (34, True, 20, 13),
])
def test_resnet_feature_size_follows_the_formula(depth, small_input, h, w):
    model = getattr(models, f"resnet{depth}")(num_classes=10, small_input=small_input)

    def size(n):
        if not small_input:
            n = _pool_out(n, 7, 2, 3)      # 7x7 stride-2 convolution
            n = _pool_out(n, 3, 2, 1)      # 3x3 stride-2 max pooling
        for _ in range(3):                 # first 3x3 convolution of stages 2-4
            n = _pool_out(n, 3, 2, 1)
        return n

    channels = 2048 if depth == 50 else 512
    features, out = _features_shape(model, model.avgpool, minigrad.randn(1, 3, h, w))
    assert features == (1, channels, size(h), size(w)) and out == (1, 10)


@pytest.mark.parametrize("h", [32, 30])
def test_nin_feature_size_follows_the_formula(h):
    model = models.nin()
    expected = _pool_out(_pool_out(h, 3, 2, ceil=True), 3, 2, ceil=True)
    features, out = _features_shape(model, model.avgpool, minigrad.randn(2, 3, h, h))
    assert features == (2, 10, expected, expected) and out == (2, 10)


def test_lenet5_output_shape():
    assert models.lenet5()(minigrad.randn(3, 1, 28, 28)).shape == (3, 10)


# --------------------------------------------------------------------------- initialisation
def test_vgg_initialisation_follows_torchvision(vgg11_cifar):
    model = vgg11_cifar
    # He normal (fan_out) convolutions, N(0, 0.01) linear layers, zero biases.
    conv = model.features[18].weight.detach().numpy()
    assert conv.std() == pytest.approx(math.sqrt(2 / (512 * 9)), rel=0.02)
    for linear in (model.classifier[0], model.classifier[3]):
        assert linear.weight.detach().numpy().std() == pytest.approx(0.01, rel=0.01)
    biases = [m.bias.detach().numpy() for m in model.modules()
              if isinstance(m, (nn.Conv2d, nn.Linear))]
    assert len(biases) == 11 and not any(b.any() for b in biases)


def test_resnet_initialisation_follows_torchvision():
    model = models.resnet18()
    conv = model.layer3[1].conv2.weight.detach().numpy()
    assert conv.std() == pytest.approx(math.sqrt(2 / (256 * 9)), rel=0.02)
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    assert all((bn.weight.detach().numpy() == 1).all() for bn in bns)
    assert not any(bn.bias.detach().numpy().any() for bn in bns)
    # The linear layer keeps PyTorch's default: uniform within 1/sqrt(fan_in).
    fc = model.fc.weight.detach().numpy()
    assert np.abs(fc).max() <= 1 / math.sqrt(512)
    assert fc.std() == pytest.approx(1 / math.sqrt(3 * 512), rel=0.02)


@pytest.mark.parametrize("build, last_bn", [
    (models.resnet18, "bn2"), (models.resnet50, "bn3"),
])
def test_zero_init_residual_starts_every_block_as_the_identity(build, last_bn):
    model = build(zero_init_residual=True).eval()
    blocks = [b for stage in (model.layer1, model.layer2, model.layer3, model.layer4)
              for b in stage]
    assert all(not getattr(b, last_bn).weight.detach().numpy().any() for b in blocks)
    # A block whose shortcut is the identity now computes relu(x).
    x = minigrad.randn(2, 64 * blocks[1].expansion, 5, 5)
    with minigrad.no_grad():
        np.testing.assert_array_equal(blocks[1](x).numpy(), np.maximum(x.numpy(), 0))
    assert not (getattr(build().layer1[1], last_bn).weight.detach().numpy() == 0).any()


# --------------------------------------------------------------------------- training
@pytest.mark.parametrize("build, shape", [
    (lambda: models.lenet5(), (2, 1, 28, 28)),
    (lambda: models.alexnet(num_classes=10), (2, 3, 67, 67)),
    ("vgg11_cifar", (2, 3, 32, 32)),
    (lambda: models.nin(), (2, 3, 32, 32)),
    (lambda: models.resnet18(num_classes=10, small_input=True), (2, 3, 32, 32)),
], ids=["lenet5", "alexnet", "vgg11", "nin", "resnet18"])
def test_train_mode_forward_and_backward_reach_every_parameter(build, shape, request):
    model = request.getfixturevalue(build) if isinstance(build, str) else build()
    model.train()
    x = minigrad.randn(*shape)
    loss = F.cross_entropy(model(x), minigrad.tensor([1, 3]))
    loss.backward()
    for name, p in model.named_parameters():
        assert p.grad is not None, name
        assert p.grad.shape == p.shape, name
        assert np.isfinite(p.grad.numpy()).all(), name
    assert np.abs(next(model.parameters()).grad.numpy()).sum() > 0
    for bn in (m for m in model.modules() if isinstance(m, nn.BatchNorm2d)):
        assert bn.num_batches_tracked.item() == 1
    model.zero_grad()


def test_sgd_steps_lower_the_loss_of_a_small_resnet():
    model = models.ResNet(models.BasicBlock, [1, 1, 1, 1], num_classes=4, small_input=True)
    x, y = minigrad.randn(4, 3, 8, 8), minigrad.tensor([0, 1, 2, 3])
    opt = minigrad.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    losses = []
    for _ in range(2):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]


# --------------------------------------------------------------------------- summary
def _summary(model, shape):
    """``summary`` of ``model`` on an input of ``shape`` (batch first)."""
    return summary(model, input_size=shape, depth=8)


def _check_summary(model, s):
    assert s.totals["params"] == count(model)
    text = str(s)
    assert f"Total params: {count(model):,}" in text
    assert text.count("Conv2d") == sum(isinstance(m, nn.Conv2d) for m in model.modules())
    return {row["name"]: row for row in s.rows}


def test_summary_of_vgg11_shows_the_size_over_32(vgg11_cifar):
    model = vgg11_cifar
    rows = _check_summary(model, _summary(model, (1, 3, 64, 96)))
    assert rows["features.20"]["output_shape"] == (512, 2, 3)   # the fifth pooling
    assert rows["avgpool"]["output_shape"] == (512, 7, 7)
    assert rows["classifier.6"]["output_shape"] == (10,)


def test_summary_of_a_cifar_resnet18():
    model = models.resnet18(num_classes=10, small_input=True)
    s = _summary(model, (1, 3, 32, 32))
    rows = _check_summary(model, s)
    assert rows["layer4"]["output_shape"] == (512, 4, 4)
    assert rows["fc"]["output_shape"] == (10,)
    # The multiply-adds usually quoted for this network: 0.56 G.
    assert s.totals["macs"] == pytest.approx(0.56e9, rel=0.01)


# --------------------------------------------------------------------------- loading weights
def random_state(reference, rng):
    """A state dict with torchvision's keys and random values of a sensible scale, as NumPy."""
    norms = {key.rsplit(".", 1)[0] for key in reference if key.endswith(".running_mean")}
    state = OrderedDict()
    for key, shape in reference.items():
        layer, name = key.rsplit(".", 1)
        if name == "num_batches_tracked":
            state[key] = np.array(rng.integers(1, 1000), np.int64)
        elif layer in norms and name in ("weight", "running_var"):
            state[key] = rng.uniform(0.5, 1.5, shape).astype(np.float32)
        elif len(shape) == 1:      # biases, running means
            state[key] = (0.1 * rng.standard_normal(shape)).astype(np.float32)
        else:
            fan_in = math.prod(shape[1:])
            state[key] = (rng.standard_normal(shape, dtype=np.float32)
                          * np.float32(math.sqrt(2 / fan_in)))
    return state


def test_load_state_dict_with_torchvision_keys_and_numpy_values():
    rng = np.random.default_rng(1)
    reference = resnet_keys(18)
    state = random_state(reference, rng)
    model = models.resnet18()
    result = model.load_state_dict(state)
    assert not result.missing_keys and not result.unexpected_keys
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(value.numpy(), state[key], err_msg=key)
    assert model.bn1.num_batches_tracked.item() == int(state["bn1.num_batches_tracked"])


def test_load_state_dict_reports_a_key_from_another_layout():
    state = random_state(resnet_keys(18), np.random.default_rng(0))
    state["layer1.0.shortcut.weight"] = state.pop("layer1.0.conv1.weight")
    with pytest.raises(RuntimeError, match="layer1.0.conv1.weight"):
        models.resnet18().load_state_dict(state)


# The same networks written with torch.nn, following torchvision's layer names.
def torch_vgg(tnn, depth, batch_norm, num_classes):
    layers, c_in = [], 3
    for v in VGG_CONFIGS[depth]:
        if v == "M":
            layers.append(tnn.MaxPool2d(2, 2))
            continue
        layers.append(tnn.Conv2d(c_in, v, 3, padding=1))
        layers += [tnn.BatchNorm2d(v)] if batch_norm else []
        layers.append(tnn.ReLU())
        c_in = v

    class VGG(tnn.Module):
        def __init__(self):
            super().__init__()
            self.features = tnn.Sequential(*layers)
            self.avgpool = tnn.AdaptiveAvgPool2d(7)
            self.classifier = tnn.Sequential(
                tnn.Linear(25088, 4096), tnn.ReLU(), tnn.Dropout(), tnn.Linear(4096, 4096),
                tnn.ReLU(), tnn.Dropout(), tnn.Linear(4096, num_classes))

        def forward(self, x):
            return self.classifier(self.avgpool(self.features(x)).flatten(1))

    return VGG()


def torch_alexnet(tnn, lrn, num_classes):
    if lrn:
        def norm():
            return tnn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0)
        features = [tnn.Conv2d(3, 96, 11, 4, 2), tnn.ReLU(), norm(), tnn.MaxPool2d(3, 2),
                    tnn.Conv2d(96, 256, 5, padding=2), tnn.ReLU(), norm(), tnn.MaxPool2d(3, 2),
                    tnn.Conv2d(256, 384, 3, padding=1), tnn.ReLU(),
                    tnn.Conv2d(384, 384, 3, padding=1), tnn.ReLU(),
                    tnn.Conv2d(384, 256, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(3, 2)]
    else:
        features = [tnn.Conv2d(3, 64, 11, 4, 2), tnn.ReLU(), tnn.MaxPool2d(3, 2),
                    tnn.Conv2d(64, 192, 5, padding=2), tnn.ReLU(), tnn.MaxPool2d(3, 2),
                    tnn.Conv2d(192, 384, 3, padding=1), tnn.ReLU(),
                    tnn.Conv2d(384, 256, 3, padding=1), tnn.ReLU(),
                    tnn.Conv2d(256, 256, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(3, 2)]

    class AlexNet(tnn.Module):
        def __init__(self):
            super().__init__()
            self.features = tnn.Sequential(*features)
            self.avgpool = tnn.AdaptiveAvgPool2d(6)
            self.classifier = tnn.Sequential(
                tnn.Dropout(), tnn.Linear(9216, 4096), tnn.ReLU(), tnn.Dropout(),
                tnn.Linear(4096, 4096), tnn.ReLU(), tnn.Linear(4096, num_classes))

        def forward(self, x):
            return self.classifier(self.avgpool(self.features(x)).flatten(1))

    return AlexNet()


def torch_nin(tnn, num_classes):
    def block(c_in, c1, c2, c3, k):
        return tnn.Sequential(tnn.Conv2d(c_in, c1, k, padding=k // 2), tnn.ReLU(),
                              tnn.Conv2d(c1, c2, 1), tnn.ReLU(), tnn.Conv2d(c2, c3, 1), tnn.ReLU())

    class NiN(tnn.Module):
        def __init__(self):
            super().__init__()
            self.features = tnn.Sequential(
                block(3, 192, 160, 96, 5), tnn.MaxPool2d(3, 2, ceil_mode=True), tnn.Dropout(),
                block(96, 192, 192, 192, 5), tnn.AvgPool2d(3, 2, ceil_mode=True), tnn.Dropout(),
                block(192, 192, 192, num_classes, 3))

        def forward(self, x):
            return self.features(x).mean((2, 3))

    return NiN()


def torch_resnet(tnn, depth, num_classes, small_input):
    kind, layers = RESNET_LAYERS[depth]
    expansion = 4 if kind == "bottleneck" else 1

    class Block(tnn.Module):
        def __init__(self, c_in, planes, stride):
            super().__init__()
            c_out = planes * expansion
            if kind == "basic":
                self.conv1 = tnn.Conv2d(c_in, planes, 3, stride, 1, bias=False)
                self.bn1 = tnn.BatchNorm2d(planes)
                self.conv2 = tnn.Conv2d(planes, planes, 3, 1, 1, bias=False)
                self.bn2 = tnn.BatchNorm2d(planes)
            else:
                self.conv1 = tnn.Conv2d(c_in, planes, 1, bias=False)
                self.bn1 = tnn.BatchNorm2d(planes)
                self.conv2 = tnn.Conv2d(planes, planes, 3, stride, 1, bias=False)
                self.bn2 = tnn.BatchNorm2d(planes)
                self.conv3 = tnn.Conv2d(planes, c_out, 1, bias=False)
                self.bn3 = tnn.BatchNorm2d(c_out)
            self.downsample = None
            if stride != 1 or c_in != c_out:
                self.downsample = tnn.Sequential(tnn.Conv2d(c_in, c_out, 1, stride, bias=False),
                                                 tnn.BatchNorm2d(c_out))

        def forward(self, x):
            relu = tnn.functional.relu
            out = relu(self.bn1(self.conv1(x)))
            if kind == "basic":
                out = self.bn2(self.conv2(out))
            else:
                out = self.bn3(self.conv3(relu(self.bn2(self.conv2(out)))))
            shortcut = x if self.downsample is None else self.downsample(x)
            return relu(out + shortcut)

    class ResNet(tnn.Module):
        def __init__(self):
            super().__init__()
            if small_input:
                self.conv1 = tnn.Conv2d(3, 64, 3, 1, 1, bias=False)
            else:
                self.conv1 = tnn.Conv2d(3, 64, 7, 2, 3, bias=False)
            self.bn1 = tnn.BatchNorm2d(64)
            c_in = 64
            for stage, (planes, n) in enumerate(zip([64, 128, 256, 512], layers), start=1):
                blocks = []
                for b in range(n):
                    blocks.append(Block(c_in, planes, 2 if stage > 1 and b == 0 else 1))
                    c_in = planes * expansion
                setattr(self, f"layer{stage}", tnn.Sequential(*blocks))
            self.fc = tnn.Linear(c_in, num_classes)

        def forward(self, x):
            x = tnn.functional.relu(self.bn1(self.conv1(x)))
            if not small_input:
                x = tnn.functional.max_pool2d(x, 3, 2, 1)
            x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
            return self.fc(x.mean((2, 3)))

    return ResNet()


TORCH_CASES = {
    "resnet18": (lambda: models.resnet18(), lambda t: torch_resnet(t, 18, 1000, False),
                 resnet_keys(18), (2, 3, 40, 36)),
    "resnet50": (lambda: models.resnet50(num_classes=10), lambda t: torch_resnet(t, 50, 10, False),
                 resnet_keys(50, 10), (1, 3, 33, 32)),
    "resnet18_small": (lambda: models.resnet18(num_classes=10, small_input=True),
                       lambda t: torch_resnet(t, 18, 10, True),
                       resnet_keys(18, 10, small_input=True), (2, 3, 16, 16)),
    "vgg11_bn": (lambda: models.vgg11(batch_norm=True, num_classes=10, init_weights=False),
                 lambda t: torch_vgg(t, 11, True, 10), vgg_keys(11, True, 10), (2, 3, 32, 32)),
    "alexnet": (lambda: models.alexnet(lrn=False), lambda t: torch_alexnet(t, False, 1000),
                alexnet_keys(False), (2, 3, 63, 70)),
    "alexnet_lrn": (lambda: models.alexnet(num_classes=10), lambda t: torch_alexnet(t, True, 10),
                    alexnet_keys(True, 10), (2, 3, 67, 67)),
    "nin": (lambda: models.nin(), lambda t: torch_nin(t, 10), nin_keys(), (2, 3, 30, 32)),
}


@pytest.mark.parametrize("case", list(TORCH_CASES))
def test_torchvision_state_dict_gives_pytorchs_outputs(case):
    torch = pytest.importorskip("torch")
    build, build_torch, reference, shape = TORCH_CASES[case]
    rng = np.random.default_rng(2)
    state = random_state(reference, rng)
    model = build()
    model.load_state_dict(state)
    theirs = build_torch(torch.nn)
    # Both ways: what minigrad's state_dict() returns loads strictly into PyTorch.
    theirs.load_state_dict({k: torch.from_numpy(v.numpy()) for k, v in model.state_dict().items()})
    del state
    x = rng.standard_normal(shape).astype(np.float32)
    with minigrad.no_grad():
        ours = model.eval()(minigrad.tensor(x)).numpy()
    with torch.no_grad():
        expected = theirs.eval()(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4 * np.abs(expected).max())


@pytest.mark.parametrize("depth, c_in, c_out", [(18, 64, 128), (50, 256, 512)])
def test_resnet_stage_training_step_matches_pytorch(depth, c_in, c_out):
    # Stage 2 (its first block strided, with a downsampling shortcut) in training mode:
    # batch statistics, running statistics and every gradient.
    torch = pytest.importorskip("torch")
    model = getattr(models, f"resnet{depth}")().layer2
    theirs = torch_resnet(torch.nn, depth, 10, False).layer2
    reference = OrderedDict((k[len("layer2."):], v) for k, v in resnet_keys(depth).items()
                            if k.startswith("layer2."))
    rng = np.random.default_rng(3)
    state = random_state(reference, rng)
    model.load_state_dict(state)
    theirs.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
    x = rng.standard_normal((4, c_in, 6, 6)).astype(np.float32)
    w = rng.standard_normal((4, c_out, 3, 3)).astype(np.float32)   # weights of a linear loss
    (model.train()(minigrad.tensor(x)) * minigrad.tensor(w)).sum().backward()
    (theirs.train()(torch.from_numpy(x)) * torch.from_numpy(w)).sum().backward()
    ours_state, their_params = model.state_dict(), dict(theirs.named_parameters())
    for key, value in theirs.state_dict().items():
        expected = value.numpy()
        np.testing.assert_allclose(ours_state[key].numpy(), expected, rtol=1e-4, atol=1e-5,
                                   err_msg=key)
    for name, p in model.named_parameters():
        expected = their_params[name].grad.numpy()
        np.testing.assert_allclose(p.grad.numpy(), expected, rtol=1e-3,
                                   atol=1e-3 * np.abs(expected).max(), err_msg=name)
