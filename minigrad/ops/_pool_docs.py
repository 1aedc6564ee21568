r"""Docstring templates of the pooling family, shared by ``F.*_pool*d`` and ``nn.*Pool*d``.

The 1-d, 2-d and 3-d members differ only in the number of spatial
dimensions, and a layer and its functional twin take the same
hyper-parameters. Each docstring is assembled here from pieces (a formula,
parameter entries, a Shape section) filled per dimension with
:func:`minigrad._docstring.fill_docstring`, so that every page is complete on
its own while the text exists once.
"""
from minigrad._docstring import fill_docstring

_DIMENSIONS = {
    1: {"dim": 1, "n_ints": "1 int", "spatial_in": "L_in", "spatial_out": "L_out",
        "out_index": "i", "offsets": r"0 \le k < K",
        "dilated": "S i + D k - P", "padded": "S i + k - P", "unpadded": "S i + k",
        "words": "one spatial dimension", "plane": "row", "flat_index": "the position ``l`` in the row"},
    2: {"dim": 2, "n_ints": "2 ints", "spatial_in": "H_in, W_in", "spatial_out": "H_out, W_out",
        "out_index": "i, j", "offsets": r"0 \le k < K_h,\; 0 \le l < K_w",
        "dilated": r"S_h i + D_h k - P_h,\; S_w j + D_w l - P_w",
        "padded": r"S_h i + k - P_h,\; S_w j + l - P_w", "unpadded": r"S_h i + k,\; S_w j + l",
        "words": "two spatial dimensions", "plane": "plane",
        "flat_index": "``h * W + w`` within the plane"},
    3: {"dim": 3, "n_ints": "3 ints", "spatial_in": "D_in, H_in, W_in",
        "spatial_out": "D_out, H_out, W_out", "out_index": "t, i, j",
        "offsets": r"0 \le m < K_d,\; 0 \le k < K_h,\; 0 \le l < K_w",
        "dilated": r"S_d t + D_d m - P_d,\; S_h i + D_h k - P_h,\; S_w j + D_w l - P_w",
        "padded": r"S_d t + m - P_d,\; S_h i + k - P_h,\; S_w j + l - P_w",
        "unpadded": r"S_d t + m,\; S_h i + k,\; S_w j + l",
        "words": "three spatial dimensions", "plane": "volume",
        "flat_index": "``(d * H + h) * W + w`` within the volume"},
}

# ----------------------------------------------------------------------------- parameters
INPUT = """
input : Tensor
    ``(N, C, $spatial_in)``, or ``(C, $spatial_in)`` for one unbatched
    sample; float32 or float64.
"""

KERNEL_SIZE = r"""
kernel_size : int or tuple of $n_ints
    :math:`K`, the window's size (at least 1), one per spatial dimension;
    an int is used for every dimension.
"""

STRIDE = r"""
stride : int or tuple of $n_ints, optional
    :math:`S`, the step between two windows (at least 1). ``None``, the
    default, means ``kernel_size``: windows that tile the input without
    overlapping.
"""

MAX_PADDING = r"""
padding : int or tuple of $n_ints, default 0
    :math:`P`, the positions added at both ends of each spatial dimension
    (at least 0 and at most half of ``kernel_size``, a ``ValueError``
    otherwise). They count as :math:`-\infty`, so they never win.
"""

AVG_PADDING = r"""
padding : int or tuple of $n_ints, default 0
    :math:`P`, the zeros added at both ends of each spatial dimension (at
    least 0 and at most half of ``kernel_size``, a ``ValueError``
    otherwise).
"""

DILATION = r"""
dilation : int or tuple of $n_ints, default 1
    :math:`D`, the spacing between the elements of a window (at least 1).
"""

RETURN_INDICES = r"""
return_indices : bool, default False
    Whether to return, besides the maxima, the int64 index of each
    maximum's input element: $flat_index, the form that
    ``max_unpool${dim}d`` takes.
"""

CEIL_MODE = r"""
ceil_mode : bool, default False
    Whether the output size rounds up instead of down, which keeps a last
    window that only partly covers the input (see Shape).
"""

