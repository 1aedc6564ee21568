"""The conformance table: one entry per public op of minigrad, checked against PyTorch.

``tests/conformance/test_conformance.py`` runs every sample of every entry
in minigrad and in PyTorch, in float64, and compares the outputs (values,
shape, dtype) and the gradient of every float input (and every parameter of
a layer) after ``backward`` of a random-weighted sum of the outputs; then
the forward pass again in float32. The documentation's "PyTorch API
coverage" page reads the same table.

Adding an entry
---------------
One line in the list of its family below. The name is the dotted name
below ``minigrad`` and ``torch`` alike; the samples come from a shared
generator or a lambda over ``g`` (a :class:`~tests.conformance.opinfo.Gen`)
returning a list of ``S(*args, **kwargs)``::

    OpInfo("exp", unary()),              # 2-d, 0-d, empty, non-contiguous inputs
    OpInfo("Tensor.exp", unary()),       # a method, called on the first argument
    OpInfo("nn.functional.elu", lambda g: [S(g.t(2, 3)), S(g.t(4, nc=True), alpha=0.5)]),
    OpInfo("Tensor.add_", inplace_binary(), fn=lambda lib, x, y: x.clone().add_(y)),
    OpInfo("gelu", unary(), torch_name="nn.functional.gelu"),  # PyTorch's name differs
    ModuleInfo("nn.Linear", lambda g: [M(4, 3)(g.t(2, 4)), M(4, 3, bias=False).eval(g.t(4))]),

A second entry of the same name takes a ``variant="..."`` for its test ids.
``g.t(2, 3)`` is a float64 array (``nc=True``: non-contiguous), ``g.pos``,
``g.prob`` and ``g.distinct`` keep values in a domain, ``g.i(10, 4)`` gives
int64 labels; ``Const(array)`` is a float tensor that does not require
grad; ``DType("float64")`` is ``minigrad.float64`` / ``torch.float64``.
Samples should cover broadcasting, empty (size-0) and non-contiguous
inputs, 0-d tensors and the keyword arguments.

Where minigrad differs on purpose, ``skip="..."`` (or a sample's
``skip``) says how, and the coverage page lists the reason. A bug is
``xfail="..."``: strict, so the entry fails once the bug is fixed. A
sample that PyTorch itself rejects fails too: fix the sample.
"""
import numpy as np

from tests.conformance.opinfo import Const, DType, M, ModuleInfo, OpInfo, S


# --------------------------------------------------------------------------- generators
def unary(low=-2.0, high=2.0):
    """A 2-d, 0-d, empty, transposed and strided input with values in ``[low, high)``."""
    def samples(g):
        def t(*shape, nc=False):
            return g.t(*shape, low=low, high=high, nc=nc)
        return [S(t(2, 3)), S(t()), S(t(0, 3)), S(t(3, 4, nc=True)), S(t(5, nc=True)),
                S(t(2, 3, 2))]
    return samples


def binary(low=-2.0, high=2.0, blow=None, bhigh=None, scalar=1.5):
    """Two inputs: equal shapes, broadcasting both ways, 0-d, empty, non-contiguous, a scalar."""
    blow = low if blow is None else blow
    bhigh = high if bhigh is None else bhigh

    def samples(g):
        def a(*shape, nc=False):
            return g.t(*shape, low=low, high=high, nc=nc)

        def b(*shape, nc=False):
            return g.t(*shape, low=blow, high=bhigh, nc=nc)
        return [S(a(2, 3), b(2, 3)), S(a(2, 3), b(3)), S(a(2, 1), b(1, 3)), S(a(), b(2, 3)),
                S(a(4, 3), b()), S(a(0, 3), b(1, 3)), S(a(3, 4, nc=True), b(3, 4, nc=True)),
                S(a(5, nc=True), b(5))] + ([] if scalar is None else [S(a(2, 3), scalar)])
    return samples


def inplace_binary(blow=-2.0, bhigh=2.0):
    """Like :func:`binary`, but the first argument always has the result's shape."""
    def samples(g):
        def b(*shape, nc=False):
            return g.t(*shape, low=blow, high=bhigh, nc=nc)
        return [S(g.t(2, 3), b(2, 3)), S(g.t(2, 3), b(3)), S(g.t(2, 3), b(1, 3)),
                S(g.t(4, 3), b()), S(g.t(0, 3), b(1, 3)), S(g.t(3, 4, nc=True), b(3, 4, nc=True)),
                S(g.t(2, 3), 1.5)]
    return samples


def reduction(empty=True, tuple_dims=True, distinct=False):
    """All dimensions, one (positive, negative, with keepdim), several, a 0-d input."""
    def samples(g):
        def t(*shape, nc=False):
            return g.distinct(*shape, nc=nc) if distinct else g.t(*shape, nc=nc)
        out = [S(t(2, 3, 4)), S(t(2, 3, 4), 1), S(t(2, 3, 4), dim=-1, keepdim=True),
               S(t(3, 4, nc=True), 0), S(t())]
        if tuple_dims:
            out += [S(t(2, 3, 4), (0, 2)), S(t(2, 3, 4), dim=(-1, 0), keepdim=True)]
        if empty:
            out += [S(t(0, 3), 1), S(t(0, 3))]
        return out
    return samples


def variance():
    def samples(g):
        x = g.t(3, 4, 5)
        return [S(x), S(x, 1), S(x, dim=(0, 2), keepdim=True), S(x, 1, unbiased=False),
                S(x, dim=-1, correction=0), S(x, dim=2, correction=2),
                S(g.t(4, 5, nc=True), 0)]
    return samples


def activation(low=-3.0, high=3.0, **kwargs):
    """Like :func:`unary`, plus each keyword variant given as ``name=[values]``."""
    base = unary(low, high)

    def samples(g):
        out = base(g)
        for key, values in kwargs.items():
            out += [S(g.t(2, 5, low=low, high=high), **{key: v}) for v in values]
        return out
    return samples


def softmax_samples(g):
    return [S(g.t(2, 5), 1), S(g.t(2, 3, 4), dim=0), S(g.t(2, 3, 4), dim=-1),
            S(g.t(3, 4, nc=True), 1), S(g.t(5), 0), S(g.t(0, 4), 1)]


# --------------------------------------------------------------------------- torch
ELEMENTWISE = [
    OpInfo("add", binary()),
    OpInfo("sub", binary()),
    OpInfo("mul", binary()),
    OpInfo("div", binary(blow=0.5, bhigh=2.0)),
    OpInfo("pow", binary(low=0.5, high=2.0)),
    OpInfo("pow", lambda g: [S(g.t(2, 3), 2), S(g.t(3, nc=True), 3.0), S(g.pos(2, 3), 0.5),
                             S(g.pos(2, 3), -1.5)], variant="scalar"),
    OpInfo("maximum", binary(scalar=None)),
    OpInfo("minimum", binary(scalar=None)),
    OpInfo("neg", unary()),
    OpInfo("exp", unary()),
    OpInfo("log", unary(0.1, 3.0)),
    OpInfo("sqrt", unary(0.1, 3.0)),
    OpInfo("abs", unary()),
    OpInfo("sin", unary()),
    OpInfo("cos", unary()),
    OpInfo("clamp", lambda g: [S(g.t(3, 4), -0.5, 0.5), S(g.t(3, 4), min=-0.3),
                               S(g.t(3, 4, nc=True), max=0.7), S(g.t(), -1.0, 1.0),
                               S(g.t(0, 2), 0.0)]),
    OpInfo("clip", lambda g: [S(g.t(3, 4), -0.5, 0.5), S(g.t(3, 4), max=0.2)]),
    *[OpInfo(name, lambda g: [S(g.t(3, 4), 0.25), S(g.t(3, 4, nc=True), -0.5), S(g.t(), 1.0),
                              S(g.t(0, 2), 0.0)])
      for name in ("clamp_min", "clamp_max")],
    OpInfo("where", lambda g: [S(g.i(2, 2, 3).astype(bool), g.t(2, 3), g.t(2, 3)),
                               S(g.i(2, 2, 3).astype(bool), g.t(3), g.t()),
                               S(g.i(2, 3, 1).astype(bool), g.t(3, 4, nc=True), g.t(1, 4)),
                               S(np.zeros((0, 2), bool), g.t(0, 2), g.t(2))]),
    OpInfo("matmul", lambda g: [
        S(g.t(3, 4), g.t(4, 5)), S(g.t(4), g.t(4)), S(g.t(4), g.t(4, 3)), S(g.t(3, 4), g.t(4)),
        S(g.t(2, 3, 4), g.t(4, 5)), S(g.t(4), g.t(2, 4, 3)), S(g.t(2, 1, 3, 4), g.t(5, 4, 2)),
        S(g.t(4, 3, nc=True), g.t(3, 5, nc=True)), S(g.t(0, 4), g.t(4, 3)),
        S(g.t(3, 0), g.t(0, 2))]),
]

REDUCTIONS = [
    OpInfo("sum", reduction()),
    OpInfo("mean", reduction()),
    OpInfo("var", variance()),
    OpInfo("std", variance()),
    OpInfo("max", reduction(empty=False, tuple_dims=False, distinct=True)),
    OpInfo("min", reduction(empty=False, tuple_dims=False, distinct=True)),
    *[OpInfo(name, binary(scalar=None), variant="binary") for name in ("max", "min")],
    OpInfo("argmax", reduction(empty=False, tuple_dims=False, distinct=True)),
    OpInfo("argmin", reduction(empty=False, tuple_dims=False, distinct=True)),
    OpInfo("logsumexp", lambda g: [S(g.t(2, 3, 4), 1), S(g.t(2, 3, 4), (0, 2)),
                                   S(g.t(3, 4, nc=True), -1, keepdim=True),
                                   S(g.t(0, 3), 1), S(g.t(), 0)]),
]


def _with_zeros(g, *shape):
    """Values in [-2, 2) with about a third of them exactly 0 (products and scans with zeros)."""
    x = g.t(*shape)
    return np.where(g.rng.uniform(size=shape) < 0.3, 0.0, x)


STATISTICS = [
    *[OpInfo(name, variance()) for name in ("var_mean", "std_mean")],
    OpInfo("prod", lambda g: [S(g.t(3, 4)), S(g.t(3, 4), 1), S(g.t(2, 3, 4), -1, keepdim=True),
                              S(_with_zeros(g, 4, 5), 1), S(_with_zeros(g, 3, 4)),
                              S(g.t(4, 3, nc=True), 0), S(g.t()), S(g.t(0, 3), 1)]),
    *[OpInfo(name, lambda g: [*reduction(distinct=True)(g)[:-2], S(g.t(2, 3, 4), ()),
                              S(g.t(0, 3), 1)])
      for name in ("amax", "amin")],
    OpInfo("aminmax", lambda g: [S(g.distinct(3, 4)), S(g.distinct(3, 4), dim=1),
                                 S(g.distinct(2, 3, 4), dim=-1, keepdim=True),
                                 S(g.distinct(4, 3, nc=True), dim=0)]),
    *[OpInfo(name, lambda g: [S(np.where(g.t(3, 4) > 1.0, np.nan, g.t(3, 4)), 1),
                              S(np.where(g.t(2, 3, 4) > 1.0, np.nan, g.t(2, 3, 4))),
                              S(g.t(3, 4, nc=True), 0, keepdim=True), S(g.t())])
      for name in ("nansum", "nanmean")],
    OpInfo("median", lambda g: [S(g.distinct(3, 5)), S(g.distinct(3, 4)), S(g.distinct(3, 5), 1),
                                S(g.distinct(4, 3, nc=True), 0, keepdim=True),
                                S(g.distinct(2, 3, 4), dim=-1)]),
    OpInfo("kthvalue", lambda g: [S(g.distinct(3, 5), 2), S(g.distinct(3, 5), 1, 0),
                                  S(g.distinct(2, 3, 4), 4, dim=-1, keepdim=True),
                                  S(g.distinct(4, 3, nc=True), 3, 1)]),
    OpInfo("mode", lambda g: [S(np.array([[1.0, 2.0, 2.0, 0.5], [3.0, 3.0, 1.0, 1.0]])),
                              S(np.array([[1.0, 2.0], [1.0, 0.5], [2.0, 0.5]]), 0, True),
                              S(g.distinct(3, 4), 1)]),
    OpInfo("norm", lambda g: [S(g.t(3, 4)), S(g.t(3, 4), 1), S(g.t(3, 4), p=3, dim=0),
                              S(g.t(2, 3, 4), "fro", (1, 2), True), S(g.t(3, 4), "nuc"),
                              S(g.t(3, 4), float("inf"), 1), S(g.t(4, 3, nc=True), 2, -1),
                              S(g.t(0, 3), 2, 1)]),
]

SORTING = [
    OpInfo("sort", lambda g: [S(g.distinct(3, 5)), S(g.distinct(3, 5), 0),
                              S(g.distinct(2, 3, 4), dim=1, descending=True),
                              S(g.distinct(4, 3, nc=True), -1, True), S(g.t()), S(g.t(0, 3))]),
    OpInfo("sort", lambda g: [S(np.array([2.0, 1.0, 2.0, 1.0, 2.0]), stable=True),
                              S(np.array([[2.0, 1.0, 2.0, 1.0]]), descending=True, stable=True)],
           variant="stable ties"),
    OpInfo("argsort", lambda g: [S(g.distinct(3, 5)), S(g.distinct(3, 5), 0, True),
                                 S(g.distinct(4, 3, nc=True), dim=-1, descending=True)]),
    OpInfo("topk", lambda g: [S(g.distinct(3, 5), 2), S(g.distinct(3, 5), 1, 0),
                              S(g.distinct(2, 3, 4), 3, dim=-1, largest=False),
                              S(g.distinct(4, 3, nc=True), 0), S(g.distinct(6), 6)],
           notes="ties: minigrad returns the first tied elements in input order; PyTorch "
                 "leaves the choice open"),
    OpInfo("unique", lambda g: [S(g.i(4, 3, 5)), S(g.i(4, 3, 5), return_inverse=True),
                                S(g.i(4, 3, 5), return_counts=True, return_inverse=True),
                                S(np.array([[2, 1], [1, 3], [2, 1]]), dim=0, return_inverse=True,
                                  return_counts=True),
                                S(np.array([0.5, -1.0, 0.5]))], grad=False,
           notes="the result is always sorted (sorted=False is accepted)"),
]

SCANS = [
    *[OpInfo(name, lambda g: [S(g.t(3, 4), 1), S(g.t(2, 3, 4), 0), S(g.t(2, 3, 4), dim=-1),
                              S(g.t(4, 3, nc=True), 0), S(g.t(), 0), S(g.t(0, 3), 1)])
      for name in ("cumsum", "logcumsumexp")],
    OpInfo("cumsum", lambda g: [S(g.i(5, 3, 4), 1), S(g.t(3, 4), 1, dtype=DType("float64"))],
           variant="dtype"),
    OpInfo("cumprod", lambda g: [S(g.t(3, 4), 1), S(_with_zeros(g, 4, 5), 1),
                                 S(_with_zeros(g, 5, 3), 0), S(np.zeros((2, 3)), 1),
                                 S(g.t(4, 3, nc=True), -1), S(g.t(), 0), S(g.t(0, 3), 1)]),
    *[OpInfo(name, lambda g: [S(g.distinct(3, 5), 1), S(g.distinct(2, 3, 4), 0),
                              S(g.distinct(4, 3, nc=True), -1), S(g.t(), 0),
                              S(np.array([1.0, 3.0, 3.0, 2.0, 3.0, 1.0]), 0)])
      for name in ("cummax", "cummin")],
    OpInfo("diff", lambda g: [S(g.t(3, 5)), S(g.t(3, 5), 2), S(g.t(4, 3), 1, 0),
                              S(g.t(3, 4), dim=-1, prepend=g.t(3, 1), append=g.t(3, 2)),
                              S(g.t(4, 3, nc=True), n=3, dim=0), S(g.t(0, 3), 1, 1)]),
]

