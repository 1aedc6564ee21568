import gzip
import hashlib
import os
import pathlib
import sys

import numpy as np
import pytest

import minigrad
from minigrad.data import MNIST, ChecksumError, DataLoader, IDXError, default_collate
from minigrad.data import mnist as mnist_module
from tests.reference.idx import fake_mnist, idx_bytes, write_idx

REPO_DATA = pathlib.Path(__file__).resolve().parents[2] / "data" / "mnist"


@pytest.fixture
def fake(tmp_path):
    root = tmp_path / "mnist"
    return root, fake_mnist(root)


# ---------------------------------------------------------------------- reading
@pytest.mark.parametrize("train, n", [(True, 12), (False, 5)])
def test_mnist_reads_images_and_labels_of_each_split(fake, train, n):
    root, arrays = fake
    ds = MNIST(root, train=train)
    prefix = "train" if train else "t10k"
    assert len(ds) == n
    assert ds.data.dtype == np.uint8 and ds.data.shape == (n, 28, 28)
    assert ds.targets.dtype == np.int64
    np.testing.assert_array_equal(ds.data, arrays[f"{prefix}-images-idx3-ubyte"])
    np.testing.assert_array_equal(ds.targets, arrays[f"{prefix}-labels-idx1-ubyte"])


def test_mnist_reads_uncompressed_files_in_torchvisions_raw_folder(tmp_path):
    arrays = fake_mnist(tmp_path / "MNIST" / "raw", gz=False)
    ds = MNIST(tmp_path)
    np.testing.assert_array_equal(ds.data, arrays["train-images-idx3-ubyte"])


def test_mnist_item_is_a_unit_scaled_float_image_and_an_int_label(fake):
    root, arrays = fake
    image, label = MNIST(root)[3]
    assert isinstance(image, minigrad.Tensor)
    assert image.shape == (1, 28, 28) and image.dtype == np.float32
    np.testing.assert_allclose(image._data[0], arrays["train-images-idx3-ubyte"][3] / 255,
                               rtol=1e-6)
    assert type(label) is int and label == arrays["train-labels-idx1-ubyte"][3]


def test_mnist_applies_transform_and_target_transform_to_items(fake):
    root, arrays = fake
    ds = MNIST(root, transform=lambda x: x * 2, target_transform=lambda y: y + 100)
    image, label = ds[0]
    assert float(image._data.max()) <= 2.0 and float(image._data.max()) > 1.0
    assert label == arrays["train-labels-idx1-ubyte"][0] + 100
    batch = ds.get_batch(np.array([0, 1]))
    np.testing.assert_array_equal(batch[1]._data, arrays["train-labels-idx1-ubyte"][:2] + 100)


def test_mnist_get_batch_equals_collating_the_items(fake):
    ds = MNIST(fake[0])
    indices = np.array([7, 0, 11, 3])
    fast = ds.get_batch(indices)
    slow = default_collate([ds[i] for i in indices.tolist()])
    assert [t.dtype for t in fast] == [np.float32, np.int64]
    for a, b in zip(fast, slow):
        np.testing.assert_array_equal(a._data, b._data)


def test_dataloader_over_mnist_gives_the_same_batches_as_item_by_item_loading(fake):
    ds = MNIST(fake[0])
    minigrad.manual_seed(3)
    fast = list(DataLoader(ds, batch_size=5, shuffle=True))
    minigrad.manual_seed(3)
    slow = list(DataLoader(ds, batch_size=5, shuffle=True, collate_fn=default_collate))
    assert len(fast) == len(slow) == 3
    for (xa, ya), (xb, yb) in zip(fast, slow):
        np.testing.assert_array_equal(xa._data, xb._data)
        np.testing.assert_array_equal(ya._data, yb._data)


