"""Upsampling layers: :class:`Upsample` and its two fixed-mode forms.

Each holds its arguments and calls ``nn.functional.interpolate``; the
constructor rejects a bad mode, ``align_corners`` with a mode that has no
corners to align, and both or neither of ``size`` and ``scale_factor``.
"""

import numbers

import numpy as np

from minigrad.nn import functional as F
from minigrad.nn.modules.module import Module
from minigrad.ops._args import is_int
from minigrad.ops.resample import _check_mode, _shown

__all__ = ["Upsample", "UpsamplingBilinear2d", "UpsamplingNearest2d"]


def _as_floats(op, scale_factor):
    """``scale_factor`` as a float or a tuple of floats, as PyTorch stores it (its repr
    prints ``scale_factor=2.0``); ``TypeError`` for anything but numbers."""
    values = scale_factor if isinstance(scale_factor, (tuple, list)) else (scale_factor,)
    if not values or not all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))
                             for v in values):
        raise TypeError(f"{op}: scale_factor must be a number or a tuple of numbers, "
                        f"got {_shown(scale_factor)}")
    floats = tuple(float(v) for v in values)
    return floats if isinstance(scale_factor, (tuple, list)) else floats[0]


def _check_size(op, size):
    values = size if isinstance(size, (tuple, list)) else (size,)
    if not values or not all(map(is_int, values)):
        raise TypeError(f"{op}: size must be an int or a tuple of ints, got {_shown(size)}")


