"""ResNet (He, Zhang, Ren and Sun, 2015): residual blocks with batch normalization."""
import minigrad
from minigrad import nn
from minigrad.ops._args import check_int

__all__ = ["BasicBlock", "Bottleneck", "ResNet", "resnet18", "resnet34", "resnet50"]


def _conv3x3(in_planes, out_planes, stride=1):
    """A 3x3 convolution that keeps the size at stride 1; no bias, batch norm follows."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)


def _conv1x1(in_planes, out_planes, stride=1):
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    """The residual block of ResNet-18 and -34: two 3x3 convolutions and a shortcut.

    ``out = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))``, where the
    shortcut is the identity, or ``downsample`` (a strided 1x1 convolution
    and batch normalization in :class:`ResNet`) when the block changes the
    size or the number of channels.

    Parameters
    ----------
    inplanes : int
        Input channels.
    planes : int
        Output channels (``expansion = 1``).
    stride : int, default 1
        The first convolution's stride; 2 halves the size.
    downsample : Module, optional
        Maps the input to the output's shape for the shortcut.

    Attributes
    ----------
    conv1, bn1, conv2, bn2 : Module
        ``conv1.weight`` is ``(planes, inplanes, 3, 3)``, ``conv2.weight``
        ``(planes, planes, 3, 3)``.
    expansion : int
        1: the block outputs ``planes`` channels.

    Shape
    -----
    - Input: ``(N, inplanes, H, W)``
    - Output: ``(N, planes, H_out, W_out)``, ``H_out = floor((H - 1) / stride) + 1``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.models import BasicBlock
    >>> block = BasicBlock(64, 64)
    >>> block(minigrad.randn(2, 64, 8, 8)).shape
    minigrad.Size([2, 64, 8, 8])
    """

    expansion = 1

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 downsample: nn.Module | None = None):
        super().__init__()
        self.conv1 = _conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = _conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class Bottleneck(nn.Module):
    """The residual block of ResNet-50 and deeper: 1x1, 3x3 and 1x1 convolutions and a shortcut.

    The first 1x1 convolution reduces the channels to ``planes``, the 3x3
    one works at that width (and carries the stride, as torchvision's
    "ResNet v1.5" does), and the last 1x1 convolution expands to
    ``4 * planes`` channels:
    ``out = relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + shortcut(x))``.

    Parameters
    ----------
    inplanes : int
        Input channels.
    planes : int
        The width of the middle convolution; the block outputs
        ``planes * expansion`` channels.
    stride : int, default 1
        The 3x3 convolution's stride.
    downsample : Module, optional
        Maps the input to the output's shape for the shortcut.

    Attributes
    ----------
    conv1, bn1, conv2, bn2, conv3, bn3 : Module
        Weights ``(planes, inplanes, 1, 1)``, ``(planes, planes, 3, 3)`` and
        ``(4 * planes, planes, 1, 1)``.
    expansion : int
        4.

    Shape
    -----
    - Input: ``(N, inplanes, H, W)``
    - Output: ``(N, 4 * planes, H_out, W_out)``, ``H_out = floor((H - 1) / stride) + 1``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.models import Bottleneck
    >>> block = Bottleneck(256, 64)
    >>> block(minigrad.randn(1, 256, 4, 4)).shape
    minigrad.Size([1, 256, 4, 4])
    """

    expansion = 4

    def __init__(self, inplanes: int, planes: int, stride: int = 1,
                 downsample: nn.Module | None = None):
        super().__init__()
        self.conv1 = _conv1x1(inplanes, planes)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = _conv3x3(planes, planes, stride)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = _conv1x1(planes, planes * self.expansion)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + identity)


class ResNet(nn.Module):
    """A residual network: a stem, four stages of residual blocks, global pooling, a linear layer.

    He, Zhang, Ren and Sun, "Deep residual learning for image recognition",
    arXiv:1512.03385, 2015 (CVPR 2016). Each block adds its input back to
    its output, so it only has to learn a correction to the identity, and
    gradients reach early layers through the shortcuts unchanged; this is
    what lets networks of 50 layers and more train. Every convolution is
    followed by batch normalization and has no bias.

    The stem is a 7x7 convolution with stride 2 and a 3x3 max pooling with
    stride 2 (224 -> 112 -> 56). The four stages have 64, 128, 256 and 512
    planes; the first block of stages 2-4 has stride 2 (56 -> 28 -> 14 -> 7)
    and a 1x1 convolution with batch normalization on its shortcut
    (``downsample``). With ``small_input=True`` the stem is a 3x3
    convolution with stride 1 and no pooling, as CIFAR models use for 32x32
    images (the stages then work at 32, 16, 8 and 4).

    Module names and initialisation are torchvision's, so the state dict
    keys are torchvision's (``conv1.weight``, ``bn1.running_mean``,
    ``layer1.0.conv1.weight``, ``layer2.0.downsample.0.weight``,
    ``fc.weight``...). Convolution weights are drawn by
    :func:`~minigrad.nn.init.kaiming_normal_` with ``mode="fan_out"`` and
    ``nonlinearity="relu"``; batch normalization starts at weight 1 and
    bias 0; the linear layer keeps PyTorch's default.

    Parameters
    ----------
    block : type
        :class:`BasicBlock` or :class:`Bottleneck`.
    layers : sequence of 4 int
        The number of blocks in each stage (``[2, 2, 2, 2]`` for ResNet-18).
    num_classes : int, default 1000
        The number of outputs.
    zero_init_residual : bool, default False
        Start the last batch normalization of every block at weight 0, so
        each block begins as the identity (Goyal et al., 2017).
    small_input : bool, default False
        The 3x3 stride-1 stem without max pooling, for 32x32 images.

    Attributes
    ----------
    conv1, bn1, relu, maxpool : Module
        The stem; ``maxpool`` is an :class:`~minigrad.nn.Identity` when
        ``small_input`` is set.
    layer1, layer2, layer3, layer4 : Sequential
        The stages.
    avgpool : AdaptiveAvgPool2d
        Global average pooling to ``(1, 1)``.
    fc : Linear
        ``(num_classes, 512 * block.expansion)``.

    Shape
    -----
    - Input: ``(N, 3, H, W)``; 224x224 for ImageNet, 32x32 with ``small_input``
    - Output: ``(N, num_classes)``

    The last feature maps are ``ceil(H / 32) x ceil(W / 32)`` (``ceil(H / 8)``
    with ``small_input``): each stride-2 layer maps ``H`` to
    ``floor((H - 1) / 2) + 1``.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.models import BasicBlock, ResNet
    >>> model = ResNet(BasicBlock, [1, 1, 1, 1], num_classes=10, small_input=True)
    >>> model(minigrad.randn(2, 3, 32, 32)).shape
    minigrad.Size([2, 10])
    >>> model.layer2[0].downsample[0]
    Conv2d(64, 128, kernel_size=(1, 1), stride=(2, 2), bias=False)
    """

    def __init__(self, block: type, layers, num_classes: int = 1000,
                 zero_init_residual: bool = False, small_input: bool = False):
        super().__init__()
        if not (isinstance(block, type) and issubclass(block, (BasicBlock, Bottleneck))):
            raise TypeError(f"ResNet: block must be BasicBlock or Bottleneck, got {block!r}")
        layers = list(layers)
        if len(layers) != 4:
            raise ValueError(f"ResNet: layers must give the number of blocks of 4 stages, "
                             f"got {layers!r}")
        layers = [check_int("ResNet", "each entry of layers", n, 1) for n in layers]
        num_classes = check_int("ResNet", "num_classes", num_classes, 1)
        self.inplanes = 64
        if small_input:
            self.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
        else:
            self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.Identity() if small_input else nn.MaxPool2d(3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 512, layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * block.expansion, num_classes)

        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(module, nn.BatchNorm2d):
                nn.init.ones_(module.weight)
                nn.init.zeros_(module.bias)
        if zero_init_residual:
            for module in self.modules():
                if isinstance(module, Bottleneck):
                    nn.init.zeros_(module.bn3.weight)
                elif isinstance(module, BasicBlock):
                    nn.init.zeros_(module.bn2.weight)

    def _make_layer(self, block, planes, blocks, stride=1):
        """A stage of ``blocks`` blocks; the first one changes the size and the channels."""
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                _conv1x1(self.inplanes, planes * block.expansion, stride),
                nn.BatchNorm2d(planes * block.expansion),
            )
        stage = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        stage += [block(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*stage)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        x = minigrad.flatten(self.avgpool(x), 1)
        return self.fc(x)


def resnet18(num_classes: int = 1000, small_input: bool = False,
             zero_init_residual: bool = False) -> ResNet:
    """ResNet-18: :class:`BasicBlock` stages of 2, 2, 2 and 2 blocks.

    11,689,512 parameters for 1000 classes; 11,173,962 with
    ``small_input=True`` and 10 classes. He, Zhang, Ren and Sun, "Deep residual learning for image recognition",
    arXiv:1512.03385, 2015 (CVPR 2016). Input ``(N, 3, 224, 224)``, or
    ``(N, 3, 32, 32)`` with ``small_input=True``. See :class:`ResNet`.

    Parameters
    ----------
    num_classes : int, default 1000
        The number of outputs of the final linear layer, at least 1.
    small_input : bool, default False
        Replace the 7x7 stride-2 stem and its max pooling by a 3x3 stride-1
        convolution, for 32x32 images such as CIFAR's; the weights then no
        longer match torchvision's ``conv1``.
    zero_init_residual : bool, default False
        Start the last batch normalization of every block at weight 0, so
        that each block begins as the identity (Goyal et al., 2017); it
        often helps large-batch training.

    Returns
    -------
    ResNet

    Examples
    --------
    >>> from minigrad.models import resnet18
    >>> model = resnet18()
    >>> sum(p.numel() for p in model.parameters())
    11689512
    >>> list(model.state_dict())[:6]  # doctest: +NORMALIZE_WHITESPACE
    ['conv1.weight', 'bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var',
     'bn1.num_batches_tracked']
    """
    return ResNet(BasicBlock, [2, 2, 2, 2], num_classes=num_classes, small_input=small_input,
                  zero_init_residual=zero_init_residual)


def resnet34(num_classes: int = 1000, small_input: bool = False,
             zero_init_residual: bool = False) -> ResNet:
    """ResNet-34: :class:`BasicBlock` stages of 3, 4, 6 and 3 blocks.

    21,797,672 parameters for 1000 classes. He, Zhang, Ren and Sun, "Deep residual learning for image recognition",
    arXiv:1512.03385, 2015 (CVPR 2016). Input ``(N, 3, 224, 224)``, or
    ``(N, 3, 32, 32)`` with ``small_input=True``. See :class:`ResNet`.

    Parameters
    ----------
    num_classes : int, default 1000
        The number of outputs of the final linear layer, at least 1.
    small_input : bool, default False
        Replace the 7x7 stride-2 stem and its max pooling by a 3x3 stride-1
        convolution, for 32x32 images such as CIFAR's; the weights then no
        longer match torchvision's ``conv1``.
    zero_init_residual : bool, default False
        Start the last batch normalization of every block at weight 0, so
        that each block begins as the identity (Goyal et al., 2017); it
        often helps large-batch training.

    Returns
    -------
    ResNet

    Examples
    --------
    >>> from minigrad.models import resnet34
    >>> model = resnet34()
    >>> [len(model.layer1), len(model.layer2), len(model.layer3), len(model.layer4)]
    [3, 4, 6, 3]
    """
    return ResNet(BasicBlock, [3, 4, 6, 3], num_classes=num_classes, small_input=small_input,
                  zero_init_residual=zero_init_residual)


def resnet50(num_classes: int = 1000, small_input: bool = False,
             zero_init_residual: bool = False) -> ResNet:
    """ResNet-50: :class:`Bottleneck` stages of 3, 4, 6 and 3 blocks.

    25,557,032 parameters for 1000 classes. He, Zhang, Ren and Sun, "Deep residual learning for image recognition",
    arXiv:1512.03385, 2015 (CVPR 2016). Input ``(N, 3, 224, 224)``, or
    ``(N, 3, 32, 32)`` with ``small_input=True``. See :class:`ResNet`.

    Parameters
    ----------
    num_classes : int, default 1000
        The number of outputs of the final linear layer, at least 1.
    small_input : bool, default False
        Replace the 7x7 stride-2 stem and its max pooling by a 3x3 stride-1
        convolution, for 32x32 images such as CIFAR's; the weights then no
        longer match torchvision's ``conv1``.
    zero_init_residual : bool, default False
        Start the last batch normalization of every block at weight 0, so
        that each block begins as the identity (Goyal et al., 2017); it
        often helps large-batch training.

    Returns
    -------
    ResNet

    Examples
    --------
    >>> from minigrad.models import resnet50
    >>> model = resnet50()
    >>> sum(p.numel() for p in model.parameters())
    25557032
    >>> model.fc
    Linear(in_features=2048, out_features=1000, bias=True)
    """
    return ResNet(Bottleneck, [3, 4, 6, 3], num_classes=num_classes, small_input=small_input,
                  zero_init_residual=zero_init_residual)
