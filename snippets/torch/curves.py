"""Learning-rate curves computed by real PyTorch schedulers, for the plots on the topic pages.

Each curve is the rate an optimizer holds in each epoch, read from ``optimizer.param_groups``.
"""
# checks: 001_86db7ff235491f39/card-3, 001_86db7ff235491f39/question-5, 003_922fc2f599061697/practice-4

import torch
from lrschedules import curve

from verikb.verify.claims import claim, record_curve

EPOCHS = 20
LOSSES = [1.0, 0.5, 0.25, 0.125, 0.0625] + [0.2] * 15  # improving, then flat from epoch 5


def rates(make, losses=None, epochs: int = EPOCHS) -> list[float]:
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    scheduler = make(optimizer)
    seen = []
    for epoch in range(epochs):
        seen.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step(*([losses[epoch]] if losses else []))
    return seen


CURVES = [
    (
        "001_86db7ff235491f39/card-3",
        "StepLR(optimizer, step_size=5, gamma=0.5), lr=0.1",
        lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=5, gamma=0.5),
        None,
        'curve("StepLR", 20, lr=0.1, step_size=5, gamma=0.5)',
    ),
    (
        "001_86db7ff235491f39/card-3",
        "ExponentialLR(optimizer, gamma=0.85), lr=0.1",
        lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.85),
        None,
        'curve("ExponentialLR", 20, lr=0.1, gamma=0.85)',
    ),
    (
        "001_86db7ff235491f39/question-5",
        "ReduceLROnPlateau(optimizer, factor=0.5, patience=2), lr=0.1, loss flat from epoch 5",
        lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=2),
        LOSSES,
        f'curve("ReduceLROnPlateau", 20, lr=0.1, factor=0.5, patience=2, losses={LOSSES})',
    ),
    (
        "003_922fc2f599061697/practice-4",
        "StepLR(optimizer, step_size=2, gamma=0.5), lr=0.1 (practice-4's scheduler)",
        lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=2, gamma=0.5),
        None,
        'curve("StepLR", 20, lr=0.1, step_size=2, gamma=0.5)',
    ),
]

for item, title, make, losses, browser in CURVES:
    with claim(item, f"{title.split('(')[0]} lowers the rate over the epochs", expect="verified") as c:
        values = rates(make, losses)
        record_curve(item, title, values, code=title.split(", lr")[0].replace("optimizer", "opt"), browser=browser)
        print(title, "->", [f"{v:.4g}" for v in values])
        c.holds(values[-1] < values[0], otherwise=f"the rate went from {values[0]} to {values[-1]}")

for item, title, make, losses, browser in CURVES:
    with claim(
        item, f"lrschedules reproduces {title.split('(')[0]} exactly (the page's runnable copy)", expect="verified"
    ) as c:
        real, ours = rates(make, losses), eval(browser, {"curve": curve})  # browser: a literal call written above
        print("torch:", real, "\nlrschedules:", ours)
        c.holds(real == ours, otherwise=f"they differ: {[(a, b) for a, b in zip(real, ours, strict=True) if a != b]}")
