"""Fine-tuning at a small and a large rate: pre-train a Keras MLP on digits 0-4, fine-tune on 5-9, check 0-4.

Task A's accuracy after fine-tuning (the old head on the fine-tuned layers) measures what the model
kept; task B's what it learned. Setup and thresholds are fixed before the run.
"""
# checks: 002_dd70d25f9b6b52f4/card-2, 002_dd70d25f9b6b52f4/card-3, 002_dd70d25f9b6b52f4/question-1
# checks: 002_dd70d25f9b6b52f4/question-2

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras

from verikb.verify.claims import claim, record_experiment
from verikb.verify.experiments import at_least, digits, every, rises
from verikb.verify.keras_training import accuracy, fit, mlp, seeded

DECK = "002_dd70d25f9b6b52f4"

# The setup.
SMALL, LARGE = 1e-4, 1e-2  # the deck's own fine-tuning rate (card-4), and two decades above it
# One seed: each Keras fit() costs ~0.8 s CPU of tracing (a run with seeds 0 and 1 gave the same verdicts).
PRETRAIN_LR, PRETRAIN_EPOCHS, FINE_TUNE_EPOCHS, BATCH, SEEDS = 1e-3, 15, 10, 64, (0,)
SETUP = (
    f"Keras MLP 64-64 (ReLU) + 5-way head, scikit-learn digits: pre-trained on 0-4 (Adam {PRETRAIN_LR:g}, "
    f"{PRETRAIN_EPOCHS} epochs), then a new head and all layers fine-tuned on 5-9 for {FINE_TUNE_EPOCHS} epochs "
    f"with Adam at {SMALL:g} or {LARGE:g}, batch {BATCH}, seeds {list(SEEDS)}, op determinism on CPU"
)

# Thresholds, stated before the run.
KEEPS = 0.10  # "keeps what it learned": task-A accuracy at least 10 points above the large rate's
LEARNED = 0.5  # "adjusts to the new task": task-B accuracy at least 0.5 (chance over 5 digits is 0.2)
RISE = 0.0  # "unstable": the large rate's fine-tuning loss goes up from one epoch to the next at least once

task_a, task_b = digits(classes=range(5)), digits(classes=range(5, 10))


def layers_like(model: keras.Model) -> list:
    copies = [keras.layers.Dense(layer.units, activation=layer.activation) for layer in model.layers]
    for copy, layer in zip(copies, model.layers, strict=True):
        copy.build((None, layer.kernel.shape[0]))
        copy.set_weights(layer.get_weights())
    return copies


def fine_tune(seed: int) -> dict[str, tuple[float, float, list[float]]]:
    """Task-A accuracy, task-B accuracy and the task-B loss curve after fine-tuning at each rate."""
    pretrained = mlp(classes=5, seed=seed)
    fit(pretrained, task_a, keras.optimizers.Adam(PRETRAIN_LR), epochs=PRETRAIN_EPOCHS, seed=seed, batch=BATCH)
    print(f"seed {seed}: pre-trained task-A accuracy {accuracy(pretrained, task_a.x_test, task_a.y_test):.3f}")
    out = {}
    for rate in (SMALL, LARGE):
        body, old_head = layers_like(pretrained)
        seeded(seed + 100)
        new_model = keras.Sequential([keras.Input((64,)), body, keras.layers.Dense(5)])
        losses = fit(new_model, task_b, keras.optimizers.Adam(rate), epochs=FINE_TUNE_EPOCHS, seed=seed, batch=BATCH)
        old_model = keras.Sequential([keras.Input((64,)), body, old_head])
        kept = accuracy(old_model, task_a.x_test, task_a.y_test)
        out[f"lr={rate:g}"] = (kept, accuracy(new_model, task_b.x_test, task_b.y_test), losses)
        print(f"    lr={rate:g}: task-A accuracy {kept:.3f}, task-B accuracy {out[f'lr={rate:g}'][1]:.3f}")
    return out


runs = {seed: fine_tune(seed) for seed in SEEDS}
small, large = f"lr={SMALL:g}", f"lr={LARGE:g}"
keeps = every(
    at_least(r[small][0], r[large][0], margin=KEEPS, what=f"seed {s} task-A accuracy {small} vs {large}")
    for s, r in runs.items()
)
learns = every(
    at_least(r[small][1], 0.0, margin=LEARNED, what=f"seed {s} task-B accuracy at {small}") for s, r in runs.items()
)
unstable = every(rises(r[large][2], by=RISE, what=f"seed {s} task-B loss at {large}") for s, r in runs.items())
curves = [{"label": name, "values": losses} for name, (_, _, losses) in runs[SEEDS[0]].items()]

for item, statement, finding in [
    (
        f"{DECK}/card-2",
        f"A small rate ({SMALL:g}) keeps what the model learned (task A) and still adjusts it to the new task",
        every([keeps, learns]),
    ),
    (
        f"{DECK}/question-1",
        f"Fine-tuning at a small rate ({SMALL:g}) preserves learned features better than a large one ({LARGE:g})",
        every([keeps, learns]),
    ),
    (
        f"{DECK}/card-3",
        f"A high rate ({LARGE:g}) makes the model forget task A, and its training loss is unstable",
        every([keeps, unstable]),
    ),
    (
        f"{DECK}/question-2",
        f"Too high a rate ({LARGE:g}) when fine-tuning: the model forgets task A and training is unstable",
        every([keeps, unstable]),
    ),
]:
    with claim(item, statement, expect="not demonstrated", setup=SETUP) as c:
        record_experiment(item, "Task-B training loss while fine-tuning (seed 0)", curves, setup=SETUP)
        print(finding.numbers)
        c.shows(finding.shown, otherwise=finding.numbers)
