"""ParameterList and ParameterDict: registration, state_dict keys, the list and dict protocols."""
import numpy as np
import pytest

import minigrad
from minigrad import nn


def test_parameter_list_registers_and_wraps_tensors():
    plain = minigrad.ones(3)
    params = nn.ParameterList([nn.Parameter(minigrad.zeros(2)), plain])
    assert isinstance(params[1], nn.Parameter) and params[1]._data is plain._data
    params.append(minigrad.ones(4))
    params += [minigrad.ones(1)]
    assert len(params) == 4 and [p.shape for p in params] == [(2,), (3,), (4,), (1,)]
    assert list(params.state_dict()) == ["0", "1", "2", "3"]
    assert params[-1] is params[3] and len(params[1:3]) == 2


def test_parameter_list_in_a_module_is_trained_with_the_module():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.scales = nn.ParameterList([minigrad.ones(2) for _ in range(2)])

        def forward(self, x):
            for s in self.scales:
                x = x * s
            return x.sum()

    net = Net()
    assert [n for n, _ in net.named_parameters()] == ["scales.0", "scales.1"]
    net(minigrad.tensor([1.0, 2.0])).backward()
    np.testing.assert_allclose(net.scales[0].grad.numpy(), [1.0, 2.0])
    net.scales[0] = minigrad.zeros(2)
    assert isinstance(net.scales[0], nn.Parameter) and net.scales[0].tolist() == [0.0, 0.0]


def test_parameter_dict_is_an_ordered_mapping_of_parameters():
    params = nn.ParameterDict({"b": minigrad.ones(2)})
    params["a"] = nn.Parameter(minigrad.zeros(3))
    params.update([("c", minigrad.ones(1))])
    assert list(params) == ["b", "a", "c"] and "a" in params and len(params) == 3
    assert list(params.state_dict()) == ["b", "a", "c"]
    assert isinstance(params["b"], nn.Parameter)
    assert params.get("missing") is None
    popped = params.pop("a")
    assert popped.shape == (3,) and "a" not in params
    assert [k for k, _ in params.named_parameters()] == ["b", "c"]
    key, value = params.popitem()
    assert key == "c" and list(params) == ["b"]
    merged = params | {"z": minigrad.ones(1)}
    assert list(merged) == ["b", "z"] and list(params) == ["b"]
    params.clear()
    assert len(params) == 0 and list(params.parameters()) == []


def test_parameter_dict_rejects_a_non_string_key():
    with pytest.raises(TypeError, match="ParameterDict keys must be strings"):
        nn.ParameterDict()[1] = minigrad.ones(1)


def test_parameter_container_reprs_show_each_parameter():
    assert repr(nn.ParameterDict({"w": minigrad.ones(2, 3)})) == (
        "ParameterDict(\n    (w): Parameter containing: [minigrad.float32 of size 2x3]\n)")
    assert repr(nn.ParameterList()) == "ParameterList()"