PRODUCTS = [
    OpInfo("mm", lambda g: [S(g.t(3, 4), g.t(4, 5)), S(g.t(4, 3, nc=True), g.t(3, 5, nc=True)),
                            S(g.t(0, 4), g.t(4, 3)), S(g.t(3, 0), g.t(0, 2))]),
    OpInfo("bmm", lambda g: [S(g.t(2, 3, 4), g.t(2, 4, 5)), S(g.t(1, 3, 4), g.t(1, 4, 2)),
                             S(g.t(0, 3, 4), g.t(0, 4, 2))]),
    OpInfo("mv", lambda g: [S(g.t(3, 4), g.t(4)), S(g.t(4, 3, nc=True), g.t(3, nc=True))]),
    OpInfo("dot", lambda g: [S(g.t(4), g.t(4)), S(g.t(5, nc=True), g.t(5)), S(g.t(0), g.t(0))]),
    OpInfo("outer", lambda g: [S(g.t(3), g.t(4)), S(g.t(3, nc=True), g.t(2)),
                               S(g.t(0), g.t(2))]),
    OpInfo("addmm", lambda g: [S(g.t(3, 5), g.t(3, 4), g.t(4, 5)),
                               S(g.t(5), g.t(3, 4), g.t(4, 5), beta=0.5, alpha=2.0),
                               S(g.t(1, 1), g.t(3, 4), g.t(4, 5), alpha=-1.0),
                               S(Const(np.full((3, 5), np.nan)), g.t(3, 4), g.t(4, 5), beta=0)]),
    OpInfo("baddbmm", lambda g: [S(g.t(2, 3, 5), g.t(2, 3, 4), g.t(2, 4, 5)),
                                 S(g.t(5), g.t(2, 3, 4), g.t(2, 4, 5), beta=0.5, alpha=-1.0)]),
    OpInfo("einsum", lambda g: [
        S("ij,jk->ik", g.t(3, 4), g.t(4, 5)), S("ij,jk", g.t(3, 4), g.t(4, 5)),
        S("bij,bjk->bik", g.t(2, 3, 4), g.t(2, 4, 5)), S("ii->i", g.t(4, 4)), S("ii", g.t(3, 3)),
        S("ij->", g.t(3, 4)), S("i,j->ij", g.t(3), g.t(4)), S("ba", g.t(3, 4)),
        S("...ij,jk->...ik", g.t(2, 3, 4), g.t(4, 5)), S("...ij,...jk", g.t(1, 3, 4), g.t(2, 4, 5)),
        S("bi,bj,bk->ijk", g.t(2, 3), g.t(2, 4), g.t(2, 2)), S("ij,ij->i", g.t(3, 1), g.t(3, 4)),
        S("ij,jk->ik", [g.t(3, 4), g.t(4, 2)]), S("ij,jk->ik", g.t(4, 3, nc=True), g.t(3, 2))],
        notes="the sublist form einsum(a, [0, 1], b, [1, 2]) is not supported"),
    OpInfo("tensordot", lambda g: [S(g.t(3, 4, 5), g.t(4, 5, 2)), S(g.t(3, 4), g.t(4, 5), 1),
                                   S(g.t(3, 4), g.t(5, 2), 0),
                                   S(g.t(3, 4, 5), g.t(4, 3), ([1, 0], [0, 1])),
                                   S(g.t(3, 4, 5), g.t(5, 2), dims=([2], [0]))]),
    OpInfo("kron", lambda g: [S(g.t(2, 3), g.t(4, 5)), S(g.t(3), g.t(4)), S(g.t(2, 2), g.t(3)),
                              S(g.t(2), g.t(2, 3, 1)), S(g.t(0, 2), g.t(2, 2))]),
]

LINALG = [
    OpInfo("linalg.vector_norm", lambda g: [
        S(g.t(3, 4)), S(g.t(3, 4), 1), S(g.t(2, 3, 4), 3, (0, 2), True), S(g.t(3, 4), 0.5, 1),
        S(g.t(3, 4), float("inf")), S(g.t(3, 4), -float("inf"), 0), S(g.t(3, 4), 0, 1),
        S(np.zeros((2, 3)), 2, 1), S(np.array([[0.0, 1.5, 0.0]]), 0.5, 1),
        S(g.t(4, 3, nc=True), dim=-1), S(g.t()), S(g.t(0, 3), dim=1),
        S(g.t(3, 4), dtype=DType("float64"))]),
    OpInfo("linalg.matrix_norm", lambda g: [
        *[S(g.t(2, 3, 4), o) for o in ("fro", "nuc", float("inf"), -float("inf"), 1, -1, 2, -2)],
        S(g.t(3, 2, 4), "nuc", (0, 2), True), S(g.t(3, 2, 4), 1, dim=(2, 0)),
        S(g.t(4, 3, nc=True), float("inf"))]),
    OpInfo("linalg.norm", lambda g: [
        S(g.t(3, 4)), S(g.t(3, 4), 2), S(g.t(3, 4), dim=1), S(g.t(2, 3, 4)), S(g.t(4), 3),
        S(g.t(3, 4), "nuc"), S(g.t(2, 3, 4), 1, (2, 0), True), S(g.t(3, 4), float("inf"), 0)]),
    OpInfo("linalg.svdvals", lambda g: [S(g.t(3, 4)), S(g.t(2, 4, 3)),
                                        S(g.t(4, 3, nc=True))]),
]

SHAPE = [
    OpInfo("reshape", lambda g: [S(g.t(2, 3), (3, 2)), S(g.t(2, 3, 4), (-1,)),
                                 S(g.t(3, 4, nc=True), (2, 6)), S(g.t(), (1, 1)),
                                 S(g.t(0, 3), (3, 0)), S(g.t(2, 6), (4, -1))]),
    OpInfo("flatten", lambda g: [S(g.t(2, 3, 4)), S(g.t(2, 3, 4), 1), S(g.t(2, 3, 4, 5), 1, 2),
                                 S(g.t(3, 4, nc=True)), S(g.t()), S(g.t(2, 0, 3), start_dim=1)]),
    OpInfo("squeeze", lambda g: [S(g.t(2, 1, 3, 1)), S(g.t(2, 1, 3), 1), S(g.t(2, 1, 3), 0),
                                 S(g.t(1, 3, 1), (0, 2)), S(g.t(1)), S(g.t())]),
    OpInfo("unsqueeze", lambda g: [S(g.t(2, 3), 0), S(g.t(2, 3), -1), S(g.t(2, 3), 1),
                                   S(g.t(), 0), S(g.t(3, 4, nc=True), 2)]),
    OpInfo("permute", lambda g: [S(g.t(2, 3, 4), (2, 0, 1)), S(g.t(2, 3, 4), (-1, 0, 1)),
                                 S(g.t(3, 4, nc=True), (1, 0)), S(g.t(), ())]),
    OpInfo("transpose", lambda g: [S(g.t(2, 3, 4), 0, 2), S(g.t(2, 3), -1, 0),
                                   S(g.t(3, 4, nc=True), 0, 1), S(g.t(3), 0, 0)]),
    OpInfo("cat", lambda g: [S([g.t(2, 3), g.t(4, 3)]), S([g.t(2, 3), g.t(2, 1)], dim=1),
                             S([g.t(2, 3), g.t(0, 3), g.t(1, 3, nc=True)]),
                             S((g.t(2, 3, 2), g.t(2, 3, 1)), dim=-1), S([g.t(3)])]),
    OpInfo("stack", lambda g: [S([g.t(2, 3), g.t(2, 3)]), S([g.t(2, 3), g.t(2, 3)], dim=2),
                               S((g.t(3), g.t(3, nc=True), g.t(3)), dim=-1), S([g.t(), g.t()]),
                               S([g.t(0, 2)] * 2, 1)]),
    OpInfo("split", lambda g: [S(g.t(5, 3), 2), S(g.t(5, 3), [1, 4]), S(g.t(3, 6), 3, dim=1),
                               S(g.t(4, 6, nc=True), [2, 0, 4], -1)]),
    OpInfo("chunk", lambda g: [S(g.t(6, 3), 3), S(g.t(5, 3), 2), S(g.t(3, 5), 2, dim=1),
                               S(g.t(4, 6, nc=True), 4, -1)]),
    OpInfo("ravel", lambda g: [S(g.t(2, 3, 4)), S(g.t(3, 4, nc=True)), S(g.t()), S(g.t(0, 3))]),
    OpInfo("unflatten", lambda g: [S(g.t(2, 12), 1, (3, 4)), S(g.t(6, 2), 0, (-1, 2, 1)),
                                   S(g.t(4, 6, nc=True), -1, [2, 3]), S(g.t(0, 4), 1, (2, 2))]),
    *[OpInfo(name, lambda g: [S(g.t(2, 3, 4), 0, -1), S(g.t(2, 3, 4), (0, 1), (2, 0)),
                              S(g.t(3, 4, nc=True), [-1], [0]), S(g.t(), 0, 0),
                              S(g.t(2, 3, 4), (), ())])
      for name in ("movedim", "moveaxis")],
    *[OpInfo(name, lambda g: [S(g.t(2, 3, 4), 0, 2), S(g.t(3, 4, nc=True), -1, 0),
                              S(g.t(3), 0, -1)])
      for name in ("swapaxes", "swapdims")],
    OpInfo("narrow", lambda g: [S(g.t(4, 6), 1, 2, 3), S(g.t(4, 6), -2, -3, 2),
                                S(g.t(4, 6, nc=True), 0, 1, 0), S(g.t(5), 0, 0, 5)]),
    OpInfo("select", lambda g: [S(g.t(4, 6), 1, 2), S(g.t(2, 3, 4), -1, -1),
                                S(g.t(4, 6, nc=True), 0, 3), S(g.t(5), 0, 0)]),
    OpInfo("rot90", lambda g: [S(g.t(2, 3)), S(g.t(2, 3), 2), S(g.t(2, 3), -1),
                               S(g.t(2, 3, 4), 3, (2, 0)), S(g.t(3, 4, nc=True), 1, [-1, 0]),
                               S(g.t(2, 3), 0), S(g.t(2, 3), k=5, dims=(1, 0))]),
    OpInfo("concat", lambda g: [S([g.t(2, 3), g.t(4, 3)]), S((g.t(2, 3), g.t(2, 1)), dim=1),
                                S([g.t(2, 3, nc=True), g.t(0, 3)], -2)]),
    OpInfo("t", lambda g: [S(g.t(2, 3)), S(g.t(3)), S(g.t()), S(g.t(3, 4, nc=True)),
                           S(g.t(0, 2))]),
    OpInfo("tile", lambda g: [S(g.t(2, 3), (2,)), S(g.t(2, 3), (2, 1, 2)), S(g.t(3), [2, 2]),
                              S(g.t(), (3,)), S(g.t(3, 4, nc=True), (1, 2)),
                              S(g.t(2, 3), (0, 1)), S(g.t(2, 3), ())]),
    OpInfo("broadcast_to", lambda g: [S(g.t(3, 1), (3, 4)), S(g.t(3, 1), (2, -1, 4)),
                                      S(g.t(), (2, 2)), S(g.t(1, 4), [0, 4]),
                                      S(g.t(3, 1, nc=True), (2, 3, 3))]),
    OpInfo("numel", lambda g: [S(g.t(2, 3)), S(g.t()), S(g.t(0, 4)), S(g.i(5, 3))], grad=False),
    OpInfo("is_tensor", lambda g: [S(g.t(2)), S([1.0]), S(1.5), S(None)], grad=False),
    OpInfo("is_floating_point", lambda g: [S(g.t(2)), S(g.i(5, 3)),
                                           S(g.i(2, 3).astype(bool))], grad=False),
]

ACTIVATIONS_TORCH = [
    OpInfo("relu", activation()),
    OpInfo("sigmoid", activation(-6, 6)),
    OpInfo("tanh", activation()),
    OpInfo("gelu", activation(approximate=["none", "tanh"]), torch_name="nn.functional.gelu"),
    OpInfo("softmax", softmax_samples),
    OpInfo("log_softmax", softmax_samples),
]


def _full_samples(g):
    return [S((2, 3), 1.5), S((0,), 2.0), S((), -1.0), S((2, 2), 3),
            S((2, 3), 1.5, dtype=DType("float64")), S((2,), True)]


CREATION = [
    OpInfo("zeros", lambda g: [S(2, 3), S((2, 3)), S(0), S([]), S(2, dtype=DType("float64")),
                               S([3], dtype=DType("int64"))]),
    OpInfo("ones", lambda g: [S(2, 3), S((2, 3)), S(0, 4), S(2, dtype=DType("float64")),
                              S(3, dtype=DType("int32"))]),
    OpInfo("empty", lambda g: [S(2, 3), S((4,)), S(0), S(2, dtype=DType("float64"))],
           values=False),
    OpInfo("full", _full_samples),
    OpInfo("eye", lambda g: [S(3), S(2, 4), S(3, 1), S(0), S(2, dtype=DType("int64"))]),
    OpInfo("arange", lambda g: [S(5), S(1, 4), S(0, 1, 0.25), S(5, 0, -1.5), S(0.5, 3),
                                S(4, dtype=DType("float64")), S(0)]),
    OpInfo("linspace", lambda g: [S(0, 1, 5), S(-2.0, 3.0, 7), S(1, 1, 1), S(0, 1, 0),
                                  S(0, 1, 4, dtype=DType("float64"))]),
    OpInfo("rand", lambda g: [S(2, 3), S((4,)), S(0), S(2, dtype=DType("float64"))],
           values=False),
    OpInfo("randn", lambda g: [S(2, 3), S((4,)), S(0), S(2, dtype=DType("float64"))],
           values=False),
    OpInfo("randint", lambda g: [S(2, 5, (2, 3)), S(3, size=(0,)), S(0, 4, size=[5])],
           values=False),
    OpInfo("randint", lambda g: [S(10, (3,)), S(4, [2, 2])], values=False, variant="high-size"),
    OpInfo("randperm", lambda g: [S(5), S(0), S(3, dtype=DType("int32"))], values=False),
    OpInfo("logspace", lambda g: [S(0, 2, 3), S(-1.0, 1.0, 5), S(0, 3, 4, 2), S(2, 0, 3, 3.0),
                                  S(0, 1, 0), S(1, 1, 1), S(0, 2, 5, base=2.5),
                                  S(0, 2, 3, dtype=DType("float64")),
                                  S(0, 2, 3, dtype=DType("int64"))]),
    OpInfo("as_tensor", lambda g: [S(g.t(2, 3)), S(g.t(2, 3), dtype=DType("float64")),
                                   S(g.i(5, 3)), S(g.i(5, 3), dtype=DType("float32")),
                                   S([[1.0, 2.0], [3.0, 4.0]]), S([1, 2]), S(2.5),
                                   S([1, 2], dtype=DType("float64"))]),
    OpInfo("normal", lambda g: [S(g.t(2, 3), g.pos(2, 3)), S(g.t(2, 1), g.pos(3)),
                                S(g.t(2, 3)), S(g.t(4), 0.5), S(1.5, g.pos(3, 2)),
                                S(0.0, 1.0, (2, 3)), S(0.0, 2.0, size=[4]),
                                S(1.0, 1.0, (2,), dtype=DType("float64"))],
           values=False, grad=False,
           notes="no gradient flows to mean or std (PyTorch's differentiates through them); "
                 "generator takes a numpy.random.Generator"),
    OpInfo("bernoulli", lambda g: [S(g.prob(2, 3)), S(g.prob(4), 0.3), S(g.prob(0, 3)),
                                   S(g.prob(3, 4, nc=True), p=0.9), S(g.i(5, 3), 0.5)],
           values=False, grad=False,
           notes="generator takes a numpy.random.Generator"),
    OpInfo("multinomial", lambda g: [S(g.pos(4), 2), S(g.pos(3, 4), 3, True), S(g.pos(3), 3),
                                     S(g.pos(2, 3), 7, replacement=True), S(g.pos(0, 3), 1)],
           values=False, grad=False, notes="generator takes a numpy.random.Generator"),
    OpInfo("tensor", lambda g: [S([[1.0, 2.0], [3.0, 4.0]]), S(1.5), S([1, 2, 3]), S([True]),
                                S([1, 2], dtype=DType("float64")), S([]),
                                S(((1, 2.5), (3, 4)))]),
    # PyTorch's legacy constructors, as older scripts call them.
    OpInfo("Tensor", lambda g: [S([1, 2]), S([[1.5, -2.0], [0.0, 3.0]]), S((2, 3)),
                                S(g.t(2, 3))], grad=False),
    OpInfo("Tensor", lambda g: [S(2, 3), S(0), S(4)], values=False, grad=False,
           variant="sizes"),
    *[OpInfo(name, lambda g: [S([1, 0, 2]), S([[3, 1], [0, 2]]), S((2, 3))], grad=False)
      for name in ("FloatTensor", "DoubleTensor", "LongTensor", "IntTensor", "ByteTensor",
                   "BoolTensor")],
    *[OpInfo(name, lambda g: [S(2, 3), S(0), S()], values=False, grad=False, variant="sizes")
      for name in ("FloatTensor", "DoubleTensor", "LongTensor")],
    OpInfo("Tensor.resize_", lambda g: [S(g.t(2, 3), 3, 2), S(g.t(2, 3), 4), S(g.t(4), (2, 2))],
           grad=False, fn=lambda lib, x, *size: x.detach().clone().resize_(*size)),
    OpInfo("Tensor.type", lambda g: [S(g.t(2, 3), "DoubleTensor"), S(g.i(5, 3), "FloatTensor"),
                                     S(g.t(3), "LongTensor")],
           grad=False, variant="legacy-class",
           fn=lambda lib, x, name: x.type(getattr(lib, name))),
    OpInfo("from_numpy", lambda g: [S(g.t(2, 3)), S(g.t(3, 4, nc=True)), S(g.i(5, 3))],
           grad=False, fn=lambda lib, x: lib.from_numpy(x.numpy())),
    OpInfo("zeros_like", lambda g: [S(g.t(2, 3)), S(g.t(0)), S(g.t(2), dtype=DType("int64")),
                                    S(g.i(5, 3))]),
    OpInfo("ones_like", lambda g: [S(g.t(2, 3)), S(g.t(3, nc=True)), S(g.i(5, 3))]),
    OpInfo("empty_like", lambda g: [S(g.t(2, 3)), S(g.i(5, 3))], values=False),
    OpInfo("full_like", lambda g: [S(g.t(2, 3), 2.5), S(g.i(5, 3), 7),
                                   S(g.t(2), 1, dtype=DType("int64"))]),
    OpInfo("rand_like", lambda g: [S(g.t(2, 3)), S(g.t(0, 2))], values=False),
    OpInfo("randn_like", lambda g: [S(g.t(2, 3)), S(g.t(0, 2))], values=False),
    OpInfo("randint_like", lambda g: [S(g.t(2, 3), 5), S(g.i(5, 3), 2, 8)], values=False),
]


