"""PyTorch checkpoints: load what torch.save writes, save what torch.load(weights_only=True) reads.

The security tests hand-assemble pickles opcode by opcode (``_Pickle`` below),
independently of minigrad's writer, and need no PyTorch; the tests marked
``torch`` compare with PyTorch itself and skip when it is missing.
"""
import collections
import io
import math
import os
import pickle
import pickletools
import struct
import sys
import zipfile

import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.serialization import CheckpointError


def _torch():
    return pytest.importorskip("torch")


# ---------------------------------------------------------------------- a pickle assembler
def _str(text):
    data = text.encode()
    return b"X" + struct.pack("<I", len(data)) + data


def _int(n):
    if -(2 ** 31) <= n < 2 ** 31:
        return b"J" + struct.pack("<i", n)
    data = n.to_bytes((n.bit_length() + 8) // 8, "little", signed=True)
    return b"\x8a" + bytes([len(data)]) + data


def _tuple(items):
    return b"(" + b"".join(items) + b"t"


def _global(module, name):
    return f"c{module}\n{name}\n".encode()


def _tensor(key, numel, size, stride, offset=0, storage="FloatStorage", *, pid=None):
    record = pid if pid is not None else _tuple(
        [_str("storage"), _global("torch", storage), _str(key), _str("cpu"), _int(numel)])
    return (_global("torch._utils", "_rebuild_tensor_v2") + b"(" + record + b"Q" + _int(offset)
            + _tuple([_int(n) for n in size]) + _tuple([_int(s) for s in stride]) + b"\x89"
            + _global("collections", "OrderedDict") + b")R" + b"tR")


def _state(**values):
    """A protocol-2 pickle of a dict whose values are already-assembled opcodes."""
    return b"\x80\x02}(" + b"".join(_str(k) + v for k, v in values.items()) + b"u."


def _archive(path, pickle_bytes, members=(), *, byteorder=b"little", folder="archive",
             compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{folder}/data.pkl", pickle_bytes)
        zf.writestr(f"{folder}/byteorder", byteorder)
        for name, data in dict(members).items():
            zf.writestr(f"{folder}/{name}", data, compress_type=compression)
        zf.writestr(f"{folder}/version", b"3\n")
    return path


@pytest.fixture
def marker(tmp_path):
    """A file that a successful attack would create."""
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "code from the checkpoint ran"


# ---------------------------------------------------------------------- minigrad round trips
def test_format_torch_round_trips_a_nested_state_dict_without_torch(tmp_path, rng):
    weights = rng.normal(size=(3, 2)).astype(np.float32)
    obj = {
        "model": collections.OrderedDict([
            ("fc.weight", nn.Parameter(minigrad.tensor(weights))),
            ("fc.bias", minigrad.zeros(2, dtype=minigrad.float64)),
            ("bn.num_batches_tracked", minigrad.tensor(7)),
            ("half", minigrad.tensor(np.array([0.5, -2.0], np.float16))),
            ("mask", minigrad.tensor([True, False, True])),
            ("bytes", minigrad.tensor(np.arange(4, dtype=np.uint8))),
            ("small", minigrad.tensor(np.array([-3, 4], np.int8))),
            ("short", minigrad.tensor(np.array([-300], np.int16))),
            ("int", minigrad.tensor(np.array([1 << 30], np.int32))),
            ("empty", minigrad.zeros(0, 3)),
            ("grad", minigrad.ones(2, requires_grad=True)),
        ]),
        "optimizer": {"state": {0: {"step": 3, "exp_avg": minigrad.ones(3)}},
                      "param_groups": [{"lr": 0.1, "betas": (0.9, 0.999), "params": [0, 1],
                                        "nesterov": False, "foreach": None}]},
        "numbers": [2 ** 80, -(2 ** 40), 70000, -1, math.inf, float("nan"), np.float32(2.5),
                    np.int64(-9), np.bool_(True)],
        "text": "ünïcode",
        "wide": (1, 2, 3, 4, 5),
    }
    path = tmp_path / "ckpt.pt"
    minigrad.save(obj, path, format="torch")
    back = minigrad.load(path)
    model = back["model"]
    assert isinstance(model, collections.OrderedDict) and list(model) == list(obj["model"])
    for key, value in obj["model"].items():
        assert type(model[key]) is type(value), key
        assert model[key].dtype == value.dtype and model[key].shape == value.shape, key
        np.testing.assert_array_equal(model[key].detach().numpy(), value.detach().numpy(),
                                      err_msg=key)
    assert model["fc.weight"].requires_grad and model["grad"].requires_grad
    assert not model["fc.bias"].requires_grad
    assert back["optimizer"]["state"][0]["step"] == 3
    assert back["optimizer"]["param_groups"] == [{"lr": 0.1, "betas": (0.9, 0.999),
                                                   "params": [0, 1], "nesterov": False,
                                                   "foreach": None}]
    numbers = back["numbers"]
    assert numbers[:5] == [2 ** 80, -(2 ** 40), 70000, -1, math.inf] and math.isnan(numbers[5])
    assert numbers[6:] == [2.5, -9, True] and [type(n) for n in numbers[6:]] == [float, int, bool]
    assert back["text"] == "ünïcode" and back["wide"] == (1, 2, 3, 4, 5)


def test_format_torch_writes_the_layout_torch_save_writes(tmp_path):
    path = tmp_path / "ckpt.pt"
    minigrad.save(collections.OrderedDict(w=minigrad.ones(3), b=minigrad.zeros(1000)), path,
                  format="torch")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert names == ["archive/data.pkl", "archive/.format_version",
                         "archive/.storage_alignment", "archive/byteorder", "archive/data/0",
                         "archive/data/1", "archive/version", "archive/.data/serialization_id"]
        assert zf.read("archive/byteorder") == b"little"
        assert zf.read("archive/version") == b"3\n"
        assert all(info.compress_type == zipfile.ZIP_STORED for info in zf.infolist())
        assert np.frombuffer(zf.read("archive/data/0"), "<f4").tolist() == [1.0, 1.0, 1.0]
        ops = list(pickletools.genops(zf.read("archive/data.pkl")))
        data_offsets = [info.header_offset + 30 + len(info.filename) + len(info.extra)
                        for info in zf.infolist() if "/data/" in info.filename]
    raw = path.read_bytes()
    assert raw[data_offsets[0]:data_offsets[0] + 12] == np.ones(3, "<f4").tobytes()
    assert all(offset % 64 == 0 for offset in data_offsets)
    assert ops[0][0].name == "PROTO" and ops[0][1] == 2
    assert {arg for op, arg, _ in ops if op.name == "GLOBAL"} == {
        "collections OrderedDict", "torch._utils _rebuild_tensor_v2", "torch FloatStorage"}
    pids = [op.name for op, _, _ in ops if "PERSID" in op.name]
    assert pids == ["BINPERSID", "BINPERSID"]


def test_format_torch_refuses_what_torch_load_would_refuse_before_writing(tmp_path):
    path = tmp_path / "ckpt.pt"
    path.write_bytes(b"previous")
    with pytest.raises(TypeError, match=r"save: cannot save an object of type ndarray at "
                                        r"obj\['a'\] in format='torch'"):
        minigrad.save({"a": np.zeros(2)}, path, format="torch")
    with pytest.raises(TypeError, match="object of type set"):
        minigrad.save({"a": {1, 2}}, path, format="torch")
    cycle = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="contains itself"):
        minigrad.save(cycle, path, format="torch")
    with pytest.raises(ValueError, match="format must be 'minigrad' or 'torch', got 'pickle'"):
        minigrad.save({}, path, format="pickle")
    assert path.read_bytes() == b"previous"
    assert sorted(os.listdir(tmp_path)) == ["ckpt.pt"]


def test_format_torch_save_to_a_file_object_and_load_back():
    buffer = io.BytesIO()
    minigrad.save({"w": minigrad.arange(5)}, buffer, format="torch")
    buffer.seek(0)
    assert minigrad.load(buffer)["w"].tolist() == [0, 1, 2, 3, 4]


def test_a_hand_assembled_checkpoint_loads_views_big_endian_storages_and_shared_storage(
        tmp_path):
    values = np.arange(12, dtype=np.float64)
    pkl = _state(
        whole=_tensor("0", 12, (3, 4), (4, 1), storage="DoubleStorage"),
        again=_tensor("0", 12, (12,), (1,), storage="DoubleStorage"),
        transposed=_tensor("0", 12, (4, 3), (1, 4), storage="DoubleStorage"),
        columns=_tensor("0", 12, (3, 2), (4, 2), offset=1, storage="DoubleStorage"),
        broadcast=_tensor("0", 12, (2, 3), (0, 1), offset=9, storage="DoubleStorage"),
        scalar=_tensor("0", 12, (), (), offset=5, storage="DoubleStorage"),
        empty=_tensor("0", 12, (0, 5), (5, 1), offset=12, storage="DoubleStorage"),
    )
    path = _archive(tmp_path / "big.pt", pkl, {"data/0": values.astype(">f8").tobytes()},
                    byteorder=b"big")
    back = minigrad.load(path)
    grid = values.reshape(3, 4)
    np.testing.assert_array_equal(back["whole"].numpy(), grid)
    np.testing.assert_array_equal(back["transposed"].numpy(), grid.T)
    np.testing.assert_array_equal(back["columns"].numpy(), grid[:, 1::2])
    np.testing.assert_array_equal(back["broadcast"].numpy(), [[9, 10, 11], [9, 10, 11]])
    assert back["scalar"].shape == () and back["scalar"].item() == 5.0
    assert back["empty"].shape == (0, 5) and back["empty"].dtype == np.float64
    # A tensor spanning its whole storage shares it, as PyTorch's tied weights do.
    assert np.shares_memory(back["whole"].numpy(), back["again"].numpy())
    assert not np.shares_memory(back["whole"].numpy(), back["columns"].numpy())


# ---------------------------------------------------------------------- with PyTorch
def _torch_basic_block(torch, inplanes, planes, stride):
    """torchvision's BasicBlock, written out so that the test needs only torch."""
    tnn = torch.nn

    class BasicBlock(tnn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = tnn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
            self.bn1 = tnn.BatchNorm2d(planes)
            self.relu = tnn.ReLU(inplace=True)
            self.conv2 = tnn.Conv2d(planes, planes, 3, 1, 1, bias=False)
            self.bn2 = tnn.BatchNorm2d(planes)
            self.downsample = None
            if stride != 1 or inplanes != planes:
                self.downsample = tnn.Sequential(
                    tnn.Conv2d(inplanes, planes, 1, stride, bias=False), tnn.BatchNorm2d(planes))

        def forward(self, x):
            identity = x if self.downsample is None else self.downsample(x)
            out = self.relu(self.bn1(self.conv1(x)))
            return self.relu(self.bn2(self.conv2(out)) + identity)

    return BasicBlock()


def _torch_resnet18(torch, num_classes=1000):
    tnn = torch.nn

    class ResNet18(tnn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = tnn.Conv2d(3, 64, 7, 2, 3, bias=False)
            self.bn1 = tnn.BatchNorm2d(64)
            self.relu = tnn.ReLU(inplace=True)
            self.maxpool = tnn.MaxPool2d(3, 2, 1)
            inplanes = 64
            for i, planes in enumerate([64, 128, 256, 512], start=1):
                stride = 1 if i == 1 else 2
                setattr(self, f"layer{i}", tnn.Sequential(
                    _torch_basic_block(torch, inplanes, planes, stride),
                    _torch_basic_block(torch, planes, planes, 1)))
                inplanes = planes
            self.avgpool = tnn.AdaptiveAvgPool2d((1, 1))
            self.fc = tnn.Linear(512, num_classes)

        def forward(self, x):
            x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
            x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
            return self.fc(torch.flatten(self.avgpool(x), 1))

    return ResNet18()


def test_a_torchvision_style_resnet18_saved_by_torch_loads_and_gives_the_same_outputs(tmp_path):
    torch = _torch()
    from minigrad.models import resnet18

    torch.manual_seed(0)
    reference = _torch_resnet18(torch, num_classes=10)
    with torch.no_grad():  # running statistics that are not the defaults
        for module in reference.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.normal_(0, 0.1)
                module.running_var.uniform_(0.5, 1.5)
                module.weight.uniform_(0.5, 1.5)
                module.num_batches_tracked.fill_(3)
    reference.eval()
    path = tmp_path / "resnet18.pt"
    torch.save(reference.state_dict(), path)
    state = minigrad.load(path)
    assert list(state) == list(reference.state_dict())
    model = resnet18(num_classes=10)
    assert str(model.load_state_dict(state)) == "<All keys matched successfully>"
    model.eval()
    x = np.random.default_rng(1).normal(size=(2, 3, 64, 64)).astype(np.float32)
    with torch.no_grad():
        expected = reference(torch.from_numpy(x)).numpy()
    with minigrad.no_grad():
        got = model(minigrad.tensor(x)).numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    assert model.bn1.num_batches_tracked.item() == 3


def test_tensors_saved_by_torch_load_with_their_dtypes_views_and_flags(tmp_path):
    torch = _torch()
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    source = {
        "strided": base[:, 1::2], "transposed": base.t(), "block": base[1:3, 2:],
        "base": base, "scalar": torch.tensor(3), "empty": torch.zeros(0, 3),
        "float64": torch.randn(3, dtype=torch.float64), "half": torch.randn(4).half(),
        "int8": torch.tensor([-1, 2], dtype=torch.int8), "int16": torch.tensor([-300],
                                                                         dtype=torch.int16),
        "int32": torch.tensor([7], dtype=torch.int32), "uint8": torch.tensor([255],
                                                                           dtype=torch.uint8),
        "bool": torch.tensor([True, False]), "param": torch.nn.Parameter(torch.ones(2)),
        "frozen": torch.nn.Parameter(torch.ones(1), requires_grad=False),
        "nested": {"list": [torch.ones(1), 2, 3.5, None, "s"], "tuple": (1, (2, 3))},
    }
    path = tmp_path / "tensors.pt"
    torch.save(source, path)
    back = minigrad.load(path)
    for key, value in source.items():
        if key == "nested":
            continue
        expected = value.detach().numpy()
        assert back[key].shape == expected.shape and back[key].dtype == expected.dtype, key
        np.testing.assert_array_equal(back[key].detach().numpy(), expected, err_msg=key)
    assert type(back["param"]) is nn.Parameter and back["param"].requires_grad
    assert type(back["frozen"]) is nn.Parameter and not back["frozen"].requires_grad
    assert back["nested"]["list"][1:] == [2, 3.5, None, "s"]
    assert back["nested"]["tuple"] == (1, (2, 3))


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_every_pickle_protocol_torch_can_write_loads(protocol):
    torch = _torch()
    buffer = io.BytesIO()
    torch.save({"w": torch.arange(6.0).reshape(2, 3).t(), "n": [1, (2.5, "x")]}, buffer,
               pickle_protocol=protocol)
    buffer.seek(0)
    back = minigrad.load(buffer)
    assert back["w"].tolist() == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]
    assert back["n"] == [1, (2.5, "x")]


def test_bfloat16_tensors_load_as_float32_with_the_same_values(tmp_path):
    torch = _torch()
    value = torch.tensor([1.5, -0.007812, 3.0e38, float("inf")]).bfloat16()
    torch.save({"x": value}, tmp_path / "bf16.pt")
    back = minigrad.load(tmp_path / "bf16.pt")["x"]
    assert back.dtype == np.float32
    np.testing.assert_array_equal(back.numpy(), value.float().numpy())


def test_an_optimizer_state_dict_saved_by_torch_loads(tmp_path):
    torch = _torch()
    weight = torch.nn.Parameter(torch.ones(3))
    optimizer = torch.optim.Adam([weight], lr=0.01)
    weight.sum().backward()
    optimizer.step()
    torch.save(optimizer.state_dict(), tmp_path / "adam.pt")
    back = minigrad.load(tmp_path / "adam.pt")
    expected = optimizer.state_dict()
    assert back["param_groups"] == expected["param_groups"]
    for name, value in expected["state"][0].items():
        np.testing.assert_array_equal(back["state"][0][name].numpy(), value.numpy())


def test_a_minigrad_state_dict_loads_in_torch_with_weights_only(tmp_path):
    torch = _torch()
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(8, 3))
    path = tmp_path / "model.pt"
    state = model.state_dict()
    minigrad.save(state, path, format="torch")
    loaded = torch.load(path, weights_only=True)
    assert list(loaded) == list(state)
    for key, value in state.items():
        assert loaded[key].dtype == getattr(torch, str(value.dtype))
        np.testing.assert_array_equal(loaded[key].numpy(), value.numpy(), err_msg=key)
    reference = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2),
                                    torch.nn.Flatten(), torch.nn.Linear(8, 3))
    assert str(reference.load_state_dict(loaded)) == "<All keys matched successfully>"
    mapped = torch.load(path, weights_only=True, mmap=True)
    np.testing.assert_array_equal(mapped["3.weight"].numpy(), state["3.weight"].numpy())


