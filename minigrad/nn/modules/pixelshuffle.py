"""PixelShuffle and PixelUnshuffle: trade channels for resolution and back."""
from minigrad.nn import functional as F
from minigrad.nn.modules.module import Module
from minigrad.ops._args import check_int

__all__ = ["PixelShuffle", "PixelUnshuffle"]


class PixelShuffle(Module):
    r"""Trade channels for resolution, as :func:`~minigrad.nn.functional.pixel_shuffle`.

    ``(*, C*r*r, H, W)`` to ``(*, C, H*r, W*r)``, the sub-pixel convolution's
    upsampling step (Shi et al., 2016): each group of ``r*r`` channels becomes the ``r x r`` cells of one channel,

    .. math::
        \text{out}[\ldots, c, h r + i, w r + j] = \text{in}[\ldots, c r^2 + i r + j, h, w]

    Parameters
    ----------
    upscale_factor : int
        ``r``, positive: the factor by which height and width grow.

    Shape
    -----
    - Input: ``(*, C*r*r, H, W)``, any number of leading dimensions
    - Output: ``(*, C, H*r, W*r)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.PixelShuffle(3)(minigrad.zeros(1, 9, 4, 4)).shape
    minigrad.Size([1, 1, 12, 12])
    """

    def __init__(self, upscale_factor: int):
        super().__init__()
        self.upscale_factor = check_int("PixelShuffle", "upscale_factor", upscale_factor, 1)

    def forward(self, input):
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    r"""Trade resolution for channels, as :func:`~minigrad.nn.functional.pixel_unshuffle`.

    ``(*, C, H*r, W*r)`` to ``(*, C*r*r, H, W)``, the inverse of
    :class:`PixelShuffle`: the ``r x r`` cells of each channel become ``r*r`` consecutive channels,

    .. math::
        \text{out}[\ldots, c r^2 + i r + j, h, w] = \text{in}[\ldots, c, h r + i, w r + j]

    Parameters
    ----------
    downscale_factor : int
        ``r``, positive: the factor by which height and width shrink.

    Shape
    -----
    - Input: ``(*, C, H*r, W*r)``, any number of leading dimensions
    - Output: ``(*, C*r*r, H, W)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.PixelUnshuffle(2)(minigrad.zeros(1, 1, 4, 6)).shape
    minigrad.Size([1, 4, 2, 3])
    """

    def __init__(self, downscale_factor: int):
        super().__init__()
        self.downscale_factor = check_int("PixelUnshuffle", "downscale_factor", downscale_factor, 1)

    def forward(self, input):
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"
