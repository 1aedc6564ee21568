"""Pictures of what a convolutional network learned (needs matplotlib: ``pip install matplotlib``).

Five views, each a function that returns a :class:`matplotlib.figure.Figure`
(built without pyplot, so nothing opens a window and any backend works; pass
``save="name.png"`` or call ``fig.savefig``):

- :func:`plot_filters` — a convolution's filters as an image grid (the
  first layer's filters look like oriented edges and colour blobs);
- :func:`plot_activations` — the activation maps of one layer for one input;
- :func:`plot_history` — loss and accuracy curves;
- :func:`max_activation_input` — inputs that maximise a channel's mean
  activation, found by gradient ascent on the input (the notes' maximum
  response samples); the images come from :func:`maximize_activation`;
- :func:`saliency` — the gradient of a class score with respect to the
  input; the maps come from :func:`saliency_map`.

:func:`maximize_activation` and :func:`saliency_map` compute arrays and do not
need matplotlib. Functions that run the model switch it to evaluation mode
for the call and restore every module's mode afterwards.
"""
import math
from collections.abc import Sequence

import numpy as np

from minigrad.autograd import grad as _autograd_grad
from minigrad.autograd.grad_mode import enable_grad, no_grad
from minigrad.tensor import Tensor

__all__ = [
    "max_activation_input",
    "maximize_activation",
    "plot_activations",
    "plot_filters",
    "plot_history",
    "saliency",
    "saliency_map",
]

_GAP_COLOR = (0.78, 0.82, 0.9)  # between tiles: a pale blue that no grey tile contains
_GAP_GREY = (0.5, 0.5, 0.5)  # between tiles of a colormap that has pale blue (RdBu, bwr, ...)


# ---------------------------------------------------------------- plumbing
def _figure(figsize):
    """A new pyplot-free Figure, or an ImportError that names the extra to install."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError(
            "minigrad.utils.viz needs matplotlib, which is an optional dependency: install it "
            "with `pip install matplotlib`, or from a minigrad checkout with "
            "`pip install -e \".[viz]\"`"
        ) from None
    return Figure(figsize=figsize, layout="constrained")


def _colormap(name, bad=_GAP_COLOR):
    import matplotlib

    return matplotlib.colormaps[name].with_extremes(bad=bad)


def _gap_color(name):
    """The pale blue gap colour, or mid grey for colormaps that contain that pale blue."""
    import matplotlib

    colors = matplotlib.colormaps[name](np.linspace(0, 1, 256))[:, :3]

    def distance(color):
        return float(np.sqrt(((colors - color) ** 2).sum(axis=1)).min())

    if distance(_GAP_COLOR) < 0.2 and distance(_GAP_GREY) > distance(_GAP_COLOR):
        return _GAP_GREY
    return _GAP_COLOR


def _finish(fig, save):
    if save is not None:
        fig.savefig(save)
    return fig


def _array(x, op, name="x"):
    if isinstance(x, Tensor):
        return x._data
    if isinstance(x, np.ndarray):
        return x
    raise TypeError(f"{op}: {name} must be a minigrad Tensor or a NumPy array, got "
                    f"{type(x).__name__}")


def _input_tensor(x, model, op):
    """``x`` as a floating tensor with the dtype of the model's parameters."""
    data = _array(x, op)
    if data.dtype.kind != "f":
        raise TypeError(f"{op}: x must have a floating-point dtype, got {data.dtype}")
    param = next(model.parameters(), None)
    dtype = data.dtype if param is None else param._data.dtype
    return Tensor._make(np.array(data, dtype=dtype), False)


def _check_model(model, op):
    from minigrad.nn.modules.module import Module

    if not isinstance(model, Module):
        raise TypeError(f"{op}: expected a minigrad.nn.Module, got {type(model).__name__}")


def _resolve_layer(model, layer, op):
    """``layer`` given as a module of ``model`` or as its dotted name."""
    from minigrad.nn.modules.module import Module

    if isinstance(layer, str):
        names = dict(model.named_modules())
        if layer not in names:
            raise ValueError(f"{op}: model has no submodule named {layer!r}; its submodules are "
                             f"{[n for n in names if n]}")
        return names[layer]
    if isinstance(layer, Module):
        if not any(m is layer for m in model.modules()):
            raise ValueError(f"{op}: layer {type(layer).__name__} is not a submodule of the model")
        return layer
    raise TypeError(f"{op}: layer must be a submodule or its dotted name, got "
                    f"{type(layer).__name__}")


class _Stop(Exception):
    """Raised by a forward hook to skip the layers after the one being watched."""


class _EvalMode:
    """Evaluation mode for a ``with`` block, then every module's previous mode back."""

    def __init__(self, model):
        self._modes = [(m, m.training) for m in model.modules()]
        self._model = model

    def __enter__(self):
        self._model.eval()

    def __exit__(self, *exc):
        for module, training in self._modes:
            module.training = training


