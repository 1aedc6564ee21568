"""Sphinx configuration for minigrad's documentation."""
import os
import sys

sys.path.insert(0, os.path.abspath(".."))
sys.path.insert(0, os.path.abspath("_ext"))

from minigrad_docs import MODULE_GLOBALS_SETUP, has_docstring

import minigrad

project = "minigrad"
author = "the minigrad developers"
copyright = "2026, the minigrad developers"
release = minigrad.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax from the package, not a CDN: the docs work offline
    "sphinx.ext.viewcode",
    "sphinx.ext.graphviz",  # the LeNet-5 graph in the autograd guide, when dot is installed
    "sphinx_copybutton",
    "minigrad_docs",  # docs/_ext/minigrad_docs.py
    "sphinx_gallery.gen_gallery",
]

# The gallery runs examples/gallery/plot_*.py, short scripts that call the
# examples at small settings, and shows their output and figures; the
# tutorial's pictures come from it too.
sphinx_gallery_conf = {
    "examples_dirs": "../examples/gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "image_scrapers": ("gallery_figures.scrape_figures",),  # docs/_ext/gallery_figures.py
    "download_all_examples": False,
    "show_memory": False,
    "show_signature": False,
    "min_reported_time": 1,
    "abort_on_example_error": True,
    # The timing pages load their table scripts from CDNs; the docs must work offline.
    "write_computation_times": False,
}

graphviz_output_format = "svg"
autosummary_generate = True
# The class template (docs/_templates/autosummary/class.rst) lists only
# members with a docstring; the slots of Tensor, say, are described in its
# Attributes section instead.
autosummary_context = {"has_docstring": has_docstring}
autodoc_default_options = {}  # no members, no base classes (they are private)
autodoc_member_order = "bysource"
autodoc_typehints = "none"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
# "Shape" sections are bullet lists ("- Input: ...", "- Output: ..."), so a
# generic section (a rubric over the text as written) renders them best.
napoleon_custom_sections = ["Shape"]
napoleon_use_rtype = False
templates_path = ["_templates"]
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = f"minigrad {release}"
html_static_path = []
# The copy button leaves out the prompts and the output of examples, so a
# copied doctest runs as pasted.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
doctest_global_setup = """
import numpy as np
import minigrad
from minigrad import nn
minigrad.manual_seed(0)
"""
doctest_global_setup += MODULE_GLOBALS_SETUP
nitpicky = False



def _gallery_only_for_this_folder(app, config):
    """Leave the gallery out of other source folders built with this configuration.

    tests/test_docs_build.py builds a one-page project with it; that
    project has no examples beside it.
    """
    if os.path.abspath(app.srcdir) != os.path.dirname(os.path.abspath(__file__)):
        config.sphinx_gallery_conf = dict(config.sphinx_gallery_conf,
                                          examples_dirs=[], gallery_dirs=[])


def setup(app):
    # Before sphinx-gallery fills in its defaults (priority 10).
    app.connect("config-inited", _gallery_only_for_this_folder, priority=5)
