"""A small Sphinx extension for minigrad's documentation.

* Docstring examples run with their module's globals under the doctest
  builder, as they do under ``python -m pytest --doctest-modules``.
* ``has_docstring``, given to the autosummary class template through
  ``autosummary_context``, leaves undocumented members out of the tables.
* The ``pytorch-coverage`` directive renders the PyTorch API coverage from
  the conformance table and the committed scope list
  (``tests/conformance/coverage.py``), without PyTorch installed.
"""
import importlib

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


def setup(app):
    app.add_directive("pytorch-coverage", PytorchCoverage)
    # After napoleon (priority 500) has turned the NumPy sections into reST.
    app.connect("autodoc-process-docstring", _docstring_doctests_see_their_module, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
