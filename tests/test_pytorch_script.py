"""A PyTorch training script, written once, runs with minigrad by changing only its imports.

``run_script`` is the body of a typical PyTorch example (device selection,
cuDNN switches, a DataLoader from ``torch.utils.data``, ``model.to(device)``,
a training loop with ``loss.backward()`` and ``optimizer.step()``, ``.data``,
``.item()``, a checkpoint of a ``DataParallel`` model). It receives the
framework's modules as arguments, so the same text runs with minigrad and,
when it is installed, with PyTorch, and both must learn the task.
"""
import importlib

import pytest


def _imports(name):
    """What a script gets from ``import <name> as torch`` and friends."""
    torch = importlib.import_module(name)
    return {
        "torch": torch,
        "nn": importlib.import_module(f"{name}.nn"),
        "F": importlib.import_module(f"{name}.nn.functional"),
        "optim": importlib.import_module(f"{name}.optim"),
        "data": importlib.import_module(f"{name}.utils.data"),
        "Variable": importlib.import_module(f"{name}.autograd").Variable,
    }


def run_script(torch, nn, F, optim, data, Variable):
    torch.manual_seed(0)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(0)
    torch.backends.cudnn.benchmark = True
    torch.backends.cudnn.deterministic = True
    if torch.accelerator.is_available():
        device = torch.accelerator.current_accelerator()
    loader_kwargs = {"num_workers": 1, "pin_memory": True} if device.type == "cuda" else {}

    # Two classes split by a plane, made on the chosen device.
    x = torch.randn(256, 3, device=device)
    y = (x[:, 0] + x[:, 1] > 0).long()
    offset = torch.zeros(3, device=device) + torch.full((3,), 0.0, device=device)
    grid = torch.linspace(-1, 1, 5, device=device)
    assert grid.shape == (5,) and grid.device == device
    dataset = data.TensorDataset(x + offset, y)
    train_set, val_set = data.random_split(dataset, [224, 32])
    loader = data.DataLoader(train_set, batch_size=32, shuffle=True, **loader_kwargs)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(3, 16)
            self.fc2 = nn.Linear(16, 2)

        def forward(self, inputs):
            return self.fc2(F.relu(self.fc1(inputs)))

    model = Net().to(device)
    if torch.cuda.device_count() > 1:
        model = nn.DataParallel(model)
    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)

    losses = []
    for _ in range(6):
        model.train()
        total = 0.0
        for inputs, target in loader:
            inputs, target = inputs.to(device, non_blocking=True), target.to(device)
            inputs = Variable(inputs)
            optimizer.zero_grad()
            loss = F.cross_entropy(model(inputs), target)
            loss.backward()
            optimizer.step()
            total += loss.item() * inputs.size(0)
        losses.append(total / len(loader.dataset))

    model.eval()
    with torch.no_grad():
        val_x = torch.stack([sample for sample, _ in val_set]).to(device)
        val_y = torch.stack([label for _, label in val_set])
        accuracy = (model(val_x).argmax(dim=1) == val_y).float().mean().item()

    weight = model.fc1.weight.data
    assert not weight.requires_grad and not weight.is_cuda and weight.device == device
    assert model.fc1.weight.type(torch.float64).dtype == torch.float64
    state = nn.DataParallel(model).state_dict()
    return losses, accuracy, list(state)


@pytest.mark.parametrize("framework", ["minigrad", "torch"])
def test_the_same_script_trains_with_each_framework(framework):
    if framework == "torch":
        pytest.importorskip("torch")
    losses, accuracy, keys = run_script(**_imports(framework))
    assert losses[-1] < 0.5 * losses[0], losses
    assert accuracy >= 0.9, accuracy
    assert keys == ["module.fc1.weight", "module.fc1.bias", "module.fc2.weight",
                    "module.fc2.bias"]
