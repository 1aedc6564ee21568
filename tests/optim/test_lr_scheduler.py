"""Learning-rate schedules against their closed-form formulas."""
import math

import numpy as np
import pytest

import minigrad
from minigrad.optim import SGD, Adam
from minigrad.optim.lr_scheduler import (
    CosineAnnealingLR,
    ExponentialLR,
    LinearLR,
    LRScheduler,
    MultiStepLR,
    OneCycleLR,
    ReduceLROnPlateau,
    StepLR,
)


def _sgd(lr=1.0, groups=1, **kwargs):
    params = [{"params": [minigrad.zeros(1, requires_grad=True)], "lr": lr * (i + 1)}
              for i in range(groups)]
    return SGD(params, lr=lr, **kwargs)


def _sequence(scheduler, epochs):
    """The learning rates of epochs 0 .. epochs-1 (what step() set before each epoch)."""
    lrs = []
    for _ in range(epochs):
        lrs.append(scheduler.get_last_lr())
        scheduler.optimizer.step()
        scheduler.step()
    return lrs


def _assert_sequence(got, formula, bases):
    for epoch, lrs in enumerate(got):
        for base, lr in zip(bases, lrs):
            assert lr == pytest.approx(formula(base, epoch), rel=1e-12, abs=1e-15), epoch


