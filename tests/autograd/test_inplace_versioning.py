"""In-place ops, the version counter, and the errors that replace wrong gradients."""
import numpy as np
import pytest

import minigrad
from minigrad.autograd import gradcheck

SAVED_MODIFIED = "one of the tensors needed for the gradient computation has been modified by an " \
                 "in-place operation"
STALE_HISTORY = "was modified by an in-place operation on a tensor sharing its memory"


def _f64(values, requires_grad=True):
    return minigrad.tensor(values, dtype=minigrad.float64, requires_grad=requires_grad)


# ---------------------------------------------------------------- values and versions
@pytest.mark.parametrize("apply, expected", [
    (lambda t: t.add_(1), [2.0, -1.0, 4.0]),
    (lambda t: t.add_(minigrad.ones(3), alpha=2), [3.0, 0.0, 5.0]),
    (lambda t: t.sub_(1), [0.0, -3.0, 2.0]),
    (lambda t: t.sub_(minigrad.ones(3), alpha=0.5), [0.5, -2.5, 2.5]),
    (lambda t: t.mul_(2), [2.0, -4.0, 6.0]),
    (lambda t: t.div_(2), [0.5, -1.0, 1.5]),
    (lambda t: t.zero_(), [0.0, 0.0, 0.0]),
    (lambda t: t.fill_(7), [7.0, 7.0, 7.0]),
    (lambda t: t.copy_(minigrad.tensor([4, 5, 6])), [4.0, 5.0, 6.0]),
    (lambda t: t.copy_(minigrad.tensor(9.0)), [9.0, 9.0, 9.0]),
    (lambda t: t.clamp_(-1, 1), [1.0, -1.0, 1.0]),
    (lambda t: t.clamp_(min=0), [1.0, 0.0, 3.0]),
], ids=["add_", "add_alpha", "sub_", "sub_alpha", "mul_", "div_", "zero_", "fill_", "copy_",
        "copy_broadcast", "clamp_", "clamp_min"])
def test_in_place_ops_change_the_values_return_self_and_bump_the_version(apply, expected):
    t = minigrad.tensor([1.0, -2.0, 3.0])
    data = t.numpy()
    assert t._version == 0
    assert apply(t) is t
    assert t.numpy() is data  # the same memory, changed in place
    assert t.tolist() == expected and t._version == 1


def test_augmented_assignment_operators_are_in_place():
    t = minigrad.tensor([4.0, 8.0])
    alias = t
    t += 1
    t -= minigrad.tensor([1.0, 2.0])
    t *= 3
    t /= 2
    assert alias is t and t.tolist() == [6.0, 10.5] and t._version == 4


def test_in_place_ops_broadcast_the_operand_but_not_the_tensor():
    t = minigrad.zeros(2, 3)
    t.add_(minigrad.tensor([1.0, 2.0, 3.0]))
    assert t.tolist() == [[1.0, 2.0, 3.0]] * 2
    with pytest.raises(ValueError, match=r"add_: the operand of shape \[3\] cannot be broadcast to "
                                         r"the tensor's shape \[2\]"):
        minigrad.zeros(2).add_(minigrad.ones(3))
    with pytest.raises(ValueError, match=r"copy_: the source of shape \[3\] cannot be broadcast to "
                                         r"the tensor's shape \[2\]"):
        minigrad.zeros(2).copy_(minigrad.ones(3))


def test_in_place_ops_keep_the_dtype_and_refuse_unsafe_casts():
    t = minigrad.tensor([1.0, 2.0])
    t += minigrad.tensor([1, 1])
    assert t.dtype == np.float32
    i = minigrad.tensor([1, 2])
    with pytest.raises(TypeError, match="add_: result type float64 can't be cast to the tensor's "
                                        "dtype int64"):
        i += 1.5
    assert i._version == 0 and i.tolist() == [1, 2]


def test_views_share_the_version_counter():
    base = minigrad.zeros(2, 3)
    row, flat, trans = base[0], base.reshape(6), base.T
    row.fill_(1)
    assert base._version == flat._version == trans._version == 1
    assert flat.tolist() == [1.0, 1.0, 1.0, 0.0, 0.0, 0.0]
    trans.mul_(2)
    assert base._version == 2 and base.tolist()[0] == [2.0, 2.0, 2.0]