def _layer_output(model, layer, x):
    """Run ``model(x)`` up to ``layer`` and return that layer's output (the rest is skipped)."""
    captured = []

    def hook(module, args, output):
        captured.append(output[0] if isinstance(output, (tuple, list)) else output)
        raise _Stop

    handle = layer.register_forward_hook(hook)
    try:
        model(x)
    except _Stop:
        pass
    finally:
        handle.remove()
    if not captured:
        raise ValueError(f"the layer {type(layer).__name__} was not called by the model's forward")
    return captured[0]


class _FrozenParameters:
    """``requires_grad=False`` on every parameter for a ``with`` block: gradients with respect
    to the input then skip the weight-gradient work, and no ``.grad`` is touched."""

    def __init__(self, model):
        self._params = [(p, p.requires_grad) for p in model.parameters()]

    def __enter__(self):
        for p, _ in self._params:
            p.requires_grad = False

    def __exit__(self, *exc):
        for p, flag in self._params:
            p.requires_grad = flag


def _normalize(tiles, mode, op, symmetric=False):
    """Scale tiles to [0, 1]: each tile by its own range (``"each"``) or all by one (``"all"``).

    ``symmetric`` maps ``[-m, m]`` to [0, 1], with ``m`` the largest absolute value, so that
    zero lands on 0.5.
    """
    if mode not in ("each", "all"):
        raise ValueError(f"{op}: normalize must be 'each' or 'all', got {mode!r}")
    tiles = tiles.astype(np.float64)
    axes = tuple(range(1, tiles.ndim)) if mode == "each" else None
    if symmetric:
        m = np.abs(tiles).max(axis=axes, keepdims=True)
        return 0.5 + 0.5 * tiles / np.where(m > 0, m, 1.0)
    low = tiles.min(axis=axes, keepdims=True)
    span = tiles.max(axis=axes, keepdims=True) - low
    return (tiles - low) / np.where(span > 0, span, 1.0)


def _grid(n, ncols):
    if ncols is None:
        ncols = min(n, max(1, math.ceil(math.sqrt(n))))
    if isinstance(ncols, bool) or not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    return math.ceil(n / ncols), int(ncols)


def _mosaic(tiles, nrows, ncols, gap=1):
    """Tiles ``(n, h, w)`` or ``(n, h, w, 3)`` in a grid, ``gap`` pixels apart.

    Grey tiles get NaN gaps (drawn in the colormap's "bad" colour); RGB tiles
    get the gap colour itself.
    """
    n, h, w = tiles.shape[:3]
    rgb = tiles.ndim == 4
    shape = (nrows * (h + gap) - gap, ncols * (w + gap) - gap) + ((3,) if rgb else ())
    out = np.empty(shape)
    out[...] = _GAP_COLOR if rgb else np.nan
    for i in range(n):
        r, c = divmod(i, ncols)
        out[r * (h + gap):r * (h + gap) + h, c * (w + gap):c * (w + gap) + w] = tiles[i]
    return out


def _mosaic_figsize(mosaic, ncols, tile=0.8, colorbar=False):
    """A figure size for one mosaic: tiles ``tile`` inches wide, at most 10 inches in all."""
    height_px, width_px = mosaic.shape[:2]
    width = min(10.0, max(3.0, tile * ncols))
    return width + (1.0 if colorbar else 0.0), width * height_px / width_px + 0.45


def _tick_tiles(ax, nrows, ncols, h, w, gap=1, xlabels=None, ylabels=None):
    """Label the tiles of a mosaic: tick marks at tile centres, or no ticks at all."""
    if xlabels is None:
        ax.set_xticks([])
    else:
        ax.set_xticks([c * (w + gap) + (w - 1) / 2 for c in range(ncols)], labels=xlabels)
    if ylabels is None:
        ax.set_yticks([])
    else:
        ax.set_yticks([r * (h + gap) + (h - 1) / 2 for r in range(nrows)], labels=ylabels)


def _images(data, op):
    """Images ``(n, C, H, W)`` as display tiles: RGB for C == 3, grey for C == 1."""
    if data.ndim != 4 or data.shape[1] not in (1, 3):
        raise ValueError(f"{op}: expected images of shape (N, 1, H, W) or (N, 3, H, W), got "
                         f"{list(data.shape)}")
    return data[:, 0] if data.shape[1] == 1 else data.transpose(0, 2, 3, 1)


