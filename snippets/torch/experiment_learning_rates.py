"""Too high, too low, higher first: plain SGD on a small real MLP at rates a decade apart, and an LR range test.

The setup and the thresholds are fixed before the run and never tuned to what comes out: an effect
that does not show is reported as ``not demonstrated``, with the numbers.
"""
# checks: 003_922fc2f599061697/card-2, 003_922fc2f599061697/question-1, 001_86db7ff235491f39/question-4
# checks: 004_33f72aaf9d4d1e34/question-4, 003_922fc2f599061697/card-3, 003_922fc2f599061697/question-4
# checks: 001_86db7ff235491f39/question-3, 004_33f72aaf9d4d1e34/question-1, 003_922fc2f599061697/practice-3

import itertools
import time

import torch

from verikb.verify.claims import claim, record_experiment
from verikb.verify.experiments import (
    CHANCE_LOSS,
    Finding,
    at_most,
    blow_up,
    digits,
    diverges,
    every,
    final,
    rises,
    rising_rates,
    smoothed,
)
from verikb.verify.torch_training import fit, lr_range_test, mlp, objective

PYTORCH_1, PYTORCH_3, PYTORCH_4 = "001_86db7ff235491f39", "003_922fc2f599061697", "004_33f72aaf9d4d1e34"

# The setup.
RATES = [0.001, 0.01, 0.1, 1.0, 10.0]  # decades from "surely too low" to "surely too high" for plain SGD
LOW, HIGH = RATES[0], RATES[-1]
EPOCHS, BATCH, SEEDS = 15, 64, (0, 1, 2)
SWEEP = rising_rates(1e-4, 100.0, 120)  # the range test: 120 steps from 1e-4 to 100, one batch each
SETUP = (
    f"MLP 64-64-10 (ReLU), scikit-learn digits (1198 train / 599 test, standardised), plain SGD, batch {BATCH}, "
    f"{EPOCHS} epochs at each lr in {RATES}, seeds {list(SEEDS)}, deterministic torch on CPU"
)

# Thresholds, stated before the run.
DIVERGED_AT = CHANCE_LOSS  # ending no better than a uniform guess over 10 digits (ln 10) means nothing was learned
TRAINS_BELOW = 0.5  # a rate "trains" when its final loss is at most half its starting loss
SLOW_SHARE = 0.25  # "learns slowly": the lowest rate gets at most a quarter of the best rate's loss drop
FASTER_RATIO = 0.9  # "learns faster at first": after epoch 1, each higher rate's loss is <= 0.9x the next lower's
WORSE_RATIO = 2.0  # "misses the best solution": the rate a decade above the best ends with >= 2x the best's loss
RISE = 0.0  # practice-3's "overshoots": the loss goes up from one epoch to the next


def train(lr: float, seed: int) -> list[float]:
    model = mlp(seed=seed)
    return fit(model, data, torch.optim.SGD(model.parameters(), lr=lr), epochs=EPOCHS, seed=seed, batch=BATCH)


started = time.perf_counter()
data = digits()
print(f"digits loaded in {time.perf_counter() - started:.2f} s")
runs = {seed: {lr: train(lr, seed) for lr in RATES} for seed in SEEDS}
best = {seed: min(RATES, key=lambda lr: final(runs[seed][lr])) for seed in SEEDS}
for seed in SEEDS:
    print(
        f"seed {seed}: "
        + ", ".join(f"lr={lr:g}: {r[0]:.3f} -> {r[1]:.3f} -> {r[-1]:.4g}" for lr, r in runs[seed].items())
    )
    print(f"    lowest final loss at lr={best[seed]:g}")
curves = [{"label": f"lr={lr:g}", "values": runs[SEEDS[0]][lr]} for lr in RATES]
sweep = smoothed(lr_range_test(lambda: mlp(seed=0), data, SWEEP, seed=0, batch=BATCH))
lowest, stop = min(range(len(sweep)), key=sweep.__getitem__), blow_up(sweep)
sweep_line = f"range test: smoothed loss lowest at lr={SWEEP[lowest]:.3g}, " + (
    f"blows up (> 4x its lowest) at lr={SWEEP[stop]:.3g}" if stop is not None else "never blows up"
)
print(sweep_line)


def record_curves(item: str) -> None:
    record_experiment(
        item, "Training loss per epoch at each learning rate (seed 0)", curves, setup=SETUP, y_label="training loss"
    )


