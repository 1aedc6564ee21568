"""examples/lenet5.py under mpiexec: one checkpoint, and evaluation summed over the ranks."""
import importlib.util
import os

import numpy as np
import pytest

import minigrad

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data", "mnist")


def _load_example():
    path = os.path.join(ROOT, "examples", "lenet5.py")
    spec = importlib.util.spec_from_file_location("lenet5_example", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lenet5_trains_data_parallel_and_rank_0_alone_writes_the_checkpoint(dist, tmp_path,
                                                                            capsys):
    if dist.get_world_size() == 1:
        pytest.skip("needs several ranks (mpiexec -n 2)")
    lenet5 = _load_example()
    checkpoint = tmp_path / "lenet.npz"
    argv = ["--data", DATA, "--checkpoint", str(checkpoint), "--train-limit", "256",
            "--batch-size", "64", "--epochs", "1", "--no-progress", "--threads", "1"]
    import sys
    stdout = sys.stdout
    try:
        history = lenet5.main(argv)
    finally:
        sys.stdout = stdout
    rank = dist.get_rank()
    assert checkpoint.exists() == (rank == 0)
    losses = minigrad.tensor([history["test_loss"][0], history["test_acc"][0]],
                             dtype=minigrad.float64)
    gathered = [minigrad.zeros(2, dtype=minigrad.float64) for _ in range(dist.get_world_size())]
    dist.all_gather(gathered, losses)
    assert all(g.tolist() == losses.tolist() for g in gathered)  # every rank reports the same
    if rank == 0:
        # The reduced evaluation equals rank 0's model evaluated alone on the whole test set.
        net = lenet5.lenet5()
        net.load_state_dict(minigrad.load(str(checkpoint))["model"])
        net.eval()
        test = lenet5.load_mnist(DATA, train=False)
        with minigrad.no_grad():
            logits = net(test.tensors[0])
            loss = minigrad.nn.functional.cross_entropy(logits, test.tensors[1]).item()
            acc = (logits.argmax(dim=1) == test.tensors[1]).float().mean().item()
        np.testing.assert_allclose(history["test_loss"][0], loss, rtol=1e-5)
        np.testing.assert_allclose(history["test_acc"][0], acc, rtol=1e-6)
        assert "in each of" in capsys.readouterr().out
