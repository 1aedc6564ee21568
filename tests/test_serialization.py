import collections
import io
import math
import os
import subprocess
import sys
import textwrap
import zipfile

import numpy as np
import pytest

import minigrad
from minigrad import serialization
from minigrad.serialization import CheckpointError


def _roundtrip(obj, path):
    minigrad.save(obj, path)
    return minigrad.load(path)


def test_save_and_load_round_trip_a_nested_state_dict(tmp_path, rng):
    weights = rng.normal(size=(3, 2)).astype(np.float32)
    obj = {
        "model": collections.OrderedDict(
            [("fc.weight", minigrad.tensor(weights)), ("fc.bias", minigrad.zeros(2))]),
        "optimizer": {"state": {0: {"step": 3, "exp_avg": minigrad.ones(3, dtype=np.float64)}},
                      "param_groups": [{"lr": 0.1, "betas": (0.9, 0.999), "params": [0, 1],
                                        "nesterov": False, "name": None}]},
        "epoch": 7,
        "best": math.inf,
        "history": [0.5, float("nan"), -0.25],
        "mask": np.array([True, False]),
        "counts": np.arange(4, dtype=np.uint8),
        "scalar": np.float32(2.5),
        "note": "ünïcode",
    }
    back = _roundtrip(obj, tmp_path / "ckpt.mg")
    assert isinstance(back["model"], collections.OrderedDict)
    assert list(back["model"]) == ["fc.weight", "fc.bias"]
    assert isinstance(back["model"]["fc.weight"], minigrad.Tensor)
    np.testing.assert_array_equal(back["model"]["fc.weight"]._data, weights)
    assert back["model"]["fc.weight"].dtype == np.float32
    state = back["optimizer"]["state"]
    assert list(state) == [0] and state[0]["step"] == 3
    assert state[0]["exp_avg"].dtype == np.float64
    assert back["optimizer"]["param_groups"][0]["betas"] == (0.9, 0.999)
    assert back["optimizer"]["param_groups"][0]["name"] is None
    assert back["epoch"] == 7 and type(back["epoch"]) is int
    assert back["best"] == math.inf and math.isnan(back["history"][1])
    assert back["mask"].dtype == np.bool_ and back["counts"].dtype == np.uint8
    assert back["scalar"] == np.float32(2.5) and back["scalar"].dtype == np.float32
    assert back["note"] == "ünïcode"


def test_requires_grad_and_parameters_survive_a_round_trip(tmp_path):
    from minigrad.nn.parameter import Parameter

    obj = {"w": minigrad.ones(2, requires_grad=True), "p": Parameter(minigrad.ones(3)),
           "frozen": Parameter(minigrad.ones(1), requires_grad=False)}
    back = _roundtrip(obj, tmp_path / "p.mg")
    assert back["w"].requires_grad and type(back["w"]) is minigrad.Tensor
    assert isinstance(back["p"], Parameter) and back["p"].requires_grad
    assert isinstance(back["frozen"], Parameter) and not back["frozen"].requires_grad


def test_a_module_state_dict_round_trips_into_a_fresh_module(tmp_path):
    nn = pytest.importorskip("minigrad.nn")
    model = nn.Linear(4, 3)
    minigrad.save(model.state_dict(), tmp_path / "linear.mg")
    fresh = nn.Linear(4, 3)
    fresh.load_state_dict(minigrad.load(tmp_path / "linear.mg"))
    np.testing.assert_array_equal(fresh.weight._data, model.weight._data)
    np.testing.assert_array_equal(fresh.bias._data, model.bias._data)


def test_the_random_generator_state_with_its_128_bit_integers_round_trips(tmp_path):
    minigrad.manual_seed(11)
    minigrad.rand(3)
    back = _roundtrip({"rng": minigrad.get_rng_state()}, tmp_path / "rng.mg")
    expected = minigrad.rand(4).tolist()
    minigrad.set_rng_state(back["rng"])
    assert minigrad.rand(4).tolist() == expected


def test_save_accepts_file_objects(rng):
    buffer = io.BytesIO()
    array = rng.normal(size=5)
    minigrad.save([array], buffer)
    buffer.seek(0)
    np.testing.assert_array_equal(minigrad.load(buffer)[0], array)