def test_parameters_and_plain_values_reach_torch_intact(tmp_path):
    torch = _torch()
    obj = {"p": nn.Parameter(minigrad.ones(2)), "t": minigrad.ones(1, requires_grad=True),
           "b": minigrad.tensor([True]), "h": minigrad.tensor(np.ones(1, np.float16)),
           "s": minigrad.tensor(2.5), "n": [1, 2 ** 70, 1.5, None, "x", (1, 2, 3, 4)],
           "o": collections.OrderedDict(a=1)}
    minigrad.save(obj, tmp_path / "values.pt", format="torch")
    back = torch.load(tmp_path / "values.pt", weights_only=True)
    assert isinstance(back["p"], torch.nn.Parameter) and back["p"].requires_grad
    assert back["t"].requires_grad and back["b"].dtype == torch.bool
    assert back["h"].dtype == torch.float16 and back["s"].shape == () and back["s"].item() == 2.5
    assert back["n"] == [1, 2 ** 70, 1.5, None, "x", (1, 2, 3, 4)]
    assert type(back["o"]) is collections.OrderedDict


def test_a_torch_state_dict_survives_minigrad_and_back_with_its_metadata(tmp_path):
    torch = _torch()
    reference = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
    torch.save(reference.state_dict(), tmp_path / "a.pt")
    state = minigrad.load(tmp_path / "a.pt")
    assert state._metadata == reference.state_dict()._metadata
    minigrad.save(state, tmp_path / "b.pt", format="torch")
    again = torch.load(tmp_path / "b.pt", weights_only=True)
    assert again._metadata == reference.state_dict()._metadata
    for key, value in reference.state_dict().items():
        assert torch.equal(again[key], value), key


