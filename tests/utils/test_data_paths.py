"""minigrad.utils.data: the data-loading names at PyTorch's import path, as the same objects."""
import importlib
import subprocess
import sys

import numpy as np

import minigrad
import minigrad.data
import minigrad.utils.data


def test_from_import_of_pytorchs_names_works():
    from minigrad.utils.data import (  # noqa: F401
        BatchSampler, ConcatDataset, DataLoader, Dataset, RandomSampler, Sampler,
        SequentialSampler, Subset, SubsetRandomSampler, TensorDataset, default_collate,
        random_split,
    )


def test_every_name_is_the_object_of_minigrad_data():
    assert minigrad.utils.data.__all__ == minigrad.data.__all__
    for name in minigrad.data.__all__:
        assert getattr(minigrad.utils.data, name) is getattr(minigrad.data, name), name


def test_import_minigrad_alone_reaches_utils_data():
    code = ("import minigrad as torch\n"
            "print(torch.utils.data.DataLoader is torch.data.DataLoader)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_import_module_by_its_dotted_name():
    module = importlib.import_module("minigrad.utils.data")
    assert module is minigrad.utils.data


def test_a_pytorch_style_split_and_load_through_utils_data():
    from minigrad.utils.data import DataLoader, Dataset, TensorDataset, random_split

    x = minigrad.arange(20.0).reshape(10, 2)
    y = minigrad.arange(10)
    train, val = random_split(TensorDataset(x, y), [8, 2])
    assert isinstance(train, Dataset) and len(train) == 8 and len(val) == 2
    seen = []
    for xb, yb in DataLoader(train, batch_size=3, shuffle=True):
        np.testing.assert_array_equal(xb.numpy(), x.numpy()[yb.numpy()])
        seen.extend(yb.tolist())
    val_labels = [int(yi) for _, yi in val]
    assert len(seen) == 8 and sorted(seen + val_labels) == list(range(10))
