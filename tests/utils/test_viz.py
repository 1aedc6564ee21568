"""minigrad.utils.viz: what each picture shows, the computations behind them, and errors.

The drawing tests need matplotlib (the ``viz`` extra) and are skipped without it;
``maximize_activation`` and ``saliency_map`` need only NumPy.
"""
import os
import subprocess
import sys

import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.utils import viz

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def mpl():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    return matplotlib


def _image(fig):
    """The array drawn by the figure's first image."""
    return np.ma.filled(fig.axes[0].images[0].get_array().astype(float), np.nan)


def _tiles(mosaic, n, h, w, ncols, gap=1):
    """Cut a mosaic back into its ``n`` tiles of ``h x w``."""
    return np.stack([mosaic[r * (h + gap):r * (h + gap) + h, c * (w + gap):c * (w + gap) + w]
                     for r, c in (divmod(i, ncols) for i in range(n))])


# ---------------------------------------------------------------- without matplotlib
def test_the_package_imports_without_matplotlib_and_names_the_extra():
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "import minigrad.utils, minigrad.utils.viz as viz\n"
        "try:\n"
        "    viz.plot_history({'loss': [1.0]})\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout
    # "minigrad" on the public index is another project: the advice names
    # what works from a checkout, never that name.
    assert 'pip install -e ".[viz]"' in out and "pip install matplotlib" in out
    assert "minigrad[" not in out


# ---------------------------------------------------------------- filters
def test_plot_filters_draws_each_grey_filter_scaled_to_its_range(mpl, rng):
    conv = nn.Conv2d(1, 6, 3)
    fig = viz.plot_filters(conv, ncols=4)
    mosaic = _image(fig)
    assert mosaic.shape == (2 * 4 - 1, 4 * 4 - 1)
    tiles = _tiles(mosaic, 6, 3, 3, 4)
    weight = conv.weight._data[:, 0]
    low = weight.min(axis=(1, 2), keepdims=True)
    high = weight.max(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(tiles, (weight - low) / (high - low), rtol=1e-6)
    assert np.isnan(mosaic[3]).all()  # the gap between the two rows of tiles


def test_plot_filters_symmetric_puts_zero_in_the_middle_of_a_diverging_colormap(mpl):
    weight = np.array([[[[-1.0, 0.0], [0.5, 0.25]]], [[[0.0, 2.0], [1.0, -0.5]]]])
    fig = viz.plot_filters(weight, ncols=2, symmetric=True)
    tiles = _tiles(_image(fig), 2, 2, 2, 2)
    # Each filter scaled by its own largest |w|: -m -> 0, 0 -> 0.5, m -> 1.
    np.testing.assert_allclose(tiles[0], [[0.0, 0.5], [0.75, 0.625]])
    np.testing.assert_allclose(tiles[1], [[0.5, 1.0], [0.75, 0.375]])
    image = fig.axes[0].images[0]
    assert image.get_cmap().name.startswith("RdBu_r")
    # The gaps are mid grey, not the pale blue that RdBu contains.
    np.testing.assert_allclose(image.get_cmap().get_bad()[:3], (0.5, 0.5, 0.5))
    labels = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    assert labels == ["-max|w|", "0", "+max|w|"]


def test_plot_filters_symmetric_all_shares_one_scale_and_labels_it(mpl):
    weight = np.array([[[[-1.0, 0.5]]], [[[0.0, 2.0]]]])
    fig = viz.plot_filters(weight, ncols=2, normalize="all", symmetric=True)
    np.testing.assert_allclose(_tiles(_image(fig), 2, 1, 2, 2)[:, 0],
                               [[0.25, 0.625], [0.5, 1.0]])
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == ["-2", "0", "2"]


def test_plot_filters_keeps_the_pale_blue_gaps_for_grey_filters(mpl):
    fig = viz.plot_filters(nn.Conv2d(1, 2, 3))
    image = fig.axes[0].images[0]
    assert image.get_cmap().name.startswith("gray")
    np.testing.assert_allclose(image.get_cmap().get_bad()[:3], viz._GAP_COLOR)
    assert len(fig.axes) == 1  # no colorbar


def test_plot_filters_draws_rgb_filters_for_three_input_channels(mpl):
    conv = nn.Conv2d(3, 4, 5)
    mosaic = _image(viz.plot_filters(conv, ncols=2, normalize="all"))
    assert mosaic.shape == (11, 11, 3)
    tiles = _tiles(mosaic, 4, 5, 5, 2)
    weight = conv.weight._data.transpose(0, 2, 3, 1)
    expected = (weight - weight.min()) / (weight.max() - weight.min())
    np.testing.assert_allclose(tiles, expected, rtol=1e-6)


def test_plot_filters_draws_a_filter_by_channel_grid_otherwise(mpl):
    fig = viz.plot_filters(nn.Conv2d(4, 5, 3).weight)
    assert _image(fig).shape == (5 * 4 - 1, 4 * 4 - 1)
    assert fig.axes[0].get_xlabel() == "input channel"


def test_plot_filters_draws_1d_filters_as_channel_by_length_images(mpl):
    weight = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)
    assert _image(viz.plot_filters(weight)).shape == (3, 2 * 5 - 1)


