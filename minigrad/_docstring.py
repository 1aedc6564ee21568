"""One docstring template for the 1-d, 2-d and 3-d members of a layer family.

``Conv1d``, ``Conv2d`` and ``Conv3d`` (and their functional twins) differ
only in the number of spatial dimensions. Each must read complete on its own
page, so their docstrings are filled from one template instead of being kept
in three copies. Fields are written ``$name`` (``string.Template``), which
leaves the braces of the LaTeX in ``.. math::`` blocks alone.
"""
import textwrap
from string import Template


def fill_docstring(template: str, **fields) -> str:
    """``template`` with each ``$field`` replaced by its value; both are dedented first.

    A value that starts with a newline is a block (an Examples section, a list
    of parameters): it is dedented, stripped of blank lines around it and
    belongs at the start of a line. Any other value is inserted as it is.

    Examples
    --------
    >>> print(fill_docstring('''
    ...     Pool over $dim spatial dimension(s).
    ...     ''', dim=2))
    Pool over 2 spatial dimension(s).
    """
    values = {name: _dedent(value) if str(value).startswith("\n") else value
              for name, value in fields.items()}
    return Template(_dedent(template)).substitute(values)


def _dedent(text: str) -> str:
    """``text`` without its common indentation and surrounding blank lines."""
    return textwrap.dedent(text).lstrip("\n").rstrip()
