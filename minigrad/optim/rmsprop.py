"""RMSprop, optionally centered and with momentum."""
import numpy as np

from minigrad.optim.optimizer import (
    Optimizer,
    _bump_version,
    _check_nonnegative,
    _new_state,
)

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    r"""RMSprop: divide the gradient by a running average of its magnitude (Hinton, 2012).

    For each parameter :math:`\theta` with gradient :math:`g_t`:

    .. math::
        g &\leftarrow -g_t \text{ if maximize else } g_t, \qquad
        g \leftarrow g + \lambda\theta \text{ if } \lambda \ne 0 \\
        v_t &= \alpha v_{t-1} + (1 - \alpha) g^2, \qquad \tilde v_t = v_t \\
        \bar g_t &= \alpha \bar g_{t-1} + (1 - \alpha) g, \quad
            \tilde v_t = v_t - \bar g_t^2 \qquad\text{(centered)} \\
        b_t &= \mu b_{t-1} + g / (\sqrt{\tilde v_t} + \epsilon), \quad
            \theta \leftarrow \theta - \gamma b_t \qquad\text{(when } \mu > 0\text{)} \\
        \theta &\leftarrow \theta - \gamma g / (\sqrt{\tilde v_t} + \epsilon)
            \qquad\text{(otherwise)}

    Parameters
    ----------
    params : iterable of Tensor, of (name, Tensor) pairs, or of dict
        The tensors to optimize, such as ``model.parameters()``: leaf
        floating-point tensors, each listed once, in an ordered iterable (a
        list or a generator, not a set). Pass dicts instead to form parameter
        groups: each has a ``"params"`` entry and may override any of the
        hyper-parameters below for its tensors.
    lr : float, default 1e-2
        Learning rate :math:`\gamma`, non-negative.
    alpha : float, default 0.99
        Smoothing constant :math:`\alpha`, non-negative: the decay rate of the
        running average of squared gradients.
    eps : float, default 1e-8
        :math:`\epsilon`, non-negative, added to the denominator to avoid a
        division by zero.
    weight_decay : float, default 0
        L2 penalty :math:`\lambda`, non-negative, added to the gradient.
    momentum : float, default 0
        Momentum factor :math:`\mu`, non-negative; 0 applies the scaled gradient
        directly, a positive value keeps a buffer :math:`b` of past steps.
    centered : bool, default False
        Normalise by an estimate of the gradient's variance instead of its
        second moment, keeping a running mean :math:`\bar g` of the gradient.
        Where rounding makes that estimate negative it is taken as 0 (PyTorch
        returns NaN there).
    maximize : bool, default False
        Maximize the objective instead of minimizing it (keyword only).

    Raises
    ------
    ValueError
        For a negative hyper-parameter.

    Examples
    --------
    >>> import minigrad
    >>> w = minigrad.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = minigrad.optim.RMSprop([w], lr=0.01)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> [round(v, 4) for v in w.tolist()]
    [0.9, -1.9]
    """

    def __init__(self, params, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False,
                 *, maximize: bool = False):
        _check_nonnegative("RMSprop", lr, "learning rate")
        _check_nonnegative("RMSprop", eps, "epsilon value")
        _check_nonnegative("RMSprop", momentum, "momentum value")
        _check_nonnegative("RMSprop", weight_decay, "weight_decay value")
        _check_nonnegative("RMSprop", alpha, "alpha value")
        defaults = {"lr": lr, "alpha": alpha, "eps": eps, "weight_decay": weight_decay,
                    "momentum": momentum, "centered": centered, "maximize": maximize}
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr = float(group["lr"])
        alpha = float(group["alpha"])
        eps = float(group["eps"])
        momentum = float(group["momentum"])
        for p, grad in self._params_with_grad(group):
            state = self.state[p]
            if not state:
                state["step"] = 0
                state["square_avg"] = _new_state(p)
            if momentum > 0 and "momentum_buffer" not in state:
                state["momentum_buffer"] = _new_state(p)
            if group["centered"] and "grad_avg" not in state:
                state["grad_avg"] = _new_state(p)
            state["step"] += 1
            tmp, work = self._buffers(p._data, 2)
            d = self._effective_grad(p, grad, float(group["weight_decay"]),
                                     group["maximize"], tmp)
            square_avg = state["square_avg"]._data
            square_avg *= alpha
            np.multiply(d, d, out=work)
            work *= 1 - alpha
            square_avg += work
            if group["centered"]:
                grad_avg = state["grad_avg"]._data
                np.subtract(d, grad_avg, out=work)
                work *= 1 - alpha
                grad_avg += work
                np.multiply(grad_avg, grad_avg, out=work)
                np.subtract(square_avg, work, out=work)
                # The estimate is >= 0 in exact arithmetic; rounding can make it
                # slightly negative once the gradient stops varying.
                np.maximum(work, 0, out=work)
                np.sqrt(work, out=work)
            else:
                np.sqrt(square_avg, out=work)
            work += eps
            # work is the denominator; the step direction g / denominator replaces it.
            np.divide(d, work, out=work)
            if momentum > 0:
                buf = state["momentum_buffer"]._data
                buf *= momentum
                buf += work
                np.multiply(buf, lr, out=work)
            else:
                work *= lr
            np.subtract(p._data, work, out=p._data)
            _bump_version(p)