def test_plot_filters_saves_a_png(mpl, tmp_path):
    viz.plot_filters(nn.Conv2d(1, 2, 3), save=tmp_path / "f.png")
    assert (tmp_path / "f.png").read_bytes()[:8] == PNG_MAGIC


def test_plot_filters_rejects_bad_input(mpl):
    with pytest.raises(ValueError, match=r"expected a 2-d convolution weight .* got shape \[4, 3\]"):
        viz.plot_filters(np.zeros((4, 3)))
    with pytest.raises(TypeError, match="conv must be a minigrad Tensor or a NumPy array, got "
                                        "Linear"):
        viz.plot_filters(nn.Linear(2, 2))
    with pytest.raises(TypeError, match="expected a Conv1d or Conv2d layer, got ConvTranspose2d"):
        viz.plot_filters(nn.ConvTranspose2d(2, 3, 3))
    with pytest.raises(ValueError, match="normalize must be 'each' or 'all', got 'none'"):
        viz.plot_filters(nn.Conv2d(1, 2, 3), normalize="none")


# ---------------------------------------------------------------- activations
def test_plot_activations_draws_the_layer_output_of_the_chosen_example(mpl, rng):
    model = nn.Sequential(nn.Conv2d(1, 3, 3), nn.ReLU(), nn.MaxPool2d(2))
    x = minigrad.from_numpy(rng.standard_normal((2, 1, 8, 8), dtype=np.float32))
    with minigrad.no_grad():
        expected = model[1](model[0](x)).numpy()[1]
    for layer in ("1", model[1]):
        fig = viz.plot_activations(model, x, layer, index=1, ncols=3)
        np.testing.assert_array_equal(_tiles(_image(fig), 3, 6, 6, 3), expected)
    assert fig.axes[0].get_title() == "1 ReLU: 3 maps of 6 x 6"
    assert len(fig.axes) == 2  # the maps and their shared colour bar


def test_plot_activations_runs_in_evaluation_mode_and_restores_it(mpl):
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Dropout(0.9))
    viz.plot_activations(model, minigrad.ones(1, 1, 5, 5), "2")
    assert all(m.training for m in model.modules())
    assert int(model[1].num_batches_tracked.item()) == 0


def test_plot_activations_limits_the_maps_and_draws_vectors_as_bars(mpl):
    model = nn.Sequential(nn.Conv2d(1, 8, 1), nn.Flatten(), nn.Linear(8 * 4, 5))
    fig = viz.plot_activations(model, minigrad.ones(1, 1, 2, 2), "0", max_maps=3, ncols=3)
    assert fig.axes[0].get_title() == "0 Conv2d: 3 of 8 maps of 2 x 2"
    fig = viz.plot_activations(model, minigrad.ones(1, 1, 2, 2), "2")
    assert len(fig.axes[0].patches) == 5


def test_plot_activations_rejects_bad_arguments(mpl):
    model = nn.Sequential(nn.Conv2d(1, 2, 3))
    x = minigrad.ones(1, 1, 4, 4)
    with pytest.raises(ValueError, match="model has no submodule named 'conv9'"):
        viz.plot_activations(model, x, "conv9")
    with pytest.raises(ValueError, match="layer Conv2d is not a submodule of the model"):
        viz.plot_activations(model, x, nn.Conv2d(1, 2, 3))
    with pytest.raises(ValueError, match="index 1 is outside the batch of 1"):
        viz.plot_activations(model, x, "0", index=1)
    with pytest.raises(TypeError, match="x must be a minigrad Tensor or a NumPy array, got list"):
        viz.plot_activations(model, [[1.0]], "0")
    with pytest.raises(TypeError, match="layer must be a submodule or its dotted name, got int"):
        viz.plot_activations(model, x, 0)


