"""Adadelta: learning rates from running averages of squared gradients and updates."""
import numpy as np

from minigrad.optim.optimizer import (
    Optimizer,
    _bump_version,
    _check_nonnegative,
    _new_state,
)

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012).

    For each parameter :math:`\theta` with gradient :math:`g_t`:

    .. math::
        g &\leftarrow -g_t \text{ if maximize else } g_t, \qquad
        g \leftarrow g + \lambda\theta \text{ if } \lambda \ne 0 \\
        v_t &= \rho v_{t-1} + (1 - \rho) g^2 \\
        \Delta x_t &= \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}}\, g \\
        u_t &= \rho u_{t-1} + (1 - \rho) \Delta x_t^2 \\
        \theta &\leftarrow \theta - \gamma \Delta x_t

    Parameters
    ----------
    params : iterable of Tensor, of (name, Tensor) pairs, or of dict
        The tensors to optimize, such as ``model.parameters()``: leaf
        floating-point tensors, each listed once, in an ordered iterable (a
        list or a generator, not a set). Pass dicts instead to form parameter
        groups: each has a ``"params"`` entry and may override any of the
        hyper-parameters below for its tensors.
    lr : float, default 1.0
        Scale :math:`\gamma` of the update, non-negative; Adadelta adapts its
        own step size, so 1 is the usual value.
    rho : float, default 0.9
        Decay rate :math:`\rho` of the running averages of squared gradients and
        squared updates, in ``[0, 1]``.
    eps : float, default 1e-6
        :math:`\epsilon`, non-negative, added inside both square roots; it also
        sets the size of the first steps, while :math:`u` is still zero.
    weight_decay : float, default 0
        L2 penalty :math:`\lambda`, non-negative, added to the gradient.
    maximize : bool, default False
        Maximize the objective instead of minimizing it (keyword only).

    Raises
    ------
    ValueError
        For a negative hyper-parameter, or ``rho`` above 1.

    Examples
    --------
    >>> import minigrad
    >>> w = minigrad.tensor([3.0], requires_grad=True)
    >>> opt = minigrad.optim.Adadelta([w], lr=1.0, rho=0.0, eps=1e-6)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> round(w.item(), 6)
    2.999
    """

    def __init__(self, params, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0, *, maximize: bool = False):
        _check_nonnegative("Adadelta", lr, "learning rate")
        _check_nonnegative("Adadelta", rho, "rho value")
        if rho > 1:
            raise ValueError(f"Adadelta: invalid rho value: {rho} (expected 0 <= rho <= 1)")
        _check_nonnegative("Adadelta", eps, "epsilon value")
        _check_nonnegative("Adadelta", weight_decay, "weight_decay value")
        defaults = {"lr": lr, "rho": rho, "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize}
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr = float(group["lr"])
        rho = float(group["rho"])
        eps = float(group["eps"])
        for p, grad in self._params_with_grad(group):
            state = self.state[p]
            if not state:
                state["step"] = 0
                state["square_avg"] = _new_state(p)
                state["acc_delta"] = _new_state(p)
            state["step"] += 1
            tmp, std, delta = self._buffers(p._data, 3)
            d = self._effective_grad(p, grad, float(group["weight_decay"]),
                                     group["maximize"], tmp)
            square_avg = state["square_avg"]._data
            acc_delta = state["acc_delta"]._data
            square_avg *= rho
            np.multiply(d, d, out=std)
            std *= 1 - rho
            square_avg += std
            np.add(square_avg, eps, out=std)
            np.sqrt(std, out=std)
            np.add(acc_delta, eps, out=delta)
            np.sqrt(delta, out=delta)
            delta /= std
            delta *= d
            acc_delta *= rho
            np.multiply(delta, delta, out=std)
            std *= 1 - rho
            acc_delta += std
            delta *= lr
            np.subtract(p._data, delta, out=p._data)
            _bump_version(p)
