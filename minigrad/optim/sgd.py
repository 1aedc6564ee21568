"""Stochastic gradient descent, with momentum, Nesterov momentum and weight decay."""
import numpy as np

from minigrad.ops import optim as _ops
from minigrad.optim.optimizer import Optimizer, _bump_version, _check_nonnegative
from minigrad.tensor import Tensor

__all__ = ["SGD"]


class SGD(Optimizer):
    r"""Stochastic gradient descent (optionally with momentum).

    For each parameter :math:`\theta` with gradient :math:`g_t`, step ``t``:

    .. math::
        g &\leftarrow -g_t \text{ if maximize else } g_t, \qquad
        g \leftarrow g + \lambda\theta \text{ if } \lambda \ne 0 \\
        b_t &= g \text{ if } t = 1 \text{ else } \mu b_{t-1} + (1 - \tau) g
              \qquad\text{(when } \mu \ne 0\text{)} \\
        g &\leftarrow g + \mu b_t \text{ if nesterov else } b_t \\
        \theta &\leftarrow \theta - \gamma g

    Parameters
    ----------
    params : iterable of Tensor, of (name, Tensor) pairs, or of dict
        The tensors to optimize, such as ``model.parameters()``: leaf
        floating-point tensors, each listed once, in an ordered iterable (a
        list or a generator, not a set). Pass dicts instead to form parameter
        groups: each has a ``"params"`` entry and may override any of the
        hyper-parameters below for its tensors.
    lr : float, default 1e-3
        Learning rate :math:`\gamma`, the step size; non-negative.
    momentum : float, default 0
        Momentum factor :math:`\mu`, non-negative; 0 turns momentum off (no
        buffer is kept), 0.9 is a common choice.
    dampening : float, default 0
        Dampening :math:`\tau` of the momentum, non-negative: the share of the
        new gradient left out of the momentum buffer after the first step.
    weight_decay : float, default 0
        L2 penalty :math:`\lambda`, non-negative, added to the gradient as
        :math:`\lambda\theta`.
    nesterov : bool, default False
        Use Nesterov momentum, which steps along :math:`g + \mu b_t`; needs
        ``momentum > 0`` and ``dampening == 0``.
    maximize : bool, default False
        Maximize the objective instead of minimizing it (keyword only).

    Raises
    ------
    ValueError
        For a negative hyper-parameter, or Nesterov without momentum or with
        dampening.

    Examples
    --------
    >>> import minigrad
    >>> w = minigrad.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = minigrad.optim.SGD([w], lr=0.1, momentum=0.9)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    def __init__(self, params, lr: float = 1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False):
        _check_nonnegative("SGD", lr, "learning rate")
        _check_nonnegative("SGD", momentum, "momentum value")
        _check_nonnegative("SGD", weight_decay, "weight_decay value")
        _check_nonnegative("SGD", dampening, "dampening value")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("SGD: Nesterov momentum requires a momentum and zero dampening, "
                             f"got momentum={momentum}, dampening={dampening}")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize}
        super().__init__(params, defaults)

    def _update_group(self, group):
        lr = float(group["lr"])
        momentum = float(group["momentum"])
        dampening = float(group["dampening"])
        nesterov = group["nesterov"]
        weight_decay = float(group["weight_decay"])
        for p, grad in self._params_with_grad(group):
            if self._fused_update(p, grad, lr, momentum, dampening, weight_decay, nesterov,
                                  group["maximize"]):
                continue
            tmp, extra = self._buffers(p._data, 2)
            d = self._effective_grad(p, grad, weight_decay,
                                     group["maximize"], tmp)
            if momentum != 0:
                state = self.state[p]
                buf = state.get("momentum_buffer")
                if buf is None:
                    buf = Tensor._make(np.array(d, copy=True), False)
                    state["momentum_buffer"] = buf
                else:
                    b = buf._data
                    b *= momentum
                    if dampening == 0:
                        b += d
                    else:
                        # Nesterov excludes dampening, so d may be overwritten here.
                        np.multiply(d, 1 - dampening, out=tmp)
                        b += tmp
                if nesterov:
                    np.multiply(buf._data, momentum, out=extra)
                    extra += d
                    d = extra
                else:
                    d = buf._data
            np.multiply(d, lr, out=tmp)
            np.subtract(p._data, tmp, out=p._data)
            _bump_version(p)

    def _fused_update(self, p, grad, lr, momentum, dampening, weight_decay, nesterov, maximize):
        """Do ``_update_group``'s update in one compiled pass; False if the arrays do not allow it.

        The kernel needs C-contiguous arrays of one dtype (a momentum buffer
        loaded from a state dict may be neither).
        """
        if not (p._data.flags.c_contiguous and grad.flags.c_contiguous):
            return False
        flat = p._data.reshape(-1)
        buffer, first_step = flat, False
        if momentum != 0:
            state = self.state[p]
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = Tensor._make(np.empty_like(p._data), False)
                state["momentum_buffer"] = buf
                first_step = True
            elif not (buf._data.flags.c_contiguous and buf._data.dtype == p._data.dtype
                      and buf._data.shape == p._data.shape):
                return False
            buffer = buf._data.reshape(-1)
        _ops.sgd_update(flat, grad.reshape(-1), buffer, lr, momentum, dampening, weight_decay,
                        nesterov, maximize, first_step)
        _bump_version(p)
        return True
