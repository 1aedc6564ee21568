"""The 3-d CNN example: its synthetic shapes, its network and a quick run."""
import numpy as np
import pytest

import minigrad

from ._load import load_example


@pytest.fixture(scope="module")
def example():
    return load_example("conv3d_volumes")


def test_a_random_rotation_is_a_proper_rotation(example):
    rng = np.random.default_rng(0)
    for _ in range(5):
        r = example.random_rotation(rng)
        assert np.allclose(r @ r.T, np.eye(3), atol=1e-12)
        assert np.isclose(np.linalg.det(r), 1.0)


def test_spheres_and_cubes_fill_the_volume_of_a_sphere_of_their_radius(example):
    rng = np.random.default_rng(0)
    for kind in (example.SPHERE, example.CUBE):
        for _ in range(4):
            shape = example.make_shape(kind, 24, rng, min_radius=5, max_radius=5)
            assert set(np.unique(shape)) == {0.0, 1.0}
            # The voxel count of a sphere of radius 5, within the error of voxelising it.
            assert abs(shape.sum() - 4 / 3 * np.pi * 5 ** 3) < 0.15 * 4 / 3 * np.pi * 5 ** 3


def test_a_cube_reaches_farther_from_its_centre_than_the_sphere_of_equal_volume(example):
    rng = np.random.default_rng(1)
    radius = 5.0

    def reach(shape):
        index = np.argwhere(shape > 0)
        return np.linalg.norm(index - index.mean(axis=0), axis=1).max()

    for _ in range(3):
        sphere = example.make_shape(example.SPHERE, 24, rng, radius, radius)
        cube = example.make_shape(example.CUBE, 24, rng, radius, radius)
        assert reach(sphere) <= radius + 0.5
        # Its corners are sqrt(3) half-sides out: 1.40 radii for the same volume.
        assert reach(cube) > 1.25 * radius


def test_the_volumes_are_balanced_noisy_and_reproducible(example):
    volumes, labels = example.make_volumes(20, size=12, noise=0.5, seed=3)
    assert volumes.shape == (20, 1, 12, 12, 12) and volumes.dtype == np.float32
    assert np.bincount(labels).tolist() == [10, 10]
    clean, _ = example.make_volumes(20, size=12, noise=0.0, seed=3)
    assert np.std(volumes - clean) == pytest.approx(0.5, rel=0.05)
    again, again_labels = example.make_volumes(20, size=12, noise=0.5, seed=3)
    assert np.array_equal(volumes, again) and np.array_equal(labels, again_labels)


def test_the_network_maps_volumes_to_two_scores(example):
    model = example.shape_classifier()
    assert model(minigrad.randn(3, 1, 16, 16, 16)).shape == (3, 2)


def test_a_quick_run_trains_and_reports(example, capsys):
    results = example.main(["--train-size", "64", "--test-size", "32", "--epochs", "1",
                            "--size", "12", "--no-progress"])
    out = capsys.readouterr().out
    assert "64 training and 32 test volumes of 12^3 voxels" in out and "test accuracy" in out
    assert 0 <= results["test_acc"] <= 1
