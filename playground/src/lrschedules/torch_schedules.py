"""PyTorch 2.13 learning-rate schedulers, re-enacted in pure Python.

Why re-enact instead of using a closed form: most torch schedulers are
"chainable" -- ``get_lr()`` multiplies or shifts the *current*
``group["lr"]`` -- so their values carry the rounding of every earlier step.
A closed form such as ``base_lr * gamma ** (epoch // step_size)`` differs
in the last bits.  Each class below repeats torch's own double-precision
operations in torch's order, so ``.lrs(n)`` is bit-identical to reading
``scheduler.get_last_lr()[0]`` from real torch.

The optimizer is reduced to what the schedulers touch: one param group,
a dict holding ``lr`` (and ``initial_lr``, ``max_lr``, ``min_lr`` where
torch puts them there).  ``lr`` in every constructor is that optimizer's
initial learning rate.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, SupportsFloat

__all__ = [
    "CosineAnnealingLR",
    "ExponentialLR",
    "LinearLR",
    "MultiStepLR",
    "OneCycleLR",
    "ReduceLROnPlateau",
    "SequentialLR",
    "StepLR",
]

Group = dict[str, Any]


def _check_optimizer_lr(lr: float) -> None:
    """Reject what ``torch.optim.SGD(params, lr=lr)`` rejects: ``lr`` stands for it."""
    if lr < 0.0:
        raise ValueError(f"Invalid learning rate: {lr}")


def _check_count(n: int) -> None:
    if not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a non-negative int, got {n!r}")


class _Run:
    """The mutable state torch's ``LRScheduler`` keeps while it is stepped.

    Torch's ``_step_count`` is not mirrored: the only value it changes
    (CosineAnnealingLR's first-step branch) needs ``last_epoch`` > -1 at
    construction, which this package does not offer.
    """

    def __init__(self, schedule: _ChainableSchedule, group: Group) -> None:
        self.schedule = schedule
        self.group = group
        group.setdefault("initial_lr", group["lr"])
        self.base_lr = group["initial_lr"]
        self.last_epoch = -1
        self.is_initial = False
        self.last_lr: float = group["lr"]
        self.initial_step()

    def initial_step(self) -> None:
        self.is_initial = True
        self.step()
        self.is_initial = False

    def step(self) -> None:
        self.last_epoch += 1
        self._set(self.schedule._get_lr(self))

    def jump_to_zero(self) -> None:
        """``_update_lr(0)``: how SequentialLR restarts a scheduler at its milestone."""
        self.last_epoch = 0
        self._set(self.schedule._closed_form_lr(self))

    def _set(self, value: float) -> None:
        self.group["lr"] = value
        self.last_lr = value


class _ChainableSchedule:
    """Base of the schedulers that torch steps through ``LRScheduler.step``."""

    def __init__(self, lr: float) -> None:
        _check_optimizer_lr(lr)
        self.lr = lr

    def lrs(self, n: int, losses: Sequence[SupportsFloat] | None = None) -> list[float]:
        """``get_last_lr()[0]`` after construction and after each of n-1 ``step()`` calls.

        ``losses`` is accepted for a uniform signature with ReduceLROnPlateau
        and ignored, as torch's ``step()`` takes no metric here.
        """
        _check_count(n)
        run = self._start({"lr": self.lr})
        values = []
        for i in range(n):
            if i:
                run.step()
            values.append(float(run.last_lr))
        return values

    def _start(self, group: Group) -> _Run:
        """Construct the torch scheduler on ``group`` (this performs its initial step)."""
        return _Run(self, group)

    def _get_lr(self, run: _Run) -> float:
        raise NotImplementedError

    def _closed_form_lr(self, run: _Run) -> float:
        """Torch falls back to ``get_lr()`` where it has no ``_get_closed_form_lr``."""
        return self._get_lr(run)


class StepLR(_ChainableSchedule):
    """Multiply the lr by ``gamma`` every ``step_size`` steps."""

    def __init__(self, lr: float, step_size: int, gamma: float = 0.1) -> None:
        super().__init__(lr)
        self.step_size = step_size
        self.gamma = gamma

    def _get_lr(self, run: _Run) -> float:
        if run.last_epoch == 0 or run.last_epoch % self.step_size != 0:
            return run.group["lr"]
        return run.group["lr"] * self.gamma

    def _closed_form_lr(self, run: _Run) -> float:
        return run.base_lr * self.gamma ** (run.last_epoch // self.step_size)


class MultiStepLR(_ChainableSchedule):
    """Multiply the lr by ``gamma`` at each milestone (repeated milestones compound)."""

    def __init__(self, lr: float, milestones: Iterable[int], gamma: float = 0.1) -> None:
        super().__init__(lr)
        self.milestones = Counter(milestones)
        self.gamma = gamma

    def _get_lr(self, run: _Run) -> float:
        if run.last_epoch not in self.milestones:
            return run.group["lr"]
        return run.group["lr"] * self.gamma ** self.milestones[run.last_epoch]

    def _closed_form_lr(self, run: _Run) -> float:
        milestones = sorted(self.milestones.elements())
        return run.base_lr * self.gamma ** bisect_right(milestones, run.last_epoch)


class ExponentialLR(_ChainableSchedule):
    """Multiply the lr by ``gamma`` every step."""

    def __init__(self, lr: float, gamma: float) -> None:
        super().__init__(lr)
        self.gamma = gamma

    def _get_lr(self, run: _Run) -> float:
        if run.is_initial:
            return run.group["lr"]
        return run.group["lr"] * self.gamma

    def _closed_form_lr(self, run: _Run) -> float:
        return run.base_lr * self.gamma**run.last_epoch


class LinearLR(_ChainableSchedule):
    """Scale the lr linearly from ``start_factor`` to ``end_factor`` over ``total_iters``."""

    def __init__(
        self,
        lr: float,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
    ) -> None:
        super().__init__(lr)
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.")
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError("Ending multiplicative factor expected to be between 0 and 1.")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters

    def _get_lr(self, run: _Run) -> float:
        lr = run.group["lr"]
        if run.last_epoch == 0:
            return lr * self.start_factor
        if run.is_initial or run.last_epoch > self.total_iters:
            return lr
        delta = self.end_factor - self.start_factor
        return lr * (1.0 + delta / (self.total_iters * self.start_factor + (run.last_epoch - 1) * delta))

    def _closed_form_lr(self, run: _Run) -> float:
        return run.base_lr * (
            self.start_factor
            + (self.end_factor - self.start_factor) * min(self.total_iters, run.last_epoch) / self.total_iters
        )


class CosineAnnealingLR(_ChainableSchedule):
    """Cosine annealing from the initial lr to ``eta_min`` over ``T_max`` steps (no restarts)."""

    def __init__(self, lr: float, T_max: int, eta_min: float = 0.0) -> None:
        super().__init__(lr)
        self.T_max = T_max
        self.eta_min = eta_min

    def _get_lr(self, run: _Run) -> float:
        lr = run.group["lr"]
        epoch, t_max, eta_min = run.last_epoch, self.T_max, self.eta_min
        if run.is_initial:
            return lr
        if (epoch - 1 - t_max) % (2 * t_max) == 0:
            return lr + (run.base_lr - eta_min) * (1 - math.cos(math.pi / t_max)) / 2
        return (1 + math.cos(math.pi * epoch / t_max)) / (1 + math.cos(math.pi * (epoch - 1) / t_max)) * (
            lr - eta_min
        ) + eta_min

    def _closed_form_lr(self, run: _Run) -> float:
        return self.eta_min + (run.base_lr - self.eta_min) * (1 + math.cos(math.pi * run.last_epoch / self.T_max)) / 2


class OneCycleLR(_ChainableSchedule):
    """The 1cycle policy.  Torch replaces the optimizer's lr by ``max_lr / div_factor``.

    ``lr`` is accepted for a uniform signature; it only matters inside a
    SequentialLR, where it is the lr the other schedulers were built with.
    """

    def __init__(  # noqa: PLR0917 (torch's positional signature)
        self,
        lr: float,
        max_lr: float | Sequence[float],
        total_steps: int | None = None,
        epochs: int | None = None,
        steps_per_epoch: int | None = None,
        pct_start: float = 0.3,
        anneal_strategy: str = "cos",
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        three_phase: bool = False,
    ) -> None:
        super().__init__(lr)
        if total_steps is not None:
            if total_steps <= 0 or not isinstance(total_steps, int):
                raise ValueError(f"Expected positive integer total_steps, but got {total_steps}")
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            if not isinstance(epochs, int) or epochs <= 0:
                raise ValueError(f"Expected positive integer epochs, but got {epochs}")
            if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
                raise ValueError(f"Expected positive integer steps_per_epoch, but got {steps_per_epoch}")
            self.total_steps = epochs * steps_per_epoch
        else:
            raise ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)")

        # (end_step, start key, end key) per phase, as torch's _schedule_phases.
        warmup_end = float(pct_start * self.total_steps) - 1
        if three_phase:
            self.phases = [
                (warmup_end, "initial_lr", "max_lr"),
                (float(2 * pct_start * self.total_steps) - 2, "max_lr", "initial_lr"),
                (self.total_steps - 1, "initial_lr", "min_lr"),
            ]
        else:
            self.phases = [
                (warmup_end, "initial_lr", "max_lr"),
                (self.total_steps - 1, "max_lr", "min_lr"),
            ]

        if pct_start < 0 or pct_start > 1 or not isinstance(pct_start, float):
            raise ValueError(f"Expected float between 0 and 1 pct_start, but got {pct_start}")
        if anneal_strategy not in ["cos", "linear"]:
            raise ValueError(f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}")
        self.anneal_strategy = anneal_strategy
        if isinstance(max_lr, (list, tuple)):
            if len(max_lr) != 1:
                raise ValueError(
                    "max_lr must have the same length as optimizer.param_groups. "
                    f"max_lr has {len(max_lr)} values, param_groups has 1."
                )
            max_lr = max_lr[0]
        self.max_lr = max_lr
        self.div_factor = div_factor
        self.final_div_factor = final_div_factor

    def _start(self, group: Group) -> _Run:
        # Torch overwrites (not setdefault) these keys before LRScheduler.__init__.
        group["initial_lr"] = self.max_lr / self.div_factor
        group["max_lr"] = self.max_lr
        group["min_lr"] = group["initial_lr"] / self.final_div_factor
        return _Run(self, group)

    def _anneal(self, start: float, end: float, pct: float) -> float:
        if self.anneal_strategy == "cos":
            cos_out = math.cos(math.pi * pct) + 1
            return end + (start - end) / 2.0 * cos_out
        return (end - start) * pct + start

    def _get_lr(self, run: _Run) -> float:
        step_num = run.last_epoch
        if step_num > self.total_steps:
            raise ValueError(
                f"Tried to step {step_num} times. The specified number of total steps is {self.total_steps}"
            )
        start_step = 0.0
        phase = self.phases[-1]
        for candidate in self.phases[:-1]:
            if step_num <= candidate[0]:
                phase = candidate
                break
            start_step = candidate[0]
        end_step, start_key, end_key = phase
        pct = (step_num - start_step) / (end_step - start_step)
        return self._anneal(run.group[start_key], run.group[end_key], pct)


class SequentialLR:
    """Hand over from one scheduler to the next at each milestone.

    ``schedulers`` are this module's schedule objects, all built with this
    ``lr`` (torch requires them to share one optimizer).  As in torch, every
    child is constructed on the shared param group in list order -- so a
    child's construction step can change what later children see, e.g. a
    OneCycleLR overwrites ``initial_lr``.  Nesting a SequentialLR is not
    supported.
    """

    def __init__(self, lr: float, schedulers: Sequence[_ChainableSchedule], milestones: Sequence[int]) -> None:
        _check_optimizer_lr(lr)
        name = type(self).__name__
        if len(schedulers) < 1:
            raise ValueError(f"{name} expects at least one scheduler, but got no scheduler.")
        for idx, scheduler in enumerate(schedulers):
            if isinstance(scheduler, ReduceLROnPlateau):
                raise ValueError(
                    f"{name} does not support `ReduceLROnPlateau` scheduler as it "
                    "requires additional kwargs to be specified when calling `step`, "
                    f"but got one at index {idx} in the given schedulers sequence."
                )
            if not isinstance(scheduler, _ChainableSchedule):
                raise TypeError(
                    f"{name} at index {idx} should be one of StepLR, MultiStepLR, "
                    "ExponentialLR, LinearLR, CosineAnnealingLR or OneCycleLR, "
                    f"got {type(scheduler).__name__}."
                )
            if scheduler.lr != lr:
                raise ValueError(
                    f"{name} expects all schedulers to belong to the same optimizer, but "
                    f"got scheduler {type(scheduler).__name__} at index {idx} with "
                    f"lr={scheduler.lr}, which is different from lr={lr}."
                )
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(
                "Sequential Schedulers expects number of schedulers provided to be one more "
                f"than the number of milestone points, but got number of schedulers {len(schedulers)} "
                f"and the number of milestones to be equal to {len(milestones)}"
            )
        self.lr = lr
        self.schedulers = list(schedulers)
        self.milestones = list(milestones)

    def lrs(self, n: int, losses: Sequence[SupportsFloat] | None = None) -> list[float]:
        """``get_last_lr()[0]`` after construction and after each of n-1 ``step()`` calls."""
        _check_count(n)
        group: Group = {"lr": self.lr}
        runs = [scheduler._start(group) for scheduler in self.schedulers]
        group["lr"] = group["initial_lr"]
        for run in runs:  # SequentialLR.recursive_undo
            run.last_epoch -= 1
        idx = bisect_right(self.milestones, 0)
        runs[idx].initial_step()
        last_lr = runs[idx].last_lr
        values = []
        for epoch in range(n):
            if epoch:
                idx = bisect_right(self.milestones, epoch)
                run = runs[idx]
                if idx > 0 and self.milestones[idx - 1] == epoch:
                    run.jump_to_zero()
                else:
                    run.step()
                last_lr = run.last_lr
            values.append(float(last_lr))
        return values


class ReduceLROnPlateau:
    """Divide the lr by ``1/factor`` when the metric stops improving."""

    def __init__(  # noqa: PLR0917 (torch's positional signature)
        self,
        lr: float,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr: float | Sequence[float] = 0,
        eps: float = 1e-8,
    ) -> None:
        _check_optimizer_lr(lr)
        if factor >= 1.0:
            raise ValueError("Factor should be < 1.0.")
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != 1:
                raise ValueError(f"expected 1 min_lrs, got {len(min_lr)}")
            min_lr = min_lr[0]
        if mode not in {"min", "max"}:
            raise ValueError("mode " + mode + " is unknown!")
        if threshold_mode not in {"rel", "abs"}:
            raise ValueError("threshold mode " + threshold_mode + " is unknown!")
        self.lr = lr
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.threshold_mode = threshold_mode
        self.cooldown = cooldown
        self.min_lr = min_lr
        self.eps = eps

    def _is_better(self, a: float, best: float) -> bool:
        if self.mode == "min" and self.threshold_mode == "rel":
            return a < best * (1.0 - self.threshold)
        if self.mode == "min":
            return a < best - self.threshold
        if self.threshold_mode == "rel":
            return a > best * (self.threshold + 1.0)
        return a > best + self.threshold

    def lrs(self, n: int, losses: Sequence[SupportsFloat] | None = None) -> list[float]:
        """The lr after construction and after each ``step(losses[i])``, i < n-1."""
        _check_count(n)
        if n > 1 and (losses is None or len(losses) < n - 1):
            got = "no losses" if losses is None else f"{len(losses)} losses"
            raise ValueError(f"ReduceLROnPlateau.lrs({n}) needs at least {n - 1} losses, got {got}")
        lr = self.lr
        best = math.inf if self.mode == "min" else -math.inf
        num_bad_epochs = 0
        cooldown_counter = 0
        values = [float(lr)] if n else []
        for metric in list(losses or ())[: max(n - 1, 0)]:
            current = float(metric)
            if self._is_better(current, best):
                best = current
                num_bad_epochs = 0
            else:
                num_bad_epochs += 1
            if cooldown_counter > 0:
                cooldown_counter -= 1
                num_bad_epochs = 0
            if num_bad_epochs > self.patience:
                old_lr = float(lr)
                new_lr = max(old_lr * self.factor, self.min_lr)
                if old_lr - new_lr > self.eps:
                    lr = new_lr
                cooldown_counter = self.cooldown
                num_bad_epochs = 0
            values.append(float(lr))
        return values