# --------------------------------------------------------------------------- Tensor
def _method(name, samples, **kwargs):
    return OpInfo("Tensor." + name, samples, **kwargs)


def _inplace(name, samples, **kwargs):
    """An in-place method, run on a clone of its first argument so the leaf stays a leaf."""
    def fn(lib, x, *args, **kw):
        y = x.clone()
        getattr(y, name)(*args, **kw)
        return y
    return OpInfo("Tensor." + name, samples, fn=fn, **kwargs)


TENSOR = [
    *[_method(name, unary()) for name in ["exp", "abs", "sin", "cos", "relu", "tanh"]],
    _method("log", unary(0.1, 3.0)), _method("sqrt", unary(0.1, 3.0)),
    _method("sigmoid", unary(-6, 6)),
    _method("clamp", lambda g: [S(g.t(3, 4), -0.5, 0.5), S(g.t(3, 4, nc=True), min=0.1)]),
    _method("clip", lambda g: [S(g.t(3, 4), -0.5, 0.5)]),
    _method("maximum", binary(scalar=None)), _method("minimum", binary(scalar=None)),
    _method("pow", lambda g: [S(g.t(2, 3), 2), S(g.pos(2, 3), g.t(3))]),
    _method("matmul", lambda g: [S(g.t(3, 4), g.t(4, 5)), S(g.t(2, 3, 4), g.t(4))]),
    *[_method(name, reduction()) for name in ["sum", "mean"]],
    *[_method(name, variance()) for name in ["var", "std"]],
    *[_method(name, reduction(empty=False, tuple_dims=False, distinct=True))
      for name in ["max", "min", "argmax", "argmin"]],
    _method("logsumexp", lambda g: [S(g.t(2, 3, 4), 1), S(g.t(3, 4, nc=True), -1, True)]),
    _method("softmax", softmax_samples), _method("log_softmax", softmax_samples),
    _method("reshape", lambda g: [S(g.t(2, 3), 3, 2), S(g.t(2, 3), (6,)),
                                  S(g.t(3, 4, nc=True), -1)]),
    _method("view", lambda g: [S(g.t(2, 3), 3, 2), S(g.t(2, 3, 4), (6, -1)), S(g.t(), 1)]),
    _method("flatten", lambda g: [S(g.t(2, 3, 4)), S(g.t(2, 3, 4), 1)]),
    _method("squeeze", lambda g: [S(g.t(2, 1, 3)), S(g.t(2, 1, 3), 1)]),
    _method("unsqueeze", lambda g: [S(g.t(2, 3), 1), S(g.t(), 0)]),
    _method("transpose", lambda g: [S(g.t(2, 3, 4), 0, 2), S(g.t(3, 4, nc=True), 1, 0)]),
    _method("permute", lambda g: [S(g.t(2, 3, 4), 2, 0, 1), S(g.t(2, 3, 4), (1, 2, 0))]),
    _method("expand", lambda g: [S(g.t(3, 1), 3, 4), S(g.t(3, 1), (2, 3, 4)),
                                 S(g.t(1, 4), -1, 4), S(g.t(), 2, 2), S(g.t(1, 2), 0, 2)]),
    _method("expand_as", lambda g: [S(g.t(3, 1), Const(g.t(2, 3, 4)))]),
    _method("repeat", lambda g: [S(g.t(2, 3), 2, 1), S(g.t(3), (2, 2)),
                                 S(g.t(2, 3, nc=True), 1, 2, 1), S(g.t(2, 3), 0, 1)]),
    _method("split", lambda g: [S(g.t(5, 3), 2), S(g.t(3, 5), [2, 3], 1)]),
    _method("chunk", lambda g: [S(g.t(5, 3), 2), S(g.t(3, 6), 3, dim=1)]),
    _method("ravel", lambda g: [S(g.t(3, 4, nc=True))]),
    _method("unflatten", lambda g: [S(g.t(2, 12), -1, (3, -1))]),
    *[_method(name, lambda g: [S(g.t(2, 3, 4), (0, 2), (1, 0))])
      for name in ("movedim", "moveaxis")],
    *[_method(name, lambda g: [S(g.t(2, 3, 4), 2, 0)]) for name in ("swapaxes", "swapdims")],
    _method("narrow", lambda g: [S(g.t(4, 6), -1, 1, 4)]),
    _method("select", lambda g: [S(g.t(4, 6), 0, -2)]),
    _method("t", lambda g: [S(g.t(3, 4)), S(g.t(3)), S(g.t())]),
    OpInfo("Tensor.T", lambda g: [S(g.t(3, 4)), S(g.t(4, 2, nc=True))], fn=lambda lib, x: x.T),
    _method("contiguous", lambda g: [S(g.t(3, 4, nc=True)), S(g.t(3, 4))]),
    _method("clone", lambda g: [S(g.t(3, 4, nc=True)), S(g.t())]),
    _method("detach", lambda g: [S(g.t(3, 4))]),
    _method("double", lambda g: [S(g.t(3, 4)), S(g.i(5, 3))]),
    _method("float", lambda g: [S(g.t(3, 4)), S(g.i(5, 3))], exact_dtype=True),
    _method("long", lambda g: [S(g.t(3, 4, low=-5, high=5))]),
    _method("int", lambda g: [S(g.t(3, 4, low=-5, high=5))]),
    _method("bool", lambda g: [S(g.i(2, 3, 4).astype(np.float64))]),
    _method("to", lambda g: [S(g.t(3, 4), DType("float32")), S(g.t(3), dtype=DType("int64")),
                             S(g.t(3), "cpu")]),
    _method("all", lambda g: [S(g.i(2, 3, 4).astype(bool)), S(g.i(2, 3, 4).astype(bool), 1)]),
    _method("any", lambda g: [S(g.i(2, 3, 4).astype(bool)), S(g.i(2, 3, 4).astype(bool), 0)]),
    _method("__getitem__", lambda g: [
        S(g.t(4, 5), 1), S(g.t(4, 5), (slice(1, 3), -1)), S(g.t(4, 5), (Ellipsis, None, 2)),
        S(g.t(4, 5, nc=True), slice(None, None, 2)), S(g.t(4, 5), np.array([0, 2, 0])),
        S(g.t(4, 5), (np.array([1, 3]), np.array([0, 4]))),
        S(g.t(4, 5), g.i(2, 4, 5).astype(bool)), S(g.t(4, 5), (slice(None), [1, 1, 3]))]),
    *[_method(f"__{op}__", binary()) for op in ["add", "sub", "mul"]],
    _method("__truediv__", binary(blow=0.5)),
    *[_method(f"__r{op}__", lambda g: [S(g.t(2, 3), 2.5), S(g.t(), -1.0)])
      for op in ["add", "sub", "mul"]],
    _method("__rtruediv__", lambda g: [S(g.pos(2, 3), 2.5)]),
    _method("__pow__", binary(low=0.5)),
    _method("__rpow__", lambda g: [S(g.t(2, 3), 2.5)]),
    _method("__matmul__", lambda g: [S(g.t(3, 4), g.t(4, 5)), S(g.t(4), g.t(2, 4, 3))]),
    *[_method(f"__{op}__", unary()) for op in ["neg", "pos", "abs"]],
    *[_method(f"__{op}__", lambda g: [S(g.t(2, 3).round(), g.t(3).round()),
                                      S(g.t(2, 3).round(), 1.0)], grad=False)
      for op in ["eq", "ne", "lt", "le", "gt", "ge"]],
    *[_method(f"__{op}__", lambda g: [S(g.i(2, 2, 3).astype(bool), g.i(2, 3).astype(bool))])
      for op in ["and", "or"]],
    _method("__invert__", lambda g: [S(g.i(2, 2, 3).astype(bool))]),
    *[_inplace(name, inplace_binary()) for name in ["add_", "sub_", "mul_"]],
    _inplace("div_", inplace_binary(blow=0.5)),
    _inplace("add_", lambda g: [S(g.t(2, 3), g.t(3), alpha=-2.0)], variant="alpha"),
    _inplace("sub_", lambda g: [S(g.t(2, 3), g.t(3), alpha=0.5)], variant="alpha"),
    _inplace("clamp_", lambda g: [S(g.t(3, 4), -0.5, 0.5), S(g.t(3, 4), max=0.1)]),
    _inplace("copy_", lambda g: [S(g.t(2, 3), g.t(2, 3)), S(g.t(2, 3), g.t(3))]),
    _inplace("fill_", lambda g: [S(g.t(2, 3), 1.5)], grad=False),
    _inplace("zero_", lambda g: [S(g.t(2, 3))], grad=False),
    *[_inplace(f"__i{op}__", inplace_binary()) for op in ["add", "sub", "mul"]],
    _inplace("__itruediv__", inplace_binary(blow=0.5)),
    _inplace("normal_", lambda g: [S(g.t(2, 3)), S(g.t(3), 1.0, 0.5)], grad=False, values=False),
    _inplace("uniform_", lambda g: [S(g.t(2, 3)), S(g.t(3), -1.0, 2.0)], grad=False,
             values=False),
    # Sizes and conversions to Python values.
    *[OpInfo("Tensor." + name, lambda g: [S(g.t(2, 3)), S(g.t(3, 4, nc=True)), S(g.t()),
                                          S(g.t(0, 2))],
             fn=lambda lib, x, name=name: getattr(x, name))
      for name in ["shape", "ndim"]],
    _method("__rmatmul__", lambda g: [S(g.t(4, 5), g.t(3, 4)), S(g.t(4), g.t(4))]),
    *[_method(name, lambda g: [S(g.t(2, 3)), S(g.t(3, 4, nc=True)), S(g.t()), S(g.t(0, 2))])
      for name in ["dim", "numel", "is_contiguous", "tolist"]],
    _method("size", lambda g: [S(g.t(2, 3)), S(g.t(2, 3), 1), S(g.t(2, 3), dim=-1)]),
    *[_method(name, lambda g: [S(g.t()), S(g.t(1, 1))]) for name in ["item", "__float__"]],
    _method("__int__", lambda g: [S(g.t(low=-5, high=5)), S(g.i(5, 1))]),
    _method("__bool__", lambda g: [S(g.t()), S(np.zeros(1))]),
    _method("__len__", lambda g: [S(g.t(4, 3)), S(g.t(0))]),
    _method("__index__", lambda g: [S(g.i(5)), S(np.array([3]))]),
    _method("requires_grad_", lambda g: [S(Const(g.t(2, 3))), S(Const(g.t(2)), False)]),
    _inplace("detach_", lambda g: [S(g.t(2, 3))]),
    _inplace("__setitem__", lambda g: [S(g.t(4, 5), 1, g.t(5)), S(g.t(4, 5), (slice(1, 3), 0), 2.0),
                                       S(g.t(4, 5), g.i(2, 4, 5).astype(bool), 0.0)]),
]


TENSOR_MATH = [
    *[_method(name, lambda g: [S(g.t(3, 4)), S(g.t(3, 4), 1), S(_with_zeros(g, 3, 4), 0, True)])
      for name in ("prod",)],
    *[_method(name, lambda g: [S(g.distinct(2, 3, 4)), S(g.distinct(2, 3, 4), (0, 2)),
                               S(g.distinct(3, 4), -1, True)])
      for name in ("amax", "amin")],
    _method("aminmax", lambda g: [S(g.distinct(3, 4)), S(g.distinct(3, 4), dim=0)]),
    *[_method(name, lambda g: [S(np.where(g.t(3, 4) > 1.0, np.nan, g.t(3, 4)), 1)])
      for name in ("nansum", "nanmean")],
    _method("norm", lambda g: [S(g.t(3, 4)), S(g.t(3, 4), 1, 0), S(g.t(3, 4), p="nuc")]),
    *[_method(name, lambda g: [S(g.distinct(3, 5)), S(g.distinct(3, 5), 0)])
      for name in ("sort", "argsort", "median", "mode")],
    _method("topk", lambda g: [S(g.distinct(3, 5), 2), S(g.distinct(3, 5), 1, 0, False)]),
    _method("kthvalue", lambda g: [S(g.distinct(3, 5), 2), S(g.distinct(3, 5), 3, 0, True)]),
    _method("unique", lambda g: [S(g.i(4, 3, 5)), S(g.i(4, 3, 5), return_counts=True)],
            grad=False),
    *[_method(name, lambda g: [S(g.t(3, 4), 1), S(_with_zeros(g, 3, 4), 0)])
      for name in ("cumsum", "cumprod", "logcumsumexp")],
    *[_method(name, lambda g: [S(g.distinct(3, 4), 1)]) for name in ("cummax", "cummin")],
    _method("diff", lambda g: [S(g.t(3, 5)), S(g.t(3, 5), 2, 0)]),
    _method("mm", lambda g: [S(g.t(3, 4), g.t(4, 5))]),
    _method("bmm", lambda g: [S(g.t(2, 3, 4), g.t(2, 4, 5))]),
    _method("mv", lambda g: [S(g.t(3, 4), g.t(4))]),
    _method("dot", lambda g: [S(g.t(4), g.t(4))]),
    _method("outer", lambda g: [S(g.t(3), g.t(4))]),
    _method("addmm", lambda g: [S(g.t(3, 5), g.t(3, 4), g.t(4, 5), beta=2.0)]),
    _method("baddbmm", lambda g: [S(g.t(2, 3, 5), g.t(2, 3, 4), g.t(2, 4, 5), alpha=0.5)]),
    _method("kron", lambda g: [S(g.t(2, 3), g.t(2, 2))]),
    *[_method(name, lambda g: [S(g.t(3, 4), 0.25), S(g.t(3, 4, nc=True), -0.5)])
      for name in ("clamp_min", "clamp_max")],
]


# --------------------------------------------------------------------------- nn.functional
def _f(name, samples, **kwargs):
    return OpInfo("nn.functional." + name, samples, **kwargs)


def _conv(n):
    """conv{n}d: stride, padding (numbers and strings), dilation, groups, no bias, unbatched,
    empty batch, non-contiguous input."""
    def samples(g):
        sp, k = (7, 6, 5)[:n], (3, 2, 3)[:n]
        cases = [S(g.t(2, 4, *sp), g.t(6, 4, *k), g.t(6)),
                 S(g.t(2, 4, *sp), g.t(6, 4, *k), stride=2, padding=1),
                 S(g.t(1, 4, *sp), g.t(6, 2, *k), g.t(6), 1, "same", 2, 2),
                 S(g.t(1, 4, *sp), g.t(4, 1, *k), padding="valid", groups=4),
                 S(g.t(4, *sp), g.t(3, 4, *k), g.t(3)),
                 S(g.t(0, 4, *sp), g.t(3, 4, *k)),
                 S(g.t(*sp, 4, 2, nc=True).T, g.t(3, 4, *k))]
        if n == 2:  # 3x3, 128 channels, a 5x6 map: the Winograd path
            cases.append(S(g.t(2, 128, 5, 6), g.t(128, 128, 3, 3), g.t(128), padding=1))
        return cases
    return samples


