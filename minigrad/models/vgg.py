"""VGG (Simonyan and Zisserman, 2014): stacks of 3x3 convolutions, configurations A, B, D and E."""
import minigrad
from minigrad import nn
from minigrad.ops._args import check_int

__all__ = ["VGG", "vgg11", "vgg13", "vgg16", "vgg19"]

# The paper's configurations (Table 1): output channels of each 3x3
# convolution, "M" for a 2x2 max pooling with stride 2.
_CONFIGS = {
    11: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    13: [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    16: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
         512, 512, 512, "M"],
    19: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
         512, 512, 512, 512, "M"],
}


def _make_features(config, batch_norm):
    """The convolutional part: conv (-> batch norm) -> ReLU per entry, pooling per "M"."""
    layers = []
    in_channels = 3
    for entry in config:
        if entry == "M":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
            continue
        layers.append(nn.Conv2d(in_channels, entry, kernel_size=3, padding=1))
        if batch_norm:
            layers.append(nn.BatchNorm2d(entry))
        layers.append(nn.ReLU(inplace=True))
        in_channels = entry
    return nn.Sequential(*layers)


class VGG(nn.Module):
    """A VGG network: a convolutional body, pooling to 7x7 and three fully connected layers.

    Simonyan and Zisserman, "Very deep convolutional networks for
    large-scale image recognition", arXiv:1409.1556, 2014 (ICLR 2015). Every
    convolution is 3x3 with stride 1 and padding 1, so it keeps the size;
    two stacked see a 5x5 window and three a 7x7 one, with fewer parameters
    and more non-linearities than one large filter. Five 2x2 max poolings
    with stride 2 halve the size, 224 -> 7, and the channels double from 64
    to 512. The classifier is ``Linear(25088, 4096), ReLU, Dropout,
    Linear(4096, 4096), ReLU, Dropout, Linear(4096, num_classes)``.

    The layout, module names and initialisation are torchvision's, so its
    state dict keys are torchvision's (``features.0.weight``,
    ``classifier.0.weight``, ``classifier.3.weight``,
    ``classifier.6.weight``; with batch normalization the ``features``
    indices shift, as in torchvision's ``vgg16_bn``). Convolution weights
    are drawn by :func:`~minigrad.nn.init.kaiming_normal_` with
    ``mode="fan_out"`` and ``nonlinearity="relu"``, linear weights from
    ``N(0, 0.01^2)``, every bias is zero, and batch normalization starts at
    weight 1 and bias 0.

    Parameters
    ----------
    features : Sequential
        The convolutional body; its last layer must give 512 channels.
    num_classes : int, default 1000
        The number of outputs.
    init_weights : bool, default True
        Initialise as described above; ``False`` keeps the layers' defaults.
    dropout : float, default 0.5
        The dropout probability in the classifier.

    Attributes
    ----------
    features : Sequential
    avgpool : AdaptiveAvgPool2d
        Pooling to ``(7, 7)``, so that inputs other than 224x224 work; at
        224x224 it does nothing.
    classifier : Sequential

    Shape
    -----
    - Input: ``(N, 3, H, W)``, ``H, W >= 32``; the paper uses 224x224
    - Output: ``(N, num_classes)``

    After the five poolings the feature maps are ``floor(H / 32) x
    floor(W / 32)``, then ``7 x 7`` after the adaptive pooling.

    Examples
    --------
    >>> from minigrad.models import VGG, vgg11
    >>> model = vgg11(num_classes=10, init_weights=False)
    >>> isinstance(model, VGG), len(model.features)
    (True, 21)
    >>> model.classifier[6]
    Linear(in_features=4096, out_features=10, bias=True)
    """

    def __init__(self, features: nn.Module, num_classes: int = 1000, init_weights: bool = True,
                 dropout: float = 0.5):
        super().__init__()
        num_classes = check_int("VGG", "num_classes", num_classes, 1)
        self.features = features
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096),
            nn.ReLU(inplace=True),
            nn.Dropout(p=dropout),
            nn.Linear(4096, 4096),
            nn.ReLU(inplace=True),
            nn.Dropout(p=dropout),
            nn.Linear(4096, num_classes),
        )
        if init_weights:
            for module in self.modules():
                if isinstance(module, nn.Conv2d):
                    nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
                    if module.bias is not None:
                        nn.init.zeros_(module.bias)
                elif isinstance(module, nn.BatchNorm2d):
                    nn.init.ones_(module.weight)
                    nn.init.zeros_(module.bias)
                elif isinstance(module, nn.Linear):
                    nn.init.normal_(module.weight, 0.0, 0.01)
                    nn.init.zeros_(module.bias)

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = minigrad.flatten(x, 1)
        return self.classifier(x)


def _vgg(depth, batch_norm, num_classes, dropout, init_weights):
    return VGG(_make_features(_CONFIGS[depth], batch_norm), num_classes=num_classes,
               init_weights=init_weights, dropout=dropout)


