"""Where the time goes: each op's forward and backward, timed as it runs.

``with profile() as prof:`` puts a watcher on :meth:`Function.apply` and on
the engine's backward loop (see ``watchers`` in ``function.py``); outside the
block an op pays one truth test for it. Each op call becomes an event with
its wall time, input shapes and, for convolution, linear and matmul, its
floating-point operation count. ``key_averages().table()`` and
``export_chrome_trace()`` print and save them as PyTorch's profiler does.
"""
from __future__ import annotations

import json
import math
import os
import threading
import time
from collections import OrderedDict

from minigrad.autograd import function as _function
from minigrad.tensor import Tensor

__all__ = ["profile", "FunctionEvent", "FunctionEventAvg", "EventList"]


class FunctionEvent:
    """One op call: name, start and end (microseconds since the profile began), thread, shapes.

    Parameters
    ----------
    name : str
        The op's name: its Function class (``"MatMul"``) in the forward pass,
        its node's name (``"MatMulBackward"``) in the backward pass; also ``key``.
    start_us : float
        When the call began, in microseconds since the profile began.
    end_us : float
        When it ended, in the same unit; ``cpu_time_total`` is ``end_us - start_us``.
    thread : int
        The identifier (``threading.get_ident()``) of the thread that ran it.
    input_shapes : list of list of int or None
        The shape of each input (``[]`` for a non-tensor argument), or None
        when the profile does not record shapes.
    flops : int
        The floating-point operations the call performed, 0 when not counted.
    sequence_nr : int, default -1
        The sequence number of the tape node, which pairs a forward call with
        its backward; -1 when there is none.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.autograd.profiler import profile
    >>> with profile() as prof:
    ...     y = minigrad.ones(2, 3) @ minigrad.ones(3, 4)
    >>> event = prof.events()[0]
    >>> event.name, event.input_shapes, event.flops
    ('MatMul', [[2, 3], [3, 4]], 48)
    """

    def __init__(self, name, start_us, end_us, thread, input_shapes, flops, sequence_nr=-1):
        self.name = name
        self.time_range = (start_us, end_us)
        self.thread = thread
        self.input_shapes = input_shapes
        self.flops = flops
        self.sequence_nr = sequence_nr
        self.children_us = 0.0

    key = property(lambda self: self.name)
    count = 1

    @property
    def cpu_time_total(self):
        return self.time_range[1] - self.time_range[0]

    @property
    def cpu_time(self):
        return self.cpu_time_total

    @property
    def self_cpu_time_total(self):
        return self.cpu_time_total - self.children_us

    def __repr__(self):
        return (f"<FunctionEvent {self.name} cpu_time_total={self.cpu_time_total:.3f}us "
                f"input_shapes={self.input_shapes}>")


class FunctionEventAvg:
    """The events of one name (and input shapes, when grouped by them), summed.

    Parameters
    ----------
    key : str
        The op name the events share.
    input_shapes : list of list of int, optional
        The input shapes the events share, when the averages are grouped by
        shape; None otherwise.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.autograd.profiler import profile
    >>> with profile() as prof:
    ...     for _ in range(3):
    ...         y = minigrad.ones(2) * 2
    >>> (average,) = prof.key_averages()
    >>> average.key, average.count
    ('Mul', 3)
    """

    def __init__(self, key, input_shapes=None):
        self.key = key
        self.input_shapes = input_shapes
        self.count = 0
        self.cpu_time_total = 0.0
        self.self_cpu_time_total = 0.0
        self.flops = 0

    def add(self, event):
        self.count += 1
        self.cpu_time_total += event.cpu_time_total
        self.self_cpu_time_total += event.self_cpu_time_total
        self.flops += event.flops
        return self

    @property
    def cpu_time(self):
        return self.cpu_time_total / self.count if self.count else 0.0

    def __repr__(self):
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={self.self_cpu_time_total:.3f}us "
                f"cpu_time={self.cpu_time_total:.3f}us count={self.count}>")


def _format_time(us):
    if us >= 1e6:
        return f"{us / 1e6:.3f}s"
    if us >= 1e3:
        return f"{us / 1e3:.3f}ms"
    return f"{us:.3f}us"


_FLOP_UNITS = [(1e12, "TFLOPs"), (1e9, "GFLOPs"), (1e6, "MFLOPs"), (1e3, "KFLOPs"), (1, "FLOPs")]


