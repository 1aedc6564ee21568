"""``minigrad.nn.parallel``: :class:`DataParallel`, PyTorch's multi-GPU wrapper, on a CPU.

PyTorch's ``DataParallel`` splits each batch across GPUs. minigrad computes
on CPUs, where its kernels already share the batch among threads (see
:func:`minigrad.set_num_threads`), so the wrapper does what PyTorch's does on
a machine without a GPU: it calls the wrapped module. Scripts written as
``model = nn.DataParallel(model)`` run unchanged, including their
checkpoints, whose keys start with ``module.``.
"""
from minigrad.nn.modules.module import Module

__all__ = ["DataParallel"]


class DataParallel(Module):
    """Run ``module`` on every GPU in parallel; without GPUs, simply run it, as PyTorch does.

    ``forward`` passes its arguments to ``module`` and returns its output.
    The wrapped module is the submodule ``module``, so the state_dict keys
    of a wrapped model start with ``module.`` as in PyTorch, and
    ``model.module`` gives back the model.

    Parameters
    ----------
    module : Module
        The model to wrap.
    device_ids : sequence of int or device, optional
        The GPUs to use. Ignored, as PyTorch ignores them on a machine
        without a GPU: ``device_ids`` is always ``[]``.
    output_device : int or device, optional
        The GPU to gather outputs on; ignored.
    dim : int, default 0
        The dimension PyTorch would scatter inputs along; stored.

    Attributes
    ----------
    module : Module
        The wrapped model.
    device_ids : list
        Always empty: there is no GPU.

    Raises
    ------
    TypeError
        If ``module`` is not a :class:`~minigrad.nn.Module`.

    Shape
    -----
    - Input: whatever ``module`` takes.
    - Output: whatever ``module`` returns.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> net = nn.Linear(2, 3)
    >>> model = nn.DataParallel(net)
    >>> model.module is net, list(model.state_dict())
    (True, ['module.weight', 'module.bias'])
    >>> x = minigrad.ones(4, 2)
    >>> bool((model(x) == net(x)).all())
    True
    """

    def __init__(self, module, device_ids=None, output_device=None, dim: int = 0):
        super().__init__()
        if not isinstance(module, Module):
            raise TypeError(f"DataParallel: expected an nn.Module to wrap, got "
                            f"{type(module).__name__}")
        self.module = module
        self.device_ids = []
        self.output_device = None
        self.dim = dim

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)
