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
]

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

