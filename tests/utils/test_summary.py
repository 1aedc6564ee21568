"""minigrad.utils.summary: the course notes' numbers, the conventions, and no side effects."""
import importlib.util
import os
import re

import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.utils import ModelSummary, summary

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The LeNet-5 table of the course notes: layer, output size, weight size.
NOTES_LENET5 = [
    ("Input", "1 x 28 x 28", ""),
    ("Conv", "20 x 28 x 28", "20 x 1 x 5 x 5"),
    ("ReLU", "20 x 28 x 28", ""),
    ("MaxPool", "20 x 14 x 14", ""),
    ("Conv", "50 x 14 x 14", "50 x 20 x 5 x 5"),
    ("ReLU", "50 x 14 x 14", ""),
    ("MaxPool", "50 x 7 x 7", ""),
    ("Flatten", "2450", ""),
    ("Linear", "500", "2450 x 500"),
    ("ReLU", "500", ""),
    ("Linear", "10", "500 x 10"),
]


def _lenet5():
    spec = importlib.util.spec_from_file_location("lenet5_example",
                                                  os.path.join(ROOT, "examples", "lenet5.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.lenet5()


def _cells(text):
    """The table's body rows split into cells (cells are separated by two or more spaces)."""
    lines = text.splitlines()
    body = lines[2:lines.index(lines[1], 2)]
    return [re.split(r"\s{2,}", line.strip()) for line in body]


# ---------------------------------------------------------------- the notes' numbers
def test_lenet5_table_equals_the_course_notes():
    s = summary(_lenet5(), (1, 1, 28, 28))
    cells = _cells(s.format(columns=["output_size", "weight_size"]))
    assert len(cells) == len(NOTES_LENET5)
    for got, (kind, output, weight) in zip(cells, NOTES_LENET5):
        assert kind in got[0]
        assert got[1:] == ([output, weight] if weight else [output])


def test_lenet5_rows_as_data():
    s = summary(_lenet5(), (1, 1, 28, 28))
    assert [row["output_shape"] for row in s.rows] == [
        (20, 28, 28), (20, 28, 28), (20, 14, 14), (50, 14, 14), (50, 14, 14), (50, 7, 7),
        (2450,), (500,), (500,), (10,)]
    assert [row["weight_shape"] for row in s.rows if row["weight_shape"]] == [
        (20, 1, 5, 5), (50, 20, 5, 5), (500, 2450), (10, 500)]
    # Parameters: weights plus one bias per output channel.
    assert [row["params"] for row in s.rows if row["params"]] == [
        20 * 25 + 20, 50 * 20 * 25 + 50, 2450 * 500 + 500, 500 * 10 + 10]
    # Multiply-adds: C_out*H'*W' * C_in*K_H*K_W for the convolutions, in*out for the linears.
    assert [row["macs"] for row in s.rows if row["macs"]] == [
        20 * 28 * 28 * 1 * 25, 50 * 14 * 14 * 20 * 25, 2450 * 500, 500 * 10]
    assert s.totals["params"] == 1_256_080
    assert s.totals["macs"] == 6_522_000
    assert [row["receptive_field"] for row in s.rows] == [
        (5, 5), (5, 5), (6, 6), (14, 14), (14, 14), (16, 16), None, None, None, None]


def test_notes_worked_layer_has_760_parameters_and_768000_multiply_adds():
    s = summary(nn.Conv2d(3, 10, kernel_size=5, stride=1, padding=2), (1, 3, 32, 32))
    (row,) = s.rows
    assert row["output_shape"] == (10, 32, 32)
    assert row["params"] == 760 == s.totals["params"]
    assert row["macs"] == 768_000 == s.totals["macs"]
    # 10 x 32 x 32 float32 outputs: 40 KB.
    assert row["output_bytes"] == 10 * 32 * 32 * 4
    assert "40.00" in str(s)


@pytest.mark.parametrize("layers", [1, 2, 3, 5])
def test_receptive_field_of_stacked_3x3_convolutions_is_1_plus_L_times_2(layers):
    model = nn.Sequential(*[nn.Conv2d(2, 2, 3, padding=1) for _ in range(layers)])
    s = summary(model, (1, 2, 16, 16))
    assert [row["receptive_field"] for row in s.rows] == [
        (1 + k * (3 - 1),) * 2 for k in range(1, layers + 1)]


def test_receptive_field_with_stride_dilation_and_pooling():
    model = nn.Sequential(
        nn.Conv2d(1, 2, 3, stride=2),          # 3, jump 2
        nn.Conv2d(2, 2, 3),                    # 3 + 2*2 = 7
        nn.MaxPool2d(2),                       # 7 + 1*2 = 9, jump 4
        nn.Conv2d(2, 2, 3, dilation=2, padding=2),  # 9 + 2*2*4 = 25
        nn.AvgPool2d((1, 3), stride=(1, 1)),   # (25, 25 + 2*4 = 33)
    )
    s = summary(model, (1, 1, 64, 64))
    assert [row["receptive_field"] for row in s.rows] == [
        (3, 3), (7, 7), (9, 9), (25, 25), (25, 33)]
    assert [row["jump"] for row in s.rows] == [(2, 2), (2, 2), (4, 4), (4, 4), (4, 4)]


def test_receptive_field_in_1d_and_3d():
    s1 = summary(nn.Sequential(nn.Conv1d(1, 2, 5), nn.Conv1d(2, 2, 5)), (1, 1, 20))
    assert [row["receptive_field"] for row in s1.rows] == [(5,), (9,)]
    s3 = summary(nn.Conv3d(1, 2, (1, 3, 5)), (1, 1, 4, 8, 8))
    assert s3.rows[0]["receptive_field"] == (1, 3, 5)


def test_adaptive_pooling_uses_its_largest_window():
    # 7 -> 1 is one 7-wide window; 5 -> 2 has windows [0, 3) and [2, 5): width 3, step 3.
    s = summary(nn.Sequential(nn.AdaptiveAvgPool2d(1)), (1, 1, 7, 7))
    assert s.rows[0]["receptive_field"] == (7, 7)
    s = summary(nn.Sequential(nn.AdaptiveMaxPool1d(2), nn.Conv1d(1, 1, 2)), (1, 1, 5))
    assert [row["receptive_field"] for row in s.rows] == [(3,), (6,)]


def test_transposed_convolution_receptive_field_and_multiply_adds():
    model = nn.Sequential(nn.ConvTranspose2d(3, 4, 3, stride=2), nn.Conv2d(4, 4, 3))
    s = summary(model, (1, 3, 8, 8))
    # An output of the transposed conv sees floor(2 / 2) + 1 = 2 inputs; three neighbours
    # of its output (jump 1/2) see 2 + 2 * 1/2 = 3.
    assert [row["receptive_field"] for row in s.rows] == [(2, 2), (3, 3)]
    assert s.rows[0]["jump"] == (0.5, 0.5)
    # Every input element times a whole C_out x 3 x 3 filter.
    assert s.rows[0]["macs"] == 3 * 8 * 8 * 4 * 9


def test_layers_that_mix_positions_have_no_receptive_field():
    s = summary(nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(2 * 4 * 4, 3)),
                (1, 1, 6, 6))
    assert [row["receptive_field"] for row in s.rows] == [(3, 3), None, None]
    assert _cells(s.format(columns=["receptive_field"]))[-1][-1] == "-"


def test_functional_code_between_modules_keeps_the_receptive_field():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 2, 3)
            self.conv2 = nn.Conv2d(2, 2, 3)

        def forward(self, x):
            return self.conv2(nn.functional.relu(self.conv1(x)))

    s = summary(Net(), (1, 1, 10, 10))
    assert [row["receptive_field"] for row in s.rows] == [(3, 3), (5, 5)]