# ---------------------------------------------------------------- history
def test_plot_history_draws_losses_and_accuracies_against_epochs(mpl):
    history = {"epoch": [1, 2, 3], "train_loss": [0.9, 0.5, 0.3], "test_loss": [0.8, 0.6, 0.4],
               "train_acc": [0.7, 0.8, 0.9], "test_acc": [0.72, 0.81, 0.88],
               "seconds": [10.0, 10.0, 10.0]}
    fig = viz.plot_history(history, title="run")
    loss_ax, acc_ax = fig.axes
    assert [line.get_label() for line in loss_ax.lines] == ["train_loss", "test_loss"]
    assert [line.get_label() for line in acc_ax.lines] == ["train_acc", "test_acc"]
    np.testing.assert_array_equal(loss_ax.lines[1].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(acc_ax.lines[0].get_ydata(), [0.7, 0.8, 0.9])


def test_plot_history_without_epochs_counts_from_one(mpl):
    fig = viz.plot_history({"loss": [3.0, 2.0]})
    assert len(fig.axes) == 1
    np.testing.assert_array_equal(fig.axes[0].lines[0].get_xdata(), [1, 2])


def test_plot_history_rejects_bad_histories(mpl):
    with pytest.raises(ValueError, match="no key containing 'loss' or 'acc'"):
        viz.plot_history({"epoch": [1], "seconds": [2.0]})
    with pytest.raises(ValueError, match="every series must have the same length"):
        viz.plot_history({"epoch": [1, 2], "loss": [1.0, 0.5], "acc": [0.5]})
    with pytest.raises(TypeError, match="expected a dict of lists, got list"):
        viz.plot_history([0.5, 0.4])


# ---------------------------------------------------------------- maximum response
def _one_by_one(weight, bias=0.0):
    conv = nn.Conv2d(1, 2, 1)
    conv.weight._data[...] = np.asarray(weight, np.float32).reshape(2, 1, 1, 1)
    conv.bias._data[...] = bias
    return nn.Sequential(conv)


def test_maximize_activation_takes_normalized_gradient_steps():
    # Channel 0's mean is 2 * mean(x): its gradient is the constant 2 / 16, so each
    # normalised step adds exactly lr to every pixel. Channel 1 (weight -1) subtracts it.
    model = _one_by_one([2.0, -1.0])
    start = np.random.default_rng(3).uniform(0, 1, (2, 1, 4, 4)).astype(np.float32)
    x = viz.maximize_activation(model, "0", [0, 1], steps=5, lr=0.1, input_size=(1, 4, 4),
                                seed=3)
    np.testing.assert_allclose(x.numpy()[0], start[0] + 0.5, rtol=1e-6)
    np.testing.assert_allclose(x.numpy()[1], start[1] - 0.5, rtol=1e-6)


def test_maximize_activation_can_maximise_the_norm_of_the_notes():
    # h = 2 x with x > 0: the gradient of ||h|| is 2 h / ||h||, the same at every pixel, so
    # each normalised step adds lr everywhere.
    model = _one_by_one([2.0, 2.0])
    x0 = np.full((1, 1, 3, 3), 1.0, np.float32)
    x = viz.maximize_activation(model, "0", 1, steps=3, lr=0.25, x0=x0, objective="norm")
    np.testing.assert_allclose(x.numpy(), np.full((1, 1, 3, 3), 1.75), rtol=1e-6)
    with pytest.raises(ValueError, match="objective must be 'mean' or 'norm', got 'max'"):
        viz.maximize_activation(model, "0", 1, x0=x0, objective="max")


def test_maximize_activation_respects_clamp_and_x0():
    model = _one_by_one([1.0, 1.0])
    x = viz.maximize_activation(model, model[0], 1, steps=10, lr=0.5,
                                x0=np.zeros((1, 1, 3, 3), np.float32), clamp=(-1.0, 2.0))
    np.testing.assert_array_equal(x.numpy(), np.full((1, 1, 3, 3), 2.0, np.float32))


def test_maximize_activation_raises_the_channel_mean_of_a_deeper_layer():
    minigrad.manual_seed(1)
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Conv2d(4, 3, 3))
    before = viz.maximize_activation(model, "2", [0, 1, 2], steps=0, input_size=(1, 9, 9))
    after = viz.maximize_activation(model, "2", [0, 1, 2], steps=20, lr=0.05,
                                    input_size=(1, 9, 9))
    with minigrad.no_grad():
        gain = [model(after)[i, i].mean().item() - model(before)[i, i].mean().item()
                for i in range(3)]
    assert all(g > 0 for g in gain)


