"""A sphinx-gallery image scraper for figures made without pyplot.

:mod:`minigrad.utils.viz` returns :class:`matplotlib.figure.Figure` objects
that pyplot does not know about, so the gallery's default scraper, which
asks pyplot for its open figures, would find none. This one looks through
the example's global variables after each code block and saves every
Figure it has not saved before, in the order the variables were first set.
"""
import weakref

_saved = weakref.WeakSet()


def scrape_figures(block, block_vars, gallery_conf):
    """Save the block's new Figures; returns the reST that shows them."""
    from matplotlib.figure import Figure
    from sphinx_gallery.scrapers import figure_rst

    new = [value for value in block_vars["example_globals"].values()
           if isinstance(value, Figure) and value not in _saved]
    paths = []
    for figure, path in zip(new, block_vars["image_path_iterator"]):
        figure.savefig(path, dpi=100)
        _saved.add(figure)
        paths.append(path)
    return figure_rst(paths, gallery_conf["src_dir"])
