"""minigrad against PyTorch, entry by entry of ``op_db.OP_DB``; skipped without PyTorch.

For each sample: the outputs (values, shape, dtype, whether they require
grad) in float64; the gradient of every float input, and of every parameter
of a layer, after ``backward`` of a random-weighted sum of the outputs; a
layer's buffers after the call (batch norm's running statistics); then the
outputs again in float32.
"""
import zlib

import numpy as np
import pytest

import minigrad
from tests.conformance import opinfo
from tests.conformance.op_db import OP_DB
from tests.conformance.opinfo import ModuleInfo

torch = pytest.importorskip("torch")

STATS = {"gradients": 0}


def _params():
    for entry in OP_DB:
        key = entry.name + (f"[{entry.variant}]" if entry.variant else "")
        for i, sample in enumerate(entry.sample_inputs()):
            marks = []
            skip = entry.skip or sample.skip
            xfail = entry.xfail or sample.xfail
            if skip:
                marks.append(pytest.mark.skip(reason=skip))
            elif xfail:
                marks.append(pytest.mark.xfail(reason=xfail, strict=True))
            test_id = f"{key}-{i}-{sample.describe()}"
            yield pytest.param(entry, sample, id=test_id, marks=marks)


PARAMS = list(_params())


def _numpy_dtype(dtype):
    return torch.empty(0, dtype=dtype).numpy().dtype


def _setup(entry, sample, dtype):
    """The torch and minigrad runs of one sample; a layer is built in torch, copied to minigrad."""
    torch.manual_seed(0)
    minigrad.manual_seed(0)
    modules = (None, None)
    if isinstance(entry, ModuleInfo):
        reference = opinfo.build_module(torch, entry.name, sample.init, dtype)
        ours = opinfo.build_module(minigrad, entry.name, sample.init, dtype)
        ours_keys, reference_keys = list(ours.state_dict()), list(reference.state_dict())
        assert ours_keys == reference_keys, "state_dict keys differ"
        ours.load_state_dict({k: minigrad.tensor(v.detach().numpy())
                              for k, v in reference.state_dict().items()})
        modules = (reference, ours)
    expected = opinfo.run(entry, sample, torch, dtype, modules[0])
    got = opinfo.run(entry, sample, minigrad, dtype, modules[1])
    return expected, got


def _compare_outputs(entry, expected, got, rtol, atol):
    """Values, shapes and dtypes; float32 outputs (default-dtype creation, say) with the
    float32 tolerances."""
    assert len(got.outputs) == len(expected.outputs), "number of outputs"
    for k, (want, have) in enumerate(zip(expected.outputs, got.outputs)):
        where = f"output {k}"
        if not isinstance(want, torch.Tensor):
            assert not isinstance(have, minigrad.Tensor), f"{where}: a tensor, expected {want!r}"
            assert have == want, where
            continue
        assert isinstance(have, minigrad.Tensor), f"{where}: {type(have).__name__}, not a tensor"
        want_array = want.detach().numpy()
        have_array = have._data
        assert have_array.shape == want_array.shape, f"{where}: shape"
        if entry.exact_dtype:
            assert have_array.dtype == want_array.dtype, f"{where}: dtype"
        else:
            assert have_array.dtype.kind == want_array.dtype.kind, f"{where}: dtype kind"
        tol = (rtol, atol)
        if want_array.dtype == np.float32:
            tol = (max(rtol, entry.rtol32), max(atol, entry.atol32))
        if entry.values:
            np.testing.assert_allclose(have_array, want_array, rtol=tol[0], atol=tol[1],
                                       equal_nan=True, err_msg=where)


def _backward(lib, outputs, weights):
    total = None
    for out, w in zip(outputs, weights):
        term = (out * lib.from_numpy(w.copy())).sum()
        total = term if total is None else total + term
    total.backward()


def _grad(tensor):
    grad = tensor.grad
    if grad is None:
        return np.zeros(tensor.shape)
    # force: PyTorch gives a flat function (sgn, say) a ZeroTensor gradient.
    return grad.detach().numpy(force=True) if isinstance(grad, torch.Tensor) else grad._data


@pytest.mark.parametrize("entry, sample", PARAMS)
def test_forward_and_gradients_match_pytorch_in_float64(entry, sample):
    expected, got = _setup(entry, sample, np.float64)
    _compare_outputs(entry, expected, got, entry.rtol, entry.atol)
    if expected.module is not None:
        _compare_buffers(expected.module, got.module)

    pairs = [(w, h) for w, h in zip(expected.outputs, got.outputs) if isinstance(w, torch.Tensor)]
    for k, (want, have) in enumerate(pairs):
        assert have.requires_grad == want.requires_grad, f"output {k}: requires_grad"
    differentiable = [(w, h) for w, h in pairs if w.requires_grad]
    leaves = list(zip(expected.leaves, got.leaves))
    if expected.module is not None:
        ours = dict(got.module.named_parameters())
        leaves += [(p, ours[name]) for name, p in expected.module.named_parameters()]
    if not differentiable or not leaves:
        return
    rng = np.random.default_rng(zlib.crc32(entry.name.encode()))
    weights = [rng.standard_normal(w.shape) for w, _ in differentiable]
    _backward(torch, [w for w, _ in differentiable], weights)
    _backward(minigrad, [h for _, h in differentiable], weights)
    for k, (want, have) in enumerate(leaves):
        np.testing.assert_allclose(_grad(have), _grad(want), rtol=entry.rtol,
                                   atol=max(entry.atol, 1e-9), err_msg=f"gradient of leaf {k}")
        STATS["gradients"] += 1


def _compare_buffers(reference, ours):
    ours = dict(ours.named_buffers())
    for name, buffer in reference.named_buffers():
        np.testing.assert_allclose(ours[name]._data, buffer.numpy(), rtol=1e-7, atol=1e-10,
                                   err_msg=f"buffer {name}")


def _has_float_input(sample):
    def floats(value):
        if isinstance(value, opinfo.Const):
            return True
        if isinstance(value, np.ndarray):
            return value.dtype.kind == "f"
        if isinstance(value, (list, tuple)):
            return any(floats(v) for v in value)
        return False
    return floats(sample.args) or floats(list(sample.kwargs.values()))


FLOAT32 = [p for p in PARAMS
           if isinstance(p.values[0], ModuleInfo) or _has_float_input(p.values[1])]


@pytest.mark.parametrize("entry, sample", FLOAT32)
def test_forward_matches_pytorch_in_float32(entry, sample):
    expected, got = _setup(entry, sample, np.float32)
    _compare_outputs(entry, expected, got, entry.rtol32, entry.atol32)
