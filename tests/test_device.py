"""minigrad.device, minigrad.cuda, minigrad.accelerator, minigrad.backends, and device= arguments."""
import copy
import pickle

import numpy as np
import pytest

import minigrad
from minigrad import nn

DEVICE_STRINGS = ["cpu", "cpu:0", "cpu:1", "cuda", "cuda:0", "cuda:12", "mps", "meta", "xpu:3"]
BAD_STRINGS = ["gpu", "CPU", " cpu", "cuda:", "cuda:x", "cuda:-1", "cuda:01", "cpu:0:1", ""]


# ---------------------------------------------------------------- the device class
def test_device_is_the_class_on_the_package():
    assert isinstance(minigrad.device, type)
    assert isinstance(minigrad.device("cpu"), minigrad.device)


@pytest.mark.parametrize("text, kind, index", [
    ("cpu", "cpu", None), ("cpu:0", "cpu", 0), ("cuda", "cuda", None), ("cuda:0", "cuda", 0),
    ("cuda:12", "cuda", 12), ("mps", "mps", None),
])
def test_device_from_a_string_has_its_type_and_index(text, kind, index):
    d = minigrad.device(text)
    assert (d.type, d.index) == (kind, index)
    assert str(d) == text


def test_device_from_a_type_and_an_index():
    d = minigrad.device("cuda", 1)
    assert (d.type, d.index) == ("cuda", 1)
    assert d == minigrad.device("cuda:1")
    assert repr(d) == "device(type='cuda', index=1)"
    assert minigrad.device(type="cuda", index=2) == minigrad.device("cuda:2")
    assert minigrad.device("cpu", np.int64(0)).index == 0


def test_device_repr_and_str_follow_pytorch():
    assert repr(minigrad.device("cpu")) == "device(type='cpu')"
    assert str(minigrad.device("cpu")) == "cpu"
    assert str(minigrad.device("cuda", 0)) == "cuda:0"


def test_device_from_a_device_is_an_equal_device():
    d = minigrad.device("cuda:3")
    assert minigrad.device(d) == d


def test_device_equality_and_hash_use_type_and_index():
    assert minigrad.device("cpu") == minigrad.device("cpu")
    assert minigrad.device("cpu") != minigrad.device("cpu:0")
    assert minigrad.device("cpu") != minigrad.device("cuda")
    assert len({minigrad.device("cpu"), minigrad.device("cpu"), minigrad.device("cuda:0"),
                minigrad.device("cuda", 0)}) == 2
    counts = {minigrad.device("cpu"): 1}
    assert counts[minigrad.device("cpu")] == 1


def test_device_never_equals_a_string_as_in_pytorch():
    assert minigrad.device("cpu") != "cpu"
    assert not minigrad.device("cpu") == "cpu"
    assert minigrad.device("cpu").type == "cpu"


def test_device_is_immutable_and_pickles():
    d = minigrad.device("cuda", 2)
    with pytest.raises(AttributeError, match="immutable"):
        d.index = 3
    assert pickle.loads(pickle.dumps(d)) == d
    assert copy.deepcopy(d) == d


@pytest.mark.parametrize("text", BAD_STRINGS)
def test_device_rejects_malformed_strings(text):
    with pytest.raises(ValueError, match="device: "):
        minigrad.device(text)


def test_device_rejects_bad_arguments_with_clear_errors():
    with pytest.raises(ValueError, match="must not include an index"):
        minigrad.device("cuda:0", 1)
    with pytest.raises(ValueError, match="index must not be negative, got -1"):
        minigrad.device("cuda", -1)
    with pytest.raises(TypeError, match="device: index must be an int, got float"):
        minigrad.device("cuda", 1.0)
    with pytest.raises(TypeError, match="device: index must be an int, got bool"):
        minigrad.device("cuda", True)
    with pytest.raises(TypeError, match="expected a device string such as 'cpu'.*got NoneType"):
        minigrad.device(None)
    with pytest.raises(TypeError, match="got float"):
        minigrad.device(1.5)