def test_a_checkpoint_is_a_zip_with_npy_members_and_a_json_description(tmp_path):
    minigrad.save({"w": minigrad.ones(2)}, tmp_path / "c.npz")
    with zipfile.ZipFile(tmp_path / "c.npz") as zf:
        assert sorted(zf.namelist()) == ["0.npy", "minigrad.json"]
    with np.load(tmp_path / "c.npz", allow_pickle=False) as npz:
        np.testing.assert_array_equal(npz["0"], [1.0, 1.0])


def test_saved_file_gets_the_usual_permissions(tmp_path):
    minigrad.save({}, tmp_path / "c.mg")
    mask = os.umask(0)
    os.umask(mask)
    assert os.stat(tmp_path / "c.mg").st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize("obj, error, match", [
    ({"f": lambda x: x}, TypeError, r"cannot save an object of type function at obj\['f'\]"),
    ({"a": [1, {2.5: 3}]}, TypeError, (r"dict keys must be str or int, got float key 2.5 "
                                      r"at obj\['a'\]\[1\]")),
    ({True: 1}, TypeError, "dict keys must be str or int, got bool"),
    ({"o": np.array([object()])}, TypeError, "cannot save arrays of dtype object"),
    ({"s": {1, 2}}, TypeError, "type set"),
])
def test_save_rejects_objects_it_cannot_store_without_pickle(tmp_path, obj, error, match):
    with pytest.raises(error, match=match):
        minigrad.save(obj, tmp_path / "bad.mg")
    assert list(tmp_path.iterdir()) == []


def test_save_rejects_a_structure_that_contains_itself(tmp_path):
    loop = []
    loop.append(loop)
    with pytest.raises(ValueError, match=r"contains itself at obj\[0\]"):
        minigrad.save(loop, tmp_path / "loop.mg")


def test_save_and_load_reject_a_non_path_target():
    with pytest.raises(TypeError, match="f must be a path or a binary file object"):
        minigrad.save({}, 3)
    with pytest.raises(TypeError, match="f must be a path or a binary file object"):
        minigrad.load(3.5)


def test_load_accepts_cpu_map_location_only(tmp_path):
    minigrad.save({"a": 1}, tmp_path / "c.mg")
    assert minigrad.load(tmp_path / "c.mg", map_location="cpu", weights_only=False) == {"a": 1}
    with pytest.raises(ValueError, match="map_location must be None or 'cpu'"):
        minigrad.load(tmp_path / "c.mg", map_location="cuda:0")


def test_load_accepts_the_cpu_as_a_device_object(tmp_path):
    minigrad.save({"w": minigrad.ones(2)}, tmp_path / "c.mg")
    for where in (minigrad.device("cpu"), "cpu:0", minigrad.device("cpu", 0), {"cuda:0": "cpu"}):
        loaded = minigrad.load(tmp_path / "c.mg", map_location=where)
        assert loaded["w"].device == minigrad.device("cpu")
    for where in (minigrad.device("cuda"), {"cpu": "cuda:0"}, lambda storage, loc: storage):
        with pytest.raises(ValueError, match="load: minigrad runs on the CPU only; map_location"):
            minigrad.load(tmp_path / "c.mg", map_location=where)


# ---------------------------------------------------------------------- damaged files
@pytest.fixture
def checkpoint(tmp_path, rng):
    path = tmp_path / "model.mg"
    minigrad.save({"w": minigrad.tensor(rng.normal(size=(50, 50))), "step": 10}, path)
    return path


def test_load_rejects_a_truncated_checkpoint(checkpoint):
    data = checkpoint.read_bytes()
    checkpoint.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match=r"model\.mg is not a minigrad checkpoint, or it "
                                              r"is truncated or damaged"):
        minigrad.load(checkpoint)


def test_load_detects_corrupted_array_data_by_its_checksum(checkpoint):
    data = bytearray(checkpoint.read_bytes())
    offset = data.index(b"\x93NUMPY") + 1000
    data[offset] ^= 0xFF
    checkpoint.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match=r"model\.mg is damaged: 0\.npy: Bad CRC-32"):
        minigrad.load(checkpoint)