# ---------------------------------------------------------------------- refused files
def test_a_global_that_runs_a_command_is_refused(tmp_path, marker):
    pkl = (b"\x80\x02" + _global("os", "system") + _str(f"touch {marker}") + b"\x85R.")
    path = _archive(tmp_path / "evil.pt", pkl)
    with pytest.raises(CheckpointError, match=r"evil\.pt is refused .* refers to os\.system, "
                                              r"which is not allowed"):
        minigrad.load(path)


def test_a_pickled_object_whose_reduce_calls_a_function_is_refused(tmp_path, marker):
    class Evil:
        def __reduce__(self):
            return os.system, (f"touch {marker}",)

    path = _archive(tmp_path / "evil.pt", pickle.dumps({"w": Evil()}, protocol=2))
    with pytest.raises(CheckpointError, match=r"refers to (posix|nt|os)\.system"):
        minigrad.load(path)


def test_stack_global_of_builtins_eval_is_refused(tmp_path, marker):
    code = f"open({str(marker)!r}, 'w')"
    pkl = (b"\x80\x04" + b"\x8c\x08builtins" + b"\x8c\x04eval" + b"\x93" + _str(code)
           + b"\x85R.")
    path = _archive(tmp_path / "evil.pt", pkl)
    with pytest.raises(CheckpointError, match=r"refers to builtins\.eval"):
        minigrad.load(path)


