"""User-defined differentiable ops through the public ``minigrad.autograd.Function``."""
import numpy as np
import pytest

import minigrad
from minigrad.autograd import Function, gradcheck


def _f64(values, requires_grad=True):
    return minigrad.tensor(values, dtype=minigrad.float64, requires_grad=requires_grad)


class Cube(Function):
    """The example of the Function docstring: x ** 3 with a hand-written backward."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 3 * x * x * grad


class ScaledSum(Function):
    """``(a * scale + b, a - b)``: two inputs, a non-tensor argument, a keyword and two outputs."""

    @staticmethod
    def forward(ctx, a, b, scale, *, shift=0.0):
        ctx.scale = scale
        ctx.seen_needs = ctx.needs_input_grad
        return a * scale + b + shift, a - b

    @staticmethod
    def backward(ctx, grad_first, grad_second):
        grad_a = grad_first * ctx.scale + grad_second if ctx.needs_input_grad[0] else None
        grad_b = grad_first - grad_second if ctx.needs_input_grad[1] else None
        return grad_a, grad_b, None


def test_custom_function_from_the_docstring_gives_the_analytical_gradient():
    x = _f64([2.0, -1.0])
    y = Cube.apply(x)
    assert y.grad_fn.name() == "CubeBackward"
    np.testing.assert_array_equal(y.detach().numpy(), [8.0, -1.0])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [12.0, 3.0])
    assert gradcheck(Cube.apply, (_f64([0.5, -1.5, 2.0]),))


def test_forward_and_backward_of_user_functions_see_tensors():
    seen = {}

    class Probe(Function):
        @staticmethod
        def forward(ctx, x):
            seen["forward"] = type(x)
            seen["recording"] = minigrad.is_grad_enabled()
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            seen["backward"] = type(grad)
            return grad * 2

    Probe.apply(_f64([1.0])).sum().backward()
    assert seen == {"forward": minigrad.Tensor, "recording": False, "backward": minigrad.Tensor}


def test_non_tensor_arguments_keywords_and_multiple_outputs():
    a, b = _f64([1.0, 2.0]), _f64([3.0, 5.0])
    first, second = ScaledSum.apply(a, b, 10.0, shift=1.0)
    np.testing.assert_array_equal(first.detach().numpy(), [14.0, 26.0])
    np.testing.assert_array_equal(second.detach().numpy(), [-2.0, -3.0])
    assert first.grad_fn is second.grad_fn
    assert first._output_nr == 0 and second._output_nr == 1
    (first.sum() + 2 * second.sum()).backward()
    np.testing.assert_array_equal(a.grad.numpy(), [12.0, 12.0])
    np.testing.assert_array_equal(b.grad.numpy(), [-1.0, -1.0])
    assert gradcheck(lambda x, y: ScaledSum.apply(x, y, 3.0), (_f64([1.0, 2.0]), _f64([0.5, 0.0])))


def test_an_unused_output_reaches_backward_as_zeros():
    a, b = _f64([1.0]), _f64([2.0])
    first, _ = ScaledSum.apply(a, b, 4.0)
    first.sum().backward()
    assert a.grad.item() == 4.0 and b.grad.item() == 1.0


def test_needs_input_grad_tells_which_gradients_are_wanted():
    a, b = _f64([1.0]), _f64([2.0], requires_grad=False)
    first, _ = ScaledSum.apply(a, b, 2.0)
    assert first.grad_fn.seen_needs == (True, False, False)
    first.sum().backward()
    assert a.grad.item() == 2.0 and b.grad is None


def test_mark_non_differentiable_outputs_do_not_require_grad():
    class SortWithIndex(Function):
        @staticmethod
        def forward(ctx, x):
            order = np.argsort(x._data)
            ctx.order = order
            values = minigrad.tensor(x._data[order])
            index = minigrad.tensor(order)
            ctx.mark_non_differentiable(index)
            return values, index

        @staticmethod
        def backward(ctx, grad_values, grad_index):
            grad = np.zeros_like(grad_values._data)
            grad[ctx.order] = grad_values._data
            return minigrad.tensor(grad)

    x = _f64([3.0, 1.0, 2.0])
    values, index = SortWithIndex.apply(x)
    assert values.requires_grad and not index.requires_grad
    (values * minigrad.tensor([1.0, 10.0, 100.0], dtype=minigrad.float64)).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [100.0, 1.0, 10.0])


def test_backward_may_return_arrays():
    class Double(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad._data * 2

    x = _f64([1.0])
    Double.apply(x).sum().backward()
    assert x.grad.item() == 2.0


def test_apply_without_grad_records_nothing():
    x = _f64([1.0])
    with minigrad.no_grad():
        y = Cube.apply(x)
    assert y.grad_fn is None and not y.requires_grad
    y = Cube.apply(_f64([1.0], requires_grad=False))
    assert y.grad_fn is None and not y.requires_grad


def test_forward_returning_an_input_unchanged_gives_an_alias_and_keeps_the_input_a_leaf():
    class Identity(Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, grad):
            return grad

    x = _f64([1.0, 2.0])
    y = Identity.apply(x)
    assert y is not x and x.is_leaf and y.grad_fn is not None
    assert np.shares_memory(y.detach().numpy(), x.detach().numpy())
    (y * 3).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [3.0, 3.0])


def test_a_user_function_may_save_its_output_for_backward():
    class Exp(Function):
        @staticmethod
        def forward(ctx, x):
            out = x.exp()
            ctx.save_for_backward(out)
            return out

        @staticmethod
        def backward(ctx, grad):
            (out,) = ctx.saved_tensors
            return grad * out

    assert gradcheck(Exp.apply, (_f64([0.5, -1.0]),))


# ---------------------------------------------------------------- misuse
def test_backward_returning_too_few_gradients_raises():
    class TooFew(Function):
        @staticmethod
        def forward(ctx, x, y):
            return x * y

        @staticmethod
        def backward(ctx, grad):
            return grad

    x = _f64([1.0])
    with pytest.raises(RuntimeError, match="TooFewBackward: backward returned 1 gradients, but "
                                           "forward had 2 inputs"):
        TooFew.apply(x, x).sum().backward()


def test_backward_returning_a_gradient_of_the_wrong_shape_raises():
    class WrongShape(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad.sum()

    with pytest.raises(RuntimeError, match=r"WrongShapeBackward: backward returned a gradient of "
                                           r"shape \[\] for input 0, expected \[2, 3\]"):
        WrongShape.apply(minigrad.ones(2, 3, requires_grad=True)).sum().backward()


def test_errors_inside_forward_and_backward_name_the_op_and_input_shapes():
    class Fails(Function):
        @staticmethod
        def forward(ctx, x, fail_forward):
            if fail_forward:
                raise ValueError("bad forward")
            return x * 1

        @staticmethod
        def backward(ctx, grad):
            raise ValueError("bad backward")

    with pytest.raises(ValueError, match="bad forward") as info:
        Fails.apply(minigrad.ones(2, 3), True)
    assert "while running Fails forward on (float32[2, 3])" in info.value.__notes__
    with pytest.raises(ValueError, match="bad backward") as info:
        Fails.apply(minigrad.ones(4, requires_grad=True), False).sum().backward()
    assert "while running Fails backward on (float32[4])" in info.value.__notes__


def test_saved_tensors_after_the_graph_was_freed_raise():
    x = _f64([1.0])
    y = Cube.apply(x)
    node = y.grad_fn
    y.sum().backward()
    with pytest.raises(RuntimeError, match="CubeBackward: trying to backward through the graph a "
                                           "second time"):
        _ = node.saved_tensors


# ---------------------------------------------------------------- higher order
def test_create_graph_through_a_custom_function_gives_the_second_derivative_of_x_cubed():
    x = _f64([2.0, -3.0])
    y = Cube.apply(x)
    (first,) = minigrad.autograd.grad(y, x, grad_outputs=[minigrad.ones(2, dtype=minigrad.float64)],
                                      create_graph=True)
    assert first.requires_grad
    np.testing.assert_array_equal(first.detach().numpy(), [12.0, 27.0])
    (second,) = minigrad.autograd.grad(first, x,
                                       grad_outputs=[minigrad.ones(2, dtype=minigrad.float64)])
    np.testing.assert_array_equal(second.numpy(), [12.0, -18.0])


def test_backward_with_create_graph_leaves_a_differentiable_grad():
    x = _f64([2.0])
    Cube.apply(x).backward(create_graph=True)
    first = x.grad
    assert first.requires_grad and first.item() == 12.0
    x.grad = None
    first.backward()
    assert x.grad.item() == 12.0


def test_built_in_ops_raise_a_clear_error_under_create_graph():
    x = _f64([2.0])
    with pytest.raises(RuntimeError, match=r"SumBackward: this built-in op does not support "
                                           r"differentiating its backward \(create_graph=True\)"):
        minigrad.autograd.grad((x * x * x).sum(), x, create_graph=True)