class Upsample(Module):
    r"""Resample ``(N, C, *spatial)`` input to a given size or by a given factor.

    Holds the arguments of :func:`~minigrad.nn.functional.interpolate` and
    calls it; see there for every rule. Along each spatial axis, output
    :math:`o` takes its value from source position :math:`x` (input size
    :math:`I`, output size :math:`O`, step :math:`s = I / O` or
    :math:`1 / \text{scale\_factor}`): nearest takes
    :math:`x_{\min(\lfloor s\,o \rfloor, I - 1)}`, linear blends the two
    neighbours of the source position,

    .. math::

        y_o = (1 - t)\, x_i + t\, x_{i + 1}, \qquad i = \lfloor x \rfloor,\ t = x - i,
        \qquad x = \begin{cases}
            o\,\dfrac{I - 1}{O - 1} & \text{align\_corners} \\
            \max\!\left(s\,(o + \tfrac12) - \tfrac12,\ 0\right) & \text{otherwise}
        \end{cases}

    and the multi-dimensional modes apply the rule along each axis.

    Parameters
    ----------
    size : int or tuple of ints, optional
        The output's spatial size; give it or ``scale_factor``, not both.
    scale_factor : float or tuple of floats, optional
        The output's spatial size is ``floor(input size * scale_factor)``.
    mode : str
        ``"nearest"`` (the default), ``"nearest-exact"``, ``"linear"`` (3-d
        input), ``"bilinear"``, ``"bicubic"`` (4-d), ``"trilinear"`` (5-d) or
        ``"area"``.
    align_corners : bool, optional
        For the linear and cubic modes: map the corner elements' centres onto
        each other; ``None`` means ``False``.
    recompute_scale_factor : bool, optional
        With ``scale_factor``: take the steps from the sizes (``I / O``)
        rather than from ``1 / scale_factor``.

    Raises
    ------
    TypeError
        For a non-integer size, a non-numeric scale factor, a mode that is
        not a string, or flags that are not bools.
    ValueError
        For an unknown mode, ``align_corners`` with a mode other than the
        linear and cubic ones, or both or neither of ``size`` and
        ``scale_factor``.

    Shape
    -----
    - Input: ``(N, C, L_in)``, ``(N, C, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``
    - Output: ``(N, C, L_out)``, ``(N, C, H_out, W_out)`` or ``(N, C, D_out, H_out, W_out)``
      with each size ``size`` or ``floor(input size * scale_factor)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> up = nn.Upsample(scale_factor=2, mode="bilinear")
    >>> up
    Upsample(scale_factor=2.0, mode='bilinear')
    >>> up(minigrad.tensor([[[[1., 2.], [3., 4.]]]]))
    tensor([[[[1.0000, 1.2500, 1.7500, 2.0000],
              [1.5000, 1.7500, 2.2500, 2.5000],
              [2.5000, 2.7500, 3.2500, 3.5000],
              [3.0000, 3.2500, 3.7500, 4.0000]]]])
    """

    def __init__(self, size=None, scale_factor=None, mode: str = "nearest",
                 align_corners: bool | None = None, recompute_scale_factor: bool | None = None):
        super().__init__()
        name = type(self).__name__
        _check_mode(name, mode, align_corners, False, recompute_scale_factor)
        if (size is None) == (scale_factor is None):
            raise ValueError(f"{name}: exactly one of size and scale_factor must be given, got "
                             f"size={_shown(size)} and scale_factor={_shown(scale_factor)}")
        if size is not None:
            _check_size(name, size)
        self.size = size
        self.scale_factor = None if scale_factor is None else _as_floats(name, scale_factor)
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        return F.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                             recompute_scale_factor=self.recompute_scale_factor)

    def extra_repr(self) -> str:
        if self.scale_factor is not None:
            return f"scale_factor={self.scale_factor!r}, mode={self.mode!r}"
        return f"size={self.size!r}, mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    r"""Nearest-neighbour upsampling of ``(N, C, H, W)`` input: ``Upsample(mode="nearest")``.

    Output :math:`(h, w)` copies the input element

    .. math::

        y_{h, w} = x_{\min(\lfloor s_H h \rfloor,\, H_{in} - 1),\ \min(\lfloor s_W w \rfloor,\, W_{in} - 1)}

    with the steps :math:`s = H_{in} / H_{out}` (or ``1 / scale_factor``).

    Parameters
    ----------
    size : int or tuple of 2 ints, optional
        The output's ``(H_out, W_out)``; give it or ``scale_factor``.
    scale_factor : float or tuple of 2 floats, optional
        Output size ``floor(input size * scale_factor)`` per axis.

    Shape
    -----
    - Input: ``(N, C, H_in, W_in)``
    - Output: ``(N, C, H_out, W_out)``, ``H_out = size[0]`` or ``floor(H_in * scale_factor)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.UpsamplingNearest2d(scale_factor=2)(minigrad.tensor([[[[1., 2.]]]]))
    tensor([[[[1., 1., 2., 2.],
              [1., 1., 2., 2.]]]])
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    r"""Bilinear upsampling of ``(N, C, H, W)`` input with aligned corners.

    ``Upsample(mode="bilinear", align_corners=True)``: output :math:`(h, w)`
    blends the four inputs around the source position
    :math:`(h \frac{H_{in} - 1}{H_{out} - 1},\ w \frac{W_{in} - 1}{W_{out} - 1})`,

    .. math::

        y_{h, w} = \sum_{a, b \in \{0, 1\}} (1 - |a - t_h|)(1 - |b - t_w|)\, x_{i_h + a,\, i_w + b}

    with :math:`i` the integer part and :math:`t` the fraction of each
    source coordinate.

    Parameters
    ----------
    size : int or tuple of 2 ints, optional
        The output's ``(H_out, W_out)``; give it or ``scale_factor``.
    scale_factor : float or tuple of 2 floats, optional
        Output size ``floor(input size * scale_factor)`` per axis.

    Shape
    -----
    - Input: ``(N, C, H_in, W_in)``
    - Output: ``(N, C, H_out, W_out)``, ``H_out = size[0]`` or ``floor(H_in * scale_factor)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.UpsamplingBilinear2d(size=(1, 4))(minigrad.tensor([[[[0., 3.]]]]))
    tensor([[[[0., 1., 2., 3.]]]])
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)