def _conv_transpose(n):
    def samples(g):
        sp, k = (5, 4, 3)[:n], (3, 2, 3)[:n]
        return [S(g.t(2, 4, *sp), g.t(4, 3, *k), g.t(3)),
                S(g.t(2, 4, *sp), g.t(4, 3, *k), stride=2, padding=1, output_padding=1),
                S(g.t(1, 4, *sp), g.t(4, 2, *k), g.t(4), 2, 0, 0, 2, 2),
                S(g.t(4, *sp), g.t(4, 3, *k)),
                S(g.t(0, 4, *sp), g.t(4, 3, *k)),
                S(g.t(*sp, 4, 2, nc=True).T, g.t(4, 3, *k), dilation=2)]
    return samples


def _pool_input(g, n, size=(6, 7, 5), distinct=False, **kwargs):
    shape = (2, 3) + size[:n]
    return g.distinct(*shape, **kwargs) if distinct else g.t(*shape, **kwargs)


def _max_pool(n):
    def samples(g):
        x = lambda **kw: _pool_input(g, n, distinct=True, **kw)  # noqa: E731
        return [S(x(), 2), S(x(), 3, stride=2, padding=1), S(x(), 2, 1, 0, 2),
                S(x(), 3, 2, ceil_mode=True), S(x(), 2, return_indices=True),
                S(x(nc=True), 2), S(x()[0], 2)]
    return samples


def _avg_pool(n):
    def samples(g):
        x = lambda **kw: _pool_input(g, n, **kw)  # noqa: E731
        out = [S(x(), 2), S(x(), 3, stride=2, padding=1),
               S(x(), 3, 2, 1, count_include_pad=False), S(x(), 3, 2, ceil_mode=True),
               S(x(), 3, 2, 1, True, False), S(x(nc=True), 2), S(x()[0], 2)]
        if n > 1:
            out.append(S(x(), 2, divisor_override=3))
        return out
    return samples


def _adaptive(n, max_=False):
    def samples(g):
        x = lambda **kw: _pool_input(g, n, distinct=max_, **kw)  # noqa: E731
        sizes = [(3, 4, 2)[:n], (4, 5, 3)[:n], (1,) * n]
        out = [S(x(), s if n > 1 else s[0]) for s in sizes] + [S(x(nc=True), 2), S(x()[0], 3)]
        if n > 1:
            out.append(S(x(), (None,) + (2,) * (n - 1)))
        if max_:
            out.append(S(x(), 2, return_indices=True))
        return out
    return samples


def _lp_pool(n):
    ceil_reason = ("a partial window at the border sums the elements it covers; PyTorch "
                   "rescales it to the full window's size (see Differences from PyTorch)")

    def samples(g):
        x = lambda **kw: _pool_input(g, n, **kw)  # noqa: E731
        # Positive inputs: a power sum of negative values has no real root for odd norms.
        pos = lambda **kw: np.abs(x(**kw)) + 0.1  # noqa: E731
        out = [S(x(), 2, 2), S(pos(), 3.0, 3, stride=2), S(pos(), 1, 2), S(x(nc=True), 2, 2),
               S(pos()[0], 1.5, 2)]
        ceil = S(pos(), 2, 3, 2, ceil_mode=True)
        ceil.skip = ceil_reason
        return out + [ceil]
    return samples


def _unpool(n):
    pool, unpool = f"max_pool{n}d", f"max_unpool{n}d"

    def fn(lib, x, kernel, stride=None, padding=0, full=True):
        y, indices = getattr(lib.nn.functional, pool)(x, kernel, stride, padding,
                                                      return_indices=True)
        size = x.shape if full else x.shape[-n:]
        return getattr(lib.nn.functional, unpool)(y, indices, kernel, stride, padding, size)

    def samples(g):
        x = lambda **kw: _pool_input(g, n, distinct=True, **kw)  # noqa: E731
        return [S(x(), 2), S(x(), 3, 2), S(x(nc=True), 2), S(x(), 3, 2, 1, full=False),
                S(x()[0], 2, full=False)]
    return OpInfo("nn.functional." + unpool, samples, fn=fn)


def _loss_reductions(make):
    """The three reductions for each ``(input, target)`` pair from ``make(g)``."""
    def samples(g):
        return [S(*pair, reduction=r) for pair in make(g) for r in ("mean", "sum", "none")]
    return samples


POOLS = [
    *[_f(f"max_pool{n}d", _max_pool(n)) for n in (1, 2, 3)],
    *[_f(f"avg_pool{n}d", _avg_pool(n)) for n in (1, 2, 3)],
    *[_f(f"adaptive_avg_pool{n}d", _adaptive(n)) for n in (1, 2, 3)],
    *[_f(f"adaptive_max_pool{n}d", _adaptive(n, max_=True)) for n in (1, 2, 3)],
    *[_f(f"lp_pool{n}d", _lp_pool(n)) for n in (1, 2, 3)],
    *[_unpool(n) for n in (1, 2, 3)],
]

def _pad_every_mode_and_dim(g):
    """F.pad in each mode on 1, 2 and 3 padded dimensions, batched and unbatched."""
    out = []
    for mode in ("constant", "reflect", "replicate", "circular"):
        for n in (1, 2, 3):
            pads = (2, 1, 1, 3, 0, 2)[:2 * n]
            out += [S(g.t(2, 3, *(4, 5, 3)[:n]), pads, mode),
                    S(g.t(3, *(5, 4, 3)[:n]), pads[::-1], mode=mode)]
    return out + [S(g.t(2, 4, 5), (-1, 2, 1, -2), "circular"),
                  S(g.t(2, 3, 4, 5, 3), (1, -2, 1, 0, -1, 2), value=-0.5)]


CONVOLUTIONS = [
    *[_f(f"conv{n}d", _conv(n)) for n in (1, 2, 3)],
    *[_f(f"conv_transpose{n}d", _conv_transpose(n)) for n in (1, 2, 3)],
    _f("linear", lambda g: [S(g.t(3, 4), g.t(5, 4), g.t(5)), S(g.t(4), g.t(5, 4)),
                            S(g.t(2, 3, 4), g.t(5, 4, nc=True), g.t(5)),
                            S(g.t(0, 4), g.t(2, 4), g.t(2)), S(g.t(3, 4), g.t(1, 4), g.t(1))]),
    _f("bilinear", lambda g: [S(g.t(3, 4), g.t(3, 2), g.t(5, 4, 2), g.t(5)),
                              S(g.t(3, 4), g.t(3, 2), g.t(5, 4, 2)),
                              S(g.t(2, 3, 4), g.t(2, 3, 2), g.t(1, 4, 2), g.t(1))]),
    _f("pad", lambda g: [S(g.t(2, 3, 4), (1, 2)), S(g.t(2, 3, 4), (1, 0, 2, 1), value=1.5),
                         S(g.t(2, 3, 4), (-1, 1)), S(g.t(2, 3, 4), (1, 2), mode="reflect"),
                         S(g.t(2, 3, 4, 5), (1, 2, 2, 1), "replicate"),
                         S(g.t(2, 3, 4, 5), (1, 2, 2, 1), "circular"),
                         S(g.t(1, 2, 3, 4, 3), (1, 1, 1, 0, 0, 2), "reflect"),
                         S(g.t(3, 4, nc=True), (2, 2), "constant", 0.5),
                         S(g.t(0, 3, 4), (1, 1)), *_pad_every_mode_and_dim(g)]),
]

NORMS = [
    _f("batch_norm", lambda g: [
        S(g.t(4, 3, 5), Const(g.t(3)), Const(g.pos(3)), g.pos(3), g.t(3), training=True),
        S(g.t(4, 3), Const(g.t(3)), Const(g.pos(3)), training=False),
        S(g.t(4, 3, 2, 2), Const(g.t(3)), Const(g.pos(3)), g.pos(3), g.t(3), False, 0.1, 1e-3),
        S(g.t(4, 3, 2, 2), None, None, g.pos(3), None, True, eps=1e-2),
        S(g.t(5, 3, 2, 1, 2, nc=True).transpose(0, 1, 3, 2, 4), None, None, training=True)]),
    _f("layer_norm", lambda g: [
        S(g.t(3, 4), (4,), g.pos(4), g.t(4)), S(g.t(2, 3, 4), (3, 4)), S(g.t(2, 3, 4), [4]),
        S(g.t(4, 5, nc=True), (5,), g.pos(5), None, 1e-3), S(g.t(0, 4), (4,))]),
    _f("group_norm", lambda g: [
        S(g.t(2, 6, 5), 3, g.pos(6), g.t(6)), S(g.t(2, 6, 2, 3), 2), S(g.t(2, 4), 4),
        S(g.t(2, 6, 2, 3), 1, g.pos(6), g.t(6), 1e-3), S(g.t(3, 2, 4, nc=True), 1)]),
    _f("instance_norm", lambda g: [
        S(g.t(2, 3, 5)), S(g.t(2, 3, 4, 4), weight=g.pos(3), bias=g.t(3)),
        S(g.t(2, 3, 5), Const(g.t(3)), Const(g.pos(3)), use_input_stats=False),
        S(g.t(2, 3, 5), Const(g.t(3)), Const(g.pos(3)), momentum=0.2),
        S(g.t(2, 3, 2, 2, 2), eps=1e-3)]),
    _f("local_response_norm", lambda g: [
        S(g.t(2, 5, 4), 3), S(g.t(2, 6, 3, 3), 2, alpha=1e-2, beta=0.5, k=2.0),
        S(g.t(2, 4, 2, 2, 2), 5), S(g.t(3, 4, nc=True).reshape(3, 4, 1), 3)]),
]

ACTIVATIONS = [
    _f("relu", activation()), _f("relu6", activation(-8, 8)),
    _f("leaky_relu", activation(negative_slope=[0.2, 1.5])), _f("elu", activation(alpha=[0.5])),
    _f("gelu", activation(approximate=["tanh"])), _f("silu", activation()),
    _f("sigmoid", activation(-6, 6)), _f("tanh", activation()),
    _f("hardswish", activation(-5, 5)),
    _f("softplus", activation(-25, 25, beta=[2.0, 0.5], threshold=[1.0])),
    _f("softmax", softmax_samples), _f("log_softmax", softmax_samples),
    _f("softmax", lambda g: [S(g.t(2, 3), 1, dtype=DType("float64")), S(g.t(2, 3, 4))],
       variant="defaults"),
    _f("log_softmax", lambda g: [S(g.t(2, 3), dim=0, dtype=DType("float64")), S(g.t(3))],
       variant="defaults"),
    _f("relu", lambda g: [S(g.t(2, 3), inplace=True)], variant="inplace",
       fn=lambda lib, x, **kw: lib.nn.functional.relu(x * 1, **kw)),
    _f("leaky_relu", lambda g: [S(g.t(2, 3), 0.3, True)], variant="inplace",
       fn=lambda lib, x, *a: lib.nn.functional.leaky_relu(x * 1, *a)),
    _f("dropout", lambda g: [S(g.t(3, 4), training=False), S(g.t(3, 4), 0.0),
                             S(g.t(3, 4), 0.7, False)]),
    *[_f(f"dropout{n}d", lambda g, n=n: [S(g.t(2, 3, *(4,) * n), training=False),
                                         S(g.t(2, 3, *(4,) * n), 0.0, True)])
      for n in (1, 2, 3)],
    _f("dropout", lambda g: [S(g.t(30, 40), 0.5), S(g.t(0, 4), 0.3)], variant="random",
       values=False, grad=False),
]


def _class_scores(g):
    """(input, target) pairs for cross-entropy: 2-d, K-d, unbatched, empty."""
    return [(g.t(5, 4), g.i(4, 5)), (g.t(3, 4, 2, 2), g.i(4, 3, 2, 2)), (g.t(4), g.i(4)),
            (g.t(4, 6, nc=True).T[:, :4].copy(), g.i(4, 6))]


SAME_SHAPE = "the target must have the input's shape (PyTorch warns and broadcasts)"

LOSSES = [
    _f("cross_entropy", lambda g: [
        *[S(x, t) for x, t in _class_scores(g)],
        S(g.t(5, 4), g.i(4, 5), reduction="sum"), S(g.t(5, 4), g.i(4, 5), reduction="none"),
        S(g.t(5, 4), g.i(4, 5), weight=Const(g.pos(4))),
        S(g.t(5, 4), np.array([0, -100, 3, 1, -100]), ignore_index=-100),
        S(g.t(5, 4), np.array([0, 2, 3, 2, 1]), ignore_index=2, weight=Const(g.pos(4))),
        S(g.t(5, 4), g.i(4, 5), label_smoothing=0.1),
        S(g.t(5, 4), g.i(4, 5), weight=Const(g.pos(4)), label_smoothing=0.2, reduction="sum"),
        S(g.t(5, 4), Const(g.prob(5, 4))), S(g.t(3, 4, 2), g.prob(3, 4, 2), reduction="none"),
        S(g.t(5, 4), Const(g.prob(5, 4)), label_smoothing=0.3, weight=Const(g.pos(4)))]),
    _f("nll_loss", lambda g: [
        S(g.t(5, 4), g.i(4, 5)), S(g.t(5, 4), g.i(4, 5), reduction="sum"),
        S(g.t(5, 4), g.i(4, 5), reduction="none"), S(g.t(3, 4, 2, 2), g.i(4, 3, 2, 2)),
        S(g.t(5, 4), g.i(4, 5), Const(g.pos(4))), S(g.t(4), g.i(4)),
        S(g.t(5, 4), np.array([1, 0, -100, 3, 1]), weight=Const(g.pos(4)))]),
    *[_f(name, _loss_reductions(lambda g: [(g.t(3, 4), g.t(3, 4)), (g.t(), g.t()),
                                           (g.t(3, 4, nc=True), Const(g.t(3, 4))),
                                           (g.t(0, 2), g.t(0, 2))]), notes=SAME_SHAPE)
      for name in ("mse_loss", "l1_loss")],
    _f("smooth_l1_loss", _loss_reductions(lambda g: [(g.t(3, 4), g.t(3, 4)),
                                                     (g.t(4, nc=True), Const(g.t(4)))]),
       notes=SAME_SHAPE),
    _f("smooth_l1_loss", lambda g: [S(g.t(3, 4), g.t(3, 4), beta=0.5),
                                    S(g.t(3, 4), g.t(3, 4), beta=2.0, reduction="sum"),
                                    S(g.t(3, 4), g.t(3, 4), beta=0.0)], variant="beta"),
    _f("huber_loss", _loss_reductions(lambda g: [(g.t(3, 4), g.t(3, 4)),
                                                 (g.t(4, nc=True), Const(g.t(4)))]),
       notes=SAME_SHAPE),
    _f("huber_loss", lambda g: [S(g.t(3, 4), g.t(3, 4), delta=0.5),
                                S(g.t(3, 4), g.t(3, 4), reduction="sum", delta=2.0)],
       variant="delta"),
    # PyTorch's huber_loss backward fails with an integer target: forward only.
    *[_f(name, lambda g: [S(g.t(3, 4), g.i(3, 3, 4)), S(g.t(5), g.i(2, 5), reduction="none"),
                          S(g.t(4, 3, nc=True), g.i(4, 4, 3).astype(bool), reduction="sum")],
         variant="integer target", grad=name != "huber_loss")
      for name in ("mse_loss", "smooth_l1_loss", "huber_loss")],
    _f("l1_loss", lambda g: [S(g.t(3, 4), g.i(3, 3, 4)), S(g.t(5), g.i(2, 5), reduction="sum")],
       variant="integer target"),
    _f("binary_cross_entropy", _loss_reductions(
        lambda g: [(g.prob(3, 4), g.prob(3, 4)), (g.prob(5, nc=True), Const(g.prob(5))),
                   (g.prob(), g.i(2).astype(np.float64))])),
    _f("binary_cross_entropy", lambda g: [S(g.prob(3, 4), Const(g.prob(3, 4)), Const(g.pos(3, 4))),
                                          S(g.prob(3, 4), g.prob(3, 4), Const(g.pos(4)))],
       variant="weight"),
    _f("binary_cross_entropy_with_logits", _loss_reductions(
        lambda g: [(g.t(3, 4), g.prob(3, 4)), (g.t(5, nc=True), Const(g.prob(5))),
                   (g.t(), g.i(2).astype(np.float64))])),
    _f("binary_cross_entropy_with_logits", lambda g: [
        S(g.t(3, 4), g.prob(3, 4), Const(g.pos(3, 4))),
        S(g.t(3, 4), g.prob(3, 4), pos_weight=Const(g.pos(4))),
        S(g.t(3, 4), g.prob(3, 4), Const(g.pos(4)), pos_weight=Const(g.pos(4)), reduction="sum")],
       variant="weight"),
]


