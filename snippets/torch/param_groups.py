"""Per-layer learning rates in PyTorch: a list of dicts ("parameter groups") given to the optimizer."""
# checks: 004_33f72aaf9d4d1e34/card-4, 004_33f72aaf9d4d1e34/question-2, 004_33f72aaf9d4d1e34/card-5

import torch

from verikb.verify.claims import claim

DECK = "004_33f72aaf9d4d1e34"
backbone, head = torch.nn.Linear(4, 4), torch.nn.Linear(4, 2)

with claim(
    f"{DECK}/card-4",
    "A list of dicts, each with 'params' and 'lr', gives each part its own learning rate",
    expect="verified",
) as c:
    optimizer = torch.optim.SGD(
        [{"params": backbone.parameters(), "lr": 1e-4}, {"params": head.parameters(), "lr": 1e-2}], lr=1e-3
    )
    got = [g["lr"] for g in optimizer.param_groups]
    print("param_groups lr:", got)
    c.holds(got == [1e-4, 1e-2], otherwise=f"the groups got {got}")

with claim(f"{DECK}/card-4", "A group without 'lr' takes the optimizer's default lr", expect="verified") as c:
    optimizer = torch.optim.SGD([{"params": backbone.parameters()}, {"params": head.parameters(), "lr": 1e-2}], lr=1e-3)
    got = [g["lr"] for g in optimizer.param_groups]
    print("param_groups lr:", got)
    c.holds(got == [1e-3, 1e-2], otherwise=f"the groups got {got}")

with claim(f"{DECK}/card-4", "A parameter listed in two groups is rejected", expect="verified") as c:
    try:
        torch.optim.SGD([{"params": head.parameters()}, {"params": head.parameters(), "lr": 1e-2}], lr=1e-3)
        c.refuted("the optimizer accepts a parameter in two groups")
    except ValueError as exc:
        print(f"ValueError: {exc}")
        c.verified()

with claim(
    f"{DECK}/question-2",
    "Parameter groups with their own 'lr' values set different rates per layer",
    expect="verified",
) as c:
    optimizer = torch.optim.SGD([{"params": backbone.parameters(), "lr": 0.0}, {"params": head.parameters()}], lr=0.5)
    before = [p.detach().clone() for p in (*backbone.parameters(), *head.parameters())]
    loss = head(backbone(torch.ones(1, 4))).sum()
    loss.backward()
    optimizer.step()
    after = [*backbone.parameters(), *head.parameters()]
    moved = [not torch.equal(b, a) for b, a in zip(before, after, strict=False)]
    print("parameters changed by one step (backbone lr 0, head lr 0.5):", moved)
    c.holds(moved == [False, False, True, True], otherwise=f"parameters moved: {moved}")

with claim(
    f"{DECK}/card-5",
    "Fine-tuning can give old layers a small rate and new layers a bigger one",
    expect="verified",
) as c:
    optimizer = torch.optim.Adam(
        [{"params": backbone.parameters(), "lr": 1e-5}, {"params": head.parameters(), "lr": 1e-3}]
    )
    got = [g["lr"] for g in optimizer.param_groups]
    print("Adam param_groups lr:", got)
    c.holds(got[0] < got[1], otherwise=f"the groups got {got}")