# ---------------------------------------------------------------- leaves
def test_in_place_on_a_leaf_that_requires_grad_raises_while_recording():
    w = minigrad.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="add_: a leaf tensor that requires grad is being used in "
                                           "an in-place operation"):
        w.add_(1)
    with pytest.raises(RuntimeError, match="mul_: a leaf tensor that requires grad"):
        w *= 2


def test_in_place_on_a_leaf_under_no_grad_is_allowed_like_an_optimizer_step():
    w = minigrad.ones(2, requires_grad=True)
    (w * 3).sum().backward()
    with minigrad.no_grad():
        w -= 0.1 * w.grad
    assert w.is_leaf and w.requires_grad and w._version == 1
    np.testing.assert_allclose(w.detach().numpy(), [0.7, 0.7], rtol=1e-6)
    w.grad.zero_()
    (w * 3).sum().backward()
    assert w.grad.tolist() == [3.0, 3.0]


# ---------------------------------------------------------------- saved tensors modified
@pytest.mark.parametrize("make, modify, node", [
    (lambda x: x * 2, lambda h: h.mul_(2), "MulBackward"),  # h saved by the next mul
    (lambda x: x + 0, lambda h: h.zero_(), "MulBackward"),
    (lambda x: x * 1, lambda h: h.copy_(minigrad.zeros(2, dtype=minigrad.float64)), "MulBackward"),
])
def test_modifying_a_tensor_saved_for_backward_makes_backward_raise(make, modify, node):
    x = _f64([1.0, 2.0])
    hidden = make(x)
    loss = (hidden * hidden).sum()
    modify(hidden)
    with pytest.raises(RuntimeError, match=rf"{node}: {SAVED_MODIFIED}: a tensor of shape \[2\] is "
                                           rf"at version 1; expected version 0"):
        loss.backward()


@pytest.mark.parametrize("op, node", [
    (lambda t: t.exp(), "ExpBackward"), (lambda t: t.relu(), "ReLUBackward"),
    (lambda t: t.sigmoid(), "SigmoidBackward"), (lambda t: t.sqrt(), "SqrtBackward"),
    (lambda t: t.softmax(0), "SoftmaxBackward"),
])
def test_modifying_a_saved_output_makes_backward_raise(op, node):
    x = _f64([1.0, 2.0])
    out = op(x)
    out.add_(1)
    with pytest.raises(RuntimeError, match=rf"{node}: {SAVED_MODIFIED}"):
        out.sum().backward()


def test_modifying_a_saved_leaf_under_no_grad_makes_backward_raise():
    w = _f64([[1.0, 2.0]])
    x = _f64([[3.0], [4.0]], requires_grad=False)
    loss = (w @ x).sum()
    with minigrad.no_grad():
        w.mul_(2)
    with pytest.raises(RuntimeError, match=rf"MatMulBackward: {SAVED_MODIFIED}"):
        loss.backward()


def test_modifying_a_tensor_through_a_view_is_detected_by_the_node_that_saved_it():
    x = _f64([1.0, 2.0, 3.0, 4.0])
    hidden = x * 2
    loss = (hidden * hidden).sum()
    hidden[1:3].mul_(2)
    with pytest.raises(RuntimeError, match=rf"MulBackward: {SAVED_MODIFIED}"):
        loss.backward()


def test_modifying_a_tensor_that_no_node_saved_is_allowed():
    x = _f64([1.0, 2.0])
    hidden = x * 2
    loss = (hidden + hidden).sum()  # add saves nothing
    hidden.add_(100)
    loss.backward()
    assert x.grad.tolist() == [4.0, 4.0]


# ---------------------------------------------------------------- recorded in-place ops
def test_in_place_ops_on_a_non_leaf_are_recorded_and_differentiate_correctly():
    x = _f64([1.0, 2.0])
    w = _f64([3.0, 4.0])
    y = x * 1
    y.mul_(w)      # y = x * w
    y += x         # y = x * w + x
    y /= 2         # y = (x * w + x) / 2
    y.sub_(w, alpha=3)
    y.clamp_(min=-100)
    assert y.grad_fn is not None and y._version == 5
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [(3.0 + 1) / 2, (4.0 + 1) / 2])
    np.testing.assert_allclose(w.grad.numpy(), [1.0 / 2 - 3, 2.0 / 2 - 3])


