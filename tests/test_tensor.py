"""The Tensor: construction, dtypes, conversions, properties and repr."""
import copy
import os

import numpy as np
import pytest

import minigrad
from minigrad import Tensor


# ---------------------------------------------------------------- construction and dtypes
@pytest.mark.parametrize("data, dtype", [
    (1.5, np.float32), ([1.0, 2.0], np.float32), ([[1, 2], [3, 4]], np.int64), (3, np.int64),
    ([True, False], np.bool_), (np.array([1.0, 2.0]), np.float64),
    (np.array([1.0], dtype=np.float32), np.float32), (np.array([1, 2], dtype=np.int32), np.int32),
    (np.array([1, 2], dtype=np.uint64), np.int64), ([1, 2.5], np.float32),
])
def test_dtype_of_new_tensors_follows_pytorch(data, dtype):
    assert minigrad.tensor(data).dtype == dtype
    # The class itself is PyTorch's legacy constructor: always the default dtype.
    if np.ndim(data):
        assert Tensor(data).dtype == np.float32


def test_the_tensor_class_is_pytorchs_legacy_constructor():
    assert Tensor(2, 3).shape == (2, 3) and Tensor(2, 3).dtype == np.float32
    assert Tensor(3).shape == (3,)
    assert Tensor(minigrad.Size([4, 1])).shape == (4, 1)
    assert Tensor().shape == (0,)
    np.testing.assert_array_equal(Tensor((2, 3)).numpy(), [2.0, 3.0])  # a tuple is data
    ints = Tensor(np.array([1, 2]))
    assert ints.dtype == np.float32 and ints.tolist() == [1.0, 2.0]
    assert Tensor([1, 2], dtype=minigrad.float64).dtype == np.float64
    assert Tensor(2, requires_grad=True).requires_grad
    # A tensor gives a new one on the same memory, in its own dtype, outside the graph.
    source = minigrad.ones(2, dtype=minigrad.float64, requires_grad=True)
    alias = Tensor(source)
    assert alias is not source and alias.dtype == np.float64 and not alias.requires_grad
    alias[0] = 3.0
    assert source[0].item() == 3.0
    # The pattern of older model files: a Parameter around an uninitialised Tensor.
    weight = minigrad.nn.Parameter(Tensor(5, 4))
    minigrad.nn.init.kaiming_uniform_(weight)
    assert weight.shape == (5, 4) and weight.requires_grad


@pytest.mark.parametrize("args, error, message", [
    ((2.5,), TypeError, "Tensor: data must be a sequence, got float"),
    ((-2,), ValueError, r"Tensor: sizes must be non-negative, got \[-2\]"),
    (([1.0], 2), TypeError, r"Tensor: expected sizes as ints or one sequence of data"),
    ((2**62, 2**62), MemoryError, r"Tensor: the result of shape"),
])
def test_the_tensor_class_refuses_bad_arguments_naming_itself(args, error, message):
    with pytest.raises(error, match=message):
        Tensor(*args)


def test_explicit_dtype_converts_the_values():
    t = minigrad.tensor([1.7, 2.2], dtype=minigrad.int64)
    assert t.dtype == np.int64 and t.tolist() == [1, 2]
    assert minigrad.tensor([1, 2], dtype="float64").dtype == np.float64
    assert minigrad.tensor([1, 2], dtype=np.float32).dtype == np.float32


def test_tensor_copies_its_data():
    a = np.ones(3)
    t = minigrad.tensor(a)
    a[0] = 5.0
    assert t.tolist() == [1.0, 1.0, 1.0]
    u = minigrad.tensor(t)
    t.add_(1)
    assert u.tolist() == [1.0, 1.0, 1.0]


def test_a_list_of_tensors_becomes_one_tensor():
    t = minigrad.tensor([minigrad.tensor(1.0), minigrad.tensor(2.0)])
    assert t.shape == (2,) and t.tolist() == [1.0, 2.0]


def test_default_dtype_can_be_switched_to_float64():
    try:
        minigrad.set_default_dtype(minigrad.float64)
        assert minigrad.get_default_dtype() == np.float64
        assert minigrad.tensor([1.5]).dtype == np.float64
        assert minigrad.zeros(2).dtype == np.float64
        assert (minigrad.tensor([1, 2]) * 0.5).dtype == np.float64
    finally:
        minigrad.set_default_dtype(minigrad.float32)
    assert minigrad.tensor([1.5]).dtype == np.float32


