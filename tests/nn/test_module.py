"""Module and Parameter: registration, traversal, modes, hooks, dtype, state_dict, repr."""
import copy
import pickle

import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.nn import Parameter


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
        self.bn = nn.BatchNorm1d(4)
        self.register_buffer("steps", minigrad.zeros(1))
        self.register_buffer("cache", minigrad.zeros(2), persistent=False)

    def forward(self, x):
        return self.bn(self.fc(x))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = Parameter(minigrad.ones(1))
        self.block = Block()
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.block(x)) * self.scale


# ---------------------------------------------------------------- Parameter
def test_parameter_wraps_tensor_data_without_copying():
    t = minigrad.ones(3)
    p = Parameter(t)
    assert p._data is t._data
    assert p.requires_grad and p.is_leaf and isinstance(p, minigrad.Tensor)


def test_parameter_from_non_leaf_is_a_leaf():
    x = minigrad.ones(2, requires_grad=True)
    p = Parameter(x * 2)
    assert p.is_leaf and p.grad_fn is None and p.requires_grad


def test_parameter_requires_grad_false():
    assert not Parameter(minigrad.ones(2), requires_grad=False).requires_grad


def test_parameter_of_integers_cannot_require_grad():
    with pytest.raises(RuntimeError, match="only floating-point tensors can require gradients"):
        Parameter(minigrad.tensor([1, 2]))


def test_parameter_repr():
    assert repr(Parameter(minigrad.tensor([1.0, 2.0]))) == (
        "Parameter containing:\ntensor([1., 2.], requires_grad=True)")


def test_parameter_operations_return_plain_tensors():
    p = Parameter(minigrad.ones(2))
    assert type(p * 2) is minigrad.Tensor
    assert type(p.detach()) is minigrad.Tensor


def test_parameter_deepcopy_and_pickle_keep_the_type():
    p = Parameter(minigrad.tensor([1.0, 2.0]))
    for q in (copy.deepcopy(p), pickle.loads(pickle.dumps(p))):
        assert type(q) is Parameter and q.requires_grad
        assert q._data is not p._data
        np.testing.assert_array_equal(q.detach().numpy(), [1.0, 2.0])


# ---------------------------------------------------------------- registration
def test_attributes_are_registered_in_assignment_order():
    net = Net()
    assert list(net._parameters) == ["scale"]
    assert list(net._modules) == ["block", "head"]
    assert [n for n, _ in net.named_parameters()] == [
        "scale", "block.fc.weight", "block.fc.bias", "block.bn.weight", "block.bn.bias",
        "head.weight", "head.bias"]


def test_plain_tensor_attribute_is_not_registered():
    m = nn.Module()
    m.t = minigrad.ones(2)
    assert list(m.parameters()) == [] and list(m.buffers()) == []
    assert m.t.shape == (2,)


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="'Linear' object has no attribute 'wieght'"):
        _ = nn.Linear(2, 2).wieght


def test_assigning_a_tensor_to_a_parameter_name_is_a_type_error():
    layer = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="cannot assign 'Tensor' as parameter 'weight'"):
        layer.weight = minigrad.ones(2, 2)
    layer.bias = None
    assert layer.bias is None and "bias" in layer._parameters


def test_assigning_a_non_module_to_a_child_name_is_a_type_error():
    net = Net()
    with pytest.raises(TypeError, match="cannot assign 'int' as child module 'head'"):
        net.head = 3


def test_assigning_a_non_tensor_to_a_buffer_name_is_a_type_error():
    bn = nn.BatchNorm1d(2)
    with pytest.raises(TypeError, match="cannot assign 'list' as buffer 'running_mean'"):
        bn.running_mean = [0.0, 0.0]
    bn.running_mean = minigrad.ones(2)
    assert bn.running_mean.tolist() == [1.0, 1.0]


def test_reassigning_a_name_moves_it_between_registries():
    m = nn.Module()
    m.x = nn.Linear(1, 1)
    m.x = Parameter(minigrad.ones(1))
    assert "x" in m._parameters and "x" not in m._modules