def test_as_tensors_scales_or_standardises_the_whole_set(fake):
    root, arrays = fake
    ds = MNIST(root)
    raw = arrays["train-images-idx3-ubyte"].astype(np.float32)[:, None] / 255
    x, y = ds.as_tensors()
    assert x.shape == (12, 1, 28, 28) and x.dtype == np.float32 and y.dtype == np.int64
    np.testing.assert_array_equal(x._data, raw)
    x, _ = ds.as_tensors(normalize=True)
    np.testing.assert_allclose(x._data, (raw - 0.1307) / 0.3081, rtol=1e-5, atol=1e-6)
    x, _ = ds.as_tensors(normalize=(0.5, 0.25))
    np.testing.assert_allclose(x._data, (raw - 0.5) / 0.25, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("normalize, error, match", [
    ("yes", TypeError, "normalize must be a bool or a"),
    ((0.5, 0.0), ValueError, "std must be positive"),
])
def test_as_tensors_rejects_a_bad_normalize_argument(fake, normalize, error, match):
    with pytest.raises(error, match=match):
        MNIST(fake[0]).as_tensors(normalize=normalize)


def test_mnist_repr_names_the_split_and_size(fake):
    text = repr(MNIST(fake[0], train=False))
    assert "Number of datapoints: 5" in text and "Split: Test" in text


# ---------------------------------------------------------------------- the shipped files
def test_the_shipped_mnist_files_have_the_published_sizes_and_label_counts():
    test = MNIST(REPO_DATA, train=False)
    assert len(test) == 10000 and test[0][1] == 7
    assert np.bincount(test.targets).tolist() == [980, 1135, 1032, 1010, 982, 892, 958,
                                                       1028, 974, 1009]
    train = MNIST(REPO_DATA, train=True)
    assert train.data.shape == (60000, 28, 28)
    assert np.bincount(train.targets).tolist() == [5923, 6742, 5958, 6131, 5842, 5421,
                                                        5918, 6265, 5851, 5949]


# ---------------------------------------------------------------------- damaged files
def test_mnist_without_its_files_says_where_to_put_them(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"train-images-idx3-ubyte\(\.gz\) not found"
                       r".*download=True.*data/mnist"):
        MNIST(tmp_path)


def test_mnist_reports_a_truncated_gzip_file_by_name(fake):
    root, _ = fake
    path = root / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(IDXError, match=r"train-images-idx3-ubyte\.gz: the gzip stream is "
                                       r"truncated"):
        MNIST(root)


def test_mnist_reports_a_truncated_raw_file_by_name(tmp_path):
    root = tmp_path / "raw"
    fake_mnist(root, gz=False)
    path = root / "train-labels-idx1-ubyte"
    path.write_bytes(path.read_bytes()[:-3])
    with pytest.raises(IDXError, match=r"train-labels-idx1-ubyte: file is truncated"):
        MNIST(root)


def test_mnist_reports_a_checksum_mismatch_naming_the_file_and_the_expected_digest(fake):
    root, arrays = fake
    images = arrays["train-images-idx3-ubyte"].copy()
    images[0, 0, 0] ^= 1
    write_idx(root / "train-images-idx3-ubyte.gz", images)
    expected = hashlib.md5(idx_bytes(arrays["train-images-idx3-ubyte"])).hexdigest()
    with pytest.raises(ChecksumError, match=rf"train-images-idx3-ubyte\.gz: MD5 .* expected "
                                            rf"{expected} \(from .*MD5SUMS\)"):
        MNIST(root)


def test_mnist_without_md5sums_checks_against_the_published_digests(tmp_path):
    root = tmp_path / "nosums"
    fake_mnist(root, md5sums=False)
    with pytest.raises(ChecksumError, match="from the published MNIST files"):
        MNIST(root)


def test_mnist_rejects_a_labels_file_in_place_of_the_images(fake):
    root, arrays = fake
    os.replace(root / "train-labels-idx1-ubyte.gz", root / "train-images-idx3-ubyte.gz")
    write_idx(root / "train-labels-idx1-ubyte.gz", arrays["train-labels-idx1-ubyte"])
    with pytest.raises(IDXError, match="magic number 2049 where train-images-idx3-ubyte should "
                                       "have 2051"):
        MNIST(root)


def _rewrite_with_sums(root, name, array):
    content = write_idx(root / (name + ".gz"), array)
    lines = [line for line in (root / "MD5SUMS").read_text().splitlines()
             if not line.endswith(name)]
    lines.append(f"{hashlib.md5(content).hexdigest()}  {name}")
    (root / "MD5SUMS").write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("name, array, match", [
    ("train-labels-idx1-ubyte", np.full(12, 10, np.uint8), "labels must be digits 0-9, found 10"),
    ("train-labels-idx1-ubyte", np.zeros(11, np.uint8), "has 12 images but .* has 11 labels"),
    ("train-images-idx3-ubyte", np.zeros((12, 28, 27), np.uint8), "images of shape"),
])
def test_mnist_rejects_inconsistent_content_with_valid_checksums(fake, name, array, match):
    root, _ = fake
    _rewrite_with_sums(root, name, array)
    with pytest.raises(IDXError, match=match):
        MNIST(root)


def test_mnist_reports_a_malformed_md5sums_line(fake):
    root, _ = fake
    (root / "MD5SUMS").write_text("not-a-digest  train-images-idx3-ubyte\n")
    with pytest.raises(ValueError, match="MD5SUMS, line 1: expected"):
        MNIST(root)


def test_mnist_checks_a_file_once_per_process_until_it_changes(fake, monkeypatch):
    root, arrays = fake
    calls = []
    real_md5 = hashlib.md5
    monkeypatch.setattr(mnist_module.hashlib, "md5",
                        lambda *a, **k: calls.append(1) or real_md5(*a, **k))
    MNIST(root, train=False)
    MNIST(root, train=False)
    assert len(calls) == 2  # images and labels, once each
    labels = arrays["t10k-labels-idx1-ubyte"].copy()
    labels[0] = (labels[0] + 1) % 10
    path = root / "t10k-labels-idx1-ubyte.gz"
    write_idx(path, labels)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    with pytest.raises(ChecksumError, match="t10k-labels-idx1-ubyte"):
        MNIST(root, train=False)


@pytest.mark.parametrize("kwargs, match", [
    ({"root": 3}, "root must be a path"),
    ({"train": "yes"}, "train must be a bool"),
    ({"transform": "normalize"}, "transform must be callable"),
])
def test_mnist_rejects_bad_arguments(fake, kwargs, match):
    kwargs.setdefault("root", fake[0])
    with pytest.raises(TypeError, match=match):
        MNIST(**kwargs)


# ---------------------------------------------------------------------- download
@pytest.fixture
def mirror(tmp_path):
    """A local mirror of fake MNIST files, and an empty root holding their MD5SUMS."""
    served = tmp_path / "mirror"
    arrays = fake_mnist(served)
    root = tmp_path / "root"
    root.mkdir()
    (root / "MD5SUMS").write_text((served / "MD5SUMS").read_text())
    return served.as_uri() + "/", root, arrays


def _leftovers(root):
    return [p.name for p in root.iterdir() if p.name.endswith(".part")]


def test_download_fetches_the_missing_files_trying_mirrors_in_turn(mirror, tmp_path,
                                                                    monkeypatch):
    url, root, arrays = mirror
    monkeypatch.setattr(MNIST, "mirrors", [(tmp_path / "nowhere").as_uri() + "/", url])
    ds = MNIST(root, download=True)
    np.testing.assert_array_equal(ds.data, arrays["train-images-idx3-ubyte"])
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [name + ".gz" for name in arrays] + ["MD5SUMS"])
    assert _leftovers(root) == []


