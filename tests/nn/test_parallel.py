"""nn.DataParallel: on a CPU, the identity wrapper PyTorch's is without a GPU."""
import numpy as np
import pytest

import minigrad
from minigrad import nn


def test_data_parallel_is_the_same_class_at_both_paths():
    import minigrad.nn.parallel

    assert nn.DataParallel is minigrad.nn.parallel.DataParallel


def test_forward_returns_the_wrapped_modules_output_and_gradients_reach_it():
    net = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    model = nn.DataParallel(net)
    x = minigrad.randn(5, 3)
    np.testing.assert_array_equal(model(x).detach().numpy(), net(x).detach().numpy())
    model(x).sum().backward()
    assert net[0].weight.grad is not None
    assert [id(p) for p in model.parameters()] == [id(p) for p in net.parameters()]


def test_keyword_arguments_are_forwarded():
    class Scale(nn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    out = nn.DataParallel(Scale())(minigrad.ones(2), factor=3.0)
    np.testing.assert_array_equal(out.numpy(), [3.0, 3.0])


def test_state_dict_keys_are_prefixed_with_module_as_in_pytorch():
    net = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    model = nn.DataParallel(net)
    assert list(model.state_dict()) == ["module." + k for k in net.state_dict()]
    fresh = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    nn.DataParallel(fresh).load_state_dict(model.state_dict())
    np.testing.assert_array_equal(fresh[0].weight.detach().numpy(), net[0].weight.detach().numpy())
    # Unwrapping gives back the plain keys.
    assert list(model.module.state_dict()) == list(net.state_dict())


def test_device_ids_are_ignored_without_a_gpu_and_attributes_are_kept():
    model = nn.DataParallel(nn.Linear(2, 2), device_ids=[0, 1], output_device=0, dim=1)
    assert model.device_ids == [] and model.output_device is None and model.dim == 1


def test_repr_nests_the_module_as_pytorch():
    assert repr(nn.DataParallel(nn.Linear(2, 3))) == (
        "DataParallel(\n  (module): Linear(in_features=2, out_features=3, bias=True)\n)")


def test_train_eval_reach_the_wrapped_module():
    net = nn.Dropout(0.5)
    model = nn.DataParallel(net).eval()
    assert not net.training
    model.train()
    assert net.training


def test_wrapping_something_that_is_not_a_module_raises():
    with pytest.raises(TypeError, match="DataParallel: expected an nn.Module to wrap, got function"):
        nn.DataParallel(lambda x: x)


def test_state_dict_keys_match_torch():
    torch = pytest.importorskip("torch")
    ours = nn.DataParallel(nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2)))
    theirs = torch.nn.DataParallel(torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3),
                                                       torch.nn.BatchNorm2d(2)))
    assert list(ours.state_dict()) == list(theirs.state_dict())


def test_data_parallel_runs_the_module_on_its_inputs():
    # The function form that older scripts call as nn.parallel.data_parallel(main, x, gpu_ids).
    net = nn.Bilinear(2, 3, 4)
    x, y = minigrad.randn(5, 2), minigrad.randn(5, 3)
    expected = net(x, y)
    assert bool((nn.parallel.data_parallel(net, (x, y), None) == expected).all())
    linear = nn.Linear(2, 3)
    assert bool((nn.parallel.data_parallel(linear, x, range(2)) == linear(x)).all())
    with pytest.raises(TypeError, match="data_parallel: expected an nn.Module to run, got function"):
        nn.parallel.data_parallel(lambda t: t, x)