COUNT_INCLUDE_PAD = r"""
count_include_pad : bool, default True
    Whether the padded zeros count in a window's divisor. With ``False``
    a window divides by the number of input elements it covers.
"""

DIVISOR_OVERRIDE = r"""
divisor_override : int, optional
    When given, every window's sum is divided by this (non-zero) number
    instead; ``None``, the default, divides by the window's size. Zero
    is a ``ValueError``.
"""

OUTPUT_SIZE = r"""
output_size : int or tuple of $n_ints or None
    The output's spatial size, one per dimension (at least 0); an int is
    used for every dimension, and ``None`` in a tuple keeps that
    dimension's input size.
"""

NORM_TYPE = r"""
norm_type : float
    :math:`p`, the power (positive and finite; a ``ValueError`` otherwise).
    :math:`p = 1` sums each window; for non-negative inputs a large
    :math:`p` approaches max pooling.
"""

LP_STRIDE = r"""
stride : int or tuple of $n_ints, optional
    :math:`S`, the step between two windows (at least 1); ``None``, the
    default, means ``kernel_size``.
"""

LP_CEIL_MODE = r"""
ceil_mode : bool, default False
    Whether the output size rounds up, keeping a last window that only
    partly covers the input; such a window sums the elements it covers
    (PyTorch scales that sum up to the full window instead).
"""

UNPOOL_INPUT = r"""
input : Tensor
    The pooled values, ``(N, C, $spatial_in)`` or ``(C, $spatial_in)``;
    float32 or float64.
indices : Tensor
    int64, the shape of ``input``: where each value goes, as the flat
    index within its output $plane that
    ``max_pool${dim}d(..., return_indices=True)`` returned.
"""

UNPOOL_WINDOW = r"""
kernel_size : int or tuple of $n_ints
    :math:`K`, the window size of the pooling being inverted (at least 1).
stride : int or tuple of $n_ints, optional
    :math:`S`, that pooling's stride (at least 1); ``None``, the default,
    means ``kernel_size``.
padding : int or tuple of $n_ints, default 0
    :math:`P`, that pooling's padding (at least 0).
"""

UNPOOL_OUTPUT_SIZE = r"""
output_size : tuple of ints, optional
    The output's spatial size ``($spatial_out)``, optionally preceded by
    the batch and channel sizes. Pooling maps several input sizes to the
    same output size; this picks one. Each size must lie strictly within
    :math:`S` of the default (see Shape), a ``ValueError`` otherwise.
"""

UNPOOL_LAYER = r"""
A partial inverse of :class:`MaxPool${dim}d` over ``(N, C, $spatial_in)`` input.

The layer is called as ``unpool(input, indices, output_size=None)``.
``indices`` are the int64 flat indices (within each $plane) that
``MaxPool${dim}d(..., return_indices=True)`` returned with ``input``;
``output_size``, the spatial sizes ``($spatial_out)`` optionally preceded
by the batch and channel sizes, picks one of the output sizes that the
pooling maps to the input's size (each within :math:`S` of the default
below, a ``ValueError`` otherwise).
"""

# ----------------------------------------------------------------------------- formulas
MAX_FORMULA = r"""
Each output element is the maximum of its window (kernel size :math:`K`,
stride :math:`S`, padding :math:`P`, dilation :math:`D`, one of each per
spatial dimension):

.. math::

    \text{out}[n, c, $out_index] = \max_{$offsets}
        x[n, c,\; $dilated]

Padded positions hold :math:`-\infty`. Of equal maxima the first in
row-major order wins, and a NaN in a window propagates. The gradient of an
output flows to the element that won. A window lying wholly in the
padding (dilation allows it) gives :math:`-\infty` and index -1.
"""

AVG_FORMULA = r"""
Each output element is the mean of its window (kernel size :math:`K`,
stride :math:`S`, padding :math:`P`, one of each per spatial dimension):

.. math::

    \text{out}[n, c, $out_index] = \frac{1}{\text{divisor}}
        \sum_{$offsets} x[n, c,\; $padded]

where padded positions read zero and the divisor is the window's size
:math:`\prod K` (padding included, but not the part of a ``ceil_mode``
window past the padding), the number of input elements it covers when
``count_include_pad=False``$override.
"""

