"""TensorFlow's schedules and callbacks the TF deck names exist and change the rate as it says.

Each check trains a tiny real Keras model (8 samples) so the rates come from a real fit().
"""
# checks: 000_b54ee7164a852fdf/card-3, 000_b54ee7164a852fdf/card-4, 000_b54ee7164a852fdf/question-2
# checks: 000_b54ee7164a852fdf/question-3, 000_b54ee7164a852fdf/question-5, 002_dd70d25f9b6b52f4/card-5

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import itertools

import numpy as np
import tensorflow as tf

from verikb.verify.claims import claim

TF_DECK, FINE_TUNE = "000_b54ee7164a852fdf", "002_dd70d25f9b6b52f4"
keras = tf.keras


def fit_rates(optimizer, callbacks=(), epochs: int = 5, y_value: float = 0.0) -> list[float]:
    """The learning rate at the start of each epoch of a real fit()."""
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile(optimizer=optimizer, loss="mse")
    seen: list[float] = []
    record = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: seen.append(float(model.optimizer.learning_rate))
    )
    x = np.ones((8, 2), "float32")
    y = np.full((8, 1), y_value, "float32")
    model.fit(x, y, epochs=epochs, batch_size=8, verbose=0, callbacks=[*callbacks, record])
    print("learning rate per epoch:", [f"{v:.6g}" for v in seen])
    return seen


def schedule_values(schedule, steps: int = 6) -> list[float]:
    values = [float(schedule(step)) for step in range(steps)]
    print(f"{type(schedule).__name__} at steps 0..{steps - 1}:", [f"{v:.6g}" for v in values])
    return values


with claim(
    f"{TF_DECK}/card-4",
    "TensorFlow changes the learning rate with the LearningRateScheduler callback "
    "or built-in schedules like ExponentialDecay",
    expect="verified",
) as c:
    halving = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch > 0 else lr)
    by_callback = fit_rates(keras.optimizers.SGD(learning_rate=0.1), [halving])
    decay = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)
    by_schedule = fit_rates(keras.optimizers.SGD(learning_rate=decay))
    c.holds(
        by_callback[-1] < by_callback[0] and by_schedule[-1] < by_schedule[0],
        otherwise=f"rates stayed: callback {by_callback}, schedule {by_schedule}",
    )

with claim(
    f"{TF_DECK}/question-2",
    "LearningRateScheduler updates the rate at each epoch from a function; "
    "ReduceLROnPlateau adjusts it from a validation metric",
    expect="verified",
) as c:
    rates = fit_rates(
        keras.optimizers.SGD(learning_rate=0.1),
        [keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.1 / (epoch + 1))],
    )
    plateau = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=0, min_delta=1e9)
    reduced = fit_rates(keras.optimizers.SGD(learning_rate=0.1), [plateau])
    expected = [np.float32(0.1 / (e + 1)) for e in range(5)]
    c.holds(
        [np.float32(r) for r in rates] == expected and reduced[-1] < reduced[0],
        otherwise=f"scheduler gave {rates}, plateau gave {reduced}",
    )

with claim(f"{TF_DECK}/question-3", "Exponential Decay gradually lowers the learning rate", expect="verified") as c:
    values = schedule_values(keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5))
    c.holds(all(b < a for a, b in itertools.pairwise(values)), otherwise=f"values were {values}")

for item in (f"{TF_DECK}/question-5", f"{TF_DECK}/card-3"):
    with claim(
        item,
        "Step decay lowers the rate by a factor at fixed steps; exponential decay lowers it smoothly",
        expect="verified",
    ) as c:
        stair = schedule_values(keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5, staircase=True))
        smooth = schedule_values(keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5))
        flat_then_drop = stair[0] == stair[1] and stair[2] == np.float32(stair[1] * 0.5)
        c.holds(flat_then_drop and smooth[1] < smooth[0], otherwise=f"staircase {stair}, smooth {smooth}")

with claim(
    f"{FINE_TUNE}/card-5",
    "The rate can be reduced further when the model stops improving (ReduceLROnPlateau)",
    expect="verified",
) as c:
    plateau = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.1, patience=1, min_delta=1e9)
    rates = fit_rates(keras.optimizers.Adam(learning_rate=1e-4), [plateau])
    c.holds(rates[-1] < rates[0], otherwise=f"the rate stayed {rates}")
