"""The "PyTorch API coverage" page: which PyTorch names in scope minigrad has.

The scope is the committed list ``pytorch_scope.txt`` (names per namespace:
``torch``, ``torch.nn``, ``torch.nn.functional``, ``torch.Tensor``,
``torch.linalg``, ``torch.nn.utils`` and its ``parametrize`` and
``parametrizations``). For each
name the page says whether minigrad has it, whether the conformance table
(``op_db.py``) checks it against PyTorch, and the differences the table
documents (its skip and xfail reasons). Nothing here imports PyTorch, so the
documentation builds without it: the Sphinx extension in ``docs/_ext``
renders :func:`coverage_rst` in ``docs/coverage.rst``.

``python -m tests.conformance.coverage`` prints the page's reStructuredText.
"""
import dataclasses
import importlib
from pathlib import Path

SCOPE_FILE = Path(__file__).with_name("pytorch_scope.txt")
NAMESPACES = ("torch", "torch.nn", "torch.nn.functional", "torch.Tensor", "torch.linalg",
              "torch.nn.utils", "torch.nn.utils.parametrize", "torch.nn.utils.parametrizations")


def read_scope(path=SCOPE_FILE):
    """``{namespace: [names]}`` from the scope file, in the file's order."""
    scope, current = {}, None
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = scope.setdefault(line[1:-1], [])
        elif line:
            if current is None:
                raise ValueError(f"{path}: names before the first [namespace] line")
            current.extend(line.split())
    return scope


def minigrad_counterpart(namespace):
    """minigrad's object for a PyTorch namespace: ``torch.nn`` → ``minigrad.nn``."""
    parts = ["minigrad"] + namespace.split(".")[1:]
    obj = importlib.import_module(parts[0])
    for part in parts[1:]:
        obj = getattr(obj, part)
    return obj


def has_name(obj, name):
    """Whether minigrad defines ``name``; for a class, not merely inherited from ``object``."""
    if isinstance(obj, type):
        return any(name in vars(klass) for klass in obj.__mro__ if klass is not object)
    return hasattr(obj, name)


@dataclasses.dataclass
class Coverage:
    """One namespace: the names in scope, which minigrad has, which the table checks, and
    the documented differences by name."""

    namespace: str
    scope: list
    present: list
    checked: list
    missing: list
    differences: dict

    def percent(self):
        return 100.0 * len(self.present) / len(self.scope) if self.scope else 100.0


def differences_by_name(table):
    """``{(namespace, name): [reasons]}`` from the entries' and samples' skip, xfail, notes."""
    found = {}
    for entry in table:
        reasons = [("differs", entry.skip), ("known bug", entry.xfail), ("note", entry.notes)]
        for sample in entry.sample_inputs():
            reasons += [("differs", sample.skip), ("known bug", sample.xfail)]
        listed = found.setdefault((entry.namespace, entry.short_name), [])
        for kind, text in reasons:
            if text and (kind, text) not in listed:
                listed.append((kind, text))
    return {key: value for key, value in found.items() if value}


def coverage(scope=None, table=None):
    """A :class:`Coverage` per namespace, in the order of :data:`NAMESPACES`."""
    if scope is None:
        scope = read_scope()
    if table is None:
        from tests.conformance.op_db import OP_DB as table
    in_table = {(entry.namespace, entry.short_name) for entry in table}
    differences = differences_by_name(table)
    result = []
    for namespace in NAMESPACES:
        names = scope.get(namespace, [])
        obj = minigrad_counterpart(namespace)
        present = [n for n in names if has_name(obj, n)]
        result.append(Coverage(
            namespace=namespace, scope=names, present=present,
            checked=[n for n in present if (namespace, n) in in_table],
            missing=[n for n in names if n not in present],
            differences={n: differences[(namespace, n)] for n in names
                         if (namespace, n) in differences},
        ))
    return result


def _literals(names):
    return ", ".join(f"``{n}``" for n in names) if names else "(none)"


def coverage_rst(scope=None, table=None):
    """The body of the coverage page: a summary table, then a section per namespace."""
    spaces = coverage(scope, table)
    lines = [".. list-table::", "   :header-rows: 1", "",
             "   * - namespace", "     - in scope", "     - minigrad has", "     - checked",
             "     - missing"]
    for c in spaces:
        lines += [f"   * - ``{c.namespace}``", f"     - {len(c.scope)}",
                  f"     - {len(c.present)} ({c.percent():.0f} %)", f"     - {len(c.checked)}",
                  f"     - {len(c.missing)}"]
    lines.append("")
    for c in spaces:
        unchecked = [n for n in c.present if n not in c.checked]
        lines += [f"``{c.namespace}``", "-" * (len(c.namespace) + 4), "",
                  f"minigrad has {len(c.present)} of the {len(c.scope)} names in scope "
                  f"({c.percent():.0f} %); the conformance suite compares {len(c.checked)} "
                  f"of them with PyTorch.", "",
                  f"**Has, checked against PyTorch** ({len(c.checked)}): "
                  f"{_literals(c.checked)}", "",
                  f"**Has, not in the conformance table** ({len(unchecked)}): "
                  f"{_literals(unchecked)}", "",
                  f"**Lacks** ({len(c.missing)}): {_literals(c.missing)}", ""]
        if c.differences:
            lines += ["**Documented differences:**", ""]
            for name, reasons in c.differences.items():
                text = "; ".join(f"{kind}: {reason}" for kind, reason in reasons)
                lines.append(f"* ``{name}`` — {text}")
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(coverage_rst())