too_high = every(
    [diverges(runs[s][HIGH], limit=DIVERGED_AT, what=f"seed {s} lr={HIGH:g}") for s in SEEDS]
    + [
        at_most(
            final(runs[s][best[s]]), runs[s][best[s]][0], ratio=TRAINS_BELOW, what=f"seed {s} lr={best[s]:g} trains"
        )
        for s in SEEDS
    ]
)
for item, statement in [
    (
        f"{PYTORCH_3}/card-2",
        f"Too high a rate (lr={HIGH:g}) makes training get worse instead of settling, where lower rates train",
    ),
    (f"{PYTORCH_3}/question-1", f"A high rate (lr={HIGH:g}) overshoots and does not converge, where lower rates do"),
    (f"{PYTORCH_1}/question-4", f"Too high a rate all the time (lr={HIGH:g}) does not learn properly"),
    (f"{PYTORCH_4}/question-4", f"Too large a rate (lr={HIGH:g}) misses the solution lower rates find"),
]:
    with claim(item, statement, expect="demonstrated", setup=SETUP) as c:
        record_curves(item)
        if item.endswith("card-2"):
            record_experiment(
                item,
                "LR range test: smoothed loss as the rate rises each step",
                [{"label": "smoothed loss", "values": sweep}],
                x=SWEEP[: len(sweep)],
                x_label="learning rate",
                y_label="smoothed loss",
                log_x=True,
                setup=f"{SETUP}; range test: one run, seed 0, {len(SWEEP)} steps, lr 1e-4 -> 100",
            )
        print(too_high.numbers, "\n" + sweep_line)
        c.shows(too_high.shown, otherwise=too_high.numbers)

slow = every(
    at_most(
        runs[s][LOW][0] - final(runs[s][LOW]),
        runs[s][best[s]][0] - final(runs[s][best[s]]),
        ratio=SLOW_SHARE,
        what=f"seed {s} loss drop at lr={LOW:g} vs lr={best[s]:g}",
    )
    for s in SEEDS
)
for item, statement in [
    (
        f"{PYTORCH_3}/card-3",
        f"A very low rate (lr={LOW:g}) learns very slowly: after {EPOCHS} epochs it has made little progress",
    ),
    (
        f"{PYTORCH_3}/question-4",
        f"A very low rate (lr={LOW:g}) from the start makes training very slow (getting stuck is not tested)",
    ),
]:
    with claim(item, statement, expect="demonstrated", setup=SETUP) as c:
        record_curves(item)
        print(slow.numbers)
        c.shows(slow.shown, otherwise=slow.numbers)


def faster_start(seed: int):
    trained = [lr for lr in RATES if lr <= best[seed]]
    return every(
        at_most(
            runs[seed][hi][1],
            runs[seed][lo][1],
            ratio=FASTER_RATIO,
            what=f"seed {seed} epoch-1 loss lr={hi:g} vs lr={lo:g}",
        )
        for lo, hi in itertools.pairwise(trained)
    )


faster = every(faster_start(s) for s in SEEDS)
with claim(
    f"{PYTORCH_1}/question-3",
    "A higher starting rate (up to the best one) learns faster in the first epoch",
    expect="not demonstrated",
    setup=SETUP,
) as c:
    record_curves(f"{PYTORCH_1}/question-3")
    print(faster.numbers)
    c.shows(faster.shown, otherwise=faster.numbers)


def skips(seed: int):
    above = [lr for lr in RATES if lr > best[seed]]
    if not above:
        return Finding(False, f"seed {seed}: no rate above the best lr={best[seed]:g}")
    return at_most(
        final(runs[seed][best[seed]]),
        final(runs[seed][above[0]]),
        ratio=1 / WORSE_RATIO,
        what=f"seed {seed} final loss lr={best[seed]:g} vs lr={above[0]:g}",
    )


bigger = every([faster, *(skips(s) for s in SEEDS)])
with claim(
    f"{PYTORCH_4}/question-1",
    "A higher rate speeds up training at first, but a rate above the best ends worse",
    expect="not demonstrated",
    setup=SETUP,
) as c:
    record_curves(f"{PYTORCH_4}/question-1")
    print(bigger.numbers)
    c.shows(bigger.shown, otherwise=bigger.numbers)

# practice-3's loop as written (full batch, 3 epochs, SGD lr=0.1), on this MLP with cross-entropy.
with claim(
    f"{PYTORCH_3}/practice-3",
    "A fixed lr=0.1 makes the model overshoot: its loss goes up between epochs",
    expect="not demonstrated",
    setup="practice-3's loop verbatim: SGD lr=0.1, 3 epochs, full batch of the 1198 training digits, MLP 64-64-10, "
    "cross-entropy, seed 0",
) as c:
    model = mlp(seed=0)
    inputs, target = torch.from_numpy(data.x_train), torch.from_numpy(data.y_train)
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    printed = []
    for epoch in range(3):
        optimizer.zero_grad()
        output = model(inputs)
        loss = loss_fn(output, target)
        loss.backward()
        optimizer.step()
        print(f"Epoch {epoch + 1} loss: {loss.item():.4f}")
        printed.append(loss.item())
    losses = [*printed, objective(model, data.x_train, data.y_train)]
    overshoot = rises(losses, by=RISE, what="loss before each step, then after the last")
    print(overshoot.numbers)
    c.shows(overshoot.shown, otherwise=f"{overshoot.numbers}: lr=0.1 is not too high for this model")