def test_device_from_an_int_means_an_accelerator_and_raises():
    with pytest.raises(RuntimeError, match="minigrad runs on CPUs only"):
        minigrad.device(0)
    with pytest.raises(ValueError, match="must not be negative"):
        minigrad.device(-1)


def test_cpu_device_as_a_context_manager_changes_nothing():
    with minigrad.device("cpu") as d:
        x = minigrad.zeros(2)
    assert d == minigrad.device("cpu") and x.device == d


def test_entering_a_gpu_device_raises():
    with pytest.raises(RuntimeError, match="cannot make 'cuda:0' the default device; minigrad"):
        with minigrad.device("cuda:0"):
            pass  # pragma: no cover


def test_default_device_is_the_cpu_and_only_the_cpu_can_be_set():
    assert minigrad.get_default_device() == minigrad.device("cpu")
    for where in ("cpu", minigrad.device("cpu"), None):
        minigrad.set_default_device(where)
        assert minigrad.get_default_device() == minigrad.device("cpu")
    with pytest.raises(ValueError, match="set_default_device: minigrad runs on the CPU only, "
                                         "got device 'cuda:1'"):
        minigrad.set_default_device(minigrad.device("cuda", 1))
    assert minigrad.get_default_device() == minigrad.device("cpu")


def test_device_matches_torch_device():
    torch = pytest.importorskip("torch")
    for text in DEVICE_STRINGS:
        ours, theirs = minigrad.device(text), torch.device(text)
        assert (ours.type, ours.index, str(ours), repr(ours)) == (
            theirs.type, theirs.index, str(theirs), repr(theirs)), text
        assert (ours == "cpu") == (theirs == "cpu")
    for text in BAD_STRINGS:
        with pytest.raises(RuntimeError):
            torch.device(text)
    assert repr(minigrad.device("cuda", 3)) == repr(torch.device("cuda", 3))


# ---------------------------------------------------------------- tensors on devices
def test_tensor_device_is_the_cpu_device():
    t = minigrad.ones(2)
    assert t.device == minigrad.device("cpu")
    assert isinstance(t.device, minigrad.device)
    assert t.is_cuda is False and t.is_cpu is True
    assert t.get_device() == -1


@pytest.mark.parametrize("where", ["cpu", "cpu:0", minigrad.device("cpu"), minigrad.device("cpu", 0)])
def test_to_accepts_the_cpu_in_every_spelling(where):
    t = minigrad.ones(2, requires_grad=True)
    assert t.to(where) is t
    assert t.to(device=where, non_blocking=True) is t
    converted = t.to(where, minigrad.float64)
    assert converted.dtype == np.float64 and converted.grad_fn is not None


@pytest.mark.parametrize("where, shown", [
    (minigrad.device("cuda"), "cuda"), (minigrad.device("cuda", 1), "cuda:1"), (0, "0"),
    (minigrad.device("mps"), "mps"),
])
def test_to_another_device_object_raises(where, shown):
    with pytest.raises(ValueError, match=f"to: minigrad runs on the CPU only, got device '{shown}'"):
        minigrad.ones(2).to(where)


def test_to_a_malformed_device_string_names_the_op():
    with pytest.raises(ValueError, match="to: device: invalid device string 'cuda:x'"):
        minigrad.ones(2).to("cuda:x")