def test_default_dtype_must_be_a_float_dtype():
    with pytest.raises(TypeError, match="set_default_dtype: expected float32 or float64, got int64"):
        minigrad.set_default_dtype(minigrad.int64)


@pytest.mark.parametrize("data, message", [
    ("abc", "tensor: unsupported dtype <U3"),
    ([1j], "tensor: unsupported dtype complex128"),
    ({"a": 1}, "tensor: could not convert dict to a numeric array"),
])
def test_unsupported_data_raises_type_error(data, message):
    with pytest.raises(TypeError, match=message):
        minigrad.tensor(data)


def test_ragged_nested_lists_raise_value_error():
    with pytest.raises(ValueError, match="tensor: could not make an array of the data"):
        minigrad.tensor([[1.0], [1.0, 2.0]])


def test_unknown_dtype_raises_type_error():
    with pytest.raises(TypeError, match="tensor: 'floaty' is not a dtype"):
        minigrad.tensor([1.0], dtype="floaty")


# ---------------------------------------------------------------- requires_grad
def test_requires_grad_only_for_floating_point_tensors():
    with pytest.raises(RuntimeError, match="only floating-point tensors can require gradients, "
                                           "got dtype int64"):
        minigrad.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="got dtype bool"):
        minigrad.tensor([True]).requires_grad_()
    assert minigrad.tensor([1.0], requires_grad=True).requires_grad


def test_requires_grad_can_be_switched_on_leaves_only():
    x = minigrad.ones(2)
    assert x.requires_grad_() is x and x.requires_grad and x.is_leaf
    y = x * 2
    assert not y.is_leaf and y.requires_grad
    with pytest.raises(RuntimeError, match="you can only change requires_grad of leaf tensors"):
        y.requires_grad = False
    x.requires_grad_(False)
    assert not x.requires_grad


def test_detach_shares_data_and_version_but_not_the_graph():
    x = minigrad.ones(3, requires_grad=True)
    y = x * 2
    d = y.detach()
    assert d.is_leaf and not d.requires_grad and d.grad_fn is None
    assert np.shares_memory(d.numpy(), y.detach().numpy())
    d.add_(1)
    assert y._version == 1


def test_detach_in_place_cuts_the_tensor_from_the_graph():
    y = minigrad.ones(2, requires_grad=True) * 3
    assert y.detach_() is y and y.grad_fn is None and not y.requires_grad


# ---------------------------------------------------------------- conversion
def test_numpy_shares_memory_and_refuses_tensors_that_require_grad():
    t = minigrad.zeros(3)
    t.numpy()[0] = 7.0
    assert t.tolist() == [7.0, 0.0, 0.0]
    x = minigrad.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"numpy: can't call numpy\(\) on a tensor that requires "
                                           r"grad; use tensor.detach\(\).numpy\(\)"):
        x.numpy()
    assert x.detach().numpy().tolist() == [1.0, 1.0]


def test_item_returns_a_python_number_of_one_element_tensors():
    assert minigrad.tensor(2.5).item() == 2.5 and isinstance(minigrad.tensor(2.5).item(), float)
    assert minigrad.tensor([[3]]).item() == 3 and isinstance(minigrad.tensor([[3]]).item(), int)
    with pytest.raises(ValueError, match="item: a tensor with 2 elements cannot be converted"):
        minigrad.ones(2).item()


def test_tolist_and_python_conversions():
    assert minigrad.tensor([[1, 2], [3, 4]]).tolist() == [[1, 2], [3, 4]]
    assert minigrad.tensor(3.0).tolist() == 3.0
    assert float(minigrad.tensor([2.5])) == 2.5 and int(minigrad.tensor(7.9)) == 7
    assert bool(minigrad.tensor([1.0])) and not bool(minigrad.tensor(0))
    assert [10, 20, 30][minigrad.tensor(1)] == 20
    with pytest.raises(RuntimeError, match="bool: the truth value of a tensor with 2 elements is "
                                           "ambiguous"):
        bool(minigrad.ones(2))
    with pytest.raises(TypeError, match="only integer tensors of a single element"):
        [1, 2][minigrad.tensor(1.0)]


def test_array_protocol_gives_numpy_the_values():
    t = minigrad.tensor([[1.0, 2.0]])
    assert np.asarray(t).dtype == np.float32
    np.testing.assert_array_equal(np.asarray(t, dtype=np.float64), [[1.0, 2.0]])


@pytest.mark.parametrize("method, dtype", [("float", np.float32), ("double", np.float64),
                                           ("long", np.int64), ("int", np.int32), ("bool", np.bool_)])
