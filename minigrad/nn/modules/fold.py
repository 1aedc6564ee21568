"""Fold and Unfold: sliding blocks of an image as columns (im2col) and back (col2im)."""
from minigrad.nn import functional as F
from minigrad.nn.modules.module import Module
from minigrad.ops._args import int_tuple

__all__ = ["Fold", "Unfold"]


def _block_arguments(op, kernel_size, dilation, padding, stride):
    """Check the block arguments in the constructor, as the functions will; keep them as given."""
    int_tuple(op, "kernel_size", kernel_size, 2, 1)
    int_tuple(op, "dilation", dilation, 2, 1)
    int_tuple(op, "padding", padding, 2, 0)
    int_tuple(op, "stride", stride, 2, 1)
    return kernel_size, dilation, padding, stride


class Unfold(Module):
    r"""Extract the sliding blocks of images as columns (im2col): :func:`~minigrad.nn.functional.unfold`.

    Column ``l`` holds the block at grid position ``l`` (row-major over the
    ``OH x OW`` grid), row ``c*KH*KW + kh*KW + kw`` its tap ``(kh, kw)`` of
    channel ``c``; taps in the padding are zeros:

    .. math::
        \text{out}[n, c K_H K_W + k_h K_W + k_w, o_h O_W + o_w] =
        x_{\text{padded}}[n, c, o_h s_0 + k_h d_0, o_w s_1 + k_w d_1]

    Parameters
    ----------
    kernel_size : int or tuple of 2 ints
        The block size ``(KH, KW)``; an int gives a square block.
    dilation : int or tuple of 2 ints, default 1
        The distance ``d`` between the taps of a block along each dimension.
    padding : int or tuple of 2 ints, default 0
        The number of implicit zeros added on both sides of each spatial
        dimension before the blocks are taken.
    stride : int or tuple of 2 ints, default 1
        The step ``s`` of the block grid along each dimension.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``
    - Output: ``(N, C*KH*KW, L)`` or ``(C*KH*KW, L)``, ``L = OH*OW`` with
      ``OH = floor((H + 2*padding[0] - dilation[0]*(KH - 1) - 1) / stride[0]) + 1``
      (``OW`` alike)

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> unfold = nn.Unfold(kernel_size=3, padding=1)
    >>> unfold(minigrad.zeros(2, 4, 8, 8)).shape
    minigrad.Size([2, 36, 64])
    >>> unfold
    Unfold(kernel_size=3, dilation=1, padding=1, stride=1)
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size, self.dilation, self.padding, self.stride = _block_arguments(
            "Unfold", kernel_size, dilation, padding, stride)

    def forward(self, input):
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")


class Fold(Module):
    r"""Sum columns of sliding blocks back into images (col2im): :func:`~minigrad.nn.functional.fold`.

    The adjoint of :class:`Unfold` with the same block arguments: each column
    entry is added to the pixel it would have been read from, entries in the
    padding are dropped, and overlapping blocks add up:

    .. math::
        \text{out}[n, c, h, w] = \sum_{\substack{o_h, o_w, k_h, k_w:\\
        o_h s_0 + k_h d_0 - p_0 = h,\ o_w s_1 + k_w d_1 - p_1 = w}}
        \text{in}[n, c K_H K_W + k_h K_W + k_w, o_h O_W + o_w]

    Parameters
    ----------
    output_size : int or tuple of 2 ints
        The spatial size ``(H, W)`` of the images to build.
    kernel_size : int or tuple of 2 ints
        The block size ``(KH, KW)``; an int gives a square block.
    dilation : int or tuple of 2 ints, default 1
        The distance ``d`` between the taps of a block along each dimension.
    padding : int or tuple of 2 ints, default 0
        The implicit zero padding ``p`` on both sides of each spatial
        dimension; entries that land there are dropped.
    stride : int or tuple of 2 ints, default 1
        The step ``s`` of the block grid along each dimension.

    Shape
    -----
    - Input: ``(N, C*KH*KW, L)`` or ``(C*KH*KW, L)``, ``L`` the number of
      blocks ``output_size`` and the block arguments give (as for :class:`Unfold`)
    - Output: ``(N, C, H, W)`` or ``(C, H, W)``, ``(H, W) = output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> fold = nn.Fold(output_size=(4, 5), kernel_size=2)
    >>> fold(minigrad.zeros(1, 3 * 2 * 2, 12)).shape
    minigrad.Size([1, 3, 4, 5])
    >>> fold
    Fold(output_size=(4, 5), kernel_size=2, dilation=1, padding=0, stride=1)
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        int_tuple("Fold", "output_size", output_size, 2, 1)
        self.output_size = output_size
        self.kernel_size, self.dilation, self.padding, self.stride = _block_arguments(
            "Fold", kernel_size, dilation, padding, stride)

    def forward(self, input):
        return F.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding,
                      self.stride)

    def extra_repr(self) -> str:
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
                f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}")
