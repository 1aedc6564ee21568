"""Matrix products, batched and broadcast as ``numpy.matmul``.

2-d float products go through :func:`matmul_2d`, which splits them over
minigrad's own threads, each calling BLAS on one thread (see
``minigrad._config.blas_on_one_thread``); everything else (batches, vectors,
integers) goes to NumPy and its BLAS.
"""
import numpy as np

from minigrad._config import blas_on_one_thread
from minigrad._ext import matmul as _kernels
from minigrad._ext._openmp import get_num_threads
from minigrad.autograd.function import Function
from minigrad.dtypes import normalize_dim
from minigrad.ops.broadcast import sum_to
from minigrad.tensor import Tensor

_GEMM_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _gemm_operand(m):
    """``m`` as (C-contiguous array, transposed flag), without copying a transposed view."""
    if m.flags.c_contiguous:
        return m, False
    if m.T.flags.c_contiguous:
        return m.T, True
    return np.ascontiguousarray(m), False


def matmul_2d(a, b):
    """``a @ b`` for 2-d arrays, on minigrad's threads when both are float32 or float64.

    Transposed views are read in place. The output is split into pieces
    fixed by its shape (``minigrad._ext.matmul.matmul``), so the product is
    bit-identical at any thread count.
    """
    if a.dtype != b.dtype or a.dtype not in _GEMM_DTYPES:
        return np.matmul(a, b)
    (a, trans_a), (b, trans_b) = _gemm_operand(a), _gemm_operand(b)
    out = np.empty((a.shape[1] if trans_a else a.shape[0], b.shape[0] if trans_b else b.shape[1]),
                   a.dtype)
    with blas_on_one_thread:
        _kernels.matmul(a, trans_a, b, trans_b, out, get_num_threads())
    return out


def _product(a, b):
    return matmul_2d(a, b) if a.ndim == 2 and b.ndim == 2 else np.matmul(a, b)


# ---------------------------------------------------------------- argument checks
class EinsumSpec:
    """A parsed einsum equation: one string of single-letter labels per operand and the output.

    ``...`` is spelled out as letters the equation does not use, aligned
    from the right, so every later step deals with letters only.
    """

    __slots__ = ("inputs", "output", "sizes")

    def __init__(self, inputs, output, sizes):
        self.inputs, self.output, self.sizes = inputs, output, sizes

    def equation(self):
        return ",".join(self.inputs) + "->" + self.output


def _parse_einsum(equation, shapes):
    op = "einsum"
    if not isinstance(equation, str):
        raise TypeError(f"{op}: expected the equation as a str, got {type(equation).__name__}")
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(shapes):
        raise ValueError(
            f"{op}: the equation {equation!r} has {len(terms)} operand(s), "
            f"got {len(shapes)} tensor(s)"
        )
    for term in terms + ([rhs] if arrow else []):
        if term.count("...") > 1 or any(not c.isalpha() for c in term.replace("...", "")):
            raise ValueError(
                f"{op}: invalid subscripts {term!r} in {equation!r}: use letters a-z, A-Z and "
                f"at most one '...'"
            )
    spare = [c for c in "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba" if c not in eq]
    n_ellipsis = [len(shape) - len(t.replace("...", "")) if "..." in t else 0
                  for t, shape in zip(terms, shapes)]
    width = max(n_ellipsis, default=0)
    letters = "".join(reversed(spare[:width]))
    inputs, sizes = [], {}
    for i, (term, shape, k) in enumerate(zip(terms, shapes, n_ellipsis)):
        labels = term.replace("...", letters[width - k:] if k else "")
        if k < 0 or len(labels) != len(shape):
            raise ValueError(
                f"{op}: subscripts {term!r} of operand {i} do not match its shape {list(shape)} "
                f"({len(term.replace('...', ''))} labels for {len(shape)} dimensions)"
            )
        for label, n in zip(labels, shape):
            seen = sizes.get(label, 1)
            if n != 1 and seen != 1 and n != seen:
                raise ValueError(
                    f"{op}: subscript {label!r} has size {n} for operand {i}, which does not "
                    f"broadcast with the size {seen} seen before"
                )
            sizes[label] = max(seen, n)
        inputs.append(labels)
    if arrow:
        output = rhs.replace("...", letters)
        for label in output:
            if output.count(label) > 1 or label not in sizes:
                raise ValueError(
                    f"{op}: output subscript {label!r} of {equation!r} must appear once in the "
                    f"output and at least once in the operands"
                )
    else:
        # PyTorch's implicit output: the ellipsis, then the labels seen once, sorted.
        counts = "".join(inputs)
        output = letters + "".join(sorted(c for c in set(counts) if counts.count(c) == 1
                                          and c not in letters))
    return EinsumSpec(tuple(inputs), output, sizes)