# ---------------------------------------------------------------------- closed forms
def test_step_lr_multiplies_by_gamma_every_step_size_epochs():
    got = _sequence(StepLR(_sgd(0.5, groups=2), step_size=3, gamma=0.1), 10)
    _assert_sequence(got, lambda base, t: base * 0.1 ** (t // 3), [0.5, 1.0])


def test_multi_step_lr_decays_at_each_milestone_counting_repeats():
    got = _sequence(MultiStepLR(_sgd(1.0), milestones=[5, 2, 5], gamma=0.5), 8)
    expected = [1, 1, 0.5, 0.5, 0.5, 0.125, 0.125, 0.125]
    assert [lrs[0] for lrs in got] == pytest.approx(expected)


def test_exponential_lr_decays_every_epoch():
    got = _sequence(ExponentialLR(_sgd(0.3), gamma=0.9), 12)
    _assert_sequence(got, lambda base, t: base * 0.9 ** t, [0.3])


@pytest.mark.parametrize("eta_min", [0.0, 0.01])
def test_cosine_annealing_follows_the_cosine_through_and_past_t_max(eta_min):
    got = _sequence(CosineAnnealingLR(_sgd(0.1, groups=2), T_max=5, eta_min=eta_min), 16)
    _assert_sequence(got, lambda base, t: eta_min + (base - eta_min)
                     * (1 + math.cos(math.pi * t / 5)) / 2, [0.1, 0.2])


@pytest.mark.parametrize("start, end, total", [(1 / 3, 1.0, 5), (1.0, 0.1, 4), (0.5, 0.5, 3)])
def test_linear_lr_interpolates_the_factor_then_holds_it(start, end, total):
    got = _sequence(LinearLR(_sgd(0.2), start_factor=start, end_factor=end,
                             total_iters=total), total + 4)
    _assert_sequence(got, lambda base, t: base * (start + (end - start) * min(t, total)
                                                  / total), [0.2])


def _one_cycle_reference(step, total, max_lr, pct, div, final_div, three_phase, strategy):
    """lr and momentum of step ``step``, written from the 1cycle description."""
    def anneal(a, b, p):
        if strategy == "cos":
            return b + (a - b) / 2 * (math.cos(math.pi * p) + 1)
        return a + (b - a) * p

    initial = max_lr / div
    low = initial / final_div
    up_end = pct * total - 1
    if three_phase:
        phases = [(up_end, initial, max_lr, 0.95, 0.85),
                  (2 * pct * total - 2, max_lr, initial, 0.85, 0.95),
                  (total - 1, initial, low, 0.95, 0.95)]
    else:
        phases = [(up_end, initial, max_lr, 0.95, 0.85), (total - 1, max_lr, low, 0.85, 0.95)]
    start = 0
    for i, (end, lr0, lr1, m0, m1) in enumerate(phases):
        if step <= end or i == len(phases) - 1:
            p = (step - start) / (end - start)
            return anneal(lr0, lr1, p), anneal(m0, m1, p)
        start = end
    raise AssertionError("unreachable")


@pytest.mark.parametrize("strategy", ["cos", "linear"])
@pytest.mark.parametrize("three_phase", [False, True])
def test_one_cycle_lr_and_momentum_follow_the_phases(strategy, three_phase):
    total = 20
    opt = _sgd(0.1, momentum=0.9)
    sched = OneCycleLR(opt, max_lr=2.0, total_steps=total, pct_start=0.25,
                       anneal_strategy=strategy, three_phase=three_phase)
    lrs = []
    for step in range(total):
        lr, momentum = _one_cycle_reference(step, total, 2.0, 0.25, 25.0, 1e4, three_phase,
                                            strategy)
        lrs.append(sched.get_last_lr()[0])
        assert lrs[-1] == pytest.approx(lr, rel=1e-12), step
        assert opt.param_groups[0]["momentum"] == pytest.approx(momentum, rel=1e-12), step
        opt.step()
        sched.step()
    assert lrs[0] == pytest.approx(2.0 / 25) and max(lrs) == pytest.approx(2.0)
    assert lrs[-1] == pytest.approx(2.0 / 25 / 1e4, rel=1e-9)


def test_one_cycle_cycles_adam_beta1_and_keeps_beta2():
    w = minigrad.zeros(1, requires_grad=True)
    opt = Adam([w], lr=0.1, betas=(0.9, 0.99))
    sched = OneCycleLR(opt, max_lr=1.0, epochs=2, steps_per_epoch=5, pct_start=0.5)
    assert opt.param_groups[0]["betas"] == (0.95, 0.99)
    for _ in range(4):
        sched.step()
    assert opt.param_groups[0]["betas"] == pytest.approx((0.85, 0.99))


def test_one_cycle_refuses_to_step_past_total_steps():
    sched = OneCycleLR(_sgd(momentum=0.9), max_lr=1.0, total_steps=3)
    for _ in range(3):
        sched.step()
    with pytest.raises(ValueError, match="tried to step 4 times"):
        sched.step()


@pytest.mark.parametrize("kwargs, match", [
    ({}, "either total_steps OR"),
    ({"total_steps": 0}, "positive integer total_steps"),
    ({"epochs": 2, "steps_per_epoch": -1}, "positive integer steps_per_epoch"),
    ({"total_steps": 10, "pct_start": 1.5}, "pct_start"),
    ({"total_steps": 10, "anneal_strategy": "exp"}, "anneal_strategy must be one of"),
    ({"total_steps": 10, "max_lr": [1.0, 2.0]}, "expected 1 values for max_lr"),
])
def test_one_cycle_rejects_bad_arguments(kwargs, match):
    kwargs.setdefault("max_lr", 1.0)
    with pytest.raises(ValueError, match=match):
        OneCycleLR(_sgd(momentum=0.9), **kwargs)


def test_one_cycle_needs_momentum_to_cycle_it():
    opt = minigrad.optim.Adagrad([minigrad.zeros(1, requires_grad=True)])
    with pytest.raises(ValueError, match="must support momentum"):
        OneCycleLR(opt, max_lr=1.0, total_steps=10)
    OneCycleLR(opt, max_lr=1.0, total_steps=10, cycle_momentum=False)


# ---------------------------------------------------------------------- chaining and resuming
def test_two_schedulers_on_one_optimizer_compose():
    opt = _sgd(1.0)
    warmup = LinearLR(opt, start_factor=0.5, total_iters=2)
    decay = ExponentialLR(opt, gamma=0.5)
    lrs = []
    for _ in range(4):
        lrs.append(opt.param_groups[0]["lr"])
        warmup.step()
        decay.step()
    # The factors multiply: 0.5 * 1, 0.75 * 0.5, 1 * 0.25, 1 * 0.125.
    assert lrs == pytest.approx([0.5, 0.375, 0.25, 0.125])


SCHEDULERS = {
    "StepLR": lambda opt: StepLR(opt, step_size=2, gamma=0.5),
    "MultiStepLR": lambda opt: MultiStepLR(opt, milestones=[1, 4], gamma=0.3),
    "ExponentialLR": lambda opt: ExponentialLR(opt, gamma=0.8),
    "CosineAnnealingLR": lambda opt: CosineAnnealingLR(opt, T_max=4, eta_min=0.01),
    "LinearLR": lambda opt: LinearLR(opt, start_factor=0.25, total_iters=4),
    "OneCycleLR": lambda opt: OneCycleLR(opt, max_lr=1.0, total_steps=12, three_phase=True),
}


@pytest.mark.parametrize("name", SCHEDULERS)
def test_scheduler_state_dict_round_trip_through_a_file_resumes_the_sequence(name, tmp_path):
    make = SCHEDULERS[name]
    opt = _sgd(0.5, groups=2, momentum=0.9)
    sched = make(opt)
    _sequence(sched, 5)
    minigrad.save({"opt": opt.state_dict(), "sched": sched.state_dict()}, tmp_path / "s.ckpt")
    expected = _sequence(sched, 6)

    other_opt = _sgd(0.5, groups=2, momentum=0.9)
    other = make(other_opt)
    checkpoint = minigrad.load(tmp_path / "s.ckpt")
    other_opt.load_state_dict(checkpoint["opt"])
    other.load_state_dict(checkpoint["sched"])
    np.testing.assert_allclose(_sequence(other, 6), expected, rtol=1e-12)


def test_state_dict_leaves_out_the_optimizer():
    sched = StepLR(_sgd(), step_size=2)
    sd = sched.state_dict()
    assert "optimizer" not in sd
    assert sd["last_epoch"] == 0 and sd["base_lrs"] == [1.0]


def test_resuming_with_last_epoch_needs_initial_lr_in_the_groups():
    with pytest.raises(KeyError, match="'initial_lr' is not specified"):
        StepLR(_sgd(), step_size=2, last_epoch=3)


def test_resuming_cosine_annealing_at_an_epoch_uses_the_closed_form():
    opt = _sgd(1.0)
    opt.param_groups[0]["initial_lr"] = 1.0
    sched = CosineAnnealingLR(opt, T_max=10, last_epoch=2)
    assert sched.get_last_lr()[0] == pytest.approx((1 + math.cos(math.pi * 3 / 10)) / 2)


def test_step_with_an_epoch_uses_the_closed_form_and_warns():
    sched = StepLR(_sgd(1.0), step_size=2, gamma=0.5)
    with pytest.warns(DeprecationWarning, match="deprecated"):
        sched.step(5)
    assert sched.get_last_lr() == [0.25]


def test_base_scheduler_needs_an_optimizer_and_a_valid_last_epoch():
    with pytest.raises(TypeError, match="expected an Optimizer"):
        StepLR(object(), step_size=1)
    with pytest.raises(ValueError, match="last_epoch must be an int >= -1"):
        LRScheduler(_sgd(), last_epoch=-2)


@pytest.mark.parametrize("make, match", [
    (lambda opt: StepLR(opt, step_size=0), "positive integer step_size"),
    (lambda opt: MultiStepLR(opt, milestones=[1.5]), "milestones must be ints"),
    (lambda opt: CosineAnnealingLR(opt, T_max=0), "positive integer T_max"),
    (lambda opt: LinearLR(opt, start_factor=0.0), r"start_factor must be in \(0, 1\]"),
    (lambda opt: LinearLR(opt, end_factor=1.5), r"end_factor must be in \[0, 1\]"),
    (lambda opt: LinearLR(opt, total_iters=0), "positive integer total_iters"),
])
def test_schedulers_reject_bad_arguments(make, match):
    with pytest.raises((ValueError, TypeError), match=match):
        make(_sgd())


# ---------------------------------------------------------------------- plateau
def _plateau_reference(metrics, mode, threshold_mode, threshold, patience, cooldown, factor,
                       min_lr, lr, eps=1e-8):
    """The learning rate after each metric, written from the ReduceLROnPlateau description."""
    best = math.inf if mode == "min" else -math.inf
    bad = cool = 0
    out = []
    for m in metrics:
        if mode == "min":
            better = m < (best * (1 - threshold) if threshold_mode == "rel" else best - threshold)
        else:
            better = m > (best * (1 + threshold) if threshold_mode == "rel" else best + threshold)
        if better:
            best, bad = m, 0
        else:
            bad += 1
        if cool > 0:
            cool -= 1
            bad = 0
        if bad > patience:
            new = max(lr * factor, min_lr)
            if lr - new > eps:
                lr = new
            cool, bad = cooldown, 0
        out.append(lr)
    return out


@pytest.mark.parametrize("mode", ["min", "max"])
@pytest.mark.parametrize("threshold_mode", ["rel", "abs"])
@pytest.mark.parametrize("cooldown", [0, 2])
def test_reduce_lr_on_plateau_matches_the_described_rule(mode, threshold_mode, cooldown):
    rng = np.random.default_rng(7)
    metrics = (rng.normal(size=60).cumsum() + 10).tolist()
    opt = _sgd(1.0)
    sched = ReduceLROnPlateau(opt, mode=mode, factor=0.5, patience=2, threshold=0.05,
                              threshold_mode=threshold_mode, cooldown=cooldown, min_lr=0.01)
    got = []
    for m in metrics:
        sched.step(m)
        got.append(sched.get_last_lr()[0])
    expected = _plateau_reference(metrics, mode, threshold_mode, 0.05, 2, cooldown, 0.5, 0.01,
                                  1.0)
    assert got == expected
    assert min(got) < 1.0  # the sequence exercises at least one reduction


def test_reduce_lr_on_plateau_by_hand_with_patience_and_min_lr():
    opt = _sgd(1.0, groups=2)
    sched = ReduceLROnPlateau(opt, factor=0.1, patience=1, min_lr=[0.05, 0.0])
    lrs = []
    for loss in [5.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.0]:
        sched.step(minigrad.tensor(loss))
        lrs.append(sched.get_last_lr())
    # Two epochs without improvement exceed patience 1: reduce at epochs 4 and 6.
    assert lrs[3] == pytest.approx([0.1, 0.2])
    assert lrs[5] == pytest.approx([0.05, 0.02])  # the first group stops at its min_lr
    assert lrs[7] == pytest.approx([0.05, 0.02])


def test_reduce_lr_on_plateau_state_dict_keeps_the_best_value(tmp_path):
    sched = ReduceLROnPlateau(_sgd(), patience=3)
    for loss in [3.0, 2.0, 2.5]:
        sched.step(loss)
    minigrad.save(sched.state_dict(), tmp_path / "p.ckpt")
    other = ReduceLROnPlateau(_sgd(), patience=3)
    other.load_state_dict(minigrad.load(tmp_path / "p.ckpt"))
    assert other.best == 2.0 and other.num_bad_epochs == 1 and other.last_epoch == 3


def test_reduce_lr_on_plateau_state_dict_of_a_fresh_scheduler_saves_infinity(tmp_path):
    sched = ReduceLROnPlateau(_sgd(), mode="max")
    minigrad.save(sched.state_dict(), tmp_path / "p.ckpt")
    assert minigrad.load(tmp_path / "p.ckpt")["best"] == -math.inf


@pytest.mark.parametrize("kwargs, match", [
    ({"factor": 1.0}, "factor should be < 1.0"),
    ({"mode": "up"}, "mode must be 'min' or 'max'"),
    ({"threshold_mode": "pct"}, "threshold_mode must be 'rel' or 'abs'"),
    ({"patience": -1}, "patience must be a non-negative int"),
    ({"cooldown": 1.5}, "cooldown must be a non-negative int"),
    ({"min_lr": [0.1, 0.2]}, "expected 1 values for min_lr"),
])
def test_reduce_lr_on_plateau_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ReduceLROnPlateau(_sgd(), **kwargs)