def test_load_rejects_files_that_are_not_checkpoints(tmp_path):
    (tmp_path / "text.mg").write_text("hello")
    with pytest.raises(CheckpointError, match="is not a minigrad checkpoint"):
        minigrad.load(tmp_path / "text.mg")
    np.savez(tmp_path / "plain.npz", a=np.ones(2))
    with pytest.raises(CheckpointError, match="a zip archive but not a minigrad checkpoint"):
        minigrad.load(tmp_path / "plain.npz")


def _archive(path, meta, members=()):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("minigrad.json", meta)
        for name, data in members:
            zf.writestr(name, data)


@pytest.mark.parametrize("meta, match", [
    ('{"format": "other", "version": 1, "root": 1}', "unknown format 'other'"),
    ('{"format": "minigrad-checkpoint", "version": 99, "root": 1}', "format version 99"),
    (('{"format": "minigrad-checkpoint", "version": 1, "root": {"$": "tensor", "array": 0, '
     '"requires_grad": false}}'), "array member 0.npy is missing"),
    ('{"format": "minigrad-checkpoint", "version": 1, "root": {"$": "nope"}}',
     "bad structure description"),
    ('{"format": "minigrad-chec', "is damaged"),
])
def test_load_rejects_a_damaged_description(tmp_path, meta, match):
    _archive(tmp_path / "c.mg", meta)
    with pytest.raises(CheckpointError, match=match):
        minigrad.load(tmp_path / "c.mg")


def test_load_refuses_pickled_arrays(tmp_path):
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    meta = '{"format": "minigrad-checkpoint", "version": 1, "root": {"$": "ndarray", "array": 0}}'
    _archive(tmp_path / "c.mg", meta, [("0.npy", buffer.getvalue())])
    with pytest.raises(CheckpointError, match=r"damaged: 0\.npy: Object arrays cannot be loaded"):
        minigrad.load(tmp_path / "c.mg")


# ---------------------------------------------------------------------- atomicity
def _fail_midway(monkeypatch, exception):
    """Make the second array write some bytes and then fail."""
    real = np.lib.format.write_array
    calls = []

    def write_array(fp, array, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            fp.write(b"partial data")
            raise exception
        return real(fp, array, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", write_array)


@pytest.mark.parametrize("exception", [OSError("disk full"), KeyboardInterrupt()])
def test_an_interrupted_save_keeps_the_previous_checkpoint_and_leaves_no_temp_file(
        tmp_path, monkeypatch, exception):
    path = tmp_path / "model.mg"
    minigrad.save({"a": np.zeros(3), "b": np.zeros(3)}, path)
    _fail_midway(monkeypatch, exception)
    with pytest.raises(type(exception)):
        minigrad.save({"a": np.ones(3), "b": np.ones(3)}, path)
    assert os.listdir(tmp_path) == ["model.mg"]
    np.testing.assert_array_equal(minigrad.load(path)["a"], np.zeros(3))


def test_a_failed_rename_keeps_the_previous_checkpoint(tmp_path, monkeypatch):
    path = tmp_path / "model.mg"
    minigrad.save({"v": 1}, path)

    def no_rename(src, dst):
        raise PermissionError("simulated")

    monkeypatch.setattr(serialization.os, "replace", no_rename)
    with pytest.raises(PermissionError):
        minigrad.save({"v": 2}, path)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["model.mg"] and minigrad.load(path) == {"v": 1}


def test_a_process_killed_during_save_leaves_the_previous_checkpoint_loadable(tmp_path):
    path = tmp_path / "model.mg"
    minigrad.save({"w": np.zeros(1000), "step": 1}, path)
    script = textwrap.dedent(f"""
        import os
        import numpy as np
        import minigrad

        real = np.lib.format.write_array

        def crash(fp, array, **kwargs):
            fp.write(b"half an array")
            os._exit(17)  # no cleanup, no exception handlers: like a power cut

        np.lib.format.write_array = crash
        minigrad.save({{"w": np.ones(1000), "step": 2}}, {str(path)!r})
    """)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=repo + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-c", script], check=False, env=env, timeout=120)
    assert result.returncode == 17
    back = minigrad.load(path)
    assert back["step"] == 1
    np.testing.assert_array_equal(back["w"], np.zeros(1000))
