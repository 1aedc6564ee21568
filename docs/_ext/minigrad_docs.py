"""A small Sphinx extension for minigrad's documentation.

* Docstring examples run with their module's globals under the doctest
  builder, as they do under ``python -m pytest --doctest-modules``.
* ``has_docstring``, given to the autosummary class template through
  ``autosummary_context``, leaves undocumented members out of the tables.
* The ``pytorch-coverage`` directive renders the PyTorch API coverage from
  the conformance table and the committed scope list
  (``tests/conformance/coverage.py``), without PyTorch installed.
* ``lenet5-graph`` and ``lenet5-profile`` record one training step of the
  LeNet-5 of ``examples/lenet5.py`` at build time and show its graph (drawn
  by Graphviz's ``dot`` when it is installed, else as DOT text) and its
  profiler table, so neither can fall behind the code.
"""
import importlib
import importlib.util
import os
import shutil

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles


class HasDocstring:
    """``has_docstring(fullname)``: whether the object at a dotted name has a docstring.

    An instance, not a function, so that Sphinx can cache the configuration
    value holding it (it refuses to pickle functions).
    """

    def __call__(self, fullname):
        parts = fullname.split(".")
        for split in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:split]))
            except ImportError:
                continue
            for part in parts[split:]:
                obj = getattr(obj, part, None)  # None: an instance attribute, not on the class
            return obj is not None and bool(getattr(obj, "__doc__", None))
        return False


has_docstring = HasDocstring()

MODULE_GLOBALS_SETUP = '''
def _use_module_globals(name, namespace):
    import importlib

    for key, value in vars(importlib.import_module(name)).items():
        if not key.startswith("__"):
            namespace[key] = value
'''


def _docstring_doctests_see_their_module(app, what, name, obj, options, lines):
    """Run a docstring's examples with its module's globals, as pytest's doctests do.

    ``python -m pytest`` runs the examples of a docstring in the namespace of
    the module that defines it, so they may use the module's names without
    importing them. The doctest builder runs the examples of a page in one
    namespace made by ``doctest_global_setup``; a hidden ``testsetup`` block
    appended to each docstring with examples adds the module's globals to it.
    """
    if what == "module":
        module = name
    else:
        target = getattr(obj, "fget", obj)  # properties: the getter's module
        module = getattr(target, "__module__", None)
    if module and module.startswith("minigrad") and any(">>>" in line for line in lines):
        lines.extend(["", ".. testsetup:: *", "",
                      f"   _use_module_globals({module!r}, globals())", ""])


class PytorchCoverage(SphinxDirective):
    """``.. pytorch-coverage::``: a summary table and a section per PyTorch namespace."""

    def run(self):
        from tests.conformance import coverage, op_db, opinfo

        for module in (coverage, op_db, opinfo):
            self.env.note_dependency(module.__file__)
        self.env.note_dependency(str(coverage.SCOPE_FILE))
        text = coverage.coverage_rst()
        container = nodes.container()
        nested_parse_with_titles(self.state, StringList(text.splitlines(), "pytorch-coverage"),
                                 container)
        return container.children


def _lenet5_step(batch):
    """LeNet-5 of examples/lenet5.py, a batch, and its loss recorded on the tape."""
    import minigrad
    from minigrad import nn

    path = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, "examples", "lenet5.py")
    spec = importlib.util.spec_from_file_location("_lenet5_example", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    minigrad.manual_seed(0)
    model = example.lenet5()
    x, y = minigrad.randn(batch, 1, 28, 28), minigrad.randint(10, size=(batch,))
    return model, lambda: nn.functional.cross_entropy(model(x), y)


class Lenet5Graph(SphinxDirective):
    """``.. lenet5-graph::``: the recorded graph of LeNet-5's loss."""

    def run(self):
        from minigrad.utils.graph import to_dot

        model, loss = _lenet5_step(batch=1)
        dot = to_dot(loss(), params=dict(model.named_parameters()), name="lenet5")
        if shutil.which("dot"):
            from sphinx.ext.graphviz import graphviz

            node = graphviz()
            node["code"] = dot
            node["options"] = {"docname": self.env.docname}
            node["alt"] = "The recorded graph of LeNet-5's loss"
            return [node]
        block = nodes.literal_block(dot, dot)
        block["language"] = "dot"
        return [block]


class Lenet5Profile(SphinxDirective):
    """``.. lenet5-profile::``: the profiler table of one LeNet-5 training step (batch 64)."""

    def run(self):
        from minigrad.autograd.profiler import profile

        model, loss = _lenet5_step(batch=64)
        loss().backward()  # a warm-up step: the first one pays for imports and caches
        model.zero_grad()
        with profile() as prof:
            loss().backward()
        table = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=10)
        return [nodes.literal_block(table, table)]


def setup(app):
    app.add_directive("pytorch-coverage", PytorchCoverage)
    app.add_directive("lenet5-graph", Lenet5Graph)
    app.add_directive("lenet5-profile", Lenet5Profile)
    # After napoleon (priority 500) has turned the NumPy sections into reST.
    app.connect("autodoc-process-docstring", _docstring_doctests_see_their_module, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
