"""The Optimizer base: parameter groups, zero_grad, in-place updates and state dicts."""
import copy

import numpy as np
import pytest

import minigrad
from minigrad.optim import SGD, Adadelta, Adagrad, Adam, AdamW, Optimizer, RMSprop

ALL = {
    "SGD": (SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    "Adam": (Adam, {"lr": 0.1, "amsgrad": True}),
    "AdamW": (AdamW, {"lr": 0.1}),
    "RMSprop": (RMSprop, {"lr": 0.01, "centered": True, "momentum": 0.5}),
    "Adagrad": (Adagrad, {"lr": 0.1, "lr_decay": 0.01}),
    "Adadelta": (Adadelta, {"rho": 0.8}),
}


def _params(rng, dtype=np.float64):
    return [minigrad.tensor(rng.normal(size=s).astype(dtype), requires_grad=True)
            for s in [(3,), (2, 2), (4,)]]


def _set_grads(params, rng):
    for p in params:
        p.grad = minigrad.tensor(rng.normal(size=p.shape).astype(p.dtype))


# ---------------------------------------------------------------------- groups
def test_optimizer_wraps_a_plain_parameter_list_in_one_group_with_the_defaults():
    w = minigrad.ones(2, requires_grad=True)
    opt = SGD([w], lr=0.5)
    assert len(opt.param_groups) == 1
    group = opt.param_groups[0]
    assert group["params"] == [w] or group["params"][0] is w
    assert group["lr"] == 0.5 and group["momentum"] == 0 and group["maximize"] is False


def test_param_groups_override_the_defaults_per_group():
    a, b = minigrad.ones(1, requires_grad=True), minigrad.ones(1, requires_grad=True)
    opt = SGD([{"params": [a]}, {"params": b, "lr": 1.0}], lr=0.1)
    a.grad, b.grad = minigrad.ones(1), minigrad.ones(1)
    opt.step()
    assert a.item() == pytest.approx(0.9)
    assert b.item() == pytest.approx(0.0)


def test_add_param_group_fills_missing_hyperparameters_from_the_defaults():
    a, b = minigrad.ones(1, requires_grad=True), minigrad.ones(1, requires_grad=True)
    opt = Adam([a], lr=0.01, betas=(0.5, 0.6))
    opt.add_param_group({"params": [b], "lr": 0.1})
    assert opt.param_groups[1]["lr"] == 0.1
    assert opt.param_groups[1]["betas"] == (0.5, 0.6)


def test_named_parameters_are_accepted_and_their_names_kept():
    w = minigrad.ones(2, requires_grad=True)
    opt = SGD([("layer.weight", w)], lr=0.1)
    assert opt.param_groups[0]["params"][0] is w
    assert opt.param_groups[0]["param_names"] == ["layer.weight"]


@pytest.mark.parametrize("params, error, match", [
    (minigrad.ones(1, requires_grad=True), TypeError, "should be an iterable of Tensors"),
    ([], ValueError, "optimizer got an empty parameter list"),
    ({minigrad.ones(1, requires_grad=True)}, TypeError, "not a set"),
    ([np.ones(2)], TypeError, "can only optimize Tensors"),
    ([minigrad.ones(1, requires_grad=True) * 2], ValueError, "can't optimize a non-leaf"),
    ([minigrad.tensor([1, 2])], ValueError, "floating-point"),
    ([{"lr": 0.1}], ValueError, "needs a 'params' entry"),
])
def test_optimizer_rejects_bad_parameters(params, error, match):
    with pytest.raises(error, match=match):
        SGD(params, lr=0.1)


def test_a_parameter_may_not_be_in_two_groups_or_twice_in_one():
    w = minigrad.ones(1, requires_grad=True)
    with pytest.raises(ValueError, match="appears twice in the same parameter group"):
        SGD([w, w], lr=0.1)
    opt = SGD([w], lr=0.1)
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [w]})


def test_add_param_group_rejects_a_non_dict():
    opt = SGD([minigrad.ones(1, requires_grad=True)], lr=0.1)
    with pytest.raises(TypeError, match="a param group must be a dict"):
        opt.add_param_group([minigrad.ones(1, requires_grad=True)])


