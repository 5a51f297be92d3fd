"""Seeded, deterministic Keras 3 (TensorFlow) training on CPU for the experiment snippets: a small MLP and fit().

TensorFlow and Keras are imported inside each function, so importing this module costs nothing.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from verikb.verify.experiments import Digits

__all__ = ["accuracy", "fit", "mlp", "objective", "seeded"]


def seeded(seed: int) -> None:
    """Same seed, same numbers: Python, NumPy and TensorFlow seeded, deterministic ops."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def mlp(*, classes: int = 10, hidden: int = 64, seed: int) -> Any:
    """64 pixels -> ``hidden`` ReLU units -> ``classes`` logits, initialised from ``seed``."""
    import keras

    seeded(seed)
    return keras.Sequential(
        [keras.Input((64,)), keras.layers.Dense(hidden, activation="relu"), keras.layers.Dense(classes)]
    )


def objective(model: Any, x: np.ndarray, y: np.ndarray, *, weight_decay: float = 0.0) -> float:
    """Mean cross-entropy on (x, y), plus the L2 term the optimizer's ``weight_decay`` minimises with it."""
    import keras

    logits = model(x, training=False)
    loss = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, logits))
    penalty = sum(float(np.sum(np.square(w))) for w in model.get_weights())
    return loss + weight_decay / 2 * penalty


def accuracy(model: Any, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.argmax(model(x, training=False), axis=1) == y))


def fit(
    model: Any, data: Digits, optimizer: Any, *, epochs: int, seed: int, batch: int = 64, weight_decay: float = 0.0
) -> list[float]:
    """``model.fit`` on minibatches; the training objective before training and after each epoch."""
    import keras
    import tensorflow as tf

    steps = -(-len(data.y_train) // batch)  # one compiled call per epoch: Keras's per-step overhead dominates here
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(optimizer=optimizer, loss=loss, steps_per_execution=steps)
    batches = (
        tf.data.Dataset.from_tensor_slices((data.x_train, data.y_train))
        .shuffle(len(data.y_train), seed=seed, reshuffle_each_iteration=True)
        .batch(batch)
    )
    losses = [objective(model, data.x_train, data.y_train, weight_decay=weight_decay)]
    record = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: losses.append(
            objective(model, data.x_train, data.y_train, weight_decay=weight_decay)
        )
    )
    model.fit(batches, epochs=epochs, verbose=0, callbacks=[record], shuffle=False)
    return losses
