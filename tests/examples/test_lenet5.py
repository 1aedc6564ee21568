"""The flagship example: it runs, checkpoints, resumes exactly and evaluates."""
import importlib.util
import os

import numpy as np
import pytest

import minigrad

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data", "mnist")


def _load_example():
    spec = importlib.util.spec_from_file_location("lenet5", os.path.join(ROOT, "examples", "lenet5.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lenet5():
    return _load_example()


def _args(tmp_path, *extra):
    return ["--data", DATA, "--checkpoint", str(tmp_path / "lenet.npz"), "--train-limit", "256",
            "--batch-size", "64", "--no-progress", *extra]


def test_model_matches_the_course_notes_layer_table(lenet5):
    model = lenet5.lenet5()
    x = minigrad.zeros(1, 1, 28, 28)
    shapes = []
    with minigrad.no_grad():
        for layer in model:
            x = layer(x)
            shapes.append(tuple(x.shape[1:]))
    assert shapes == [(20, 28, 28), (20, 28, 28), (20, 14, 14), (50, 14, 14), (50, 14, 14),
                      (50, 7, 7), (2450,), (500,), (500,), (10,)]
    weights = [tuple(layer.weight.shape) for layer in model if hasattr(layer, "weight")]
    assert weights == [(20, 1, 5, 5), (50, 20, 5, 5), (500, 2450), (10, 500)]


def test_layer_table_is_printed_before_training(lenet5, tmp_path, capsys):
    lenet5.main(_args(tmp_path, "--epochs", "1"))
    out = capsys.readouterr().out
    assert "20 x 28 x 28" in out and "20 x 1 x 5 x 5" in out and "2450" in out
    assert "epoch 1:" in out and "test loss" in out


def test_resume_continues_exactly_where_training_stopped(lenet5, tmp_path, monkeypatch):
    straight = lenet5.main(_args(tmp_path / "a", "--epochs", "2"))

    save = lenet5._save_checkpoint

    def save_then_crash(*args):
        save(*args)
        raise KeyboardInterrupt  # the run dies right after its first checkpoint

    monkeypatch.setattr(lenet5, "_save_checkpoint", save_then_crash)
    with pytest.raises(KeyboardInterrupt):
        lenet5.main(_args(tmp_path / "b", "--epochs", "2"))
    monkeypatch.setattr(lenet5, "_save_checkpoint", save)
    resumed = lenet5.main(_args(tmp_path / "b", "--epochs", "2", "--resume"))

    assert resumed["train_loss"] == straight["train_loss"]
    assert resumed["test_acc"] == straight["test_acc"]
    a = minigrad.load(str(tmp_path / "a" / "lenet.npz"))["model"]
    b = minigrad.load(str(tmp_path / "b" / "lenet.npz"))["model"]
    for key in a:
        assert np.array_equal(np.asarray(a[key]), np.asarray(b[key])), key


def test_eval_only_reports_the_checkpoint_accuracy(lenet5, tmp_path, capsys):
    history = lenet5.main(_args(tmp_path, "--epochs", "1"))
    capsys.readouterr()
    lenet5.main(_args(tmp_path, "--eval-only"))
    out = capsys.readouterr().out
    assert f"test accuracy {history['test_acc'][-1]:.4f}" in out


def test_resume_without_a_checkpoint_exits_with_a_message(lenet5, tmp_path):
    with pytest.raises(SystemExit, match="no checkpoint"):
        lenet5.main(_args(tmp_path, "--resume"))


def test_without_tqdm_prints_plain_progress_lines_and_says_how_to_get_the_bar(
        lenet5, tmp_path, monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "tqdm", None)  # makes "from tqdm import tqdm" fail
    monkeypatch.setattr(lenet5, "PLAIN_EVERY", 0.0)  # a line after every batch
    monkeypatch.setattr(lenet5._Progress, "_told_about_tqdm", False)
    args = [a for a in _args(tmp_path, "--epochs", "1") if a != "--no-progress"]
    history = lenet5.main(args)
    assert len(history["train_loss"]) == 1
    out = capsys.readouterr().out
    assert out.count("no tqdm") == 1 and 'pip install -e ".[examples]"' in out
    assert "epoch 1/1: 1/4 batches" in out and "epoch 1/1: 3/4 batches" in out
    assert "test: 1/10 batches" in out  # evaluation shows progress too
    assert "epoch 1:" in out


def test_evaluation_shows_a_progress_bar(lenet5, tmp_path, capsys):
    pytest.importorskip("tqdm")
    lenet5.main([a for a in _args(tmp_path, "--epochs", "1") if a != "--no-progress"])
    err = capsys.readouterr().err
    # The test bar is cleared when it closes; what it drew in between shows
    # how far it got, which depends on the redraw interval and the machine.
    assert "epoch 1/1" in err and "test:" in err and "/10 [" in err


def test_resume_of_a_finished_run_says_there_is_nothing_to_do(lenet5, tmp_path, capsys):
    history = lenet5.main(_args(tmp_path, "--epochs", "1"))
    capsys.readouterr()
    again = lenet5.main(_args(tmp_path, "--epochs", "1", "--resume"))
    assert "has finished all 1 epochs: nothing to do (--epochs 2 or more trains further)" \
        in capsys.readouterr().out
    assert again["test_acc"] == history["test_acc"]


def test_resume_with_more_epochs_extends_the_one_cycle_schedule(lenet5, tmp_path, capsys):
    lenet5.main(_args(tmp_path, "--epochs", "1"))
    history = lenet5.main(_args(tmp_path, "--epochs", "2", "--resume"))
    assert "Extending the one-cycle schedule from 1 to 2 epochs" in capsys.readouterr().out
    assert history["epoch"] == [1, 2]
    state = minigrad.load(str(tmp_path / "lenet.npz"))
    assert int(state["epoch"]) == 2
    assert int(state["schedule"]["total_steps"]) == 2 * 4


def test_weight_decay_applies_to_the_convolution_filters_only(lenet5):
    model = lenet5.lenet5()
    optimizer, _ = lenet5.make_optimizer("sgd", model, None, total_steps=10)
    filters, others = optimizer.param_groups
    assert len(filters["params"]) == 2
    assert filters["params"][0] is model[0].weight and filters["params"][1] is model[3].weight
    assert filters["weight_decay"] == 0.01 and others["weight_decay"] == 0
    assert len(filters["params"]) + len(others["params"]) == len(list(model.parameters()))
    optimizer, _ = lenet5.make_optimizer("adam", model, None, total_steps=10)
    assert [g["weight_decay"] for g in optimizer.param_groups] == [0, 0]
    optimizer, _ = lenet5.make_optimizer("sgd", model, None, total_steps=10, conv_weight_decay=0)
    assert optimizer.param_groups[0]["weight_decay"] == 0
    assert lenet5.parse_args([]).conv_weight_decay is None
