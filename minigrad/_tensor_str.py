"""How a Tensor prints: PyTorch's ``torch/_tensor_str.py`` rules, on NumPy arrays.

One formatter per tensor picks a single style for every element from the
nonzero finite values: integers as ``3.``, fixed point with ``precision``
decimals, or scientific when the largest value exceeds 1e8, the smallest is
below 1e-4, or they span more than three orders of magnitude. Every element
is padded to the widest; rows are cut at ``linewidth`` and tensors with more
than ``threshold`` elements print only ``edgeitems`` at each end of every axis.
"""
import math
from dataclasses import dataclass

import numpy as np

from minigrad.ops._args import check_int, check_number


@dataclass
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


_OPTIONS = _PrintOptions()
_PROFILES = {
    "default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}


def set_printoptions(precision: int | None = None, threshold: float | None = None,
                     edgeitems: int | None = None, linewidth: int | None = None,
                     profile: str | None = None, sci_mode: bool | None = None) -> None:
    """Set how tensors print, as ``torch.set_printoptions`` does.

    Parameters
    ----------
    precision : int, optional
        Digits after the decimal point (default 4).
    threshold : int, optional
        Tensors with more elements than this print summarized (default 1000).
    edgeitems : int, optional
        Items shown at each end of every axis of a summarized tensor (default 3).
    linewidth : int, optional
        Characters per line before a row wraps (default 80).
    profile : {"default", "short", "full"}, optional
        Sets the four options above at once; the explicit ones then override it.
    sci_mode : bool or None, optional
        ``True`` always prints scientific notation, ``False`` never; ``None``
        (the default, and what omitting it sets) lets each tensor decide.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([1.0, 2.5, 1 / 3])
    >>> x
    tensor([1.0000, 2.5000, 0.3333])
    >>> minigrad.set_printoptions(precision=2)
    >>> x
    tensor([1.00, 2.50, 0.33])
    >>> minigrad.set_printoptions(sci_mode=True)
    >>> x
    tensor([1.00e+00, 2.50e+00, 3.33e-01])
    >>> minigrad.set_printoptions(profile="default")
    """
    op = "set_printoptions"
    # Every value checked before any is set: a bad one must not leave the
    # options half changed, nor break the printing of every tensor after it.
    checked = {name: check_int(op, name, value, 0) for name, value in
               (("precision", precision), ("edgeitems", edgeitems), ("linewidth", linewidth))
               if value is not None}
    if threshold is not None:
        if check_number(op, "threshold", threshold) < 0:
            raise ValueError(f"{op}: threshold must be non-negative, got {threshold!r}")
        checked["threshold"] = threshold
    if sci_mode is not None and not isinstance(sci_mode, (bool, np.bool_)):
        raise TypeError(f"{op}: sci_mode must be a bool or None, got {sci_mode!r}")
    if profile is not None:
        if not isinstance(profile, str) or profile not in _PROFILES:
            raise ValueError(f"set_printoptions: profile must be one of {sorted(_PROFILES)}, "
                             f"got {profile!r}")
        for name, value in _PROFILES[profile].items():
            setattr(_OPTIONS, name, value)
    for name, value in checked.items():
        setattr(_OPTIONS, name, value)
    _OPTIONS.sci_mode = sci_mode


class _Formatter:
    """One style and one width for every element of a tensor (torch's ``_Formatter``)."""

    def __init__(self, values):
        self.floating = values.dtype.kind in "fc"
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        if not self.floating:
            if values.size:
                self.max_width = max(len(str(v)) for v in values.reshape(-1).tolist())
            return
        finite = values[np.isfinite(values) & (values != 0)].astype(np.float64)
        if not finite.size:
            return
        magnitude = np.abs(finite)
        low, high = magnitude.min(), magnitude.max()
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        self.sci_mode = (high / low > 1000.0 or high > 1.0e8 or low < 1.0e-4
                         if _OPTIONS.sci_mode is None else _OPTIONS.sci_mode)
        precision = _OPTIONS.precision
        if self.sci_mode:
            texts = (f"{v:.{precision}e}" for v in finite.tolist())
        elif self.int_mode:
            texts = (f"{v:.0f}." for v in finite.tolist())
        else:
            texts = (f"{v:.{precision}f}" for v in finite.tolist())
        self.max_width = max(len(t) for t in texts)

    def format(self, value):
        if not self.floating:
            text = str(value)
        elif self.sci_mode:
            text = f"{value:{self.max_width}.{_OPTIONS.precision}e}"
        elif self.int_mode:
            text = f"{value:.0f}" + ("" if math.isinf(value) or math.isnan(value) else ".")
        else:
            text = f"{value:.{_OPTIONS.precision}f}"
        return text.rjust(self.max_width)


def _summarized(a):
    """The elements a summarized print shows, for the formatter to measure."""
    edge = _OPTIONS.edgeitems
    if a.ndim == 0:
        return a
    if a.ndim == 1:
        return np.concatenate([a[:edge], a[-edge:]]) if a.shape[0] > 2 * edge else a
    if not edge:
        return a[:0].reshape(-1)
    rows = list(range(edge)) + list(range(len(a) - edge, len(a))) if len(a) > 2 * edge \
        else range(len(a))
    return np.concatenate([_summarized(a[i]).reshape(-1) for i in rows])


def _vector(a, indent, summarize, formatter):
    edge = _OPTIONS.edgeitems
    per_line = max(1, (_OPTIONS.linewidth - indent) // (formatter.max_width + 2))
    if summarize and not edge:
        items = ["..."]
    elif summarize and a.shape[0] > 2 * edge:
        items = ([formatter.format(v) for v in a[:edge].tolist()] + [" ..."]
                 + [formatter.format(v) for v in a[-edge:].tolist()])
    else:
        items = [formatter.format(v) for v in a.tolist()]
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(a, indent, summarize, formatter):
    if a.ndim == 0:
        return formatter.format(a.item())
    if a.ndim == 1:
        return _vector(a, indent, summarize, formatter)
    edge = _OPTIONS.edgeitems
    if summarize and len(a) > 2 * edge:
        parts = ([_nested(a[i], indent + 1, summarize, formatter) for i in range(edge)]
                 + ["..."]
                 + [_nested(a[i], indent + 1, summarize, formatter)
                    for i in range(len(a) - edge, len(a))])
    else:
        parts = [_nested(a[i], indent + 1, summarize, formatter) for i in range(len(a))]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(parts) + "]"


def _with_suffixes(text, suffixes, indent):
    """Append ``, dtype=...`` and the like, on a new line when the last one is full."""
    pieces = [text]
    last_line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line + len(suffix) + 2 > _OPTIONS.linewidth:
            pieces.append(",\n" + " " * indent + suffix)
            last_line = indent + len(suffix)
        else:
            pieces.append(", " + suffix)
            last_line += len(suffix) + 2
    return "".join(pieces) + ")"


def tensor_repr(tensor, default_dtype):
    """``tensor([...], ...)`` as PyTorch prints it."""
    a = tensor._data
    prefix = "tensor("
    indent = len(prefix)
    suffixes = []
    if a.size == 0:
        if a.ndim != 1:
            suffixes.append(f"size={tuple(a.shape)}")
        if a.dtype != default_dtype:
            suffixes.append(f"dtype=minigrad.{a.dtype}")
        body = "[]"
    else:
        if not _OPTIONS.edgeitems:
            suffixes.append(f"size={tuple(a.shape)}")
        if a.dtype not in (default_dtype, np.int64, np.bool_):
            suffixes.append(f"dtype=minigrad.{a.dtype}")
        summarize = a.size > _OPTIONS.threshold
        formatter = _Formatter(_summarized(a) if summarize else a)
        body = _nested(a, indent, summarize, formatter)
    if tensor.grad_fn is not None:
        suffixes.append(f"grad_fn={tensor.grad_fn!r}")
    elif tensor._requires_grad:
        suffixes.append("requires_grad=True")
    return _with_suffixes(prefix + body, suffixes, indent)