def test_conversion_methods(method, dtype):
    t = getattr(minigrad.tensor([0.0, 1.5, -2.0]), method)()
    assert t.dtype == dtype
    np.testing.assert_array_equal(t.numpy(), np.array([0.0, 1.5, -2.0]).astype(dtype))


def test_astype_and_to_accept_dtypes_and_return_self_when_unchanged():
    t = minigrad.ones(2)
    assert t.astype(minigrad.float32) is t
    assert t.astype(minigrad.float64).dtype == np.float64
    assert t.to("float64").dtype == np.float64
    with pytest.raises(TypeError, match="astype: unsupported dtype complex64"):
        t.astype(np.complex64)


def test_to_accepts_the_cpu_in_every_pytorch_spelling_and_returns_self():
    t = minigrad.ones(2, requires_grad=True)
    assert t.to("cpu") is t
    assert t.to("cpu:0") is t
    assert t.to(device="cpu") is t
    assert t.to(t.device) is t
    assert t.to("cpu", non_blocking=True) is t
    assert t.cpu() is t
    assert t.device == minigrad.device("cpu") and t.device.type == "cpu"


def test_to_with_device_and_dtype_converts_and_records():
    t = minigrad.tensor([1.0, 2.0], requires_grad=True)
    for converted in (t.to("cpu", minigrad.float64), t.to(device="cpu", dtype="float64"),
                      t.to(minigrad.zeros(1, dtype=minigrad.float64))):
        assert converted.dtype == np.float64
        np.testing.assert_array_equal(converted.detach().numpy(), [1.0, 2.0])
    t.to("cpu", minigrad.float64).sum().backward()
    np.testing.assert_array_equal(t.grad.numpy(), [1.0, 1.0])


def test_to_with_copy_returns_a_new_tensor_with_the_same_values():
    t = minigrad.tensor([1.0, 2.0])
    copied = t.to("cpu", copy=True)
    assert copied is not t and not np.shares_memory(copied.numpy(), t.numpy())
    np.testing.assert_array_equal(copied.numpy(), t.numpy())


@pytest.mark.parametrize("device", ["cuda", "cuda:0", "mps"])
def test_to_another_device_raises_a_clear_error(device):
    with pytest.raises(ValueError, match=f"to: minigrad runs on the CPU only, got device '{device}'"):
        minigrad.ones(2).to(device)
    with pytest.raises(RuntimeError, match="cuda: minigrad runs on the CPU only"):
        minigrad.ones(2).cuda()


def test_to_rejects_unknown_keywords_and_extra_arguments():
    with pytest.raises(TypeError, match=r"to: unexpected keyword arguments \['memory_format'\]"):
        minigrad.ones(2).to("cpu", memory_format=None)
    with pytest.raises(TypeError, match="to: expected at most a device and a dtype, got 3"):
        minigrad.ones(2).to("cpu", "float32", "cpu")


# ---------------------------------------------------------------- properties
def test_shape_properties():
    t = minigrad.zeros(2, 3, 4)
    assert t.shape == (2, 3, 4) and t.ndim == 3 and t.dim() == 3
    assert t.size() == (2, 3, 4) and t.size(1) == 3 and t.size(-1) == 4
    assert t.numel() == 24 and len(t) == 2
    assert t.dtype == np.float32
    with pytest.raises(IndexError, match="size: dimension out of range"):
        t.size(3)
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
        len(minigrad.tensor(1.0))


def test_T_reverses_the_dimensions():
    t = minigrad.arange(24).reshape(2, 3, 4)
    assert t.T.shape == (4, 3, 2)
    np.testing.assert_array_equal(t.T.numpy(), t.numpy().T)
    assert minigrad.ones(3).T.shape == (3,)


# ---------------------------------------------------------------- repr
def test_repr_shows_values_dtype_and_grad_state():
    assert repr(minigrad.tensor([1.0, 2.0])) == "tensor([1., 2.])"
    assert repr(minigrad.tensor([1, 2])) == "tensor([1, 2])"
    assert repr(minigrad.tensor([1.0], dtype=minigrad.float64)) == \
        "tensor([1.], dtype=minigrad.float64)"
    assert repr(minigrad.tensor([1.0], requires_grad=True)) == "tensor([1.], requires_grad=True)"
    assert repr(minigrad.tensor([1.0], requires_grad=True) * 2) == \
        "tensor([2.], grad_fn=<MulBackward>)"
    assert repr(minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])) == \
        "tensor([[1., 2.],\n        [3., 4.]])"


