"""A small convex problem on which the optimizers are run against the NumPy references."""
import numpy as np
import pytest

import minigrad
from tests.reference.optim import trajectory


@pytest.fixture
def problem():
    """Initial values and (a, b) coefficients of two parameters of different shapes."""
    rng = np.random.default_rng(1234)
    thetas = [rng.normal(size=3), rng.normal(size=(2, 2))]
    coefficients = [(rng.uniform(0.5, 2.0, size=t.shape), rng.normal(size=t.shape))
                    for t in thetas]
    return thetas, coefficients


@pytest.fixture
def descend(problem):
    """Run ``optimizer_cls(**hyper)`` for ``steps`` steps; the parameters after each step."""
    thetas0, coefficients = problem

    def run(optimizer_cls, hyper, steps, dtype=np.float64):
        params = [minigrad.tensor(t.astype(dtype), requires_grad=True) for t in thetas0]
        consts = [(minigrad.tensor(a.astype(dtype)), minigrad.tensor(b.astype(dtype)))
                  for a, b in coefficients]
        opt = optimizer_cls(params, **hyper)
        history = []
        for _ in range(steps):
            opt.zero_grad()
            loss = sum(((a * p * p + b * p).sum() for p, (a, b) in zip(params, consts)),
                       minigrad.tensor(0.0, dtype=dtype))
            loss.backward()
            opt.step()
            history.append([p._data.copy() for p in params])
        return history

    return run


@pytest.fixture
def reference(problem):
    """The reference trajectory of a NumPy ``step`` function on the same problem."""
    thetas0, coefficients = problem

    def run(step, hyper, steps):
        return trajectory(step, thetas0, coefficients, steps, **hyper)

    return run

