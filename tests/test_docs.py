"""The API reference covers every public name, and every public name has a docstring.

The pages in ``docs/api/*.rst`` are hand-written lists (``autosummary``
entries, ``data`` and ``module`` directives). These tests read them as text,
without running Sphinx, resolve each listed name to its object, and compare
with what the packages export: ``__all__`` where a package defines it,
otherwise every public class and function defined in minigrad (plus the
dtype objects of the top-level package).
"""
import enum
import importlib
import inspect
import re
import types
from pathlib import Path

import numpy as np
import pytest

API_DIR = Path(__file__).resolve().parents[1] / "docs" / "api"

PACKAGES = [
    "minigrad",
    "minigrad.linalg",
    "minigrad.nn",
    "minigrad.nn.functional",
    "minigrad.nn.init",
    "minigrad.nn.utils",
    "minigrad.optim",
    "minigrad.optim.lr_scheduler",
    "minigrad.data",
    "minigrad.autograd",
    "minigrad.onnx",
    "minigrad.utils",
    "minigrad.utils.viz",
    "minigrad.utils.data",
    "minigrad.nn.parallel",
    "minigrad.distributed",
    "minigrad.cuda",
    "minigrad.accelerator",
    "minigrad.backends",
    "minigrad.backends.cudnn",
    "minigrad.backends.cuda",
    "minigrad.backends.mps",
    "minigrad.models",
    "minigrad.utils.graph",
    "minigrad.autograd.profiler",
]

_DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\.\s+(?:py:)?(?P<name>[\w-]+)::\s*(?P<arg>.*)$")
_MODULE_DIRECTIVES = {"module", "currentmodule", "automodule"}
_OBJECT_DIRECTIVES = {"autofunction", "autoclass", "autodata", "autoexception", "function",
                      "class", "data", "exception"}


# --------------------------------------------------------------------------- parsing
def _resolve(path):
    """The object at dotted ``path`` (module attributes included), or raise LookupError."""
    parts = path.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for attr in parts[split:]:
                obj = getattr(obj, attr)
        except AttributeError:
            break
        return obj
    raise LookupError(path)


