"""Practice-4: run its StepLR loop for real, in the source's order and in the "fixed" order.

The source says the loop prints 0.0500, 0.0500, 0.0250, 0.0250 and blames the order of
``scheduler.step()`` and ``optimizer.step()``. We print what PyTorch prints, the learning rate
each ``optimizer.step()`` really used, and the warnings, for both orders.
"""
# checks: 003_922fc2f599061697/practice-4

import warnings

import torch

from verikb.verify.claims import claim

DECK = "003_922fc2f599061697"
CLAIMED = ["0.0500", "0.0500", "0.0250", "0.0250"]


def training_loop(scheduler_first: bool) -> tuple[list[str], list[float], list[str]]:
    """The practice problem's loop on a real model; returns printed lrs, used lrs, warnings."""
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    loss_fn = torch.nn.MSELoss()
    inputs, target = torch.ones(4, 2), torch.zeros(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    printed, used = [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for epoch in range(4):
            optimizer.zero_grad()
            loss = loss_fn(model(inputs), target)
            loss.backward()
            if scheduler_first:
                scheduler.step()
            used.append(optimizer.param_groups[0]["lr"])
            optimizer.step()
            if not scheduler_first:
                scheduler.step()
            line = f"Epoch {epoch + 1} lr: {scheduler.get_last_lr()[0]:.4f}"
            print(line)
            printed.append(line.rsplit(" ", 1)[1])
    print(f"lr used by each optimizer.step(): {used}")
    return printed, used, [str(w.message).split(". ")[0] for w in caught]


with claim(f"{DECK}/practice-4", "The loop prints 0.0500, 0.0500, 0.0250, 0.0250", expect="refuted") as c:
    printed, used, _ = training_loop(scheduler_first=False)
    c.holds(printed == CLAIMED, otherwise=f"it prints {', '.join(printed)}: the first epoch trains and prints 0.1")

with claim(
    f"{DECK}/practice-4/option-1",
    "Calling scheduler.step() after optimizer.step() makes the learning rate update too early",
    expect="refuted",
) as c:
    printed, used, warned = training_loop(scheduler_first=False)
    c.holds(
        used != [0.1, 0.1, 0.05, 0.05] or bool(warned),
        otherwise="this is the order PyTorch asks for: epochs train with 0.1, 0.1, 0.05, 0.05, no warning",
    )

with claim(
    f"{DECK}/practice-4/option-2",
    "The scheduler should be called before optimizer.step() to update correctly",
    expect="refuted",
) as c:
    printed, used, warned = training_loop(scheduler_first=True)
    for message in warned:
        print(f"UserWarning: {message}")
    c.holds(
        not warned and used == [0.1, 0.1, 0.05, 0.05],
        otherwise=f"PyTorch warns ({warned[0] if warned else 'no warning'}) and skips the first value: "
        f"epochs train with {used}",
    )

with claim(
    f"{DECK}/practice-4/option-3",
    "The learning rate is not changing because gamma is too small",
    expect="refuted",
) as c:
    printed, _, _ = training_loop(scheduler_first=False)
    c.holds(len(set(printed)) == 1, otherwise=f"it changes: {', '.join(printed)} (gamma=0.5 halves it)")

with claim(f"{DECK}/practice-4/option-4", "The step_size should be 1 to update every epoch", expect="refuted") as c:
    printed, _, _ = training_loop(scheduler_first=False)
    c.holds(
        printed == CLAIMED,
        otherwise="step_size=2 halves the rate every 2 epochs as written; nothing in the loop is wrong",
    )
