"""The PyTorch schedulers the cards and questions name exist and do what the text says."""
# checks: 001_86db7ff235491f39/card-3, 001_86db7ff235491f39/card-4, 001_86db7ff235491f39/question-2
# checks: 001_86db7ff235491f39/question-5, 003_922fc2f599061697/card-5, 003_922fc2f599061697/question-3
# checks: 001_86db7ff235491f39/question-1

import itertools

import torch

from verikb.verify.claims import claim

PYTORCH_1, PYTORCH_3 = "001_86db7ff235491f39", "003_922fc2f599061697"


def lrs(make_scheduler, epochs: int = 7, losses=None) -> list[float]:
    """The learning rate in each epoch, read from the real optimizer."""
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    scheduler = make_scheduler(optimizer)
    seen = []
    for epoch in range(epochs):
        seen.append(round(optimizer.param_groups[0]["lr"], 10))
        optimizer.step()
        if losses is None:
            scheduler.step()
        else:
            scheduler.step(losses[epoch])
    print([f"{v:g}" for v in seen])
    return seen


def step_lr(opt):
    return torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)


def exponential_lr(opt):
    return torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.8)


with claim(
    f"{PYTORCH_1}/card-3",
    "StepLR reduces the learning rate after fixed steps; ExponentialLR reduces it smoothly over time",
    expect="verified",
) as c:
    print("StepLR(step_size=3, gamma=0.5):", end=" ")
    step = lrs(step_lr)
    print("ExponentialLR(gamma=0.8):", end=" ")
    exp = lrs(exponential_lr)
    c.holds(
        step == [0.1] * 3 + [0.05] * 3 + [0.025] and all(b < a for a, b in itertools.pairwise(exp)),
        otherwise=f"StepLR gives {step}, ExponentialLR gives {exp}",
    )

for item, text in [
    (f"{PYTORCH_1}/card-4", "StepLR lowers the learning rate by a factor every few epochs"),
    (f"{PYTORCH_1}/question-2", "StepLR reduces the learning rate by a factor every fixed number of epochs"),
]:
    with claim(item, text, expect="verified") as c:
        got = lrs(step_lr)
        c.holds(got == [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025], otherwise=f"StepLR gives {got}")

with claim(
    f"{PYTORCH_1}/question-5",
    "ReduceLROnPlateau lowers the learning rate when validation loss stops improving",
    expect="verified",
) as c:
    losses = [1.0, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7]
    print(f"validation losses: {losses}")
    got = lrs(lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=1), losses=losses)
    c.holds(got[:4] == [0.1] * 4 and got[-1] < 0.1, otherwise=f"ReduceLROnPlateau gives {got}")

with claim(
    f"{PYTORCH_3}/card-5",
    "StepLR and ReduceLROnPlateau adjust the learning rate during training",
    expect="verified",
) as c:
    step = lrs(step_lr)
    plateau = lrs(lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, patience=0), losses=[1.0] * 7)
    c.holds(len(set(step)) > 1 and len(set(plateau)) > 1, otherwise="one of them keeps the rate fixed")

with claim(
    f"{PYTORCH_3}/question-3/option-1",
    "Learning rate schedulers (torch.optim.lr_scheduler) change the learning rate during training",
    expect="verified",
) as c:
    names = sorted(n for n in dir(torch.optim.lr_scheduler) if n.endswith("LR") or n == "ReduceLROnPlateau")
    print("torch.optim.lr_scheduler offers:", ", ".join(names))
    c.holds(len(set(lrs(exponential_lr))) > 1, otherwise="ExponentialLR kept the rate fixed")

with claim(
    f"{PYTORCH_1}/question-1",
    "A learning rate scheduler adjusts the learning rate during training",
    expect="verified",
) as c:
    got = lrs(step_lr)
    c.holds(len(set(got)) > 1, otherwise=f"the rate stayed at {got[0]}")
