"""Learning-rate schedules: change ``group["lr"]`` of an optimizer as training goes.

Call ``scheduler.step()`` once per epoch (or per batch for :class:`OneCycleLR`),
after ``optimizer.step()``. Each scheduler computes the next learning rate
from the current one (the *chainable* form, so several schedulers can act on
one optimizer), following PyTorch's formulas; ``get_last_lr()`` returns what
was set last. ``state_dict()`` holds plain numbers, lists and dicts, so
``minigrad.save`` can store it.

Examples
--------
>>> import minigrad
>>> from minigrad.optim.lr_scheduler import StepLR
>>> w = minigrad.zeros(2, requires_grad=True)
>>> opt = minigrad.optim.SGD([w], lr=1.0)
>>> sched = StepLR(opt, step_size=2, gamma=0.5)
>>> lrs = []
>>> for epoch in range(5):
...     opt.step()
...     lrs.append(sched.get_last_lr()[0])
...     sched.step()
>>> lrs
[1.0, 1.0, 0.5, 0.5, 0.25]
"""
import math
import numbers
import warnings
from bisect import bisect_right

from minigrad.optim.optimizer import Optimizer

__all__ = [
    "CosineAnnealingLR",
    "ExponentialLR",
    "LRScheduler",
    "LinearLR",
    "MultiStepLR",
    "OneCycleLR",
    "ReduceLROnPlateau",
    "StepLR",
]


