"""The Tensor: a NumPy array, its gradient, and the node that produced it.

Methods are thin: each differentiable one calls a function of
``minigrad.ops``, which validates its arguments and applies a
:class:`~minigrad.autograd.Function`.
"""
import math
import mmap
import numbers

import numpy as np

from minigrad import _device, _tensor_str, dtypes, random
from minigrad._size import Size
from minigrad.ops._args import (
    accepts_axis, check_allocation, check_bool, check_number, check_tensor, is_int,
)

__all__ = ["Tensor", "contiguous_format", "preserve_format"]


class Tensor:
    """A multi-dimensional array that can record the operations applied to it.

    Make tensors with :func:`minigrad.tensor` (which infers the dtype from
    the data), :func:`minigrad.zeros` and the other creation functions.
    Calling the class itself works as PyTorch's legacy ``torch.Tensor(...)``
    constructor does: it always gives the default floating-point dtype.

    Parameters
    ----------
    *args : ints, Size, sequence or Tensor
        Nothing: an empty tensor of shape ``(0,)``. Ints, or one
        :class:`Size`: an uninitialised tensor of that shape
        (``Tensor(2, 3)``). One sequence or NumPy array: its values, in the
        default dtype (``Tensor([1, 2])`` is float32, as in PyTorch). One
        tensor: a new tensor sharing its memory and dtype, outside the graph.
    requires_grad : bool, default False
        Record operations on this tensor so that ``backward`` computes its
        gradient. Only floating-point tensors can require grad.
    dtype : dtype, optional
        The dtype instead of the default one.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.

    Attributes
    ----------
    grad : Tensor or None
        The accumulated gradient, filled in by ``backward`` on leaves.
    grad_fn : FunctionCtx or None
        The node that produced this tensor, ``None`` for leaves.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    tensor([[2., 4.],
            [6., 8.]])
    """

    __slots__ = ("_data", "grad", "_requires_grad", "grad_fn", "_output_nr", "_vc", "_hooks",
                 "_post_hooks", "__weakref__")
    __array_priority__ = 1000
    _post_hooks_seen = False

    def __init__(self, *args, requires_grad=False, dtype=None, device=None):
        _device.check_device(device, "Tensor")
        dtype = dtypes.get_default_dtype() if dtype is None else dtypes.resolve(dtype, "Tensor")
        self._data = legacy_constructor_array("Tensor", dtype, args, any_tensor_dtype=True)
        self._init_state(requires_grad)

    @classmethod
    def _from_data(cls, data, dtype=None, requires_grad=False):
        """A tensor of a copy of ``data``, its dtype inferred as :func:`minigrad.tensor` does."""
        t = object.__new__(cls)
        t._data = dtypes.as_array(data._data if isinstance(data, Tensor) else data, dtype,
                                  "tensor")
        t._init_state(requires_grad)
        return t

    def _init_state(self, requires_grad):
        self.grad = None
        self._requires_grad = False
        self.grad_fn = None
        self._output_nr = 0
        self._vc = [0]
        self._hooks = None
        self._post_hooks = None
        if requires_grad:
            self.requires_grad = True

    @classmethod
    def _make(cls, data, requires_grad):
        """Wrap an ndarray without copying or checking it (for the ops)."""
        t = object.__new__(cls)
        t._data = data
        t.grad = None
        t._requires_grad = requires_grad
        t.grad_fn = None
        t._output_nr = 0
        t._vc = [0]
        t._hooks = None
        t._post_hooks = None
        return t

    # ------------------------------------------------------------------ autograd
    @property
    def requires_grad(self):
        """Whether operations on this tensor are recorded for ``backward``."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        value = check_bool("requires_grad", "requires_grad", value)
        if value and self._data.dtype.kind != "f":
            raise RuntimeError(
                f"requires_grad: only floating-point tensors can require gradients, "
                f"got dtype {self._data.dtype}"
            )
        if not value and self.grad_fn is not None:
            raise RuntimeError(
                "requires_grad: you can only change requires_grad of leaf tensors; "
                "use detach() to get a tensor that does not require grad"
            )
        self._requires_grad = bool(value)

    def requires_grad_(self, requires_grad=True):
        """Set ``requires_grad`` in place and return ``self``."""
        self.requires_grad = requires_grad
        return self

    @property
    def data(self):
        """This tensor's values as a new tensor that shares memory and is not tracked.

        Changes made through it reach this tensor but are invisible to the
        tape, which is what parameter initialisation and manual updates want
        (``p.data.normal_(0, 0.02)``, ``p.data -= lr * p.grad``). Assigning a
        tensor to ``data`` swaps the values this tensor holds.

        Examples
        --------
        >>> import minigrad
        >>> w = minigrad.zeros(3, requires_grad=True)
        >>> d = w.data
        >>> d.requires_grad, d.grad_fn is None
        (False, True)
        >>> d.fill_(2.0)
        tensor([2., 2., 2.])
        >>> w
        tensor([2., 2., 2.], requires_grad=True)
        """
        return Tensor._make(self._data, False)

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"data: expected a Tensor, got {type(value).__name__}")
        self._data = value._data

    @property
    def is_leaf(self):
        """True for tensors not produced by a recorded operation."""
        return self.grad_fn is None

    def backward(self, gradient=None, retain_graph=False, create_graph=False):
        """Compute the gradient of this tensor with respect to the graph's leaves.

        Parameters
        ----------
        gradient : Tensor, optional
            The gradient of some scalar with respect to this tensor; may be
            omitted only when this tensor holds a single element.
        retain_graph : bool, default False
            Keep the graph so that ``backward`` can run through it again.
        create_graph : bool, default False
            Record the backward pass, for higher-order derivatives.
        """
        grads = _engine.root_grads("backward", [self], [gradient], create_graph)
        _engine.run_backward([self], grads, retain_graph=retain_graph or create_graph,
                             create_graph=create_graph)

    def detach(self):
        """A tensor sharing this one's data, cut from the graph."""
        t = Tensor._make(self._data, False)
        t._vc = self._vc
        return t

    def detach_(self):
        """Cut this tensor from the graph in place."""
        self.grad_fn = None
        self._requires_grad = False
        return self

    def retain_grad(self):
        """Keep ``.grad`` for this non-leaf tensor after ``backward``."""
        import weakref

        if self.grad_fn is None:
            if not self._requires_grad:
                raise RuntimeError("retain_grad: can't retain_grad on a tensor that has requires_grad=False")
            return
        node = self.grad_fn
        if node._retained is None:
            node._retained = {}
        node._retained[self._output_nr] = weakref.ref(self)

    def register_hook(self, hook):
        """Call ``hook(grad)`` whenever this tensor's gradient is computed.

        The hook may return a new gradient to use in its place.
        """
        if not self._requires_grad:
            raise RuntimeError("register_hook: cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            self.grad_fn.register_hook(self._output_nr, hook)
        else:
            if self._hooks is None:
                self._hooks = []
            self._hooks.append(hook)
        return hook

    def register_post_accumulate_grad_hook(self, hook):
        """Call ``hook(tensor)`` on this leaf once its ``.grad`` holds this backward's gradient.

        The hook runs as soon as every node that feeds the leaf has run, while
        the rest of backward continues; its return value is ignored.
        :class:`~minigrad.nn.parallel.DistributedDataParallel` uses it to start
        a gradient's allreduce early.
        """
        if not self._requires_grad:
            raise RuntimeError("register_post_accumulate_grad_hook: cannot register a hook on a "
                               "tensor that doesn't require gradient")
        if self.grad_fn is not None:
            raise RuntimeError("register_post_accumulate_grad_hook: post accumulate grad hooks "
                               "cannot be registered on non-leaf tensors")
        if self._post_hooks is None:
            self._post_hooks = []
        Tensor._post_hooks_seen = True  # from now on backward looks for such leaves
        self._post_hooks.append(hook)
        return hook

    @property
    def _version(self):
        """How many in-place changes the underlying memory has seen."""
        return self._vc[0]

    # ------------------------------------------------------------------ properties
    @property
    def shape(self):
        """The shape, a :class:`minigrad.Size` (a tuple of ints)."""
        return tuple.__new__(Size, self._data.shape)

    @property
    def ndim(self):
        """The number of dimensions."""
        return self._data.ndim

    @property
    def dtype(self):
        """The NumPy dtype of the values."""
        return self._data.dtype

    def size(self, dim=None):
        """The shape (a :class:`minigrad.Size`), or the size of dimension ``dim`` (an int)."""
        if dim is None:
            return tuple.__new__(Size, self._data.shape)
        axis = dtypes.normalize_dim(dim, self._data.ndim, "size")
        if self._data.ndim == 0:
            raise IndexError(f"size: dimension specified as {dim} but the tensor has no "
                             f"dimensions")
        return self._data.shape[axis]

    def dim(self):
        """The number of dimensions."""
        return self._data.ndim

    def numel(self):
        """The number of elements."""
        return self._data.size

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def is_floating_point(self):
        """Whether the dtype is a floating-point one; see :func:`minigrad.is_floating_point`."""
        return self._data.dtype.kind == "f"

    def is_contiguous(self):
        """True when the values are laid out in C order without gaps."""
        return self._data.flags.c_contiguous

    def contiguous(self, memory_format=None):
        """This tensor if C-contiguous, else a contiguous copy (recorded)."""
        if memory_format is not None and memory_format is not contiguous_format:
            raise ValueError(f"contiguous: only minigrad.contiguous_format is supported, "
                             f"got {memory_format!r}")
        if self._data.flags.c_contiguous:
            return self
        return _shape.contiguous(self)

    # ------------------------------------------------------------------ conversion
    def numpy(self):
        """The values as a NumPy array (shared memory; refuses tensors that require grad)."""
        if self._requires_grad:
            raise RuntimeError(
                "numpy: can't call numpy() on a tensor that requires grad; use tensor.detach().numpy()"
            )
        return self._data

    def item(self):
        """The single value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise ValueError(
                f"item: a tensor with {self._data.size} elements cannot be converted to a Python scalar"
            )
        return self._data.item()

    def tolist(self):
        """The values as nested Python lists."""
        return self._data.tolist()

    def __array__(self, dtype=None, copy=None):
        if dtype is None:
            return self._data
        return self._data.astype(dtype)

    def __float__(self):
        return float(self.item())

    def __int__(self):
        value = self.item()
        if isinstance(value, float) and not math.isfinite(value):
            # Python's own errors, with the op's name.
            kind = ValueError if math.isnan(value) else OverflowError
            raise kind(f"int: cannot convert float {value} to an integer")
        return int(value)

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError(
                f"bool: the truth value of a tensor with {self._data.size} elements is ambiguous"
            )
        return bool(self._data.item())

    def __index__(self):
        if self._data.dtype.kind not in "iu" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data.item())

    def astype(self, dtype):
        """The values converted to ``dtype`` (recorded, so gradients flow back across float types)."""
        return _elementwise.to_dtype(self, dtypes.resolve(dtype, "astype"))

    def to(self, *args, **kwargs):
        """This tensor on a device and/or in a dtype, as PyTorch's ``Tensor.to``.

        Accepts ``to(dtype)``, ``to(device)``, ``to(device, dtype)``,
        ``to(other)`` (``other``'s dtype) and the keywords ``device``,
        ``dtype``, ``copy`` and ``non_blocking``. A device is a
        :class:`minigrad.device` or its string; the only one is the CPU, and
        any other raises ``ValueError``. Returns ``self`` when nothing
        changes and ``copy`` is False; a dtype change is recorded, so
        gradients flow back.

        Examples
        --------
        >>> import minigrad
        >>> x = minigrad.tensor([1.5, 2.5])
        >>> x.to(minigrad.device("cpu")) is x
        True
        >>> x.to("cpu", minigrad.float64, non_blocking=True).dtype
        dtype('float64')
        >>> x.to("cuda")
        Traceback (most recent call last):
            ...
        ValueError: to: minigrad runs on the CPU only, got device 'cuda'
        """
        dtype, copy = _device.parse_to_arguments(args, kwargs, "to")
        if dtype is not None and dtypes.resolve(dtype, "to") != self._data.dtype:
            return self.astype(dtype)
        return self.clone() if copy else self

    @property
    def device(self):
        """Where the data lives, always ``minigrad.device("cpu")``."""
        return _device.CPU

    @property
    def is_cuda(self):
        """Whether the data is on a CUDA GPU, always False."""
        return False

    @property
    def is_cpu(self):
        """Whether the data is on the CPU, always True."""
        return True

    def get_device(self):
        """The ordinal of the device holding the data: -1, meaning the CPU, as in PyTorch."""
        return -1

    def cpu(self):
        """This tensor (it is already on the CPU)."""
        return self

    def cuda(self, *args, **kwargs):
        """Always raises ``RuntimeError``: minigrad runs on the CPU only."""
        raise RuntimeError("cuda: minigrad runs on the CPU only; there is no GPU backend")

    def type(self, dtype=None, non_blocking=False):
        """The type name, or this tensor converted to ``dtype``, as PyTorch's ``Tensor.type``.

        Without ``dtype``, returns the legacy type name of the dtype with
        ``minigrad.`` where PyTorch writes ``torch.``: ``"minigrad.FloatTensor"``
        for float32, ``"minigrad.DoubleTensor"``, ``"minigrad.LongTensor"`` ...
        With ``dtype`` (a dtype, a type name with either prefix, or a legacy
        class such as :class:`minigrad.FloatTensor`), returns
        ``self`` when the dtype already matches, else a converted tensor, as
        :meth:`to` does.

        Examples
        --------
        >>> import minigrad
        >>> x = minigrad.ones(2)
        >>> x.type()
        'minigrad.FloatTensor'
        >>> x.type(minigrad.float64).type()
        'minigrad.DoubleTensor'
        >>> x.type("torch.LongTensor")
        tensor([1, 1])
        """
        if dtype is None:
            return "minigrad." + _TYPE_NAMES[self._data.dtype]
        if isinstance(dtype, str) and dtype.endswith("Tensor"):
            dtype = _dtype_of_type_name(dtype)
        elif isinstance(getattr(dtype, "is_cuda", None), bool):  # a legacy class: FloatTensor
            if dtype.is_cuda:
                raise RuntimeError(f"type: minigrad runs on CPUs only; there is no CUDA "
                                   f"device for {dtype._name()}")
            dtype = dtype.dtype
        dtype = dtypes.resolve(dtype, "type")
        return self if dtype == self._data.dtype else self.astype(dtype)

    def float(self):
        """Convert to float32."""
        return self.astype(np.float32)

    def double(self):
        """Convert to float64."""
        return self.astype(np.float64)

    def long(self):
        """Convert to int64 (no gradient)."""
        return self.astype(np.int64)

    def int(self):
        """Convert to int32 (no gradient)."""
        return self.astype(np.int32)

    def bool(self):
        """Convert to bool (no gradient)."""
        return self.astype(np.bool_)

    def clone(self, *, memory_format=None):
        """A copy of the values, recorded (gradients flow back to this tensor).

        ``memory_format`` is :data:`minigrad.preserve_format` (the default:
        the copy keeps this tensor's stride order) or
        :data:`minigrad.contiguous_format` (row-major).
        """
        return _elementwise.clone(self, _memory_order(memory_format, "clone"))

    def __repr__(self):
        # PyTorch's format; minigrad.set_printoptions changes it (minigrad/_tensor_str.py).
        return _tensor_str.tensor_repr(self, dtypes.get_default_dtype())

    def __hash__(self):
        return id(self)

    def __deepcopy__(self, memo):
        if self.grad_fn is not None:
            raise RuntimeError("deepcopy: only leaf tensors support the deepcopy protocol")
        t = Tensor._make(self._data.copy(), self._requires_grad)
        if self.grad is not None:
            t.grad = Tensor._make(self.grad._data.copy(), False)
        memo[id(self)] = t
        return t

    # ------------------------------------------------------------------ arithmetic
    def __add__(self, other):
        return _elementwise.add(self, other)

    def __radd__(self, other):
        return _elementwise.add(other, self)

    def __sub__(self, other):
        return _elementwise.sub(self, other)

    def __rsub__(self, other):
        return _elementwise.sub(other, self)

    def __mul__(self, other):
        return _elementwise.mul(self, other)

    def __rmul__(self, other):
        return _elementwise.mul(other, self)

    def __truediv__(self, other):
        return _elementwise.div(self, other)

    def __rtruediv__(self, other):
        return _elementwise.div(other, self)

    def __pow__(self, other):
        return _elementwise.pow(self, other)

    def __rpow__(self, other):
        return _elementwise.pow(other, self)

    def __neg__(self):
        return _elementwise.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _elementwise.abs(self)

    def __matmul__(self, other):
        return _matmul.matmul(self, other)

    def __rmatmul__(self, other):
        return _matmul.matmul(other, self)

    # ------------------------------------------------------------------ in place
    def __iadd__(self, other):
        return _inplace(self, "add", other)

    def __isub__(self, other):
        return _inplace(self, "sub", other)

    def __imul__(self, other):
        return _inplace(self, "mul", other)

    def __itruediv__(self, other):
        return _inplace(self, "div", other)

    def add_(self, other, *, alpha=1):
        """In-place ``self += alpha * other``."""
        if type(alpha) is not int or alpha != 1:
            _elementwise._check_alpha("add_", alpha, self, other)
            other = other * alpha
        return _inplace(self, "add", other)

    def sub_(self, other, *, alpha=1):
        """In-place ``self -= alpha * other``."""
        if type(alpha) is not int or alpha != 1:
            _elementwise._check_alpha("sub_", alpha, self, other)
            other = other * alpha
        return _inplace(self, "sub", other)

    def mul_(self, other):
        """In-place ``self *= other``."""
        return _inplace(self, "mul", other)

    def div_(self, other, *, rounding_mode=None):
        """In-place ``self /= other``, optionally rounded as :func:`minigrad.div`."""
        if rounding_mode is None:
            return _inplace(self, "div", other)
        return _inplace_fn(self, "div_", _elementwise.div, other, rounding_mode=rounding_mode)

    def clamp_(self, min=None, max=None):
        """In-place :meth:`clamp`."""
        return _inplace(self, "clamp", min, max)

    def copy_(self, src):
        """Copy ``src`` (broadcast to this shape) into this tensor."""
        return _inplace(self, "copy", src)

    def fill_(self, value):
        """Set every element to ``value``."""
        return _inplace(self, "fill", value)

    def zero_(self):
        """Set every element to zero."""
        return _inplace(self, "fill", 0)

    def normal_(self, mean=0.0, std=1.0):
        """Fill with samples of a normal distribution, from minigrad's generator."""
        mean, std = check_number("normal_", "mean", mean), check_number("normal_", "std", std)
        if not (0 <= std < math.inf and math.isfinite(mean)):
            raise ValueError(f"normal_: expects std >= 0, mean and std finite, got "
                             f"mean={mean}, std={std}")
        return self.copy_(random.generator().normal(mean, std, self.shape))

    def uniform_(self, a=0.0, b=1.0):
        """Fill with samples of a uniform distribution on [a, b), from minigrad's generator."""
        a, b = check_number("uniform_", "from", a), check_number("uniform_", "to", b)
        if not (math.isfinite(a) and math.isfinite(b) and a <= b):
            raise ValueError(f"uniform_: expects a <= b, both finite, got a={a}, b={b}")
        return self.copy_(random.generator().uniform(a, b, self.shape))

    # ------------------------------------------------------------------ math
    def exp(self):
        """The exponential of each element; see :func:`minigrad.exp`."""
        return _elementwise.exp(self)

    def log(self):
        """The natural logarithm of each element; see :func:`minigrad.log`."""
        return _elementwise.log(self)

    def sqrt(self):
        """The square root of each element; see :func:`minigrad.sqrt`."""
        return _elementwise.sqrt(self)

    def abs(self):
        """The absolute value of each element; see :func:`minigrad.abs`."""
        return _elementwise.abs(self)

    def sin(self):
        """The sine of each element; see :func:`minigrad.sin`."""
        return _elementwise.sin(self)

    def cos(self):
        """The cosine of each element; see :func:`minigrad.cos`."""
        return _elementwise.cos(self)

    def clamp(self, min=None, max=None):
        """Each element limited to ``[min, max]``; see :func:`minigrad.clamp`."""
        return _elementwise.clamp(self, min, max)

    clip = clamp

    def maximum(self, other):
        """The elementwise maximum with ``other``; see :func:`minigrad.maximum`."""
        return _elementwise.maximum(self, other)

    def minimum(self, other):
        """The elementwise minimum with ``other``; see :func:`minigrad.minimum`."""
        return _elementwise.minimum(self, other)

    def pow(self, exponent):
        """Each element to the power ``exponent``; see :func:`minigrad.pow`."""
        return _elementwise.pow(self, exponent)

    def matmul(self, other):
        """The matrix product ``self @ other``; see :func:`minigrad.matmul`."""
        return self.__matmul__(other)

    @accepts_axis
    def sum(self, dim=None, keepdim=False):
        """The sum over ``dim`` (all dimensions by default); see :func:`minigrad.sum`."""
        return _reduce.sum(self, dim, keepdim)

    @accepts_axis
    def mean(self, dim=None, keepdim=False):
        """The mean over ``dim`` (all dimensions by default); see :func:`minigrad.mean`."""
        return _reduce.mean(self, dim, keepdim)

    @accepts_axis
    def var(self, dim=None, unbiased=None, keepdim=False, correction=None):
        """The variance over ``dim`` (unbiased by default); see :func:`minigrad.var`."""
        return _reduce.var(self, dim, unbiased, keepdim, correction)

    @accepts_axis
    def std(self, dim=None, unbiased=None, keepdim=False, correction=None):
        """The standard deviation over ``dim`` (unbiased by default); see :func:`minigrad.std`."""
        return _reduce.std(self, dim, unbiased, keepdim, correction)

    @accepts_axis
    def max(self, dim=None, keepdim=False):
        """The largest element, or the maxima along ``dim``; see :func:`minigrad.max`."""
        return _reduce.max(self, dim, keepdim)

    @accepts_axis
    def min(self, dim=None, keepdim=False):
        """The smallest element, or the minima along ``dim``; see :func:`minigrad.min`."""
        return _reduce.min(self, dim, keepdim)

    @accepts_axis
    def logsumexp(self, dim, keepdim=False):
        """``log(sum(exp(self)))`` over ``dim``; see :func:`minigrad.logsumexp`."""
        return _reduce.logsumexp(self, dim, keepdim)

    @accepts_axis
    def argmax(self, dim=None, keepdim=False):
        """The indices of the largest elements; see :func:`minigrad.argmax`."""
        return _reduce.argmax(self, dim, keepdim)

    @accepts_axis
    def argmin(self, dim=None, keepdim=False):
        """The indices of the smallest elements; see :func:`minigrad.argmin`."""
        return _reduce.argmin(self, dim, keepdim)

    def relu(self):
        """See :func:`minigrad.nn.functional.relu`."""
        return _activation.relu(self)

    def sigmoid(self):
        """See :func:`minigrad.nn.functional.sigmoid`."""
        return _activation.sigmoid(self)

    def tanh(self):
        """See :func:`minigrad.nn.functional.tanh`."""
        return _activation.tanh(self)

    @accepts_axis
    def softmax(self, dim):
        """See :func:`minigrad.nn.functional.softmax`."""
        return _activation.softmax(self, dim)

    @accepts_axis
    def log_softmax(self, dim):
        """See :func:`minigrad.nn.functional.log_softmax`."""
        return _activation.log_softmax(self, dim)

    # ------------------------------------------------------------------ sorting, scans, products, norms, statistics
    def sort(self, dim=-1, descending=False, *, stable=False):
        """The elements sorted along ``dim`` and their indices; see :func:`minigrad.sort`."""
        return _sort.sort(self, dim, descending, stable=stable)

    def argsort(self, dim=-1, descending=False, stable=False):
        """The indices that sort along ``dim``; see :func:`minigrad.argsort`."""
        return _sort.argsort(self, dim, descending, stable)

    def topk(self, k, dim=-1, largest=True, sorted=True):
        """The ``k`` largest (or smallest) elements and their indices; see :func:`minigrad.topk`."""
        return _sort.topk(self, k, dim, largest, sorted)

    def kthvalue(self, k, dim=-1, keepdim=False):
        """The ``k``-th smallest element along ``dim``; see :func:`minigrad.kthvalue`."""
        return _sort.kthvalue(self, k, dim, keepdim)

    def median(self, dim=None, keepdim=False):
        """The (lower) median, or the medians along ``dim``; see :func:`minigrad.median`."""
        return _sort.median(self, dim, keepdim)

    def mode(self, dim=-1, keepdim=False):
        """The most frequent value along ``dim``; see :func:`minigrad.mode`."""
        return _sort.mode(self, dim, keepdim)

    def unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
        """The distinct elements; see :func:`minigrad.unique`."""
        return _sort.unique(self, sorted, return_inverse, return_counts, dim)

    def cumsum(self, dim, dtype=None):
        """The cumulative sum along ``dim``; see :func:`minigrad.cumsum`."""
        return _scan.cumsum(self, dim, dtype)

    def cumprod(self, dim, dtype=None):
        """The cumulative product along ``dim``; see :func:`minigrad.cumprod`."""
        return _scan.cumprod(self, dim, dtype)

    def cummax(self, dim):
        """The running maximum along ``dim`` and its indices; see :func:`minigrad.cummax`."""
        return _scan.cummax(self, dim)

    def cummin(self, dim):
        """The running minimum along ``dim`` and its indices; see :func:`minigrad.cummin`."""
        return _scan.cummin(self, dim)

    def logcumsumexp(self, dim):
        """``log(cumsum(exp(self)))`` along ``dim``; see :func:`minigrad.logcumsumexp`."""
        return _scan.logcumsumexp(self, dim)

    def diff(self, n=1, dim=-1, prepend=None, append=None):
        """The ``n``-th forward difference along ``dim``; see :func:`minigrad.diff`."""
        return _scan.diff(self, n, dim, prepend, append)

    def mm(self, mat2):
        """The matrix product with ``mat2``; see :func:`minigrad.mm`."""
        return _matmul.mm(self, mat2)

    def bmm(self, mat2):
        """Batched matrix products with ``mat2``; see :func:`minigrad.bmm`."""
        return _matmul.bmm(self, mat2)

    def mv(self, vec):
        """The product with the vector ``vec``; see :func:`minigrad.mv`."""
        return _matmul.mv(self, vec)

    def dot(self, other):
        """The inner product with the vector ``other``; see :func:`minigrad.dot`."""
        return _matmul.dot(self, other)

    def outer(self, vec2):
        """The outer product with ``vec2``; see :func:`minigrad.outer`."""
        return _matmul.outer(self, vec2)

    def addmm(self, mat1, mat2, *, beta=1, alpha=1):
        """``beta * self + alpha * (mat1 @ mat2)``; see :func:`minigrad.addmm`."""
        return _matmul.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def baddbmm(self, batch1, batch2, *, beta=1, alpha=1):
        """``beta * self + alpha * bmm(batch1, batch2)``; see :func:`minigrad.baddbmm`."""
        return _matmul.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha)

    def kron(self, other):
        """The Kronecker product with ``other``; see :func:`minigrad.kron`."""
        return _matmul.kron(self, other)

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        """A vector norm (or the nuclear norm), as ``torch.norm``; see :func:`minigrad.norm`."""
        return _linalg.norm(self, p, dim, keepdim, dtype)

    def prod(self, dim=None, keepdim=False, dtype=None):
        """The product over all elements or along ``dim``; see :func:`minigrad.prod`."""
        return _reduce.prod(self, dim, keepdim, dtype)

    def amax(self, dim=(), keepdim=False):
        """The largest elements over ``dim`` (all by default); see :func:`minigrad.amax`."""
        return _reduce.amax(self, dim, keepdim)

    def amin(self, dim=(), keepdim=False):
        """The smallest elements over ``dim`` (all by default); see :func:`minigrad.amin`."""
        return _reduce.amin(self, dim, keepdim)

    def aminmax(self, *, dim=None, keepdim=False):
        """The minimum and the maximum; see :func:`minigrad.aminmax`."""
        return _reduce.aminmax(self, dim=dim, keepdim=keepdim)

    def nansum(self, dim=None, keepdim=False):
        """The sum with NaN counted as zero; see :func:`minigrad.nansum`."""
        return _reduce.nansum(self, dim, keepdim)

    def nanmean(self, dim=None, keepdim=False):
        """The mean of the elements that are not NaN; see :func:`minigrad.nanmean`."""
        return _reduce.nanmean(self, dim, keepdim)

    def clamp_min(self, min):
        """Each element at least ``min``; see :func:`minigrad.clamp_min`."""
        return _elementwise.clamp_min(self, min)

    def clamp_max(self, max):
        """Each element at most ``max``; see :func:`minigrad.clamp_max`."""
        return _elementwise.clamp_max(self, max)

    # ------------------------------------------------------------------ shape
    def reshape(self, *shape):
        """The same values in a new shape (sizes or one tuple); see :func:`minigrad.reshape`."""
        return _shape.reshape(self, _varargs(shape))

    def view(self, *shape):
        """The same values in a new shape, sharing memory; the tensor must be contiguous."""
        return _shape.view(self, _varargs(shape))

    def flatten(self, start_dim=0, end_dim=-1):
        """Dimensions ``start_dim`` to ``end_dim`` merged into one; see :func:`minigrad.flatten`."""
        return _shape.flatten(self, start_dim, end_dim)

    @accepts_axis
    def squeeze(self, dim=None):
        """Dimensions of size 1 removed; see :func:`minigrad.squeeze`."""
        return _shape.squeeze(self, dim)

    @accepts_axis
    def unsqueeze(self, dim):
        """A dimension of size 1 inserted at ``dim``; see :func:`minigrad.unsqueeze`."""
        return _shape.unsqueeze(self, dim)

    def transpose(self, dim0, dim1):
        """Dimensions ``dim0`` and ``dim1`` swapped; see :func:`minigrad.transpose`."""
        return _shape.transpose(self, dim0, dim1)

    def permute(self, *dims):
        """The dimensions reordered (as arguments or one tuple); see :func:`minigrad.permute`."""
        return _shape.permute(self, _varargs(dims))

    def expand(self, *sizes):
        """This tensor broadcast to ``sizes`` without copying; ``-1`` keeps a dimension."""
        return _shape.expand(self, _varargs(sizes))

    def expand_as(self, other):
        """This tensor broadcast to the shape of ``other`` without copying."""
        if not isinstance(other, Tensor):
            raise TypeError(f"expand_as: expected other to be a Tensor, got {type(other).__name__}")
        return _shape.expand(self, other.shape)

    def repeat(self, *repeats):
        """The tensor tiled: dimension ``i`` repeated ``repeats[i]`` times."""
        return _shape.repeat(self, _varargs(repeats))

    def tile(self, *dims):
        """The tensor tiled, ones prepended to short ``dims``; see :func:`minigrad.tile`."""
        return _shape.tile(self, _varargs(dims))

    def broadcast_to(self, shape):
        """This tensor broadcast to ``shape``; see :func:`minigrad.broadcast_to`."""
        return _shape.broadcast_to(self, shape)

    @accepts_axis
    def split(self, split_size_or_sections, dim=0):
        """Pieces along ``dim`` of a given size, or of listed sizes; see :func:`minigrad.split`."""
        return _shape.split(self, split_size_or_sections, dim)

    @accepts_axis
    def chunk(self, chunks, dim=0):
        """``chunks`` pieces of equal size along ``dim``; see :func:`minigrad.chunk`."""
        return _shape.chunk(self, chunks, dim)

    def ravel(self):
        """The elements in one dimension; see :func:`minigrad.ravel`."""
        return _shape.ravel(self)

    def unflatten(self, dim, sizes):
        """Dimension ``dim`` split into ``sizes``; see :func:`minigrad.unflatten`."""
        return _shape.unflatten(self, dim, sizes)

    def movedim(self, source, destination):
        """Dimensions ``source`` moved to ``destination``; see :func:`minigrad.movedim`."""
        return _shape.movedim(self, source, destination)

    def moveaxis(self, source, destination):
        """Dimensions ``source`` moved to ``destination``; see :func:`minigrad.moveaxis`."""
        return _shape.moveaxis(self, source, destination)

    def swapaxes(self, axis0, axis1):
        """Dimensions ``axis0`` and ``axis1`` swapped; see :func:`minigrad.swapaxes`."""
        return _shape.swapaxes(self, axis0, axis1)

    def swapdims(self, dim0, dim1):
        """Dimensions ``dim0`` and ``dim1`` swapped; see :func:`minigrad.swapdims`."""
        return _shape.swapdims(self, dim0, dim1)

    def narrow(self, dim, start, length):
        """``length`` elements from ``start`` along ``dim``; see :func:`minigrad.narrow`."""
        return _shape.narrow(self, dim, start, length)

    def select(self, dim, index):
        """The slice at ``index`` along ``dim``, which is removed; see :func:`minigrad.select`."""
        return _shape.select(self, dim, index)

    def rot90(self, k=1, dims=(0, 1)):
        """Rotated by 90 degrees ``k`` times in the ``dims`` plane; see :func:`minigrad.rot90`."""
        return _shape.rot90(self, k, dims)

    def take(self, index):
        """The elements of the flattened tensor at ``index``; see :func:`minigrad.take`."""
        return _indexing.take(self, index)

    def msort(self):
        """Sorted along the first dimension; see :func:`minigrad.msort`."""
        return _sort.msort(self)

    def inner(self, other):
        """The inner product over the last dimensions; see :func:`minigrad.inner`."""
        return _matmul.inner(self, other)

    def dist(self, other, p=2):
        """The ``p``-norm of ``self - other``; see :func:`minigrad.dist`."""
        return _distance.dist(self, other, p)

    @property
    def T(self):
        """The dimensions reversed (a transpose for matrices)."""
        return _shape.permute(self, tuple(range(self._data.ndim - 1, -1, -1)))

    def t(self):
        """The transpose of a matrix (a tensor with at most 2 dimensions)."""
        return _shape.t(self)

    # ------------------------------------------------------------------ arithmetic methods
    def add(self, other, *, alpha=1):
        """``self + alpha * other``; see :func:`minigrad.add`."""
        return _elementwise.add(self, other, alpha=alpha)

    def sub(self, other, *, alpha=1):
        """``self - alpha * other``; see :func:`minigrad.sub`."""
        return _elementwise.sub(self, other, alpha=alpha)

    subtract = sub

    def mul(self, other):
        """``self * other``; see :func:`minigrad.mul`."""
        return _elementwise.mul(self, other)

    multiply = mul

    def div(self, other, *, rounding_mode=None):
        """``self / other``, optionally rounded; see :func:`minigrad.div`."""
        return _elementwise.div(self, other, rounding_mode=rounding_mode)

    divide = div

    def true_divide(self, other):
        """``self / other``; see :func:`minigrad.true_divide`."""
        return _elementwise.true_divide(self, other)

    def floor_divide(self, other):
        """``self // other``; see :func:`minigrad.floor_divide`."""
        return _elementwise.floor_divide(self, other)

    def remainder(self, other):
        """Python's ``self % other``; see :func:`minigrad.remainder`."""
        return _elementwise.remainder(self, other)

    def fmod(self, other):
        """C's ``fmod(self, other)``; see :func:`minigrad.fmod`."""
        return _elementwise.fmod(self, other)

    def __floordiv__(self, other):
        return _elementwise.floor_divide(self, other)

    def __rfloordiv__(self, other):
        return _elementwise.floor_divide(other, self)

    def __mod__(self, other):
        return _elementwise.remainder(self, other)

    def __rmod__(self, other):
        return _elementwise.remainder(other, self)

    def lerp(self, end, weight):
        """``self + weight * (end - self)``; see :func:`minigrad.lerp`."""
        return _elementwise.lerp(self, end, weight)

    def addcmul(self, tensor1, tensor2, *, value=1):
        """``self + value * tensor1 * tensor2``; see :func:`minigrad.addcmul`."""
        return _elementwise.addcmul(self, tensor1, tensor2, value=value)

    def addcdiv(self, tensor1, tensor2, *, value=1):
        """``self + value * tensor1 / tensor2``; see :func:`minigrad.addcdiv`."""
        return _elementwise.addcdiv(self, tensor1, tensor2, value=value)

    def lerp_(self, end, weight):
        """In-place :meth:`lerp`."""
        return _inplace_fn(self, "lerp_", _elementwise.lerp, end, weight)

    def addcmul_(self, tensor1, tensor2, *, value=1):
        """In-place :meth:`addcmul`."""
        return _inplace_fn(self, "addcmul_", _elementwise.addcmul, tensor1, tensor2, value=value)

    def addcdiv_(self, tensor1, tensor2, *, value=1):
        """In-place :meth:`addcdiv`."""
        return _inplace_fn(self, "addcdiv_", _elementwise.addcdiv, tensor1, tensor2, value=value)

    # ------------------------------------------------------------------ more elementwise math
    def reciprocal(self):
        """``1 / self``; see :func:`minigrad.reciprocal`."""
        return _unary.reciprocal(self)

    def rsqrt(self):
        """``1 / sqrt(self)``; see :func:`minigrad.rsqrt`."""
        return _unary.rsqrt(self)

    def square(self):
        """``self * self``; see :func:`minigrad.square`."""
        return _unary.square(self)

    def log1p(self):
        """``log(1 + self)``; see :func:`minigrad.log1p`."""
        return _unary.log1p(self)

    def expm1(self):
        """``exp(self) - 1``; see :func:`minigrad.expm1`."""
        return _unary.expm1(self)

    def log2(self):
        """The base-2 logarithm; see :func:`minigrad.log2`."""
        return _unary.log2(self)

    def log10(self):
        """The base-10 logarithm; see :func:`minigrad.log10`."""
        return _unary.log10(self)

    def exp2(self):
        """``2 ** self``; see :func:`minigrad.exp2`."""
        return _unary.exp2(self)

    def sign(self):
        """-1, 0 or 1 by sign; see :func:`minigrad.sign`."""
        return _unary.sign(self)

    def floor(self):
        """Rounded down; see :func:`minigrad.floor`."""
        return _unary.floor(self)

    def ceil(self):
        """Rounded up; see :func:`minigrad.ceil`."""
        return _unary.ceil(self)

    def round(self, *, decimals=0):
        """Rounded half to even; see :func:`minigrad.round`."""
        return _unary.round(self, decimals=decimals)

    def trunc(self):
        """Rounded towards zero; see :func:`minigrad.trunc`."""
        return _unary.trunc(self)

    def frac(self):
        """``self - trunc(self)``; see :func:`minigrad.frac`."""
        return _unary.frac(self)

    def neg(self):
        """``-self``; see :func:`minigrad.neg`."""
        return _elementwise.neg(self)

    def negative(self):
        """``-self``; see :func:`minigrad.negative`."""
        return _elementwise.negative(self)

    def positive(self):
        """This tensor itself; see :func:`minigrad.positive`."""
        return _elementwise.positive(self)

    def sgn(self):
        """-1, 0 or 1 by sign; see :func:`minigrad.sgn`."""
        return _unary.sgn(self)

    def deg2rad(self):
        """Degrees converted to radians; see :func:`minigrad.deg2rad`."""
        return _unary.deg2rad(self)

    def rad2deg(self):
        """Radians converted to degrees; see :func:`minigrad.rad2deg`."""
        return _unary.rad2deg(self)

    def sinc(self):
        """``sin(pi x) / (pi x)``; see :func:`minigrad.sinc`."""
        return _unary.sinc(self)

    def tan(self):
        """The tangent of each element; see :func:`minigrad.tan`."""
        return _unary.tan(self)

    def erf(self):
        """The error function of each element; see :func:`minigrad.erf`."""
        return _unary.erf(self)

    def tan_(self):
        """In-place :meth:`tan`."""
        return _inplace_fn(self, "tan_", _unary.tan)

    def erf_(self):
        """In-place :meth:`erf`."""
        return _inplace_fn(self, "erf_", _unary.erf)

    def bernoulli(self, p=None, *, generator=None):
        """0 or 1, 1 with the probability of each element; see :func:`minigrad.bernoulli`."""
        return _creation.bernoulli(self, p, generator=generator)

    def multinomial(self, num_samples, replacement=False, *, generator=None):
        """Categories drawn by the weights in each row; see :func:`minigrad.multinomial`."""
        return _creation.multinomial(self, num_samples, replacement, generator=generator)

    def logit(self, eps=None):
        """The log-odds ``log(p / (1 - p))``; see :func:`minigrad.logit`."""
        return _unary.logit(self, eps)

    def nan_to_num(self, nan=0.0, posinf=None, neginf=None):
        """NaN and infinities replaced by finite numbers; see :func:`minigrad.nan_to_num`."""
        return _unary.nan_to_num(self, nan, posinf, neginf)

    def xlogy(self, other):
        """``self * log(other)``, 0 where ``self`` is 0; see :func:`minigrad.xlogy`."""
        return _elementwise.xlogy(self, other)

    def hypot(self, other):
        """``sqrt(self ** 2 + other ** 2)``; see :func:`minigrad.hypot`."""
        return _elementwise.hypot(self, other)

    def logaddexp(self, other):
        """``log(exp(self) + exp(other))``; see :func:`minigrad.logaddexp`."""
        return _elementwise.logaddexp(self, other)

    def copysign(self, other):
        """The magnitude of ``self`` with the sign of ``other``; see :func:`minigrad.copysign`."""
        return _elementwise.copysign(self, other)

    def float_power(self, exponent):
        """``self ** exponent`` in float64; see :func:`minigrad.float_power`."""
        return _elementwise.float_power(self, exponent)

    def sqrt_(self):
        """In-place :meth:`sqrt`."""
        return _inplace_fn(self, "sqrt_", _elementwise.sqrt)

    def exp_(self):
        """In-place :meth:`exp`."""
        return _inplace_fn(self, "exp_", _elementwise.exp)

    def log_(self):
        """In-place :meth:`log`."""
        return _inplace_fn(self, "log_", _elementwise.log)

    def neg_(self):
        """In-place negation."""
        return _inplace_fn(self, "neg_", _elementwise.neg)

    def negative_(self):
        """In-place :meth:`negative`."""
        return _inplace_fn(self, "negative_", _elementwise.negative)

    def square_(self):
        """In-place :meth:`square`."""
        return _inplace_fn(self, "square_", _unary.square)

    def abs_(self):
        """In-place :meth:`abs`."""
        return _inplace_fn(self, "abs_", _elementwise.abs)

    def reciprocal_(self):
        """In-place :meth:`reciprocal`."""
        return _inplace_fn(self, "reciprocal_", _unary.reciprocal)

    def sign_(self):
        """In-place :meth:`sign`."""
        return _inplace_fn(self, "sign_", _unary.sign)

    def floor_(self):
        """In-place :meth:`floor`."""
        return _inplace_fn(self, "floor_", _unary.floor)

    def ceil_(self):
        """In-place :meth:`ceil`."""
        return _inplace_fn(self, "ceil_", _unary.ceil)

    def round_(self, *, decimals=0):
        """In-place :meth:`round`."""
        return _inplace_fn(self, "round_", _unary.round, decimals=decimals)

    def trunc_(self):
        """In-place :meth:`trunc`."""
        return _inplace_fn(self, "trunc_", _unary.trunc)

    # ------------------------------------------------------------------ comparison and logic
    def __eq__(self, other):
        if not _compare.is_operand(other):
            return NotImplemented
        return _compare.eq(self, other)

    def __ne__(self, other):
        if not _compare.is_operand(other):
            return NotImplemented
        return _compare.ne(self, other)

    def __lt__(self, other):
        return _compare.lt(self, other)

    def __le__(self, other):
        return _compare.le(self, other)

    def __gt__(self, other):
        return _compare.gt(self, other)

    def __ge__(self, other):
        return _compare.ge(self, other)

    def __invert__(self):
        return _compare.bitwise_not(self)

    def __and__(self, other):
        return _compare.bitwise_and(self, other)

    def __rand__(self, other):
        return _compare.bitwise_and(self, other)

    def __or__(self, other):
        return _compare.bitwise_or(self, other)

    def __ror__(self, other):
        return _compare.bitwise_or(self, other)

    def __xor__(self, other):
        return _compare.bitwise_xor(self, other)

    def __rxor__(self, other):
        return _compare.bitwise_xor(self, other)

    def eq(self, other):
        """``self == other`` elementwise; see :func:`minigrad.eq`."""
        return _compare.eq(self, other)

    def ne(self, other):
        """``self != other`` elementwise; see :func:`minigrad.ne`."""
        return _compare.ne(self, other)

    def lt(self, other):
        """``self < other`` elementwise; see :func:`minigrad.lt`."""
        return _compare.lt(self, other)

    def le(self, other):
        """``self <= other`` elementwise; see :func:`minigrad.le`."""
        return _compare.le(self, other)

    def gt(self, other):
        """``self > other`` elementwise; see :func:`minigrad.gt`."""
        return _compare.gt(self, other)

    def ge(self, other):
        """``self >= other`` elementwise; see :func:`minigrad.ge`."""
        return _compare.ge(self, other)

    not_equal = ne
    less = lt
    less_equal = le
    greater = gt
    greater_equal = ge

    def logical_and(self, other):
        """True where both are nonzero; see :func:`minigrad.logical_and`."""
        return _compare.logical_and(self, other)

    def logical_or(self, other):
        """True where either is nonzero; see :func:`minigrad.logical_or`."""
        return _compare.logical_or(self, other)

    def logical_xor(self, other):
        """True where exactly one is nonzero; see :func:`minigrad.logical_xor`."""
        return _compare.logical_xor(self, other)

    def logical_not(self):
        """True where zero; see :func:`minigrad.logical_not`."""
        return _compare.logical_not(self)

    def bitwise_and(self, other):
        """``self & other``; see :func:`minigrad.bitwise_and`."""
        return _compare.bitwise_and(self, other)

    def bitwise_or(self, other):
        """``self | other``; see :func:`minigrad.bitwise_or`."""
        return _compare.bitwise_or(self, other)

    def bitwise_xor(self, other):
        """``self ^ other``; see :func:`minigrad.bitwise_xor`."""
        return _compare.bitwise_xor(self, other)

    def bitwise_not(self):
        """``~self``; see :func:`minigrad.bitwise_not`."""
        return _compare.bitwise_not(self)

    @accepts_axis
    def all(self, dim=None, keepdim=False):
        """True where every element (along ``dim``) is nonzero; see :func:`minigrad.all`."""
        return _compare.all(self, dim, keepdim)

    @accepts_axis
    def any(self, dim=None, keepdim=False):
        """True where some element (along ``dim``) is nonzero; see :func:`minigrad.any`."""
        return _compare.any(self, dim, keepdim)

    def isnan(self):
        """True where NaN; see :func:`minigrad.isnan`."""
        return _compare.isnan(self)

    def isinf(self):
        """True where infinite; see :func:`minigrad.isinf`."""
        return _compare.isinf(self)

    def isfinite(self):
        """True where finite; see :func:`minigrad.isfinite`."""
        return _compare.isfinite(self)

    def isposinf(self):
        """True where positive infinity; see :func:`minigrad.isposinf`."""
        return _compare.isposinf(self)

    def isneginf(self):
        """True where negative infinity; see :func:`minigrad.isneginf`."""
        return _compare.isneginf(self)

    def signbit(self):
        """True where the sign bit is set; see :func:`minigrad.signbit`."""
        return _compare.signbit(self)

    def isreal(self):
        """True everywhere (minigrad has no complex dtypes); see :func:`minigrad.isreal`."""
        return _compare.isreal(self)

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        """True where close to ``other``; see :func:`minigrad.isclose`."""
        return _compare.isclose(self, other, rtol, atol, equal_nan)

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        """Whether every element is close to ``other``; see :func:`minigrad.allclose`."""
        return _compare.allclose(self, other, rtol, atol, equal_nan)

    def equal(self, other):
        """Whether ``other`` has this shape and these values; see :func:`minigrad.equal`."""
        return _compare.equal(self, other)

    def nonzero(self, *, as_tuple=False):
        """The indices of the nonzero elements; see :func:`minigrad.nonzero`."""
        return _indexing.nonzero(self, as_tuple=as_tuple)

    @accepts_axis
    def count_nonzero(self, dim=None):
        """The number of nonzero elements; see :func:`minigrad.count_nonzero`."""
        return _compare.count_nonzero(self, dim)

    # ------------------------------------------------------------------ indexing by tensors
    def where(self, condition, other):
        """``self`` where ``condition`` holds, ``other`` elsewhere; see :func:`minigrad.where`."""
        return _indexing.where(condition, self, other)

    def masked_fill(self, mask, value):
        """``value`` where ``mask`` is True; see :func:`minigrad.masked_fill`."""
        return _indexing.masked_fill(self, mask, value)

    def masked_fill_(self, mask, value):
        """In-place :meth:`masked_fill`."""
        return _inplace_fn(self, "masked_fill_", _indexing.masked_fill, mask, value)

    def fill_diagonal_(self, fill_value, wrap=False):
        """``fill_value`` written on the main diagonal, in place; see
        :func:`minigrad.ops.indexing.fill_diagonal`."""
        return _inplace_fn(self, "fill_diagonal_", _indexing.fill_diagonal, fill_value, wrap)

    def masked_select(self, mask):
        """The elements where ``mask`` is True, 1-d; see :func:`minigrad.masked_select`."""
        return _indexing.masked_select(self, mask)

    @accepts_axis
    def gather(self, dim, index):
        """Values along ``dim`` at ``index``; see :func:`minigrad.gather`."""
        return _indexing.gather(self, dim, index)

    @accepts_axis
    def scatter(self, dim, index, src=None, *, value=None, reduce=None):
        """``src`` written along ``dim`` at ``index``; see :func:`minigrad.scatter`."""
        return _indexing.scatter(self, dim, index, src, value=value, reduce=reduce)

    @accepts_axis
    def scatter_(self, dim, index, src=None, *, value=None, reduce=None):
        """In-place :meth:`scatter`."""
        return _inplace_fn(self, "scatter_", _indexing.scatter, dim, index, src, value=value,
                           reduce=reduce)

    @accepts_axis
    def scatter_add(self, dim, index, src):
        """``src`` added along ``dim`` at ``index``; see :func:`minigrad.scatter_add`."""
        return _indexing.scatter_add(self, dim, index, src)

    @accepts_axis
    def scatter_add_(self, dim, index, src):
        """In-place :meth:`scatter_add`."""
        return _inplace_fn(self, "scatter_add_", _indexing.scatter_add, dim, index, src)

    @accepts_axis
    def index_select(self, dim, index):
        """The slices along ``dim`` at ``index``; see :func:`minigrad.index_select`."""
        return _indexing.index_select(self, dim, index)

    @accepts_axis
    def index_add(self, dim, index, source, *, alpha=1):
        """``alpha * source`` added to slices along ``dim``; see :func:`minigrad.index_add`."""
        return _indexing.index_add(self, dim, index, source, alpha=alpha)

    @accepts_axis
    def index_add_(self, dim, index, source, *, alpha=1):
        """In-place :meth:`index_add`."""
        return _inplace_fn(self, "index_add_", _indexing.index_add, dim, index, source, alpha=alpha)

    @accepts_axis
    def index_fill(self, dim, index, value):
        """``value`` in the slices along ``dim`` at ``index``; see :func:`minigrad.index_fill`."""
        return _indexing.index_fill(self, dim, index, value)

    @accepts_axis
    def index_fill_(self, dim, index, value):
        """In-place :meth:`index_fill`."""
        return _inplace_fn(self, "index_fill_", _indexing.index_fill, dim, index, value)

    @accepts_axis
    def take_along_dim(self, indices, dim=None):
        """Values at ``indices`` along ``dim``; see :func:`minigrad.take_along_dim`."""
        return _indexing.take_along_dim(self, indices, dim)

    # ------------------------------------------------------------------ flip, roll, triangles
    def flip(self, *dims):
        """Reversed along ``dims`` (as arguments or one sequence); see :func:`minigrad.flip`."""
        return _shape.flip(self, _varargs(dims))

    def fliplr(self):
        """Flipped along dimension 1; see :func:`minigrad.fliplr`."""
        return _shape.fliplr(self)

    def flipud(self):
        """Flipped along dimension 0; see :func:`minigrad.flipud`."""
        return _shape.flipud(self)

    def roll(self, shifts, dims=None):
        """Shifted circularly along ``dims``; see :func:`minigrad.roll`."""
        return _shape.roll(self, shifts, dims)

    def tril(self, diagonal=0):
        """The lower triangle; see :func:`minigrad.tril`."""
        return _shape.tril(self, diagonal)

    def triu(self, diagonal=0):
        """The upper triangle; see :func:`minigrad.triu`."""
        return _shape.triu(self, diagonal)

    def tril_(self, diagonal=0):
        """In-place :meth:`tril`."""
        return _inplace_fn(self, "tril_", _shape.tril, diagonal)

    def triu_(self, diagonal=0):
        """In-place :meth:`triu`."""
        return _inplace_fn(self, "triu_", _shape.triu, diagonal)

    @accepts_axis
    def repeat_interleave(self, repeats, dim=None, *, output_size=None):
        """Each element repeated in place; see :func:`minigrad.repeat_interleave`."""
        return _shape.repeat_interleave(self, repeats, dim, output_size=output_size)

    # ------------------------------------------------------------------ conveniences
    def view_as(self, other):
        """:meth:`view` with the shape of ``other``."""
        _require_tensor_argument(other, "view_as")
        return self.view(other.shape)

    def reshape_as(self, other):
        """:meth:`reshape` with the shape of ``other``."""
        _require_tensor_argument(other, "reshape_as")
        return self.reshape(other.shape)

    def type_as(self, other):
        """This tensor in the dtype of ``other`` (itself when they agree)."""
        _require_tensor_argument(other, "type_as")
        return self.to(other.dtype)

    @property
    def mT(self):
        """The last two dimensions swapped (a batch of matrices transposed)."""
        if self._data.ndim < 2:
            raise ValueError(
                f"mT: expected a tensor with at least 2 dimensions, got {self._data.ndim}"
            )
        return _shape.transpose(self, -2, -1)

    def nelement(self):
        """The number of elements (as :meth:`numel`)."""
        return self._data.size

    def element_size(self):
        """The size of one element in bytes."""
        return self._data.itemsize

    @property
    def itemsize(self):
        """The size of one element in bytes (as :meth:`element_size`)."""
        return self._data.itemsize

    @property
    def nbytes(self):
        """The bytes the elements take: ``numel() * itemsize``, as in PyTorch."""
        return self._data.size * self._data.itemsize

    def storage_offset(self):
        """The position of the first element in the memory this tensor views, in elements.

        0 for a tensor that owns its memory; ``x[1:].storage_offset()`` is
        ``x.shape[1:].numel()`` for a contiguous ``x``. Views follow NumPy's
        layout, which may differ from PyTorch's where PyTorch copies and NumPy
        does not (``flip``).
        """
        root = self._data
        while isinstance(root.base, np.ndarray):
            root = root.base
        start = self._data.__array_interface__["data"][0]
        return (start - root.__array_interface__["data"][0]) // self._data.itemsize

    def data_ptr(self):
        """The address of the first element, an int; views of one tensor share its memory."""
        return self._data.__array_interface__["data"][0]

    def pin_memory(self, device=None):
        """This tensor itself: minigrad runs on the CPU, which has no page-locked memory to
        copy into (PyTorch's ``pin_memory`` is for faster copies to a GPU)."""
        return self

    def is_pinned(self, device=None):
        """False: minigrad tensors are never in page-locked memory (see :meth:`pin_memory`)."""
        return False

    def share_memory_(self):
        """Move the values into memory shared with the processes forked afterwards; return self.

        Writes in either process (an optimizer step in the parent, a worker
        filling a buffer) are then seen by both, as with PyTorch's shared
        tensors and ``fork``. A no-op if the values are shared already. Views
        made before the call keep the old memory; processes started with
        ``spawn`` receive copies, as minigrad pickles values.
        """
        if not self.is_shared():
            self._data = _shared_copy(self._data)
        return self

    def is_shared(self):
        """Whether the values live in memory shared across forks (see :meth:`share_memory_`)."""
        root = self._data
        while isinstance(root.base, np.ndarray):
            root = root.base
        return isinstance(root.base, memoryview) and isinstance(root.base.obj, mmap.mmap)

    def new_tensor(self, data, dtype=None, requires_grad=False):
        """A new tensor of ``data``, in this tensor's dtype unless ``dtype`` is given."""
        if not isinstance(requires_grad, bool):
            raise TypeError(f"new_tensor: requires_grad must be a bool, got {type(requires_grad).__name__}")
        if isinstance(data, Tensor):
            data = data._data
        array = dtypes.as_array(data, self._data.dtype if dtype is None else dtype, "new_tensor")
        return Tensor._make_leaf(array, requires_grad)

    def new_full(self, size, fill_value, *, dtype=None, requires_grad=False):
        """A new tensor of shape ``size`` filled with ``fill_value``, in this dtype by default."""
        dtype = self._data.dtype if dtype is None else dtypes.resolve(dtype, "new_full")
        if not isinstance(fill_value, (numbers.Number, np.bool_)):
            raise TypeError(f"new_full: fill_value must be a number, got "
                            f"{type(fill_value).__name__}")
        return Tensor._make_leaf(np.full(_size_arg(size, "new_full"), fill_value, dtype),
                                 requires_grad)

    def new_zeros(self, *size, dtype=None, requires_grad=False):
        """A new tensor of zeros of shape ``size``, in this dtype by default."""
        return self.new_full(_varargs(size), 0, dtype=dtype, requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, requires_grad=False):
        """A new tensor of ones of shape ``size``, in this dtype by default."""
        return self.new_full(_varargs(size), 1, dtype=dtype, requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, requires_grad=False):
        """A new uninitialised tensor of shape ``size``, in this dtype by default."""
        dtype = self._data.dtype if dtype is None else dtypes.resolve(dtype, "new_empty")
        shape = _size_arg(_varargs(size), "new_empty")
        check_allocation("new_empty", "result", shape, np.dtype(dtype).itemsize)
        return Tensor._make_leaf(np.empty(shape, dtype), requires_grad)

    def resize_(self, *sizes, memory_format=None):
        """Give this tensor the shape ``sizes`` in place, as PyTorch's ``Tensor.resize_``.

        The elements keep their row-major order: shrinking keeps the first
        ones, growing appends uninitialised ones. Other tensors that shared
        this one's memory (views, ``.data``) keep the old memory and shape.

        Parameters
        ----------
        *sizes : int or tuple of int
            The new shape, as separate ints or one tuple.
        memory_format : optional
            Accepted for PyTorch's signature; the result is row-major.

        Returns
        -------
        Tensor
            This tensor.

        Raises
        ------
        RuntimeError
            If this tensor requires grad, as in PyTorch.

        Examples
        --------
        >>> import minigrad
        >>> x = minigrad.tensor([1.0, 2.0, 3.0, 4.0])
        >>> x.resize_(2, 2)
        tensor([[1., 2.],
                [3., 4.]])
        >>> x.resize_(3)
        tensor([1., 2., 3.])
        """
        if self._requires_grad:
            raise RuntimeError("resize_: cannot resize a tensor that requires grad")
        shape = _size_arg(_varargs(sizes), "resize_")
        check_allocation("resize_", "result", shape, self._data.itemsize)
        resized = np.empty(shape, self._data.dtype)
        kept = min(resized.size, self._data.size)
        resized.reshape(-1)[:kept] = self._data.reshape(-1)[:kept]
        self._data = resized
        self._vc[0] += 1
        return self

    @classmethod
    def _make_leaf(cls, data, requires_grad):
        t = cls._make(data, False)
        if check_bool("requires_grad", "requires_grad", requires_grad):
            t.requires_grad = True
        return t

    def __getitem__(self, index):
        return _shape.getitem(self, index)

    def __setitem__(self, index, value):
        _inplace(self, "setitem", index, value)


def legacy_constructor_array(name, dtype, args, any_tensor_dtype=False):
    """The array of PyTorch's legacy constructors: ``Tensor(2, 3)``, ``FloatTensor([1, 2])``.

    No argument: empty, shape ``(0,)``. Ints or one :class:`Size`: an
    uninitialised array of that shape. One tensor: its array (which must
    have ``dtype`` unless ``any_tensor_dtype``). One sequence: its values in
    ``dtype``. Errors name ``name``.
    """
    if not args:
        return np.empty(0, dtype)
    if len(args) == 1 and isinstance(args[0], Size):
        args = tuple(args[0])
    if all(is_int(a) and not isinstance(a, bool) for a in args):
        shape = tuple(int(a) for a in args)
        if any(n < 0 for n in shape):
            raise ValueError(f"{name}: sizes must be non-negative, got {list(shape)}")
        check_allocation(name, "result", shape, np.dtype(dtype).itemsize)
        return np.empty(shape, dtype)
    if len(args) > 1:
        raise TypeError(f"{name}: expected sizes as ints or one sequence of data, got "
                        f"({', '.join(type(a).__name__ for a in args)})")
    data = args[0]
    if isinstance(data, Tensor):
        if not any_tensor_dtype and data._data.dtype != dtype:
            raise TypeError(f"{name}: expected a tensor of dtype {np.dtype(dtype)}, got "
                            f"{data._data.dtype}; convert it with .to({np.dtype(dtype)})")
        return data._data
    if isinstance(data, (str, bytes)) or np.ndim(data) == 0:
        raise TypeError(f"{name}: data must be a sequence, got {type(data).__name__}")
    return dtypes.as_array(data, dtype, name)


_TYPE_NAMES = {
    np.dtype(np.float32): "FloatTensor", np.dtype(np.float64): "DoubleTensor",
    np.dtype(np.float16): "HalfTensor", np.dtype(np.int64): "LongTensor",
    np.dtype(np.int32): "IntTensor", np.dtype(np.int16): "ShortTensor",
    np.dtype(np.int8): "CharTensor", np.dtype(np.uint8): "ByteTensor",
    np.dtype(np.bool_): "BoolTensor",
}


def _dtype_of_type_name(name):
    """The dtype of a legacy type name such as ``"torch.FloatTensor"`` or ``"minigrad.FloatTensor"``."""
    prefix, _, short = name.rpartition(".")
    for dtype, known in _TYPE_NAMES.items():
        if known == short and prefix in ("torch", "minigrad"):
            return dtype
    raise ValueError(f"type: invalid type {name!r}; expected a dtype or a name such as "
                     f"'minigrad.FloatTensor'")


def _shared_copy(array):
    """A copy of ``array`` in an anonymous shared mapping, which forked processes share."""
    buffer = mmap.mmap(-1, max(array.nbytes, 1))
    shared = np.frombuffer(buffer, array.dtype, count=array.size).reshape(array.shape)
    shared[...] = array
    return shared


def _require_tensor_argument(other, op):
    if not isinstance(other, Tensor):
        raise TypeError(f"{op}: expected other to be a Tensor, got {type(other).__name__}")


def _varargs(values):
    if len(values) == 1 and isinstance(values[0], (tuple, list)):
        return tuple(values[0])
    return values


def _inplace(tensor, op, *args):
    return _inplace_ops.apply_inplace(tensor, op, *args)


def _inplace_fn(tensor, name, fn, *args, **kwargs):
    return _inplace_ops.apply_inplace_function(tensor, name, fn, *args, **kwargs)


def _size_arg(size, op):
    if is_int(size):
        size = (size,)
    try:
        shape = tuple(int(n) for n in size)
    except (TypeError, ValueError):
        raise TypeError(f"{op}: size must be a sequence of ints, got {size!r}") from None
    if any(n < 0 for n in shape):
        raise ValueError(f"{op}: sizes must be non-negative, got {list(shape)}")
    return shape


class _MemoryFormat:
    """A memory layout to ask of :meth:`Tensor.clone` and :meth:`Tensor.contiguous`."""

    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"minigrad.{self._name}"

    def __reduce__(self):
        return self._name


#: Keep the stride order of the tensor being copied (the default of ``clone``).
preserve_format = _MemoryFormat("preserve_format")
#: Row-major (C) order.
contiguous_format = _MemoryFormat("contiguous_format")


def is_tensor(obj):
    """Whether ``obj`` is a minigrad tensor.

    Parameters
    ----------
    obj : object
        Anything.

    Returns
    -------
    bool

    Examples
    --------
    >>> import minigrad
    >>> minigrad.is_tensor(minigrad.zeros(2)), minigrad.is_tensor([0.0, 0.0])
    (True, False)
    """
    return isinstance(obj, Tensor)


def numel(input):
    """The number of elements of ``input``.

    Parameters
    ----------
    input : Tensor
        Any tensor.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``input`` is not a tensor.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.numel(minigrad.zeros(2, 3))
    6
    """
    return check_tensor("numel", "input", input).numel()


def is_floating_point(input):
    """Whether ``input``'s dtype is a floating-point one (float16, float32 or float64).

    Parameters
    ----------
    input : Tensor
        Any tensor.

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        If ``input`` is not a tensor.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.is_floating_point(minigrad.zeros(2))
    True
    >>> minigrad.is_floating_point(minigrad.arange(2))
    False
    """
    return check_tensor("is_floating_point", "input", input).is_floating_point()


def _memory_order(memory_format, op):
    """NumPy's ``order`` for a memory format: "K" keeps the layout, "C" is row-major."""
    if memory_format is None or memory_format is preserve_format:
        return "K"
    if memory_format is contiguous_format:
        return "C"
    raise ValueError(
        f"{op}: memory_format must be minigrad.preserve_format or minigrad.contiguous_format, "
        f"got {memory_format!r}"
    )


# The one import circle of minigrad, inherent in the design: Tensor's methods
# call the ops and the engine, and those (through autograd.function) make
# Tensors. So they are imported here, once the class exists; everything
# else imports this module first (see minigrad/__init__.py).
from minigrad import creation as _creation  # noqa: E402
from minigrad.autograd import engine as _engine  # noqa: E402
from minigrad.ops import activation as _activation  # noqa: E402
from minigrad.ops import compare as _compare  # noqa: E402
from minigrad.ops import distance as _distance  # noqa: E402
from minigrad.ops import elementwise as _elementwise  # noqa: E402
from minigrad.ops import indexing as _indexing  # noqa: E402
from minigrad.ops import inplace as _inplace_ops  # noqa: E402
from minigrad.ops import linalg as _linalg  # noqa: E402
from minigrad.ops import matmul as _matmul  # noqa: E402
from minigrad.ops import reduce as _reduce  # noqa: E402
from minigrad.ops import scan as _scan  # noqa: E402
from minigrad.ops import shape as _shape  # noqa: E402
from minigrad.ops import sort as _sort  # noqa: E402
from minigrad.ops import unary as _unary  # noqa: E402
