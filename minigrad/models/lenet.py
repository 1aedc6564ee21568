"""LeNet-5 in the form the course notes tabulate (LeCun et al., 1998)."""
from minigrad import nn

__all__ = ["lenet5"]


def lenet5(num_classes: int = 10) -> nn.Sequential:
    """LeNet-5 for 28x28 grey-scale digits, as the course notes lay it out.

    LeCun, Bottou, Bengio and Haffner, "Gradient-based learning applied to
    document recognition", Proc. IEEE 86(11), 1998. The notes' modern form
    keeps the two convolution-and-subsampling stages and the fully connected
    head, but uses ReLU instead of scaled tanh and max pooling instead of
    trainable average subsampling, and pads the 5x5 convolutions so that a
    28x28 digit keeps its size until the pooling:

    ======================================  ================  ==============
    Layer                                   Output size       Weight size
    ======================================  ================  ==============
    Input                                   1 x 28 x 28
    Conv(20, K=5, P=2) -> ReLU              20 x 28 x 28      20 x 1 x 5 x 5
    MaxPool(K=2, S=2)                       20 x 14 x 14
    Conv(50, K=5, P=2) -> ReLU              50 x 14 x 14      50 x 20 x 5 x 5
    MaxPool(K=2, S=2)                       50 x 7 x 7
    Flatten -> Linear(500) -> ReLU          500               2450 x 500
    Linear(num_classes)                     num_classes       500 x num_classes
    ======================================  ================  ==============

    With 10 classes it has 1,256,080 parameters. It is a plain
    :class:`~minigrad.nn.Sequential`, so ``model[0]`` is the first convolution
    and its state dict keys are ``"0.weight"``, ``"3.weight"``, ``"7.weight"``
    and ``"9.weight"`` (and the biases); ``examples/lenet5.py`` trains this
    model. The layers keep PyTorch's default initialisation.

    Parameters
    ----------
    num_classes : int, default 10
        The number of outputs of the last linear layer.

    Returns
    -------
    Sequential

    Shape
    -----
    - Input: ``(N, 1, 28, 28)``
    - Output: ``(N, num_classes)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.models import lenet5
    >>> model = lenet5()
    >>> sum(p.numel() for p in model.parameters())
    1256080
    >>> model(minigrad.randn(4, 1, 28, 28)).shape
    minigrad.Size([4, 10])
    """
    return nn.Sequential(
        nn.Conv2d(1, 20, kernel_size=5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, kernel_size=5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(50 * 7 * 7, 500),
        nn.ReLU(),
        nn.Linear(500, num_classes),
    )
