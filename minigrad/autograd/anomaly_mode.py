"""Anomaly detection: find the op whose backward produced NaN or inf, and the line that ran it.

While detection is on, every op keeps the Python stack of its forward call
and its input shapes on its node. After each node's backward the gradients
it returned are checked; the first NaN or inf raises ``RuntimeError`` naming
the op, its input shapes and the line of user code whose forward created it,
with the whole forward stack as a note. Outside detection nothing is kept.
The mode is per thread, as grad mode is. It works through the same watcher
list as the profiler (``watchers`` in ``function.py``): the watcher is there
while some thread has detection on.
"""
from __future__ import annotations

import functools
import os
import threading
import traceback

import numpy as np

from minigrad.autograd import function as _function
from minigrad.tensor import Tensor

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled",
           "is_anomaly_check_nan_enabled"]

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class _AnomalyState(threading.local):
    enabled = False
    check_nan = True


_state = _AnomalyState()
_threads_on = set()  # threads with detection on; the watcher is registered while not empty
_lock = threading.Lock()


def is_anomaly_enabled() -> bool:
    """Whether anomaly detection is on in this thread.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.autograd.is_anomaly_enabled()
    False
    >>> with minigrad.autograd.detect_anomaly():
    ...     minigrad.autograd.is_anomaly_enabled()
    True
    """
    return _state.enabled


def is_anomaly_check_nan_enabled() -> bool:
    """Whether anomaly detection checks backward results for NaN and inf in this thread.

    Examples
    --------
    >>> import minigrad
    >>> with minigrad.autograd.detect_anomaly(check_nan=False):
    ...     minigrad.autograd.is_anomaly_check_nan_enabled()
    False
    """
    return _state.enabled and _state.check_nan


def _set(mode, check_nan):
    _state.enabled, _state.check_nan = mode, check_nan
    with _lock:
        if mode:
            _threads_on.add(threading.get_ident())
        else:
            _threads_on.discard(threading.get_ident())
        registered = _WATCHER in _function.watchers
        if _threads_on and not registered:
            _function.watchers.append(_WATCHER)
        elif not _threads_on and registered:
            _function.watchers.remove(_WATCHER)


class set_detect_anomaly:
    """Turn anomaly detection on or off, as a call, a context manager or a decorator.

    Parameters
    ----------
    mode : bool
        Whether to turn anomaly detection on or off, in this thread. While on,
        every op keeps the stack of its forward call, so that a NaN or inf in
        a backward (or an error there) names the op and the line of code that
        created it; it slows every op down.
    check_nan : bool, default True
        Check every backward's results for NaN and inf.

    Examples
    --------
    >>> import minigrad
    >>> with minigrad.autograd.set_detect_anomaly(True):
    ...     minigrad.autograd.is_anomaly_enabled()
    True
    >>> minigrad.autograd.is_anomaly_enabled()
    False
    """

    def __init__(self, mode: bool, check_nan: bool = True):
        if not isinstance(mode, bool):
            raise TypeError(f"set_detect_anomaly: expected a bool, got {type(mode).__name__}")
        self._previous = (_state.enabled, _state.check_nan)
        self._mode = (mode, bool(check_nan))
        _set(*self._mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _set(*self._previous)
        return False

    def __call__(self, func):
        mode = self._mode
        _set(*self._previous)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with set_detect_anomaly(*mode):
                return func(*args, **kwargs)
        return wrapper


class detect_anomaly:
    """Context manager and decorator: find where NaN or inf enters the backward pass.

    As ``torch.autograd.detect_anomaly``: inside the block each op keeps the
    stack of its forward call, and a backward that returns NaN or inf raises
    ``RuntimeError`` naming the op, its input shapes and the line of your
    code that ran its forward. Slow: use it to debug, not to train.

    Parameters
    ----------
    check_nan : bool, default True
        Check backward results; False keeps only the forward stacks.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([0.0, 1.0], requires_grad=True)
    >>> with minigrad.autograd.detect_anomaly():
    ...     y = x.sqrt().sum()
    ...     y.backward()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    RuntimeError: Function 'SqrtBackward' returned inf values in its 0th output ...
    """

    def __init__(self, check_nan: bool = True):
        self.check_nan = bool(check_nan)

    def __enter__(self):
        self._previous = (_state.enabled, _state.check_nan)
        _set(True, self.check_nan)
        return self

    def __exit__(self, *exc):
        _set(*self._previous)
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with detect_anomaly(self.check_nan):
                return func(*args, **kwargs)
        return wrapper


class _AnomalyWatcher:
    """Keeps each op's forward stack on its node; checks each node's backward results."""

    def enter(self, cls, args):
        return None

    def exit(self, token, cls, ctx, args, outputs):
        if _state.enabled:
            shapes = [list(a.shape) for a in args if isinstance(a, Tensor)]
            # Without this frame and Function.apply's two.
            ctx._anomaly = (traceback.extract_stack()[:-3], shapes)

    def backward_enter(self, node):
        return None

    def backward_exit(self, token, node, grads):
        if not (_state.enabled and _state.check_nan):
            return
        for i, grad in enumerate(grads):
            if grad is None:
                continue
            value = grad._data if isinstance(grad, Tensor) else np.asarray(grad)
            if value.dtype.kind not in "fc" or np.isfinite(value).all():
                continue
            kind = "nan" if np.isnan(value).any() else "inf"
            raise RuntimeError(_message(node, i, kind))


def _ordinal(i):
    return f"{i}{'th' if 10 <= i % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(i % 10, 'th')}"


def _message(node, index, kind):
    text = f"Function '{node.name()}' returned {kind} values in its {_ordinal(index)} output"
    recorded = node.__dict__.get("_anomaly")
    if recorded is None:
        return text + " (its forward ran before anomaly detection was on)"
    stack, shapes = recorded
    inputs = ", ".join(str(s) for s in shapes)
    user = [f for f in stack if not os.path.abspath(f.filename).startswith(_PACKAGE + os.sep)]
    where = user[-1] if user else stack[-1]
    text += (f" (the op's tensor inputs had shapes {inputs}); its forward ran at "
             f"{where.filename}:{where.lineno}, in {where.name}: {where.line}")
    return text + "\n\nTraceback of the forward call:\n" + "".join(traceback.format_list(stack))


_WATCHER = _AnomalyWatcher()
