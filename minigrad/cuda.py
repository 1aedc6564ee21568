"""``minigrad.cuda``: the answers of ``torch.cuda`` on a machine without a GPU.

minigrad computes on CPUs only. These functions let PyTorch code that asks
about CUDA run unchanged: queries answer as PyTorch does when no GPU is
present (:func:`is_available` is False, :func:`device_count` is 0), calls
that PyTorch silently ignores without a GPU (seeding, emptying the cache)
do nothing, and calls that would need a GPU raise ``RuntimeError`` saying so.

Examples
--------
>>> import minigrad
>>> device = minigrad.device("cuda" if minigrad.cuda.is_available() else "cpu")
>>> device
device(type='cpu')
>>> minigrad.cuda.manual_seed_all(0)  # ignored, as PyTorch does without a GPU
>>> minigrad.cuda.current_device()
Traceback (most recent call last):
    ...
RuntimeError: cuda.current_device: minigrad runs on CPUs only; there is no CUDA device
"""

__all__ = [
    "is_available", "device_count", "is_initialized", "current_device", "set_device",
    "get_device_name", "synchronize", "manual_seed", "manual_seed_all", "seed", "seed_all",
    "empty_cache", "memory_allocated", "max_memory_allocated",
    "FloatTensor", "DoubleTensor", "HalfTensor", "LongTensor", "IntTensor", "ShortTensor",
    "CharTensor", "ByteTensor", "BoolTensor",
]


def _no_gpu(name):
    return RuntimeError(f"cuda.{name}: minigrad runs on CPUs only; there is no CUDA device")


def is_available() -> bool:
    """Whether a CUDA GPU can be used: always False.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.is_available()
    False
    """
    return False


def device_count() -> int:
    """The number of CUDA GPUs: always 0.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.device_count()
    0
    """
    return 0


def is_initialized() -> bool:
    """Whether CUDA has been initialized: always False.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.is_initialized()
    False
    """
    return False


def current_device() -> int:
    """The index of the current CUDA device; there is none, so it raises.

    Raises
    ------
    RuntimeError
        Always: minigrad runs on CPUs only.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.current_device()
    Traceback (most recent call last):
        ...
    RuntimeError: cuda.current_device: minigrad runs on CPUs only; there is no CUDA device
    """
    raise _no_gpu("current_device")


def set_device(device) -> None:
    """Select a CUDA device; there is none, so it raises.

    Parameters
    ----------
    device : int or str or minigrad.device
        The CUDA device to make current, by index (``0``), name (``"cuda:0"``)
        or device object; no value is accepted, since there is no such device.

    Raises
    ------
    RuntimeError
        Always: minigrad runs on CPUs only.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.set_device(0)
    Traceback (most recent call last):
        ...
    RuntimeError: cuda.set_device: minigrad runs on CPUs only; there is no CUDA device
    """
    raise _no_gpu("set_device")


def get_device_name(device=None) -> str:
    """The name of a CUDA device; there is none, so it raises.

    Parameters
    ----------
    device : int or str or minigrad.device, optional
        The CUDA device to name, by index, name or device object; the current
        device when omitted. No value is accepted, since there is no such device.

    Raises
    ------
    RuntimeError
        Always: minigrad runs on CPUs only.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.get_device_name()
    Traceback (most recent call last):
        ...
    RuntimeError: cuda.get_device_name: minigrad runs on CPUs only; there is no CUDA device
    """
    raise _no_gpu("get_device_name")


def synchronize(device=None) -> None:
    """Wait for the kernels of a CUDA device; there is none, so it raises, as PyTorch does.

    Timing code that calls it only when :func:`is_available` is True runs
    unchanged; minigrad's own operations are synchronous.

    Parameters
    ----------
    device : int or str or minigrad.device, optional
        The CUDA device to wait for; the current device when omitted. No value
        is accepted, since there is no such device.

    Raises
    ------
    RuntimeError
        Always: minigrad runs on CPUs only.

    Examples
    --------
    >>> import minigrad
    >>> if minigrad.cuda.is_available():
    ...     minigrad.cuda.synchronize()
    """
    raise _no_gpu("synchronize")


def manual_seed(seed: int) -> None:
    """Seed the current GPU's generator: ignored, as PyTorch does without a GPU.

    Use :func:`minigrad.manual_seed` to seed minigrad's generator.

    Parameters
    ----------
    seed : int
        The seed PyTorch would give the current GPU's generator; ignored.

    Returns
    -------
    None

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.manual_seed(42)
    """


def manual_seed_all(seed: int) -> None:
    """Seed every GPU's generator: ignored, as PyTorch does without a GPU.

    Parameters
    ----------
    seed : int
        The seed PyTorch would give every GPU's generator; ignored. Use
        :func:`minigrad.manual_seed` to seed minigrad's own generator.

    Returns
    -------
    None

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.manual_seed_all(42)
    """


def seed() -> None:
    """Seed the current GPU's generator randomly: ignored, as PyTorch does without a GPU.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.seed()
    """


def seed_all() -> None:
    """Seed every GPU's generator randomly: ignored, as PyTorch does without a GPU.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.seed_all()
    """


def empty_cache() -> None:
    """Release the GPU memory cache: nothing to release, as PyTorch without a GPU.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.empty_cache()
    """


def memory_allocated(device=None) -> int:
    """Bytes of GPU memory held by tensors: always 0, as PyTorch without a GPU.

    Parameters
    ----------
    device : int or str or minigrad.device, optional
        The CUDA device whose memory to count; the current device when omitted.
        Any value gives 0.

    Returns
    -------
    int
        0.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.memory_allocated()
    0
    """
    return 0


def max_memory_allocated(device=None) -> int:
    """The peak of :func:`memory_allocated`: always 0, as PyTorch without a GPU.

    Parameters
    ----------
    device : int or str or minigrad.device, optional
        The CUDA device whose peak to report; the current device when omitted.
        Any value gives 0.

    Returns
    -------
    int
        0.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cuda.max_memory_allocated()
    0
    """
    return 0


# The legacy CUDA tensor types, for ``isinstance(x, minigrad.cuda.FloatTensor)`` (always
# False) in scripts written for either device; calling one raises.
from minigrad._legacy_types import CUDA_TYPES as _LEGACY_TYPES  # noqa: E402

FloatTensor, DoubleTensor, HalfTensor = (_LEGACY_TYPES[n] for n in
                                         ("FloatTensor", "DoubleTensor", "HalfTensor"))
LongTensor, IntTensor, ShortTensor, CharTensor, ByteTensor, BoolTensor = (
    _LEGACY_TYPES[n] for n in
    ("LongTensor", "IntTensor", "ShortTensor", "CharTensor", "ByteTensor", "BoolTensor"))