def test_repr_of_a_large_tensor_is_summarized():
    text = repr(minigrad.zeros(10000))
    assert "..." in text and len(text) < 200


# ---------------------------------------------------------------- identity and copies
def test_tensors_hash_by_identity_so_they_work_as_dict_keys():
    a, b = minigrad.ones(2), minigrad.ones(2)
    assert len({a: 1, b: 2}) == 2


def test_deepcopy_of_a_leaf_copies_values_grad_and_requires_grad():
    x = minigrad.ones(2, requires_grad=True)
    (x * 3).sum().backward()
    y = copy.deepcopy(x)
    assert y.requires_grad and y.grad.tolist() == [3.0, 3.0]
    assert not np.shares_memory(y.detach().numpy(), x.detach().numpy())
    with pytest.raises(RuntimeError, match="deepcopy: only leaf tensors"):
        copy.deepcopy(x * 2)


def test_data_is_an_untracked_tensor_sharing_memory():
    w = minigrad.zeros(3, requires_grad=True)
    d = w.data
    assert isinstance(d, minigrad.Tensor)
    assert not d.requires_grad and d.grad_fn is None
    d.fill_(1.5)
    np.testing.assert_array_equal(w.detach().numpy(), [1.5, 1.5, 1.5])


def test_data_of_a_non_leaf_is_detached_from_the_tape():
    x = minigrad.ones(2, requires_grad=True)
    y = x * 3
    assert y.data.grad_fn is None and not y.data.requires_grad


def test_assigning_data_swaps_the_values_and_keeps_the_leaf():
    w = minigrad.zeros(2, 2, requires_grad=True)
    w.data = minigrad.ones(3)
    assert w.shape == (3,) and w.requires_grad and w.is_leaf
    np.testing.assert_array_equal(w.detach().numpy(), np.ones(3, np.float32))


def test_assigning_data_refuses_an_array():
    w = minigrad.zeros(2)
    with pytest.raises(TypeError, match="data: expected a Tensor"):
        w.data = np.ones(2)


def test_data_supports_the_pytorch_initialisation_idiom():
    minigrad.manual_seed(0)
    layer = minigrad.nn.Linear(50, 40)
    layer.weight.data.normal_(0.0, 0.02)
    layer.bias.data.zero_()
    w = layer.weight.detach().numpy()
    assert abs(w.std() - 0.02) < 0.003 and abs(w.mean()) < 0.003
    assert not layer.bias.detach().numpy().any()
    values, indices = minigrad.max(layer(minigrad.ones(4, 50)).data, 1)
    assert values.shape == (4,) and indices.shape == (4,)


# ---------------------------------------------------------------- conveniences of the everyday API
def test_new_factories_inherit_the_dtype_unless_told_otherwise():
    x = minigrad.zeros(2, dtype=minigrad.float64)
    for t, shape in ((x.new_zeros(2, 3), (2, 3)), (x.new_ones((4,)), (4,)),
                     (x.new_full((1, 2), 7.0), (1, 2)), (x.new_empty(3), (3,)),
                     (x.new_zeros([]), ())):
        assert t.dtype == np.float64 and t.shape == shape and t.grad_fn is None
    assert x.new_zeros(2).tolist() == [0.0, 0.0] and x.new_ones(1, 2).tolist() == [[1.0, 1.0]]
    assert x.new_full((2,), 7).tolist() == [7.0, 7.0]
    assert x.new_ones(2, dtype=minigrad.int64).dtype == np.int64
    assert x.new_tensor([1, 2]).dtype == np.float64
    assert x.new_tensor([1, 2], dtype=minigrad.int32).dtype == np.int32
    assert x.new_zeros(2, requires_grad=True).requires_grad


def test_new_tensor_copies_and_new_factories_check_sizes():
    data = np.array([1.0, 2.0])
    t = minigrad.zeros(1).new_tensor(data)
    data[0] = 5.0
    assert t.tolist() == [1.0, 2.0] and t.dtype == np.float32
    with pytest.raises(ValueError, match=r"new_full: sizes must be non-negative, got \[-1\]"):
        minigrad.zeros(1).new_full((-1,), 0.0)
    with pytest.raises(TypeError, match="new_empty: size must be a sequence of ints"):
        minigrad.zeros(1).new_empty("a")