def _check_matrix_operands(op, tensors, ndims):
    """The operands as tensors of the given numbers of dimensions and one dtype."""
    for t in tensors:
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}: expected Tensors, got {type(t).__name__}")
    for i, (t, ndim) in enumerate(zip(tensors, ndims)):
        if t.ndim != ndim:
            raise ValueError(
                f"{op}: expected argument {i + 1} to be a {ndim}-d tensor, "
                f"got shape {list(t.shape)}"
            )
    dtypes = {t._data.dtype for t in tensors}
    if len(dtypes) > 1:
        raise TypeError(
            f"{op}: expected both operands to have the same dtype, got "
            f"{tensors[0]._data.dtype} and {tensors[1]._data.dtype}"
        )


def _check_inner(op, a, b, inner_a, inner_b):
    if inner_a != inner_b:
        raise ValueError(
            f"{op}: shapes {list(a.shape)} and {list(b.shape)} cannot be multiplied "
            f"({inner_a} != {inner_b})"
        )


def _tensordot_dims(a, b, dims):
    if isinstance(dims, (int, np.integer)) and not isinstance(dims, bool):
        if not 0 <= dims <= max(0, min(a.ndim, b.ndim)):
            raise ValueError(
                f"tensordot: dims ({dims}) must be between 0 and the smaller number of "
                f"dimensions ({min(a.ndim, b.ndim)})"
            )
        return list(range(a.ndim - dims, a.ndim)), list(range(dims))
    if isinstance(dims, (tuple, list)) and len(dims) == 2:
        first, second = ([d] if isinstance(d, (int, np.integer)) else list(d) for d in dims)
        if len(first) != len(second):
            raise ValueError(
                f"tensordot: both lists of dims must have the same length, got {len(first)} and "
                f"{len(second)}"
            )
        return ([normalize_dim(d, a.ndim, "tensordot") for d in first],
                [normalize_dim(d, b.ndim, "tensordot") for d in second])
    raise TypeError(f"tensordot: dims must be an int or a pair of lists of ints, got {dims!r}")


