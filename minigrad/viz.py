"""``minigrad.viz``: a shorter name for :mod:`minigrad.utils.viz`.

The same functions, not copies (``minigrad.viz.saliency is
minigrad.utils.viz.saliency``); see :mod:`minigrad.utils.viz` for what they
draw. Like that module, it needs matplotlib only when a picture is drawn.
"""
from minigrad.utils.viz import *
from minigrad.utils.viz import __all__  # noqa: F401