# ---------------------------------------------------------------------- stepping
def test_zero_grad_sets_gradients_to_none_by_default_or_fills_zeros():
    w = minigrad.ones(2, requires_grad=True)
    opt = SGD([w], lr=0.1)
    (w * w).sum().backward()
    opt.zero_grad()
    assert w.grad is None
    (w * w).sum().backward()
    grad_array = w.grad._data
    opt.zero_grad(set_to_none=False)
    assert w.grad._data is grad_array
    np.testing.assert_array_equal(w.grad._data, [0.0, 0.0])


@pytest.mark.parametrize("name", ALL)
def test_parameters_without_gradient_are_left_alone(name, rng):
    cls, hyper = ALL[name]
    params = _params(rng)
    before = [p._data.copy() for p in params]
    opt = cls(params, **hyper)
    params[0].grad = minigrad.ones(3, dtype=np.float64)
    opt.step()
    assert not np.array_equal(params[0]._data, before[0])
    for p, b in zip(params[1:], before[1:]):
        np.testing.assert_array_equal(p._data, b)
        assert p not in opt.state or opt.state[p].get("step", 0) == 0


@pytest.mark.parametrize("name", ALL)
def test_step_updates_parameters_and_state_in_place(name, rng):
    cls, hyper = ALL[name]
    params = _params(rng)
    opt = cls(params, **hyper)
    arrays = [p._data for p in params]
    _set_grads(params, rng)
    opt.step()
    buffers = {(i, k): v._data for i, p in enumerate(params)
               for k, v in opt.state[p].items() if k != "step"}
    scratch = dict(opt._scratch)
    for _ in range(3):
        _set_grads(params, rng)
        opt.step()
    assert all(p._data is a for p, a in zip(params, arrays))
    for (i, key), array in buffers.items():
        assert opt.state[params[i]][key]._data is array, key
    assert all(opt._scratch[k] is v for k, v in scratch.items())


@pytest.mark.parametrize("name", ALL)
def test_step_bumps_the_version_so_saved_graphs_refuse_to_backward(name, rng):
    cls, hyper = ALL[name]
    params = _params(rng)
    opt = cls(params, **hyper)
    loss = (params[0] * params[0]).sum()
    _set_grads(params, rng)
    opt.step()
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        loss.backward()


@pytest.mark.parametrize("name", ALL)
def test_float32_parameters_keep_their_dtype_and_state_dtype(name, rng):
    cls, hyper = ALL[name]
    params = _params(rng, np.float32)
    opt = cls(params, **hyper)
    for _ in range(2):
        _set_grads(params, rng)
        opt.step()
    for p in params:
        assert p.dtype == np.float32
        assert all(v.dtype == np.float32 for k, v in opt.state[p].items() if k != "step")