# ---------------------------------------------------------------- Functions
class MatMul(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _product(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        # Treat vectors as a row (left operand) or a column (right operand)
        # so that one pair of formulas covers every case.
        a2 = a[None, :] if a.ndim == 1 else a
        b2 = b[:, None] if b.ndim == 1 else b
        # The matching unit axes go back into the gradient, the column's last:
        # a 1-d @ 1-d product has a 0-d gradient that becomes 1x1.
        g = grad
        if b.ndim == 1:
            g = np.expand_dims(g, -1)
        if a.ndim == 1:
            g = np.expand_dims(g, -2)
        grad_a = grad_b = None
        if need_a:
            grad_a = sum_to(_product(g, np.swapaxes(b2, -1, -2)), a2.shape).reshape(a.shape)
        if need_b:
            grad_b = sum_to(_product(np.swapaxes(a2, -1, -2), g), b2.shape).reshape(b.shape)
        return grad_a, grad_b


def _einsum_grad(spec, k, grad, operands):
    """The gradient of operand ``k``: an einsum of the output gradient with the other operands."""
    term, x = spec.inputs[k], operands[k]
    unique = "".join(dict.fromkeys(term))
    terms = [spec.output] + [t for j, t in enumerate(spec.inputs) if j != k]
    arrays = [grad] + [o for j, o in enumerate(operands) if j != k]
    available = set("".join(terms))
    present = "".join(c for c in unique if c in available)
    g = np.einsum(",".join(terms) + "->" + present, *arrays, optimize=len(arrays) > 2)
    # Labels only this operand has were summed over in the forward, and
    # labels of size 1 elsewhere were broadcast: the gradient is constant
    # along both.
    sizes = iter(g.shape)
    g = g.reshape([next(sizes) if c in available else 1 for c in unique])
    g = np.broadcast_to(g, [spec.sizes[c] for c in unique])
    own = dict(zip(term, x.shape))
    broadcast = tuple(i for i, c in enumerate(unique) if own[c] == 1 and spec.sizes[c] != 1)
    if broadcast:
        g = g.sum(axis=broadcast, keepdims=True)
    if len(unique) == len(term):
        return np.ascontiguousarray(np.transpose(g, [unique.index(c) for c in term]))
    # A repeated label reads a diagonal: its gradient lives on that diagonal.
    out = np.zeros(x.shape, g.dtype)
    grids = np.ogrid[tuple(slice(0, n) for n in g.shape)]
    out[tuple(grids[unique.index(c)] for c in term)] = g
    return out


class Einsum(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, spec, *operands):
        ctx.spec = spec
        ctx.save_for_backward(*operands)
        return np.asarray(np.einsum(spec.equation(), *operands, optimize=len(operands) > 2))

    @staticmethod
    def backward(ctx, grad):
        operands = ctx.saved_tensors
        needs = ctx.needs_input_grad[1:]
        grads = [_einsum_grad(ctx.spec, k, grad, operands) if need else None
                 for k, need in enumerate(needs)]
        return (None, *grads)


# ---------------------------------------------------------------- public functions
def _as_tensor(x, name):
    """``x``, or array-like data as a Tensor (``t @ ndarray`` works, as in NumPy)."""
    if isinstance(x, Tensor):
        return x
    try:
        return Tensor._from_data(x)
    except (TypeError, ValueError):
        raise TypeError(f"matmul: expected {name} to be a Tensor, got {type(x).__name__}") from None


def matmul(a, b):
    """The matrix product ``a @ b``.

    Follows ``numpy.matmul``: 1-d operands are vectors, leading dimensions
    are batch dimensions and broadcast. 2-d float products are split over
    minigrad's threads; the others run in NumPy's BLAS.

    Parameters
    ----------
    a, b : Tensor
        Tensors of at least one dimension (only floating-point ones can
        require grad).

    Returns
    -------
    Tensor
        ``(..., n, m)`` for ``(..., n, k)`` times ``(..., k, m)``; a vector
        operand drops its dimension from the result.

    Raises
    ------
    ValueError
        When the inner dimensions differ or the batch dimensions do not broadcast.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> minigrad.matmul(a, minigrad.tensor([1.0, 1.0]))
    tensor([3., 7.])
    >>> (minigrad.ones(5, 2, 3) @ minigrad.ones(3, 4)).shape
    minigrad.Size([5, 2, 4])
    """
    a, b = _as_tensor(a, "input"), _as_tensor(b, "other")
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(
            f"matmul: both arguments need at least one dimension, got shapes "
            f"{list(a.shape)} and {list(b.shape)}"
        )
    inner_a = a.shape[-1]
    inner_b = b.shape[-2] if b.ndim > 1 else b.shape[0]
    if inner_a != inner_b:
        raise ValueError(
            f"matmul: shapes {list(a.shape)} and {list(b.shape)} cannot be multiplied "
            f"({inner_a} != {inner_b})"
        )
    if a.ndim > 2 or b.ndim > 2:
        try:
            np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        except ValueError:
            raise ValueError(
                f"matmul: batch dimensions of shapes {list(a.shape)} and {list(b.shape)} "
                f"are not broadcastable"
            ) from None
    if a._data.dtype != b._data.dtype:
        raise TypeError(
            f"matmul: expected both operands to have the same dtype, got {a._data.dtype} and "
            f"{b._data.dtype}"
        )
    return MatMul.apply(a, b)


def mm(input, mat2):
    """The product of two matrices, ``(n, m) @ (m, p) -> (n, p)``; no broadcasting.

    Parameters
    ----------
    input : Tensor
        A 2-d tensor of shape ``(n, m)``.
    mat2 : Tensor
        A 2-d tensor of shape ``(m, p)``, of the same dtype as ``input``.

    Returns
    -------
    Tensor
        Of shape ``(n, p)``; differentiable in both operands.

    Raises
    ------
    ValueError
        If an operand is not 2-d or the inner sizes differ.
    TypeError
        If the dtypes differ.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.mm(minigrad.ones(2, 3), minigrad.ones(3, 4)).shape
    minigrad.Size([2, 4])
    """
    _check_matrix_operands("mm", (input, mat2), (2, 2))
    _check_inner("mm", input, mat2, input.shape[1], mat2.shape[0])
    return MatMul.apply(input, mat2)


def bmm(input, mat2):
    """Batched matrix products, ``(b, n, m) @ (b, m, p) -> (b, n, p)``; no broadcasting.

    Parameters
    ----------
    input : Tensor
        A 3-d tensor of shape ``(b, n, m)``: ``b`` matrices.
    mat2 : Tensor
        A 3-d tensor of shape ``(b, m, p)`` with the same batch size ``b`` and the
        same dtype as ``input``.

    Returns
    -------
    Tensor
        Of shape ``(b, n, p)``, ``out[i] = input[i] @ mat2[i]``; differentiable in
        both operands.

    Raises
    ------
    ValueError
        If an operand is not 3-d, or the batch or inner sizes differ.
    TypeError
        If the dtypes differ.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.bmm(minigrad.ones(5, 2, 3), minigrad.ones(5, 3, 4)).shape
    minigrad.Size([5, 2, 4])
    """
    _check_matrix_operands("bmm", (input, mat2), (3, 3))
    if input.shape[0] != mat2.shape[0]:
        raise ValueError(
            f"bmm: expected the same batch size, got shapes {list(input.shape)} and "
            f"{list(mat2.shape)} ({input.shape[0]} != {mat2.shape[0]})"
        )
    _check_inner("bmm", input, mat2, input.shape[2], mat2.shape[1])
    return MatMul.apply(input, mat2)


def mv(input, vec):
    """The product of a matrix and a vector, ``(n, m) @ (m,) -> (n,)``.

    Parameters
    ----------
    input : Tensor
        A 2-d tensor of shape ``(n, m)``.
    vec : Tensor
        A 1-d tensor of size ``m``, of the same dtype as ``input``.

    Returns
    -------
    Tensor
        Of shape ``(n,)``; differentiable in both operands.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.mv(minigrad.tensor([[1.0, 2.0], [3.0, 4.0]]), minigrad.tensor([1.0, 1.0]))
    tensor([3., 7.])
    """
    _check_matrix_operands("mv", (input, vec), (2, 1))
    _check_inner("mv", input, vec, input.shape[1], vec.shape[0])
    return MatMul.apply(input, vec)


def dot(input, tensor):
    """The inner product of two vectors of the same size (a 0-d tensor).

    Parameters
    ----------
    input : Tensor
        A 1-d tensor.
    tensor : Tensor
        A 1-d tensor of the same size and dtype as ``input``.

    Returns
    -------
    Tensor
        0-d, ``sum(input * tensor)``; differentiable in both operands.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.dot(minigrad.tensor([2.0, 3.0]), minigrad.tensor([2.0, 1.0]))
    tensor(7.)
    """
    _check_matrix_operands("dot", (input, tensor), (1, 1))
    if input.shape != tensor.shape:
        raise ValueError(
            f"dot: expected vectors of the same size, got {input.shape[0]} and {tensor.shape[0]}"
        )
    return MatMul.apply(input, tensor)


def outer(input, vec2):
    """The outer product of two vectors: ``out[i, j] = input[i] * vec2[j]``.

    Parameters
    ----------
    input : Tensor
        A 1-d tensor of size ``n``.
    vec2 : Tensor
        A 1-d tensor of size ``m``, of the same dtype as ``input``.

    Returns
    -------
    Tensor
        Of shape ``(n, m)``; differentiable in both operands.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.outer(minigrad.tensor([1.0, 2.0]), minigrad.tensor([1.0, 10.0, 100.0]))
    tensor([[  1.,  10., 100.],
            [  2.,  20., 200.]])
    """
    _check_matrix_operands("outer", (input, vec2), (1, 1))
    return input.reshape(-1, 1) * vec2.reshape(1, -1)


def _scaled_sum(op, input, product, beta, alpha):
    """``beta * input + alpha * product``; ``input`` is ignored when beta is 0 (nan included)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: expected input to be a Tensor, got {type(input).__name__}")
    try:
        shape = np.broadcast_shapes(input.shape, product.shape)
    except ValueError:
        shape = None
    if shape != product.shape:
        raise ValueError(
            f"{op}: input of shape {list(input.shape)} does not broadcast to the product's "
            f"shape {list(product.shape)}"
        )
    out = product if alpha == 1 else product * alpha
    if beta == 0:
        return out
    return out + (input if beta == 1 else input * beta)


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """``beta * input + alpha * (mat1 @ mat2)``, with ``input`` broadcast to ``(n, p)``.

    With ``beta=0`` the input is ignored: nan and inf in it do not propagate.

    Parameters
    ----------
    input : Tensor
        The matrix added to the product; its shape must broadcast to ``(n, p)``
        (a bias row of size ``p`` does).
    mat1 : Tensor
        A 2-d tensor of shape ``(n, m)``.
    mat2 : Tensor
        A 2-d tensor of shape ``(m, p)``, of the same dtype as ``mat1``.
    beta : number, default 1
        The multiplier of ``input`` (keyword only); 0 leaves ``input`` out.
    alpha : number, default 1
        The multiplier of the product ``mat1 @ mat2`` (keyword only).

    Returns
    -------
    Tensor
        Of shape ``(n, p)``; differentiable in all three tensors.

    Raises
    ------
    ValueError
        If the shapes do not fit together.

    Examples
    --------
    >>> import minigrad
    >>> bias = minigrad.tensor([1.0, 2.0])
    >>> minigrad.addmm(bias, minigrad.ones(3, 4), minigrad.ones(4, 2), alpha=0.5)
    tensor([[3., 4.],
            [3., 4.],
            [3., 4.]])
    """
    return _scaled_sum("addmm", input, mm(mat1, mat2), beta, alpha)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """``beta * input + alpha * bmm(batch1, batch2)``, with ``input`` broadcast to ``(b, n, p)``.

    Parameters
    ----------
    input : Tensor
        The tensor added to the products; its shape must broadcast to ``(b, n, p)``.
    batch1 : Tensor
        A 3-d tensor of shape ``(b, n, m)``.
    batch2 : Tensor
        A 3-d tensor of shape ``(b, m, p)``, with the same batch size and dtype
        as ``batch1``.
    beta : number, default 1
        The multiplier of ``input`` (keyword only); with 0 ``input`` is ignored,
        so NaN and inf in it do not reach the result.
    alpha : number, default 1
        The multiplier of the batched product (keyword only).

    Returns
    -------
    Tensor
        Of shape ``(b, n, p)``; differentiable in all three tensors.

    Raises
    ------
    ValueError
        If the shapes do not fit together.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.baddbmm(minigrad.zeros(2, 1, 1), minigrad.ones(2, 1, 3), minigrad.ones(2, 3, 1))
    tensor([[[3.]],
    <BLANKLINE>
            [[3.]]])
    """
    return _scaled_sum("baddbmm", input, bmm(batch1, batch2), beta, alpha)


def einsum(equation, *operands):
    """Sums of products over labelled dimensions (Einstein summation), as ``torch.einsum``.

    ``"ij,jk->ik"`` is a matrix product, ``"bij,bjk->bik"`` a batched one,
    ``"ii->i"`` a diagonal, ``"ij->"`` a total; ``...`` stands for the
    remaining (broadcast) dimensions. Without ``->`` the output holds the
    ellipsis dimensions, then the labels that appear once, alphabetically.
    Dimensions of size 1 broadcast against their label's size.

    Parameters
    ----------
    equation : str
        One term of labels per operand, separated by commas, then optionally
        ``->`` and the output's labels. Labels are the letters a-z and A-Z; a
        label repeated within a term takes a diagonal, a label missing from the
        output is summed over, and ``...`` stands for the remaining dimensions.
    *operands : Tensor
        One tensor per comma-separated term, all of one dtype, or a single list
        of them; each must have as many dimensions as its term has labels
        (more with ``...``), and a label's sizes must agree (or be 1).

    Returns
    -------
    Tensor
        The gradient of each operand is itself an einsum, of the output's
        gradient with the other operands.

    Raises
    ------
    ValueError
        When the equation does not match the operands' number or shapes.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> minigrad.einsum("ij,jk->ik", a, a)
    tensor([[ 7., 10.],
            [15., 22.]])
    >>> minigrad.einsum("ii", a)                   # the trace
    tensor(5.)
    >>> minigrad.einsum("ij->j", [a])
    tensor([4., 6.])
    """
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    for t in operands:
        if not isinstance(t, Tensor):
            raise TypeError(f"einsum: expected Tensor operands, got {type(t).__name__}")
    if len({t._data.dtype for t in operands}) > 1:
        raise TypeError(
            f"einsum: expected operands of one dtype, got "
            f"{', '.join(str(t._data.dtype) for t in operands)}"
        )
    spec = _parse_einsum(equation, [t.shape for t in operands])
    return Einsum.apply(spec, *operands)


def tensordot(a, b, dims=2):
    """Contract dimensions ``dims[0]`` of ``a`` with dimensions ``dims[1]`` of ``b``.

    ``dims=n`` contracts the last ``n`` dimensions of ``a`` with the first
    ``n`` of ``b``. The result has ``a``'s remaining dimensions, then ``b``'s.

    Parameters
    ----------
    a : Tensor
        The first operand.
    b : Tensor
        The second operand, of the same dtype.
    dims : int or pair of sequences of int, default 2
        Which dimensions to contract. An int ``n`` (between 0 and the smaller
        number of dimensions) pairs the last ``n`` dimensions of ``a`` with the
        first ``n`` of ``b``, in order; 0 gives the outer product. A pair
        ``(dims_a, dims_b)`` of equally long lists (or of two ints) pairs
        ``a``'s dimension ``dims_a[i]`` with ``b``'s ``dims_b[i]``; paired
        dimensions must have the same size, and negative values count from the end.

    Returns
    -------
    Tensor
        Differentiable in both operands.

    Raises
    ------
    ValueError
        If paired sizes differ, a dimension is listed twice or ``dims`` is out of range.
    TypeError
        If ``dims`` has another form.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.ones(3, 4, 5)
    >>> minigrad.tensordot(a, minigrad.ones(4, 5, 2)).shape
    minigrad.Size([3, 2])
    >>> minigrad.tensordot(a, minigrad.ones(4, 3), dims=([1, 0], [0, 1])).shape
    minigrad.Size([5])
    """
    for t in (a, b):
        if not isinstance(t, Tensor):
            raise TypeError(f"tensordot: expected Tensors, got {type(t).__name__}")
    first, second = _tensordot_dims(a, b, dims)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if a.ndim + b.ndim > len(letters):
        raise ValueError(
            f"tensordot: at most {len(letters)} dimensions in all, got {a.ndim + b.ndim}"
        )
    labels_a = list(letters[:a.ndim])
    labels_b = list(letters[a.ndim:a.ndim + b.ndim])
    for i, j in zip(first, second):
        if a.shape[i] != b.shape[j]:
            raise ValueError(
                f"tensordot: contracted dimension {i} of a (size {a.shape[i]}) does not match "
                f"dimension {j} of b (size {b.shape[j]}), shapes {list(a.shape)} and "
                f"{list(b.shape)}"
            )
        labels_b[j] = labels_a[i]
    if len(set(first)) != len(first) or len(set(second)) != len(second):
        raise ValueError(f"tensordot: a dimension appears twice in dims {dims!r}")
    output = [c for i, c in enumerate(labels_a) if i not in first]
    output += [c for j, c in enumerate(labels_b) if j not in second]
    return einsum("".join(labels_a) + "," + "".join(labels_b) + "->" + "".join(output), a, b)


def inner(input, other):
    """The inner product over the last dimension of ``input`` and of ``other``.

    For 1-d tensors the dot product; in general ``out[i..., j...] =
    sum_k input[i..., k] * other[j..., k]``. A 0-d operand multiplies the other.

    Parameters
    ----------
    input : Tensor
        The first operand.
    other : Tensor
        The second operand, of the same dtype; its last dimension has the size
        of ``input``'s.

    Returns
    -------
    Tensor
        Of shape ``input.shape[:-1] + other.shape[:-1]``; differentiable in both.

    Raises
    ------
    ValueError
        If the last dimensions differ in size.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.inner(minigrad.tensor([1.0, 2.0, 3.0]), minigrad.tensor([4.0, 5.0, 6.0]))
    tensor(32.)
    >>> minigrad.inner(minigrad.ones(2, 3), minigrad.ones(4, 3)).shape
    minigrad.Size([2, 4])
    """
    for name, t in (("input", input), ("other", other)):
        if not isinstance(t, Tensor):
            raise TypeError(f"inner: expected {name} to be a Tensor, got {type(t).__name__}")
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    if input.shape[-1] != other.shape[-1]:
        raise ValueError(
            f"inner: the last dimensions of input {list(input.shape)} and other "
            f"{list(other.shape)} differ ({input.shape[-1]} vs {other.shape[-1]})"
        )
    return tensordot(input, other, dims=([-1], [-1]))

def kron(input, other):
    """The Kronecker product: every element of ``input`` times a block of ``other``.

    For operands of different numbers of dimensions, the smaller one gets
    leading dimensions of size 1. The result's shape is the product of the
    shapes, dimension by dimension.

    Parameters
    ----------
    input : Tensor
        The tensor whose elements scale the blocks.
    other : Tensor
        The block, repeated once per element of ``input``; any shape.

    Returns
    -------
    Tensor
        Of shape ``input.shape[i] * other.shape[i]`` in every dimension (after the
        padding with leading 1s); differentiable in both operands.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.kron(minigrad.tensor([[1.0, 2.0], [3.0, 4.0]]), minigrad.ones(1, 2))
    tensor([[1., 1., 2., 2.],
            [3., 3., 4., 4.]])
    """
    for t in (input, other):
        if not isinstance(t, Tensor):
            raise TypeError(f"kron: expected Tensors, got {type(t).__name__}")
    nd = max(input.ndim, other.ndim)
    sa = (1,) * (nd - input.ndim) + input.shape
    sb = (1,) * (nd - other.ndim) + other.shape
    # Interleave: a's dimension i pairs with b's dimension i in the result.
    a = input.reshape([n for d in sa for n in (d, 1)])
    b = other.reshape([n for d in sb for n in (1, d)])
    return (a * b).reshape([x * y for x, y in zip(sa, sb)])
