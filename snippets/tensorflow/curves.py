"""Learning-rate curves computed by real Keras schedules, for the plots on the TensorFlow topic pages.

Keras computes schedules in float32: these are the float32 values widened to Python floats.
"""
# checks: 000_b54ee7164a852fdf/card-3

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
from lrschedules import curve

from verikb.verify.claims import claim, record_curve

STEPS = 20
ITEM = "000_b54ee7164a852fdf/card-3"
ARGS = "initial_learning_rate=0.1, decay_steps=5, decay_rate=0.5"
SCHEDULES = [
    (
        "ExponentialDecay(0.1, decay_steps=5, decay_rate=0.5)",
        keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=5, decay_rate=0.5),
        f'curve("ExponentialDecay", {STEPS}, {ARGS})',
    ),
    (
        "ExponentialDecay(0.1, decay_steps=5, decay_rate=0.5, staircase=True) (step decay)",
        keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=5, decay_rate=0.5, staircase=True),
        f'curve("ExponentialDecay", {STEPS}, {ARGS}, staircase=True)',
    ),
]

for title, schedule, browser in SCHEDULES:
    with claim(ITEM, f"{title} lowers the rate as the steps go on", expect="verified") as c:
        values = [float(schedule(step)) for step in range(STEPS)]
        code = f"keras.optimizers.schedules.{title.split(' (')[0]}"
        record_curve(ITEM, title, values, code=code, x_label="step", browser=browser)
        print(title, "->", [f"{v:.4g}" for v in values])
        c.holds(values[-1] < values[0], otherwise=f"the rate went from {values[0]} to {values[-1]}")

for title, schedule, browser in SCHEDULES:
    with claim(ITEM, f"lrschedules reproduces {title} exactly (the page's runnable copy)", expect="verified") as c:
        real = [float(schedule(step)) for step in range(STEPS)]
        ours = eval(browser, {"curve": curve})  # browser: a literal call written above
        print("keras:", real, "\nlrschedules:", ours)
        c.holds(real == ours, otherwise=f"they differ: {[(a, b) for a, b in zip(real, ours, strict=True) if a != b]}")