def test_assignment_before_init_is_an_attribute_error():
    class Broken(nn.Module):
        def __init__(self):
            self.fc = nn.Linear(1, 1)

    with pytest.raises(AttributeError, match="cannot assign module before Module.__init__"):
        Broken()


def test_delattr_removes_a_registered_member():
    layer = nn.Linear(2, 2)
    del layer.bias
    assert [n for n, _ in layer.named_parameters()] == ["weight"]


def test_register_parameter_validation():
    m = nn.Module()
    with pytest.raises(KeyError, match="must not contain"):
        m.register_parameter("a.b", None)
    with pytest.raises(KeyError, match="must not be empty"):
        m.register_parameter("", None)
    with pytest.raises(TypeError, match="parameter name should be a string"):
        m.register_parameter(1, None)
    with pytest.raises(TypeError, match="minigrad.nn.Parameter or None required"):
        m.register_parameter("w", minigrad.ones(1))
    m.other = 1
    with pytest.raises(KeyError, match='attribute "other" already exists'):
        m.register_parameter("other", None)


def test_register_buffer_validation():
    m = nn.Module()
    with pytest.raises(TypeError, match="minigrad.Tensor or None required"):
        m.register_buffer("b", np.zeros(2))
    with pytest.raises(KeyError, match="must not contain"):
        m.register_buffer("a.b", None)
    m.register_parameter("p", None)
    with pytest.raises(KeyError, match='attribute "p" already exists'):
        m.register_buffer("p", minigrad.ones(1))


def test_add_module_validation():
    m = nn.Module()
    with pytest.raises(TypeError, match="int is not a Module subclass"):
        m.add_module("x", 3)
    m.register_module("y", nn.ReLU())
    assert isinstance(m.y, nn.ReLU)


def test_forward_is_required():
    with pytest.raises(NotImplementedError, match='missing the required "forward" function'):
        nn.Module()(1)


# ---------------------------------------------------------------- traversal
def test_shared_parameters_and_modules_appear_once():
    shared = nn.Linear(2, 2)
    net = nn.Sequential(shared, nn.ReLU(), shared)
    assert len(list(net.parameters())) == 2
    assert len(list(net.modules())) == 3
    assert len(list(net.named_modules(remove_duplicate=False))) == 4
    assert [n for n, _ in net.named_parameters(remove_duplicate=False)] == [
        "0.weight", "0.bias", "2.weight", "2.bias"]


def test_named_modules_skips_the_modules_in_memo_and_fills_it():
    shared = nn.Linear(2, 2)
    inner = nn.Sequential(nn.Tanh(), shared)
    net = nn.Sequential(inner, nn.ReLU(), shared)
    memo = {inner}
    assert [n for n, _ in net.named_modules(memo=memo, prefix="net")] == ["net", "net.1",
                                                                         "net.2"]
    assert memo == {inner, net, net[1], shared}
    assert [n for n, _ in net.named_modules(remove_duplicate=False)] == [
        "", "0", "0.0", "0.1", "1", "2"]


def test_non_persistent_buffers_stay_out_of_the_state_dict_until_made_persistent():
    m = nn.Module()
    m.register_buffer("scratch", minigrad.ones(2), persistent=False)
    m.scratch = minigrad.zeros(3)  # assigning keeps it non-persistent
    assert [n for n, _ in m.named_buffers()] == ["scratch"] and m.state_dict() == {}
    m.load_state_dict({})  # strict, and nothing is missing
    m.register_buffer("scratch", minigrad.zeros(3))
    assert list(m.state_dict()) == ["scratch"]


def test_tied_weights_appear_once():
    a, b = nn.Linear(3, 3), nn.Linear(3, 3)
    b.weight = a.weight
    net = nn.Sequential(a, b)
    assert [n for n, _ in net.named_parameters()] == ["0.weight", "0.bias", "1.bias"]


def test_parameters_without_recursion():
    net = Net()
    assert [n for n, _ in net.named_parameters(recurse=False)] == ["scale"]
    assert [n for n, _ in net.named_parameters(prefix="model")][:2] == [
        "model.scale", "model.block.fc.weight"]


