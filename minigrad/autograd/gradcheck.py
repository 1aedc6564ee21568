"""Checking analytical gradients against central finite differences."""
import numpy as np

from minigrad.autograd.engine import run_backward
from minigrad.autograd.grad_mode import enable_grad, no_grad
from minigrad.ops._args import check_int, check_number
from minigrad.tensor import Tensor

__all__ = ["gradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by :func:`gradcheck` when an analytical gradient is wrong.

    The message names the input, its shape, the first wrong element and both
    values.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.autograd import Function, GradcheckError, gradcheck
    >>> class WrongSquare(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x * x
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return x * grad          # should be 2 * x * grad
    >>> x = minigrad.tensor([1.0, 2.0], dtype=minigrad.float64, requires_grad=True)
    >>> try:
    ...     gradcheck(WrongSquare.apply, (x,))
    ... except GradcheckError as error:
    ...     print(str(error).split(":")[1].strip())
    the gradient of input 0 (shape [2]) is wrong at index (0,)
    """


def _outputs(fn, inputs):
    out = fn(*inputs)
    outs = out if isinstance(out, (tuple, list)) else (out,)
    return [o for o in outs if isinstance(o, Tensor) and o._data.dtype.kind == "f"]


def gradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, seed=0):
    """Compare ``fn``'s backward with central finite differences.

    Every floating-point output is projected onto a fixed random direction
    ``v`` (so one backward pass checks the whole Jacobian–vector product),
    and for every input that requires grad each element is perturbed by
    ``±eps``: the analytical ``v^T J`` must match
    ``(v·f(x + eps) - v·f(x - eps)) / 2 eps``.

    Parameters
    ----------
    fn : callable
        Takes the ``inputs`` (unpacked, one argument each) and returns a tensor
        or a tuple of tensors; it must be deterministic, since it runs twice per
        perturbed element.
    inputs : Tensor or tuple of Tensor
        The arguments of ``fn``; a single tensor may be passed alone. Only those
        that require grad are checked. They should be float64: float32
        differences are too coarse for the default tolerances.
    eps : float, default 1e-6
        The perturbation added to and subtracted from each element.
    atol : float, default 1e-5
        Absolute tolerance: a gradient passes when
        ``|analytical - numerical| <= atol + rtol * |numerical|``.
    rtol : float, default 1e-3
        Relative tolerance, in the same test.
    raise_exception : bool, default True
        On failure, raise :class:`GradcheckError` naming the input, the element
        and both values; False returns False instead.
    seed : int, default 0
        Seed of the generator that draws the projection direction ``v``, so that
        a check gives the same answer on every run.

    Returns
    -------
    bool
        True when every gradient matches.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.autograd import gradcheck
    >>> x = minigrad.randn(3, 4, dtype=minigrad.float64, requires_grad=True)
    >>> gradcheck(lambda t: (t * t).sum(dim=1), (x,))
    True
    """
    if not callable(fn):
        raise TypeError(f"gradcheck: fn must be callable, got {type(fn).__name__}")
    for name, value in (("eps", eps), ("atol", atol), ("rtol", rtol)):
        check_number("gradcheck", name, value)
    check_int("gradcheck", "seed", seed, 0)
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    differentiable = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    for i in differentiable:
        if inputs[i]._data.dtype != np.float64:
            import warnings

            warnings.warn(f"gradcheck: input {i} is {inputs[i]._data.dtype}, not float64; "
                          f"finite differences will be inaccurate", stacklevel=2)
    rng = np.random.default_rng(seed)
    with enable_grad():
        outputs = _outputs(fn, inputs)
    directions = [rng.standard_normal(o.shape) for o in outputs]

    def projected():
        with no_grad():
            outs = _outputs(fn, inputs)
        return sum(float((o._data.astype(np.float64) * v).sum()) for o, v in zip(outs, directions))

    roots = [o for o in outputs if o.requires_grad]
    grads = [v.astype(o._data.dtype) for o, v in zip(outputs, directions) if o.requires_grad]
    wanted = [inputs[i] for i in differentiable]
    analytical = run_backward(roots, grads, inputs=wanted) if roots else [None] * len(wanted)

    for position, index in enumerate(differentiable):
        tensor = inputs[index]
        flat = tensor._data.reshape(-1)
        numerical = np.zeros(flat.shape, np.float64)
        for k in range(flat.size):
            saved = flat[k]
            flat[k] = saved + eps
            plus = projected()
            flat[k] = saved - eps
            minus = projected()
            flat[k] = saved
            numerical[k] = (plus - minus) / (2 * eps)
        got = analytical[position]
        got = np.zeros(flat.shape) if got is None else np.asarray(got, np.float64).reshape(-1)
        bad = np.abs(got - numerical) > atol + rtol * np.abs(numerical)
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            where = np.unravel_index(k, tensor.shape) if tensor.ndim else ()
            message = (
                f"gradcheck: the gradient of input {index} (shape {list(tensor.shape)}) is wrong "
                f"at index {tuple(int(w) for w in where)}: analytical {got[k]:.8g}, numerical "
                f"{numerical[k]:.8g} ({int(bad.sum())} of {bad.size} elements differ)"
            )
            if raise_exception:
                raise GradcheckError(message)
            return False
    return True
