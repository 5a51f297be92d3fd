"""Seeded, deterministic PyTorch training on CPU for the experiment snippets: a small MLP, a loop, a range test.

torch is imported inside each function, so importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from verikb.verify.experiments import Digits

__all__ = ["accuracy", "fit", "lr_range_test", "mlp", "objective", "seeded"]


def seeded(seed: int) -> None:
    """Same seed, same numbers: deterministic kernels, one thread (tiny models gain nothing from more)."""
    import torch

    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)


def mlp(*, classes: int = 10, hidden: int = 64, seed: int) -> Any:
    """64 pixels -> ``hidden`` ReLU units -> ``classes`` logits, initialised from ``seed``."""
    import torch

    seeded(seed)
    return torch.nn.Sequential(torch.nn.Linear(64, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, classes))


def _tensors(x: np.ndarray, y: np.ndarray) -> tuple[Any, Any]:
    import torch

    return torch.from_numpy(x), torch.from_numpy(y)


def objective(model: Any, x: np.ndarray, y: np.ndarray, *, weight_decay: float = 0.0) -> float:
    """Mean cross-entropy on (x, y), plus the L2 term SGD's ``weight_decay`` minimises with it."""
    import torch

    with torch.no_grad():
        inputs, labels = _tensors(x, y)
        loss = torch.nn.functional.cross_entropy(model(inputs), labels).item()
        penalty = sum(float((p**2).sum()) for p in model.parameters())
    return loss + weight_decay / 2 * penalty


def accuracy(model: Any, x: np.ndarray, y: np.ndarray) -> float:
    import torch

    with torch.no_grad():
        inputs, labels = _tensors(x, y)
        return float((model(inputs).argmax(dim=1) == labels).float().mean())


def fit(
    model: Any,
    data: Digits,
    optimizer: Any,
    *,
    epochs: int,
    seed: int,
    batch: int = 64,
    scheduler: Any = None,
    weight_decay: float = 0.0,
) -> list[float]:
    """Minibatch training; the training objective before training and after each epoch (nan once it blew up)."""
    import torch

    inputs, labels = _tensors(data.x_train, data.y_train)
    order = torch.Generator().manual_seed(seed)
    losses = [objective(model, data.x_train, data.y_train, weight_decay=weight_decay)]
    for _ in range(epochs):
        perm = torch.randperm(len(labels), generator=order)
        for start in range(0, len(labels), batch):
            rows = perm[start : start + batch]
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(inputs[rows]), labels[rows]).backward()
            optimizer.step()
        if scheduler is not None:
            scheduler.step()
        losses.append(objective(model, data.x_train, data.y_train, weight_decay=weight_decay))
    return losses


def lr_range_test(
    make_model: Callable[[], Any], data: Digits, rates: Sequence[float], *, seed: int, batch: int = 64
) -> list[float]:
    """Smith's LR range test: one SGD step per rate, rising; the loss of each step's batch (stops at nan)."""
    import torch

    model = make_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=rates[0])
    inputs, labels = _tensors(data.x_train, data.y_train)
    order = torch.Generator().manual_seed(seed)
    perm, losses = torch.randperm(len(labels), generator=order), []
    for step, rate in enumerate(rates):
        start = step * batch % (len(labels) - batch + 1)
        rows = perm[start : start + batch]
        optimizer.param_groups[0]["lr"] = rate
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(inputs[rows]), labels[rows])
        losses.append(loss.item())
        if not torch.isfinite(loss):
            break
        loss.backward()
        optimizer.step()
    return losses
