"""The gallery's image scraper saves the figures that minigrad.utils.viz returns."""
import sys
from pathlib import Path

import pytest

DOCS_EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"


def test_each_new_figure_of_a_block_is_saved_once(tmp_path):
    pytest.importorskip("sphinx_gallery", reason="the docs extra is not installed")
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    sys.path.insert(0, str(DOCS_EXT))
    try:
        from gallery_figures import scrape_figures
    finally:
        sys.path.remove(str(DOCS_EXT))
    paths = iter(str(tmp_path / f"image_{i}.png") for i in range(10))
    first, second = Figure(), Figure()
    first.add_subplot().plot([0, 1])
    example_globals = {"first": first, "number": 3, "second": second}
    conf = {"src_dir": str(tmp_path)}
    rst = scrape_figures(None, {"example_globals": example_globals,
                                "image_path_iterator": paths}, conf)
    assert (tmp_path / "image_0.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "image_1.png").is_file()
    assert "image_0.png" in rst and "image_1.png" in rst
    # The next block made no new figure: nothing more is saved.
    assert scrape_figures(None, {"example_globals": example_globals,
                                 "image_path_iterator": paths}, conf) == ""
    assert not (tmp_path / "image_2.png").exists()