def test_buffers_include_non_persistent_ones():
    names = [n for n, _ in Net().named_buffers()]
    assert names == ["block.steps", "block.cache", "block.bn.running_mean",
                     "block.bn.running_var", "block.bn.num_batches_tracked"]


def test_children_and_modules():
    net = Net()
    assert [n for n, _ in net.named_children()] == ["block", "head"]
    assert [n for n, _ in net.named_modules()] == ["", "block", "block.fc", "block.bn", "head"]
    assert next(iter(net.children())) is net.block


def test_get_submodule_parameter_and_buffer():
    net = Net()
    assert net.get_submodule("block.fc") is net.block.fc
    assert net.get_parameter("block.fc.weight") is net.block.fc.weight
    assert net.get_buffer("block.bn.running_var") is net.block.bn.running_var
    with pytest.raises(AttributeError, match="Block has no attribute `nope`"):
        net.get_submodule("block.nope")
    with pytest.raises(AttributeError, match="`weight` is not an nn.Module"):
        net.get_submodule("block.fc.weight")
    with pytest.raises(AttributeError, match="Linear has no parameter `nope`"):
        net.get_parameter("head.nope")


# ---------------------------------------------------------------- modes and gradients
def test_train_and_eval_propagate_to_every_descendant():
    net = Net()
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())


def test_train_rejects_non_bool():
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        Net().train(1)


def test_zero_grad_sets_to_none_or_zero():
    net = Net()
    net(minigrad.randn(5, 3)).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    grads = [p.grad for p in net.parameters()]
    net.zero_grad(set_to_none=False)
    assert all(p.grad is g and not g.numpy().any() for p, g in zip(net.parameters(), grads))
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_requires_grad_freezes_parameters():
    net = Net()
    net.block.requires_grad_(False)
    assert not any(p.requires_grad for p in net.block.parameters())
    net(minigrad.randn(5, 3)).sum().backward()
    assert net.block.fc.weight.grad is None and net.head.weight.grad is not None


def test_apply_visits_children_before_parent():
    seen = []
    Net().apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "BatchNorm1d", "Block", "Linear", "Net"]


# ---------------------------------------------------------------- dtype
def test_double_converts_parameters_and_float_buffers_in_place():
    net = Net()
    params = list(net.parameters())
    net.double()
    assert all(p is q and p.dtype == np.float64 for p, q in zip(net.parameters(), params))
    assert net.block.bn.running_mean.dtype == np.float64
    assert net.block.bn.num_batches_tracked.dtype == np.int64
    assert net(minigrad.randn(4, 3, dtype=minigrad.float64)).dtype == np.float64
    net.float()
    assert net.head.weight.dtype == np.float32


def test_to_accepts_dtype_tensor_and_cpu_device():
    net = nn.Linear(2, 2)
    assert net.to(minigrad.float64).weight.dtype == np.float64
    assert net.to(minigrad.zeros(1)).weight.dtype == np.float32
    assert net.to("cpu", dtype=minigrad.float64).weight.dtype == np.float64
    assert net.to("float32").weight.dtype == np.float32
    assert net.cpu() is net


def test_to_converts_existing_gradients():
    net = nn.Linear(2, 2)
    net(minigrad.ones(1, 2)).sum().backward()
    net.double()
    assert net.weight.grad.dtype == np.float64


def test_to_rejects_integer_dtype_and_other_devices():
    with pytest.raises(TypeError, match="only accepts floating point dtypes"):
        nn.Linear(2, 2).to(minigrad.int64)
    with pytest.raises(ValueError, match="minigrad runs on the CPU only, got device 'cuda'"):
        nn.Linear(2, 2).to("cuda")


# ---------------------------------------------------------------- hooks
def test_forward_pre_hook_can_replace_the_input():
    layer = nn.Identity()
    handle = layer.register_forward_pre_hook(lambda m, args: args[0] * 2)
    assert layer(minigrad.tensor([1.0])).item() == 2.0
    handle.remove()
    assert layer(minigrad.tensor([1.0])).item() == 1.0