def _block(lines, start, indent):
    """The lines of the directive body that begins after ``lines[start]``."""
    body = []
    for line in lines[start + 1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= len(indent):
            break
        body.append(line)
    return body


def parse_reference(text, source="<text>"):
    """The entries a reference page lists, as dicts.

    Each entry has ``context`` (the current module where it is listed),
    ``written`` (the name as written), ``fullname`` (the dotted name it
    resolves to, as autosummary resolves it: first relative to the current
    module, then as given) and ``source``. Module directives give entries
    whose ``fullname`` is the module itself (``currentmodule`` only changes
    the context).
    """
    entries = []
    module = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = _DIRECTIVE.match(line)
        if not match:
            continue
        name, arg, indent = match["name"], match["arg"].strip(), match["indent"]
        if name in _MODULE_DIRECTIVES:
            module = arg
            if name != "currentmodule":  # only declares where the names below live
                entries.append({"context": arg, "written": arg, "fullname": arg,
                                "source": source})
        elif name == "autosummary":
            for item in _block(lines, i, indent):
                item = item.strip()
                if item and not item.startswith(":") and not item.startswith(".."):
                    entries.append(_entry(module, item.lstrip("~"), source))
        elif name in _OBJECT_DIRECTIVES:
            # ``.. data:: float32`` may go on with more signatures, one per line.
            names = [arg]
            for extra in lines[i + 1:]:
                if not extra.strip() or extra.strip().startswith(":"):
                    break
                if len(extra) - len(extra.lstrip()) <= len(indent) + 3:
                    break
                names.append(extra.strip())
            entries.extend(_entry(module, n, source) for n in names if n)
    return entries


def _entry(module, written, source):
    candidates = ([f"{module}.{written}"] if module else []) + [written]
    for candidate in candidates:
        try:
            _resolve(candidate)
        except LookupError:
            continue
        return {"context": module, "written": written, "fullname": candidate, "source": source}
    return {"context": module, "written": written, "fullname": None, "source": source}


def reference_entries():
    pages = sorted(API_DIR.glob("*.rst"))
    assert pages, f"no API pages in {API_DIR}"
    return [e for page in pages for e in parse_reference(page.read_text(), page.name)]


# --------------------------------------------------------------------------- exports
def public_names(package):
    """What ``package`` exports: its ``__all__``, else its public classes, functions and dtypes."""
    module = importlib.import_module(package)
    exported = getattr(module, "__all__", None)
    if exported is not None:
        return list(exported)
    def is_public_api(obj):
        if isinstance(obj, np.dtype):
            return True
        is_code = inspect.isclass(obj) or inspect.isfunction(obj) or inspect.isbuiltin(obj)
        return is_code and (getattr(obj, "__module__", None) or "").startswith("minigrad")

    return [name for name, obj in vars(module).items()
            if not name.startswith("_") and is_public_api(obj)]


def missing_from_reference(package, names, entries):
    """The names of ``package`` that no entry documents.

    ``package.name`` is documented by an entry that resolves to that dotted
    name, or by an entry listed on the package's own page (its context is the
    package) that resolves to the same object under the same name, as
    ``~minigrad.no_grad`` listed for ``minigrad.autograd`` does.
    """
    module = importlib.import_module(package)
    documented = {e["fullname"] for e in entries}
    missing = []
    for name in names:
        if f"{package}.{name}" in documented:
            continue
        obj = getattr(module, name)
        if any(e["context"] == package and e["fullname"] is not None
               and e["fullname"].rsplit(".", 1)[-1] == name and _resolve(e["fullname"]) is obj
               for e in entries):
            continue
        missing.append(name)
    return missing


def has_docstring(obj):
    """Whether ``obj`` has its own, non-empty docstring (a class does not inherit one)."""
    if isinstance(obj, np.dtype):
        return True  # a NumPy dtype; the reference describes it in a ``data`` directive
    doc = obj.__doc__ if isinstance(obj, (type, types.ModuleType)) else inspect.getdoc(obj)
    return bool(doc and doc.strip())


# --------------------------------------------------------------------------- parameters
_SECTION = re.compile(r"^(?P<indent>[ \t]*)(?P<title>[A-Z][A-Za-z ]+)\n(?P=indent)-{3,}[ \t]*$",
                      re.MULTILINE)
# Words that send the reader to another page instead of describing a parameter.
_DELEGATION = re.compile(r"\b(?:[Aa]s (?:in |for |with |of )?:(?:class|func|meth):`|"
                         r"[Ss]ee :(?:class|func|meth):`|[Ss]ame as :(?:class|func|meth):`)")


def _sections(doc):
    """``{title: body}`` of a NumPy-style docstring's sections."""
    doc = inspect.cleandoc(doc or "")
    found = list(_SECTION.finditer(doc))
    return {m["title"].strip(): doc[m.end():found[i + 1].start() if i + 1 < len(found) else None]
            for i, m in enumerate(found)}


def _documented_names(body):
    """The parameter names a Parameters section describes (``a, b : type`` counts both)."""
    names = set()
    for line in body.splitlines():
        if not line.strip() or line[:1].isspace():
            continue
        head = line.split(" : ", 1)[0].strip().rstrip(":")
        names.update(part.strip().lstrip("*") for part in head.split(","))
    return names


def _signature_parameters(obj):
    """The parameters a user passes: the signature's (``__init__``'s for a class), public ones.

    An enumeration has none: its signature is ``EnumType.__call__``'s, whose
    ``names``, ``module``, ``start`` ... create new enumerations, which an
    enumeration with members refuses to do; its members are what to document.
    """
    if isinstance(obj, type) and issubclass(obj, enum.Enum):
        return []
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return []
    return [name for name, param in signature.parameters.items()
            if name not in ("self", "cls") and not name.startswith("_")]


def parameter_problems(obj):
    """What is wrong with ``obj``'s Parameters section, as a short text; "" when nothing is."""
    parameters = _signature_parameters(obj)
    if not parameters:
        return ""
    body = _sections(obj.__doc__).get("Parameters")
    if body is None:
        return "no Parameters section"
    if _DELEGATION.search(body):
        return "its Parameters section refers to another page"
    undocumented = [name for name in parameters if name not in _documented_names(body)]
    return f"parameters not described: {undocumented}" if undocumented else ""


# --------------------------------------------------------------------------- tests
@pytest.fixture(scope="module")
def entries():
    return reference_entries()


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_appears_in_the_api_reference(package, entries):
    missing = missing_from_reference(package, public_names(package), entries)
    assert not missing, (
        f"{package} exports names that no page of docs/api lists: {missing}; add them to an "
        f"autosummary list of the page for {package}"
    )


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_has_a_docstring(package):
    module = importlib.import_module(package)
    assert has_docstring(module), f"module {package} has no docstring"
    empty = [name for name in public_names(package) if not has_docstring(getattr(module, name))]
    assert not empty, f"{package}: public names without a docstring: {empty}"


def _own_public_objects(package):
    """(name, object) for the package's public classes and Python functions, once each."""
    module = importlib.import_module(package)
    for name in public_names(package):
        obj = getattr(module, name)
        # Compiled functions (get_num_threads ...) keep their docstrings in the
        # .pyx sources; the guides show them in use.
        if inspect.isclass(obj) or inspect.isfunction(obj):
            yield name, obj


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_class_and_function_has_an_example(package):
    missing = [name for name, obj in _own_public_objects(package)
               if not re.search(r"^\s*Examples\n\s*-{8}", obj.__doc__ or "", re.MULTILINE)]
    assert not missing, f"{package}: no Examples section in the docstring of {missing}"


def test_every_layer_documents_its_shapes():
    from minigrad import nn

    containers = {nn.Module, nn.Sequential, nn.ModuleList, nn.ModuleDict, nn.ParameterList,
                  nn.ParameterDict}
    missing = [name for name, obj in _own_public_objects("minigrad.nn")
               if isinstance(obj, type) and issubclass(obj, nn.Module) and obj not in containers
               and not re.search(r"^\s*Shape\n\s*-{5}", obj.__doc__ or "", re.MULTILINE)]
    assert not missing, f"layers without a Shape section in their docstring: {missing}"


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_class_and_function_documents_its_parameters(package):
    problems = {name: problem for name, obj in _own_public_objects(package)
                if (problem := parameter_problems(obj))}
    assert not problems, (f"{package}: every public class and function describes each of its "
                          f"parameters in its own Parameters section: {problems}")


def test_every_layer_gives_its_formula_as_maths():
    from minigrad import nn

    containers = {nn.Module, nn.Sequential, nn.ModuleList, nn.ModuleDict, nn.ParameterList,
                  nn.ParameterDict, nn.Identity, nn.Flatten, nn.Unflatten, nn.DataParallel,
                  nn.parallel.DistributedDataParallel}
    missing = [name for name, obj in _own_public_objects("minigrad.nn")
               if isinstance(obj, type) and issubclass(obj, nn.Module) and obj not in containers
               and not re.search(r"(\.\. math::|:math:`)", obj.__doc__ or "")]
    assert not missing, f"layers whose docstring gives no formula as maths: {missing}"


@pytest.mark.parametrize("package", PACKAGES)
def test_every_package_has_a_reference_page(package, entries):
    pages = {e["source"] for e in entries if e["written"] == package and e["context"] == package}
    assert pages, f"no page of docs/api declares module {package}"


def test_every_listed_name_exists(entries):
    stale = [f"{e['source']}: {e['written']}" for e in entries if e["fullname"] is None]
    assert not stale, f"the API reference lists names that do not exist: {stale}"


# --------------------------------------------------------------------------- the checker itself
def test_parser_resolves_names_relative_to_the_current_module():
    page = """
Title
=====

.. currentmodule:: minigrad.nn

.. autosummary::
   :toctree: generated
   :nosignatures:

   Conv2d
   ~minigrad.no_grad

.. data:: float32
          float
"""
    found = [(e["context"], e["fullname"]) for e in parse_reference(page)]
    assert found == [
        ("minigrad.nn", "minigrad.nn.Conv2d"),
        ("minigrad.nn", "minigrad.no_grad"),
        ("minigrad.nn", None),  # minigrad.nn has no float32
        ("minigrad.nn", None),
    ]


def test_checker_reports_an_exported_name_missing_from_the_pages():
    page = ".. module:: minigrad.optim\n\n.. autosummary::\n\n   SGD\n   Adam\n"
    missing = missing_from_reference("minigrad.optim", ["SGD", "Adam", "RMSprop"],
                                     parse_reference(page))
    assert missing == ["RMSprop"]


def test_checker_accepts_a_reexport_listed_on_the_package_page_only_there():
    autograd_page = ".. module:: minigrad.autograd\n\n.. autosummary::\n\n   ~minigrad.no_grad\n"
    nn_page = ".. module:: minigrad.nn\n\n.. autosummary::\n\n   ~minigrad.no_grad\n"
    assert missing_from_reference("minigrad.autograd", ["no_grad"],
                                  parse_reference(autograd_page)) == []
    assert missing_from_reference("minigrad.autograd", ["no_grad"],
                                  parse_reference(nn_page)) == ["no_grad"]


def test_top_level_exports_include_functions_classes_and_dtypes_but_not_modules():
    names = public_names("minigrad")
    assert {"Tensor", "tensor", "no_grad", "float32", "save"} <= set(names)
    assert "nn" not in names and "dtypes" not in names


def test_docstring_check_does_not_count_an_inherited_class_docstring():
    class Documented:
        """Has a docstring."""

    class Undocumented(Documented):
        pass

    assert has_docstring(Documented)
    assert not has_docstring(Undocumented)


def test_parameter_checker_asks_no_parameters_of_an_enumeration():
    class Colour(enum.Enum):
        """A colour."""

        RED = "red"

    assert "names" in inspect.signature(Colour).parameters  # EnumType's functional API
    with pytest.raises(TypeError):
        Colour("Shade", names=["DARK"])  # which an enumeration with members refuses
    assert parameter_problems(Colour) == ""


def test_parameter_checker_finds_missing_delegated_and_grouped_parameters():
    def complete(a, b, c=1):
        """Do.

        Parameters
        ----------
        a, b : Tensor
            Inputs.
        c : int, optional
            A count.
        """

    def delegated(a, b):
        """Do.

        Parameters
        ----------
        a, b
            As :func:`complete`.
        """

    def partial(a, b):
        """Do.

        Parameters
        ----------
        a : Tensor
            Input.

        Returns
        -------
        b : Tensor
            Not a parameter.
        """

    def bare(a):
        """Do."""

    assert parameter_problems(complete) == ""
    assert parameter_problems(delegated) == "its Parameters section refers to another page"
    assert parameter_problems(partial) == "parameters not described: ['b']"
    assert parameter_problems(bare) == "no Parameters section"