class EventList(list):
    """A list of events (or of averages) that prints as PyTorch's profiler table.

    Parameters
    ----------
    items : iterable of FunctionEvent or FunctionEventAvg, default ()
        The events, in the order the table lists them unless sorted.
    total_us : float, optional
        The time, in microseconds, that the percentage columns divide by; the
        sum of the items' self times when omitted.
    by_shape : bool, default False
        Add an "Input Shapes" column (for averages grouped by input shape).

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.autograd.profiler import profile
    >>> with profile() as prof:
    ...     y = minigrad.ones(2) * 2
    >>> print(prof.key_averages().table(), end="")  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    --------  ------------  ------------  ------------  ------------  ------------  ------------
        Name    Self CPU %      Self CPU   CPU total %     CPU total  CPU time avg    # of Calls
    --------  ------------  ------------  ------------  ------------  ------------  ------------
         Mul       100.00%  ...
    --------  ------------  ------------  ------------  ------------  ------------  ------------
    Self CPU time total: ...
    """

    def __init__(self, items=(), total_us=None, by_shape=False):
        super().__init__(items)
        self._total_us = total_us
        self.by_shape = by_shape  # an input-shapes column: averages grouped by them

    def table(self, sort_by=None, row_limit=100, max_name_column_width=55, header=None):
        """The events as a text table, sorted by ``sort_by`` (an attribute, descending).

        ``sort_by`` takes PyTorch's keys: ``self_cpu_time_total``,
        ``cpu_time_total``, ``cpu_time``, ``count``, ``flops``; ``row_limit``
        keeps the first rows (``-1`` keeps all).
        """
        rows = list(self)
        if sort_by is not None:
            rows.sort(key=lambda e: getattr(e, sort_by), reverse=True)
        if row_limit is not None and row_limit >= 0:
            rows = rows[:row_limit]
        total = self._total_us if self._total_us is not None else sum(
            e.self_cpu_time_total for e in self)
        shapes = self.by_shape
        flops = max((e.flops for e in self), default=0)
        scale, unit = next(((s, u) for s, u in _FLOP_UNITS if flops >= s), (1, "FLOPs"))
        name_width = min(max([len(e.key) for e in rows] + [4]) + 4, max_name_column_width)
        headers = ["Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total",
                   "CPU time avg", "# of Calls"]
        widths = [name_width] + [12] * 6
        if shapes:
            headers.append("Input Shapes")
            widths.append(max([len(str(e.input_shapes or [])) for e in rows] + [12]))
        if flops:
            headers.append(f"Total {unit}")
            widths.append(12)

        def percent(x):
            return f"{100 * x / total:.2f}%" if total else "0.00%"

        separator = "  ".join("-" * w for w in widths) + "  "
        out = [separator, "  ".join(h.rjust(w) for h, w in zip(headers, widths)) + "  ",
               separator]
        for e in rows:
            cells = [e.key, percent(e.self_cpu_time_total), _format_time(e.self_cpu_time_total),
                     percent(e.cpu_time_total), _format_time(e.cpu_time_total),
                     _format_time(e.cpu_time), e.count]
            if shapes:
                cells.append(str(e.input_shapes or []))
            if flops:
                cells.append(f"{e.flops / scale:.3f}" if e.flops else "--")
            out.append("  ".join(_cell(c, w, i) for i, (c, w) in enumerate(zip(cells, widths)))
                       + "  ")
        out.append(separator)
        out.append(f"Self CPU time total: {_format_time(total)}")
        if header:
            out.insert(0, header)
        return "\n".join(out) + "\n"


def _cell(value, width, index):
    text = str(value)
    if index == 0 and len(text) > width:
        text = text[: width - 3] + "..."
    return text.rjust(width)


