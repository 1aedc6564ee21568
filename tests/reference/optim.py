"""Plain NumPy versions of the optimizers' update rules, written from the published algorithms.

Each ``*_step(theta, grad, state, **hyper)`` returns the new parameter and
updates ``state`` (a dict, empty before the first step). They allocate
freely and follow the pseudo-code line by line, so that the in-place
implementations can be checked against them.
"""
import numpy as np


def _direction(theta, grad, weight_decay, maximize):
    g = -grad if maximize else grad
    if weight_decay:
        g = g + weight_decay * theta
    return g


def sgd_step(theta, grad, state, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0,
             nesterov=False, maximize=False):
    g = _direction(theta, grad, weight_decay, maximize)
    if momentum:
        if "b" not in state:
            state["b"] = g.copy()
        else:
            state["b"] = momentum * state["b"] + (1 - dampening) * g
        g = g + momentum * state["b"] if nesterov else state["b"]
    return theta - lr * g


def adam_step(theta, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
              amsgrad=False, maximize=False, decoupled=False):
    beta1, beta2 = betas
    t = state["t"] = state.get("t", 0) + 1
    g = -grad if maximize else grad
    if decoupled:
        theta = theta * (1 - lr * weight_decay)
    elif weight_decay:
        g = g + weight_decay * theta
    m = state["m"] = beta1 * state.get("m", 0.0) + (1 - beta1) * g
    v = state["v"] = beta2 * state.get("v", 0.0) + (1 - beta2) * g * g
    if amsgrad:
        v = state["v_max"] = np.maximum(state.get("v_max", 0.0), v)
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps)


def adamw_step(theta, grad, state, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
               amsgrad=False, maximize=False):
    return adam_step(theta, grad, state, lr, betas, eps, weight_decay, amsgrad, maximize,
                     decoupled=True)


def rmsprop_step(theta, grad, state, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0,
                 momentum=0.0, centered=False, maximize=False):
    g = _direction(theta, grad, weight_decay, maximize)
    v = state["v"] = alpha * state.get("v", 0.0) + (1 - alpha) * g * g
    v_tilde = v
    if centered:
        g_avg = state["g_avg"] = alpha * state.get("g_avg", 0.0) + (1 - alpha) * g
        v_tilde = v - g_avg * g_avg
    if momentum > 0:
        b = state["b"] = momentum * state.get("b", 0.0) + g / (np.sqrt(v_tilde) + eps)
        return theta - lr * b
    return theta - lr * g / (np.sqrt(v_tilde) + eps)


def adagrad_step(theta, grad, state, lr=1e-2, lr_decay=0.0, weight_decay=0.0,
                 initial_accumulator_value=0.0, eps=1e-10, maximize=False):
    t = state["t"] = state.get("t", 0) + 1
    clr = lr / (1 + (t - 1) * lr_decay)
    g = _direction(theta, grad, weight_decay, maximize)
    s = state["sum"] = state.get("sum", initial_accumulator_value) + g * g
    return theta - clr * g / (np.sqrt(s) + eps)


def adadelta_step(theta, grad, state, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0,
                  maximize=False):
    g = _direction(theta, grad, weight_decay, maximize)
    v = state["v"] = rho * state.get("v", 0.0) + (1 - rho) * g * g
    u = state.get("u", 0.0)
    delta = np.sqrt(u + eps) / np.sqrt(v + eps) * g
    state["u"] = rho * u + (1 - rho) * delta * delta
    return theta - lr * delta


def quadratic(thetas, coefficients):
    """The loss sum(a * theta^2 + b * theta) over the parameters, and its gradients."""
    loss = sum(float(np.sum(a * t * t + b * t)) for t, (a, b) in zip(thetas, coefficients))
    grads = [2 * a * t + b for t, (a, b) in zip(thetas, coefficients)]
    return loss, grads


def trajectory(step, thetas, coefficients, steps, **hyper):
    """The parameters after each of ``steps`` updates of ``step`` on :func:`quadratic`."""
    states = [{} for _ in thetas]
    thetas = [np.array(t, dtype=np.float64) for t in thetas]
    history = []
    for _ in range(steps):
        _, grads = quadratic(thetas, coefficients)
        thetas = [step(t, g, s, **hyper) for t, g, s in zip(thetas, grads, states)]
        history.append([t.copy() for t in thetas])
    return history


def assert_same_trajectory(got, want, rtol=1e-12, atol=1e-14):
    """Compare two lists (per step) of lists (per parameter) of arrays."""
    assert len(got) == len(want)
    for t, (got_step, want_step) in enumerate(zip(got, want), 1):
        for i, (g, w) in enumerate(zip(got_step, want_step)):
            np.testing.assert_allclose(g, w, rtol=rtol, atol=atol,
                                       err_msg=f"step {t}, parameter {i}")
