"""AdamW: Adam with decoupled weight decay."""
from minigrad.optim.adam import Adam

__all__ = ["AdamW"]


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov and Hutter, 2019).

    The weights shrink by :math:`(1 - \gamma\lambda)` before each Adam step
    instead of adding :math:`\lambda\theta` to the gradient. For each
    parameter :math:`\theta` with gradient :math:`g_t`, step ``t``:

    .. math::
        g &\leftarrow -g_t \text{ if maximize else } g_t \\
        \theta &\leftarrow \theta (1 - \gamma\lambda) \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g^2 \\
        \hat v_t &= \max(\hat v_{t-1}, v_t) \text{ if amsgrad else } v_t \\
        \theta &\leftarrow \theta - \frac{\gamma}{1 - \beta_1^t}\,
            \frac{m_t}{\sqrt{\hat v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    with :math:`m_0 = v_0 = \hat v_0 = 0`.

    Parameters
    ----------
    params : iterable of Tensor, of (name, Tensor) pairs, or of dict
        The tensors to optimize, such as ``model.parameters()``: leaf
        floating-point tensors, each listed once, in an ordered iterable (a
        list or a generator, not a set). Pass dicts instead to form parameter
        groups: each has a ``"params"`` entry and may override any of the
        hyper-parameters below for its tensors.
    lr : float, default 1e-3
        Learning rate :math:`\gamma`, non-negative; it also scales the decay.
    betas : (float, float), default (0.9, 0.999)
        Decay rates :math:`\beta_1, \beta_2` of the running averages of the
        gradient and of its square, each in ``[0, 1)``.
    eps : float, default 1e-8
        :math:`\epsilon`, non-negative, added to the denominator so that a
        parameter whose gradient stays near zero does not take huge steps.
    weight_decay : float, default 1e-2
        Decoupled weight decay :math:`\lambda`, non-negative: each step first
        multiplies the weights by :math:`1 - \gamma\lambda`.
    amsgrad : bool, default False
        Divide by the largest second-moment estimate seen so far (AMSGrad), so
        that the effective step size never grows.
    maximize : bool, default False
        Maximize the objective instead of minimizing it (keyword only).

    Raises
    ------
    ValueError
        For a negative learning rate, eps or weight decay, or betas outside [0, 1).

    Examples
    --------
    >>> import minigrad
    >>> w = minigrad.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = minigrad.optim.AdamW([w], lr=0.1, weight_decay=0.5)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.8500, -1.8000], requires_grad=True)
    """

    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *, maximize: bool = False):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad, maximize=maximize, decoupled_weight_decay=True)
