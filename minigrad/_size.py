"""``minigrad.Size``: the shape of a tensor, a tuple of ints as ``torch.Size``."""
import math

__all__ = ["Size"]


class Size(tuple):
    """The shape of a tensor: a tuple of ints, as ``torch.Size``.

    ``Tensor.shape`` and ``Tensor.size()`` return one. It is a ``tuple`` in
    every respect (it equals and hashes as the plain tuple of its sizes,
    unpacks, indexes), and slicing, ``+`` and ``*`` keep it a ``Size``. It
    prints as ``minigrad.Size([2, 3])`` where PyTorch prints
    ``torch.Size([2, 3])``.

    Parameters
    ----------
    sizes : iterable of int, default ()
        The size of each dimension.

    Raises
    ------
    TypeError
        If a size is not an int.

    Examples
    --------
    >>> import minigrad
    >>> s = minigrad.zeros(2, 3, 4).shape
    >>> s
    minigrad.Size([2, 3, 4])
    >>> s == (2, 3, 4), s[1:], s.numel()
    (True, minigrad.Size([3, 4]), 24)
    >>> batch, *rest = s
    >>> batch, rest
    (2, [3, 4])
    """

    __slots__ = ()

    def __new__(cls, sizes=()):
        values = tuple(sizes)
        for s in values:
            if isinstance(s, bool) or not hasattr(s, "__index__"):
                raise TypeError(f"Size: sizes must be ints, got {type(s).__name__}")
        return super().__new__(cls, (s.__index__() for s in values))

    def numel(self):
        """The number of elements of a tensor of this shape (1 for ``Size([])``).

        Examples
        --------
        >>> import minigrad
        >>> minigrad.Size([2, 3]).numel(), minigrad.Size([]).numel()
        (6, 1)
        """
        return math.prod(self)

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        # A slice of a Size holds checked ints already.
        return tuple.__new__(Size, item) if isinstance(index, slice) else item

    def __add__(self, other):
        if not isinstance(other, tuple):
            return NotImplemented
        return tuple.__new__(Size, tuple(self) + tuple(Size(other)))

    def __radd__(self, other):
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple(other) + tuple(self))

    def __mul__(self, times):
        return Size(tuple(self) * times)

    __rmul__ = __mul__

    def __repr__(self):
        return f"minigrad.Size({list(self)})"

    def __reduce__(self):
        return Size, (tuple(self),)