ADAPTIVE_FORMULA = r"""
The input's size :math:`L_\text{in}` along each spatial dimension is split
into :math:`L_\text{out}` bins; bin :math:`i` covers

.. math::

    \Bigl[\Bigl\lfloor \frac{i\, L_\text{in}}{L_\text{out}} \Bigr\rfloor,\;
          \Bigl\lceil \frac{(i + 1)\, L_\text{in}}{L_\text{out}} \Bigr\rceil\Bigr)

so the bins cover the input, differ in size by at most one and may
overlap. An output element $reduction of the input over the product
:math:`B` of its bins (one per dimension):

.. math::

    $adaptive_formula
"""

LP_FORMULA = r"""
Each output element is the :math:`p`-th root of the sum of the
:math:`p`-th powers over its window (kernel size :math:`K`, stride
:math:`S`, one of each per spatial dimension, no padding):

.. math::

    \text{out}[n, c, $out_index] = \Bigl(\sum_{$offsets}
        x[n, c,\; $unpadded]^{\,p}\Bigr)^{1/p}

:math:`p = 1` is sum pooling and, for non-negative inputs,
:math:`p \to \infty` max pooling. A negative input to a fractional power gives NaN, and
the gradient is not finite where a window sums to zero.
"""

UNPOOL_FORMULA = r"""
It puts every value back where the maximum it came from was and leaves
zeros elsewhere, undoing the size change of max pooling (not the values
it dropped):

.. math::

    \text{out}[n, c, \text{idx}[n, c, \mathbf{i}]] = x[n, c, \mathbf{i}],
    \qquad \text{out} = 0 \text{ elsewhere}

with :math:`\text{idx}` the flat index within each output $plane. Of
repeated indices (overlapping windows) the last one wins, while the
gradient flows back to every input that names an index.
"""

# ----------------------------------------------------------------------------- shapes
WINDOW_SHAPE = r"""
- Input: ``(N, C, $spatial_in)`` or ``(C, $spatial_in)``
- Output: ``(N, C, $spatial_out)`` or ``(C, $spatial_out)``, each
  spatial size following from the input's with that dimension's
  $symbols:

  .. math::

      L_\text{out} = \left\lfloor \frac{$numerator}{S} \right\rfloor + 1

  $rounding
"""

ADAPTIVE_SHAPE = r"""
- Input: ``(N, C, $spatial_in)`` or ``(C, $spatial_in)``
- Output: ``(N, C, $spatial_out)`` or ``(C, $spatial_out)``, the sizes
  of ``output_size``
"""

UNPOOL_SHAPE = r"""
- Input: ``(N, C, $spatial_in)`` or ``(C, $spatial_in)``, as ``indices``
- Output: ``(N, C, $spatial_out)`` or ``(C, $spatial_out)``, each
  spatial size, unless ``output_size`` gives it, being

  .. math::

      L_\text{out} = (L_\text{in} - 1) S - 2P + K
"""

_CEIL_ROUNDING = ("With ``ceil_mode`` the division rounds up, unless the last window\n"
                  "  would then start in the right padding.")
_WINDOWS = {
    "max": {"symbols": ":math:`K, S, P, D`", "numerator": r"L_\text{in} + 2P - D(K - 1) - 1",
            "rounding": _CEIL_ROUNDING},
    "avg": {"symbols": ":math:`K, S, P`", "numerator": r"L_\text{in} + 2P - K",
            "rounding": _CEIL_ROUNDING},
    "lp": {"symbols": ":math:`K, S`", "numerator": r"L_\text{in} - K",
           "rounding": "With ``ceil_mode`` the division rounds up."},
}

_DOC = r"""
$summary

$formula

Parameters
----------
$parameters

$sections

Examples
--------
$examples
"""