# ---------------------------------------------------------------- creation functions
CREATORS = {
    "tensor": lambda **kw: minigrad.tensor([1.0, 2.0], **kw),
    "zeros": lambda **kw: minigrad.zeros(2, 3, **kw),
    "ones": lambda **kw: minigrad.ones(2, 3, **kw),
    "empty": lambda **kw: minigrad.empty(2, 3, **kw),
    "full": lambda **kw: minigrad.full((2, 3), 1.5, **kw),
    "eye": lambda **kw: minigrad.eye(3, **kw),
    "arange": lambda **kw: minigrad.arange(0.0, 3.0, **kw),
    "linspace": lambda **kw: minigrad.linspace(0, 1, 5, **kw),
    "rand": lambda **kw: minigrad.rand(2, 3, **kw),
    "randn": lambda **kw: minigrad.randn(2, 3, **kw),
    "randint": lambda **kw: minigrad.randint(0, 5, (4,), **kw),
    "randperm": lambda **kw: minigrad.randperm(4, **kw),
    "zeros_like": lambda **kw: minigrad.zeros_like(minigrad.ones(2), **kw),
    "ones_like": lambda **kw: minigrad.ones_like(minigrad.ones(2), **kw),
    "empty_like": lambda **kw: minigrad.empty_like(minigrad.ones(2), **kw),
    "full_like": lambda **kw: minigrad.full_like(minigrad.ones(2), 3.0, **kw),
    "rand_like": lambda **kw: minigrad.rand_like(minigrad.ones(2), **kw),
    "randn_like": lambda **kw: minigrad.randn_like(minigrad.ones(2), **kw),
    "randint_like": lambda **kw: minigrad.randint_like(minigrad.ones(2, dtype=minigrad.int64), 5, **kw),
}


@pytest.mark.parametrize("name", sorted(CREATORS))
def test_every_creation_function_accepts_the_cpu(name):
    make = CREATORS[name]
    for where in (None, "cpu", "cpu:0", minigrad.device("cpu")):
        minigrad.manual_seed(0)
        t = make(device=where)
        assert t.device == minigrad.device("cpu")
    minigrad.manual_seed(0)
    default = make()
    minigrad.manual_seed(0)
    placed = make(device=minigrad.device("cpu"))
    if name not in ("empty", "empty_like"):
        np.testing.assert_array_equal(placed.numpy(), default.numpy())


@pytest.mark.parametrize("name", sorted(CREATORS))
@pytest.mark.parametrize("where", ["cuda", minigrad.device("cuda", 0)])
def test_every_creation_function_refuses_a_gpu_naming_itself(name, where):
    with pytest.raises(ValueError, match=f"^{name}: minigrad runs on the CPU only, got device "
                                         f"'{where}'"):
        CREATORS[name](device=where)


@pytest.mark.parametrize("name", ["zeros", "ones", "full", "eye", "arange", "linspace", "rand",
                                  "randn", "tensor", "zeros_like", "full_like", "randn_like"])
def test_float_creation_functions_take_dtype_device_and_requires_grad_together(name):
    t = CREATORS[name](dtype=minigrad.float64, device="cpu", requires_grad=True)
    assert t.dtype == np.float64 and t.requires_grad and t.is_leaf


def test_integer_creation_functions_take_requires_grad_as_pytorch_but_refuse_true():
    assert not minigrad.randint(0, 5, (3,), requires_grad=False).requires_grad
    assert minigrad.randperm(3, dtype=minigrad.float32, requires_grad=True).requires_grad
    with pytest.raises(RuntimeError, match="only floating-point tensors can require gradients"):
        minigrad.randperm(3, requires_grad=True)


def test_creation_rejects_a_device_of_the_wrong_type():
    with pytest.raises(TypeError, match="zeros: device: expected a device string"):
        minigrad.zeros(2, device=1.5)


# ---------------------------------------------------------------- layers and modules
def test_layers_accept_device_objects():
    layer = nn.Linear(3, 2, device=minigrad.device("cpu"), dtype=minigrad.float64)
    assert layer.weight.dtype == np.float64 and layer.weight.device == minigrad.device("cpu")
    with pytest.raises(ValueError, match="Conv2d: minigrad runs on the CPU only, got device 'cuda:0'"):
        nn.Conv2d(1, 1, 3, device=minigrad.device("cuda", 0))


def test_module_to_accepts_device_objects_and_keeps_parameters():
    net = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    weight = net[0].weight
    assert net.to(minigrad.device("cpu")) is net
    assert net.to(minigrad.device("cpu"), minigrad.float64, non_blocking=True) is net
    assert net[0].weight is weight and weight.dtype == np.float64
    with pytest.raises(ValueError, match="Module.to: minigrad runs on the CPU only, got device 'cuda'"):
        net.to(minigrad.device("cuda"))


