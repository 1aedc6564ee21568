"""The feature-visualization example: the jittered ascent, the brief training, the pictures."""
import os

import numpy as np
import pytest

import minigrad

from ._load import DATA, load_example

pytest.importorskip("matplotlib")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def example():
    return load_example("feature_visualization")


def _channel_norms(model, layer, images, channels):
    with minigrad.no_grad():
        out = model[:int(layer) + 1](minigrad.from_numpy(images)).numpy()
    return np.array([np.linalg.norm(out[i, c]) for i, c in enumerate(channels)])


def test_the_jittered_ascent_raises_each_channel_and_keeps_pixels_in_range(example):
    minigrad.manual_seed(0)
    model = example.lenet5_example.lenet5().eval()
    channels = [0, 5, 7]
    start = np.random.default_rng(0).uniform(0, 1, (3, 1, 28, 28)).astype(np.float32)
    found = example.jittered_ascent(model, example.RELU2, channels, steps=8,
                                    warmup_layer=example.CONV2, warmup_steps=2, seed=0)
    assert found.shape == (3, 1, 28, 28)
    low, high = example.PIXEL_RANGE
    assert found.min() >= low - 1e-6 and found.max() <= high + 1e-6
    before = _channel_norms(model, example.RELU2, start, channels)
    after = _channel_norms(model, example.RELU2, found, channels)
    assert np.all(after > before)


def test_a_missing_checkpoint_is_trained_once_then_loaded(example, tmp_path, capsys):
    path = str(tmp_path / "brief.npz")
    first = example.trained_lenet5(path, DATA, train_limit=128)
    assert "no checkpoint" in capsys.readouterr().out and os.path.exists(path)
    second = example.trained_lenet5(path, DATA, train_limit=128)
    assert "no checkpoint" not in capsys.readouterr().out
    for a, b in zip(first.parameters(), second.parameters()):
        assert np.array_equal(a.detach().numpy(), b.detach().numpy())
    assert not second.training


def test_the_script_writes_its_four_pictures(example, tmp_path, capsys):
    written = example.main(["--checkpoint", str(tmp_path / "brief.npz"), "--data", DATA,
                            "--out", str(tmp_path / "pictures"), "--steps", "4",
                            "--channels", "2", "--train-limit", "128"])
    assert sorted(os.path.basename(p) for p in written) == [
        "class_models.png", "max_response_conv1.png", "max_response_conv2.png", "saliency.png"]
    for path in written:
        with open(path, "rb") as f:
            assert f.read(8) == PNG_MAGIC
    assert "accuracy on the first 1000 test digits" in capsys.readouterr().out


def test_pictures_go_to_a_folder_of_their_own_by_default(example):
    assert example.parse_args([]).out == "feature_visualization_pictures"
