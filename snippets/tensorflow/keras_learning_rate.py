"""Keras sets the learning rate when the optimizer is created, with ``learning_rate=`` (not ``lr=``).

Keras stores the rate as float32, so 0.0001 reads back as 9.9999997e-05: compared in float32.
"""
# checks: 002_dd70d25f9b6b52f4/card-4, 002_dd70d25f9b6b52f4/question-3

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import tensorflow as tf

from verikb.verify.claims import claim

DECK = "002_dd70d25f9b6b52f4"

with claim(
    f"{DECK}/card-4",
    "optimizer = tf.keras.optimizers.Adam(learning_rate=0.0001) sets the learning rate",
    expect="verified",
) as c:
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.0001)
    value = optimizer.learning_rate.numpy()
    print(f"optimizer.learning_rate = {value!r} ({value.dtype}); float64 view {float(value)!r}")
    c.holds(value == np.float32(0.0001), otherwise=f"the optimizer holds {value!r}")

with claim(f"{DECK}/card-4", "Keras 3 rejects the PyTorch spelling lr=", expect="verified") as c:
    try:
        tf.keras.optimizers.Adam(lr=0.0001)
        c.refuted("Adam(lr=...) is accepted")
    except ValueError as exc:
        print(f"ValueError: {exc}")
        c.verified()

with claim(
    f"{DECK}/question-3/option-1",
    "In TensorFlow the learning rate is specified when creating the optimizer",
    expect="verified",
) as c:
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.05), loss="mse")
    value = float(model.optimizer.learning_rate.numpy())
    print(f"model.optimizer.learning_rate after compile: {value!r}")
    c.holds(np.float32(value) == np.float32(0.05), otherwise=f"the compiled model uses {value!r}")
