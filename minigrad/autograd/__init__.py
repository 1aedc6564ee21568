"""The tape: recording operations, replaying them backwards, and checking gradients."""
import numpy as np

from minigrad.autograd import profiler  # minigrad.autograd.profiler.profile, as in PyTorch
from minigrad.autograd.anomaly_mode import (
    detect_anomaly, is_anomaly_check_nan_enabled, is_anomaly_enabled, set_detect_anomaly,
)
from minigrad.autograd.engine import root_grads, run_backward
from minigrad.autograd.function import Function, FunctionCtx
from minigrad.autograd.grad_mode import (
    enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
    set_grad_enabled,
)
from minigrad.autograd.gradcheck import GradcheckError, gradcheck
from minigrad.autograd.variable import Variable
from minigrad.tensor import Tensor

__all__ = [
    "Function", "FunctionCtx", "grad", "backward", "gradcheck", "GradcheckError",
    "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
    "is_inference_mode_enabled", "Variable",
    "detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled", "is_anomaly_check_nan_enabled",
]


def _as_list(x):
    return list(x) if isinstance(x, (tuple, list)) else [x]


def _tensor_list(op, what, x):
    tensors = _as_list(x)
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}: expected {what} to be Tensors, got {type(t).__name__} at "
                            f"position {i}")
    return tensors


def backward(tensors, grad_tensors=None, retain_graph=False, create_graph=False):
    """Accumulate into the leaves' ``.grad`` the gradient of the sum of ``tensors``.

    ``minigrad.autograd.backward([a, b], [ga, gb])`` is ``a.backward(ga)``
    and ``b.backward(gb)`` in one pass over the graph.

    Parameters
    ----------
    tensors : Tensor or sequence of Tensor
        The roots; each must require grad.
    grad_tensors : Tensor or sequence of Tensor, optional
        The gradient flowing into each root (the vector of the vector–Jacobian
        product), of the root's shape; may be omitted for one-element roots.
    retain_graph : bool, default False
        Keep the saved values so that the graph can be run backward again.
    create_graph : bool, default False
        Record the backward pass so that the gradients can be differentiated
        (only through Functions whose backward is written with tensor
        operations; built-in operations raise ``RuntimeError``).

    Raises
    ------
    RuntimeError
        If a root does not require grad, a non-scalar root has no gradient, or
        the graph was already freed by an earlier backward.
    ValueError
        If a given gradient's shape differs from its root's.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    >>> minigrad.autograd.backward([x * 3, (x * x).sum()], [minigrad.ones(2), None])
    >>> x.grad
    tensor([5., 7.])
    """
    tensors = _tensor_list("backward", "tensors", tensors)
    grads = root_grads("backward", tensors,
                       None if grad_tensors is None else _as_list(grad_tensors), create_graph)
    run_backward(tensors, grads, retain_graph or create_graph, create_graph)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=False):
    """The gradients of ``outputs`` with respect to ``inputs``, without touching ``.grad``.

    Parameters
    ----------
    outputs : Tensor or sequence of Tensor
        The tensors to differentiate; each must have been recorded from the
        ``inputs``.
    inputs : Tensor or sequence of Tensor
        The tensors to differentiate with respect to; each must require grad.
        Their ``.grad`` is left untouched.
    grad_outputs : sequence of Tensor, optional
        The vector in the vector–Jacobian product; may be omitted for scalar outputs.
    retain_graph : bool, optional
        Keep the graph's saved tensors so that another backward can run
        through it; defaults to ``create_graph``.
    create_graph : bool, default False
        Record the computation so that the result can be differentiated again.
    allow_unused : bool, default False
        Return None for inputs the outputs do not depend on instead of raising.

    Returns
    -------
    tuple of Tensor

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    >>> minigrad.autograd.grad((x ** 2).sum(), x)
    (tensor([2., 4.]),)
    """
    outputs = _tensor_list("grad", "outputs", outputs)
    inputs = _tensor_list("grad", "inputs", inputs)
    for i, t in enumerate(inputs):
        if not t.requires_grad:
            raise RuntimeError(f"grad: input {i} does not require grad")
    grads = root_grads("grad", outputs, None if grad_outputs is None else _as_list(grad_outputs),
                       create_graph, what="outputs")
    retain = create_graph if retain_graph is None else retain_graph
    found = run_backward(outputs, grads, retain, create_graph, inputs=inputs)
    result = []
    for i, g in enumerate(found):
        if g is None:
            if not allow_unused:
                raise RuntimeError(
                    f"grad: input {i} was not used in the graph; pass allow_unused=True"
                )
            result.append(None)
        else:
            result.append(g if isinstance(g, Tensor) else Tensor._make(np.array(g), False))
    return tuple(result)

