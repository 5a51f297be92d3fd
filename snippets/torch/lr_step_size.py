"""The learning rate is the size of each step: an SGD step moves weights by lr x gradient."""
# checks: 003_922fc2f599061697/practice-1

import torch

from verikb.verify.claims import claim

DECK = "003_922fc2f599061697"


def one_step(lr: float) -> float:
    weight = torch.nn.Parameter(torch.tensor([1.0]))
    optimizer = torch.optim.SGD([weight], lr=lr)
    (weight**2).sum().backward()  # gradient 2.0
    optimizer.step()
    return 1.0 - weight.item()


with claim(
    f"{DECK}/practice-1/option-4",
    "The learning rate controls the size of the steps the model takes",
    expect="verified",
) as c:
    steps = {lr: one_step(lr) for lr in (0.01, 0.1, 0.2)}
    for lr, step in steps.items():
        print(f"lr={lr}: the weight moved by {step:.4f} (gradient 2.0)")
    c.holds(all(abs(step - 2.0 * lr) < 1e-6 for lr, step in steps.items()), otherwise=f"steps were {steps}")