class profile:
    """Context manager that records the time, shapes and FLOPs of every op, forward and backward.

    As ``torch.autograd.profiler.profile``: events of the forward carry the
    op's name (``ConvNd``, ``Linear``), those of the backward the node's name
    (``ConvNdBackward``). Only the thread that entered the block is profiled.

    Parameters
    ----------
    enabled : bool, default True
        False makes the block a no-op.
    record_shapes : bool, default True
        Keep each call's input shapes (for ``key_averages(group_by_input_shape=True)``).
    with_flops : bool, default True
        Count floating-point operations of convolution, linear and matmul.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.autograd.profiler import profile
    >>> x = minigrad.randn(8, 4, requires_grad=True)
    >>> with profile() as prof:
    ...     (x * 2).sum().backward()
    >>> sorted({e.key for e in prof.key_averages()})
    ['Mul', 'MulBackward', 'Sum', 'SumBackward']
    """

    def __init__(self, enabled: bool = True, *, record_shapes: bool = True,
                 with_flops: bool = True):
        self.enabled = enabled
        self.record_shapes = record_shapes
        self.with_flops = with_flops
        self.function_events = None
        self._events = []
        self._stack = []
        self._thread = None
        self._start_ns = 0
        self._total_us = 0.0

    def __enter__(self):
        if not self.enabled:
            return self
        if self in _function.watchers:
            raise RuntimeError("profile: this profiler is already running")
        self._events, self._stack = [], []
        self._thread = threading.get_ident()
        self._start_ns = time.perf_counter_ns()
        _function.watchers.append(self)
        return self

    def __exit__(self, *exc):
        if not self.enabled:
            return False
        _function.watchers.remove(self)
        self._stack = []
        self._total_us = (time.perf_counter_ns() - self._start_ns) / 1e3
        self.function_events = EventList(self._events)
        return False

    # -- the watcher: called by Function.apply and by the engine
    def enter(self, cls, args):
        if threading.get_ident() != self._thread:
            return None
        shapes = [list(a.shape) if isinstance(a, Tensor) else [] for a in args] \
            if self.record_shapes else None
        return self._start(shapes)

    def exit(self, token, cls, ctx, args, outputs):
        if token is not None:
            flops = _flops(cls, args, outputs) if self.with_flops else 0
            self._add(cls.__name__, token, flops, getattr(ctx, "_seq", -1))

    def backward_enter(self, node):
        if threading.get_ident() != self._thread:
            return None
        # A backward's inputs are the gradients of the node's outputs.
        shapes = [list(shape) for shape, _ in node._outputs_meta] if self.record_shapes else None
        return self._start(shapes)

    def backward_exit(self, token, node, grads):
        if token is not None:
            self._add(node.name(), token, 0, node._seq)

    def _start(self, shapes):
        self._stack.append(0.0)  # the time of the ops this one calls, filled in as they end
        return time.perf_counter_ns(), shapes

    def _add(self, name, token, flops, seq):
        start, shapes = token
        end = time.perf_counter_ns()
        children = self._stack.pop()
        event = FunctionEvent(name, (start - self._start_ns) / 1e3, (end - self._start_ns) / 1e3,
                              self._thread, shapes, flops, seq)
        event.children_us = children
        if self._stack:
            self._stack[-1] += event.cpu_time_total
        self._events.append(event)

    # -- results
    def _require_results(self):
        if self.function_events is None:
            raise RuntimeError("profile: results are available after the block ends")
        return self.function_events

    def events(self):
        """Every recorded call, in the order they ended."""
        return self._require_results()

    def key_averages(self, group_by_input_shape: bool = False):
        """Events summed per op name (and per input shapes when ``group_by_input_shape``)."""
        groups = OrderedDict()
        for e in self._require_results():
            shapes = str(e.input_shapes) if group_by_input_shape else None
            key = (e.name, shapes)
            if key not in groups:
                groups[key] = FunctionEventAvg(e.name, e.input_shapes if shapes else None)
            groups[key].add(e)
        return EventList(groups.values(), self.self_cpu_time_total, group_by_input_shape)

    @property
    def self_cpu_time_total(self):
        """Time spent in ops (self time summed), in microseconds."""
        return sum(e.self_cpu_time_total for e in self._require_results())

    def table(self, *args, **kwargs):
        """``key_averages().table(...)``."""
        return self.key_averages().table(*args, **kwargs)

    def export_chrome_trace(self, path):
        """Write the events as Chrome trace-event JSON (chrome://tracing, Perfetto)."""
        events = []
        pid = os.getpid()
        for e in self._require_results():
            entry = {"name": e.name, "ph": "X", "cat": "cpu_op", "ts": e.time_range[0],
                     "dur": e.cpu_time_total, "pid": pid, "tid": e.thread, "args": {}}
            if e.input_shapes is not None:
                entry["args"]["Input Dims"] = e.input_shapes
            if e.flops:
                entry["args"]["flops"] = e.flops
            if e.sequence_nr >= 0:
                entry["args"]["Sequence number"] = e.sequence_nr
            events.append(entry)
        with open(path, "w") as f:
            json.dump({"traceEvents": events, "displayTimeUnit": "ms"}, f)

    def __str__(self):
        return self.table()


def _flops(cls, args, outputs):
    """Multiply-adds times two, for the ops where they dominate; 0 for the rest."""
    name = cls.__name__
    out = outputs[0] if isinstance(outputs, tuple) else outputs
    if name in ("ConvNd", "ConvTransposeNd"):
        x, weight = args[0], args[1]
        per_output = math.prod(weight.shape[1:])
        if name == "ConvNd":
            return 2 * math.prod(out.shape) * per_output
        # Every input element meets every weight of its group's output channels.
        return 2 * math.prod(x.shape) * per_output
    if name == "Linear":
        return 2 * math.prod(out.shape) * args[1].shape[1]
    if name == "MatMul":
        a = args[0]
        return 2 * max(math.prod(out.shape), 1) * a.shape[-1]
    return 0