# --------------------------------------------------------------------------- everyday API
def _rounded(g, *shape, nc=False):
    """Whole numbers in [-2, 2]: comparisons meet equal elements as well as unequal ones."""
    return np.asarray(g.t(*shape, nc=nc).round())


def _compare_samples(g):
    return [S(_rounded(g, 2, 3), _rounded(g, 3)), S(_rounded(g, 2, 3), 1.0),
            S(_rounded(g, 3, 4, nc=True), _rounded(g, 3, 4)), S(_rounded(g), _rounded(g, 2)),
            S(g.i(3, 2, 3), g.i(3, 3))]


def _logical_samples(g):
    return [S(g.i(2, 2, 3).astype(bool), g.i(2, 3).astype(bool)),
            S(_rounded(g, 2, 3), g.i(2, 2, 3).astype(bool)), S(g.i(3, 4), _rounded(g, 4))]


def _distinct_index(g, size, rows, cols):
    """A (rows, cols) index into a dimension of ``size``, distinct down each column."""
    return np.stack([g.rng.permutation(size)[:rows] for _ in range(cols)], axis=1)


def _special(g):
    return np.array([[1.0, np.nan, np.inf], [-np.inf, 0.0, -2.5]])


EVERYDAY = [
    OpInfo("add", lambda g: [S(g.t(2, 3), g.t(3), alpha=2.5), S(g.t(2, 3), 1.5, alpha=-2),
                             S(g.i(5, 3), g.i(5, 3), alpha=3)], variant="alpha"),
    OpInfo("sub", lambda g: [S(g.t(2, 3), g.t(3), alpha=0.5), S(g.t(4), g.t(), alpha=-1.5)],
           variant="alpha"),
    OpInfo("div", lambda g: [
        S(g.t(2, 3, low=-5, high=5), g.pos(3), rounding_mode="trunc"),
        S(g.t(2, 3, low=-5, high=5), -g.pos(2, 3), rounding_mode="floor"),
        S(g.i(10, 2, 3, low=-9), g.i(4, 3, low=1), rounding_mode="trunc"),
        S(g.i(10, 2, 3, low=-9), -g.i(4, 3, low=1), rounding_mode="floor"),
        S(g.t(3, 4, nc=True), 0.75, rounding_mode="floor")], variant="rounding"),
    OpInfo("true_divide", binary(blow=0.5)),
    OpInfo("floor_divide", lambda g: [S(g.t(2, 3, low=-5, high=5), g.pos(3)),
                                      S(g.i(10, 2, 3, low=-9), g.i(4, 3, low=1))], grad=False),
    OpInfo("rsub", lambda g: [S(g.t(2, 3), g.t(3)), S(g.t(2, 3), 2.0, alpha=0.5)]),
    OpInfo("remainder", binary(low=-4, high=4, blow=0.5, bhigh=2.0)),
    OpInfo("remainder", lambda g: [S(g.i(10, 2, 3, low=-9), -g.i(4, 3, low=1)),
                                   S(g.t(3), -1.5)], variant="signs"),
    OpInfo("fmod", binary(low=-4, high=4, blow=0.5, bhigh=2.0)),
    OpInfo("fmod", lambda g: [S(g.i(10, 2, 3, low=-9), -g.i(4, 3, low=1))], variant="ints"),
    OpInfo("lerp", lambda g: [S(g.t(2, 3), g.t(2, 3), 0.3), S(g.t(2, 3), g.t(3), g.t(2, 1)),
                              S(g.t(3, 4, nc=True), g.t(3, 4), g.t())]),
    OpInfo("addcmul", lambda g: [S(g.t(2, 3), g.t(2, 3), g.t(3)),
                                 S(g.t(2, 3), g.t(3), g.t(2, 1), value=-0.5),
                                 S(g.t(0, 3), g.t(0, 3), g.t(3))]),
    OpInfo("addcdiv", lambda g: [S(g.t(2, 3), g.t(2, 3), g.pos(3)),
                                 S(g.t(2, 3), g.t(3), g.pos(2, 1), value=2.0),
                                 S(g.t(3, 4, nc=True), g.t(3, 4), g.pos(3, 4), value=-1e-3)]),
    OpInfo("reciprocal", unary(0.5, 2.0)),
    OpInfo("rsqrt", unary(0.5, 2.0)),
    OpInfo("square", unary()),
    OpInfo("log1p", unary(-0.5, 2.0)),
    OpInfo("expm1", unary()),
    OpInfo("log2", unary(0.1, 3.0)),
    OpInfo("log10", unary(0.1, 3.0)),
    OpInfo("exp2", unary()),
    OpInfo("sign", unary()),
    OpInfo("sgn", unary()),
    OpInfo("negative", unary()),
    OpInfo("positive", unary()),
    *[OpInfo(name, unary(-200.0, 200.0)) for name in ("deg2rad", "rad2deg")],
    OpInfo("sinc", lambda g: [*unary(-3.0, 3.0)(g), S(np.array([0.0, 1.0, -2.0, 0.5]))]),
    OpInfo("tan", unary(-1.2, 1.2)),
    OpInfo("erf", lambda g: [*unary(-2.5, 2.5)(g),
                             S(np.array([0.0, -np.inf, np.inf, np.nan, 6.0]))]),
    OpInfo("logit", lambda g: [*unary(0.05, 0.95)(g), S(np.array([0.0, 0.5, 1.0, -0.5, 1.5])),
                               S(g.t(2, 3, low=-0.2, high=1.2), eps=0.1),
                               S(g.t(4, low=0.0, high=1.0), 0.25), S(g.t(4), eps=-1.0)]),
    OpInfo("nan_to_num", lambda g: [S(_special(g)), S(_special(g), 1.0, 2.0, -3.0),
                                    S(_special(g), posinf=5.0), S(_special(g), neginf=-7.5),
                                    S(g.t(3, 4, nc=True)), S(g.i(5, 3))]),
    OpInfo("xlogy", lambda g: [*binary(blow=0.5)(g), S(np.array([0.0, 1.0, 0.0, 2.0]),
                                                       np.array([0.0, 0.0, np.nan, 3.0])),
                               S(2.5, g.pos(3)), S(g.i(5, 3), g.i(4, 3, low=1))]),
    OpInfo("hypot", lambda g: [*binary(scalar=None)(g),
                               S(np.array([1e30, 3.0]), np.array([1e30, 4.0]))]),
    OpInfo("logaddexp", lambda g: [*binary(scalar=None)(g),
                                   S(np.array([1000.0, -1000.0]), np.array([1000.0, 1.0]))]),
    OpInfo("copysign", lambda g: [*binary()(g), S(g.t(4), np.array([-0.0, 0.0, -1.0, 2.0])),
                                  S(g.i(5, 3, low=-5), -1)]),
    OpInfo("float_power", lambda g: [S(g.pos(2, 3), 2), S(g.pos(2, 3), g.t(3)),
                                     S(g.i(5, 3), 2), S(2.0, g.t(3)),
                                     S(g.pos(3, 4, nc=True), 0.5)]),
    *[OpInfo(name, lambda g: [S(_special(g)), S(g.i(5, 3, low=-5)), S(np.array([-0.0, 0.0]))],
             grad=False)
      for name in ("signbit", "isposinf", "isneginf", "isreal")],
    *[OpInfo(name, lambda g: [S(g.i(9, 2, 3, low=-4))], variant="int")
      for name in ("sgn", "deg2rad", "rad2deg", "sinc", "logit", "tan", "erf")],
    *[OpInfo(name, unary(-3.0, 3.0)) for name in ("floor", "ceil", "round", "trunc", "frac")],
    OpInfo("round", lambda g: [S(g.t(2, 3, low=-50, high=50), decimals=1),
                               S(g.t(4, low=-500, high=500), decimals=-2)], variant="decimals"),
    *[OpInfo(name, lambda g: [S(g.i(9, 2, 3, low=-4))], variant="int")
      for name in ("reciprocal", "square", "sign", "floor", "exp2")],
    *[OpInfo(name, _compare_samples, grad=False)
      for name in ("eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less",
                   "less_equal", "not_equal")],
    *[OpInfo(name, _logical_samples, grad=False)
      for name in ("logical_and", "logical_or", "logical_xor")],
    OpInfo("logical_not", lambda g: [S(g.i(2, 2, 3).astype(bool)), S(_rounded(g, 3))],
           grad=False),
    *[OpInfo(name, lambda g: [S(g.i(2, 2, 3).astype(bool), g.i(2, 3).astype(bool)),
                              S(g.i(16, 2, 3, low=-8), g.i(16, 3)), S(g.i(16, 3), 5)], grad=False)
      for name in ("bitwise_and", "bitwise_or", "bitwise_xor")],
    OpInfo("bitwise_not", lambda g: [S(g.i(2, 2, 3).astype(bool)), S(g.i(16, 3, low=-8))],
           grad=False),
    *[OpInfo(name, lambda g: [S(g.i(2, 2, 3, 4).astype(bool)), S(g.i(2, 2, 3, 4).astype(bool), 1),
                              S(g.i(2, 2, 3).astype(bool), dim=-1, keepdim=True),
                              S(_rounded(g, 3, 4), 0), S(np.zeros((0, 3), bool), 0)], grad=False)
      for name in ("all", "any")],
    *[OpInfo(name, lambda g: [S(_special(g)), S(g.i(5, 3))], grad=False)
      for name in ("isnan", "isinf", "isfinite")],
    OpInfo("isclose", lambda g: [
        S(np.array([1.0, np.inf, np.nan, -np.inf, 1e-9]),
          np.array([1 + 1e-6, np.inf, np.nan, np.inf, 0.0])),
        S(np.array([1.0, np.nan]), np.array([1.01, np.nan]), rtol=0.02, equal_nan=True),
        S(g.t(2, 3), g.t(3), atol=1.0)], grad=False),
    OpInfo("allclose", lambda g: [S(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-6])),
                                  S(np.array([1.0, 2.0]), np.array([1.0, 2.1])),
                                  S(np.array([1.0]), np.array([1.05]), atol=0.1)], grad=False),
    OpInfo("equal", lambda g: [S(np.array([1.0, 2.0]), np.array([1.0, 2.0])),
                               S(np.array([1.0, 2.0]), np.array([1.0, 3.0])),
                               S(np.array([1.0, 2.0]), np.array([[1.0, 2.0]]))], grad=False),
    OpInfo("nonzero", lambda g: [S(g.i(2, 3, 4)), S(_rounded(g, 2, 3, 2)), S(np.array(3.0)),
                                 S(np.zeros((0, 2))), S(g.i(2, 5), as_tuple=True),
                                 S(g.i(2, 2, 3), as_tuple=True), S(np.array(3.0), as_tuple=True)],
           grad=False),
    OpInfo("count_nonzero", lambda g: [S(g.i(2, 3, 4)), S(g.i(2, 3, 4), 1),
                                       S(_rounded(g, 3, 4), dim=(0, 1))], grad=False),
    OpInfo("where", lambda g: [S(g.i(2, 2, 3).astype(bool)), S(np.array(True))],
           variant="condition"),
    OpInfo("where", lambda g: [S(g.i(2, 2, 3).astype(bool), g.t(2, 3), 0.0),
                               S(g.i(2, 3).astype(bool), 1.5, g.t(2, 3))], variant="scalar"),
    OpInfo("masked_fill", lambda g: [
        S(g.t(2, 3), g.i(2, 2, 3).astype(bool), -1.5), S(g.t(2, 3), g.i(2, 3).astype(bool), 2.0),
        S(g.t(3, 4, nc=True), g.i(2, 3, 1).astype(bool), float("-inf")),
        S(g.t(2, 3), g.i(2, 2, 3).astype(bool), g.t()), S(g.i(5, 4), g.i(2, 4).astype(bool), 7)]),
    OpInfo("masked_select", lambda g: [S(g.t(2, 3), g.i(2, 2, 3).astype(bool)),
                                       S(g.t(2, 3), g.i(2, 3).astype(bool)),
                                       S(g.t(3, 1), g.i(2, 3, 4).astype(bool))]),
    OpInfo("gather", lambda g: [S(g.t(3, 4), 1, g.i(4, 3, 5)), S(g.t(3, 4), 0, g.i(3, 2, 4)),
                                S(g.t(3, 4), -1, g.i(4, 2, 2)), S(g.t(2, 3, 4), 1, g.i(3, 2, 2, 4)),
                                S(g.t(3, 4, nc=True), 1, g.i(4, 3, 0))]),
    OpInfo("scatter", lambda g: [S(g.t(3, 4), 0, _distinct_index(g, 3, 2, 4), g.t(2, 4)),
                                 S(g.t(3, 4), 1, _distinct_index(g, 4, 2, 3).T, g.t(3, 2)),
                                 S(g.t(3, 4), 0, _distinct_index(g, 3, 2, 4), 2.5),
                                 S(g.t(3, 4), 0, _distinct_index(g, 3, 3, 2), value=-1.0)]),
    OpInfo("scatter_add", lambda g: [S(g.t(3, 4), 0, g.i(3, 5, 4), g.t(5, 4)),
                                     S(g.t(3, 4), 1, g.i(4, 3, 6), g.t(3, 6)),
                                     S(g.t(3, 4, nc=True), -1, g.i(4, 2, 2), g.t(2, 2))]),
    OpInfo("index_select", lambda g: [S(g.t(3, 4), 0, g.i(3, 5)), S(g.t(3, 4), 1, g.i(4, 2)),
                                      S(g.t(2, 3, 4, nc=True), -1, g.i(4, 6)),
                                      S(g.t(3, 4), 0, np.zeros(0, np.int64))]),
    OpInfo("index_add", lambda g: [S(g.t(3, 4), 0, g.i(3, 5), g.t(5, 4)),
                                   S(g.t(3, 4), 1, g.i(4, 2), g.t(3, 2), alpha=-2.0)]),
    OpInfo("index_fill", lambda g: [S(g.t(3, 4), 1, g.i(4, 2), -1.0),
                                    S(g.t(3, 4), 0, np.array([0, 2]), 2.5)]),
    OpInfo("take", lambda g: [S(g.t(3, 4), g.i(12, 2, 3)),
                              S(g.t(3, 4, nc=True), g.i(12, 5, low=-12)),
                              S(g.t(), np.array([0, -1, 0])),
                              S(g.t(2, 3), np.zeros((0,), np.int64))]),
    OpInfo("inner", lambda g: [S(g.t(3), g.t(3)), S(g.t(2, 3), g.t(4, 3)), S(g.t(2, 3, 4), g.t(4)),
                               S(g.t(), g.t(2, 3)), S(g.t(3, 4, nc=True), g.t(2, 4))]),
    OpInfo("dist", lambda g: [S(g.t(2, 3), g.t(2, 3)), S(g.t(2, 3), g.t(3), 1),
                              S(g.t(3, 4, nc=True), g.t(3, 4), float("inf")),
                              S(g.t(4), g.t(4), p=3.5), S(g.t(2, 3), g.t(1, 3), -1.5)]),
    OpInfo("msort", lambda g: [S(g.distinct(4, 3)), S(g.distinct(5)), S(g.distinct(3, 4, nc=True)),
                               S(g.t())]),
    OpInfo("take_along_dim", lambda g: [S(g.t(3, 4), g.i(4, 3, 2), 1),
                                        S(g.t(2, 3, 4), g.i(3, 1, 5, 1), dim=1),
                                        S(g.t(3, 4), g.i(12, 5))]),
    OpInfo("tril", lambda g: [S(g.t(4, 4)), S(g.t(3, 5), 1), S(g.t(2, 3, 4), -1),
                              S(g.t(4, 3, nc=True), diagonal=2), S(g.t(0, 3))]),
    OpInfo("triu", lambda g: [S(g.t(4, 4)), S(g.t(3, 5), -1), S(g.t(2, 3, 4), 2),
                              S(g.t(4, 3, nc=True), diagonal=-3)]),
    OpInfo("flip", lambda g: [S(g.t(2, 3, 4), (0, 2)), S(g.t(2, 3), [1]),
                              S(g.t(3, 4, nc=True), (-1,)), S(g.t(0, 3), (0,))]),
    OpInfo("fliplr", lambda g: [S(g.t(2, 3)), S(g.t(2, 3, 4))]),
    OpInfo("flipud", lambda g: [S(g.t(3)), S(g.t(3, 4, nc=True))]),
    OpInfo("roll", lambda g: [S(g.t(3, 4), 1), S(g.t(3, 4), -2, 1), S(g.t(2, 3, 4), (1, 5), (0, 2)),
                              S(g.t(3, 4, nc=True), 2, dims=0)]),
    OpInfo("repeat_interleave", lambda g: [
        S(g.t(2, 3), 2), S(g.t(2, 3), 3, dim=0), S(g.t(2, 3), np.array([1, 0, 2]), dim=1),
        S(g.t(3, nc=True), np.array([2])), S(g.t(0, 2), 2, 0)]),
    OpInfo("repeat_interleave", lambda g: [S(np.array([2, 0, 3]))], variant="counts"),
    _method("add", lambda g: [S(g.t(2, 3), g.t(3), alpha=0.5)]),
    _method("sub", binary()), _method("mul", binary()),
    _method("div", lambda g: [S(g.t(2, 3), g.pos(3)), S(g.t(2, 3), 0.75, rounding_mode="floor")]),
    *[_method(name, lambda g: [S(g.t(2, 3, low=-4, high=4), g.pos(3))])
      for name in ("remainder", "fmod")],
    _method("floor_divide", lambda g: [S(g.t(2, 3, low=-4, high=4), g.pos(3))], grad=False,
            notes="the gradient is zero, where PyTorch implements none"),
    *[_method(f"__{op}__", lambda g: [S(g.t(2, 3, low=-4, high=4), g.pos(3))], grad=False)
      for op in ("floordiv", "mod")],
    *[_method(f"__r{op}__", lambda g: [S(g.pos(2, 3), 5.0)], grad=False)
      for op in ("floordiv", "mod")],
    *[_method(f"__{op}__", lambda g: [S(g.i(16, 3), g.i(16, 3)), S(g.i(16, 2, 3, low=-8), 5)],
              variant="int") for op in ("and", "or")],
    _method("__xor__", lambda g: [S(g.i(2, 2, 3).astype(bool), g.i(2, 3).astype(bool)),
                                  S(g.i(16, 3), g.i(16, 3))]),
    _method("__invert__", lambda g: [S(g.i(16, 3, low=-8))], variant="int"),
    *[_method(name, lambda g: [S(_rounded(g, 2, 3), _rounded(g, 3))], grad=False)
      for name in ("eq", "ne", "lt", "le", "gt", "ge")],
    *[_method(name, unary(0.5, 2.0)) for name in ("reciprocal", "rsqrt", "log2", "log1p")],
    *[_method(name, unary()) for name in ("square", "sign", "floor", "round", "frac", "exp2")],
    _method("where", lambda g: [S(g.t(2, 3), g.i(2, 2, 3).astype(bool), g.t(3))]),
    _method("masked_fill", lambda g: [S(g.t(2, 3), g.i(2, 3).astype(bool), 0.5)]),
    _method("gather", lambda g: [S(g.t(3, 4), 1, g.i(4, 3, 2))]),
    _method("index_select", lambda g: [S(g.t(3, 4), 0, g.i(3, 4))]),
    _method("nonzero", lambda g: [S(g.i(2, 3, 4))], grad=False),
    _method("isclose", lambda g: [S(g.t(3), g.t(3), atol=1.0)], grad=False),
    _method("tril", lambda g: [S(g.t(3, 3), 1)]), _method("triu", lambda g: [S(g.t(3, 3))]),
    _method("flip", lambda g: [S(g.t(2, 3), 0, 1), S(g.t(2, 3), (1,))]),
    _method("roll", lambda g: [S(g.t(2, 3), 1, 1)]),
    _method("repeat_interleave", lambda g: [S(g.t(2, 3), 2, dim=1)]),
    _method("rot90", lambda g: [S(g.t(2, 3, 4), 1, [1, 2])]),
    _method("tan", unary(-1.2, 1.2)), _method("erf", unary()),
    _method("tile", lambda g: [S(g.t(2, 3), 2), S(g.t(2, 3), (2, 1, 1)), S(g.t(3), 2, 2)]),
    _method("broadcast_to", lambda g: [S(g.t(3, 1), (2, 3, 4)), S(g.t(1, 4), [-1, 4])]),
    _method("is_floating_point", lambda g: [S(g.t(2)), S(g.i(5, 3))], grad=False),
    _method("bernoulli", lambda g: [S(g.prob(2, 3)), S(g.prob(3), 0.25)], values=False,
            grad=False),
    _method("multinomial", lambda g: [S(g.pos(2, 4), 3), S(g.pos(4), 6, replacement=True)],
            values=False, grad=False),
    *[_inplace(name, lambda g: [S(g.t(2, 3, low=-1.2, high=1.2)), S(g.t(3, 4, nc=True))])
      for name in ("tan_", "erf_")],
    _method("take", lambda g: [S(g.t(3, 4), g.i(12, 2, 2))]),
    _method("inner", lambda g: [S(g.t(2, 3), g.t(3))]),
    _method("dist", lambda g: [S(g.t(2, 3), g.t(3), 1.5)]),
    _method("msort", lambda g: [S(g.distinct(4, 2))]),
    _inplace("fill_diagonal_", lambda g: [S(g.t(3, 3), 1.5), S(g.t(7, 3), -2.0, wrap=True),
                                          S(g.t(7, 3), 0.5), S(g.t(3, 5), 2.0, True),
                                          S(g.t(2, 2, 2), 4.0), S(g.t(4, 3, nc=True), -1.0)]),
    _inplace("fill_diagonal_", lambda g: [S(g.i(5, 3, 3), 7)], variant="int"),
    *[_inplace(name, lambda g: [S(g.t(2, 3), g.i(2, 3).astype(bool), -1.0),
                                S(g.t(2, 3), g.i(2, 2, 3).astype(bool), g.t())])
      for name in ("masked_fill_",)],
    _inplace("scatter_", lambda g: [S(g.t(3, 4), 0, _distinct_index(g, 3, 2, 4), g.t(2, 4)),
                                    S(g.t(3, 4), 1, _distinct_index(g, 4, 1, 3).T, value=2.0)]),
    _inplace("scatter_add_", lambda g: [S(g.t(3, 4), 0, g.i(3, 5, 4), g.t(5, 4))]),
    _inplace("index_add_", lambda g: [S(g.t(3, 4), 1, g.i(4, 3), g.t(3, 3), alpha=0.5)]),
    _inplace("index_fill_", lambda g: [S(g.t(3, 4), 0, g.i(3, 2), -2.0)]),
    _inplace("addcmul_", lambda g: [S(g.t(2, 3), g.t(3), g.t(2, 3), value=0.1)]),
    _inplace("addcdiv_", lambda g: [S(g.t(2, 3), g.t(3), g.pos(2, 3), value=-0.1)]),
    _inplace("lerp_", lambda g: [S(g.t(2, 3), g.t(3), 0.9), S(g.t(2, 3), g.t(2, 3), g.t(3))]),
    _inplace("div_", lambda g: [S(g.t(2, 3, low=-4, high=4), g.pos(3), rounding_mode="trunc")],
             variant="rounding"),
    *[_inplace(name, lambda g: [S(g.t(2, 3)), S(g.t(3, 4, nc=True))]) for name in
      ("exp_", "neg_", "abs_", "sign_", "floor_", "ceil_", "round_", "trunc_")],
    *[_inplace(name, lambda g: [S(g.pos(2, 3))]) for name in ("sqrt_", "log_", "reciprocal_")],
    _inplace("tril_", lambda g: [S(g.t(3, 4), 1)]), _inplace("triu_", lambda g: [S(g.t(3, 4))]),
    *[_method(name, unary()) for name in ("neg", "negative", "positive", "sgn", "deg2rad",
                                          "rad2deg", "sinc")],
    _method("logit", lambda g: [S(g.prob(2, 3)), S(g.t(4, low=0.0, high=1.0), 0.2)]),
    _method("nan_to_num", lambda g: [S(_special(g), posinf=1.0)]),
    _method("xlogy", lambda g: [S(g.t(2, 3), g.pos(3)), S(g.t(2, 3), 2.0)]),
    *[_method(name, lambda g: [S(g.t(2, 3), g.t(3))]) for name in ("hypot", "logaddexp")],
    _method("copysign", lambda g: [S(g.t(2, 3), g.t(3)), S(g.t(2, 3), -0.0)]),
    _method("float_power", lambda g: [S(g.pos(2, 3), 3), S(g.pos(2, 3), g.t(3))]),
    *[_method(name, lambda g: [S(_special(g))], grad=False)
      for name in ("signbit", "isposinf", "isneginf", "isreal")],
    *[_inplace(name, lambda g: [S(g.t(2, 3)), S(g.t(3, 4, nc=True))])
      for name in ("negative_", "square_")],
    *[_method(name, lambda g: [S(g.t(2, 3), (4,)), S(g.t(2, 3), (2, 2), dtype=DType("int64"))],
              grad=False, values=name != "new_empty")
      for name in ("new_zeros", "new_ones", "new_empty")],
    _method("new_zeros", lambda g: [S(g.t(2, 3), 2, 3)], variant="sizes"),
    _method("new_full", lambda g: [S(g.t(2, 3), (3,), 1.5), S(g.i(4, 3), (2,), 7)], grad=False),
    _method("new_tensor", lambda g: [S(g.t(2, 3), [1, 2]), S(g.i(4, 3), [1.5])], grad=False),
    _method("type_as", lambda g: [S(g.t(2, 3), Const(g.t(3))), S(g.t(2, 3), g.i(4, 3))]),
    _method("view_as", lambda g: [S(g.t(2, 3), Const(g.t(3, 2)))]),
    _method("reshape_as", lambda g: [S(g.t(3, 4, nc=True), Const(g.t(6, 2)))]),
    OpInfo("Tensor.mT", lambda g: [S(g.t(2, 3, 4)), S(g.t(3, 4, nc=True))], fn=lambda lib, x: x.mT),
    *[_method(name, lambda g: [S(g.t(2, 3)), S(g.i(4, 3))], grad=False)
      for name in ("nelement", "element_size")],
    *[OpInfo(f"Tensor.{name}", lambda g: [S(g.t(2, 3)), S(g.i(4, 3)), S(g.t(0, 3)),
                                         S(g.i(2, 3).astype(bool))],
             fn=lambda lib, x, name=name: getattr(x, name), grad=False)
      for name in ("nbytes", "itemsize")],
    OpInfo("Tensor.storage_offset", lambda g: [S(g.t(3, 4)), S(g.t(2, 3, 4))],
           fn=lambda lib, x: [x.storage_offset(), x[1].storage_offset(),
                              x[1:, 2:].storage_offset(), x.narrow(-1, 1, 2).storage_offset()],
           grad=False),
    _method("is_pinned", lambda g: [S(g.t(2, 3))], grad=False),
    _method("is_shared", lambda g: [S(g.t(2, 3))], grad=False),
    OpInfo("Tensor.share_memory_", lambda g: [S(g.t(2, 3)), S(g.i(4, 3))], grad=False,
           fn=lambda lib, x: [x.detach().clone().share_memory_().is_shared(),
                              x.detach().clone().share_memory_()]),
    OpInfo("Tensor.clone", lambda g: [S(g.t(3, 4, nc=True), "contiguous_format"),
                                      S(g.t(3, 4, nc=True), "preserve_format")],
           fn=lambda lib, x, fmt: x.clone(memory_format=getattr(lib, fmt)),
           variant="memory_format"),
    *[_method(name, lambda g: [S(g.t(2, 3, 4), axis=1)], variant="axis")
      for name in ("sum", "mean", "argmax", "softmax")],
    OpInfo("sum", lambda g: [S(g.t(2, 3, 4), axis=(0, 2), keepdims=True)], variant="axis"),
]


