"""A minigrad model file run again with PyTorch in minigrad's place.

minigrad's model files use only ``minigrad`` and ``minigrad.nn`` names that
PyTorch also has, so the benchmarks build PyTorch's twin of a model from the
very same source (``minigrad.models.resnet`` executed with ``minigrad`` bound
to ``torch``) instead of a second, hand-written definition that could drift.
"""
import importlib.util
import types


def torch_twin_module(name, torch):
    """The module ``name`` (e.g. ``"minigrad.models.resnet"``) executed with torch as minigrad."""
    spec = importlib.util.find_spec(name)
    source = spec.loader.get_source(name)
    for line in ("import minigrad\n", "from minigrad import nn\n"):
        if line not in source:
            raise ValueError(f"{name} does not start with {line.strip()!r}; cannot swap in torch")
        source = source.replace(line, "", 1)
    module = types.ModuleType(f"{name}[torch]")
    module.__dict__.update(__file__=spec.origin, minigrad=torch, nn=torch.nn)
    exec(compile(source, spec.origin, "exec"), module.__dict__)
    return module


def copy_weights(torch, source, target):
    """Load the minigrad module ``source``'s parameters and buffers into its torch twin."""
    state = {name: torch.from_numpy(value.numpy().copy())
             for name, value in source.state_dict().items()}
    target.load_state_dict(state)
    return target
