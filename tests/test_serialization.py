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
    ({"o": np.array([object()])}, TypeError, "arrays of dtype object cannot be stored"),
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
    with pytest.raises(CheckpointError, match=r"damaged: 0\.npy: arrays of dtype object cannot be "):
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


# ---------------------------------------------------------------------- hostile files
_META_HEAD = '{"format": "minigrad-checkpoint", "version": 1, "root": '


def _npy(descr, shape, data=b"", fortran=False):
    """A .npy member with a hand-written header, declaring whatever we like."""
    header = f"{{'descr': {descr!r}, 'fortran_order': {fortran}, 'shape': {shape!r}, }}"
    header += " " * (-(10 + len(header) + 1) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + data


@pytest.mark.parametrize("tag", ["tensor", "ndarray"])
def test_load_refuses_a_zero_size_dtype_declaring_a_huge_shape(tmp_path, tag):
    # 446 bytes that loaded as a |S0 array of 10**18 elements: any use hung.
    root = f'{{"$": "{tag}", "array": 0, "requires_grad": false}}'
    _archive(tmp_path / "c.mg", _META_HEAD + root + "}", [("0.npy", _npy("|S0", (10**18,)))])
    with pytest.raises(CheckpointError, match=r"c\.mg is damaged: 0\.npy: arrays of dtype \|S0 "
                                              r"cannot be stored"):
        minigrad.load(tmp_path / "c.mg")


@pytest.mark.parametrize("descr, shape, data, match", [
    ("<f8", (2**40,), bytes(8), r"declares shape \[1099511627776\] of float64, "
                                r"8796093022208 bytes, but holds 8"),
    ("<f8", (2**31, 2**31, 4), b"", r"declares shape \[2147483648, 2147483648, 4\]"),
    ("<f8", (3,), bytes(32), r"declares shape \[3\] of float64, 24 bytes, but holds 32"),
    ("<f8", (-1,), b"", r"0\.npy: "),
    ("<V8", (1,), bytes(8), r"dtype \|V8 cannot be stored"),
])
def test_load_checks_each_declared_shape_and_dtype_against_the_member(tmp_path, descr, shape,
                                                                       data, match):
    _archive(tmp_path / "c.mg", _META_HEAD + '{"$": "ndarray", "array": 0}}',
             [("0.npy", _npy(descr, shape, data))])
    with pytest.raises(CheckpointError, match=match):
        minigrad.load(tmp_path / "c.mg")


@pytest.mark.parametrize("index, match", [
    ("1e400", "array index inf is not an int"),
    ("true", "array index True is not an int"),
    ('"0"', "array index '0' is not an int"),
    ("-1", r"array member -1\.npy is missing"),
])
def test_load_rejects_bad_array_indices_in_the_format_error(tmp_path, index, match):
    _archive(tmp_path / "c.mg", _META_HEAD + '{"$": "ndarray", "array": ' + index + "}}",
             [("0.npy", _npy("<f8", (1,), bytes(8)))])
    with pytest.raises(CheckpointError, match=match):
        minigrad.load(tmp_path / "c.mg")


@pytest.mark.parametrize("root", ["[" * 100_000 + "]" * 100_000,
                                  '{"$": "tuple", "items": ' * 3000 + "[]" + "}" * 3000])
def test_load_rejects_deep_nesting_in_the_format_error(tmp_path, root):
    _archive(tmp_path / "c.mg", _META_HEAD + root + "}")
    with pytest.raises(CheckpointError, match="nested too deeply"):
        minigrad.load(tmp_path / "c.mg")


@pytest.mark.parametrize("root, match", [
    ('{"$": "tensor", "array": 0, "requires_grad": false}', "a tensor of dtype complex128"),
    ('{"$": "tensor", "array": 0, "requires_grad": false, "parameter": true}',
     "a tensor of dtype complex128"),
    ('{"$": "scalar", "array": 0}', r"a scalar of shape \(2,\)"),
])
def test_load_checks_what_each_tag_may_hold(tmp_path, root, match):
    _archive(tmp_path / "c.mg", _META_HEAD + root + "}", [("0.npy", _npy("<c16", (2,), bytes(32)))])
    with pytest.raises(CheckpointError, match=match):
        minigrad.load(tmp_path / "c.mg")


def test_load_refuses_a_member_that_inflates_far_beyond_the_file_unless_allowed(tmp_path):
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(2**22))  # 32 MiB of zeros deflate to about 32 KiB
    path = tmp_path / "bomb.mg"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("minigrad.json", _META_HEAD + '{"$": "ndarray", "array": 0}}')
        zf.writestr("0.npy", buffer.getvalue())
    assert path.stat().st_size < 100_000
    with pytest.raises(CheckpointError, match=r"bomb\.mg: 0\.npy \(shape \[4194304\] of float64\) "
                                              r"would take 33554432 bytes.*Pass max_bytes"):
        minigrad.load(path)
    assert minigrad.load(path, max_bytes=2**26).shape == (2**22,)
    with pytest.raises(CheckpointError, match="would take"):
        minigrad.load(io.BytesIO(path.read_bytes()), max_bytes=2**20)


def test_load_refuses_a_description_that_inflates_far_beyond_the_file(tmp_path):
    path = tmp_path / "bomb.mg"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("minigrad.json", _META_HEAD + '"' + " " * 2**25 + '"}')
    with pytest.raises(CheckpointError, match=r"minigrad\.json would take 335544\d\d bytes"):
        minigrad.load(path)


def test_load_rejects_a_negative_max_bytes(checkpoint):
    with pytest.raises(ValueError, match="load: max_bytes must be a non-negative int"):
        minigrad.load(checkpoint, max_bytes=-1)


