"""The embedding layer: a learned table of vectors, looked up by integer index."""
import numpy as np

from minigrad.nn import functional as F
from minigrad.nn import init
from minigrad.nn.modules._utils import _empty, _factory_dtype
from minigrad.nn.modules.module import Module
from minigrad.nn.parameter import Parameter
from minigrad.ops._args import check_bool, check_int, check_number, check_tensor
from minigrad.ops.embedding import _check_padding_idx
from minigrad.tensor import Tensor

__all__ = ["Embedding"]


class Embedding(Module):
    r"""A lookup table of ``num_embeddings`` vectors of size ``embedding_dim``, indexed by integers.

    Each index selects a row of the weight :math:`W`:

    .. math::

        y[i_1, \dots, i_k, :] = W\bigl[x[i_1, \dots, i_k], :\bigr]

    so it equals a :class:`Linear` layer without bias applied to one-hot
    vectors, without building them. With ``max_norm``, every row looked up
    whose norm exceeds it is first rescaled in place:
    :math:`W_r \leftarrow W_r \cdot \text{max\_norm} / \lVert W_r \rVert_p`.

    Parameters
    ----------
    num_embeddings : int
        The number of rows of the table, the size of the vocabulary (at
        least 0); indices must lie in ``[0, num_embeddings)``.
    embedding_dim : int
        The size of each vector (at least 0).
    padding_idx : int, optional
        A row that gets no gradient, so it stays as initialized (zeros), for
        padding tokens; negative values count from the end. Default none.
    max_norm : float, optional
        If given, looked-up rows whose :math:`p`-norm exceeds it are rescaled
        to it, in place, before the lookup. Default none.
    norm_type : float, default 2.0
        :math:`p`, the order of the norm ``max_norm`` bounds.
    scale_grad_by_freq : bool, default False
        Whether each row's gradient is divided by the number of times its
        index occurs in the mini-batch.
    sparse : bool, default False
        Sparse gradients are not supported in minigrad: it must be
        ``False`` (``True`` is a ``ValueError``).
    device : str or device, optional
        Where the table lives. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The table's floating-point dtype, ``float32`` or ``float64``; default
        :func:`minigrad.get_default_dtype`.

    Attributes
    ----------
    weight : Parameter
        :math:`W`, shape ``(num_embeddings, embedding_dim)``, drawn from
        :math:`\mathcal{N}(0, 1)`, the ``padding_idx`` row zeroed. A table
        given by :meth:`from_pretrained` is used instead.

    Shape
    -----
    - Input: ``(*)``, integer indices of any shape
    - Output: ``(*, H)`` with ``H = embedding_dim``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> table = nn.Embedding(10, 3, padding_idx=0)
    >>> table
    Embedding(10, 3, padding_idx=0)
    >>> table(minigrad.tensor([[1, 2, 0], [4, 0, 9]])).shape
    minigrad.Size([2, 3, 3])
    >>> table.weight[0].tolist()
    [0.0, 0.0, 0.0]
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 max_norm: float | None = None, norm_type: float = 2.0,
                 scale_grad_by_freq: bool = False, sparse: bool = False,
                 _weight: Tensor | None = None, _freeze: bool = False, device=None, dtype=None):
        super().__init__()
        dtype = _factory_dtype("Embedding", device, dtype)
        self.num_embeddings = check_int("Embedding", "num_embeddings", num_embeddings, 0)
        self.embedding_dim = check_int("Embedding", "embedding_dim", embedding_dim, 0)
        self.padding_idx = _check_padding_idx("Embedding", padding_idx, num_embeddings)
        self.max_norm = None if max_norm is None else check_number("Embedding", "max_norm",
                                                                   max_norm)
        self.norm_type = check_number("Embedding", "norm_type", norm_type)
        self.scale_grad_by_freq = check_bool("Embedding", "scale_grad_by_freq",
                                             scale_grad_by_freq)
        if check_bool("Embedding", "sparse", sparse):
            raise ValueError("Embedding: sparse gradients are not supported; use sparse=False")
        self.sparse = False
        if _weight is None:
            self.weight = _empty((num_embeddings, embedding_dim), dtype)
            self.weight.requires_grad_(not _freeze)
            self.reset_parameters()
        else:
            check_tensor("Embedding", "_weight", _weight)
            if tuple(_weight.shape) != (num_embeddings, embedding_dim):
                raise ValueError(
                    f"Embedding: shape of weight {list(_weight.shape)} does not match "
                    f"num_embeddings and embedding_dim ({num_embeddings}, {embedding_dim})"
                )
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    def reset_parameters(self) -> None:
        """Draw the table again from ``N(0, 1)``, zeroing the ``padding_idx`` row."""
        init.normal_(self.weight)
        self._fill_padding_idx_with_zero()

    def _fill_padding_idx_with_zero(self):
        if self.padding_idx is not None:
            self.weight._data[self.padding_idx] = 0
            self.weight._vc[0] += 1

    def forward(self, input):
        return F.embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
                           self.scale_grad_by_freq, self.sparse)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            text += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            text += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            text += f", scale_grad_by_freq={self.scale_grad_by_freq}"
        return text

    @classmethod
    def from_pretrained(cls, embeddings: Tensor, freeze: bool = True,
                        padding_idx: int | None = None, max_norm: float | None = None,
                        norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                        sparse: bool = False) -> "Embedding":
        """An embedding whose table is ``embeddings`` (shared, not copied).

        Parameters
        ----------
        embeddings : Tensor
            The table, 2-d: ``(num_embeddings, embedding_dim)``.
        freeze : bool, default True
            Keep the table fixed (``requires_grad=False``).
        padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse
            As for the constructor; the ``padding_idx`` row is not zeroed.

        Examples
        --------
        >>> import minigrad
        >>> from minigrad import nn
        >>> table = nn.Embedding.from_pretrained(minigrad.tensor([[1.0, 2.0], [3.0, 4.0]]))
        >>> table(minigrad.tensor([1]))
        tensor([[3., 4.]])
        >>> table.weight.requires_grad
        False
        """
        if not isinstance(embeddings, Tensor) and not isinstance(embeddings, np.ndarray):
            raise TypeError(f"Embedding.from_pretrained: embeddings must be a Tensor, got "
                            f"{type(embeddings).__name__}")
        if embeddings.ndim != 2:
            raise ValueError(f"Embedding.from_pretrained: embeddings parameter is expected to "
                             f"be 2-dimensional, got shape {list(embeddings.shape)}")
        rows, cols = embeddings.shape
        return cls(rows, cols, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse,
                   _weight=embeddings, _freeze=freeze)
