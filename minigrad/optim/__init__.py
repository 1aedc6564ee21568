"""Optimizers that update parameters from their gradients, and learning-rate schedules.

Examples
--------
>>> import minigrad
>>> w = minigrad.tensor([1.0, 2.0], requires_grad=True)
>>> opt = minigrad.optim.SGD([w], lr=0.5)
>>> for _ in range(3):
...     opt.zero_grad()
...     (w * w).sum().backward()
...     opt.step()
>>> w
tensor([0., 0.], requires_grad=True)
"""
from minigrad.optim import lr_scheduler
from minigrad.optim.adadelta import Adadelta
from minigrad.optim.adagrad import Adagrad
from minigrad.optim.adam import Adam
from minigrad.optim.adamw import AdamW
from minigrad.optim.optimizer import Optimizer
from minigrad.optim.rmsprop import RMSprop
from minigrad.optim.sgd import SGD

__all__ = [
           "SGD",
           "Adadelta",
           "Adagrad",
           "Adam",
           "AdamW",
           "Optimizer",
           "RMSprop",
           "lr_scheduler",
]