def test_module_cuda_raises_and_cpu_is_the_identity():
    net = nn.Linear(2, 2)
    assert net.cpu() is net
    with pytest.raises(RuntimeError, match="Module.cuda: minigrad runs on the CPU only"):
        net.cuda()


# ---------------------------------------------------------------- cuda, accelerator, backends
def test_cuda_queries_answer_as_pytorch_without_a_gpu():
    assert minigrad.cuda.is_available() is False
    assert minigrad.cuda.device_count() == 0
    assert minigrad.cuda.is_initialized() is False
    assert minigrad.cuda.memory_allocated() == 0 and minigrad.cuda.max_memory_allocated() == 0


def test_cuda_seeding_and_cache_calls_are_ignored_and_leave_minigrads_generator_alone():
    minigrad.manual_seed(3)
    expected = minigrad.rand(4).numpy()
    minigrad.manual_seed(3)
    assert minigrad.cuda.manual_seed(7) is None
    assert minigrad.cuda.manual_seed_all(7) is None
    minigrad.cuda.seed()
    minigrad.cuda.seed_all()
    minigrad.cuda.empty_cache()
    np.testing.assert_array_equal(minigrad.rand(4).numpy(), expected)


@pytest.mark.parametrize("call, name", [
    (lambda: minigrad.cuda.current_device(), "current_device"),
    (lambda: minigrad.cuda.set_device(0), "set_device"),
    (lambda: minigrad.cuda.get_device_name(0), "get_device_name"),
    (lambda: minigrad.cuda.synchronize(), "synchronize"),
])
def test_cuda_calls_that_need_a_gpu_say_minigrad_runs_on_cpus(call, name):
    with pytest.raises(RuntimeError, match=f"cuda.{name}: minigrad runs on CPUs only"):
        call()


def test_cuda_answers_match_torch_on_a_machine_without_a_gpu():
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    assert minigrad.cuda.is_available() == torch.cuda.is_available()
    assert minigrad.cuda.device_count() == torch.cuda.device_count()
    assert minigrad.accelerator.is_available() == torch.accelerator.is_available()
    assert minigrad.accelerator.current_accelerator() == torch.accelerator.current_accelerator()
    assert minigrad.backends.mps.is_available() == torch.backends.mps.is_available()
    for flag in ("enabled", "benchmark", "deterministic", "allow_tf32"):
        assert getattr(minigrad.backends.cudnn, flag) == getattr(torch.backends.cudnn, flag)


def test_accelerator_has_none():
    assert minigrad.accelerator.is_available() is False
    assert minigrad.accelerator.current_accelerator() is None
    assert minigrad.accelerator.current_accelerator(check_available=True) is None
    assert minigrad.accelerator.device_count() == 0


def test_backend_switches_can_be_set_and_change_nothing():
    cudnn = minigrad.backends.cudnn
    saved = (cudnn.benchmark, cudnn.deterministic, cudnn.enabled)
    assert saved == (False, False, True)
    x = minigrad.randn(1, 1, 5, 5)
    conv = nn.Conv2d(1, 2, 3)
    before = conv(x).detach().numpy().copy()
    try:
        cudnn.benchmark, cudnn.deterministic, cudnn.enabled = True, True, False
        minigrad.backends.cuda.matmul.allow_tf32 = True
        np.testing.assert_array_equal(conv(x).detach().numpy(), before)
    finally:
        cudnn.benchmark, cudnn.deterministic, cudnn.enabled = saved
        minigrad.backends.cuda.matmul.allow_tf32 = False
    assert cudnn.is_available() is False and cudnn.version() is None
    assert minigrad.backends.mps.is_available() is False and minigrad.backends.mps.is_built() is False
    assert minigrad.backends.cuda.is_built() is False
