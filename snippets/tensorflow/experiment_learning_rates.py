"""Too high a rate, and raising the rate on purpose (warm-up): Keras SGD on a small real MLP.

The setup and the thresholds are fixed before the run and never tuned to what comes out.
"""
# checks: 000_b54ee7164a852fdf/question-1, 000_b54ee7164a852fdf/question-4

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras

from verikb.verify.claims import claim, record_curve, record_experiment
from verikb.verify.experiments import CHANCE_LOSS, Finding, at_most, digits, diverges, every, final
from verikb.verify.keras_training import fit, mlp

DECK = "000_b54ee7164a852fdf"

# The setup.
GOOD, HIGH = 0.1, 10.0  # Keras SGD's default-scale rate, and a rate two decades above it
# One seed: each Keras fit() costs ~0.8 s CPU of tracing (a run with seeds 0 and 1 gave the same verdicts).
EPOCHS, BATCH, SEEDS = 15, 64, (0,)
WARMUP_EPOCHS = 2  # warm-up over the first ~10% of training, a common share
SETUP = (
    f"Keras MLP 64-64-10 (ReLU), scikit-learn digits (1198 train / 599 test, standardised), SGD, batch {BATCH}, "
    f"{EPOCHS} epochs, seeds {list(SEEDS)}, tf.keras.utils.set_random_seed + op determinism on CPU"
)

# Thresholds, stated before the run.
DIVERGED_AT = CHANCE_LOSS  # ending no better than a uniform guess over 10 digits (ln 10) means nothing was learned
TRAINS_BELOW = 0.5  # a rate "trains" when its final loss is at most half its starting loss
HELPS_RATIO = 0.9  # warm-up "helps" when its final loss is <= 0.9x the cold start's on every seed

data = digits()
steps_per_epoch = -(-len(data.y_train) // BATCH)


def train(rate: object, seed: int) -> list[float]:
    return fit(mlp(seed=seed), data, keras.optimizers.SGD(learning_rate=rate), epochs=EPOCHS, seed=seed, batch=BATCH)


fixed = {seed: {lr: train(lr, seed) for lr in (GOOD, HIGH)} for seed in SEEDS}
for seed, runs in fixed.items():
    print(f"seed {seed}: " + ", ".join(f"lr={lr:g}: {r[0]:.3f} -> {r[-1]:.4g}" for lr, r in runs.items()))
too_high = every(
    [diverges(fixed[s][HIGH], limit=DIVERGED_AT, what=f"seed {s} lr={HIGH:g}") for s in SEEDS]
    + [
        at_most(final(fixed[s][GOOD]), fixed[s][GOOD][0], ratio=TRAINS_BELOW, what=f"seed {s} lr={GOOD:g} trains")
        for s in SEEDS
    ]
)
item = f"{DECK}/question-1"
with claim(
    item,
    f"Too high a rate (lr={HIGH:g}) makes training unstable: it ends no better than guessing, where lr={GOOD:g} trains",
    expect="demonstrated",
    setup=SETUP,
) as c:
    record_experiment(
        item,
        "Training loss per epoch at two learning rates (seed 0)",
        [{"label": f"lr={lr:g}", "values": r} for lr, r in fixed[SEEDS[0]].items()],
        setup=SETUP,
    )
    print(too_high.numbers)
    c.shows(too_high.shown, otherwise=too_high.numbers)


def cosine(warmup: bool) -> keras.optimizers.schedules.CosineDecay:
    """Keras's own CosineDecay to 0, with or without a linear warm-up from 0 to the peak HIGH."""
    if warmup:
        return keras.optimizers.schedules.CosineDecay(
            0.0,
            (EPOCHS - WARMUP_EPOCHS) * steps_per_epoch,
            warmup_target=HIGH,
            warmup_steps=WARMUP_EPOCHS * steps_per_epoch,
        )
    return keras.optimizers.schedules.CosineDecay(HIGH, EPOCHS * steps_per_epoch)


item = f"{DECK}/question-4"
with claim(
    item,
    "Keras's own CosineDecay(warmup_target=...) raises the learning rate during training (warm-up)",
    expect="verified",
) as c:
    rates = [float(cosine(True)(step)) for step in range(EPOCHS * steps_per_epoch)]
    per_epoch = rates[::steps_per_epoch]
    record_curve(
        item,
        f"CosineDecay(0.0, warmup_target={HIGH:g}, warmup_steps={WARMUP_EPOCHS * steps_per_epoch}), per epoch",
        per_epoch,
        code="keras.optimizers.schedules.CosineDecay",
        x_label="epoch",
    )
    print("rate at the start of each epoch:", [f"{v:.4g}" for v in per_epoch])
    c.holds(max(rates) > rates[0], otherwise=f"the rate never rises: {per_epoch}")

warm = {seed: (train(cosine(True), seed), train(cosine(False), seed)) for seed in SEEDS}
helps = every(
    at_most(final(w), final(cold), ratio=HELPS_RATIO, what=f"seed {s} final loss warm-up vs cold start")
    for s, (w, cold) in warm.items()
)
no_gain = Finding(not helps.shown, helps.numbers)
setup = (
    f"{SETUP}; CosineDecay to 0 peaking at lr={HIGH:g}, with {WARMUP_EPOCHS} epochs of linear warm-up from 0 vs none"
)
with claim(
    item,
    f"Raising the rate first (warm-up to the peak lr={HIGH:g}) does not train better than starting at the peak "
    "and only lowering it",
    expect="demonstrated",
    setup=setup,
) as c:
    record_experiment(
        item,
        f"Training loss per epoch, CosineDecay from lr={HIGH:g} with and without warm-up (seed 0)",
        [{"label": "warm-up", "values": warm[SEEDS[0]][0]}, {"label": "no warm-up", "values": warm[SEEDS[0]][1]}],
        setup=setup,
    )
    print(helps.numbers)
    c.shows(no_gain.shown, otherwise=f"warm-up trained better: {no_gain.numbers}")
