"""Adam, with the AMSGrad variant, L2 or decoupled weight decay."""
import math

import numpy as np

from minigrad.optim.optimizer import (
    Optimizer,
    _bump_version,
    _check_nonnegative,
    _check_unit,
    _new_state,
)

__all__ = ["Adam"]


class Adam(Optimizer):
    r"""Adam: adaptive moment estimation (Kingma and Ba, 2014).

    For each parameter :math:`\theta` with gradient :math:`g_t`, step ``t``:

    .. math::
        g &\leftarrow -g_t \text{ if maximize else } g_t \\
        \theta &\leftarrow \theta (1 - \gamma\lambda)
            \text{ if decoupled, else } g \leftarrow g + \lambda\theta \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g^2 \\
        \hat v_t &= \max(\hat v_{t-1}, v_t) \text{ if amsgrad else } v_t \\
        \theta &\leftarrow \theta - \frac{\gamma}{1 - \beta_1^t}\,
            \frac{m_t}{\sqrt{\hat v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    Parameters
    ----------
    params : iterable of Tensor, of (name, Tensor) pairs, or of dict
        The tensors to optimize, such as ``model.parameters()``: leaf
        floating-point tensors, each listed once, in an ordered iterable (a
        list or a generator, not a set). Pass dicts instead to form parameter
        groups: each has a ``"params"`` entry and may override any of the
        hyper-parameters below for its tensors.
    lr : float, default 1e-3
        Learning rate :math:`\gamma`, non-negative; with bias correction, the
        first steps move each weight by about ``lr``.
    betas : (float, float), default (0.9, 0.999)
        Decay rates :math:`\beta_1, \beta_2` of the running averages of the
        gradient and of its square, each in ``[0, 1)``.
    eps : float, default 1e-8
        :math:`\epsilon`, non-negative, added to the denominator so that a
        parameter whose gradient stays near zero does not take huge steps.
    weight_decay : float, default 0
        Weight decay :math:`\lambda`, non-negative: an L2 penalty added to the
        gradient, or with ``decoupled_weight_decay=True`` a shrinking of the
        weights by :math:`\gamma\lambda` per step.
    amsgrad : bool, default False
        Divide by the largest second-moment estimate seen so far (AMSGrad), so
        that the effective step size never grows; keeps one more buffer per
        parameter.
    maximize : bool, default False
        Maximize the objective instead of minimizing it (keyword only).
    decoupled_weight_decay : bool, default False
        Shrink the weights directly instead of adding the penalty to the
        gradient (keyword only); ``True`` makes this optimizer :class:`AdamW`.

    Raises
    ------
    ValueError
        For a negative learning rate, eps or weight decay, or betas outside [0, 1).
    TypeError
        If ``betas`` is not a pair.

    Examples
    --------
    >>> import minigrad
    >>> w = minigrad.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = minigrad.optim.Adam([w], lr=0.1)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> [round(v, 4) for v in w.tolist()]  # the first step moves each weight by about lr
    [0.9, -1.9]
    """

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *, maximize: bool = False,
                 decoupled_weight_decay: bool = False):
        name = type(self).__name__
        _check_nonnegative(name, lr, "learning rate")
        _check_nonnegative(name, eps, "epsilon value")
        _check_nonnegative(name, weight_decay, "weight_decay value")
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"{name}: betas must be a pair of floats, got {betas!r}")
        _check_unit(name, betas[0], "beta parameter at index 0")
        _check_unit(name, betas[1], "beta parameter at index 1")
        defaults = {"lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay,
                    "amsgrad": amsgrad, "maximize": maximize,
                    "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr = float(group["lr"])
        beta1, beta2 = (float(b) for b in group["betas"])
        eps = float(group["eps"])
        weight_decay = float(group["weight_decay"])
        decoupled = group["decoupled_weight_decay"]
        amsgrad = group["amsgrad"]
        for p, grad in self._params_with_grad(group):
            state = self.state[p]
            if not state:
                state["step"] = 0
                state["exp_avg"] = _new_state(p)
                state["exp_avg_sq"] = _new_state(p)
            if amsgrad and "max_exp_avg_sq" not in state:
                state["max_exp_avg_sq"] = _new_state(p)
            state["step"] += 1
            t = state["step"]
            tmp, work = self._buffers(p._data, 2)
            if decoupled:
                if weight_decay != 0:
                    p._data *= 1 - lr * weight_decay
                d = self._effective_grad(p, grad, 0.0, group["maximize"], tmp)
            else:
                d = self._effective_grad(p, grad, weight_decay, group["maximize"], tmp)
            m = state["exp_avg"]._data
            v = state["exp_avg_sq"]._data
            # m += (1 - beta1) * (d - m): the lerp form of beta1*m + (1-beta1)*d.
            np.subtract(d, m, out=work)
            work *= 1 - beta1
            m += work
            v *= beta2
            np.multiply(d, d, out=work)
            work *= 1 - beta2
            v += work
            if amsgrad:
                v_max = state["max_exp_avg_sq"]._data
                np.maximum(v_max, v, out=v_max)
                v = v_max
            step_size = lr / (1 - beta1 ** t)
            np.sqrt(v, out=work)
            work /= math.sqrt(1 - beta2 ** t)
            work += eps
            np.divide(m, work, out=work)
            work *= step_size
            np.subtract(p._data, work, out=p._data)
            _bump_version(p)