def test_a_tensor_multiplied_in_place_by_itself_has_the_gradient_of_a_square():
    x = _f64([1.0, 2.0])
    y = x * 1
    y.mul_(y)
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 4.0]


def test_in_place_ops_on_an_empty_non_leaf_differentiate():
    x = _f64(np.zeros((0, 3)))
    w = _f64([[1.0, 2.0, 3.0]])
    y = x.clone()
    y.mul_(w)
    y.div_(w)
    y.sum().backward()
    assert x.grad.shape == (0, 3) and w.grad.tolist() == [[0.0, 0.0, 0.0]]


def test_recorded_in_place_ops_pass_gradcheck():
    def f(x, w):
        y = x.clone()
        y.mul_(w)
        y.add_(x * x)
        y.div_(w + 3)
        y[0] = y[1] * 2
        return y

    rng = np.random.default_rng(0)
    assert gradcheck(f, (_f64(rng.uniform(-1, 1, 3)), _f64(rng.uniform(0.5, 1, 3))))


def test_in_place_cast_down_from_float64_is_recorded():
    y = minigrad.ones(2, requires_grad=True) * 1
    w = _f64([2.0, 3.0])
    y.mul_(w)
    assert y.dtype == np.float32
    y.sum().backward()
    assert w.grad.tolist() == [1.0, 1.0] and w.grad.dtype == np.float64


def test_in_place_op_with_an_operand_that_requires_grad_makes_the_tensor_require_grad():
    y = minigrad.zeros(2)
    w = minigrad.ones(2, requires_grad=True)
    y.add_(w * 3)
    assert y.requires_grad and y.grad_fn is not None
    (y * 2).sum().backward()
    assert w.grad.tolist() == [6.0, 6.0]


def test_fill_and_zero_cut_the_gradient_to_earlier_values():
    x = _f64([1.0, 2.0])
    y = x * 2
    y.zero_()
    (y + x).sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


# ---------------------------------------------------------------- views and their bases
def test_using_a_base_after_its_view_was_modified_in_place_raises():
    x = _f64([1.0, 2.0, 3.0, 4.0])
    hidden = x * 2
    hidden[1:3].mul_(2)
    with pytest.raises(RuntimeError, match=rf"Sum: input 0 \(a tensor of shape \[4\] made by "
                                           rf"MulBackward\) {STALE_HISTORY}"):
        hidden.sum()


def test_using_a_view_after_its_base_was_modified_in_place_raises():
    x = _f64([1.0, 2.0, 3.0, 4.0])
    hidden = x * 2
    view = hidden.reshape(2, 2)
    hidden.add_(1)
    with pytest.raises(RuntimeError, match=rf"Mul: input 0 .* made by ReshapeBackward\) "
                                           rf"{STALE_HISTORY}"):
        view * 3
    with pytest.raises(RuntimeError, match=rf"backward: root 0 .* {STALE_HISTORY}"):
        view.backward(minigrad.ones(2, 2))


def test_the_modified_view_itself_has_a_correct_history():
    x = _f64([1.0, 2.0, 3.0, 4.0])
    hidden = x * 2
    view = hidden[1:3]
    view.mul_(x[1:3])
    view.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0.0, 2 * 2.0 * 2, 2 * 3.0 * 2, 0.0])


def test_ops_recorded_before_the_modification_keep_their_gradient():
    x = _f64([1.0, 2.0])
    hidden = x * 2
    view = hidden[:1]
    early = view + 1  # add saves nothing, and its input was current when it ran
    hidden.mul_(5)
    early.sum().backward()
    assert x.grad.tolist() == [2.0, 0.0]


def test_a_no_grad_change_of_a_non_leaf_through_itself_is_allowed():
    x = _f64([1.0, 2.0])
    hidden = x * 2
    with minigrad.no_grad():
        hidden.add_(1)
    (hidden * 3).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]
