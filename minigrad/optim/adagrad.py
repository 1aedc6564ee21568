"""Adagrad: per-coordinate learning rates from the sum of squared gradients."""
import numpy as np

from minigrad.optim.optimizer import (
    Optimizer,
    _bump_version,
    _check_nonnegative,
    _new_state,
)

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    r"""Adagrad (Duchi, Hazan and Singer, 2011).

    For each parameter :math:`\theta` with gradient :math:`g_t`, step ``t``:

    .. math::
        \tilde\gamma &= \gamma / (1 + (t - 1)\eta) \\
        g &\leftarrow -g_t \text{ if maximize else } g_t, \qquad
        g \leftarrow g + \lambda\theta \text{ if } \lambda \ne 0 \\
        s_t &= s_{t-1} + g^2 \\
        \theta &\leftarrow \theta - \tilde\gamma\, g / (\sqrt{s_t} + \epsilon)

    with :math:`s_0` the ``initial_accumulator_value``.

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
    lr_decay : float, default 0
        Learning-rate decay :math:`\eta`, non-negative: step ``t`` uses
        :math:`\gamma / (1 + (t - 1)\eta)`.
    weight_decay : float, default 0
        L2 penalty :math:`\lambda`, non-negative, added to the gradient.
    initial_accumulator_value : float, default 0
        Starting value :math:`s_0` of every element of the sum of squared
        gradients, non-negative; a positive value damps the first steps.
    eps : float, default 1e-10
        :math:`\epsilon`, non-negative, added to the denominator to avoid a
        division by zero.
    maximize : bool, default False
        Maximize the objective instead of minimizing it (keyword only).

    Raises
    ------
    ValueError
        For a negative hyper-parameter.

    Notes
    -----
    The state (``"sum"`` and ``"step"``) is created when the optimizer is
    built, as in PyTorch.

    Examples
    --------
    >>> import minigrad
    >>> w = minigrad.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = minigrad.optim.Adagrad([w], lr=0.5)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.5000, -1.5000], requires_grad=True)
    """

    def __init__(self, params, lr: float = 1e-2, lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10, *,
                 maximize: bool = False):
        _check_nonnegative("Adagrad", lr, "learning rate")
        _check_nonnegative("Adagrad", lr_decay, "lr_decay value")
        _check_nonnegative("Adagrad", weight_decay, "weight_decay value")
        _check_nonnegative("Adagrad", initial_accumulator_value, "initial_accumulator_value")
        _check_nonnegative("Adagrad", eps, "epsilon value")
        defaults = {"lr": lr, "lr_decay": lr_decay, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value, "eps": eps,
                    "maximize": maximize}
        super().__init__(params, defaults)

    def add_param_group(self, param_group):
        super().add_param_group(param_group)
        for p in self.param_groups[-1]["params"]:
            self._init_state(p, self.param_groups[-1])

    def _init_state(self, p, group):
        state = self.state[p]
        if not state:
            state["step"] = 0
            state["sum"] = _new_state(p, float(group["initial_accumulator_value"]))

    def _update_group(self, group):
        lr = float(group["lr"])
        lr_decay = float(group["lr_decay"])
        eps = float(group["eps"])
        for p, grad in self._params_with_grad(group):
            self._init_state(p, group)
            state = self.state[p]
            state["step"] += 1
            clr = lr / (1 + (state["step"] - 1) * lr_decay)
            tmp, work = self._buffers(p._data, 2)
            d = self._effective_grad(p, grad, float(group["weight_decay"]),
                                     group["maximize"], tmp)
            total = state["sum"]._data
            np.multiply(d, d, out=work)
            total += work
            np.sqrt(total, out=work)
            work += eps
            np.divide(d, work, out=work)
            work *= clr
            np.subtract(p._data, work, out=p._data)
            _bump_version(p)