# ---------------------------------------------------------------- multiply-add conventions
def test_grouped_convolution_counts_in_channels_per_group():
    s = summary(nn.Conv2d(8, 4, 3, groups=4, bias=False), (1, 8, 5, 5))
    assert s.rows[0]["macs"] == 4 * 3 * 3 * (8 // 4) * 9
    assert s.rows[0]["params"] == 4 * 2 * 9


def test_linear_counts_every_row_of_a_higher_rank_input():
    s = summary(nn.Linear(6, 4), (2, 5, 6))
    assert s.rows[0]["macs"] == 2 * 5 * 6 * 4


def test_bilinear_with_two_inputs():
    s = summary(nn.Bilinear(3, 4, 2), [(1, 3), (1, 4)])
    assert s.rows[0]["macs"] == 2 * 3 * (4 + 1)
    assert s.input_shapes == [(3,), (4,)]
    assert str(s).count("Input") == 3  # two input rows and the footer line


def test_normalization_counts_one_multiply_add_per_element_and_pooling_none():
    model = nn.Sequential(nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.GroupNorm(1, 3),
                          nn.Dropout(0.5), nn.Identity())
    s = summary(model, (1, 3, 4, 4))
    assert [row["macs"] for row in s.rows] == [3 * 16, 0, 0, 3 * 4, 0, 0]


def test_unknown_layer_is_marked_and_left_out_of_the_total():
    class Scale(nn.Module):
        def __init__(self):
            super().__init__()
            self.factor = nn.Parameter(minigrad.ones(1))

        def forward(self, x):
            return x * self.factor

    s = summary(nn.Sequential(nn.Linear(3, 2), Scale()), (1, 3))
    assert s.rows[1]["macs"] is None
    assert s.totals["macs"] == 6
    assert s.totals["unknown_macs"] == ["1"]
    assert _cells(str(s))[-1][3] == "?"
    assert "not counted: 1" in str(s)


# ---------------------------------------------------------------- parameters and memory
def test_trainable_and_non_trainable_parameters():
    model = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2))
    model[0].requires_grad_(False)
    s = summary(model, (1, 4))
    assert [(r["params"], r["trainable_params"]) for r in s.rows] == [(15, 0), (8, 8)]
    assert (s.totals["params"], s.totals["trainable_params"],
            s.totals["non_trainable_params"]) == (23, 8, 15)
    assert "(trainable: 8, non-trainable: 15)" in str(s)