# --------------------------------------------------------------------------- nn
def _m(name, samples, **kwargs):
    return ModuleInfo("nn." + name, samples, **kwargs)


def _conv_modules(n):
    sp = (7, 6, 5)[:n]
    return [
        _m(f"Conv{n}d", lambda g: [M(4, 6, 3)(g.t(2, 4, *sp)),
                                   M(4, 6, 2, stride=2, padding=1, bias=False)(g.t(2, 4, *sp)),
                                   M(4, 4, 3, padding="same", groups=2, dilation=2)(g.t(4, *sp)),
                                   M(2, 3, 3, padding=1, padding_mode="reflect")(g.t(1, 2, *sp)),
                                   M(2, 3, 3, padding=2, padding_mode="circular")(g.t(1, 2, *sp)),
                                   M(2, 3, 3, padding=1,
                                     padding_mode="replicate")(g.t(1, 2, *sp))]),
        _m(f"ConvTranspose{n}d", lambda g: [
            M(4, 3, 3)(g.t(2, 4, *sp)), M(4, 6, 3, stride=2, output_padding=1,
                                          groups=2, bias=False)(g.t(2, 4, *sp)),
            M(4, 3, 2, padding=1, dilation=2)(g.t(4, *sp)),
            M(4, 3, 3, stride=2)(g.t(1, 4, *sp), output_size=tuple(2 * s + 2 for s in sp))]),
    ]


def _pool_modules(n):
    x = lambda g, d=False: _pool_input(g, n, distinct=d)  # noqa: E731

    return [
        _m(f"MaxPool{n}d", lambda g: [M(2)(x(g, True)), M(3, 2, 1, ceil_mode=True)(x(g, True)),
                                      M(2, return_indices=True)(x(g, True))]),
        _m(f"AvgPool{n}d", lambda g: [M(2)(x(g)), M(3, 2, 1, count_include_pad=False)(x(g))]),
        _m(f"AdaptiveAvgPool{n}d", lambda g: [M(3)(x(g)), M((2, 4, 1)[:n] if n > 1 else 4)(x(g))]),
        _m(f"AdaptiveMaxPool{n}d", lambda g: [M(3)(x(g, True)),
                                              M(2, return_indices=True)(x(g, True))]),
        _m(f"LPPool{n}d", lambda g: [M(2, 2)(x(g)), M(1.5, 3, stride=2)(np.abs(x(g)))]),
    ]


def _norm_modules():
    bn = lambda g, n: [M(3)(g.t(4, 3, *(3,) * n)),  # noqa: E731
                       M(3, affine=False, momentum=None)(g.t(4, 3, *(2,) * n)),
                       M(3, eps=1e-3, track_running_stats=False)(g.t(4, 3, *(2,) * n)),
                       M(3).eval(g.t(4, 3, *(2,) * n))]
    inst = lambda g, n: [M(3)(g.t(2, 3, *(4,) * n)),  # noqa: E731
                         M(3, affine=True)(g.t(2, 3, *(3,) * n)),
                         M(3, track_running_stats=True)(g.t(2, 3, *(3,) * n)),
                         M(3, track_running_stats=True).eval(g.t(2, 3, *(3,) * n)),
                         M(3)(g.t(3, *(4,) * n))]
    return [
        _m("BatchNorm1d", lambda g: bn(g, 0) + [M(3)(g.t(4, 3, 5))]),
        _m("BatchNorm2d", lambda g: bn(g, 2)), _m("BatchNorm3d", lambda g: bn(g, 3)),
        *[_m(f"InstanceNorm{n}d", lambda g, n=n: inst(g, n)) for n in (1, 2, 3)],
        _m("LayerNorm", lambda g: [M(4)(g.t(3, 4)),
                                   M((3, 4), elementwise_affine=False)(g.t(2, 3, 4)),
                                   M([4], bias=False, eps=1e-3)(g.t(2, 4))]),
        _m("GroupNorm", lambda g: [M(2, 6)(g.t(2, 6, 3)), M(3, 6, affine=False)(g.t(2, 6, 2, 2))]),
        _m("LocalResponseNorm", lambda g: [M(3)(g.t(2, 5, 4)),
                                           M(2, 1e-2, 0.5, 2.0)(g.t(2, 4, 3, 3))]),
    ]


def _activation_modules():
    x = lambda g: g.t(3, 5, low=-4, high=4)  # noqa: E731
    return [
        _m("ReLU", lambda g: [M()(x(g))]), _m("ReLU6", lambda g: [M()(g.t(3, 5, low=-8, high=8))]),
        _m("LeakyReLU", lambda g: [M()(x(g)), M(0.2)(x(g))]),
        _m("ELU", lambda g: [M()(x(g)), M(alpha=0.5)(x(g))]),
        _m("GELU", lambda g: [M()(x(g)), M("tanh")(x(g))]), _m("SiLU", lambda g: [M()(x(g))]),
        _m("Sigmoid", lambda g: [M()(x(g))]), _m("Tanh", lambda g: [M()(x(g))]),
        _m("Hardswish", lambda g: [M()(x(g))]),
        _m("Softplus", lambda g: [M()(x(g)), M(2.0, 1.0)(x(g))]),
        _m("Softmax", lambda g: [M(1)(x(g)), M(dim=0)(g.t(2, 3, 4))]),
        _m("LogSoftmax", lambda g: [M(1)(x(g)), M(dim=-1)(g.t(2, 3, 4))]),
    ]


