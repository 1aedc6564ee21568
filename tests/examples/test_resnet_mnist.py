"""The small ResNet example: its network, its fusion and a quick run."""
import numpy as np
import pytest

import minigrad
from minigrad import nn

from ._load import DATA, load_example


@pytest.fixture(scope="module")
def example():
    return load_example("resnet_mnist")


def _with_running_statistics(model, seed=0):
    """``model`` in evaluation mode with batch norms whose statistics are not the defaults."""
    rng = np.random.default_rng(seed)
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            n = module.num_features
            module.running_mean.copy_(minigrad.from_numpy(rng.normal(0, 0.5, n).astype(np.float32)))
            module.running_var.copy_(minigrad.from_numpy(rng.uniform(0.5, 2, n).astype(np.float32)))
            module.weight.data.copy_(minigrad.from_numpy(rng.uniform(0.5, 1.5, n).astype(np.float32)))
    return model.eval()


def test_the_network_maps_digits_to_ten_scores_through_three_residual_blocks(example):
    model = example.small_resnet()
    assert model(minigrad.randn(2, 1, 28, 28)).shape == (2, 10)
    blocks = [m for m in model if isinstance(m, example.ResidualBlock)]
    assert len(blocks) == 3
    assert isinstance(blocks[0].shortcut, nn.Identity)
    assert isinstance(blocks[1].shortcut[0], nn.Conv2d) and blocks[1].shortcut[0].stride == (2, 2)
    assert isinstance(blocks[2].shortcut, nn.Identity)
    assert sum(p.numel() for p in model.parameters()) == 151_274


def test_a_block_adds_its_input_to_the_body_output(example):
    block = example.ResidualBlock(4, 4).eval()
    x = minigrad.randn(2, 4, 6, 6)
    with minigrad.no_grad():
        expected = (block.body(x) + x).relu()
        assert np.allclose(block(x).numpy(), expected.numpy())


def test_fusion_removes_every_batch_norm_and_keeps_the_scores(example):
    model = _with_running_statistics(example.small_resnet(width=8))
    images = minigrad.randn(16, 1, 28, 28)
    fused, before, after, gap = example.compare_fused(model, images)
    assert not any(isinstance(m, nn.BatchNorm2d) for m in fused.modules())
    assert sum(isinstance(m, nn.BatchNorm2d) for m in model.modules()) == 8  # model untouched
    assert before > 0 and after > 0
    with minigrad.no_grad():
        assert np.allclose(fused(images).numpy(), model(images).numpy(), atol=1e-4)
    assert 0 <= gap < 1e-4


def test_weight_decay_applies_to_weights_but_not_to_batch_norms_and_biases(example):
    model = example.small_resnet(width=8)
    optimizer, schedule = example.make_optimizer(model, 0.1, total_steps=10)
    decayed, plain = optimizer.param_groups
    assert decayed["weight_decay"] == 5e-4 and plain["weight_decay"] == 0
    assert all(p.dim() > 1 for p in decayed["params"]) and all(p.dim() == 1 for p in plain["params"])
    assert len(decayed["params"]) == 8 + 1  # eight convolutions and the linear layer
    assert schedule.total_steps == 10


def test_a_quick_run_trains_fuses_and_reports(example, capsys):
    results = example.main(["--data", DATA, "--epochs", "1", "--train-limit", "256",
                            "--test-limit", "200", "--batch-size", "64", "--width", "8",
                            "--no-progress"])
    out = capsys.readouterr().out
    assert "epoch 1:" in out and "fused 8 conv-BN pairs" in out and "images/s" in out
    assert 0 <= results["test_acc"] <= 1
    # Fusion changes the scores by rounding only, so at most a near tie can flip.
    assert abs(results["fused_test_acc"] - results["test_acc"]) <= 1 / 200
    assert results["max_logit_difference"] < 1e-3
