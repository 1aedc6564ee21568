"""
Maximum-response images and saliency
====================================

``examples/feature_visualization.py`` at small settings: a LeNet-5 trained
for one epoch on 10,000 digits, then inputs that excite channels of its
two convolutions (gradient ascent on the norm of a channel's activation,
with random jitter), inputs that raise each class score, and saliency maps.
"""
import os
import sys
import tempfile

# The gallery runs each script in its own folder, examples/gallery: the examples are one up.
sys.path.insert(0, os.path.abspath(os.pardir))
import feature_visualization
import lenet5

model = feature_visualization.trained_lenet5(os.path.join(tempfile.mkdtemp(), "lenet5.npz"),
                                             train_limit=10000)
images = lenet5.load_mnist(lenet5.DEFAULT_DATA, train=False, limit=200).tensors[0]
pictures = feature_visualization.draw_all(model, images, steps=60, channels_per_layer=8)

# %%
# Inputs that maximise eight channels of the first convolution: each is the
# stroke its 5 x 5 filter detects, repeated wherever it fits.
conv1 = pictures["max_response_conv1.png"]

# %%
# The same for the second convolution, whose channels combine strokes over
# 14 x 14 pixels.
conv2 = pictures["max_response_conv2.png"]

# %%
# Inputs that raise the score of each digit class.
classes = pictures["class_models.png"]

# %%
# Where the predicted class score of four test digits depends on the pixels.
saliency = pictures["saliency.png"]