def _loss_modules():
    pair = lambda g: (g.t(3, 4), g.t(3, 4))  # noqa: E731
    return [
        _m("MSELoss", lambda g: [M()(*pair(g)), M(reduction="sum")(*pair(g))]),
        _m("L1Loss", lambda g: [M()(*pair(g)), M(reduction="none")(*pair(g))]),
        _m("SmoothL1Loss", lambda g: [M()(*pair(g)), M(beta=0.5)(*pair(g))]),
        _m("HuberLoss", lambda g: [M()(*pair(g)), M(delta=0.5, reduction="sum")(*pair(g))]),
        _m("CrossEntropyLoss", lambda g: [
            M()(g.t(5, 4), g.i(4, 5)),
            M(weight=Const(g.pos(4)), label_smoothing=0.1)(g.t(5, 4), g.i(4, 5)),
            M(ignore_index=1, reduction="sum")(g.t(5, 4), g.i(4, 5))]),
        _m("NLLLoss", lambda g: [M()(g.t(5, 4), g.i(4, 5)),
                                 M(weight=Const(g.pos(4)),
                                   reduction="none")(g.t(5, 4), g.i(4, 5))]),
        _m("BCELoss", lambda g: [M()(g.prob(3, 4), g.prob(3, 4)),
                                 M(weight=Const(g.pos(4)))(g.prob(3, 4), g.prob(3, 4))]),
        _m("BCEWithLogitsLoss", lambda g: [M()(g.t(3, 4), g.prob(3, 4)),
                                           M(pos_weight=Const(g.pos(4)))(g.t(3, 4), g.prob(3, 4))]),
    ]


def _padding_modules():
    out = []
    for kind, extra in [("Zero", ()), ("Constant", (1.5,)), ("Reflection", ()),
                        ("Replication", ()), ("Circular", ())]:
        for n in (1, 2, 3):
            shape = (2, 3) + (4, 5, 4)[:n]
            out.append(_m(f"{kind}Pad{n}d", lambda g, shape=shape, n=n, extra=extra: [
                M(2, *extra)(g.t(*shape)), M((1, 2) * n, *extra)(g.t(*shape)),
                M(1, *extra)(g.t(*shape[1:]))]))
    return out


MODULES = [
    _m("Linear", lambda g: [M(4, 3)(g.t(2, 4)), M(4, 3, bias=False)(g.t(4)),
                            M(4, 2)(g.t(2, 5, 4))]),
    _m("Bilinear", lambda g: [M(4, 2, 3)(g.t(5, 4), g.t(5, 2)),
                              M(4, 2, 3, bias=False)(g.t(5, 4), g.t(5, 2))]),
    _m("Identity", lambda g: [M()(g.t(3, 4)), M(54, unused="x")(g.t(2))]),
    _m("Flatten", lambda g: [M()(g.t(2, 3, 4)), M(0, -2)(g.t(2, 3, 4))]),
    _m("Unflatten", lambda g: [M(1, (2, 3))(g.t(4, 6, 2)), M(-1, (2, -1))(g.t(3, 4))]),
    *[m for n in (1, 2, 3) for m in _conv_modules(n)],
    *[m for n in (1, 2, 3) for m in _pool_modules(n)],
    *[_m(f"MaxUnpool{n}d", lambda g, n=n: [M(2).eval(
        g.t(2, 3, *(3,) * n), np.stack([np.arange(3 ** n) * 2 ** n] * 6).reshape(2, 3, *(3,) * n))])
      for n in (1, 2, 3)],
    *_norm_modules(),
    *[_m(name, lambda g, n=n: [M().eval(g.t(3, 4, *(3,) * n)), M(0.0)(g.t(3, 4, *(3,) * n)),
                               M(0.5).eval(g.t(4, *(3,) * n))])
      for name, n in [("Dropout", 2), ("Dropout1d", 1), ("Dropout2d", 2), ("Dropout3d", 3)]],
    *_activation_modules(),
    *_loss_modules(),
    *_padding_modules(),
]


# --------------------------------------------------------------------------- CNN layers, no kernel
# Activations, losses, embeddings and distances built on the existing ops.
def _prelu_samples(g):
    return [S(g.t(2, 3, 4), g.t(3)), S(g.t(2, 3), g.t(1)), S(g.t(3, 2, 2, 2), g.t(2)),
            S(g.t(5), g.t(1)), S(g.t(4, 3, nc=True), g.t(3)), S(g.t(0, 3), g.t(3))]


LAYER_ACTIVATIONS = [
    _f("hardsigmoid", activation(-5, 5)), _f("mish", activation(-5, 5)),
    _f("prelu", _prelu_samples),
    _f("glu", lambda g: [S(g.t(2, 4)), S(g.t(4, 3), 0), S(g.t(2, 6, 3), dim=1),
                         S(g.t(4, 6, nc=True), -1), S(g.t(0, 2))]),
    _f("softmin", softmax_samples),
    _f("softmin", lambda g: [S(g.t(2, 3), 1, dtype=DType("float64"))], variant="dtype"),
    _m("Hardsigmoid", lambda g: [M()(g.t(3, 5, low=-5, high=5))]),
    _m("Mish", lambda g: [M()(g.t(3, 5, low=-5, high=5))]),
    _m("PReLU", lambda g: [M()(g.t(3, 5)), M(5)(g.t(3, 5)), M(3, init=0.1)(g.t(2, 3, 4, 4))]),
    _m("GLU", lambda g: [M()(g.t(3, 4)), M(0)(g.t(4, 3))]),
    _m("Softmin", lambda g: [M(1)(g.t(3, 5)), M(dim=0)(g.t(2, 3, 4))]),
    _m("Softmax2d", lambda g: [M()(g.t(2, 3, 4, 4)), M()(g.t(3, 2, 5))]),
    _f("selu", activation()), _f("celu", activation(alpha=[0.5, 2.0, -1.5])),
    _f("hardtanh", lambda g: activation(min_val=[-0.5, 1.0], max_val=[2.0])(g)
       + [S(g.t(3, 4), -2.0, 0.5), S(g.t(3, 4), 0.25, 0.25)]),
    _f("softsign", activation(-10, 10)), _f("logsigmoid", activation(-40, 40)),
    *[_f(name, lambda g, args=args: [S(g.t(2, 3), *args, inplace=True)], variant="inplace",
         fn=lambda lib, x, *a, name=name, **kw: getattr(lib.nn.functional, name)(x * 1, *a, **kw))
      for name, args in [("selu", ()), ("celu", (0.5,)), ("hardtanh", (-0.5, 0.5))]],
    _m("SELU", lambda g: [M()(g.t(3, 5, low=-4, high=4))]),
    _m("CELU", lambda g: [M()(g.t(3, 5, low=-4, high=4)), M(0.5)(g.t(2, 3, 4))]),
    _m("Hardtanh", lambda g: [M()(g.t(3, 5)), M(-2.0, 0.5)(g.t(2, 3, 4)),
                              M(min_val=0, max_val=1)(g.t(4))]),
    _m("Softsign", lambda g: [M()(g.t(3, 5, low=-10, high=10))]),
    _m("LogSigmoid", lambda g: [M()(g.t(3, 5, low=-40, high=40))]),
    # Alpha dropout: the identity cases and p=1 compared in full; in training, the two
    # values a constant input becomes, and the mean and standard deviation of a standard
    # normal input (zero and one, within 0.02 for 200,000 elements).
    _f("alpha_dropout", lambda g: [S(g.t(3, 4)), S(g.t(3, 4), 0.5), S(g.t(3, 4), 0.7, False),
                                   S(g.t(3, 4), 0.0, True), S(g.t(3, 4), 1.0, True),
                                   S(g.t(0, 4), 0.5, True)]),
    _f("alpha_dropout", lambda g: [S(np.full((50, 40), 1.5), 0.3), S(np.full((50, 40), -0.5), 0.8)],
       variant="values", grad=False,
       fn=lambda lib, x, p: lib.unique(lib.nn.functional.alpha_dropout(x, p, True))),
    _f("alpha_dropout", lambda g: [S(g.rng.standard_normal((400, 500)), p) for p in (0.2, 0.6)],
       variant="statistics", grad=False, atol=0.02, atol32=0.02, rtol=0, rtol32=0,
       fn=lambda lib, x, p: _mean_and_std(lib.nn.functional.alpha_dropout(x, p, True))),
    _f("alpha_dropout", lambda g: [S(g.t(30, 40), 0.5, True), S(g.t(2, 3), 0.3, True, True)],
       variant="random", values=False, grad=False),
    _m("AlphaDropout", lambda g: [M().eval(g.t(3, 4)), M(0.0)(g.t(3, 4)), M(1.0)(g.t(3, 4)),
                                  M(0.5, True).eval(g.t(4, 3))]),
    _m("AlphaDropout", lambda g: [M(0.5)(g.t(30, 40))], variant="random", values=False,
       grad=False),
]


def _mean_and_std(out):
    return out.mean(), out.std(unbiased=False)


def _signs(g, *shape):
    return np.where(g.i(2, *shape) == 1, 1.0, -1.0)


LAYER_LOSSES = [
    _f("kl_div", lambda g: [
        S(np.log(g.prob(3, 4)), g.prob(3, 4)), S(np.log(g.prob(3, 4)), g.prob(3, 4), reduction="sum"),
        S(np.log(g.prob(3, 4)), g.prob(3, 4), reduction="batchmean"),
        S(np.log(g.prob(3, 4)), g.prob(3, 4), reduction="none"),
        S(np.log(g.prob(3, 4)), np.log(g.prob(3, 4)), reduction="batchmean", log_target=True),
        S(np.log(g.prob(2, 3, 4)), Const(g.prob(2, 3, 4)), reduction="batchmean"),
        S(np.log(g.prob(4, nc=True)), g.prob(4), reduction="none")]),
    _f("margin_ranking_loss", lambda g: [
        S(g.t(5), g.t(5), Const(_signs(g, 5))),
        S(g.t(5), g.t(5), Const(_signs(g, 5)), margin=0.5, reduction="sum"),
        S(g.t(5), g.t(5), Const(_signs(g, 5)), 0.2, reduction="none"), S(g.t(), g.t(), Const(np.array(1.0)))]),
    _f("triplet_margin_loss", lambda g: [
        S(g.t(4, 3), g.t(4, 3), g.t(4, 3)), S(g.t(4, 3), g.t(4, 3), g.t(4, 3), margin=2.0, p=1),
        S(g.t(4, 3), g.t(4, 3), g.t(4, 3), swap=True, reduction="none"),
        S(g.t(3), g.t(3), g.t(3), p=3.0, eps=1e-3, reduction="sum")]),
    _f("cosine_embedding_loss", lambda g: [
        S(g.t(5, 3), g.t(5, 3), Const(_signs(g, 5))),
        S(g.t(5, 3), g.t(5, 3), Const(_signs(g, 5)), margin=0.3, reduction="none"),
        S(g.t(5, 3, nc=True), g.t(5, 3), Const(_signs(g, 5)), -0.2, reduction="sum"),
        S(g.t(3), g.t(3), Const(np.array(-1.0)), margin=-0.9)]),
    _f("multilabel_soft_margin_loss", lambda g: [
        S(g.t(4, 3), Const(g.i(2, 4, 3).astype(float))),
        S(g.t(4, 3), g.prob(4, 3), reduction="none"),
        S(g.t(4, 3), Const(g.i(2, 4, 3).astype(float)), weight=Const(g.pos(3)), reduction="sum"),
        S(g.t(5), Const(g.i(2, 5).astype(float)))]),
    _f("poisson_nll_loss", lambda g: [
        S(g.t(3, 4), Const(g.i(5, 3, 4).astype(float))),
        S(g.pos(3, 4), Const(g.i(5, 3, 4).astype(float)), log_input=False, reduction="sum"),
        S(g.t(3, 4), g.t(3, 4, low=0, high=4), full=True, reduction="none"),
        S(g.pos(3, 4), Const(g.i(5, 3, 4).astype(float)), False, True, eps=1e-3)]),
    _f("gaussian_nll_loss", lambda g: [
        S(g.t(4, 3), g.t(4, 3), g.pos(4, 3)), S(g.t(4, 3), g.t(4, 3), g.pos(4), reduction="sum"),
        S(g.t(4, 3), g.t(4, 3), g.pos(4, 1), full=True, reduction="none"),
        S(g.t(4, 3), g.t(4, 3), np.array([[1e-8, 0.5, 2.0]] * 4), eps=1e-3),
        S(g.t(4, 3), Const(g.t(4, 3)), 0.5)]),
    _m("KLDivLoss", lambda g: [M()(np.log(g.prob(3, 4)), g.prob(3, 4)),
                               M(reduction="batchmean", log_target=True)(np.log(g.prob(3, 4)),
                                                                          np.log(g.prob(3, 4)))]),
    _m("MarginRankingLoss", lambda g: [M()(g.t(5), g.t(5), Const(_signs(g, 5))),
                                       M(0.5, reduction="sum")(g.t(5), g.t(5),
                                                               Const(_signs(g, 5)))]),
    _m("TripletMarginLoss", lambda g: [M()(g.t(4, 3), g.t(4, 3), g.t(4, 3)),
                                       M(0.5, 1.0, swap=True)(g.t(4, 3), g.t(4, 3), g.t(4, 3))]),
    _m("CosineEmbeddingLoss", lambda g: [M()(g.t(5, 3), g.t(5, 3), Const(_signs(g, 5))),
                                         M(0.2, reduction="none")(g.t(5, 3), g.t(5, 3),
                                                                  Const(_signs(g, 5)))]),
    _m("MultiLabelSoftMarginLoss", lambda g: [
        M()(g.t(4, 3), Const(g.i(2, 4, 3).astype(float))),
        M(weight=Const(g.pos(3)))(g.t(4, 3), Const(g.i(2, 4, 3).astype(float)))]),
    _m("PoissonNLLLoss", lambda g: [M()(g.t(3, 4), Const(g.i(5, 3, 4).astype(float))),
                                    M(False, True)(g.pos(3, 4), Const(g.i(5, 3, 4).astype(float)))]),
    _m("GaussianNLLLoss", lambda g: [M()(g.t(4, 3), g.t(4, 3), g.pos(4, 3)),
                                     M(full=True, reduction="sum")(g.t(4, 3), g.t(4, 3),
                                                                   g.pos(4, 1))]),
]

LAYER_DISTANCES = [
    _f("normalize", lambda g: [S(g.t(3, 4)), S(g.t(3, 4), 1.0, 0), S(g.t(2, 3, 4), dim=-1, p=3),
                               S(g.t(2, 3, 4), float("inf"), 2), S(g.t(4), 2.0, 0),
                               S(np.zeros((2, 3))), S(g.t(3, 4, nc=True), eps=1e-3),
                               S(g.t(0, 3))]),
    _f("pairwise_distance", lambda g: [
        S(g.t(4, 3), g.t(4, 3)), S(g.t(4, 3), g.t(3), p=1.0), S(g.t(4, 3), g.t(4, 3), 3.0, 1e-3),
        S(g.t(4, 3), g.t(4, 3), float("inf")), S(g.t(4, 3), g.t(4, 3), keepdim=True),
        S(g.t(3), g.t(3)), S(g.t(4, 3, nc=True), g.t(1, 3), 0.5), S(g.t(4, 3), g.t(4, 3), 0.0)]),
    _f("cosine_similarity", lambda g: [
        S(g.t(4, 3), g.t(4, 3)), S(g.t(4, 3), g.t(4, 3), dim=0), S(g.t(2, 3, 4), g.t(3, 4), -1),
        S(g.t(4, 3), g.t(1, 3), 1, 1e-3), S(g.t(3), g.t(3), 0), S(g.t(4, 3, nc=True), g.t(4, 3)),
        S(np.zeros((2, 3)), g.t(2, 3))]),
    _f("embedding", lambda g: [
        S(g.i(5, 3, 4), g.t(5, 3)), S(g.i(5, 7), g.t(5, 2), padding_idx=1),
        S(np.array([[0, 1, 1], [3, 1, 0]]), g.t(4, 3), scale_grad_by_freq=True),
        S(np.array([2, 2, 0, 1]), g.t(3, 2), -1, scale_grad_by_freq=True),
        S(np.array(3), g.t(5, 3)), S(np.zeros((0, 2), np.int64), g.t(5, 3)),
        S(g.i(4, 6), g.t(4, 3, nc=True))]),
    _f("embedding", lambda g: [
        S(np.array([[0, 2], [3, 0]]), Const(g.t(5, 3, low=-2, high=2)), max_norm=1.0),
        S(np.array([1, 4, 4]), Const(g.t(5, 3)), max_norm=0.5, norm_type=1.0)],
       variant="max_norm", notes="max_norm rescales rows of the weight in place"),
    _f("one_hot", lambda g: [S(g.i(5, 4)), S(g.i(3, 2, 3), 5), S(np.array(2), 3),
                             S(np.zeros((0,), np.int64), 4)]),
    _m("Embedding", lambda g: [M(6, 3)(g.i(6, 2, 4)), M(6, 3, padding_idx=2)(g.i(6, 9)),
                               M(6, 2, scale_grad_by_freq=True)(np.array([1, 1, 5, 0])),
                               M(6, 2, max_norm=1.0)(np.array([1, 2, 2]))]),
    _m("PairwiseDistance", lambda g: [M()(g.t(4, 3), g.t(4, 3)),
                                      M(1.0, 1e-3, True)(g.t(4, 3), g.t(4, 3))]),
    _m("CosineSimilarity", lambda g: [M()(g.t(4, 3), g.t(4, 3)), M(0, 1e-3)(g.t(4, 3), g.t(4, 3))]),
]


