"""Sequential, ModuleList and ModuleDict."""
from collections import OrderedDict

import numpy as np
import pytest

import minigrad
from minigrad import nn
from tests.reference import nn as ref


def _layers(n):
    return [nn.Linear(2, 2) for _ in range(n)]


# ---------------------------------------------------------------- Sequential
def test_sequential_chains_forward_calls(rng):
    a, b = nn.Linear(3, 4).double(), nn.Linear(4, 2).double()
    net = nn.Sequential(a, nn.ReLU(), b)
    x = rng.standard_normal((5, 3))
    hidden = np.maximum(ref.linear(x, a.weight.detach().numpy(), a.bias.detach().numpy()), 0)
    expected = ref.linear(hidden, b.weight.detach().numpy(), b.bias.detach().numpy())
    np.testing.assert_allclose(net(minigrad.tensor(x)).detach().numpy(), expected, rtol=1e-12)


def test_sequential_from_ordered_dict_keeps_names():
    net = nn.Sequential(OrderedDict([("conv", nn.Conv2d(1, 2, 3)), ("act", nn.ReLU())]))
    assert [n for n, _ in net.named_children()] == ["conv", "act"]
    assert isinstance(net.act, nn.ReLU) and net[1] is net.act
    assert list(net.state_dict()) == ["conv.weight", "conv.bias"]


def test_sequential_indexing_and_negative_indices():
    layers = _layers(3)
    net = nn.Sequential(*layers)
    assert net[0] is layers[0] and net[-1] is layers[2]
    with pytest.raises(IndexError, match="index 3 is out of range for 3 modules"):
        net[3]
    with pytest.raises(TypeError, match="indices must be integers or slices"):
        net["0"]


def test_sequential_slice_is_a_sequential_sharing_modules():
    layers = _layers(4)
    net = nn.Sequential(*layers)
    part = net[1:3]
    assert isinstance(part, nn.Sequential) and len(part) == 2
    assert part[0] is layers[1]
    assert [n for n, _ in part.named_children()] == ["1", "2"]


def test_sequential_setitem_delitem_renumbers():
    layers = _layers(3)
    net = nn.Sequential(*layers)
    replacement = nn.Tanh()
    net[1] = replacement
    assert net[1] is replacement
    del net[0]
    assert [n for n, _ in net.named_children()] == ["0", "1"]
    assert net[0] is replacement
    del net[0:1]
    assert len(net) == 1 and net[0] is layers[2]


def test_sequential_append_extend_insert_pop():
    net = nn.Sequential(nn.ReLU())
    relu6, tanh, sig = nn.ReLU6(), nn.Tanh(), nn.Sigmoid()
    assert net.append(relu6) is net
    net.extend([tanh])
    net.insert(0, sig)
    assert [type(m).__name__ for m in net] == ["Sigmoid", "ReLU", "ReLU6", "Tanh"]
    assert net.pop(1).__class__ is nn.ReLU
    assert [n for n, _ in net.named_children()] == ["0", "1", "2"]
    with pytest.raises(TypeError, match="Sequential.insert: expected a Module"):
        net.insert(0, 3)
    with pytest.raises(IndexError, match="Sequential.insert: index 9 is out of range"):
        net.insert(9, nn.ReLU())


def test_sequential_rejects_non_modules():
    with pytest.raises(TypeError, match="int is not a Module subclass"):
        nn.Sequential(nn.ReLU(), 3)


def test_empty_sequential_is_the_identity():
    x = minigrad.ones(2)
    assert nn.Sequential()(x) is x


def test_sequential_state_dict_round_trip():
    a = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.Linear(3, 1))
    b = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.Linear(3, 1))
    b.load_state_dict(a.state_dict())
    for (ka, va), (kb, vb) in zip(a.state_dict().items(), b.state_dict().items()):
        assert ka == kb
        np.testing.assert_array_equal(va.numpy(), vb.numpy())


# ---------------------------------------------------------------- ModuleList
def test_module_list_registers_parameters():
    layers = nn.ModuleList(_layers(3))
    assert len(list(layers.parameters())) == 6
    assert list(layers.state_dict())[:2] == ["0.weight", "0.bias"]


def test_module_list_indexing_slicing_iteration():
    items = _layers(3)
    layers = nn.ModuleList(items)
    assert layers[-1] is items[2]
    assert list(layers) == items
    part = layers[:2]
    assert isinstance(part, nn.ModuleList) and list(part) == items[:2]
    with pytest.raises(IndexError, match="ModuleList: index -4 is out of range"):
        layers[-4]


def test_module_list_mutation_keeps_indices_contiguous():
    items = _layers(3)
    layers = nn.ModuleList(items)
    del layers[0]
    assert [n for n, _ in layers.named_children()] == ["0", "1"]
    extra = nn.ReLU()
    layers.insert(1, extra)
    assert list(layers) == [items[1], extra, items[2]]
    assert layers.pop() is items[2]
    layers += [nn.Tanh()]
    assert len(layers) == 3
    combined = layers + nn.ModuleList([nn.Sigmoid()])
    assert len(combined) == 4 and combined[0] is items[1]
    layers[0] = nn.ELU()
    assert isinstance(layers[0], nn.ELU)


def test_module_list_extend_rejects_non_iterables():
    with pytest.raises(TypeError, match="iterable of modules"):
        nn.ModuleList().extend(nn.ReLU())


def test_module_list_has_no_forward():
    with pytest.raises(NotImplementedError, match="ModuleList"):
        nn.ModuleList()(minigrad.ones(1))


def test_module_list_repr_groups_repeated_modules():
    layers = nn.ModuleList(_layers(3) + [nn.ReLU(), nn.Linear(2, 2)])
    assert repr(layers) == (
        "ModuleList(\n"
        "  (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)\n"
        "  (3): ReLU()\n"
        "  (4): Linear(in_features=2, out_features=2, bias=True)\n"
        ")"
    )
    assert repr(nn.ModuleList()) == "ModuleList()"


# ---------------------------------------------------------------- ModuleDict
def test_module_dict_mapping_interface():
    a, b = nn.Linear(2, 2), nn.ReLU()
    heads = nn.ModuleDict({"a": a})
    heads["b"] = b
    assert list(heads) == ["a", "b"] and "a" in heads and len(heads) == 2
    assert list(heads.keys()) == ["a", "b"]
    assert list(heads.values()) == [a, b]
    assert list(heads.items()) == [("a", a), ("b", b)]
    assert heads.pop("a") is a and list(heads) == ["b"]
    del heads["b"]
    assert len(heads) == 0


def test_module_dict_update_from_pairs_and_clear():
    heads = nn.ModuleDict()
    heads.update([("x", nn.ReLU()), ("y", nn.Linear(1, 1))])
    assert list(heads.state_dict()) == ["y.weight", "y.bias"]
    heads.clear()
    assert len(heads) == 0
    with pytest.raises(ValueError, match="element #0 should be a \\(name, module\\) pair"):
        heads.update([nn.ReLU()])


def test_module_dict_repr_nests():
    assert repr(nn.ModuleDict({"act": nn.ReLU()})) == "ModuleDict(\n  (act): ReLU()\n)"


def test_containers_nest_in_repr():
    net = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU()))
    assert repr(net) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
        "  (1): Sequential(\n"
        "    (0): ReLU()\n"
        "  )\n"
        ")"
    )