def pool_doc(dim, summary, formula, parameters, shape, examples, returns="", **fields):
    """A pooling docstring: ``parameters`` is the list of entries in signature order.

    ``fields`` adds to (or overrides) the per-dimension fields; ``returns``
    is a ready Returns section for the functions.
    """
    fields = {**_DIMENSIONS[dim], **fields}
    entries = "\n".join(fill_docstring(entry, **fields) for entry in parameters)
    sections = "Shape\n-----\n" + fill_docstring(shape, **fields)
    if returns:
        sections = fill_docstring(returns, **fields) + "\n\n" + sections
    return fill_docstring(_DOC, summary=fill_docstring(summary, **fields),
                          formula=fill_docstring(formula, **fields), parameters=entries,
                          sections=sections, examples=examples)


def window_shape(kind):
    """The Shape template of a sliding-window pooling (``'max'``, ``'avg'`` or ``'lp'``)."""
    return fill_docstring(WINDOW_SHAPE.replace("$spatial", "$$spatial"), **_WINDOWS[kind])


# ----------------------------------------------------------------------------- families
_RAISES = r"""
Raises
------
TypeError
    For a non-float input or non-integer sizes.
ValueError
    For an input of the wrong rank, sizes out of range (see Parameters)
    or an input smaller than one window.
"""

_FAMILIES = {
    "max_pool": {
        "function": "Max pooling over $words.",
        "layer": "Max pooling over ``(N, C, $spatial_in)`` input.",
        "formula": MAX_FORMULA,
        "function_parameters": [INPUT, KERNEL_SIZE, STRIDE, MAX_PADDING, DILATION, CEIL_MODE,
                                RETURN_INDICES],
        "layer_parameters": [KERNEL_SIZE, STRIDE, MAX_PADDING, DILATION, RETURN_INDICES,
                             CEIL_MODE],
        "shape": window_shape("max"),
        "returns": """
            Returns
            -------
            Tensor or (Tensor, Tensor)
                The maxima, ``(N, C, $spatial_out)`` (or unbatched); with
                ``return_indices``, also their int64 indices, of the same shape.
            """ + _RAISES.replace("\n", "\n            "),
    },
    "avg_pool": {
        "function": "Average pooling over $words.",
        "layer": "Average pooling over ``(N, C, $spatial_in)`` input.",
        "formula": AVG_FORMULA,
        "function_parameters": [INPUT, KERNEL_SIZE, STRIDE, AVG_PADDING, CEIL_MODE,
                                COUNT_INCLUDE_PAD, DIVISOR_OVERRIDE],
        "layer_parameters": [KERNEL_SIZE, STRIDE, AVG_PADDING, CEIL_MODE, COUNT_INCLUDE_PAD,
                             DIVISOR_OVERRIDE],
        "shape": window_shape("avg"),
        "returns": """
            Returns
            -------
            Tensor
                The means, ``(N, C, $spatial_out)`` (or unbatched).
            """ + _RAISES.replace("\n", "\n            "),
    },
    "adaptive_avg_pool": {
        "function": "Average pooling over $words to a given output size.",
        "layer": "Average pooling of ``(N, C, $spatial_in)`` input to a fixed output size.",
        "formula": ADAPTIVE_FORMULA,
        "function_parameters": [INPUT, OUTPUT_SIZE],
        "layer_parameters": [OUTPUT_SIZE],
        "shape": ADAPTIVE_SHAPE,
        "reduction": "is the mean",
        "adaptive_formula": r"\text{out}[n, c, \mathbf{i}] = \frac{1}{|B(\mathbf{i})|}"
                            r" \sum_{\mathbf{m} \in B(\mathbf{i})} x[n, c, \mathbf{m}]",
        "returns": """
            Returns
            -------
            Tensor
                ``(N, C, $spatial_out)`` (or unbatched).

            Raises
            ------
            TypeError
                For a non-float input or a non-integer ``output_size``.
            ValueError
                For an input of the wrong rank or a negative ``output_size``.
            """,
    },
    "adaptive_max_pool": {
        "function": "Max pooling over $words to a given output size.",
        "layer": "Max pooling of ``(N, C, $spatial_in)`` input to a fixed output size.",
        "formula": ADAPTIVE_FORMULA,
        "function_parameters": [INPUT, OUTPUT_SIZE, RETURN_INDICES],
        "layer_parameters": [OUTPUT_SIZE, RETURN_INDICES],
        "shape": ADAPTIVE_SHAPE,
        "reduction": "is the maximum (ties and NaN as in max pooling)",
        "adaptive_formula": r"\text{out}[n, c, \mathbf{i}] ="
                            r" \max_{\mathbf{m} \in B(\mathbf{i})} x[n, c, \mathbf{m}]",
        "returns": """
            Returns
            -------
            Tensor or (Tensor, Tensor)
                The maxima, ``(N, C, $spatial_out)`` (or unbatched); with
                ``return_indices``, also their int64 indices, of the same shape.

            Raises
            ------
            TypeError
                For a non-float input or a non-integer ``output_size``.
            ValueError
                For an input of the wrong rank or a negative ``output_size``.
            """,
    },
    "max_unpool": {
        "function": "A partial inverse of ``max_pool${dim}d``.",
        "layer": UNPOOL_LAYER,
        "formula": UNPOOL_FORMULA,
        "function_parameters": [UNPOOL_INPUT, UNPOOL_WINDOW, UNPOOL_OUTPUT_SIZE],
        "layer_parameters": [UNPOOL_WINDOW],
        "shape": UNPOOL_SHAPE,
        "returns": """
            Returns
            -------
            Tensor
                ``(N, C, $spatial_out)`` (or unbatched), zero except at ``indices``.

            Raises
            ------
            TypeError
                For a non-float input, non-int64 indices or non-integer sizes.
            ValueError
                For an input of the wrong rank, indices of another shape or out of
                range, or an invalid ``output_size``.
            """,
    },
    "lp_pool": {
        "function": "Power-average pooling over $words.",
        "layer": "Power-average pooling over ``(N, C, $spatial_in)`` input.",
        "formula": LP_FORMULA,
        "function_parameters": [INPUT, NORM_TYPE, KERNEL_SIZE, LP_STRIDE, LP_CEIL_MODE],
        "layer_parameters": [NORM_TYPE, KERNEL_SIZE, LP_STRIDE, LP_CEIL_MODE],
        "shape": window_shape("lp"),
        "returns": """
            Returns
            -------
            Tensor
                ``(N, C, $spatial_out)`` (or unbatched).

            Raises
            ------
            TypeError
                For a non-float input, or a non-numeric ``norm_type`` or sizes.
            ValueError
                For an input of the wrong rank, a ``norm_type`` that is not positive
                and finite, sizes out of range or an input smaller than one window.
            """,
    },
}


