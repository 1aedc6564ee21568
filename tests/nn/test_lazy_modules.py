"""Lazy layers: uninitialized until the first call, then the eager layer, as in PyTorch."""
import copy
import pickle

import numpy as np
import pytest

import minigrad
from minigrad import nn, optim
from minigrad.nn.parameter import is_lazy

LAZY = [
    (lambda: nn.LazyLinear(3), nn.Linear, (2, 5), {"weight": (3, 5), "bias": (3,)}),
    (lambda: nn.LazyConv1d(4, 3), nn.Conv1d, (2, 6, 8), {"weight": (4, 6, 3), "bias": (4,)}),
    (lambda: nn.LazyConv2d(4, 3, groups=2), nn.Conv2d, (6, 5, 5),
     {"weight": (4, 3, 3, 3), "bias": (4,)}),
    (lambda: nn.LazyConv3d(2, 2, bias=False), nn.Conv3d, (1, 3, 3, 3, 3),
     {"weight": (2, 3, 2, 2, 2)}),
    (lambda: nn.LazyConvTranspose1d(4, 3), nn.ConvTranspose1d, (2, 6, 8),
     {"weight": (6, 4, 3), "bias": (4,)}),
    (lambda: nn.LazyConvTranspose2d(4, 2, groups=2), nn.ConvTranspose2d, (1, 6, 3, 3),
     {"weight": (6, 2, 2, 2), "bias": (4,)}),
    (lambda: nn.LazyConvTranspose3d(2, 2), nn.ConvTranspose3d, (1, 3, 2, 2, 2),
     {"weight": (3, 2, 2, 2, 2), "bias": (2,)}),
    (lambda: nn.LazyBatchNorm1d(), nn.BatchNorm1d, (4, 3),
     {"weight": (3,), "bias": (3,), "running_mean": (3,), "running_var": (3,),
      "num_batches_tracked": ()}),
    (lambda: nn.LazyBatchNorm2d(affine=False), nn.BatchNorm2d, (2, 5, 2, 2),
     {"running_mean": (5,), "running_var": (5,), "num_batches_tracked": ()}),
    (lambda: nn.LazyBatchNorm3d(track_running_stats=False), nn.BatchNorm3d, (2, 3, 2, 2, 2),
     {"weight": (3,), "bias": (3,)}),
]
IDS = [case[1].__name__ for case in LAZY]


@pytest.mark.parametrize("make, eager, shape, state", LAZY, ids=IDS)
def test_first_call_materializes_the_parameters_and_makes_the_module_eager(make, eager, shape,
                                                                            state):
    module = make()
    assert type(module).__name__ == "Lazy" + eager.__name__
    assert all(is_lazy(p) for p in module.parameters())
    module(minigrad.randn(*shape))
    assert type(module) is eager
    assert {k: tuple(v.shape) for k, v in module.state_dict().items()} == state
    assert not any(is_lazy(t) for t in module.state_dict().values())
    assert not hasattr(module, "_initialize_hook") and not module._forward_pre_hooks


@pytest.mark.parametrize("make, eager, shape, state", LAZY[:7], ids=IDS[:7])
def test_materialized_layer_computes_what_the_eager_layer_computes(make, eager, shape, state):
    module = make()
    x = minigrad.randn(*shape)
    out = module(x)
    reference = copy.deepcopy(module)  # now of the eager class, with the same weights
    np.testing.assert_allclose(reference(x).detach().numpy(), out.detach().numpy())


def test_uninitialized_parameters_are_initialized_as_the_eager_layer_does():
    minigrad.manual_seed(3)
    bn = nn.LazyBatchNorm2d()
    bn(minigrad.randn(2, 4, 2, 2))
    assert bn.weight.tolist() == [1.0] * 4 and bn.bias.tolist() == [0.0] * 4
    linear = nn.LazyLinear(50)
    linear(minigrad.zeros(1, 4))
    bound = 1 / np.sqrt(4)
    assert np.all(np.abs(linear.weight._data) <= bound) and linear.weight._data.std() > 0.1


def test_an_optimizer_built_before_the_first_call_updates_the_materialized_parameters():
    layer = nn.LazyLinear(2)
    weight = layer.weight
    sgd = optim.SGD(layer.parameters(), lr=0.5, momentum=0.9)
    x = minigrad.ones(3, 4)
    layer(x).sum().backward()
    assert layer.weight is weight
    before = weight._data.copy()
    sgd.step()
    np.testing.assert_allclose(weight._data, before - 0.5 * 3.0)


def test_state_dict_of_an_unmaterialized_module_holds_uninitialized_parameters():
    state = nn.LazyLinear(3).state_dict()
    assert list(state) == ["weight", "bias"] and all(is_lazy(v) for v in state.values())
    assert repr(state["weight"]) == "<UninitializedParameter>"
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized"):
        state["weight"].shape


def test_loading_a_state_dict_materializes_a_lazy_module():
    source = nn.Linear(4, 3)
    lazy = nn.LazyLinear(3)
    lazy.load_state_dict(source.state_dict())
    assert lazy.weight.shape == (3, 4) and not lazy.has_uninitialized_params()
    x = minigrad.randn(2, 4)
    np.testing.assert_allclose(lazy(x).detach().numpy(), source(x).detach().numpy())
    assert type(lazy) is nn.Linear and lazy.in_features == 4


def test_uninitialized_state_loads_only_into_a_lazy_module():
    lazy = nn.LazyLinear(2)
    lazy.load_state_dict(nn.LazyLinear(2).state_dict())
    assert is_lazy(lazy.weight)
    with pytest.raises(RuntimeError, match="copying an uninitialized parameter"):
        nn.Linear(3, 2).load_state_dict(nn.LazyLinear(2).state_dict())


def test_dtype_conversion_before_the_first_call_is_kept():
    layer = nn.LazyConv2d(2, 3).double()
    out = layer(minigrad.ones(1, 1, 4, 4, dtype=minigrad.float64))
    assert layer.weight.dtype == minigrad.float64 and out.dtype == minigrad.float64


def test_lazy_modules_copy_and_pickle_unmaterialized():
    layer = nn.LazyLinear(2)
    for clone in (copy.deepcopy(layer), pickle.loads(pickle.dumps(layer))):
        assert is_lazy(clone.weight) and clone.weight is not layer.weight
        clone(minigrad.ones(1, 3))
        assert type(clone) is nn.Linear and is_lazy(layer.weight)


def test_lazy_modules_reject_inputs_they_cannot_read_sizes_from():
    with pytest.raises(ValueError, match="LazyConv2d: expected 3D \\(unbatched\\) or 4D"):
        nn.LazyConv2d(2, 3)(minigrad.ones(2, 3))
    with pytest.raises(ValueError, match="LazyConv2d: in_channels must be divisible by groups"):
        nn.LazyConv2d(4, 3, groups=2)(minigrad.ones(1, 3, 5, 5))
    with pytest.raises(ValueError, match="LazyConv2d: out_channels must be divisible by groups"):
        nn.LazyConv2d(3, 3, groups=2)


def test_materialize_turns_an_uninitialized_parameter_into_a_parameter_in_place():
    param = nn.UninitializedParameter(dtype=minigrad.float64)
    param.materialize((2, 3))
    assert type(param) is nn.Parameter and param.shape == (2, 3)
    assert param.dtype == minigrad.float64 and param.requires_grad
    buffer = nn.UninitializedBuffer()
    buffer.materialize(4)
    assert type(buffer) is minigrad.Tensor and buffer.shape == (4,)