@pytest.mark.parametrize("module, name", [
    ("torch._utils", "_rebuild_tensor_v3"), ("torch", "load"), ("collections", "namedtuple"),
    ("collections", "OrderedDict.fromkeys"), ("torch._utils", "os"), ("__builtin__", "eval"),
    ("torch", "ComplexFloatStorage")])
def test_names_near_the_allowlist_are_refused(tmp_path, module, name):
    pkl = b"\x80\x02" + _global(module, name) + b")R."
    path = _archive(tmp_path / "near.pt", pkl)
    with pytest.raises(CheckpointError, match=rf"refers to {module}\.{name}"):
        minigrad.load(path)


@pytest.mark.parametrize("pkl, message", [
    (b"\x80\x02" + _global("torch", "FloatStorage") + b")R.",
     "calls torch.FloatStorage, which is not an allowed function"),
    (b"\x80\x02" + _global("collections", "OrderedDict") + b"]\x85R.",
     "calls collections.OrderedDict with 1 arguments"),
    (b"\x80\x02" + _global("torch._utils", "_rebuild_tensor_v2") + _str("x") + b"\x85R.",
     "calls torch._utils._rebuild_tensor_v2 with 1 arguments"),
    (b"\x80\x02" + _global("torch._utils", "_rebuild_tensor_v2")
     + _tuple([_str("x"), _int(0), b")", b")", b"\x89", b"}"]) + b"R.",
     "_rebuild_tensor_v2 got str instead of a storage"),
    (b"\x80\x02" + _global("torch._utils", "_rebuild_parameter")
     + _tuple([_str("x"), b"\x88", b"}"]) + b"R.", "_rebuild_parameter needs a floating-point"),
    (b"\x80\x02" + _global("collections", "OrderedDict") + b")R}" + _str("__class__") + b"Nsb.",
     "BUILD .* may only set an OrderedDict's _metadata"),
    (b"\x80\x02" + _global("collections", "OrderedDict") + _str("append") + b"R.",
     "passes str arguments"),
])
def test_reduce_and_build_on_allowed_names_are_checked(tmp_path, pkl, message):
    path = _archive(tmp_path / "misuse.pt", pkl)
    with pytest.raises(CheckpointError, match=message):
        minigrad.load(path)