def test_memory_uses_the_dtype_itemsize_and_the_batch():
    model = nn.Sequential(nn.Conv2d(1, 2, 3))
    s32 = summary(model, (3, 1, 6, 6))
    assert s32.rows[0]["output_bytes"] == 3 * 2 * 4 * 4 * 4
    assert s32.rows[0]["output_shape"] == (2, 4, 4)
    assert s32.rows[0]["macs"] == 3 * (2 * 4 * 4 * 9)
    assert s32.totals["param_bytes"] == 20 * 4
    s64 = summary(model.double(), (1, 1, 6, 6), dtype=minigrad.float64)
    assert s64.rows[0]["output_bytes"] == 2 * 4 * 4 * 8
    assert s64.totals["input_bytes"] == 36 * 8


def test_a_module_called_twice_gets_two_rows_and_its_parameters_count_once():
    class Twice(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 3)

        def forward(self, x):
            return self.fc(self.fc(x))

    s = summary(Twice(), (1, 3))
    assert [r["name"] for r in s.rows] == ["fc", "fc"]
    assert [r["params"] for r in s.rows] == [12, 0]
    assert [r["macs"] for r in s.rows] == [9, 9]
    assert s.totals["params"] == 12 and s.totals["macs"] == 18


def test_nested_containers_have_rows_before_their_children_and_count_once():
    model = nn.Sequential(nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU()), nn.Flatten())
    s = summary(model, (1, 1, 5, 5))
    assert [(r["name"], r["depth"], r["leaf"]) for r in s.rows] == [
        ("0", 0, False), ("0.0", 1, True), ("0.1", 1, True), ("1", 0, True)]
    assert s.rows[0]["output_shape"] == (2, 3, 3)
    assert s.rows[0]["receptive_field"] == (3, 3)
    assert s.totals["activation_bytes"] == 3 * (2 * 3 * 3 * 4)
    assert "  0.0 Conv2d" in str(s)


# ---------------------------------------------------------------- no side effects
def test_summary_runs_in_evaluation_mode_and_restores_every_mode():
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Dropout(0.5))
    model[2].eval()
    summary(model, (1, 1, 5, 5))
    assert [m.training for m in model.modules()] == [True, True, True, False]
    bn = model[1]
    assert int(bn.num_batches_tracked.item()) == 0
    np.testing.assert_array_equal(bn.running_mean.numpy(), np.zeros(2, np.float32))


def test_summary_removes_its_hooks_and_leaves_the_random_state_alone():
    model = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))
    state = minigrad.get_rng_state()
    summary(model, (1, 2))
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())
    np.testing.assert_array_equal(np.asarray(minigrad.get_rng_state()), np.asarray(state))


def test_hooks_are_removed_when_the_forward_fails():
    model = nn.Sequential(nn.Linear(3, 2))
    with pytest.raises(ValueError):
        summary(model, (1, 4))
    assert not model[0]._forward_hooks and not model[0]._forward_pre_hooks
    assert model.training


# ---------------------------------------------------------------- the table
def test_format_selects_columns_and_str_is_the_default_table():
    s = summary(nn.Sequential(nn.Linear(2, 3)), (1, 2))
    assert isinstance(s, ModelSummary)
    assert str(s) == s.format() == repr(s)
    assert str(s).splitlines()[0].split("  ")[0] == "Layer"
    assert re.split(r"\s{2,}", str(s).splitlines()[0]) == [
        "Layer", "Output size", "Weight size", "Params", "Mult-adds"]
    header = s.format(columns=["num_params"]).splitlines()[0].split()
    assert header == ["Layer", "Params"]


