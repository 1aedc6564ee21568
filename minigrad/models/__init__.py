"""The classic convolutional networks of the course, each built by one call.

LeNet-5, AlexNet, VGG, Network-in-Network and ResNet, laid out as the
papers describe them. The ImageNet models use torchvision's module names, so
their :meth:`~minigrad.nn.Module.state_dict` keys are torchvision's and
weights trained with PyTorch load with :meth:`~minigrad.nn.Module.load_state_dict`
once converted to NumPy arrays; they are initialised as torchvision
initialises them.

Examples
--------
>>> import minigrad
>>> from minigrad import models
>>> model = models.resnet18(num_classes=10, small_input=True)
>>> model(minigrad.randn(2, 3, 32, 32)).shape
minigrad.Size([2, 10])
"""
from minigrad.models.alexnet import AlexNet, alexnet
from minigrad.models.lenet import lenet5
from minigrad.models.nin import NiN, nin
from minigrad.models.resnet import BasicBlock, Bottleneck, ResNet, resnet18, resnet34, resnet50
from minigrad.models.vgg import VGG, vgg11, vgg13, vgg16, vgg19

__all__ = [
    "lenet5",
    "AlexNet", "alexnet",
    "VGG", "vgg11", "vgg13", "vgg16", "vgg19",
    "NiN", "nin",
    "ResNet", "BasicBlock", "Bottleneck", "resnet18", "resnet34", "resnet50",
]