@pytest.mark.parametrize("pkl, opcode", [
    (b"\x80\x02(" + b"ios\nsystem\n" + b".", "INST"),
    (b"\x80\x02(" + _global("collections", "OrderedDict") + b"o.", "OBJ"),
    (b"\x80\x02" + _global("collections", "OrderedDict") + b")\x81.", "NEWOBJ"),
    (b"\x80\x02\x82\x01.", "EXT1"),
    (b"\x80\x02Pfoo\n.", "PERSID"),
    (b"\x80\x02I1\n.", "INT"),
    (b"\x80\x05\x97.", "NEXT_BUFFER"),
])
def test_opcodes_that_create_arbitrary_objects_are_refused(tmp_path, pkl, opcode, marker):
    path = _archive(tmp_path / "op.pt", pkl)
    with pytest.raises(CheckpointError, match=rf"opcode {opcode} at byte \d+ is not allowed"):
        minigrad.load(path)


@pytest.mark.parametrize("key, message", [
    ("../../../etc/passwd", "does not name a member"),
    ("0/../../x", "does not name a member"),
    ("7", r"storage member archive/data/7 is missing"),
])
def test_a_storage_outside_the_archive_is_refused(tmp_path, key, message):
    pkl = _state(w=_tensor(key, 1, (1,), (1,)))
    path = _archive(tmp_path / "outside.pt", pkl, {"data/0": b"\0" * 4})
    with pytest.raises(CheckpointError, match=message):
        minigrad.load(path)


