"""``minigrad.backends.cuda``: CUDA's matrix-multiply switches, accepted and ignored.

Scripts written for recent GPUs allow TensorFloat-32 matrix products with
``torch.backends.cuda.matmul.allow_tf32 = True``. minigrad multiplies
matrices on the CPU in the tensors' own dtype, so :data:`matmul` accepts the
setting and changes nothing.

Examples
--------
>>> import minigrad
>>> minigrad.backends.cuda.matmul.allow_tf32 = True
>>> minigrad.backends.cuda.is_built()
False
"""

__all__ = ["is_built"]


class _MatmulSettings:
    """The settings PyTorch reads before a CUDA matrix product; here they are only stored."""

    def __init__(self):
        self.allow_tf32 = False
        self.allow_fp16_reduced_precision_reduction = True
        self.allow_bf16_reduced_precision_reduction = True


matmul = _MatmulSettings()


def is_built() -> bool:
    """Whether minigrad was built with CUDA: always False.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.backends.cuda.is_built()
    False
    """
    return False
