"""The profiler: one event per op call, forward and backward, with shapes, times and FLOPs."""
import json
import re
import threading
import time

import pytest

import minigrad
from minigrad import nn
from minigrad.autograd import Function, function
from minigrad.autograd.profiler import profile


def _lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
    )


@pytest.fixture(scope="module")
def lenet_step():
    minigrad.manual_seed(0)
    model = _lenet5()
    x, y = minigrad.randn(4, 1, 28, 28), minigrad.randint(10, size=(4,))
    with profile() as prof:
        nn.functional.cross_entropy(model(x), y).backward()
    return prof


def test_every_forward_and_backward_call_is_an_event(lenet_step):
    counts = {e.key: e.count for e in lenet_step.key_averages()}
    assert counts["ConvNd"] == counts["ConvNdBackward"] == 2
    assert counts["Linear"] == counts["LinearBackward"] == 3
    assert counts["ReLU"] == counts["ReLUBackward"] == 4
    assert counts["MaxPool"] == counts["MaxPoolBackward"] == 2
    assert counts["CrossEntropy"] == counts["CrossEntropyBackward"] == 1


def test_events_carry_input_shapes_and_convolution_flops(lenet_step):
    convs = [e for e in lenet_step.events() if e.name == "ConvNd"]
    assert convs[0].input_shapes[:2] == [[4, 1, 28, 28], [6, 1, 5, 5]]
    # 2 * output elements * (C_in / groups * kernel elements)
    assert convs[0].flops == 2 * (4 * 6 * 28 * 28) * (1 * 25)
    assert convs[1].flops == 2 * (4 * 16 * 10 * 10) * (6 * 25)
    linear = [e for e in lenet_step.events() if e.name == "Linear"][0]
    assert linear.flops == 2 * (4 * 120) * 400
    backward = [e for e in lenet_step.events() if e.name == "ConvNdBackward"]
    assert sorted(e.input_shapes[0] for e in backward) == [[4, 6, 28, 28], [4, 16, 10, 10]]


def test_times_are_consistent(lenet_step):
    events = lenet_step.events()
    assert all(0 <= e.self_cpu_time_total <= e.cpu_time_total for e in events)
    assert all(e.time_range[0] >= 0 for e in events)
    total = sum(e.self_cpu_time_total for e in events)
    assert lenet_step.self_cpu_time_total == pytest.approx(total)
    averages = lenet_step.key_averages()
    assert sum(a.self_cpu_time_total for a in averages) == pytest.approx(total)


def test_table_reads_as_pytorchs(lenet_step):
    table = lenet_step.key_averages().table(sort_by="self_cpu_time_total", row_limit=5)
    lines = table.rstrip("\n").split("\n")
    assert re.match(r"^-+(  -{12}){7}  $", lines[0])
    assert lines[1].split() == ["Name", "Self", "CPU", "%", "Self", "CPU", "CPU", "total", "%",
                                "CPU", "total", "CPU", "time", "avg", "#", "of", "Calls",
                                "Total", "MFLOPs"]
    rows = lines[3:8]
    assert len(rows) == 5 and lines[8] == lines[0]
    assert lines[9].startswith("Self CPU time total: ")
    selves = [float(re.search(r"([\d.]+)%", r).group(1)) for r in rows]
    assert selves == sorted(selves, reverse=True)
    assert all(re.search(r"\d+\.\d{3}(us|ms|s)  ", r) for r in rows)


def test_grouping_by_input_shape_adds_a_column(lenet_step):
    table = lenet_step.key_averages(group_by_input_shape=True).table(row_limit=-1)
    assert "Input Shapes" in table
    assert "[[4, 1, 28, 28], [6, 1, 5, 5], [6], []]" in table


def test_chrome_trace_is_trace_event_json(lenet_step, tmp_path):
    path = tmp_path / "trace.json"
    lenet_step.export_chrome_trace(str(path))
    trace = json.loads(path.read_text())
    events = trace["traceEvents"]
    assert len(events) == len(lenet_step.events())
    for e in events:
        assert e["ph"] == "X" and isinstance(e["ts"], float) and e["dur"] >= 0
        assert {"name", "pid", "tid", "cat", "args"} <= set(e)
    names = [e["name"] for e in events]
    assert names.index("ConvNd") < names.index("ConvNdBackward")
    conv = events[names.index("ConvNd")]
    assert conv["args"]["Input Dims"][0] == [4, 1, 28, 28] and conv["args"]["flops"] > 0


class _Outer(Function):
    @staticmethod
    def forward(ctx, x):
        time.sleep(0.002)
        return x * 2  # a nested op, timed as the outer op's child

    @staticmethod
    def backward(ctx, grad):
        return grad * 2


def test_self_time_excludes_nested_ops():
    x = minigrad.ones(3)
    with profile() as prof:
        _Outer.apply(x)
    outer, = [e for e in prof.events() if e.name == "_Outer"]
    inner, = [e for e in prof.events() if e.name == "Mul"]
    assert outer.self_cpu_time_total == pytest.approx(outer.cpu_time_total - inner.cpu_time_total)
    assert outer.cpu_time_total >= 2000


def test_only_the_profiling_thread_is_recorded():
    x = minigrad.ones(3)
    with profile() as prof:
        worker = threading.Thread(target=lambda: x + 1)
        worker.start()
        worker.join()
        x * 3
    assert [e.name for e in prof.events()] == ["Mul"]


def test_the_watcher_goes_away_even_after_an_error():
    with pytest.raises(ValueError):
        with profile():
            minigrad.ones(2) + minigrad.ones(3)
    assert function.watchers == []


def test_results_wait_for_the_end_of_the_block():
    with profile() as prof:
        with pytest.raises(RuntimeError, match="after the block ends"):
            prof.key_averages()


def test_disabled_profile_records_nothing():
    with profile(enabled=False) as prof:
        assert function.watchers == []
        minigrad.ones(2) * 2
    assert prof.function_events is None