def test_a_storage_saved_on_another_device_loads_onto_the_cpu(tmp_path):
    record = _tuple([_str("storage"), _global("torch", "LongStorage"), _str("0"),
                     _str("cuda:0"), _int(2)])
    pkl = _state(w=_tensor("0", 2, (2,), (1,), pid=record))
    path = _archive(tmp_path / "gpu.pt", pkl, {"data/0": np.array([5, -6], "<i8").tobytes()})
    assert minigrad.load(path)["w"].tolist() == [5, -6]


def test_a_persistent_id_that_is_not_a_storage_record_is_refused(tmp_path):
    pkl = _state(w=_tensor("0", 1, (1,), (1,), pid=_tuple([_str("module"), _str("os")])))
    with pytest.raises(CheckpointError, match="is not a storage record"):
        minigrad.load(_archive(tmp_path / "pid.pt", pkl, {"data/0": b"\0" * 4}))


def test_a_huge_declared_storage_is_refused_before_allocating(tmp_path):
    pkl = _state(w=_tensor("0", 2 ** 61, (2 ** 61,), (1,)))
    path = _archive(tmp_path / "huge.pt", pkl, {"data/0": b"\0" * 8})
    with pytest.raises(CheckpointError, match=r"archive/data/0 holds 8 bytes, but the pickle "
                                              r"declares 2305843009213693952 elements"):
        minigrad.load(path)