def test_maximize_activation_changes_no_parameter_or_gradient():
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
    model[0].bias.requires_grad_(False)
    weights = [p._data.copy() for p in model.parameters()]
    viz.maximize_activation(model, "1", 0, steps=3, input_size=(1, 5, 5))
    assert [p.grad for p in model.parameters()] == [None, None, None, None]
    assert [p.requires_grad for p in model.parameters()] == [True, False, True, True]
    for old, p in zip(weights, model.parameters()):
        np.testing.assert_array_equal(old, p._data)
    assert model.training and int(model[1].num_batches_tracked.item()) == 0


def test_maximize_activation_is_reproducible_and_leaves_the_global_rng_alone():
    model = _one_by_one([1.0, 1.0])
    state = np.asarray(minigrad.get_rng_state()).copy()
    a = viz.maximize_activation(model, "0", 0, steps=2, input_size=(1, 3, 3), seed=7)
    b = viz.maximize_activation(model, "0", 0, steps=2, input_size=(1, 3, 3), seed=7)
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    np.testing.assert_array_equal(np.asarray(minigrad.get_rng_state()), state)


def test_maximize_activation_rejects_bad_arguments():
    model = _one_by_one([1.0, 1.0])
    with pytest.raises(ValueError, match=r"channels \[2\] are out of range for a layer output "
                                         r"with 2 channels"):
        viz.maximize_activation(model, "0", [0, 2], input_size=(1, 3, 3))
    with pytest.raises(ValueError, match="give input_size"):
        viz.maximize_activation(model, "0", 0)
    with pytest.raises(ValueError, match=r"x0 must be a batch of 1 or 2 \(one per channel\) "
                                         r"inputs, got shape \[3, 1, 3, 3\]"):
        viz.maximize_activation(model, "0", [0, 1], x0=np.zeros((3, 1, 3, 3), np.float32))
    with pytest.raises(ValueError, match="lr must be positive, got 0"):
        viz.maximize_activation(model, "0", 0, lr=0, input_size=(1, 3, 3))
    with pytest.raises(ValueError, match="steps must be a non-negative integer, got -1"):
        viz.maximize_activation(model, "0", 0, steps=-1, input_size=(1, 3, 3))
    with pytest.raises(ValueError, match="channels must be an int or a non-empty sequence"):
        viz.maximize_activation(model, "0", [], input_size=(1, 3, 3))
    with pytest.raises(ValueError, match=r"input_size must be a tuple of positive ints"):
        viz.maximize_activation(model, "0", 0, input_size=(1, 0, 3))


def test_max_activation_input_draws_one_labelled_image_per_channel(mpl):
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Conv2d(4, 5, 3))
    fig = viz.max_activation_input(model, "2", [4, 0, 2], steps=2, input_size=(1, 7, 7),
                                   ncols=2)
    assert _image(fig).shape == (2 * 8 - 1, 2 * 8 - 1)
    assert [t.get_text() for t in fig.axes[0].texts] == ["4", "0", "2"]


# ---------------------------------------------------------------- saliency
def test_saliency_map_of_a_linear_model_is_the_absolute_class_weights(rng):
    model = nn.Sequential(nn.Flatten(), nn.Linear(2 * 3 * 3, 4))
    x = minigrad.from_numpy(rng.standard_normal((2, 2, 3, 3), dtype=np.float32))
    maps = viz.saliency_map(model, x, target=[3, 1]).numpy()
    weight = model[1].weight._data.reshape(4, 2, 3, 3)
    np.testing.assert_allclose(maps[0], np.abs(weight[3]).max(axis=0), rtol=1e-6)
    np.testing.assert_allclose(maps[1], np.abs(weight[1]).max(axis=0), rtol=1e-6)
    assert [p.grad for p in model.parameters()] == [None, None]


def test_saliency_map_defaults_to_the_predicted_class(rng):
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3))
    x = minigrad.from_numpy(rng.standard_normal((3, 1, 2, 2), dtype=np.float32))
    with minigrad.no_grad():
        predicted = model(x).numpy().argmax(axis=1)
    np.testing.assert_array_equal(viz.saliency_map(model, x).numpy(),
                                  viz.saliency_map(model, x, target=list(predicted)).numpy())


def test_saliency_map_is_zero_where_the_score_does_not_look():
    # Max pooling passes the gradient to the largest pixel only.
    model = nn.Sequential(nn.Conv2d(1, 1, 1), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1, 2))
    x = minigrad.tensor([[[[1.0, 5.0], [2.0, 3.0]]]])
    model[0].weight._data[...] = 1.0
    maps = viz.saliency_map(model, x, target=1).numpy()[0]
    assert maps[0, 1] > 0 and (maps.ravel()[[0, 2, 3]] == 0).all()