class LRScheduler:
    """Base class of the learning-rate schedulers.

    On creation (``last_epoch=-1``) each group's ``"initial_lr"`` is set to
    its current ``"lr"`` (unless another scheduler set it already), the base
    learning rates are read from it, and one ``step()`` runs, so
    ``get_last_lr()`` holds the learning rate of epoch 0.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates are scheduled.
    last_epoch : int, default -1
        The index of the last epoch, to resume a schedule; -1 starts anew and
        needs no ``"initial_lr"`` in the groups, any other value needs it.

    Attributes
    ----------
    base_lrs : list of float
        The learning rates the schedule starts from, one per group.
    last_epoch : int
        How many times ``step()`` ran, minus one.

    Examples
    --------
    A subclass implements ``get_lr``; halving the learning rate every epoch:

    >>> import minigrad
    >>> from minigrad import optim
    >>> from minigrad.optim.lr_scheduler import LRScheduler
    >>> class Halving(LRScheduler):
    ...     def get_lr(self):
    ...         return [base * 0.5 ** self.last_epoch for base in self.base_lrs]
    >>> opt = optim.SGD([minigrad.zeros(2, requires_grad=True)], lr=1.0)
    >>> scheduler = Halving(opt)
    >>> for epoch in range(3):
    ...     opt.step()
    ...     scheduler.step()
    >>> scheduler.get_last_lr()
    [0.125]
    """

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(self).__name__}: expected an Optimizer, got "
                            f"{type(optimizer).__name__}")
        if not isinstance(last_epoch, int) or isinstance(last_epoch, bool) or last_epoch < -1:
            raise ValueError(f"{type(self).__name__}: last_epoch must be an int >= -1, "
                             f"got {last_epoch!r}")
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(f"{type(self).__name__}: param 'initial_lr' is not specified in "
                                   f"param_groups[{i}] when resuming with last_epoch={last_epoch}")
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._step_count = 0
        self.step()

    def get_lr(self) -> list:
        """The learning rates for epoch ``last_epoch``, from the current ones."""
        raise NotImplementedError

    def get_last_lr(self) -> list:
        """The learning rates set by the last ``step()``, one per group."""
        return list(self._last_lr)

    def step(self, epoch=None) -> None:
        """Advance the schedule one epoch and set the optimizer's learning rates.

        Parameters
        ----------
        epoch : int, optional
            Deprecated (as in PyTorch): jump to this epoch, using the closed-form
            schedule where there is one.
        """
        self._step_count += 1
        if epoch is None:
            self.last_epoch += 1
            values = self.get_lr()
        else:
            warnings.warn("passing an epoch to scheduler.step() is deprecated; call step() "
                          "once per epoch instead", DeprecationWarning, stacklevel=2)
            self.last_epoch = int(epoch)
            closed = getattr(self, "_get_closed_form_lr", None)
            values = closed() if closed is not None else self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, values):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict:
        """Everything the scheduler holds except the optimizer."""
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore what :meth:`state_dict` returned."""
        if not isinstance(state_dict, dict):
            raise TypeError(f"{type(self).__name__}.load_state_dict: expected a dict, got "
                            f"{type(state_dict).__name__}")
        self.__dict__.update(state_dict)

    def _current_lrs(self):
        return [group["lr"] for group in self.optimizer.param_groups]


def _check_positive_int(owner, value, name):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{owner}: expected a positive integer {name}, got {value!r}")


class StepLR(LRScheduler):
    r"""Multiply the learning rate by ``gamma`` every ``step_size`` epochs.

    The rate of epoch :math:`t`, from the initial rate :math:`\eta_0`:

    .. math::
        \eta_t = \eta_0 \, \gamma^{\lfloor t / \text{step\_size} \rfloor}

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose groups' ``"lr"`` the scheduler sets on every
        ``step()``.
    step_size : int
        The period of the decay, in epochs; a positive integer.
    gamma : float, default 0.1
        The factor applied every ``step_size`` epochs; below 1 to decay.
    last_epoch : int, default -1
        The index of the last epoch, to resume a schedule. -1 (the default)
        starts anew: each group's ``"initial_lr"`` is set to its current
        ``"lr"`` and one ``step()`` runs, giving the rate of epoch 0. A value of
        0 or more continues after that epoch and needs ``"initial_lr"`` in every
        group (an optimizer restored from a state dict has it).

    Raises
    ------
    ValueError
        If ``step_size`` is not a positive integer.

    Examples
    --------
    >>> import minigrad
    >>> opt = minigrad.optim.SGD([minigrad.zeros(1, requires_grad=True)], lr=0.1)
    >>> sched = minigrad.optim.lr_scheduler.StepLR(opt, step_size=30)
    """

    def __init__(self, optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1):
        _check_positive_int("StepLR", step_size, "step_size")
        self.step_size = int(step_size)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self._current_lrs()
        return [lr * self.gamma for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        return [base * self.gamma ** (self.last_epoch // self.step_size) for base in self.base_lrs]


class MultiStepLR(LRScheduler):
    r"""Multiply the learning rate by ``gamma`` at each milestone epoch.

    .. math::
        \eta_t = \eta_0 \, \gamma^{k_t}

    with :math:`\eta_0` the initial rate and :math:`k_t` the number of
    milestones :math:`\le t` (a milestone listed twice counts twice).

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose groups' ``"lr"`` the scheduler sets on every
        ``step()``.
    milestones : iterable of int
        The epochs at which the learning rate is multiplied by ``gamma``, in any
        order; a milestone listed twice applies the factor twice.
    gamma : float, default 0.1
        The factor applied at each milestone; below 1 to decay.
    last_epoch : int, default -1
        The index of the last epoch, to resume a schedule. -1 (the default)
        starts anew: each group's ``"initial_lr"`` is set to its current
        ``"lr"`` and one ``step()`` runs, giving the rate of epoch 0. A value of
        0 or more continues after that epoch and needs ``"initial_lr"`` in every
        group (an optimizer restored from a state dict has it).

    Raises
    ------
    TypeError
        If a milestone is not an int.

    Examples
    --------
    >>> import minigrad
    >>> opt = minigrad.optim.SGD([minigrad.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = minigrad.optim.lr_scheduler.MultiStepLR(opt, milestones=[1, 3], gamma=0.5)
    >>> lrs = []
    >>> for epoch in range(5):
    ...     lrs.append(sched.get_last_lr()[0])
    ...     sched.step()
    >>> lrs
    [1.0, 0.5, 0.5, 0.25, 0.25]
    """

    def __init__(self, optimizer, milestones, gamma: float = 0.1, last_epoch: int = -1):
        milestones = list(milestones)
        for m in milestones:
            if not isinstance(m, numbers.Integral) or isinstance(m, bool):
                raise TypeError(f"MultiStepLR: milestones must be ints, got {m!r}")
        self.milestones = sorted(int(m) for m in milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        hits = self.milestones.count(self.last_epoch)
        if hits == 0:
            return self._current_lrs()
        return [lr * self.gamma ** hits for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        passed = bisect_right(self.milestones, self.last_epoch)
        return [base * self.gamma ** passed for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    r"""Multiply the learning rate by ``gamma`` every epoch.

    .. math::
        \eta_t = \eta_0 \, \gamma^t

    with :math:`\eta_0` the initial rate and :math:`t` the epoch.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose groups' ``"lr"`` the scheduler sets on every
        ``step()``.
    gamma : float
        The factor applied every epoch; below 1 to decay. Required.
    last_epoch : int, default -1
        The index of the last epoch, to resume a schedule. -1 (the default)
        starts anew: each group's ``"initial_lr"`` is set to its current
        ``"lr"`` and one ``step()`` runs, giving the rate of epoch 0. A value of
        0 or more continues after that epoch and needs ``"initial_lr"`` in every
        group (an optimizer restored from a state dict has it).

    Examples
    --------
    >>> import minigrad
    >>> opt = minigrad.optim.SGD([minigrad.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = minigrad.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
    >>> sched.step(); sched.step(); sched.get_last_lr()
    [0.25]
    """

    def __init__(self, optimizer, gamma: float, last_epoch: int = -1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0:
            return self._current_lrs()
        return [lr * self.gamma for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        return [base * self.gamma ** self.last_epoch for base in self.base_lrs]


class CosineAnnealingLR(LRScheduler):
    r"""Anneal the learning rate along a cosine from its initial value to ``eta_min``.

    .. math::
        \eta_t = \eta_{min} + \tfrac12 (\eta_0 - \eta_{min})
                 \left(1 + \cos\left(\frac{t\pi}{T_{max}}\right)\right)

    computed recursively from the current learning rate (so it composes with
    other schedulers); past ``T_max`` the cosine continues and the rate rises
    again, as in PyTorch (SGDR's restarts are not part of this class).

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose groups' ``"lr"`` the scheduler sets on every
        ``step()``.
    T_max : int
        Half the period, in epochs, a positive integer: the rate reaches
        ``eta_min`` at epoch ``T_max``.
    eta_min : float, default 0
        The lowest learning rate :math:`\eta_{min}`.
    last_epoch : int, default -1
        The index of the last epoch, to resume a schedule. -1 (the default)
        starts anew: each group's ``"initial_lr"`` is set to its current
        ``"lr"`` and one ``step()`` runs, giving the rate of epoch 0. A value of
        0 or more continues after that epoch and needs ``"initial_lr"`` in every
        group (an optimizer restored from a state dict has it).

    Raises
    ------
    ValueError
        If ``T_max`` is not a positive integer.

    Examples
    --------
    >>> import minigrad
    >>> opt = minigrad.optim.SGD([minigrad.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = minigrad.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=2)
    >>> sched.step(); round(sched.get_last_lr()[0], 6)
    0.5
    """

    def __init__(self, optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1):
        _check_positive_int("CosineAnnealingLR", T_max, "T_max")
        self.T_max = int(T_max)
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        t, T, low = self.last_epoch, self.T_max, self.eta_min
        if t == 0:
            return self._current_lrs()
        if self._step_count == 1 and t > 0:
            # Resumed at epoch t: nothing to recurse from, use the closed form.
            return [low + (base - low) * (1 + math.cos(t * math.pi / T)) / 2
                    for base in self.base_lrs]
        if (t - 1 - T) % (2 * T) == 0:
            # Just past the minimum the ratio below is 0/0; add the rise instead.
            return [lr + (base - low) * (1 - math.cos(math.pi / T)) / 2
                    for lr, base in zip(self._current_lrs(), self.base_lrs)]
        ratio = (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T))
        return [low + ratio * (lr - low) for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        t, T, low = self.last_epoch, self.T_max, self.eta_min
        return [low + (base - low) * (1 + math.cos(math.pi * t / T)) / 2
                for base in self.base_lrs]


class LinearLR(LRScheduler):
    r"""Change the learning rate linearly by a factor from ``start_factor`` to ``end_factor``.

    .. math::
        \eta_t = \eta_0 \left(s + (e - s) \frac{\min(t, T)}{T}\right)

    with :math:`s, e, T` the start and end factors and ``total_iters``; the rate
    stays at :math:`e\,\eta_0` after ``total_iters`` epochs (a warm-up when
    :math:`s < e`).

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose groups' ``"lr"`` the scheduler sets on every
        ``step()``.
    start_factor : float, default 1/3
        The factor :math:`s` of epoch 0, in (0, 1].
    end_factor : float, default 1.0
        The factor :math:`e` from epoch ``total_iters`` on, in [0, 1].
    total_iters : int, default 5
        The number of epochs :math:`T` the change takes; a positive integer.
    last_epoch : int, default -1
        The index of the last epoch, to resume a schedule. -1 (the default)
        starts anew: each group's ``"initial_lr"`` is set to its current
        ``"lr"`` and one ``step()`` runs, giving the rate of epoch 0. A value of
        0 or more continues after that epoch and needs ``"initial_lr"`` in every
        group (an optimizer restored from a state dict has it).

    Raises
    ------
    ValueError
        If a factor is out of range or ``total_iters`` is not a positive integer.

    Examples
    --------
    >>> import minigrad
    >>> opt = minigrad.optim.SGD([minigrad.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = minigrad.optim.lr_scheduler.LinearLR(opt, start_factor=0.5, total_iters=2)
    >>> lrs = [sched.get_last_lr()[0]]
    >>> for _ in range(3):
    ...     sched.step(); lrs.append(sched.get_last_lr()[0])
    >>> lrs
    [0.5, 0.75, 1.0, 1.0]
    """

    def __init__(self, optimizer, start_factor: float = 1.0 / 3, end_factor: float = 1.0,
                 total_iters: int = 5, last_epoch: int = -1):
        if not 0 < start_factor <= 1:
            raise ValueError(f"LinearLR: start_factor must be in (0, 1], got {start_factor}")
        if not 0 <= end_factor <= 1:
            raise ValueError(f"LinearLR: end_factor must be in [0, 1], got {end_factor}")
        _check_positive_int("LinearLR", total_iters, "total_iters")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = int(total_iters)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        t, s, e, T = self.last_epoch, self.start_factor, self.end_factor, self.total_iters
        if t == 0:
            return [lr * s for lr in self._current_lrs()]
        if t > T:
            return self._current_lrs()
        # The ratio of the factors of epochs t and t - 1.
        ratio = 1 + (e - s) / (T * s + (t - 1) * (e - s))
        return [lr * ratio for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        t, s, e, T = self.last_epoch, self.start_factor, self.end_factor, self.total_iters
        return [base * (s + (e - s) * min(T, t) / T) for base in self.base_lrs]


class OneCycleLR(LRScheduler):
    r"""The 1cycle policy (Smith and Topin, 2018): warm up to ``max_lr``, then anneal far below.

    The learning rate goes from ``max_lr / div_factor`` up to ``max_lr`` over
    the first ``pct_start`` of the steps, then down to ``initial_lr /
    final_div_factor``; momentum (or Adam's :math:`\beta_1`) moves the opposite
    way between ``max_momentum`` and ``base_momentum``. With
    ``three_phase=True`` the rate first comes back symmetrically to its
    initial value and only then anneals to the minimum. Within a phase that
    goes from :math:`s` to :math:`e`, with :math:`p` the fraction of the
    phase done,

    .. math::
        \eta = e + \tfrac12 (s - e)(1 + \cos \pi p) \quad\text{('cos')},
        \qquad \eta = s + (e - s)\, p \quad\text{('linear')}

    and the momentum moves the same way between its own bounds. Call
    ``step()`` after every batch.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose groups' ``"lr"`` the scheduler sets on every
        ``step()``.
        Its momentum (SGD, RMSprop) or first beta (Adam, AdamW) is cycled too
        unless ``cycle_momentum=False``.
    max_lr : float or list of float
        The peak learning rate, one per group if a list (of the groups' length).
        It replaces the rate the optimizer was created with.
    total_steps : int, optional
        The number of steps (batches) in the cycle, a positive integer; or give
        ``epochs`` and ``steps_per_epoch`` instead.
    epochs : int, optional
        The number of epochs, used with ``steps_per_epoch`` when ``total_steps``
        is None: ``total_steps = epochs * steps_per_epoch``.
    steps_per_epoch : int, optional
        The number of batches per epoch, used with ``epochs``.
    pct_start : float, default 0.3
        The fraction of the cycle spent increasing the learning rate, in [0, 1].
    anneal_strategy : {'cos', 'linear'}, default 'cos'
        How each phase moves between its two values: along a half cosine or
        along a straight line.
    cycle_momentum : bool, default True
        Also cycle the momentum, inversely to the learning rate; the optimizer
        needs a ``momentum`` or ``betas`` hyper-parameter.
    base_momentum : float or list of float, default 0.85
        The lowest momentum, reached when the learning rate peaks; one per group
        if a list.
    max_momentum : float or list of float, default 0.95
        The highest momentum, at the start and end of the cycle; one per group
        if a list.
    div_factor : float, default 25
        The starting rate is ``initial_lr = max_lr / div_factor``.
    final_div_factor : float, default 1e4
        The final rate is ``min_lr = initial_lr / final_div_factor``.
    three_phase : bool, default False
        Come back down to ``initial_lr`` over as many steps as the warm-up took
        before annealing to ``min_lr``, instead of annealing from ``max_lr``
        straight to ``min_lr``.
    last_epoch : int, default -1
        The number of the last batch, to resume a cycle; -1 starts a new one.
        Any other value needs the ``"initial_lr"``, ``"max_lr"`` and
        ``"min_lr"`` entries the scheduler put in the groups (an optimizer
        restored from a state dict has them).

    Raises
    ------
    ValueError
        For bad arguments, or when stepped more than ``total_steps`` times.

    Examples
    --------
    >>> import minigrad
    >>> opt = minigrad.optim.SGD([minigrad.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
    >>> sched = minigrad.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10)
    >>> [round(lr, 6) for lr in sched.get_last_lr()]  # max_lr / div_factor
    [0.04]
    """

    def __init__(self, optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None,
                 pct_start: float = 0.3, anneal_strategy: str = "cos", cycle_momentum: bool = True,
                 base_momentum=0.85, max_momentum=0.95, div_factor: float = 25.0,
                 final_div_factor: float = 1e4, three_phase: bool = False, last_epoch: int = -1):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"OneCycleLR: expected an Optimizer, got {type(optimizer).__name__}")
        self.optimizer = optimizer
        if total_steps is not None:
            _check_positive_int("OneCycleLR", total_steps, "total_steps")
            self.total_steps = int(total_steps)
        elif epochs is not None and steps_per_epoch is not None:
            _check_positive_int("OneCycleLR", epochs, "epochs")
            _check_positive_int("OneCycleLR", steps_per_epoch, "steps_per_epoch")
            self.total_steps = int(epochs) * int(steps_per_epoch)
        else:
            raise ValueError("OneCycleLR: you must define either total_steps OR "
                             "(epochs AND steps_per_epoch)")
        if not isinstance(pct_start, numbers.Real) or not 0 <= pct_start <= 1:
            raise ValueError(f"OneCycleLR: expected a float between 0 and 1 for pct_start, "
                             f"got {pct_start!r}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"OneCycleLR: anneal_strategy must be one of 'cos' or 'linear', "
                             f"got {anneal_strategy!r}")
        self.anneal_strategy = anneal_strategy
        n = self.total_steps
        if three_phase:
            self._schedule_phases = [
                _phase(float(pct_start * n) - 1, "initial_lr", "max_lr",
                       "max_momentum", "base_momentum"),
                _phase(float(2 * pct_start * n) - 2, "max_lr", "initial_lr",
                       "base_momentum", "max_momentum"),
                _phase(n - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
            ]
        else:
            self._schedule_phases = [
                _phase(float(pct_start * n) - 1, "initial_lr", "max_lr",
                       "max_momentum", "base_momentum"),
                _phase(n - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
            ]
        groups = optimizer.param_groups
        max_lrs = _per_group("OneCycleLR", max_lr, "max_lr", groups)
        if last_epoch == -1:
            for group, peak in zip(groups, max_lrs):
                group["initial_lr"] = peak / div_factor
                group["max_lr"] = peak
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                raise ValueError("OneCycleLR: optimizer must support momentum or beta1 with "
                                 "cycle_momentum enabled")
            self.use_beta1 = "betas" in optimizer.defaults
            bases = _per_group("OneCycleLR", base_momentum, "base_momentum", groups)
            peaks = _per_group("OneCycleLR", max_momentum, "max_momentum", groups)
            if last_epoch == -1:
                for group, low, high in zip(groups, bases, peaks):
                    if self.use_beta1:
                        group["betas"] = (high, *group["betas"][1:])
                    else:
                        group["momentum"] = high
                    group["max_momentum"] = high
                    group["base_momentum"] = low
        super().__init__(optimizer, last_epoch)

    def _anneal(self, start, end, pct):
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self):
        step = self.last_epoch
        if step > self.total_steps:
            raise ValueError(f"OneCycleLR: tried to step {step} times; the specified number of "
                             f"total steps is {self.total_steps}")
        lrs = []
        last = len(self._schedule_phases) - 1
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step <= end_step or i == last:
                    pct = (step - start_step) / (end_step - start_step)
                    lr = self._anneal(group[phase["start_lr"]], group[phase["end_lr"]], pct)
                    if self.cycle_momentum:
                        momentum = self._anneal(group[phase["start_momentum"]],
                                                group[phase["end_momentum"]], pct)
                    break
                start_step = end_step
            lrs.append(lr)
            if self.cycle_momentum:
                if self.use_beta1:
                    group["betas"] = (momentum, *group["betas"][1:])
                else:
                    group["momentum"] = momentum
        return lrs


def _phase(end_step, start_lr, end_lr, start_momentum, end_momentum):
    return {"end_step": end_step, "start_lr": start_lr, "end_lr": end_lr,
            "start_momentum": start_momentum, "end_momentum": end_momentum}


def _per_group(owner, value, name, groups):
    if isinstance(value, (list, tuple)):
        if len(value) != len(groups):
            raise ValueError(f"{owner}: expected {len(groups)} values for {name} (one per "
                             f"parameter group), got {len(value)}")
        return list(value)
    return [value] * len(groups)


class ReduceLROnPlateau(LRScheduler):
    r"""Reduce the learning rate when a metric has stopped improving.

    ``step(metric)`` compares the metric with the best seen so far. After more
    than ``patience`` epochs without improvement every group's learning rate
    is reduced,

    .. math::
        \eta \leftarrow \max(\eta \cdot \text{factor}, \text{min\_lr})

    (a change smaller than ``eps`` is skipped), then ``cooldown`` epochs pass
    before counting again.
    An improvement is, for ``mode='min'``: ``metric < best * (1 - threshold)``
    (``'rel'``) or ``metric < best - threshold`` (``'abs'``); for ``'max'``:
    ``metric > best * (1 + threshold)`` or ``metric > best + threshold``.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose groups' ``"lr"`` the scheduler reduces.
    mode : {'min', 'max'}, default 'min'
        Whether the metric should go down (a loss) or up (an accuracy).
    factor : float, default 0.1
        The factor of each reduction, below 1.
    patience : int, default 10
        The number of epochs without improvement tolerated, non-negative: the
        rate drops on the ``patience + 1``-th bad epoch in a row.
    threshold : float, default 1e-4
        The smallest change that counts as an improvement, relative or absolute
        as ``threshold_mode`` says.
    threshold_mode : {'rel', 'abs'}, default 'rel'
        ``'rel'`` compares with ``best * (1 - threshold)`` (or ``1 + threshold``
        in ``'max'`` mode), ``'abs'`` with ``best - threshold`` (or ``+``).
    cooldown : int, default 0
        Epochs to wait after a reduction before counting bad epochs again;
        non-negative.
    min_lr : float or list of float, default 0
        A lower bound on the learning rate, one per group if a list.
    eps : float, default 1e-8
        A reduction smaller than this is skipped, so the rate stops changing
        once it is tiny.

    Raises
    ------
    ValueError
        For ``factor >= 1``, an unknown mode, a negative ``patience`` or
        ``cooldown``, or a ``min_lr`` list of the wrong length.

    Examples
    --------
    >>> import minigrad
    >>> opt = minigrad.optim.SGD([minigrad.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = minigrad.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1, factor=0.5)
    >>> for loss in [1.0, 1.0, 1.0, 1.0]:
    ...     sched.step(loss)
    >>> sched.get_last_lr()
    [0.5]
    """

    def __init__(self, optimizer, mode: str = "min", factor: float = 0.1, patience: int = 10,
                 threshold: float = 1e-4, threshold_mode: str = "rel", cooldown: int = 0,
                 min_lr=0, eps: float = 1e-8):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"ReduceLROnPlateau: expected an Optimizer, got "
                            f"{type(optimizer).__name__}")
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau: factor should be < 1.0, got {factor}")
        if mode not in ("min", "max"):
            raise ValueError(f"ReduceLROnPlateau: mode must be 'min' or 'max', got {mode!r}")
        if threshold_mode not in ("rel", "abs"):
            raise ValueError(f"ReduceLROnPlateau: threshold_mode must be 'rel' or 'abs', "
                             f"got {threshold_mode!r}")
        if not isinstance(patience, numbers.Integral) or patience < 0:
            raise ValueError(f"ReduceLROnPlateau: patience must be a non-negative int, "
                             f"got {patience!r}")
        if not isinstance(cooldown, numbers.Integral) or cooldown < 0:
            raise ValueError(f"ReduceLROnPlateau: cooldown must be a non-negative int, "
                             f"got {cooldown!r}")
        self.optimizer = optimizer
        self.factor = factor
        self.min_lrs = _per_group("ReduceLROnPlateau", min_lr, "min_lr",
                                  optimizer.param_groups)
        self.patience = int(patience)
        self.cooldown = int(cooldown)
        self.mode = mode
        self.threshold = threshold
        self.threshold_mode = threshold_mode
        self.eps = eps
        self.last_epoch = 0
        self._last_lr = self._current_lrs()
        self._reset()

    def _reset(self):
        self.best = math.inf if self.mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0

    @property
    def in_cooldown(self) -> bool:
        """Whether the scheduler is waiting after a reduction."""
        return self.cooldown_counter > 0

    def is_better(self, current: float, best: float) -> bool:
        """Whether ``current`` improves on ``best`` by more than the threshold."""
        if self.mode == "min":
            if self.threshold_mode == "rel":
                return current < best * (1.0 - self.threshold)
            return current < best - self.threshold
        if self.threshold_mode == "rel":
            return current > best * (self.threshold + 1.0)
        return current > best + self.threshold

    def step(self, metrics, epoch=None) -> None:
        """Record this epoch's metric and reduce the learning rates if it has plateaued.

        Parameters
        ----------
        metrics : float or one-element Tensor
            The quantity watched (a validation loss, an accuracy).
        """
        current = float(metrics)
        self.last_epoch = self.last_epoch + 1 if epoch is None else int(epoch)
        if self.is_better(current, self.best):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = self._current_lrs()

    def _reduce_lr(self):
        for group, floor in zip(self.optimizer.param_groups, self.min_lrs):
            old = float(group["lr"])
            new = max(old * self.factor, floor)
            if old - new > self.eps:
                group["lr"] = new

    def get_lr(self):
        return self._current_lrs()