def test_a_compressed_storage_that_inflates_past_the_budget_is_refused(tmp_path):
    numel = 8 << 20  # 32 MiB of float32 zeros, deflated to about 32 KiB
    pkl = _state(w=_tensor("0", numel, (numel,), (1,)))
    path = _archive(tmp_path / "bomb.pt", pkl, {"data/0": bytes(4 * numel)},
                    compression=zipfile.ZIP_DEFLATED)
    assert path.stat().st_size < 1 << 20
    with pytest.raises(CheckpointError, match=r"bomb\.pt: storage archive/data/0 .* would take "
                                              r"33554432 bytes, more than"):
        minigrad.load(path)
    assert minigrad.load(path, max_bytes=64 << 20)["w"].shape == (numel,)


@pytest.mark.parametrize("size, stride, offset", [
    ((2, 3), (3, 2), 0),  # the last element would be 3 + 4 = 7 of 6
    ((6,), (1,), 1),
    ((1,), (1,), 6),
    ((0, 2), (2, 1), 7),
    ((2 ** 40, 2 ** 40), (0, 0), 0),  # within the storage, but far too big a copy
])
def test_a_tensor_reaching_past_its_storage_or_budget_is_refused(tmp_path, size, stride,
                                                                 offset):
    pkl = _state(w=_tensor("0", 6, size, stride, offset))
    path = _archive(tmp_path / "stride.pt", pkl, {"data/0": bytes(24)})
    with pytest.raises(CheckpointError, match="reads past the end of its storage of 6 "
                                              "elements|would take"):
        minigrad.load(path)


@pytest.mark.parametrize("size, stride", [((-1,), (1,)), ((2,), (-1,)), ((2,), (1, 1)),
                                          ((True,), (1,))])
def test_malformed_sizes_and_strides_are_refused(tmp_path, size, stride):
    record = (_global("torch._utils", "_rebuild_tensor_v2") + b"(" + _tuple(
        [_str("storage"), _global("torch", "FloatStorage"), _str("0"), _str("cpu"), _int(6)])
        + b"Q" + _int(0) + _tuple([b"\x88" if n is True else _int(n) for n in size])
        + _tuple([_int(s) for s in stride]) + b"\x89" + b"}tR")
    path = _archive(tmp_path / "shape.pt", _state(w=record), {"data/0": bytes(24)})
    with pytest.raises(CheckpointError, match="must be tuples of as many non-negative ints"):
        minigrad.load(path)