def test_download_skips_a_mirror_serving_a_corrupted_file(mirror, tmp_path, monkeypatch):
    url, root, _ = mirror
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"]:
        (bad / (name + ".gz")).write_bytes(gzip.compress(b"\x00\x00\x08\x01garbage"))
    monkeypatch.setattr(MNIST, "mirrors", [bad.as_uri() + "/", url])
    assert len(MNIST(root, download=True)) == 12
    assert _leftovers(root) == []


def test_download_that_fails_everywhere_explains_how_to_install_the_files_by_hand(
        tmp_path, monkeypatch):
    monkeypatch.setattr(MNIST, "mirrors", [(tmp_path / "a").as_uri(), (tmp_path / "b").as_uri()])
    root = tmp_path / "root"
    with pytest.raises(RuntimeError, match=r"(?s)could not download train-images-idx3-ubyte\.gz"
                                           r".*/a/train-images.*/b/train-images.*offline, copy "
                                           r"the four MNIST files"):
        MNIST(root, download=True)
    assert list(root.iterdir()) == []


def test_download_does_nothing_when_the_files_are_present(fake, monkeypatch):
    monkeypatch.setattr(MNIST, "mirrors", ["http://127.0.0.1:9/never-contacted/"])
    assert len(MNIST(fake[0], download=True)) == 12


def test_an_interrupted_download_leaves_no_partial_file(mirror, monkeypatch):
    url, root, _ = mirror
    monkeypatch.setattr(MNIST, "mirrors", [url])

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(mnist_module, "decompress", interrupt)
    with pytest.raises(KeyboardInterrupt):
        MNIST(root, download=True)
    assert sorted(p.name for p in root.iterdir()) == ["MD5SUMS"]


def test_download_progress_falls_back_to_stderr_without_tqdm(mirror, monkeypatch, capsys):
    url, root, _ = mirror
    monkeypatch.setattr(MNIST, "mirrors", [url])
    monkeypatch.setitem(sys.modules, "tqdm", None)
    MNIST(root, download=True)
    err = capsys.readouterr().err
    assert "train-images-idx3-ubyte.gz: 100%" in err
