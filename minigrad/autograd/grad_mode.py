"""Whether operations are recorded on the tape.

Recording is on by default. ``no_grad`` turns it off for a block or a function
(inference, optimizer updates), ``enable_grad`` turns it back on inside such a
block, ``set_grad_enabled(mode)`` sets it explicitly, and ``inference_mode``
turns it off and says so to ``is_inference_mode_enabled``.

The mode belongs to a thread, as in PyTorch: each thread starts with
recording on, and changing the mode in one thread (including the brief
switch-off while an op's ``forward`` runs) never affects another, so two
threads can train two models, or one can train while another runs inference.
"""
import functools
import threading

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "inference_mode",
           "is_inference_mode_enabled"]


class _GradState(threading.local):
    # Class attributes are each new thread's starting values.
    enabled = True
    inference = False


_state = _GradState()


def is_grad_enabled() -> bool:
    """True when differentiable operations are being recorded.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.is_grad_enabled()
    True
    >>> with minigrad.no_grad():
    ...     minigrad.is_grad_enabled()
    False
    """
    return _state.enabled


class _GradModeContext:
    """Sets the grad mode on entry and restores the previous one on exit."""

    _mode = True

    def __enter__(self):
        self._previous = _state.enabled
        _state.enabled = self._mode

    def __exit__(self, *exc):
        _state.enabled = self._previous
        return False

    def _clone(self):
        return self.__class__()

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            # A fresh context per call: the decorated function may run in
            # several threads, or recursively, at once.
            with self._clone():
                return func(*args, **kwargs)

        return wrapper


class _DecoratorWithoutCall(_GradModeContext):
    """Also decorates without parentheses: ``@no_grad`` as well as ``@no_grad()``."""

    def __new__(cls, func=None):
        self = super().__new__(cls)
        return self if func is None else self(func)


class no_grad(_DecoratorWithoutCall):
    """Context manager and decorator that stops recording operations.

    Parameters
    ----------
    func : callable, optional
        Only for decorating without parentheses: ``@no_grad`` passes the
        decorated function here and gets back a wrapper that runs it with
        recording off. Omit it (``with no_grad():``, ``@no_grad()``) to get a
        context manager that turns recording off on entry and restores the
        previous mode on exit, even when the block raises.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.ones(3, requires_grad=True)
    >>> with minigrad.no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    """

    _mode = False


class enable_grad(_DecoratorWithoutCall):
    """Context manager and decorator that records operations, even inside ``no_grad``.

    Parameters
    ----------
    func : callable, optional
        Only for decorating without parentheses: ``@enable_grad`` passes the
        decorated function here and gets back a wrapper that runs it with
        recording on. Omit it (``with enable_grad():``, ``@enable_grad()``) to get
        a context manager that turns recording on on entry and restores the
        previous mode on exit, even when the block raises.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.ones(2, requires_grad=True)
    >>> with minigrad.no_grad():
    ...     with minigrad.enable_grad():
    ...         y = x * 2
    >>> y.requires_grad
    True
    """

    _mode = True


class set_grad_enabled(_GradModeContext):
    """Turn recording on or off.

    Works as a function call (the new mode holds until changed), as a context
    manager (the previous mode returns on exit) and as a decorator.

    Parameters
    ----------
    mode : bool
        Whether to record operations.

    Raises
    ------
    TypeError
        If ``mode`` is not a bool.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.ones(2, requires_grad=True)
    >>> training = False
    >>> with minigrad.set_grad_enabled(training):
    ...     y = x * 2
    >>> y.requires_grad
    False
    >>> minigrad.is_grad_enabled()
    True
    """

    def __init__(self, mode: bool):
        if not isinstance(mode, bool):
            raise TypeError(f"set_grad_enabled: expected a bool, got {type(mode).__name__}")
        self._previous = _state.enabled
        self._mode = mode
        _state.enabled = mode

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        _state.enabled = self._previous
        return False

    def __call__(self, func):
        mode = self._mode
        _state.enabled = self._previous

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return func(*args, **kwargs)

        return wrapper


def is_inference_mode_enabled() -> bool:
    """True inside :class:`inference_mode` (in this thread).

    Examples
    --------
    >>> import minigrad
    >>> minigrad.is_inference_mode_enabled()
    False
    >>> with minigrad.inference_mode():
    ...     minigrad.is_inference_mode_enabled()
    True
    """
    return _state.inference


class inference_mode(_GradModeContext):
    """Context manager and decorator for code that will never need gradients.

    ``inference_mode()`` turns recording off, as :class:`no_grad` does, and
    makes :func:`is_inference_mode_enabled` return True. ``inference_mode(False)``
    turns both back on inside an ``inference_mode`` (or ``no_grad``) block, as
    in PyTorch. Decorates with or without parentheses.

    Parameters
    ----------
    mode : bool, default True
        Whether to enter inference mode.

    Raises
    ------
    TypeError
        If ``mode`` is not a bool.

    Notes
    -----
    PyTorch's inference mode also skips version counting and marks its
    outputs as *inference tensors*, which cannot later be saved for backward.
    minigrad's inference mode only turns recording off: its outputs are
    ordinary tensors without history, as under ``no_grad``, and cost the same.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.ones(2, requires_grad=True)
    >>> with minigrad.inference_mode():
    ...     y = x * 2
    >>> y.requires_grad
    False
    >>> @minigrad.inference_mode
    ... def predict(x):
    ...     return x * 2
    >>> predict(x).requires_grad
    False
    """

    def __new__(cls, mode=True):
        self = super().__new__(cls)
        if callable(mode) and not isinstance(mode, bool):
            # Used as ``@inference_mode`` without parentheses.
            self.__init__()
            return self(mode)
        return self

    def __init__(self, mode: bool = True):
        if not isinstance(mode, bool):
            raise TypeError(f"inference_mode: mode must be a bool, got {type(mode).__name__}")
        self._mode = mode

    def _clone(self):
        return inference_mode(self._mode)

    def __enter__(self):
        self._previous = (_state.enabled, _state.inference)
        _state.enabled = not self._mode
        _state.inference = self._mode

    def __exit__(self, *exc):
        _state.enabled, _state.inference = self._previous
        return False