def test_a_bool_storage_with_other_bytes_is_refused(tmp_path):
    pkl = _state(m=_tensor("0", 2, (2,), (1,), storage="BoolStorage"))
    path = _archive(tmp_path / "bool.pt", pkl, {"data/0": b"\x01\x02"})
    with pytest.raises(CheckpointError, match="bool storage with bytes other than 0 and 1"):
        minigrad.load(path)


def test_a_storage_declared_with_two_types_is_refused(tmp_path):
    pkl = _state(a=_tensor("0", 2, (2,), (1,)),
                 b=_tensor("0", 1, (1,), (1,), storage="DoubleStorage"))
    path = _archive(tmp_path / "twice.pt", pkl, {"data/0": bytes(8)})
    with pytest.raises(CheckpointError, match="storage 0 is declared as both"):
        minigrad.load(path)


def test_a_truncated_torch_checkpoint_gives_a_clear_error(tmp_path):
    path = tmp_path / "model.pt"
    minigrad.save(nn.Linear(20, 10).state_dict(), path, format="torch")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match=r"model\.pt is not a minigrad checkpoint, or it is "
                                              r"truncated or damaged"):
        minigrad.load(path)


def test_a_truncated_pickle_gives_a_clear_error(tmp_path):
    pkl = _state(w=_tensor("0", 1, (1,), (1,)))
    path = _archive(tmp_path / "cut.pt", pkl[:-9], {"data/0": bytes(4)})
    with pytest.raises(CheckpointError, match=r"cut\.pt is a damaged PyTorch checkpoint: the "
                                              r"pickle ends"):
        minigrad.load(path)


def test_nesting_bombs_and_cycles_are_refused_without_recursion(tmp_path):
    deep_tuple = b"\x80\x02N" + b"\x85" * 1_000_000 + b"."
    deep_list = b"\x80\x02" + b"]" * 10_000 + b"a" * 9_999 + b"."
    # A list nested through the memo: each new list goes into the previous one.
    memo_chain = b"\x80\x02]q\x00" + b"h\x00]q\x00a0" * 5_000 + b"."
    cycle = b"\x80\x02]q\x00h\x00a."
    cases = [(deep_tuple, "tuples nest more than 100 deep"),
             (deep_list, "nest more than 100 deep"),
             (memo_chain, "nest more than 100 deep"),
             (cycle, r"contains itself \(a cycle\)")]
    for i, (pkl, message) in enumerate(cases):
        with pytest.raises(CheckpointError, match=message):
            minigrad.load(_archive(tmp_path / f"deep{i}.pt", pkl))


def test_a_pickle_that_builds_too_many_objects_is_refused(tmp_path):
    pkl = b"\x80\x02]" + b"}a" * 1_000_000 + b"."  # a list of a million empty dicts
    path = _archive(tmp_path / "many.pt", pkl)
    with pytest.raises(CheckpointError, match="the objects the pickle builds would take"):
        minigrad.load(path)


def test_legacy_and_torchscript_files_are_refused_with_the_reason(tmp_path):
    legacy = tmp_path / "legacy.pt"
    legacy.write_bytes(pickle.dumps({"a": 1}, protocol=2))
    with pytest.raises(CheckpointError, match="PyTorch's legacy format"):
        minigrad.load(legacy)
    script = tmp_path / "script.pt"
    with zipfile.ZipFile(script, "w") as zf:
        zf.writestr("script/data.pkl", b"\x80\x02}.")
        zf.writestr("script/constants.pkl", b"\x80\x02).")
    with pytest.raises(CheckpointError, match=r"TorchScript archive \(torch\.jit\.save\)"):
        minigrad.load(script)


def test_loading_a_torch_checkpoint_never_imports_torch(tmp_path):
    import subprocess

    path = tmp_path / "ckpt.pt"
    minigrad.save({"w": minigrad.ones(2)}, path, format="torch")
    code = (f"import sys, minigrad; minigrad.load({str(path)!r}); "
            f"minigrad.save({{'w': minigrad.ones(1)}}, {str(path)!r}, format='torch'); "
            f"print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    assert out.stdout.strip() == "False"
