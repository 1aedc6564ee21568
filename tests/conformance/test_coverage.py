"""The PyTorch API coverage page and the conformance table's consistency; no PyTorch needed."""
import minigrad
from tests.conformance import coverage
from tests.conformance.op_db import OP_DB
from tests.conformance.opinfo import ModuleInfo, OpInfo, S, resolve


def test_scope_file_is_read_by_namespace_without_comments(tmp_path):
    path = tmp_path / "scope.txt"
    path.write_text("# a comment\n[torch]\nadd sub  # trailing\nmul\n\n[torch.Tensor]\nT\n")
    assert coverage.read_scope(path) == {"torch": ["add", "sub", "mul"], "torch.Tensor": ["T"]}


def test_committed_scope_covers_the_four_namespaces_without_repeats():
    scope = coverage.read_scope()
    assert set(scope) == set(coverage.NAMESPACES)
    for namespace, names in scope.items():
        assert len(names) == len(set(names)), namespace


def test_page_lists_a_present_checked_name_and_a_missing_name():
    scope = {"torch.nn.functional": ["conv2d", "no_such_op"], "torch.Tensor": ["sum", "cuda"]}
    functional, tensor = coverage.coverage(scope)[2:4]
    assert functional.present == functional.checked == ["conv2d"]
    assert functional.missing == ["no_such_op"]
    assert tensor.present == ["sum", "cuda"] and tensor.checked == ["sum"]
    page = coverage.coverage_rst(scope)
    assert "**Has, checked against PyTorch** (1): ``conv2d``" in page
    assert "**Lacks** (1): ``no_such_op``" in page
    assert "**Has, not in the conformance table** (1): ``cuda``" in page


def test_the_real_page_counts_conv2d_as_checked_and_lists_documented_differences():
    spaces = {c.namespace: c for c in coverage.coverage()}
    assert "Conv2d" in spaces["torch.nn"].checked
    assert "conv2d" in spaces["torch.nn.functional"].checked
    assert "lp_pool2d" in spaces["torch.nn.functional"].differences
    page = coverage.coverage_rst()
    assert "* ``lp_pool2d`` — differs: a partial window" in page
    for c in spaces.values():
        assert f"minigrad has {len(c.present)} of the {len(c.scope)} names" in page


def test_differences_come_from_entries_and_samples():
    def samples(g):
        odd = S(g.t(2))
        odd.skip = "odd sample"
        return [S(g.t(3)), odd]
    table = [OpInfo("exp", samples, xfail="a bug"), ModuleInfo("nn.ReLU", lambda g: [])]
    found = coverage.differences_by_name(table)
    assert found == {("torch", "exp"): [("known bug", "a bug"), ("differs", "odd sample")]}


def test_inherited_object_methods_do_not_count_as_present():
    class Plain:
        def __add__(self, other):
            return self

    assert coverage.has_name(Plain, "__add__")
    assert not coverage.has_name(Plain, "__lt__")  # object's, which only returns NotImplemented
    assert coverage.has_name(minigrad.Tensor, "__lt__")


def test_every_table_entry_names_a_minigrad_op_in_the_scope_list():
    """A new entry needs its name in pytorch_scope.txt, so that the page counts it."""
    scope = coverage.read_scope()
    for entry in OP_DB:
        head, _, attr = entry.name.rpartition(".")
        if head == "Tensor":
            assert coverage.has_name(minigrad.Tensor, attr), entry.name
        elif entry.fn is None:
            assert callable(resolve(minigrad, entry.name)), entry.name
        if entry.torch_name is None:
            assert entry.short_name in scope[entry.namespace], entry.name


def test_every_entry_has_samples_and_float_samples_hold_float64_arrays():
    for entry in OP_DB:
        samples = entry.sample_inputs()
        assert samples, entry.name
        for sample in samples:
            for value in list(sample.args) + list(sample.kwargs.values()):
                if getattr(value, "dtype", None) is not None and value.dtype.kind == "f":
                    assert value.dtype == "float64", entry.name
