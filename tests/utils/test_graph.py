"""to_dot: one box per op and per leaf, arrows along the recorded edges, names from params."""
import re
import shutil

import pytest

import minigrad
from minigrad import nn
from minigrad.utils.graph import render, to_dot

_NODE = re.compile(r'^  (\w+) \[label="(.*)", fillcolor=(\w+)\];$')
_EDGE = re.compile(r"^  (\w+) -> (\w+);$")


def _parse(dot):
    lines = dot.splitlines()
    assert lines[0].startswith("digraph ") and lines[-1] == "}"
    nodes, edges = {}, []
    for line in lines[2:-1]:
        if m := _NODE.match(line):
            nodes[m.group(1)] = (m.group(2), m.group(3))
        elif m := _EDGE.match(line):
            edges.append((m.group(1), m.group(2)))
        else:
            raise AssertionError(f"unexpected line {line!r}")
    return nodes, edges


def _lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
    )


def test_lenet5_graph_has_every_op_and_named_parameter():
    model = _lenet5()
    out = model(minigrad.randn(2, 1, 28, 28))
    nodes, edges = _parse(to_dot(out, params=dict(model.named_parameters())))
    ops = [label.split("\\n")[0] for label, color in nodes.values() if color == "lightgrey"]
    assert sorted(ops) == sorted(["ConvNdBackward"] * 2 + ["ReLUBackward"] * 4
                                 + ["MaxPoolBackward"] * 2 + ["ReshapeBackward"]
                                 + ["LinearBackward"] * 3)
    leaves = {label for label, color in nodes.values() if color == "lightblue"}
    assert leaves == {f"{name}\\n({', '.join(map(str, p.shape))})"
                      for name, p in model.named_parameters()}
    assert nodes["out"] == ("(2, 10)", "darkolivegreen1")
    assert len(edges) == len(nodes) - 1  # a tree: every box but the output feeds one op
    by_label = {label: node for node, (label, _) in nodes.items()}
    assert (by_label["0.weight\\n(6, 1, 5, 5)"], by_label["ConvNdBackward\\n(2, 6, 28, 28)"]) \
        in edges


def test_a_tensor_used_twice_is_one_box_with_two_arrows():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = x * x + x
    nodes, edges = _parse(to_dot(y, params={"x": x}))
    (x_id,) = [n for n, (label, _) in nodes.items() if label.startswith("x\\n")]
    assert len([e for e in edges if e[0] == x_id]) == 3
    assert len(nodes) == 4  # out, Add, Mul, x


def test_unnamed_leaves_show_their_shape_and_frozen_inputs_are_left_out():
    w = minigrad.ones(3, requires_grad=True)
    nodes, _ = _parse(to_dot((w * minigrad.ones(3)).sum()))
    assert sorted(label for label, _ in nodes.values()) == ["()", "(3)", "MulBackward\\n(3)",
                                                           "SumBackward\\n()"]


def test_a_long_chain_needs_no_recursion():
    x = minigrad.ones(1, requires_grad=True)
    y = x
    for _ in range(3000):
        y = y * 1.0
    nodes, edges = _parse(to_dot(y))
    assert len(nodes) == 3002 and len(edges) == 3001


def test_the_graph_survives_backward():
    x = minigrad.ones(2, requires_grad=True)
    y = (x * 2).sum()
    before = to_dot(y)
    y.backward()
    assert to_dot(y) == before


def test_errors():
    with pytest.raises(TypeError, match="expected a Tensor"):
        to_dot([1.0])
    with pytest.raises(ValueError, match="no recorded graph"):
        to_dot(minigrad.ones(2) * 2)


def test_render_writes_an_svg(tmp_path):
    pytest.importorskip("graphviz")
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot program is not installed")
    x = minigrad.ones(2, requires_grad=True)
    path = render((x * 2).sum(), str(tmp_path / "graph"), params={"x": x})
    text = open(path).read()
    assert path.endswith(".svg") and "<svg" in text and "MulBackward" in text
