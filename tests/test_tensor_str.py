"""Tensor printing follows PyTorch's format, and set_printoptions changes it."""
import numpy as np
import pytest

import minigrad


@pytest.fixture(autouse=True)
def _default_printoptions():
    yield
    minigrad.set_printoptions(profile="default")


def t(values, dtype=np.float32):
    return minigrad.from_numpy(np.array(values, dtype=dtype))


@pytest.mark.parametrize("values, dtype, expected", [
    (3.5, np.float32, "tensor(3.5000)"),
    ([1.0, 2.0, 3.0], np.float32, "tensor([1., 2., 3.])"),
    ([1.0, -2.25, 1 / 3], np.float32, "tensor([ 1.0000, -2.2500,  0.3333])"),
    ([0.1, 1e-5], np.float32, "tensor([1.0000e-01, 1.0000e-05])"),
    ([1e9, 1.0], np.float32, "tensor([1.0000e+09, 1.0000e+00])"),
    ([[1, 2], [30, 4]], np.int64, "tensor([[ 1,  2],\n        [30,  4]])"),
    ([True, False], np.bool_, "tensor([ True, False])"),
    ([np.nan, np.inf, 1.5], np.float32, "tensor([   nan,    inf, 1.5000])"),
    ([0.5, 1.0], np.float64, "tensor([0.5000, 1.0000], dtype=minigrad.float64)"),
    ([1, 2], np.int32, "tensor([1, 2], dtype=minigrad.int32)"),
])
def test_repr_matches_pytorchs_format(values, dtype, expected):
    assert repr(t(values, dtype)) == expected


def test_repr_of_a_matrix_puts_one_row_per_line():
    x = minigrad.arange(6, dtype=minigrad.float32).reshape(2, 3) / 4
    assert repr(x) == "tensor([[0.0000, 0.2500, 0.5000],\n        [0.7500, 1.0000, 1.2500]])"


def test_repr_of_a_3d_tensor_separates_matrices_by_a_blank_line():
    x = minigrad.arange(8).reshape(2, 2, 2)
    assert repr(x) == ("tensor([[[0, 1],\n         [2, 3]],\n\n"
                       "        [[4, 5],\n         [6, 7]]])")


def test_repr_wraps_a_long_row_at_linewidth():
    text = repr(minigrad.arange(30, dtype=minigrad.float32) / 7)
    lines = text.splitlines()
    assert lines[0] == ("tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, "
                        "1.0000, 1.1429,")
    assert all(len(line) <= 80 for line in lines) and len(lines) == 4
    assert lines[1].startswith("        1.2857")


def test_repr_summarizes_past_threshold_with_edgeitems():
    assert repr(minigrad.arange(2000)) == "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"
    text = repr(minigrad.zeros(40, 40))
    assert text.splitlines()[3] == "        ...,"
    assert text.splitlines()[0] == "tensor([[0., 0., 0.,  ..., 0., 0., 0.],"


def test_repr_of_empty_tensors_names_size_and_dtype():
    assert repr(minigrad.zeros(0)) == "tensor([])"
    assert repr(minigrad.zeros(2, 0)) == "tensor([], size=(2, 0))"
    assert repr(minigrad.zeros(0, dtype=minigrad.int64)) == "tensor([], dtype=minigrad.int64)"


def test_repr_says_requires_grad_for_leaves_and_grad_fn_for_results():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    assert repr(x) == "tensor([1., 2.], requires_grad=True)"
    assert repr(x * 2) == "tensor([2., 4.], grad_fn=<MulBackward>)"
    with minigrad.no_grad():
        assert repr(x * 2) == "tensor([2., 4.])"


def test_suffixes_move_to_a_new_line_when_the_last_line_is_full():
    x = minigrad.from_numpy(np.arange(9, dtype=np.float64) / 3).requires_grad_()
    assert repr(x).splitlines()[-1] == "       dtype=minigrad.float64, requires_grad=True)"


def test_set_printoptions_precision_sci_mode_linewidth_threshold_edgeitems():
    x = t([1.0, 2.5, 1 / 3])
    minigrad.set_printoptions(precision=2)
    assert repr(x) == "tensor([1.00, 2.50, 0.33])"
    minigrad.set_printoptions(precision=2, sci_mode=True)
    assert repr(x) == "tensor([1.00e+00, 2.50e+00, 3.33e-01])"
    minigrad.set_printoptions(sci_mode=False)
    assert repr(t([0.1, 1e-5])) == "tensor([0.10, 0.00])"
    minigrad.set_printoptions(linewidth=30)
    assert repr(minigrad.arange(8)) == "tensor([0, 1, 2, 3, 4, 5, 6,\n        7])"
    assert repr(minigrad.arange(8) * 100).splitlines() == [
        "tensor([  0, 100, 200, 300,", "        400, 500, 600, 700])"]
    minigrad.set_printoptions(threshold=5, edgeitems=1)
    assert repr(minigrad.arange(8)) == "tensor([0,  ..., 7])"
    minigrad.set_printoptions(profile="default")
    assert repr(x) == "tensor([1.0000, 2.5000, 0.3333])"


def test_set_printoptions_rejects_an_unknown_profile():
    with pytest.raises(ValueError, match=r"profile must be one of \['default', 'full', 'short'\]"):
        minigrad.set_printoptions(profile="long")


def test_parameter_repr_wraps_the_tensor_repr():
    p = minigrad.nn.Parameter(minigrad.tensor([0.5, -1.0]))
    assert repr(p) == "Parameter containing:\ntensor([ 0.5000, -1.0000], requires_grad=True)"


def test_repr_matches_torch_on_a_set_of_tensors():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    arrays = [
        np.array(-0.0625, np.float32), rng.standard_normal((3, 4)).astype(np.float32),
        rng.standard_normal((2, 3, 4)).astype(np.float32),
        rng.standard_normal((40, 40)).astype(np.float32),
        (rng.standard_normal((5, 6, 7, 8)) * 1e4).astype(np.float32),
        rng.standard_normal(30).astype(np.float32), rng.integers(-500, 500, (6, 7)),
        rng.standard_normal(3) > 0, np.array([np.nan, -np.inf, 2.0, 3.0], np.float32),
        np.array([-1e-3, 12345.6], np.float32), np.arange(2000), rng.standard_normal((2, 3)),
        np.zeros((3, 0, 2), np.float32), np.array([1e-7, 1.0], np.float32),
    ]
    options = [{}, {"precision": 2}, {"sci_mode": True}, {"linewidth": 40},
               {"threshold": 10, "edgeitems": 2}, {"sci_mode": False, "precision": 6}]
    try:
        for option in options:
            minigrad.set_printoptions(**option)
            torch.set_printoptions(**option)
            for a in arrays:
                ours = repr(minigrad.from_numpy(a))
                theirs = repr(torch.from_numpy(a)).replace("torch.", "minigrad.")
                assert ours == theirs, (option, a.shape, a.dtype)
    finally:
        torch.set_printoptions(profile="default")
