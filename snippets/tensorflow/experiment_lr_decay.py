"""Lowering the rate during training (Keras step decay) against the fixed rates it starts and ends at.

As in snippets/torch/experiment_lr_decay.py, the objective has a minimum to settle into (cross-entropy
plus the L2 term of SGD's weight decay). Setup and thresholds are fixed before the run.
"""
# checks: 000_b54ee7164a852fdf/card-2, 000_b54ee7164a852fdf/card-5

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras

from verikb.verify.claims import claim, record_experiment
from verikb.verify.experiments import at_least, at_most, digits, every, final
from verikb.verify.keras_training import accuracy, fit, mlp

DECK = "000_b54ee7164a852fdf"

# The setup: the torch experiment's, so the two frameworks answer the same question.
HIGH = 1.0  # the largest power of ten plain SGD trains this MLP at in torch (experiment_learning_rates.py)
LOW = HIGH / 10  # the rate the step decay ends at
# One seed: each Keras fit() costs ~0.8 s CPU of tracing (a run with seeds 0 and 1 gave the same verdicts).
EPOCHS, DROP, BATCH, WEIGHT_DECAY, SEEDS = 20, 10, 64, 1e-3, (0,)
SETUP = (
    f"Keras MLP 64-64-10 (ReLU), scikit-learn digits (1198 train / 599 test), SGD weight_decay={WEIGHT_DECAY:g}, "
    f"batch {BATCH}, {EPOCHS} epochs: ExponentialDecay(staircase=True) from lr={HIGH:g} (x0.1 at epoch {DROP}) "
    f"vs fixed lr={HIGH:g} and lr={LOW:g}, seeds {list(SEEDS)}, set_random_seed + op determinism on CPU"
)

# Thresholds, stated before the run.
BETTER_RATIO = 0.9  # "converges better": the schedule's final objective is <= 0.9x each fixed rate's, on every seed
ACCURACY_GAIN = 0.005  # "better accuracy": mean test accuracy over seeds >= each fixed rate's + 0.5 points (3 digits)

data = digits()
steps_per_epoch = -(-len(data.y_train) // BATCH)
step_decay = keras.optimizers.schedules.ExponentialDecay(HIGH, DROP * steps_per_epoch, 0.1, staircase=True)
VARIANTS = {"step decay": step_decay, f"fixed lr={HIGH:g}": HIGH, f"fixed lr={LOW:g}": LOW}


def train(seed: int, rate: object) -> tuple[list[float], float]:
    model = mlp(seed=seed)
    optimizer = keras.optimizers.SGD(learning_rate=rate, weight_decay=WEIGHT_DECAY)
    losses = fit(model, data, optimizer, epochs=EPOCHS, seed=seed, batch=BATCH, weight_decay=WEIGHT_DECAY)
    return losses, accuracy(model, data.x_test, data.y_test)


runs = {seed: {name: train(seed, rate) for name, rate in VARIANTS.items()} for seed in SEEDS}
for seed in SEEDS:
    print(
        f"seed {seed}: "
        + ", ".join(f"{n}: objective {final(r[0]):.4f}, test accuracy {r[1]:.3f}" for n, r in runs[seed].items())
    )
mean_accuracy = {name: sum(runs[s][name][1] for s in SEEDS) / len(SEEDS) for name in VARIANTS}
fixed = [name for name in VARIANTS if name != "step decay"]
better = every(
    at_most(
        final(runs[s]["step decay"][0]),
        final(runs[s][n][0]),
        ratio=BETTER_RATIO,
        what=f"seed {s} final objective step decay vs {n}",
    )
    for s in SEEDS
    for n in fixed
)
more_accurate = every(
    at_least(
        mean_accuracy["step decay"],
        mean_accuracy[n],
        margin=ACCURACY_GAIN,
        what=f"mean test accuracy step decay vs {n}",
    )
    for n in fixed
)
finding = every([better, more_accurate])
curves = [{"label": name, "values": runs[SEEDS[0]][name][0]} for name in VARIANTS]
for item, statement in [
    (
        f"{DECK}/card-2",
        "Reducing the rate during training reaches a lower objective and a higher test accuracy than keeping it fixed",
    ),
    (
        f"{DECK}/card-5",
        "A schedule reaches a better model (lower objective, higher test accuracy) than either fixed rate",
    ),
]:
    with claim(item, statement, expect="not demonstrated", setup=SETUP) as c:
        record_experiment(
            item,
            "Training objective per epoch: step decay vs fixed rates (seed 0)",
            curves,
            setup=SETUP,
            y_label="cross-entropy + L2",
        )
        print(finding.numbers)
        c.shows(finding.shown, otherwise=finding.numbers)
