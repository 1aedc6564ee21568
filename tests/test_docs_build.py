"""The HTML documentation loads nothing from the network, and shows its pictures.

A small page with maths and a code block is built with the documentation's
own configuration (``docs/conf.py``: theme, MathJax, copy button); no page of
the result may load a script, a stylesheet or a font from another host. The
test needs the ``docs`` extra (it skips without it); CI installs the extra,
runs this test and checks the full documentation build the same way.
"""
import re
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
# What a browser fetches by itself: scripts, stylesheets, fonts, images, frames.
_FETCHED = re.compile(r"<(script|link|img|iframe)\b[^>]*?\b(src|href)=\"(?P<url>[^\"]*)\"",
                      re.IGNORECASE)


def remote_resources(html_dir):
    """(page, url) for every resource a page of ``html_dir`` would fetch from another host."""
    found = []
    for page in sorted(Path(html_dir).rglob("*.html")):
        for match in _FETCHED.finditer(page.read_text(encoding="utf-8")):
            url = match.group("url")
            if re.match(r"^([a-z]+:)?//", url, re.IGNORECASE) and not url.startswith("file:"):
                found.append((str(page.relative_to(html_dir)), url))
    return found


_GRAPH = re.compile(r"<(?:object|img)\b[^>]*?\b(?:data|src)=\"(?P<url>[^\"]*graphviz-[^\"]*\.svg)\"",
                    re.IGNORECASE)


def graph_pictures(page):
    """The Graphviz pictures the HTML ``page`` shows, as paths of files that exist."""
    page = Path(page)
    found = (page.parent / m.group("url") for m in _GRAPH.finditer(page.read_text(encoding="utf-8")))
    return [str(path.resolve()) for path in found if path.is_file()]


def test_graph_pictures_lists_drawn_graphs_that_exist(tmp_path):
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "graphviz-ab12.svg").write_text("<svg/>")
    page = tmp_path / "guide.html"
    page.write_text('<div class="graphviz"><object data="_images/graphviz-ab12.svg" '
                    'type="image/svg+xml" class="graphviz"></object></div>'
                    '<img src="_images/graphviz-missing.svg"><pre>digraph {}</pre>')
    assert graph_pictures(page) == [str((tmp_path / "_images" / "graphviz-ab12.svg").resolve())]
    page.write_text("<pre>digraph lenet5 { }</pre>")
    assert graph_pictures(page) == []


def test_a_page_with_maths_builds_with_mathjax_served_locally(tmp_path):
    pytest.importorskip("sphinx")
    for extension in ("furo", "sphinx_copybutton"):
        pytest.importorskip(extension, reason="the docs extra is not installed")
    try:
        __import__("sphinx-mathjax-offline")
    except ImportError:
        pytest.skip("the docs extra is not installed (sphinx-mathjax-offline)")
    from sphinx.application import Sphinx

    source = tmp_path / "source"
    source.mkdir()
    (source / "index.rst").write_text(
        "Maths\n=====\n\nA convolution: :math:`y = \\sum_k w_k x_{i+k}`.\n\n"
        ".. math::\n\n   \\frac{\\partial L}{\\partial w}\n\n"
        ".. code-block:: python\n\n   import minigrad\n"
    )
    out = tmp_path / "html"
    app = Sphinx(str(source), str(DOCS), str(out), str(tmp_path / "doctrees"), "html",
                 status=None, warning=sys.stderr, freshenv=True)
    app.build()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'src="_static/mathjax/tex-chtml.js"' in page
    assert (out / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert (out / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    assert "copybutton.js" in page
    assert remote_resources(out) == []


def test_remote_resources_finds_a_cdn_script_but_not_a_link(tmp_path):
    (tmp_path / "a.html").write_text(
        '<script defer src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/x.css">'
        '<script src="_static/local.js"></script><a href="https://example.org">home</a>'
    )
    assert remote_resources(tmp_path) == [
        ("a.html", "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"),
        ("a.html", "//fonts.example/x.css"),
    ]