def test_col_names_chooses_the_columns_with_torchinfos_names():
    s = summary(nn.Sequential(nn.Conv2d(1, 2, 3)), (1, 1, 5, 5),
                col_names=("input_size", "output_size", "mult_adds", "memory", "receptive_field"))
    assert re.split(r"\s{2,}", str(s).splitlines()[0]) == [
        "Layer", "Input size", "Output size", "Mult-adds", "Memory (KB)", "Receptive field"]
    assert _cells(str(s))[1][1:3] == ["1 x 5 x 5", "2 x 3 x 3"]


def test_depth_hides_rows_nested_deeper_but_the_totals_count_them():
    inner = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())
    model = nn.Sequential(inner, nn.Sequential(nn.Flatten(), nn.Linear(18, 2)))
    deep, shallow = summary(model, (1, 1, 5, 5)), summary(model, (1, 1, 5, 5), depth=1)
    assert len(_cells(str(deep))) == 1 + 6 and len(_cells(str(shallow))) == 1 + 2
    assert "0.0 Conv2d" in str(deep) and "0.0 Conv2d" not in str(shallow)
    assert shallow.totals == deep.totals
    assert len(_cells(shallow.format(depth=2))) == 1 + 6
    assert len(_cells(summary(model, (1, 1, 5, 5), depth=0).format())) == 1


def test_default_table_of_lenet5_fits_100_columns():
    text = str(summary(_lenet5(), (1, 1, 28, 28)))
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "20 x 1 x 5 x 5" in text and "6,522,000" in text


def test_format_rejects_an_unknown_column():
    s = summary(nn.Linear(2, 3), (1, 2))
    with pytest.raises(ValueError, match="unknown column 'flops'"):
        s.format(columns=["num_params", "flops"])
    with pytest.raises(ValueError, match="summary: unknown column 'output'"):
        summary(nn.Linear(2, 3), (1, 2), col_names=["output"])


# ---------------------------------------------------------------- validation
def test_summary_rejects_a_model_that_is_not_a_module():
    with pytest.raises(TypeError, match="expected a minigrad.nn.Module, got function"):
        summary(lambda x: x, (1, 2))


@pytest.mark.parametrize("size, error, message", [
    (5, TypeError, "input_size must be a tuple of ints"),
    ((1, 2.5), TypeError, r"input_size must contain ints, got \[1, 2.5\]"),
    ((1, 0, 3), ValueError, r"every input size must be positive, got \[1, 0, 3\]"),
])
def test_summary_rejects_a_bad_input_size(size, error, message):
    with pytest.raises(error, match=message):
        summary(nn.Identity(), size)


def test_summary_without_the_batch_dimension_says_to_include_it():
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU())  # Conv2d also takes unbatched input
    with pytest.raises(ValueError, match=r"summary: input_size \(1, 28, 28\) has no batch "
                                         r"dimension \(Conv2d '0' got an unbatched input\); "
                                         r"input_size includes the batch dimension, as in "
                                         r"torchinfo: use \(1, 1, 28, 28\) for one example"):
        summary(model, (1, 28, 28))
    with pytest.raises(ValueError, match=r"input_size \(6,\) has no batch dimension.*\(1, 6\)"):
        summary(nn.Linear(6, 2), (6,))


def test_a_failing_forward_is_told_that_input_size_includes_the_batch():
    with pytest.raises(ValueError) as info:
        summary(nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), (28, 28))
    if hasattr(info.value, "__notes__"):
        assert "input_size includes the batch dimension" in info.value.__notes__[0]


@pytest.mark.parametrize("depth", [-1, 1.5, True])
def test_summary_rejects_a_bad_depth(depth):
    with pytest.raises(ValueError, match="depth must be a non-negative integer"):
        summary(nn.Identity(), (1, 2), depth=depth)


def test_summary_rejects_a_dtype_that_is_not_one():
    with pytest.raises(TypeError, match="summary: 'pixels' is not a dtype"):
        summary(nn.Identity(), (1, 2), dtype="pixels")


def test_parameters_of_modules_never_called_are_in_the_total_and_flagged():
    class Partly(nn.Module):
        def __init__(self):
            super().__init__()
            self.used = nn.Linear(2, 2)
            self.unused = nn.Linear(2, 5)

        def forward(self, x):
            return self.used(x)

    s = summary(Partly(), (1, 2))
    assert [r["name"] for r in s.rows] == ["used"]
    assert s.totals["params"] == 6 + 15
    assert "15 on no row" in str(s)