# ---------------------------------------------------------------- filters
def plot_filters(conv, ncols: int | None = None, normalize: str = "each",
                 cmap: str | None = None, title: str | None = None, save=None,
                 symmetric: bool = False):
    """Show a convolution's filters as an image grid.

    With ``C_in == 3`` each filter is one RGB image; with ``C_in == 1`` one
    grey image; otherwise each (filter, input channel) slice is a grey
    image, one row per filter and one column per input channel. 1-d
    filters ``(C_out, C_in, K)`` are drawn as ``C_in x K`` images.

    Small filters (e.g. 5 x 5 on one input channel) read best with
    ``symmetric=True``: zero weights are white, positive ones red and
    negative ones blue, so the sign of every weight and a change of sign
    across the filter (an edge detector) show at a glance. The pixels are
    the weights themselves, scaled, never smoothed.

    Parameters
    ----------
    conv : Conv1d, Conv2d, Tensor or ndarray
        The layer, or a weight of shape ``(C_out, C_in, K_H, K_W)`` or
        ``(C_out, C_in, K)``.
    ncols : int, optional
        Filters per row (default: about the square root of their number).
        Ignored for the filter-by-channel grid.
    normalize : {'each', 'all'}, default 'each'
        Scale every filter to the full grey (or colour) range by its own
        minimum and maximum, or all filters by one range, which keeps their
        magnitudes comparable.
    cmap : str, optional
        The colormap of single-channel filters: default 'gray', or
        'RdBu_r' (blue negative, white zero, red positive) with
        ``symmetric``.
    title : str, optional
        A title above the grid.
    save : str or path, optional
        Also write the figure there (PNG for a ``.png`` name).
    symmetric : bool, default False
        Scale by the largest absolute weight instead of the range
        (``[-m, m]`` to the ends of the colormap, with ``m`` per filter or
        for all of them as ``normalize`` says), so that a zero weight is the
        middle of the colormap in every filter. Single-channel filters then
        get a colorbar from ``-m`` to ``m``.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``conv`` is neither a Conv1d/Conv2d layer nor an array.
    ValueError
        If the weight is not 3-d or 4-d.

    Examples
    --------
    >>> from minigrad import nn
    >>> from minigrad.utils.viz import plot_filters
    >>> fig = plot_filters(nn.Conv2d(3, 16, 5))
    >>> len(fig.axes)
    1
    """
    op = "plot_filters"
    from minigrad.nn.modules.conv import Conv1d, Conv2d, _ConvNd

    if isinstance(conv, (Conv1d, Conv2d)):
        weight = conv.weight._data
    elif isinstance(conv, _ConvNd):
        raise TypeError(f"{op}: expected a Conv1d or Conv2d layer, got {type(conv).__name__}; "
                        f"pass a 3-d or 4-d slice of its weight to draw it")
    else:
        weight = _array(conv, op, "conv")
    if weight.ndim == 3:
        weight = weight[:, None]  # (C_out, 1, C_in, K): each filter one C_in x K grey image
    if weight.ndim != 4:
        raise ValueError(f"{op}: expected a 2-d convolution weight (C_out, C_in, K_H, K_W) or a "
                         f"1-d one (C_out, C_in, K), got shape {list(weight.shape)}")
    c_out, c_in, kh, kw = weight.shape
    if cmap is None:
        cmap = "RdBu_r" if symmetric else "gray"
    xlabels = ylabels = None
    if c_in in (1, 3):
        tiles = _normalize(_images(weight, op), normalize, op, symmetric)
        nrows, ncols = _grid(c_out, ncols)
    else:
        tiles = _normalize(weight.reshape(c_out * c_in, kh, kw), normalize, op, symmetric)
        nrows, ncols = c_out, c_in
        step_x, step_y = max(1, c_in // 10), max(1, c_out // 10)
        xlabels = [str(i) if i % step_x == 0 else "" for i in range(c_in)]
        ylabels = [str(i) if i % step_y == 0 else "" for i in range(c_out)]
    mosaic = _mosaic(tiles, nrows, ncols)
    colorbar = symmetric and mosaic.ndim == 2
    fig = _figure(_mosaic_figsize(mosaic, ncols, colorbar=colorbar))
    ax = fig.add_subplot()
    image = ax.imshow(mosaic, cmap=_colormap(cmap, _gap_color(cmap)), vmin=0, vmax=1,
                      interpolation="nearest")
    if colorbar:
        bar = fig.colorbar(image, ax=ax, shrink=0.8, ticks=[0, 0.5, 1])
        if normalize == "all":
            m = float(np.abs(weight).max())
            bar.ax.set_yticklabels([f"{-m:.3g}", "0", f"{m:.3g}"])
        else:
            bar.ax.set_yticklabels(["-max|w|", "0", "+max|w|"])
    _tick_tiles(ax, nrows, ncols, kh, kw, xlabels=xlabels, ylabels=ylabels)
    if xlabels is not None:
        ax.set_xlabel("input channel")
        ax.set_ylabel("filter")
    ax.set_title(title if title is not None else f"{c_out} filters, {c_in} x {kh} x {kw}")
    return _finish(fig, save)


# ---------------------------------------------------------------- activations
def plot_activations(model, x, layer, index: int = 0, max_maps: int = 64,
                     ncols: int | None = None, normalize: str = "all",
                     cmap: str = "viridis", title: str | None = None, save=None):
    """Show the activation maps of one layer for one input.

    Runs ``model(x)`` (in evaluation mode, without gradients) up to
    ``layer`` and draws its output for example ``index`` of the batch: a
    grid of maps for a ``(N, C, H, W)`` output, one row per channel for
    ``(N, C, L)``, a bar chart for ``(N, F)``.

    Parameters
    ----------
    model : Module
        The network; it runs once on ``x`` in evaluation mode, without
        recording gradients, and its parameters stay unchanged.
    x : Tensor or ndarray
        An input batch (a single image as ``(1, C, H, W)``).
    layer : Module or str
        A submodule of ``model`` or its dotted name (``"3"``, ``"features.0"``).
    index : int, default 0
        Which example of the batch to show.
    max_maps : int, default 64
        Show at most this many channels (the first ones).
    ncols : int, optional
        Maps per row.
    normalize : {'all', 'each'}, default 'all'
        One colour scale for every map (with a colour bar, so maps compare),
        or each map by its own range.
    cmap : str, default 'viridis'
        The matplotlib colormap of the maps.
    title : str, optional
        A title above the grid.
    save : str or path, optional
        Also write the figure to this file (the format follows the extension).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        For a model that is not a Module, or an input that is not an array.
    ValueError
        For an unknown layer, an ``index`` outside the batch, or an output
        with more than two spatial dimensions.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> from minigrad.utils.viz import plot_activations
    >>> model = nn.Sequential(nn.Conv2d(1, 6, 3), nn.ReLU())
    >>> fig = plot_activations(model, minigrad.randn(1, 1, 12, 12), "1")
    >>> fig.axes[0].get_title()
    '1 ReLU: 6 maps of 10 x 10'
    """
    op = "plot_activations"
    _check_model(model, op)
    module = _resolve_layer(model, layer, op)
    x = _input_tensor(x, model, op)
    if not (isinstance(index, (int, np.integer)) and -x.shape[0] <= index < x.shape[0]):
        raise ValueError(f"{op}: index {index!r} is outside the batch of {x.shape[0]}")
    with _EvalMode(model), no_grad():
        out = _layer_output(model, module, x)._data[index]
    name = layer if isinstance(layer, str) else next(n for n, m in model.named_modules()
                                                       if m is module)
    label = f"{name} {type(module).__name__}".strip()
    if out.ndim > 3:
        raise ValueError(f"{op}: can draw outputs with at most 2 spatial dimensions, got "
                         f"{list(out.shape)} per example")
    if out.ndim == 1:
        fig = _figure((6, 3))
        ax = fig.add_subplot()
        ax.bar(np.arange(out.size), out, color="tab:blue")
        ax.set_xlabel("feature")
        ax.set_ylabel("activation")
        ax.set_title(title if title is not None else f"{label}: {out.size} features")
        return _finish(fig, save)
    if out.ndim == 2:
        out = out[:, None, :]  # (C, L) -> C maps of 1 x L, stacked one per row
        ncols = 1
    maps = out[:max_maps]
    n, h, w = maps.shape
    nrows, ncols = _grid(n, ncols)
    shared = normalize == "all"
    mosaic = _mosaic(maps if shared else _normalize(maps, normalize, op), nrows, ncols)
    fig = _figure(_mosaic_figsize(mosaic, ncols, tile=1.0, colorbar=shared))
    ax = fig.add_subplot()
    if shared:
        low, high = float(maps.min()), float(maps.max())
        image = ax.imshow(mosaic, cmap=_colormap(cmap), vmin=low,
                          vmax=high if high > low else low + 1, interpolation="nearest")
        fig.colorbar(image, ax=ax, shrink=0.8)
    else:
        ax.imshow(mosaic, cmap=_colormap(cmap), vmin=0, vmax=1, interpolation="nearest")
    _tick_tiles(ax, nrows, ncols, h, w)
    shown = f"{n} of {out.shape[0]}" if n < out.shape[0] else f"{n}"
    ax.set_title(title if title is not None else
                 f"{label}: {shown} maps of {h} x {w}" if h > 1 else f"{label}: {shown} channels")
    return _finish(fig, save)


# ---------------------------------------------------------------- training curves
def plot_history(history, title: str | None = None, save=None):
    """Plot loss and accuracy curves from a training history.

    Every key containing ``"loss"`` is drawn on the left axes, every key
    containing ``"acc"`` on the right ones (both only when present), against
    ``history["epoch"]`` if it exists, else 1, 2, 3, ... Other keys (timings)
    are ignored. This is the ``history`` dict that ``examples/lenet5.py``
    saves in its checkpoint.

    Parameters
    ----------
    history : dict of str to sequence of float
        For instance ``{"epoch": [1, 2], "train_loss": [...], "test_loss": [...],
        "train_acc": [...], "test_acc": [...]}``.
    title : str, optional
        A title above the plots.
    save : str or path, optional
        Also write the figure to this file (the format follows the extension).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``history`` is not a dict.
    ValueError
        If it has no loss or accuracy series, or series of different lengths.

    Examples
    --------
    >>> from minigrad.utils.viz import plot_history
    >>> fig = plot_history({"train_loss": [0.9, 0.4, 0.3], "test_acc": [0.8, 0.9, 0.92]})
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['loss', 'accuracy']
    """
    op = "plot_history"
    if not isinstance(history, dict):
        raise TypeError(f"{op}: expected a dict of lists, got {type(history).__name__}")
    groups = {
        "loss": [k for k in history if "loss" in k.lower()],
        "accuracy": [k for k in history if "acc" in k.lower()],
    }
    groups = {label: keys for label, keys in groups.items() if keys}
    if not groups:
        raise ValueError(f"{op}: history has no key containing 'loss' or 'acc'; its keys are "
                         f"{list(history)}")
    series = {k: np.asarray(history[k], dtype=np.float64).ravel()
              for keys in groups.values() for k in keys}
    lengths = {k: v.size for k, v in series.items()}
    epochs = np.asarray(history["epoch"]).ravel() if "epoch" in history else None
    n = next(iter(lengths.values()))
    if len(set(lengths.values())) > 1 or (epochs is not None and epochs.size != n):
        sizes = dict(lengths, **({"epoch": epochs.size} if epochs is not None else {}))
        raise ValueError(f"{op}: every series must have the same length, got {sizes}")
    if epochs is None:
        epochs = np.arange(1, n + 1)
    fig = _figure((4.2 * len(groups), 3.2))
    axes = fig.subplots(1, len(groups), squeeze=False)[0]
    for ax, (label, keys) in zip(axes, groups.items()):
        for key in keys:
            ax.plot(epochs, series[key], marker="o", label=key)
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
        ax.legend()
        if n <= 12:
            ax.set_xticks(epochs)
    if title is not None:
        fig.suptitle(title)
    return _finish(fig, save)


# ---------------------------------------------------------------- maximum response
def maximize_activation(model, layer, channels: int | Sequence[int], steps: int = 100,
                        lr: float = 0.1, input_size: Sequence[int] | None = None,
                        x0=None, seed: int = 0, clamp: Sequence[float] | None = None,
                        objective: str = "mean") -> Tensor:
    """Inputs that maximise the activation of channels of a layer, by gradient ascent.

    For each channel ``d`` of ``layer``'s output ``h``, starting from
    ``x_0 ~ U[0, 1]`` (or ``x0``), repeat ``steps`` times

        x <- x + lr * g / rms(g),   g = d L_d(x) / dx

    where ``L_d`` is the mean of channel ``d`` over its positions
    (``objective="mean"``) or its Euclidean norm (``"norm"``, the course
    notes' ``||h_d(x)||_2``). The gradient is divided by its root mean
    square so that ``lr`` is the size of a step in input units whatever the
    scale of the activations. All channels are optimised at once as one
    batch (the model runs in evaluation mode, where examples do not
    interact). Parameters are not changed and their ``.grad`` is not
    touched.

    Parameters
    ----------
    model : Module
        The network, taking ``(N, C, H, W)`` inputs; it runs in evaluation mode
        and its parameters stay unchanged.
    layer : Module or str
        A submodule of ``model`` or its dotted name (as in ``named_modules``),
        whose output ``h`` has the channels in dimension 1.
    channels : int or sequence of int
        The channels of the layer's output to maximise, each in
        ``[0, h.shape[1])``.
    steps : int, default 100
        The number of gradient-ascent steps, non-negative; 0 returns the start.
    lr : float, default 0.1
        The step size in input units, positive (the gradient is normalised by
        its root mean square).
    input_size : tuple of int, optional
        The shape of one input without the batch dimension, ``(C, H, W)``;
        needed unless ``x0`` is given.
    x0 : Tensor or ndarray, optional
        The start: ``(len(channels), C, H, W)``, or ``(1, C, H, W)`` shared
        by every channel; default uniform noise in ``[0, 1]``.
    seed : int, default 0
        Seed of the starting noise (a private generator: the global random
        state is not used).
    clamp : (float, float), optional
        Keep the input within these bounds after every step (the range of
        real inputs, e.g. normalised pixel values); unbounded by default.
    objective : {'mean', 'norm'}, default 'mean'
        What to maximise: the channel's mean or its Euclidean norm.

    Returns
    -------
    Tensor
        ``(len(channels), C, H, W)`` (one input per channel, in order).

    Raises
    ------
    ValueError
        For an unknown layer or objective, a channel outside the layer's
        output, a non-positive ``lr``, a negative ``steps``, or a missing or
        malformed ``input_size``/``x0``.

    Notes
    -----
    After a ReLU, a channel that is negative everywhere for the current
    input has a zero gradient, and the ascent cannot start (the input stays
    as it was). Warm-starting on the convolution before the ReLU, whose
    gradient does not vanish, usually fixes that: run a few steps on the
    convolution and pass the result as ``x0`` for the ReLU
    (``examples/visualize_lenet.py`` does this).

    Examples
    --------
    >>> from minigrad import nn
    >>> from minigrad.utils.viz import maximize_activation
    >>> model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU())
    >>> x = maximize_activation(model, "0", [0, 3], steps=5, input_size=(1, 8, 8))
    >>> x.shape
    minigrad.Size([2, 1, 8, 8])
    """
    op = "maximize_activation"
    _check_model(model, op)
    module = _resolve_layer(model, layer, op)
    channels = [channels] if isinstance(channels, (int, np.integer)) else list(channels)
    if not channels or any(isinstance(c, bool) or not isinstance(c, (int, np.integer))
                           for c in channels):
        raise ValueError(f"{op}: channels must be an int or a non-empty sequence of ints, got "
                         f"{channels!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"{op}: steps must be a non-negative integer, got {steps!r}")
    if not lr > 0:
        raise ValueError(f"{op}: lr must be positive, got {lr!r}")
    if objective not in ("mean", "norm"):
        raise ValueError(f"{op}: objective must be 'mean' or 'norm', got {objective!r}")
    x = _start(model, x0, input_size, len(channels), seed, op)
    if clamp is not None:
        low, high = clamp
        np.clip(x, low, high, out=x)
    picked = np.asarray(channels)
    rows = np.arange(len(channels))
    with _EvalMode(model), _FrozenParameters(model), enable_grad():
        for step in range(max(steps, 1)):
            xt = Tensor._make(x, True)
            out = _layer_output(model, module, xt)
            if step == 0:
                _check_channels(out, picked, op)
                if steps == 0:
                    break
            # Sum over the batch of each example's own channel mean: example b's gradient is
            # that of its objective alone.
            per_example = out[rows, picked].reshape(len(channels), -1)
            if objective == "mean":
                total = per_example.mean(dim=1).sum()
            else:
                total = ((per_example * per_example).sum(dim=1) + 1e-12).sqrt().sum()
            (g,) = _autograd_grad(total, xt)
            g = g._data
            rms = np.sqrt((g.reshape(len(channels), -1) ** 2).mean(axis=1))
            x = x + lr * g / (rms.reshape((-1,) + (1,) * (g.ndim - 1)) + 1e-12)
            if clamp is not None:
                np.clip(x, low, high, out=x)
    return Tensor._make(x, False)


def _start(model, x0, input_size, n, seed, op):
    """The starting batch ``(n, *input_size)`` as a writable array of the model's dtype."""
    param = next(model.parameters(), None)
    dtype = np.float32 if param is None else param._data.dtype
    if x0 is not None:
        data = _array(x0, op, "x0")
        if data.ndim < 2 or data.shape[0] not in (1, n):
            raise ValueError(f"{op}: x0 must be a batch of 1 or {n} (one per channel) inputs, "
                             f"got shape {list(data.shape)}")
        return np.array(np.broadcast_to(data, (n,) + data.shape[1:]), dtype=dtype)
    if input_size is None:
        raise ValueError(f"{op}: give input_size (the shape of one input, e.g. (1, 28, 28)) or x0")
    size = tuple(input_size)
    if not size or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1
                       for s in size):
        raise ValueError(f"{op}: input_size must be a tuple of positive ints, got {input_size!r}")
    return np.random.default_rng(seed).uniform(0.0, 1.0, (n,) + size).astype(dtype)


def _check_channels(out, picked, op):
    if out.ndim < 2:
        raise ValueError(f"{op}: the layer's output {list(out.shape)} has no channel dimension")
    bad = [int(c) for c in picked if not 0 <= c < out.shape[1]]
    if bad:
        raise ValueError(f"{op}: channels {bad} are out of range for a layer output with "
                         f"{out.shape[1]} channels (shape {list(out.shape)})")


def max_activation_input(model, layer, channels: int | Sequence[int], steps: int = 100,
                         lr: float = 0.1, input_size: Sequence[int] | None = None,
                         x0=None, seed: int = 0, clamp: Sequence[float] | None = None,
                         objective: str = "mean", ncols: int | None = None, cmap: str = "gray",
                         title: str | None = None, save=None):
    """Show the inputs that maximise channels of a layer (the notes' maximum response samples).

    The inputs come from :func:`maximize_activation` (same parameters);
    each is drawn scaled to its own range, grey for one input channel and
    RGB for three.

    Parameters
    ----------
    model : Module
        The network, taking ``(N, C, H, W)`` images with ``C`` = 1 or 3; it
        runs in evaluation mode and its parameters stay unchanged.
    layer : Module or str
        A submodule of ``model`` or its dotted name (as in ``named_modules``),
        whose output has the channels in dimension 1.
    channels : int or sequence of int
        The channels of the layer's output to show, one image each, in order.
    steps : int, default 100
        The number of gradient-ascent steps, non-negative.
    lr : float, default 0.1
        The step size in input units, positive (the gradient is normalised by
        its root mean square).
    input_size : tuple of int, optional
        The shape of one input without the batch dimension, ``(C, H, W)``;
        needed unless ``x0`` is given.
    x0 : Tensor or ndarray, optional
        The start: ``(len(channels), C, H, W)``, or ``(1, C, H, W)`` shared by
        every channel; default uniform noise in ``[0, 1]``.
    seed : int, default 0
        Seed of the starting noise (a private generator: the global random
        state is not used).
    clamp : (float, float), optional
        Keep the input within these bounds after every step; unbounded by default.
    objective : {'mean', 'norm'}, default 'mean'
        What to maximise: the channel's mean or its Euclidean norm.
    ncols : int, optional
        Images per row of the grid, positive; by default about the square root
        of the number of channels.
    cmap : str, default 'gray'
        The matplotlib colormap of one-channel images (RGB images ignore it).
    title : str, optional
        A title above the grid.
    save : str or path, optional
        Also write the figure to this file (the format follows the extension).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        For an unknown layer or objective, a channel outside the layer's output,
        a non-positive ``lr``, a negative ``steps``, a missing or malformed
        ``input_size`` or ``x0``, or inputs that are not images with 1 or 3
        channels.

    Examples
    --------
    >>> from minigrad import nn
    >>> from minigrad.utils.viz import max_activation_input
    >>> model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Conv2d(4, 8, 3))
    >>> fig = max_activation_input(model, "2", [0, 1, 2], steps=3, input_size=(1, 9, 9))
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['0', '1', '2']
    """
    op = "max_activation_input"
    _figure((1, 1))  # fail early, before the optimisation, if matplotlib is missing
    images = maximize_activation(model, layer, channels, steps, lr, input_size, x0, seed, clamp,
                                 objective)
    data = images._data
    if data.ndim == 3:
        data = data[:, None]  # 1-d inputs (C, L) drawn as C x L images
    tiles = _normalize(_images(data, op), "each", op)
    channels = [channels] if isinstance(channels, (int, np.integer)) else list(channels)
    nrows, ncols = _grid(len(channels), ncols)
    h, w = tiles.shape[1:3]
    mosaic = _mosaic(tiles, nrows, ncols)
    fig = _figure(_mosaic_figsize(mosaic, ncols, tile=1.4))
    ax = fig.add_subplot()
    ax.imshow(mosaic, cmap=_colormap(cmap), vmin=0, vmax=1, interpolation="nearest")
    _tick_tiles(ax, nrows, ncols, h, w)
    for i, channel in enumerate(channels):
        r, c = divmod(i, ncols)  # the channel's number in the tile's top-left corner
        ax.text(c * (w + 1) - 0.3, r * (h + 1) - 0.3, str(channel), color="yellow",
                fontsize=8, va="top", ha="left",
                bbox={"facecolor": "black", "alpha": 0.6, "pad": 1, "linewidth": 0})
    name = layer if isinstance(layer, str) else type(layer).__name__
    ax.set_title(title if title is not None else f"inputs maximising channels of layer {name}")
    return _finish(fig, save)


# ---------------------------------------------------------------- saliency
def saliency_map(model, x, target: None | int | Sequence[int] = None) -> Tensor:
    """The saliency of each input position for a class score.

    The gradient of the class score (the model's output before any softmax)
    with respect to the input, its absolute value maximised over the input
    channels: ``max_c |d y_target / d x_c|`` at each position (Simonyan et
    al., 2014). The model runs in evaluation mode; parameters and their
    ``.grad`` are not touched.

    Parameters
    ----------
    model : Module
        Maps ``(N, C, ...)`` inputs to ``(N, classes)`` scores.
    x : Tensor or ndarray
        An input batch ``(N, C, ...)``.
    target : int or sequence of int, optional
        The class of each example (one int for all); default the predicted
        class (the highest score).

    Returns
    -------
    Tensor
        ``(N, ...)``: one map per example, the input's spatial shape.

    Raises
    ------
    ValueError
        If the model's output is not ``(N, classes)`` or a target is out of range.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> from minigrad.utils.viz import saliency_map
    >>> model = nn.Sequential(nn.Flatten(), nn.Linear(4, 2))
    >>> saliency_map(model, minigrad.randn(3, 1, 2, 2), target=1).shape
    minigrad.Size([3, 2, 2])
    """
    return _saliency(model, x, target, "saliency_map")[0]


def _saliency(model, x, target, op):
    """The saliency maps (a Tensor) and the class of each example they are for."""
    _check_model(model, op)
    x = _input_tensor(x, model, op)
    if x.ndim < 2:
        raise ValueError(f"{op}: expected an input batch (N, C, ...), got shape {list(x.shape)}")
    with _EvalMode(model), _FrozenParameters(model), enable_grad():
        xt = Tensor._make(x._data, True)
        scores = model(xt)
        if scores.ndim != 2 or scores.shape[0] != x.shape[0]:
            raise ValueError(f"{op}: expected the model to return scores of shape (N, classes) "
                             f"for N = {x.shape[0]}, got {list(scores.shape)}")
        targets = _targets(target, scores._data, op)
        picked = scores[np.arange(x.shape[0]), targets].sum()
        (g,) = _autograd_grad(picked, xt)
    return Tensor._make(np.abs(g._data).max(axis=1), False), targets


def _targets(target, scores, op):
    n, classes = scores.shape
    if target is None:
        return scores.argmax(axis=1)
    values = np.full(n, target) if isinstance(target, (int, np.integer)) else np.asarray(target)
    if values.shape != (n,) or values.dtype.kind not in "iu":
        raise ValueError(f"{op}: target must be an int or {n} ints, got {target!r}")
    if ((values < 0) | (values >= classes)).any():
        raise ValueError(f"{op}: target {target!r} is out of range for {classes} classes")
    return values


def saliency(model, x, target: None | int | Sequence[int] = None, max_images: int = 4,
             cmap: str = "hot", title: str | None = None, save=None):
    """Show where the input matters for a class score: the image, its saliency map and both.

    One row per example (at most ``max_images``): the input, the map of
    :func:`saliency_map` scaled to its maximum, and the map over the input.

    Parameters
    ----------
    model : Module
        Maps ``(N, C, H, W)`` images to ``(N, classes)`` scores (before any
        softmax); it runs in evaluation mode and its parameters and their
        ``.grad`` are not touched.
    x : Tensor or ndarray
        Images ``(N, C, H, W)`` with C = 1 or 3 (a single image as ``(1, C, H, W)``).
    target : int or sequence of int, optional
        The class whose score is explained, one int for every example or one
        per example, each in ``[0, classes)``; by default each example's
        predicted class (the highest score).
    max_images : int, default 4
        Show at most this many examples, the first ones of ``x``.
    cmap : str, default 'hot'
        The matplotlib colormap of the saliency maps.
    title : str, optional
        A title above the figure.
    save : str or path, optional
        Also write the figure to this file (the format follows the extension).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the model's output is not ``(N, classes)``, a target is out of
        range, or the inputs are not 1- or 3-channel images.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> from minigrad.utils.viz import saliency
    >>> model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(2 * 6 * 6, 3))
    >>> fig = saliency(model, minigrad.randn(2, 1, 8, 8), target=2)
    >>> fig.axes[0].get_title()
    'input: class 2'
    """
    op = "saliency"
    _figure((1, 1))
    data = _array(x, op)
    images = _images(data, op)
    maps, targets = _saliency(model, x, target, op)
    maps = maps._data
    n = min(len(images), max_images)
    fig = _figure((7.5, 2.6 * n))
    axes = fig.subplots(n, 3, squeeze=False)
    for i in range(n):
        image = _normalize(images[i:i + 1], "each", op)[0]
        heat = maps[i] / maps[i].max() if maps[i].max() > 0 else maps[i]
        grey = "gray" if image.ndim == 2 else None
        axes[i, 0].imshow(image, cmap=grey, interpolation="nearest")
        axes[i, 0].set_title(f"input: class {targets[i]}"
                             + (" (predicted)" if target is None else ""), fontsize=9)
        shown = axes[i, 1].imshow(heat, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
        axes[i, 1].set_title("saliency |d score / d x|", fontsize=9)
        fig.colorbar(shown, ax=axes[i, 1], shrink=0.8)
        axes[i, 2].imshow(image, cmap=grey, interpolation="nearest")
        axes[i, 2].imshow(heat, cmap=cmap, alpha=0.55, vmin=0, vmax=1, interpolation="nearest")
        axes[i, 2].set_title("overlay", fontsize=9)
        for ax in axes[i]:
            ax.set_xticks([])
            ax.set_yticks([])
    if title is not None:
        fig.suptitle(title)
    return _finish(fig, save)