def test_saliency_map_rejects_bad_targets_and_outputs(rng):
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3))
    x = minigrad.ones(2, 1, 2, 2)
    with pytest.raises(ValueError, match="target 3 is out of range for 3 classes"):
        viz.saliency_map(model, x, target=3)
    with pytest.raises(ValueError, match=r"target must be an int or 2 ints, got \[0\]"):
        viz.saliency_map(model, x, target=[0])
    with pytest.raises(ValueError, match=r"expected the model to return scores of shape "
                                         r"\(N, classes\) for N = 2, got \[2, 1, 2, 2\]"):
        viz.saliency_map(nn.Identity(), x)
    with pytest.raises(TypeError, match="x must have a floating-point dtype, got int64"):
        viz.saliency_map(model, np.ones((2, 1, 2, 2), np.int64))


def test_saliency_draws_input_map_and_overlay_for_each_image(mpl, tmp_path):
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(2 * 4 * 4, 3))
    fig = viz.saliency(model, minigrad.randn(5, 1, 6, 6), max_images=2, save=tmp_path / "s.png")
    image_axes = [ax for ax in fig.axes if ax.images and ax.get_title()]
    assert [ax.get_title() for ax in image_axes][1:3] == ["saliency |d score / d x|", "overlay"]
    assert len(image_axes) == 2 * 3
    assert (tmp_path / "s.png").read_bytes()[:8] == PNG_MAGIC
    with pytest.raises(ValueError, match=r"expected images of shape \(N, 1, H, W\) or "
                                         r"\(N, 3, H, W\), got \[1, 2, 6, 6\]"):
        viz.saliency(model, minigrad.randn(1, 2, 6, 6))


# ---------------------------------------------------------------- the example
def test_visualize_lenet_example_writes_the_pictures(mpl, tmp_path, capsys):
    data = os.path.join(ROOT, "data", "mnist")
    if not os.path.exists(os.path.join(data, "t10k-images-idx3-ubyte.gz")):
        pytest.skip("the MNIST test files are not in data/mnist")
    import importlib.util

    sys.path.insert(0, os.path.join(ROOT, "examples"))
    try:
        spec = importlib.util.spec_from_file_location(
            "visualize_lenet", os.path.join(ROOT, "examples", "visualize_lenet.py"))
        example = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(example)
        model = example.lenet5()
        history = {"epoch": [1, 2], "train_loss": [0.3, 0.1], "train_acc": [0.9, 0.97],
                   "test_loss": [0.1, 0.05], "test_acc": [0.97, 0.98], "seconds": [60.0, 60.0],
                   "images_per_s": [1000.0, 1000.0]}
        minigrad.save({"model": model.state_dict(), "epoch": 2, "history": history},
                      str(tmp_path / "lenet.npz"))
        saved = example.main(["--checkpoint", str(tmp_path / "lenet.npz"), "--data", data,
                              "--out", str(tmp_path / "pictures"), "--steps", "2",
                              "--channels", "0", "1", "--saliency", "3"])
    finally:
        sys.path.remove(os.path.join(ROOT, "examples"))
    names = sorted(os.path.basename(p) for p in saved)
    assert names == ["activations_conv1.png", "activations_conv2.png", "conv1_filters.png",
                     "history.png", "max_response_conv2.png", "saliency.png"]
    for path in saved:
        with open(path, "rb") as f:
            assert f.read(8) == PNG_MAGIC
        assert os.path.getsize(path) < 200_000
    out = capsys.readouterr().out
    assert "20 x 28 x 28  20 x 1 x 5 x 5" in out and "2450 x 500" in out


def test_visualize_lenet_writes_to_a_folder_of_its_own_by_default(monkeypatch, tmp_path):
    import importlib.util

    sys.path.insert(0, os.path.join(ROOT, "examples"))
    try:
        spec = importlib.util.spec_from_file_location(
            "visualize_lenet", os.path.join(ROOT, "examples", "visualize_lenet.py"))
        example = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(example)
    finally:
        sys.path.remove(os.path.join(ROOT, "examples"))
    monkeypatch.chdir(tmp_path)
    out = os.path.abspath(example.parse_args([]).out)
    assert out == str(tmp_path / "lenet5_pictures")
    assert not out.startswith(os.path.join(ROOT, "docs"))


def test_minigrad_viz_is_a_short_name_for_the_same_functions():
    import minigrad.viz

    assert minigrad.viz.__all__ == viz.__all__
    for name in viz.__all__:
        assert getattr(minigrad.viz, name) is getattr(viz, name)
