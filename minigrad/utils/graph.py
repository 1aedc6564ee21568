"""A picture of the recorded graph: Graphviz DOT text of the tape behind a tensor.

:func:`to_dot` walks the nodes from ``tensor.grad_fn`` to the leaves along
their edges (``next_functions``), with an explicit stack as the engine does,
and writes one box per op (its name and output shape) and one per leaf
tensor, a parameter labelled with its name in the model when ``params`` is
given, as torchviz's ``make_dot`` does. :func:`render` draws it with the
optional ``graphviz`` package (and Graphviz's ``dot`` program).
"""
from __future__ import annotations

from minigrad.autograd.function import FunctionCtx
from minigrad.tensor import Tensor

__all__ = ["to_dot", "render"]


def _shape(shape):
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _quote(text):
    # Backslashes stay: the labels use DOT's own \n escape for line breaks.
    return '"' + text.replace('"', '\\"') + '"'


def to_dot(tensor: Tensor, params: dict | None = None, name: str = "graph") -> str:
    """The graph that produced ``tensor``, as Graphviz DOT text.

    Ops are grey boxes with the node's name and its output shape; leaf
    tensors that get gradients are blue boxes with their shape, and their
    name when ``params`` maps it to them (``dict(model.named_parameters())``);
    ``tensor`` itself is the green box at the bottom. Arrows follow the data,
    from inputs to ops.

    Parameters
    ----------
    tensor : Tensor
        The output whose graph to draw; it must have been recorded
        (``requires_grad``).
    params : dict of str to Tensor, optional
        Names for leaf tensors, usually ``dict(model.named_parameters())``; a
        leaf found in it is labelled with its name as well as its shape.
    name : str, default "graph"
        The name of the DOT digraph, a Graphviz identifier.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``tensor`` is not a Tensor.
    ValueError
        If ``tensor`` has no recorded graph.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> from minigrad.utils.graph import to_dot
    >>> layer = nn.Linear(3, 2)
    >>> y = layer(minigrad.ones(4, 3)).relu()
    >>> print(to_dot(y, params=dict(layer.named_parameters())), end="")
    digraph "graph" {
      node [shape=box, style=filled, fontname="Helvetica", fontsize=11];
      out [label="(4, 2)", fillcolor=darkolivegreen1];
      n0 [label="ReLUBackward\\n(4, 2)", fillcolor=lightgrey];
      n0 -> out;
      n1 [label="LinearBackward\\n(4, 2)", fillcolor=lightgrey];
      n1 -> n0;
      n2 [label="weight\\n(2, 3)", fillcolor=lightblue];
      n2 -> n1;
      n3 [label="bias\\n(2)", fillcolor=lightblue];
      n3 -> n1;
    }
    """
    if not isinstance(tensor, Tensor):
        raise TypeError(f"to_dot: expected a Tensor, got {type(tensor).__name__}")
    if tensor.grad_fn is None and not tensor.requires_grad:
        raise ValueError("to_dot: the tensor has no recorded graph (it does not require grad)")
    names = {id(p): n for n, p in (params or {}).items()}
    ids = {}
    # Quoted, since a plain name may be a DOT keyword ("graph", "node").
    lines = [f"digraph {_quote(name)} {{",
             '  node [shape=box, style=filled, fontname="Helvetica", fontsize=11];',
             f'  out [label="{_shape(tensor.shape)}", fillcolor=darkolivegreen1];']
    root = tensor.grad_fn if tensor.grad_fn is not None else tensor
    # Each stack entry: an op node or leaf tensor, and the DOT id of its consumer.
    stack = [(root, "out")]
    while stack:
        item, consumer = stack.pop()
        key = id(item)
        seen = key in ids
        if not seen:
            ids[key] = f"n{len(ids)}"
            lines.append(f"  {ids[key]} [label={_quote(_label(item, names))}, "
                         f"fillcolor={'lightgrey' if type(item) is FunctionCtx else 'lightblue'}];")
        lines.append(f"  {ids[key]} -> {consumer};")
        if seen or type(item) is not FunctionCtx:
            continue
        # Reversed, so that the first input is drawn (and numbered) first.
        for edge in reversed(item.next_functions):
            if edge is not None:
                stack.append((edge[0], ids[key]))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _label(item, names):
    if type(item) is FunctionCtx:
        shapes = "\\n".join(_shape(shape) for shape, _ in item._outputs_meta)
        return f"{item.name()}\\n{shapes}"
    name = names.get(id(item))
    return f"{name}\\n{_shape(item.shape)}" if name else _shape(item.shape)


def render(tensor: Tensor, filename: str, params: dict | None = None, format: str = "svg") -> str:
    """Draw the graph of ``tensor`` to ``filename`` + ``.format``; returns the file's path.

    Needs the ``graphviz`` Python package and Graphviz's ``dot`` program.

    Parameters
    ----------
    tensor : Tensor
        The output whose graph is drawn: its ``grad_fn`` and every node
        reachable from it, down to the leaf tensors. It must have been
        recorded (``requires_grad``).
    filename : str
        The output path without its extension; the extension ``format`` is added.
    params : dict of str to Tensor, optional
        Names for leaf tensors, usually ``dict(model.named_parameters())``; a
        leaf found in it is labelled with its name as well as its shape.
    format : str, default 'svg'
        Any output format Graphviz's ``dot`` knows: ``'svg'``, ``'png'``,
        ``'pdf'`` ...

    Returns
    -------
    str
        The path of the written file.

    Raises
    ------
    ImportError
        Without the ``graphviz`` Python package.
    TypeError
        If ``tensor`` is not a Tensor.
    ValueError
        If ``tensor`` has no recorded graph.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.utils.graph import render
    >>> x = minigrad.ones(2, requires_grad=True)
    >>> render((x * 2).sum(), "/tmp/graph")  # doctest: +SKIP
    '/tmp/graph.svg'
    """
    try:
        import graphviz
    except ImportError as error:
        raise ImportError("render needs the graphviz package: pip install graphviz") from error
    return graphviz.Source(to_dot(tensor, params)).render(filename, format=format, cleanup=True)
