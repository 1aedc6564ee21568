"""Whether operations are recorded on the tape.

Recording is on by default. ``no_grad`` turns it off for a block or a function
(inference, optimizer updates), ``enable_grad`` turns it back on inside such a
block, and ``set_grad_enabled(mode)`` sets it explicitly.
"""
import functools

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled"]


class _GradState:
    enabled = True


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

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return func(*args, **kwargs)

        return wrapper


class _DecoratorWithoutCall(_GradModeContext):
    """Also decorates without parentheses: ``@no_grad`` as well as ``@no_grad()``."""

    def __new__(cls, func=None):
        self = super().__new__(cls)
        return self if func is None else self(func)


class no_grad(_DecoratorWithoutCall):
    """Context manager and decorator that stops recording operations.

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