def _override(family, dim):
    if family == "avg_pool" and dim > 1:
        return ", or ``divisor_override`` when given"
    return ""


def _parameters(family, dim, kind):
    entries = _FAMILIES[family][f"{kind}_parameters"]
    if family == "avg_pool" and dim == 1:  # PyTorch's avg_pool1d has no divisor_override
        entries = [e for e in entries if e is not DIVISOR_OVERRIDE]
    return entries


def function_doc(family, dim, examples):
    """The docstring of ``minigrad.nn.functional.<family><dim>d``."""
    spec = _FAMILIES[family]
    return pool_doc(dim, spec["function"], spec["formula"], _parameters(family, dim, "function"),
                    spec["shape"], examples, returns=spec["returns"],
                    override=_override(family, dim), reduction=spec.get("reduction", ""),
                    adaptive_formula=spec.get("adaptive_formula", ""))


def layer_doc(family, dim, examples):
    """The docstring of the layer ``minigrad.nn.<Family><dim>d``."""
    spec = _FAMILIES[family]
    return pool_doc(dim, spec["layer"], spec["formula"], _parameters(family, dim, "layer"),
                    spec["shape"], examples, override=_override(family, dim),
                    reduction=spec.get("reduction", ""),
                    adaptive_formula=spec.get("adaptive_formula", ""))