def test_view_as_reshape_as_and_type_as():
    x = minigrad.arange(6.0)
    other = minigrad.zeros(2, 3, dtype=minigrad.float64)
    assert x.view_as(other).shape == (2, 3) and x.reshape_as(other).shape == (2, 3)
    assert x.type_as(other).dtype == np.float64
    assert x.type_as(x) is x
    assert x.type_as(minigrad.tensor([1])).tolist() == [0, 1, 2, 3, 4, 5]
    with pytest.raises(RuntimeError, match="view: the tensor is not contiguous"):
        minigrad.zeros(2, 3).T.view_as(x)


def test_mT_swaps_the_last_two_dimensions_and_numel_helpers():
    x = minigrad.tensor(np.arange(24.0).reshape(2, 3, 4), dtype=minigrad.float32)
    np.testing.assert_array_equal(x.mT.numpy(), np.swapaxes(x.numpy(), -1, -2))
    with pytest.raises(ValueError, match="mT: expected a tensor with at least 2 dimensions, got 1"):
        _ = minigrad.ones(3).mT
    assert x.nelement() == x.numel() == 24
    assert x.element_size() == 4 and minigrad.ones(1, dtype=minigrad.float64).element_size() == 8
    assert minigrad.ones(1, dtype=minigrad.bool_).element_size() == 1


def test_memory_attributes_count_bytes_and_offsets_in_elements():
    x = minigrad.arange(24, dtype=minigrad.float64).reshape(2, 3, 4)
    assert x.itemsize == 8 and x.nbytes == 24 * 8
    assert minigrad.zeros(0, 3).nbytes == 0 and minigrad.ones(5, dtype=minigrad.bool_).nbytes == 5
    assert x.storage_offset() == 0
    assert x[1].storage_offset() == 12 and x[1, 2].storage_offset() == 20
    assert x.narrow(2, 1, 2).storage_offset() == 1 and x.transpose(0, 2).storage_offset() == 0
    assert x[1:].data_ptr() - x.data_ptr() == 12 * 8
    assert x.reshape(6, 4).data_ptr() == x.data_ptr()


def test_pinning_memory_is_a_no_op_on_the_cpu():
    x = minigrad.ones(2, 3)
    assert not x.is_pinned()
    assert x.pin_memory() is x and not x.pin_memory().is_pinned()


def _write_in_forked_child(tensor, value):
    pid = os.fork()
    if pid == 0:  # the child: write, and leave without running pytest's teardown
        try:
            tensor.fill_(value)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_share_memory_lets_a_forked_child_write_values_the_parent_sees():
    private = minigrad.zeros(2, 3)
    _write_in_forked_child(private, 7.0)
    assert not private.is_shared() and private.sum().item() == 0.0
    shared = minigrad.arange(6.0).reshape(2, 3)
    assert shared.share_memory_() is shared and shared.is_shared()
    assert shared.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert shared[1].is_shared() and shared.share_memory_().is_shared()
    _write_in_forked_child(shared, 7.0)
    assert shared.tolist() == [[7.0] * 3] * 2
    assert minigrad.zeros(0, 3).share_memory_().is_shared()


def test_clone_memory_formats_keep_or_reset_the_layout():
    t = minigrad.tensor(np.arange(12.0).reshape(3, 4), requires_grad=True).T
    kept = t.clone()
    assert not np.shares_memory(kept.detach().numpy(), t.detach().numpy())
    assert kept.detach().numpy().strides == t.detach().numpy().strides == (8, 32)
    assert t.clone(memory_format=minigrad.preserve_format).detach().numpy().strides == (8, 32)
    flat = t.clone(memory_format=minigrad.contiguous_format)
    assert flat.detach().numpy().flags.c_contiguous
    np.testing.assert_array_equal(flat.detach().numpy(), t.detach().numpy())
    flat.sum().backward()
    assert t.grad is None  # a non-leaf; the leaf behind it got the gradient
    with pytest.raises(ValueError, match="clone: memory_format must be minigrad.preserve_format"):
        t.clone(memory_format="channels_last")
    assert repr(minigrad.preserve_format) == "minigrad.preserve_format"
    assert copy.deepcopy(minigrad.contiguous_format) is minigrad.contiguous_format


def test_contiguous_accepts_only_the_contiguous_format():
    t = minigrad.ones(2, 3).T
    assert t.contiguous(memory_format=minigrad.contiguous_format).is_contiguous()
    with pytest.raises(ValueError, match="contiguous: only minigrad.contiguous_format is supported"):
        t.contiguous(minigrad.preserve_format)


