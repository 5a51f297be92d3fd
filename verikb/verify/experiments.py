"""What the experiment snippets share: the digits data, the LR range test's arithmetic, and the decisions.

No framework is imported here (the torch and Keras training loops live in ``torch_training`` and
``keras_training``). Each decision compares measured numbers with a threshold the snippet states as
a module constant before it runs, and returns the numbers with the outcome, so the snippet can print
them and a test can call the same decision with an impossible threshold and see the verdict flip.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

__all__ = [
    "CHANCE_LOSS",
    "Digits",
    "Finding",
    "at_least",
    "at_most",
    "blow_up",
    "digits",
    "diverges",
    "every",
    "final",
    "rises",
    "rising_rates",
    "smoothed",
]

CHANCE_LOSS = math.log(10)
"""Cross-entropy of a uniform guess over the 10 digits: a run ending at or above it learned nothing."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Digits:
    """scikit-learn's bundled 8x8 digits (no download), standardised with the training half's statistics."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def classes(self) -> int:
        return int(self.y_train.max()) + 1


def digits(*, classes: Sequence[int] = range(10), seed: int = 0, train_share: float = 2 / 3) -> Digits:
    """The digits of ``classes`` (relabelled 0..k-1, so 5-9 is a task of its own), split by ``seed``."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    keep = np.isin(bunch.target, list(classes))
    x, y = bunch.data[keep].astype("float32"), np.searchsorted(np.asarray(sorted(classes)), bunch.target[keep])
    order = np.random.default_rng(seed).permutation(len(y))
    x, y = x[order], y[order].astype("int64")
    cut = int(len(y) * train_share)
    mean, std = x[:cut].mean(axis=0), x[:cut].std(axis=0) + 1e-6
    x = (x - mean) / std
    return Digits(x_train=x[:cut], y_train=y[:cut], x_test=x[cut:], y_test=y[cut:])


def rising_rates(start: float, stop: float, steps: int) -> list[float]:
    """The LR range test's rates: ``steps`` rates rising exponentially from ``start`` to ``stop``."""
    return [start * (stop / start) ** (i / (steps - 1)) for i in range(steps)]


def smoothed(losses: Iterable[float], beta: float = 0.98) -> list[float]:
    """The debiased moving average fastai's ``lr_find`` plots, so one noisy batch does not read as a trend."""
    average, out = 0.0, []
    for i, loss in enumerate(losses, start=1):
        average = beta * average + (1 - beta) * loss
        out.append(average / (1 - beta**i))
    return out


def blow_up(losses: Sequence[float], factor: float = 4.0) -> int | None:
    """Index where the smoothed loss first exceeds ``factor`` x its lowest value so far (fastai's stop rule)."""
    best = math.inf
    for i, loss in enumerate(losses):
        if not math.isfinite(loss) or loss > factor * best:
            return i
        best = min(best, loss)
    return None


class Finding(NamedTuple):
    """A decision and the numbers it was made on, in one line."""

    shown: bool
    numbers: str


def diverges(losses: Sequence[float], *, limit: float, what: str) -> Finding:
    """Training got nowhere: the last loss is not finite or not below ``limit``."""
    last = losses[-1]
    shown = not math.isfinite(last) or last >= limit
    return Finding(shown, f"{what}: loss {losses[0]:.4g} -> {last:.4g} (diverged when >= {limit:.4g} or nan)")


def final(losses: Sequence[float]) -> float:
    """The last loss, with a diverged run's nan counted as infinitely bad."""
    return losses[-1] if math.isfinite(losses[-1]) else math.inf


def rises(losses: Sequence[float], *, by: float, what: str) -> Finding:
    """The loss went up (by more than ``by``) from one epoch to the next at least once."""
    ups = [i for i in range(1, len(losses)) if not losses[i] <= losses[i - 1] + by]
    shown = bool(ups)
    return Finding(shown, f"{what}: losses {[float(f'{v:.4g}') for v in losses]}, rose at epochs {ups or 'none'}")


def at_most(value: float, reference: float, *, ratio: float, what: str) -> Finding:
    """``value`` (finite) <= ``ratio`` x ``reference``: e.g. a loss at most 0.9x another's."""
    shown = math.isfinite(value) and value <= ratio * reference
    return Finding(shown, f"{what}: {value:.4g} vs {reference:.4g} (needs <= {ratio:g}x)")


def at_least(value: float, reference: float, *, margin: float, what: str) -> Finding:
    """``value`` >= ``reference`` + ``margin``: e.g. an accuracy at least 10 points above another's."""
    shown = value >= reference + margin
    return Finding(shown, f"{what}: {value:.3f} vs {reference:.3f} (needs >= +{margin:g})")


def every(findings: Iterable[Finding]) -> Finding:
    """All findings shown (one per seed, or the parts of one claim); the numbers of all, or of those that failed."""
    found = list(findings)
    failed = [f.numbers for f in found if not f.shown]
    if failed:
        return Finding(False, "; ".join(failed))
    return Finding(True, "; ".join(f.numbers for f in found))
