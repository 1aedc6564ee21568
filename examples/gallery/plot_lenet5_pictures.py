"""
What LeNet-5 learns
===================

A short training of the tutorial's LeNet-5 (``examples/lenet5.py``, two
epochs on the first 10,000 training digits), then the pictures of
``examples/visualize_lenet.py``: the first layer's filters, the activation
maps of both convolutions for one digit, inputs that maximise channels of
the second convolution, saliency maps and the training curves.
"""
import os
import sys
import tempfile

# The gallery runs each script in its own folder, examples/gallery: the examples are one up.
sys.path.insert(0, os.path.abspath(os.pardir))
import lenet5
import visualize_lenet

import minigrad

checkpoint = os.path.join(tempfile.mkdtemp(), "lenet5.npz")
history = lenet5.main(["--epochs", "2", "--train-limit", "10000", "--no-progress",
                       "--checkpoint", checkpoint])
model = lenet5.lenet5()
model.load_state_dict(minigrad.load(checkpoint)["model"])
model.eval()
images, labels = lenet5.load_mnist(lenet5.DEFAULT_DATA, train=False, limit=1000).tensors
pictures = visualize_lenet.draw_pictures(model, images, labels, history)

# %%
# The twenty 5 x 5 filters of the first convolution: red for positive
# weights, blue for negative, white for zero.
filters = pictures["conv1_filters.png"]

# %%
# The first convolution's twenty maps (after the ReLU) for the first test digit.
activations_conv1 = pictures["activations_conv1.png"]

# %%
# The second convolution's fifty maps for the same digit.
activations_conv2 = pictures["activations_conv2.png"]

# %%
# Inputs found by gradient ascent that make twelve channels of the second
# convolution as active as possible.
max_response = pictures["max_response_conv2.png"]

# %%
# The size of the gradient of the predicted class score with respect to
# each pixel, for three test digits.
saliency = pictures["saliency.png"]

# %%
# Loss and accuracy after each epoch.
curves = pictures["history.png"]
