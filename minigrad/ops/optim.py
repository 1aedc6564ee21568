"""Optimizer updates: one compiled pass over a parameter, for ``minigrad.optim``.

Not differentiable operations: the optimizers call these under ``no_grad``
to change parameters in place, and they reach the kernels of
``minigrad/_ext/optim.pyx`` through here as every op family does
(``optim.SGD`` -> :func:`sgd_update` -> ``_ext/optim.pyx``'s ``sgd_update``).
"""
from minigrad._ext import optim as _kernels
from minigrad._ext._openmp import get_num_threads


def sgd_update(param, grad, momentum_buffer, lr, momentum, dampening, weight_decay, nesterov,
               maximize, first_step):
    """One SGD step, in place, on flat C-contiguous arrays of one float dtype.

    The arithmetic of :class:`minigrad.optim.SGD`, element by element in the
    parameter's precision, on ``get_num_threads()`` threads (the result does
    not depend on the count). ``momentum_buffer`` is updated too, unless
    ``momentum`` is 0 (it is then not read); ``first_step`` starts it from
    the gradient.
    """
    _kernels.sgd_update(param, grad, momentum_buffer, lr, momentum, dampening, weight_decay,
                        nesterov, maximize, first_step, get_num_threads())