def test_an_array_referenced_many_times_is_read_once_and_shared(tmp_path):
    # 1,000 references to one 2 MiB array took 2 GiB when each was read anew.
    buffer = io.BytesIO()
    np.save(buffer, np.arange(2**18, dtype=np.float64))
    root = "[" + ", ".join(['{"$": "ndarray", "array": 0}'] * 500
                           + ['{"$": "tensor", "array": 0, "requires_grad": false}'] * 500) + "]"
    _archive(tmp_path / "c.mg", _META_HEAD + root + "}", [("0.npy", buffer.getvalue())])
    back = minigrad.load(tmp_path / "c.mg")
    assert len(back) == 1000
    assert all(np.shares_memory(item if isinstance(item, np.ndarray) else item._data, back[0])
               for item in back)


@pytest.mark.parametrize("field, value, match", [
    (10, 99, "compression method"),      # NotImplementedError from zipfile
    (8, 1, "encrypted"),                 # RuntimeError: password required
    (24, 0x7F, "Bad CRC|but holds"),     # uncompressed size
])
def test_load_of_damaged_zip_directory_entries_raises_the_format_error(checkpoint, field, value,
                                                                        match):
    data = bytearray(checkpoint.read_bytes())
    for start in [i for i in range(len(data)) if data.startswith(b"PK\x01\x02", i)]:
        data[start + field] = value
    with pytest.raises(CheckpointError, match=r"model\.mg is damaged: .*(" + match + ")"):
        minigrad.load(_write(checkpoint, data))


def _write(path, data):
    path.write_bytes(bytes(data))
    return path


def test_load_of_a_checkpoint_with_flipped_bits_loads_or_raises_the_format_error(checkpoint):
    # Bit flips once escaped as NotImplementedError, RuntimeError, OverflowError.
    data = checkpoint.read_bytes()
    rng = np.random.default_rng(15)
    outcomes = collections.Counter()
    for _ in range(400):
        damaged = bytearray(data)
        for position in rng.integers(0, len(data), rng.integers(1, 4)):
            damaged[position] ^= 1 << int(rng.integers(0, 8))
        try:
            minigrad.load(io.BytesIO(bytes(damaged)))
            outcomes["loaded"] += 1
        except CheckpointError as error:
            assert "is damaged" in str(error) or "not a minigrad checkpoint" in str(error) \
                or "version" in str(error), error
            outcomes["CheckpointError"] += 1
    assert outcomes["CheckpointError"] > 100


# ---------------------------------------------------------------------- orphaned temporaries
def _dead_pid():
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                             capture_output=True, text=True, check=True)
    return int(process.stdout)


@pytest.mark.skipif(os.name != "posix", reason="liveness checks need POSIX")
def test_save_removes_temporaries_of_dead_saves_of_the_same_file_only(tmp_path):
    dead = _dead_pid()
    names = {
        f".model.mg.{dead}.k2j4x.tmp": False,            # a dead save of model.mg: removed
        f".model.mg.{os.getpid()}.a8f9q.tmp": True,      # a live save (this process): kept
        f".other.mg.{dead}.k2j4x.tmp": True,             # another file's: kept
        ".model.mg.k2j4xabc.tmp": True,                  # not named by a save: kept
    }
    for name in names:
        (tmp_path / name).write_bytes(b"partial")
    minigrad.save({"v": 1}, tmp_path / "model.mg")
    for name, kept in names.items():
        assert (tmp_path / name).exists() == kept, name
    assert minigrad.load(tmp_path / "model.mg") == {"v": 1}


@pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")
def test_sigkill_during_save_keeps_the_previous_file_and_the_next_save_cleans_up(tmp_path):
    import signal
    import time

    path = tmp_path / "model.mg"
    minigrad.save({"w": np.zeros(1000), "step": 1}, path)
    script = textwrap.dedent(f"""
        import time
        import numpy as np
        import minigrad

        real = np.lib.format.write_array

        def slow(fp, array, **kwargs):
            fp.write(b"half an array")
            fp.flush()
            time.sleep(120)  # killed here

        np.lib.format.write_array = slow
        minigrad.save({{"w": np.ones(1000), "step": 2}}, {str(path)!r})
    """)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=repo + os.pathsep + os.environ.get("PYTHONPATH", ""))
    process = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 60
        while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):
            assert time.monotonic() < deadline and process.poll() is None, "the save never began"
            time.sleep(0.05)
        time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    orphans = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(orphans) == 1 and f".{process.pid}." in orphans[0]
    back = minigrad.load(path)
    assert back["step"] == 1
    np.testing.assert_array_equal(back["w"], np.zeros(1000))
    minigrad.save({"step": 3}, path)
    assert os.listdir(tmp_path) == ["model.mg"] and minigrad.load(path) == {"step": 3}


def _with_compression_method(data, member, method):
    """A zip archive's bytes with ``member``'s compression method field set to ``method``."""
    data, name = bytearray(data), member.encode()
    for signature, field in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[start + field:start + field + 2] = method.to_bytes(2, "little")
            start += 4
    return bytes(data)


@pytest.mark.parametrize("method", [12, 14, 99], ids=["bzip2", "lzma", "unknown"])
def test_an_entry_compressed_otherwise_than_save_does_is_a_checkpoint_error(method):
    # Found by fuzzing load with atheris: an array entry marked LZMA-compressed
    # made zipfile raise lzma's LZMAError ("Invalid or unsupported options").
    buffer = io.BytesIO()
    minigrad.save({"w": minigrad.ones(3, 2), "step": 3}, buffer)
    damaged = _with_compression_method(buffer.getvalue(), "0.npy", method)
    with pytest.raises(CheckpointError, match=f"0.npy uses zip compression method {method}"):
        minigrad.load(io.BytesIO(damaged))
