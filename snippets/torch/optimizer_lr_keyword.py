"""Which of practice-2's four optimizer calls really create an optimizer with lr 0.01?

Each option's code runs verbatim against a real model; a TypeError is the evidence.
"""
# checks: 003_922fc2f599061697/practice-2

import torch

from verikb.verify.claims import claim

DECK = "003_922fc2f599061697"
model = torch.nn.Linear(3, 1)
OPTIONS = {
    1: "optimizer = torch.optim.SGD(model.parameters(), learningRate=0.01)",
    2: "optimizer = torch.optim.Adam(model.parameters(), learning_rate=0.01)",
    3: "optimizer = torch.optim.SGD(model.parameters(), lr=0.01)",
    4: "optimizer = torch.optim.Adam(model.parameters(), rate=0.01)",
}
EXPECTED = {1: "refuted", 2: "refuted", 3: "verified", 4: "refuted"}


def run(code: str) -> str | None:
    """None when the code creates an optimizer with lr 0.01, else the error it raises."""
    scope = {"torch": torch, "model": model}
    try:
        exec(code, scope)
    except TypeError as exc:
        print(f"TypeError: {exc}")
        return f"TypeError: {exc}"
    lr = scope["optimizer"].param_groups[0]["lr"]
    print(f"{type(scope['optimizer']).__name__} created, param_groups[0]['lr'] = {lr}")
    return None if lr == 0.01 else f"the optimizer's lr is {lr}"


for number, code in OPTIONS.items():
    with claim(
        f"{DECK}/practice-2/option-{number}",
        f"`{code}` creates an optimizer with lr 0.01",
        expect=EXPECTED[number],
    ) as c:
        error = run(code)
        c.holds(error is None, otherwise=f"it raises {error}; PyTorch optimizers take `lr=`")

with claim(f"{DECK}/practice-2", "The answer is C: PyTorch optimizers take the keyword `lr`", expect="verified") as c:
    works = [n for n, code in OPTIONS.items() if run(code) is None]
    print(f"options that work: {works}")
    c.holds(works == [3], otherwise=f"the options that work are {works}")
