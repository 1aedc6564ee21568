"""AlexNet (Krizhevsky, Sutskever and Hinton, 2012), with or without local response normalization."""
import minigrad
from minigrad import nn
from minigrad.ops._args import check_int

__all__ = ["AlexNet", "alexnet"]


class AlexNet(nn.Module):
    """AlexNet for 224x224 colour images.

    Krizhevsky, Sutskever and Hinton, "ImageNet classification with deep
    convolutional neural networks", NeurIPS 2012. Five convolutions, three of
    them followed by overlapping max pooling (3x3 windows with stride 2, so
    neighbouring windows share a row and a column), then three fully
    connected layers with dropout before the first two. The paper split the
    network over two GPUs; both variants here are single-tower.

    ``lrn=True`` is the paper's network: 96, 256, 384, 384 and 256 filters,
    each of the first two convolutions followed by ReLU, local response
    normalization and pooling; 62,378,344 parameters for 1000 classes.
    The normalization divides each activation by
    ``(k + alpha * sum of squares over n neighbouring channels)^beta`` with
    the paper's ``k = 2, n = 5, alpha = 1e-4, beta = 0.75``;
    :class:`~minigrad.nn.LocalResponseNorm` divides its ``alpha`` by the
    window size, so the layer is built with ``alpha = 5e-4``.

    ``lrn=False`` is the variant torchvision defines (after Krizhevsky's
    later single-GPU network, "One weird trick", 2014): 64, 192, 384, 256
    and 256 filters and no normalization; 61,100,840 parameters for 1000
    classes. Its state dict keys are torchvision's (``features.0.weight``,
    ``classifier.1.weight``...), so torchvision's weights load into it.

    An :class:`~minigrad.nn.AdaptiveAvgPool2d` brings the last feature maps
    to 6x6 before the classifier (at 224x224 they already are 6x6, and it
    does nothing), so inputs of other sizes down to 63x63 work too. The
    layers keep PyTorch's default initialisation, as torchvision's do.

    Parameters
    ----------
    num_classes : int, default 1000
        The number of outputs.
    lrn : bool, default True
        The paper's layers with local response normalization, or
        torchvision's variant without.
    dropout : float, default 0.5
        The dropout probability before the first two fully connected layers.

    Attributes
    ----------
    features : Sequential
        The convolutions, activations, normalizations and poolings.
    avgpool : AdaptiveAvgPool2d
        Pooling to ``(6, 6)``.
    classifier : Sequential
        ``Dropout, Linear(9216, 4096), ReLU, Dropout, Linear(4096, 4096),
        ReLU, Linear(4096, num_classes)``.

    Shape
    -----
    - Input: ``(N, 3, H, W)``, ``H, W >= 63``; the paper uses 224x224
    - Output: ``(N, num_classes)``

    The convolution and pooling sizes go 224 -> 55 -> 27 -> 13 -> 6: the
    first convolution (kernel 11, stride 4, padding 2) gives
    ``floor((H + 4 - 11) / 4) + 1``, each pooling ``floor((H - 3) / 2) + 1``,
    and the other convolutions keep the size.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.models import AlexNet
    >>> model = AlexNet(num_classes=10, lrn=False)
    >>> model.features[0]
    Conv2d(3, 64, kernel_size=(11, 11), stride=(4, 4), padding=(2, 2))
    >>> model(minigrad.randn(1, 3, 63, 63)).shape
    minigrad.Size([1, 10])
    """

    def __init__(self, num_classes: int = 1000, lrn: bool = True, dropout: float = 0.5):
        super().__init__()
        num_classes = check_int("AlexNet", "num_classes", num_classes, 1)
        if lrn:
            self.features = nn.Sequential(
                nn.Conv2d(3, 96, kernel_size=11, stride=4, padding=2),
                nn.ReLU(inplace=True),
                nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0),
                nn.MaxPool2d(kernel_size=3, stride=2),
                nn.Conv2d(96, 256, kernel_size=5, padding=2),
                nn.ReLU(inplace=True),
                nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0),
                nn.MaxPool2d(kernel_size=3, stride=2),
                nn.Conv2d(256, 384, kernel_size=3, padding=1),
                nn.ReLU(inplace=True),
                nn.Conv2d(384, 384, kernel_size=3, padding=1),
                nn.ReLU(inplace=True),
                nn.Conv2d(384, 256, kernel_size=3, padding=1),
                nn.ReLU(inplace=True),
                nn.MaxPool2d(kernel_size=3, stride=2),
            )
        else:
            self.features = nn.Sequential(
                nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=2),
                nn.ReLU(inplace=True),
                nn.MaxPool2d(kernel_size=3, stride=2),
                nn.Conv2d(64, 192, kernel_size=5, padding=2),
                nn.ReLU(inplace=True),
                nn.MaxPool2d(kernel_size=3, stride=2),
                nn.Conv2d(192, 384, kernel_size=3, padding=1),
                nn.ReLU(inplace=True),
                nn.Conv2d(384, 256, kernel_size=3, padding=1),
                nn.ReLU(inplace=True),
                nn.Conv2d(256, 256, kernel_size=3, padding=1),
                nn.ReLU(inplace=True),
                nn.MaxPool2d(kernel_size=3, stride=2),
            )
        self.avgpool = nn.AdaptiveAvgPool2d((6, 6))
        self.classifier = nn.Sequential(
            nn.Dropout(p=dropout),
            nn.Linear(256 * 6 * 6, 4096),
            nn.ReLU(inplace=True),
            nn.Dropout(p=dropout),
            nn.Linear(4096, 4096),
            nn.ReLU(inplace=True),
            nn.Linear(4096, num_classes),
        )

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = minigrad.flatten(x, 1)
        return self.classifier(x)


def alexnet(num_classes: int = 1000, lrn: bool = True, dropout: float = 0.5) -> AlexNet:
    """AlexNet: the paper's network (``lrn=True``) or torchvision's variant (``lrn=False``).

    Krizhevsky, Sutskever and Hinton, "ImageNet classification with deep
    convolutional neural networks", NeurIPS 2012. Input
    ``(N, 3, 224, 224)``. 62,378,344 parameters with ``lrn=True`` and
    61,100,840 with ``lrn=False`` (1000 classes). See :class:`AlexNet` for
    the layers.

    Parameters
    ----------
    num_classes : int, default 1000
        The number of outputs.
    lrn : bool, default True
        Local response normalization after the first two convolutions, with
        the paper's filter counts; ``False`` gives torchvision's layers.
    dropout : float, default 0.5
        The dropout probability in the classifier.

    Returns
    -------
    AlexNet

    Examples
    --------
    >>> from minigrad.models import alexnet
    >>> model = alexnet(lrn=False)
    >>> sum(p.numel() for p in model.parameters())
    61100840
    >>> list(model.state_dict())[:4]
    ['features.0.weight', 'features.0.bias', 'features.3.weight', 'features.3.bias']
    """
    return AlexNet(num_classes=num_classes, lrn=lrn, dropout=dropout)