def _lazy(name, *args, **kwargs):
    """A lazy layer, converted to the input's dtype before its first call (which materializes
    it), then given fixed weights; the output, its class afterwards and its buffers compared."""
    def fn(lib, x):
        module = getattr(lib.nn, name)(*args, **kwargs).to(x.dtype)
        module(x)
        with lib.no_grad():
            for p in module.parameters():
                values = np.linspace(-0.5, 0.5, p.numel()).reshape(tuple(p.shape))
                p.copy_(lib.from_numpy(values).to(p.dtype))
        return (module(x), type(module).__name__, *module.buffers())
    return fn


def _lazy_entry(name, samples, *args, variant="", **kwargs):
    return OpInfo("nn." + name, samples, fn=_lazy(name, *args, **kwargs), variant=variant)


LAYER_LAZY = [
    _lazy_entry("LazyLinear", lambda g: [S(g.t(2, 5)), S(g.t(4)), S(g.t(2, 3, 5))], 3),
    _lazy_entry("LazyLinear", lambda g: [S(g.t(2, 5))], 3, bias=False, variant="nobias"),
    *[_lazy_entry(f"LazyConv{n}d", lambda g, n=n: [S(g.t(2, 4, *(5,) * n)), S(g.t(4, *(5,) * n))],
                  6, 3, padding=1, groups=2) for n in (1, 2, 3)],
    *[_lazy_entry(f"LazyConvTranspose{n}d", lambda g, n=n: [S(g.t(2, 4, *(3,) * n)),
                                                           S(g.t(4, *(3,) * n))],
                  3, 2, stride=2, bias=False) for n in (1, 2, 3)],
    *[_lazy_entry(f"LazyBatchNorm{n}d", lambda g, n=n: [S(g.t(4, 3, *(3,) * n))])
      for n in (1, 2, 3)],
    _lazy_entry("LazyBatchNorm1d", lambda g: [S(g.t(5, 3))], affine=False, momentum=None,
                variant="options"),
]


def _reparam(apply, layer=("Linear", 4, 3), fix_vectors=False):
    """A layer with fixed weights, reparametrized by ``apply(lib, module)``; compared: the
    output, the state-dict keys, the parameters' gradients after one backward, the buffers.
    ``fix_vectors`` sets the power iteration's start (random in each library) alike."""
    def fn(lib, x):
        module = getattr(lib.nn, layer[0])(*layer[1:]).to(x.dtype)
        with lib.no_grad():
            for p in module.parameters():
                p.copy_(lib.from_numpy(np.sin(np.arange(1.0, p.numel() + 1))
                                       .reshape(tuple(p.shape))).to(p.dtype))
        module = apply(lib, module)
        if fix_vectors:
            _fix_vectors(lib, module)
        (module(x) ** 2).sum().backward()
        grads = [p.grad.detach().clone() for p in module.parameters()]
        return (module(x), ",".join(module.state_dict()), *grads, *module.buffers())
    return fn


def _fix_vectors(lib, module):
    with lib.no_grad():
        for name, b in module.named_buffers():
            if name.endswith(("_u", "_v")):
                values = np.cos(np.arange(b.numel()))
                b.copy_(lib.from_numpy(values / np.linalg.norm(values)).to(b.dtype))
    return module


def _symmetric(lib, module):
    class Symmetric(lib.nn.Module):
        def forward(self, w):
            return w + w.T
    utils = lib.nn.utils
    utils.parametrize.register_parametrization(module, "weight", Symmetric())
    assert utils.parametrize.is_parametrized(module, "weight")
    with utils.parametrize.cached():
        assert module.weight is module.weight
    return module


def _symmetric_removed(lib, module):
    module = _symmetric(lib, module)
    return lib.nn.utils.parametrize.remove_parametrizations(module, "weight")


def _u(name, apply, samples=None, variant="", **kwargs):
    samples = samples or (lambda g: [S(g.t(2, 4)), S(g.t(4))])
    return OpInfo("nn.utils." + name, samples, fn=_reparam(apply, **kwargs), variant=variant)


_CONV_X = lambda g: [S(g.t(2, 3, 5, 5))]  # noqa: E731


def _orthogonal(*args, **kwargs):
    """orthogonal(module, *args, **kwargs) after adding 2 I to the weight: _reparam's sine
    weights have rank 2, and the QR of a singular matrix is not unique."""
    def apply(lib, module):
        with lib.no_grad():
            module.weight.add_(2 * lib.eye(*module.weight.shape[-2:], dtype=module.weight.dtype))
        return lib.nn.utils.parametrizations.orthogonal(module, "weight", *args, **kwargs)
    return apply

LAYER_REPARAMETRIZATIONS = [
    _u("weight_norm", lambda lib, m: lib.nn.utils.weight_norm(m)),
    _u("weight_norm", lambda lib, m: lib.nn.utils.weight_norm(m, dim=None), variant="dimNone"),
    _u("weight_norm", lambda lib, m: lib.nn.utils.weight_norm(m, dim=1), _CONV_X,
       layer=("Conv2d", 3, 2, 3), variant="conv-dim1"),
    _u("remove_weight_norm",
       lambda lib, m: lib.nn.utils.remove_weight_norm(lib.nn.utils.weight_norm(m))),
    _u("spectral_norm", lambda lib, m: lib.nn.utils.spectral_norm(m), fix_vectors=True),
    _u("spectral_norm", lambda lib, m: lib.nn.utils.spectral_norm(m, n_power_iterations=3).eval(),
       variant="eval", fix_vectors=True),
    _u("spectral_norm", lambda lib, m: lib.nn.utils.spectral_norm(m), _CONV_X,
       layer=("ConvTranspose2d", 3, 2, 3), fix_vectors=True, variant="transposed"),
    _u("remove_spectral_norm",
       lambda lib, m: lib.nn.utils.remove_spectral_norm(
           _fix_vectors(lib, lib.nn.utils.spectral_norm(m)))),
    _u("parametrizations.weight_norm", lambda lib, m: lib.nn.utils.parametrizations.weight_norm(m)),
    _u("parametrizations.weight_norm",
       lambda lib, m: lib.nn.utils.parametrizations.weight_norm(m, dim=None), variant="dimNone"),
    _u("parametrizations.weight_norm",
       lambda lib, m: lib.nn.utils.parametrizations.weight_norm(m, dim=1), _CONV_X,
       layer=("Conv2d", 3, 2, 3), variant="conv-dim1"),
    _u("parametrizations.spectral_norm",
       lambda lib, m: lib.nn.utils.parametrizations.spectral_norm(m), fix_vectors=True),
    _u("parametrizations.spectral_norm",
       lambda lib, m: lib.nn.utils.parametrizations.spectral_norm(m, n_power_iterations=2), _CONV_X,
       layer=("ConvTranspose2d", 3, 2, 3), fix_vectors=True, variant="transposed"),
    _u("parametrizations.orthogonal", _orthogonal(), layer=("Linear", 4, 4)),
    *[_u("parametrizations.orthogonal", _orthogonal(orthogonal_map=o), layer=("Linear", 4, 4),
         variant=o) for o in ("cayley", "householder")],
    *[_u("parametrizations.orthogonal", _orthogonal(o, use_trivialization=False),
         variant=f"{o}-no-trivialization") for o in ("matrix_exp", "cayley", "householder")],
    _u("parametrizations.orthogonal", _orthogonal(use_trivialization=False),
       lambda g: [S(g.t(2, 3))], layer=("Linear", 3, 5), variant="tall"),
    _u("parametrizations.orthogonal", _orthogonal(), _CONV_X, layer=("Conv2d", 3, 2, 3),
       variant="conv-batch"),
    _u("parametrize.register_parametrization", _symmetric, lambda g: [S(g.t(2, 4))],
       layer=("Linear", 4, 4)),
    _u("parametrize.remove_parametrizations", _symmetric_removed, lambda g: [S(g.t(2, 4))],
       layer=("Linear", 4, 4)),
]

# --------------------------------------------------------------------------- sliding blocks
def _unfold_samples(g):
    return [S(g.t(2, 3, 6, 5), 2), S(g.t(2, 3, 6, 5), (2, 3), dilation=(2, 1), padding=(1, 2),
                                     stride=(2, 1)),
            S(g.t(3, 5, 5), 3, padding=1, stride=2), S(g.t(0, 2, 4, 4), 2),
            S(g.t(4, 2, 6, 5, nc=True), kernel_size=5, padding=2, stride=3)]


def _fold_samples(g):
    return [S(g.t(2, 12, 20), (6, 5), 2), S(g.t(2, 18, 21), (6, 5), (2, 3), dilation=(2, 1),
                                            padding=(1, 2), stride=(2, 1)),
            S(g.t(45, 9), 5, 3, padding=1, stride=2), S(g.t(0, 8, 9), 4, 2),
            S(g.t(4, 27, 4, nc=True), output_size=4, kernel_size=3, padding=1, stride=2)]


PATCHES = [
    _f("unfold", _unfold_samples),
    _f("fold", _fold_samples),
    _f("pixel_shuffle", lambda g: [S(g.t(2, 8, 3, 2), 2), S(g.t(9, 2, 2), 3),
                                   S(g.t(2, 3, 4, 2, 3), 2), S(g.t(2, 4, 3, 3), 1)]),
    _f("pixel_unshuffle", lambda g: [S(g.t(2, 2, 4, 6), 2), S(g.t(1, 6, 3), 3),
                                     S(g.t(2, 3, 1, 4, 2), 2)]),
    _m("Unfold", lambda g: [M(2)(g.t(2, 3, 6, 5)), M((2, 3), 2, 1, 2)(g.t(3, 5, 6))]),
    _m("Fold", lambda g: [M((6, 5), 2)(g.t(2, 12, 20)),
                          M(5, 3, padding=1, stride=2)(g.t(45, 9))]),
    _m("PixelShuffle", lambda g: [M(2)(g.t(2, 8, 3, 2)), M(3)(g.t(9, 2, 2))]),
    _m("PixelUnshuffle", lambda g: [M(2)(g.t(2, 2, 4, 6)), M(3)(g.t(1, 6, 3))]),
]


# --------------------------------------------------------------------------- resampling
def _interpolate(n):
    """Every mode that takes an ``n``-d input: size and scale_factor (integer, fractional,
    below 1, per axis), align_corners both ways, recompute_scale_factor, antialias (2-d),
    non-contiguous input, empty batch."""
    linear = {1: "linear", 2: "bilinear", 3: "trilinear"}[n]
    corners = [linear] + (["bicubic"] if n == 2 else [])

    def samples(g):
        x = lambda *lead, nc=False: g.t(*lead, *(5, 6, 4)[:n], nc=nc)  # noqa: E731
        sizes = (7, 4, 9)[:n]
        out = [S(x(2, 3), 2), S(x(2, 3), sizes), S(x(2, 3), scale_factor=2),
               S(x(2, 3), scale_factor=0.5), S(x(2, 3), scale_factor=1.7),
               S(x(2, 3), scale_factor=1.7, recompute_scale_factor=True),
               S(x(2, 3), scale_factor=(1.5, 0.7, 2.0)[:n]),
               S(x(1, 3), sizes, mode="nearest-exact"),
               S(x(1, 3), scale_factor=0.6, mode="nearest-exact"),
               S(x(2, 3), sizes, mode="area"), S(x(2, 3), scale_factor=0.5, mode="area"),
               S(x(0, 3), 3, mode=linear)]
        for mode in corners:
            for align in (False, True):
                out += [S(x(2, 3), sizes, mode=mode, align_corners=align),
                        S(x(1, 2), scale_factor=2, mode=mode, align_corners=align),
                        S(x(1, 2), scale_factor=0.6, mode=mode, align_corners=align),
                        S(x(1, 2), 1, mode=mode, align_corners=align)]
            out += [S(x(2, 3), scale_factor=1.7, mode=mode),
                    S(x(2, 3), scale_factor=1.7, mode=mode, recompute_scale_factor=True),
                    S(x(1, 2), mode=mode, size=tuple(s + 1 for s in (5, 6, 4)[:n])),
                    S(g.t(3, 2, *(5, 6, 4)[:n]).swapaxes(0, 1), sizes, mode=mode)]
            if n == 2:
                out += [S(x(2, 3), (3, 4), mode=mode, antialias=True),
                        S(x(1, 2), scale_factor=0.37, mode=mode, antialias=True,
                          align_corners=True),
                        S(x(1, 2), scale_factor=(0.5, 1.5), mode=mode, antialias=True)]
        return out
    return samples


RESAMPLING = [
    _f("interpolate", _interpolate(1), variant="1d"),
    _f("interpolate", _interpolate(2), variant="2d",
       notes="no lanczos mode; integer input is a TypeError; antialias=True on an input of "
             "width 1 resamples its height (PyTorch 2.13 returns zeros)"),
    _f("interpolate", _interpolate(3), variant="3d"),
    _f("upsample", lambda g: [S(g.t(2, 3, 5), 7), S(g.t(1, 2, 4, 5), scale_factor=2,
                                                    mode="bilinear", align_corners=True)]),
    _f("upsample_nearest", lambda g: [S(g.t(2, 3, 5), 7), S(g.t(1, 2, 4, 5), scale_factor=1.5)]),
    _f("upsample_bilinear", lambda g: [S(g.t(1, 2, 4, 5), (7, 3)),
                                       S(g.t(1, 2, 4, 5), scale_factor=2)]),
    _m("Upsample", lambda g: [M(scale_factor=2)(g.t(2, 3, 5)),
                              M(size=(7, 3), mode="bilinear")(g.t(1, 2, 4, 5)),
                              M(scale_factor=1.5, mode="bicubic", align_corners=True)(g.t(1, 2, 4, 5)),
                              M(scale_factor=(2, 1, 0.5), mode="trilinear")(g.t(1, 2, 3, 4, 4)),
                              M(scale_factor=1.7, mode="nearest-exact",
                                recompute_scale_factor=True)(g.t(1, 2, 4, 5)),
                              M(size=3, mode="area")(g.t(1, 2, 7))]),
    _m("UpsamplingNearest2d", lambda g: [M(scale_factor=2)(g.t(2, 3, 4, 5)),
                                         M(size=(7, 3))(g.t(1, 2, 4, 5))]),
    _m("UpsamplingBilinear2d", lambda g: [M(scale_factor=2)(g.t(2, 3, 4, 5)),
                                          M(size=(7, 3))(g.t(1, 2, 4, 5))]),
]


OP_DB = (ELEMENTWISE + REDUCTIONS + STATISTICS + SORTING + SCANS + PRODUCTS + LINALG + SHAPE
         + ACTIVATIONS_TORCH + CREATION + TENSOR + TENSOR_MATH + POOLS + CONVOLUTIONS + NORMS
         + ACTIVATIONS + LOSSES + EVERYDAY + MODULES
         + LAYER_ACTIVATIONS + LAYER_LOSSES + LAYER_DISTANCES + LAYER_LAZY
         + LAYER_REPARAMETRIZATIONS + RESAMPLING + PATCHES)