def test_step_returns_the_closure_loss_evaluated_with_gradients_on():
    w = minigrad.tensor([3.0], requires_grad=True)
    opt = SGD([w], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    with minigrad.no_grad():
        loss = opt.step(closure)
    assert loss.item() == pytest.approx(9.0)
    assert w.item() == pytest.approx(3.0 - 0.1 * 6.0)


def test_step_rejects_a_gradient_of_the_wrong_shape():
    w = minigrad.ones(3, requires_grad=True)
    w.grad = minigrad.ones(2)
    with pytest.raises(ValueError, match=r"parameter of shape \[3\] has a gradient of shape \[2\]"):
        SGD([w], lr=0.1).step()


def test_base_class_step_is_abstract():
    opt = Optimizer([minigrad.ones(1, requires_grad=True)], {"lr": 0.1})
    with pytest.raises(NotImplementedError):
        opt.step()


def test_repr_lists_the_groups_hyperparameters():
    text = repr(SGD([minigrad.ones(1, requires_grad=True)], lr=0.25, momentum=0.5))
    assert text.startswith("SGD (") and "Parameter Group 0" in text
    assert "lr: 0.25" in text and "momentum: 0.5" in text


# ---------------------------------------------------------------------- state dicts
def test_state_dict_numbers_parameters_across_groups():
    a, b, c = (minigrad.ones(2, requires_grad=True) for _ in range(3))
    opt = SGD([{"params": [a, b]}, {"params": [c], "lr": 1.0}], lr=0.1, momentum=0.9)
    for p in (a, c):
        p.grad = minigrad.ones(2)
    opt.step()
    sd = opt.state_dict()
    assert [g["params"] for g in sd["param_groups"]] == [[0, 1], [2]]
    assert sorted(sd["state"]) == [0, 2]
    assert set(sd["state"][0]) == {"momentum_buffer"}
    assert sd["param_groups"][1]["lr"] == 1.0


@pytest.mark.parametrize("name", ALL)
def test_state_dict_round_trip_through_a_file_continues_identically(name, rng, tmp_path):
    cls, hyper = ALL[name]
    params = _params(rng)
    opt = cls(params, **hyper)
    for _ in range(3):
        _set_grads(params, rng)
        opt.step()
    minigrad.save(opt.state_dict(), tmp_path / "opt.ckpt")
    twins = [minigrad.tensor(p._data.copy(), requires_grad=True) for p in params]
    twin_opt = cls(twins, lr=123.0)  # hyper-parameters come back from the state dict
    twin_opt.load_state_dict(minigrad.load(tmp_path / "opt.ckpt"))
    assert twin_opt.param_groups[0]["lr"] == hyper.get("lr", opt.defaults["lr"])
    for _ in range(3):
        _set_grads(params, rng)
        for p, t in zip(params, twins):
            t.grad = minigrad.tensor(p.grad._data.copy())
        opt.step()
        twin_opt.step()
    for p, t in zip(params, twins):
        np.testing.assert_array_equal(p._data, t._data)


def test_load_state_dict_copies_the_state_and_casts_it_to_the_parameter_dtype():
    w = minigrad.ones(2, requires_grad=True, dtype=np.float32)
    w.grad = minigrad.ones(2, dtype=np.float32)
    opt = Adam([w], lr=0.1)
    opt.step()
    sd = copy.deepcopy(opt.state_dict())
    sd["state"][0]["exp_avg"] = np.array([1.0, 2.0])  # float64 in the file
    other = Adam([minigrad.ones(2, requires_grad=True, dtype=np.float32)])
    other.load_state_dict(sd)
    loaded = other.state[other.param_groups[0]["params"][0]]["exp_avg"]
    assert loaded.dtype == np.float32
    sd["state"][0]["exp_avg"][0] = 99.0
    assert loaded._data[0] == 1.0


@pytest.mark.parametrize("mutate, match", [
    (lambda sd: sd["param_groups"].append(dict(sd["param_groups"][0])), "has 2 parameter groups"),
    (lambda sd: sd["param_groups"][0]["params"].append(7), "has 2 parameters"),
    (lambda sd: sd["state"][0].__setitem__("momentum_buffer", np.zeros(5)),
     r"state 'momentum_buffer' of parameter 0 has shape \[5\]"),
    (lambda sd: sd.pop("state"), "expected a dict with 'state' and 'param_groups'"),
])
def test_load_state_dict_rejects_a_mismatching_state_dict(mutate, match):
    w = minigrad.ones(2, requires_grad=True)
    w.grad = minigrad.ones(2)
    opt = SGD([w], lr=0.1, momentum=0.9)
    opt.step()
    sd = copy.deepcopy(opt.state_dict())
    mutate(sd)
    with pytest.raises(ValueError, match=match):
        SGD([minigrad.ones(2, requires_grad=True)], lr=0.1, momentum=0.9).load_state_dict(sd)


def test_optimizer_trains_an_nn_linear_layer():
    nn = pytest.importorskip("minigrad.nn")
    rng = np.random.default_rng(0)
    x = minigrad.tensor(rng.normal(size=(64, 3)).astype(np.float32))
    y = x @ minigrad.tensor([[1.0], [-2.0], [0.5]]) + 0.3
    model = nn.Linear(3, 1)
    opt = Adam(model.parameters(), lr=0.1)
    for _ in range(150):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
    assert loss.item() < 1e-3
    np.testing.assert_allclose(model.weight._data, [[1.0, -2.0, 0.5]], atol=0.02)


def test_optimizer_accepts_nn_parameters():
    from minigrad.nn.parameter import Parameter

    w = Parameter(minigrad.tensor([1.0, 2.0]))
    opt = SGD([w], lr=0.5)
    (w * w).sum().backward()
    opt.step()
    np.testing.assert_allclose(w._data, [0.0, 0.0])
    assert isinstance(w, Parameter) and w.requires_grad