def test_forward_hook_sees_input_and_can_replace_the_output():
    layer = nn.Identity()
    seen = []

    def hook(module, args, output):
        seen.append((module, args[0].item(), output.item()))
        return output + 1

    layer.register_forward_hook(hook)
    assert layer(minigrad.tensor(3.0)).item() == 4.0
    assert seen == [(layer, 3.0, 3.0)]


def test_hooks_with_kwargs_and_prepend_order():
    class Scale(nn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    m = Scale()
    order = []
    m.register_forward_pre_hook(lambda mod, args, kwargs: (args, {"factor": 3.0}),
                                with_kwargs=True)
    m.register_forward_hook(lambda mod, args, out: order.append("second"))
    m.register_forward_hook(lambda mod, args, kwargs, out: order.append(("first", kwargs)),
                            prepend=True, with_kwargs=True)
    assert m(minigrad.tensor(2.0)).item() == 6.0
    assert order == [("first", {"factor": 3.0}), "second"]


def test_hook_handle_as_context_manager():
    layer = nn.Identity()
    with layer.register_forward_hook(lambda m, a, o: o * 0):
        assert layer(minigrad.tensor(5.0)).item() == 0.0
    assert layer(minigrad.tensor(5.0)).item() == 5.0


def test_always_call_hooks_run_when_forward_raises_and_the_error_propagates():
    class Failing(nn.Module):
        def forward(self, x, scale=1.0):
            raise ValueError("boom")

    module, calls = Failing(), []
    module.register_forward_hook(lambda m, a, out: calls.append(("plain", out)))
    module.register_forward_hook(lambda m, a, out: calls.append(("always", a, out)),
                                 always_call=True)
    module.register_forward_hook(lambda m, a, k, out: calls.append(("kwargs", k, out)),
                                 always_call=True, with_kwargs=True)
    handle = module.register_forward_hook(lambda m, a, out: 1 / 0, always_call=True)
    with pytest.raises(ValueError, match="boom"), pytest.warns(UserWarning, match="always_call"):
        module(1, scale=2.0)
    assert calls == [("always", (1,), None), ("kwargs", {"scale": 2.0}, None)]
    handle.remove()
    calls.clear()
    with pytest.raises(ValueError, match="boom"):
        module(1)
    assert calls == [("always", (1,), None), ("kwargs", {}, None)]


def test_always_call_hooks_run_once_when_forward_succeeds():
    layer, calls = nn.Identity(), []
    layer.register_forward_hook(lambda m, a, out: calls.append(out), always_call=True)
    layer(3)
    assert calls == [3]


def test_pre_hook_with_kwargs_must_return_a_pair():
    layer = nn.Identity()
    layer.register_forward_pre_hook(lambda m, a, k: "oops", with_kwargs=True)
    with pytest.raises(RuntimeError, match="must return None or a tuple of"):
        layer(minigrad.ones(1))


# ---------------------------------------------------------------- state_dict
def test_state_dict_keys_follow_pytorch_and_skip_non_persistent_buffers():
    assert list(Net().state_dict()) == [
        "scale", "block.steps", "block.fc.weight", "block.fc.bias", "block.bn.weight",
        "block.bn.bias", "block.bn.running_mean", "block.bn.running_var",
        "block.bn.num_batches_tracked", "head.weight", "head.bias"]


def test_state_dict_values_are_detached_and_share_memory():
    net = Net()
    state = net.state_dict()
    assert not state["head.weight"].requires_grad
    assert state["head.weight"]._data is net.head.weight._data
    assert net.state_dict(keep_vars=True)["head.weight"] is net.head.weight


def test_state_dict_round_trip_restores_outputs():
    a, b = Net(), Net()
    a(minigrad.randn(8, 3))  # moves the batch-norm running statistics
    a.eval()
    b.eval()
    x = minigrad.randn(4, 3)
    assert not np.allclose(a(x).detach().numpy(), b(x).detach().numpy())
    result = b.load_state_dict(a.state_dict())
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert repr(result) == "<All keys matched successfully>"
    np.testing.assert_array_equal(a(x).detach().numpy(), b(x).detach().numpy())
    assert b.block.bn.num_batches_tracked.item() == 1


def test_load_state_dict_copies_in_place_so_parameter_objects_survive():
    a, b = nn.Linear(2, 2), nn.Linear(2, 2)
    weight, array = b.weight, b.weight._data
    b.load_state_dict(a.state_dict())
    assert b.weight is weight and b.weight._data is array
    np.testing.assert_array_equal(array, a.weight.detach().numpy())
    a.weight._data[0, 0] = 100.0  # no aliasing between the two models
    assert b.weight._data[0, 0] != 100.0


def test_load_state_dict_accepts_numpy_arrays_and_converts_dtype():
    layer = nn.Linear(2, 1)
    layer.load_state_dict({"weight": np.array([[1.0, 2.0]]), "bias": np.array([3.0])})
    assert layer.weight.dtype == np.float32
    assert layer(minigrad.ones(1, 2)).item() == 6.0


def test_load_state_dict_strict_lists_every_problem_and_changes_nothing():
    net = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
    before = net[0].bias.detach().numpy().copy()
    state = {"0.weight": minigrad.zeros(4, 2), "0.bias": minigrad.zeros(3),
             "1.weight": minigrad.zeros(1, 4), "extra": minigrad.zeros(1)}
    with pytest.raises(RuntimeError) as info:
        net.load_state_dict(state)
    message = str(info.value)
    assert "Error(s) in loading state_dict for Sequential" in message
    assert 'Missing key(s) in state_dict: "1.bias".' in message
    assert 'Unexpected key(s) in state_dict: "extra".' in message
    assert ("size mismatch for 0.weight: copying a param with shape [4, 2] from checkpoint, "
            "the shape in current model is [3, 2].") in message
    assert "size mismatch for 1.weight" in message
    np.testing.assert_array_equal(net[0].bias.detach().numpy(), before)


def test_load_state_dict_non_strict_returns_missing_and_unexpected_keys():
    net = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
    result = net.load_state_dict({"0.weight": minigrad.ones(3, 2), "x.y": minigrad.ones(1)},
                                 strict=False)
    assert result.missing_keys == ["0.bias", "1.weight", "1.bias"]
    assert result.unexpected_keys == ["x.y"]
    np.testing.assert_array_equal(net[0].weight.detach().numpy(), np.ones((3, 2)))


def test_load_state_dict_non_strict_still_rejects_shape_mismatch():
    with pytest.raises(RuntimeError, match="size mismatch for weight"):
        nn.Linear(2, 2).load_state_dict({"weight": minigrad.ones(3, 3)}, strict=False)


def test_load_state_dict_rejects_non_array_values():
    with pytest.raises(RuntimeError, match='parameter named "bias", expected a Tensor or NumPy'):
        nn.Linear(2, 2).load_state_dict({"weight": minigrad.ones(2, 2), "bias": "zeros"})
    with pytest.raises(TypeError, match="expected a dict"):
        nn.Linear(2, 2).load_state_dict([("weight", minigrad.ones(2, 2))])


def test_state_dict_of_shared_module_lists_every_path():
    shared = nn.Linear(1, 1)
    net = nn.Sequential(shared, shared)
    assert list(net.state_dict()) == ["0.weight", "0.bias", "1.weight", "1.bias"]
    net.load_state_dict(net.state_dict())


# ---------------------------------------------------------------- copies and repr
def test_deepcopy_gives_an_independent_model():
    net = Net()
    clone = copy.deepcopy(net)
    assert type(clone.head.weight) is Parameter
    clone.head.weight._data[...] = 0
    assert net.head.weight.detach().numpy().any()
    x = minigrad.randn(2, 3)
    net.eval()
    clone.eval()
    clone.load_state_dict(net.state_dict())
    np.testing.assert_array_equal(clone(x).detach().numpy(), net(x).detach().numpy())


def test_pickle_round_trip():
    net = Net()
    restored = pickle.loads(pickle.dumps(net))
    assert list(restored.state_dict()) == list(net.state_dict())
    np.testing.assert_array_equal(restored.head.weight.detach().numpy(),
                                  net.head.weight.detach().numpy())


def test_repr_nests_children_with_extra_repr():
    assert repr(Net()) == (
        "Net(\n"
        "  (block): Block(\n"
        "    (fc): Linear(in_features=3, out_features=4, bias=True)\n"
        "    (bn): BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, bias=True, "
        "track_running_stats=True)\n"
        "  )\n"
        "  (head): Linear(in_features=4, out_features=2, bias=True)\n"
        ")"
    )


def test_repr_with_multiline_extra_repr_and_no_children():
    class Two(nn.Module):
        def extra_repr(self):
            return "a=1\nb=2"

    assert repr(Two()) == "Two(\n  a=1\n  b=2\n)"
    assert repr(nn.Module()) == "Module()"


def test_dir_lists_registered_members():
    names = dir(nn.Linear(1, 1))
    assert "weight" in names and "bias" in names and "forward" in names


STATEFUL_LAYERS = [
    lambda: nn.Linear(3, 2), lambda: nn.Bilinear(2, 3, 2),
    lambda: nn.Conv1d(2, 4, 3), lambda: nn.Conv2d(2, 4, 3, groups=2), lambda: nn.Conv3d(1, 2, 2),
    lambda: nn.ConvTranspose1d(2, 4, 3), lambda: nn.ConvTranspose2d(4, 2, 3, groups=2),
    lambda: nn.ConvTranspose3d(1, 2, 2),
    lambda: nn.BatchNorm1d(3), lambda: nn.BatchNorm2d(3, momentum=None),
    lambda: nn.BatchNorm3d(3, affine=False),
    lambda: nn.InstanceNorm1d(3, affine=True, track_running_stats=True),
    lambda: nn.InstanceNorm2d(3, affine=True),
    lambda: nn.InstanceNorm3d(3, track_running_stats=True),
    lambda: nn.LayerNorm((2, 3)), lambda: nn.GroupNorm(2, 4),
    lambda: nn.CrossEntropyLoss(weight=minigrad.ones(3)),
    lambda: nn.NLLLoss(weight=minigrad.ones(3)),
    lambda: nn.BCELoss(weight=minigrad.ones(3)),
    lambda: nn.BCEWithLogitsLoss(weight=minigrad.ones(3), pos_weight=minigrad.ones(3)),
]


@pytest.mark.parametrize("build", STATEFUL_LAYERS)
def test_every_stateful_layer_round_trips_its_state_dict(rng, build):
    source, target = build(), build()
    assert source.state_dict(), "the layer should have some state"
    for value in source.state_dict().values():
        # Values the fresh layer cannot have by chance: the load must be visible.
        value._data[...] = rng.integers(2, 100, value.shape).astype(value.dtype)
    target.load_state_dict(source.state_dict())
    loaded = target.state_dict()
    for key, value in source.state_dict().items():
        np.testing.assert_array_equal(loaded[key].numpy(), value.numpy())
        assert loaded[key].dtype == value.dtype


def test_load_state_dict_with_assign_takes_the_checkpoint_arrays():
    layer = nn.Linear(2, 2)
    frozen = nn.Linear(2, 2).requires_grad_(False)
    state = {"weight": minigrad.ones(2, 2, dtype=minigrad.float64),
             "bias": minigrad.zeros(2, dtype=minigrad.float64)}
    old_weight = layer.weight
    layer.load_state_dict(state, assign=True)
    assert layer.weight is not old_weight and isinstance(layer.weight, Parameter)
    assert layer.weight._data is state["weight"]._data and layer.weight.dtype == np.float64
    assert layer.weight.requires_grad
    frozen.load_state_dict(state, assign=True)
    assert not frozen.weight.requires_grad
    bn = nn.BatchNorm1d(2)
    stats = {k: v.detach() for k, v in nn.BatchNorm1d(2).state_dict().items()}
    bn.load_state_dict(stats, assign=True)
    assert bn.running_mean._data is stats["running_mean"]._data
