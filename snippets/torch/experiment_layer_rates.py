"""Per-layer rates when fine-tuning: pre-train on digits 0-4, fine-tune on 5-9 with a new head, three ways.

One small rate for everything, one large rate for everything, or parameter groups (small for the
pre-trained layers, large for the new head). Task A's accuracy after fine-tuning (the old head on the
fine-tuned layers) measures what was kept; task B's, what was learned.
"""
# checks: 004_33f72aaf9d4d1e34/card-3, 004_33f72aaf9d4d1e34/question-3

import copy

import torch

from verikb.verify.claims import claim, record_experiment
from verikb.verify.experiments import at_least, digits, every
from verikb.verify.torch_training import accuracy, fit, mlp, seeded

DECK = "004_33f72aaf9d4d1e34"

# The setup.
SMALL, LARGE = 0.01, 1.0  # a decade below and at the largest power of ten plain SGD trains this MLP at
PRETRAIN_LR, PRETRAIN_EPOCHS, FINE_TUNE_EPOCHS, BATCH, SEEDS = 0.1, 15, 5, 64, (0, 1, 2)
SETUP = (
    f"MLP 64-64 (ReLU) + 5-way head, scikit-learn digits: pre-trained on 0-4 (SGD lr={PRETRAIN_LR:g}, "
    f"{PRETRAIN_EPOCHS} epochs), then a new head fine-tuned with all layers on 5-9 for {FINE_TUNE_EPOCHS} epochs "
    f"(SGD, batch {BATCH}): lr={SMALL:g} for all, lr={LARGE:g} for all, or groups {SMALL:g} (old layers) / "
    f"{LARGE:g} (new head); seeds {list(SEEDS)}, deterministic torch on CPU"
)

# Thresholds, stated before the run.
KEEPS = 0.10  # "keeps what it knew": task-A accuracy at least 10 points above the one-large-rate run's
LEARNS = 0.05  # "learns the new task better": task-B accuracy at least 5 points above the one-small-rate run's

task_a, task_b = digits(classes=range(5)), digits(classes=range(5, 10))


def fine_tune(seed: int) -> dict[str, tuple[float, float, list[float]]]:
    """Task-A accuracy, task-B accuracy and the task-B loss curve after each way of fine-tuning."""
    pretrained = mlp(classes=5, seed=seed)
    fit(pretrained, task_a, torch.optim.SGD(pretrained.parameters(), lr=PRETRAIN_LR), epochs=PRETRAIN_EPOCHS, seed=seed)
    print(f"seed {seed}: pre-trained task-A accuracy {accuracy(pretrained, task_a.x_test, task_a.y_test):.3f}")
    out = {}
    for name in ("one small rate", "one large rate", "per-layer rates"):
        body = copy.deepcopy(pretrained[:2])
        seeded(seed + 100)
        head = torch.nn.Linear(64, 5)
        groups = {
            "one small rate": [{"params": [*body.parameters(), *head.parameters()], "lr": SMALL}],
            "one large rate": [{"params": [*body.parameters(), *head.parameters()], "lr": LARGE}],
            "per-layer rates": [{"params": body.parameters(), "lr": SMALL}, {"params": head.parameters(), "lr": LARGE}],
        }[name]
        new_model = torch.nn.Sequential(body, head)
        losses = fit(new_model, task_b, torch.optim.SGD(groups), epochs=FINE_TUNE_EPOCHS, seed=seed, batch=BATCH)
        old_model = torch.nn.Sequential(body, pretrained[2])
        kept = accuracy(old_model, task_a.x_test, task_a.y_test)
        out[name] = (kept, accuracy(new_model, task_b.x_test, task_b.y_test), losses)
        print(f"    {name}: task-A accuracy {kept:.3f}, task-B accuracy {out[name][1]:.3f}")
    return out


runs = {seed: fine_tune(seed) for seed in SEEDS}
keeps = every(
    at_least(
        r["per-layer rates"][0], r["one large rate"][0], margin=KEEPS, what=f"seed {s} task-A accuracy, groups vs large"
    )
    for s, r in runs.items()
)
learns = every(
    at_least(
        r["per-layer rates"][1],
        r["one small rate"][1],
        margin=LEARNS,
        what=f"seed {s} task-B accuracy, groups vs small",
    )
    for s, r in runs.items()
)
curves = [{"label": name, "values": losses} for name, (_, _, losses) in runs[SEEDS[0]].items()]

for item, statement, finding in [
    (
        f"{DECK}/card-3",
        "Different rates per layer (small for pre-trained layers, large for the new head) keep the old task better "
        "than one large rate and learn the new one better than one small rate",
        every([keeps, learns]),
    ),
    (
        f"{DECK}/question-3",
        "A smaller rate for the pre-trained layers preserves what they learned (task A) better than one large rate",
        keeps,
    ),
]:
    with claim(item, statement, expect="not demonstrated", setup=SETUP) as c:
        record_experiment(item, "Task-B training loss while fine-tuning (seed 0)", curves, setup=SETUP, y_label="loss")
        print(finding.numbers)
        c.shows(finding.shown, otherwise=finding.numbers)