@pytest.mark.parametrize("name", ["sum", "mean", "var", "std", "logsumexp", "softmax", "log_softmax",
                                  "argmax", "argmin", "count_nonzero"])
def test_dim_taking_methods_and_functions_accept_numpys_axis_alias(name):
    x = minigrad.tensor(np.arange(12.0).reshape(3, 4))
    by_dim = getattr(x, name)(dim=1)
    by_axis = getattr(x, name)(axis=1)
    np.testing.assert_array_equal(by_axis.numpy(), by_dim.numpy())
    np.testing.assert_array_equal(getattr(minigrad, name)(x, axis=1).numpy(), by_dim.numpy())


def test_keepdims_alias_and_values_of_max_and_min_with_axis():
    x = minigrad.tensor([[1.0, 5.0], [4.0, 2.0]])
    assert x.sum(axis=0, keepdims=True).shape == (1, 2)
    assert x.max(axis=1).values.tolist() == [5.0, 4.0]
    assert minigrad.min(x, axis=0).indices.tolist() == [0, 1]
    assert minigrad.cat([x, x], axis=1).shape == (2, 4)
    assert x.unsqueeze(axis=0).shape == (1, 2, 2)
    assert minigrad.gather(x, axis=1, index=minigrad.tensor([[1], [0]])).tolist() == [[5.0], [4.0]]
    with pytest.raises(TypeError, match="sum: got both dim and its alias axis"):
        x.sum(dim=0, axis=0)
    with pytest.raises(TypeError, match="mean: got both keepdim and its alias keepdims"):
        minigrad.mean(x, 0, keepdim=True, keepdims=True)


def test_resize_keeps_the_elements_in_row_major_order():
    x = minigrad.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    alias = x.data
    assert x.resize_(3, 2) is x
    np.testing.assert_array_equal(x.numpy(), [[1, 2], [3, 4], [5, 6]])
    assert alias.shape == (2, 3)  # tensors that shared the old memory keep it
    x.resize_((4,))
    np.testing.assert_array_equal(x.numpy(), [1, 2, 3, 4])
    x.resize_(2, 3)
    assert x.shape == (2, 3)
    np.testing.assert_array_equal(x.numpy().reshape(-1)[:4], [1, 2, 3, 4])


def test_resize_refuses_tensors_that_require_grad_and_impossible_sizes():
    with pytest.raises(RuntimeError, match="resize_: cannot resize a tensor that requires grad"):
        minigrad.ones(2, requires_grad=True).resize_(3)
    with pytest.raises(ValueError, match="resize_: sizes must be non-negative"):
        minigrad.ones(2).resize_(-1)
    with pytest.raises(MemoryError, match="resize_: the result of shape"):
        minigrad.ones(2).resize_(2**62, 2**62)


def test_is_tensor_numel_and_is_floating_point():
    x = minigrad.zeros(2, 3, 4)
    assert minigrad.is_tensor(x) and not minigrad.is_tensor(x.numpy())
    assert not minigrad.is_tensor([1.0]) and not minigrad.is_tensor(None)
    assert minigrad.numel(x) == 24 and minigrad.numel(minigrad.tensor(1.5)) == 1
    assert minigrad.numel(minigrad.zeros(0, 3)) == 0
    for dtype, floating in [(minigrad.float16, True), (minigrad.float32, True),
                            (minigrad.float64, True), (minigrad.int32, False),
                            (minigrad.int64, False), (minigrad.uint8, False),
                            (minigrad.bool, False)]:
        t = minigrad.zeros(2, dtype=dtype)
        assert minigrad.is_floating_point(t) is floating and t.is_floating_point() is floating
    with pytest.raises(TypeError, match="numel: expected input to be a Tensor, got list"):
        minigrad.numel([1, 2])
    with pytest.raises(TypeError, match="is_floating_point: expected input to be a Tensor, got "
                                        "float"):
        minigrad.is_floating_point(3.0)


def test_random_methods_draw_from_minigrads_generator():
    p = minigrad.full((5, 4), 0.5)
    minigrad.manual_seed(7)
    a = p.bernoulli(), p.multinomial(3), p.multinomial(6, replacement=True)
    minigrad.manual_seed(7)
    b = minigrad.bernoulli(p), minigrad.multinomial(p, 3), minigrad.multinomial(p, 6, True)
    for x, y in zip(a, b):
        assert x.tolist() == y.tolist()
    assert a[1].shape == (5, 3) and a[2].shape == (5, 6) and a[2].dtype == np.int64
