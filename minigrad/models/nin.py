"""Network-in-Network (Lin, Chen and Yan, 2013): mlpconv blocks and global average pooling."""
import minigrad
from minigrad import nn
from minigrad.ops._args import check_int

__all__ = ["NiN", "nin"]


def _mlpconv(in_channels, channels, kernel_size, padding):
    """One mlpconv block: a ``kernel_size`` convolution, then two 1x1 ones, each with a ReLU.

    The two 1x1 convolutions are a small fully connected network applied at
    every position to the vector of channels there.
    """
    return nn.Sequential(
        nn.Conv2d(in_channels, channels[0], kernel_size=kernel_size, padding=padding),
        nn.ReLU(inplace=True),
        nn.Conv2d(channels[0], channels[1], kernel_size=1),
        nn.ReLU(inplace=True),
        nn.Conv2d(channels[1], channels[2], kernel_size=1),
        nn.ReLU(inplace=True),
    )


class NiN(nn.Module):
    """Network-in-Network for 32x32 colour images (CIFAR-10), with no fully connected layer.

    Lin, Chen and Yan, "Network in network", arXiv:1312.4400, 2013 (ICLR
    2014). Each of the three mlpconv blocks is a spatial convolution followed
    by two 1x1 convolutions, all with ReLU: a small multilayer perceptron
    slides over the image instead of a linear filter. The last block has one
    output channel per class, and global average pooling turns each map into
    one score, so the network has no fully connected layer and 966,986
    parameters for 10 classes.

    The layers follow the authors' released CIFAR-10 model:

    ===================================================  ==================
    Layer                                                Output size
    ===================================================  ==================
    Input                                                3 x 32 x 32
    mlpconv: Conv(192, K=5, P=2), 1x1 160, 1x1 96        96 x 32 x 32
    MaxPool(K=3, S=2, ceil), Dropout                     96 x 16 x 16
    mlpconv: Conv(192, K=5, P=2), 1x1 192, 1x1 192       192 x 16 x 16
    AvgPool(K=3, S=2, ceil), Dropout                     192 x 8 x 8
    mlpconv: Conv(192, K=3, P=1), 1x1 192, 1x1 classes   classes x 8 x 8
    global average pooling                               classes
    ===================================================  ==================

    The poolings round up (``ceil_mode=True``), as the original Caffe
    layers do, and the average pooling divides by the number of window
    elements inside the image. The layers keep PyTorch's default
    initialisation.

    Parameters
    ----------
    num_classes : int, default 10
        The number of outputs (channels of the last 1x1 convolution).
    dropout : float, default 0.5
        The dropout probability after the first two blocks.

    Attributes
    ----------
    features : Sequential
        ``mlpconv, MaxPool2d, Dropout, mlpconv, AvgPool2d, Dropout,
        mlpconv``; each mlpconv is a :class:`~minigrad.nn.Sequential` of three
        convolutions and ReLUs.
    avgpool : AdaptiveAvgPool2d
        Global average pooling to ``(1, 1)``.

    Shape
    -----
    - Input: ``(N, 3, H, W)``; 32x32 for CIFAR-10
    - Output: ``(N, num_classes)``

    Each pooling maps ``H`` to ``ceil((H - 3) / 2) + 1``, so 32 -> 16 -> 8.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.models import NiN
    >>> model = NiN()
    >>> sum(p.numel() for p in model.parameters())
    966986
    >>> model(minigrad.randn(2, 3, 32, 32)).shape
    minigrad.Size([2, 10])
    """

    def __init__(self, num_classes: int = 10, dropout: float = 0.5):
        super().__init__()
        num_classes = check_int("NiN", "num_classes", num_classes, 1)
        self.features = nn.Sequential(
            _mlpconv(3, (192, 160, 96), kernel_size=5, padding=2),
            nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
            nn.Dropout(p=dropout),
            _mlpconv(96, (192, 192, 192), kernel_size=5, padding=2),
            nn.AvgPool2d(kernel_size=3, stride=2, ceil_mode=True),
            nn.Dropout(p=dropout),
            _mlpconv(192, (192, 192, num_classes), kernel_size=3, padding=1),
        )
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))

    def forward(self, x):
        return minigrad.flatten(self.avgpool(self.features(x)), 1)


def nin(num_classes: int = 10, dropout: float = 0.5) -> NiN:
    """Network-in-Network for CIFAR-10: three mlpconv blocks and global average pooling.

    966,986 parameters for 10 classes. Lin, Chen and Yan, "Network in
    network", arXiv:1312.4400, 2013 (ICLR 2014). Input ``(N, 3, 32, 32)``.
    See :class:`NiN`.

    Parameters
    ----------
    num_classes : int, default 10
        The number of outputs.
    dropout : float, default 0.5
        The dropout probability after the first two blocks.

    Returns
    -------
    NiN

    Examples
    --------
    >>> from minigrad.models import nin
    >>> nin(num_classes=100).features[6][4]
    Conv2d(192, 100, kernel_size=(1, 1), stride=(1, 1))
    """
    return NiN(num_classes=num_classes, dropout=dropout)