def vgg11(batch_norm: bool = False, num_classes: int = 1000, dropout: float = 0.5,
          init_weights: bool = True) -> VGG:
    """VGG-11, configuration A: 8 convolutions and 3 fully connected layers.

    132,863,336 parameters for 1000 classes (132,868,840 with batch
    normalization). Simonyan and Zisserman, "Very deep convolutional networks for large-scale
    image recognition", arXiv:1409.1556, 2014 (ICLR 2015). Input
    ``(N, 3, 224, 224)`` (other sizes of at least 32x32 work). See :class:`VGG`.

    Parameters
    ----------
    batch_norm : bool, default False
        Put a :class:`~minigrad.nn.BatchNorm2d` after every convolution
        (torchvision's ``vgg11_bn``).
    num_classes : int, default 1000
        The number of outputs of the last linear layer, at least 1.
    dropout : float, default 0.5
        The probability, in ``[0, 1]``, of zeroing an activation in each of
        the classifier's two dropout layers (in training mode only).
    init_weights : bool, default True
        Initialise as torchvision does: convolutions by Kaiming-normal
        (``fan_out``, ReLU gain), linear weights from ``N(0, 0.01^2)``, zero
        biases. ``False`` keeps the layers' defaults and builds faster, for
        weights about to be loaded.

    Returns
    -------
    VGG

    Examples
    --------
    >>> from minigrad.models import vgg11
    >>> model = vgg11(init_weights=False)   # to load weights trained elsewhere
    >>> sum(p.numel() for p in model.parameters())
    132863336
    """
    return _vgg(11, batch_norm, num_classes, dropout, init_weights)


def vgg13(batch_norm: bool = False, num_classes: int = 1000, dropout: float = 0.5,
          init_weights: bool = True) -> VGG:
    """VGG-13, configuration B: 10 convolutions and 3 fully connected layers.

    133,047,848 parameters for 1000 classes (133,053,736 with batch
    normalization). Simonyan and Zisserman, "Very deep convolutional networks for large-scale
    image recognition", arXiv:1409.1556, 2014 (ICLR 2015). Input
    ``(N, 3, 224, 224)`` (other sizes of at least 32x32 work). See :class:`VGG`.

    Parameters
    ----------
    batch_norm : bool, default False
        Put a :class:`~minigrad.nn.BatchNorm2d` after every convolution.
    num_classes : int, default 1000
        The number of outputs of the last linear layer, at least 1.
    dropout : float, default 0.5
        The probability, in ``[0, 1]``, of zeroing an activation in each of
        the classifier's two dropout layers (in training mode only).
    init_weights : bool, default True
        Initialise as torchvision does: convolutions by Kaiming-normal
        (``fan_out``, ReLU gain), linear weights from ``N(0, 0.01^2)``, zero
        biases. ``False`` keeps the layers' defaults and builds faster, for
        weights about to be loaded.

    Returns
    -------
    VGG

    Examples
    --------
    >>> from minigrad.models import vgg13
    >>> model = vgg13(num_classes=10, init_weights=False)
    >>> sum(isinstance(m, nn.Conv2d) for m in model.modules())
    10
    """
    return _vgg(13, batch_norm, num_classes, dropout, init_weights)


def vgg16(batch_norm: bool = False, num_classes: int = 1000, dropout: float = 0.5,
          init_weights: bool = True) -> VGG:
    """VGG-16, configuration D: 13 convolutions and 3 fully connected layers.

    138,357,544 parameters for 1000 classes (138,365,992 with batch
    normalization). Simonyan and Zisserman, "Very deep convolutional networks for large-scale
    image recognition", arXiv:1409.1556, 2014 (ICLR 2015). Input
    ``(N, 3, 224, 224)`` (other sizes of at least 32x32 work). See :class:`VGG`.

    Parameters
    ----------
    batch_norm : bool, default False
        Put a :class:`~minigrad.nn.BatchNorm2d` after every convolution
        (torchvision's ``vgg16_bn``).
    num_classes : int, default 1000
        The number of outputs of the last linear layer, at least 1.
    dropout : float, default 0.5
        The probability, in ``[0, 1]``, of zeroing an activation in each of
        the classifier's two dropout layers (in training mode only).
    init_weights : bool, default True
        Initialise as torchvision does: convolutions by Kaiming-normal
        (``fan_out``, ReLU gain), linear weights from ``N(0, 0.01^2)``, zero
        biases. ``False`` keeps the layers' defaults and builds faster, for
        weights about to be loaded.

    Returns
    -------
    VGG

    Examples
    --------
    >>> from minigrad.models import vgg16
    >>> sum(p.numel() for p in vgg16().parameters())
    138357544
    """
    return _vgg(16, batch_norm, num_classes, dropout, init_weights)


def vgg19(batch_norm: bool = False, num_classes: int = 1000, dropout: float = 0.5,
          init_weights: bool = True) -> VGG:
    """VGG-19, configuration E: 16 convolutions and 3 fully connected layers.

    143,667,240 parameters for 1000 classes (143,678,248 with batch
    normalization). Simonyan and Zisserman, "Very deep convolutional networks for large-scale
    image recognition", arXiv:1409.1556, 2014 (ICLR 2015). Input
    ``(N, 3, 224, 224)`` (other sizes of at least 32x32 work). See :class:`VGG`.

    Parameters
    ----------
    batch_norm : bool, default False
        Put a :class:`~minigrad.nn.BatchNorm2d` after every convolution.
    num_classes : int, default 1000
        The number of outputs of the last linear layer, at least 1.
    dropout : float, default 0.5
        The probability, in ``[0, 1]``, of zeroing an activation in each of
        the classifier's two dropout layers (in training mode only).
    init_weights : bool, default True
        Initialise as torchvision does: convolutions by Kaiming-normal
        (``fan_out``, ReLU gain), linear weights from ``N(0, 0.01^2)``, zero
        biases. ``False`` keeps the layers' defaults and builds faster, for
        weights about to be loaded.

    Returns
    -------
    VGG

    Examples
    --------
    >>> from minigrad.models import vgg19
    >>> model = vgg19(batch_norm=True, num_classes=10, init_weights=False)
    >>> sum(isinstance(m, nn.BatchNorm2d) for m in model.modules())
    16
    """
    return _vgg(19, batch_norm, num_classes, dropout, init_weights)
