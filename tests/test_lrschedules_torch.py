"""lrschedules.torch_schedules against real torch 2.13, step by step.

Bound: bit-identical.  The project asks for 1e-9 relative; we can demand
exact equality (same value, same sign of zero, NaN where torch has NaN)
because the package runs torch's own float64 operations in torch's order,
and ``math.cos`` -- the only library function involved -- is the same
function torch's lr_scheduler calls.  Where torch raises, the package must
raise the same exception type with the same message.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
from hypothesis import currently_in_test_context, event, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "playground" / "src"))
from lrschedules import curve
from lrschedules import torch_schedules as ours

TS = torch.optim.lr_scheduler
MakeReal = Callable[[torch.optim.Optimizer], Any]


def real_lrs(make: MakeReal, lr: float, n: int, losses: list[float] | None = None) -> list[float]:
    """Run the real scheduler: optimizer.step() then scheduler.step(), reading get_last_lr()."""
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)
    scheduler = make(optimizer)
    plateau = isinstance(scheduler, TS.ReduceLROnPlateau)

    def read() -> float:
        return optimizer.param_groups[0]["lr"] if plateau else scheduler.get_last_lr()[0]

    values = [read()]
    for i in range(n - 1):
        optimizer.step()
        if plateau:
            assert losses is not None
            scheduler.step(losses[i])
        else:
            scheduler.step()
        values.append(read())
    return [float(v) for v in values[:n]]


def outcome(run: Callable[[], list[float]]) -> tuple[str, Any]:
    try:
        return "values", run()
    except Exception as exc:  # the exception itself is what we compare
        return "raises", (type(exc), str(exc))


def assert_bit_identical(got: list[float], want: list[float]) -> None:
    assert len(got) == len(want)
    for i, (a, b) in enumerate(zip(got, want, strict=True)):
        same = (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1.0, a) == math.copysign(1.0, b))
        assert same, f"step {i}: lrschedules {a!r} != torch {b!r}"


def check(make: MakeReal, build: Callable[[], Any], lr: float, n: int, losses=None) -> None:
    kind_real, real = outcome(lambda: real_lrs(make, lr, n, losses))
    kind_ours, got = outcome(lambda: build().lrs(n, losses=losses))
    if currently_in_test_context():
        event(f"torch {kind_real}" + (f" {real[0].__name__}" if kind_real == "raises" else ""))
    assert kind_ours == kind_real, f"torch gave {real!r}, lrschedules gave {got!r}"
    if kind_real == "values":
        assert_bit_identical(got, real)
    else:
        assert got == real


# ---------------------------------------------------------------- strategies

lrs_ = st.one_of(st.floats(0.0, 10.0), st.sampled_from([0.1, 1e-3, 3e-4]), st.integers(0, 3))
steps_n = st.integers(0, 60)
gammas = st.one_of(st.floats(0.0, 2.0), st.sampled_from([0.1, 0.5, 0.9, 0.99]))
factors = st.one_of(st.floats(-0.1, 1.1), st.sampled_from([1.0 / 3, 0.5, 1.0, 0.0]))


@st.composite
def chainable(draw: st.DrawFn, valid: bool = False) -> tuple[str, dict[str, Any]]:
    """(torch class name, kwargs) of one chainable scheduler; valid=True avoids raising ones."""
    kind = draw(
        st.sampled_from(["StepLR", "MultiStepLR", "ExponentialLR", "LinearLR", "CosineAnnealingLR", "OneCycleLR"])
    )
    if kind == "StepLR":
        low = 1 if valid else -3
        return kind, {"step_size": draw(st.integers(low, 12)), "gamma": draw(gammas)}
    if kind == "MultiStepLR":
        milestones = draw(st.lists(st.integers(-2, 40), max_size=5))
        return kind, {"milestones": milestones, "gamma": draw(gammas)}
    if kind == "ExponentialLR":
        return kind, {"gamma": draw(gammas)}
    if kind == "LinearLR":
        start = draw(st.floats(0.01, 1.0)) if valid else draw(factors)
        end = draw(st.floats(0.0, 1.0)) if valid else draw(factors)
        return kind, {
            "start_factor": start,
            "end_factor": end,
            "total_iters": draw(st.integers(1 if valid else 0, 30)),
        }
    if kind == "CosineAnnealingLR":
        t_max = draw(st.integers(1, 30) | st.floats(0.5, 30.0))
        if not valid:
            t_max = rarely(draw, t_max, 0)
        return kind, {"T_max": t_max, "eta_min": draw(st.floats(0.0, 0.5))}
    kwargs: dict[str, Any] = {
        "max_lr": draw(st.floats(1e-4, 10.0)),
        "pct_start": draw(st.floats(0.0, 1.0)),
        "anneal_strategy": draw(st.sampled_from(["cos", "linear"])),
        "div_factor": draw(st.floats(1.0, 100.0)),
        "final_div_factor": draw(st.floats(1.0, 1e5)),
        "three_phase": draw(st.booleans()),
    }
    if valid or draw(st.booleans()):
        kwargs["total_steps"] = draw(st.integers(80, 200) if valid else st.integers(1, 70))
    else:
        kwargs["epochs"] = rarely(draw, draw(st.integers(1, 8)), draw(st.integers(-1, 0)))
        kwargs["steps_per_epoch"] = rarely(draw, draw(st.integers(1, 8)), None)
    if not valid:
        kwargs["pct_start"] = rarely(draw, kwargs["pct_start"], draw(st.sampled_from([0, 1.5, -0.1])))
        kwargs["anneal_strategy"] = rarely(draw, kwargs["anneal_strategy"], "exp")
    return kind, kwargs


def rarely(draw: st.DrawFn, usual: Any, invalid: Any) -> Any:
    """``invalid`` one time in eight, so most examples get past validation."""
    return invalid if draw(st.integers(0, 7)) == 0 else usual


def torch_maker(kind: str, kwargs: dict[str, Any]) -> MakeReal:
    return lambda optimizer: getattr(TS, kind)(optimizer, **kwargs)


# ---------------------------------------------------------------- property tests


@settings(max_examples=400, deadline=None)
@given(spec=chainable(), lr=lrs_, n=steps_n)
def test_chainable_schedulers_match_torch(spec: tuple[str, dict[str, Any]], lr: float, n: int) -> None:
    kind, kwargs = spec
    check(torch_maker(kind, kwargs), lambda: getattr(ours, kind)(lr, **kwargs), lr, n)


@settings(max_examples=150, deadline=None)
@given(
    children=st.lists(chainable(valid=True), min_size=1, max_size=3),
    data=st.data(),
    lr=lrs_,
    n=steps_n,
)
def test_sequential_lr_matches_torch(
    children: list[tuple[str, dict[str, Any]]], data: st.DataObject, lr: float, n: int
) -> None:
    milestones = data.draw(st.lists(st.integers(0, 40), min_size=len(children) - 1, max_size=len(children) - 1))

    def make(optimizer: torch.optim.Optimizer) -> Any:
        schedulers = [getattr(TS, kind)(optimizer, **kw) for kind, kw in children]
        return TS.SequentialLR(optimizer, schedulers, milestones)

    def build() -> ours.SequentialLR:
        schedulers = [getattr(ours, kind)(lr, **kw) for kind, kw in children]
        return ours.SequentialLR(lr, schedulers, milestones)

    check(make, build, lr, n)


@settings(max_examples=250, deadline=None)
@given(
    lr=lrs_,
    n=steps_n,
    kwargs=st.fixed_dictionaries(
        {
            "mode": st.sampled_from(["min", "max"]),
            "factor": st.floats(0.0, 1.0),
            "patience": st.integers(0, 5),
            "threshold": st.floats(0.0, 0.2),
            "threshold_mode": st.sampled_from(["rel", "abs"]),
            "cooldown": st.integers(0, 4),
            "min_lr": st.floats(0.0, 0.01),
            "eps": st.floats(0.0, 1e-3),
        }
    ),
    walk=st.lists(st.floats(-1.0, 1.0), min_size=60, max_size=60),
)
def test_reduce_lr_on_plateau_matches_torch(lr: float, n: int, kwargs: dict[str, Any], walk: list[float]) -> None:
    losses = [1.0 + sum(walk[: i + 1]) / 4 for i in range(len(walk))]  # wanders, plateaus
    check(
        lambda optimizer: TS.ReduceLROnPlateau(optimizer, **kwargs),
        lambda: ours.ReduceLROnPlateau(lr, **kwargs),
        lr,
        n,
        losses,
    )


# ---------------------------------------------------------------- examples


def test_step_lr_example() -> None:
    want = real_lrs(lambda o: TS.StepLR(o, step_size=2, gamma=0.5), 0.1, 4)
    assert ours.StepLR(lr=0.1, step_size=2, gamma=0.5).lrs(4) == want
    assert curve("StepLR", 4, lr=0.1, step_size=2, gamma=0.5) == want


def test_chainable_recurrence_is_not_the_closed_form() -> None:
    """ExponentialLR multiplies the previous lr; the closed form rounds differently."""
    got = ours.ExponentialLR(lr=0.1, gamma=0.9).lrs(60)
    assert got == real_lrs(lambda o: TS.ExponentialLR(o, gamma=0.9), 0.1, 60)
    assert got != [0.1 * 0.9**i for i in range(60)]


def test_cosine_annealing_long_run() -> None:
    want = real_lrs(lambda o: TS.CosineAnnealingLR(o, T_max=100, eta_min=1e-4), 0.05, 450)
    assert_bit_identical(ours.CosineAnnealingLR(0.05, T_max=100, eta_min=1e-4).lrs(450), want)


def test_one_cycle_ignores_lr_and_stops_after_total_steps() -> None:
    make = lambda o: TS.OneCycleLR(o, max_lr=0.3, epochs=4, steps_per_epoch=25)  # noqa: E731
    want = real_lrs(make, 123.0, 101)
    assert ours.OneCycleLR(123.0, max_lr=0.3, epochs=4, steps_per_epoch=25).lrs(101) == want
    with pytest.raises(ValueError, match="Tried to step 101 times"):
        real_lrs(make, 123.0, 102)
    with pytest.raises(ValueError, match="Tried to step 101 times"):
        ours.OneCycleLR(123.0, max_lr=0.3, total_steps=100).lrs(102)


def test_sequential_lr_warmup_then_cosine_via_curve() -> None:
    def make(o: torch.optim.Optimizer) -> Any:
        warm = TS.LinearLR(o, start_factor=0.1, total_iters=5)
        cos = TS.CosineAnnealingLR(o, T_max=20)
        return TS.SequentialLR(o, [warm, cos], milestones=[5])

    got = curve(
        "SequentialLR",
        30,
        lr=0.2,
        milestones=[5],
        schedulers=[
            {"name": "LinearLR", "start_factor": 0.1, "total_iters": 5},
            {"name": "CosineAnnealingLR", "T_max": 20},
        ],
    )
    assert got == real_lrs(make, 0.2, 30)


def test_sequential_lr_child_built_later_overwrites_initial_lr() -> None:
    """Torch constructs every child on the shared optimizer; OneCycleLR rewrites initial_lr."""

    def make(o: torch.optim.Optimizer) -> Any:
        first = TS.ExponentialLR(o, gamma=0.9)
        second = TS.OneCycleLR(o, max_lr=1.0, total_steps=20)
        return TS.SequentialLR(o, [first, second], milestones=[6])

    got = ours.SequentialLR(0.5, [ours.ExponentialLR(0.5, 0.9), ours.OneCycleLR(0.5, 1.0, total_steps=20)], [6]).lrs(25)
    want = real_lrs(make, 0.5, 25)
    assert got == want
    assert want[0] == 1.0 / 25  # not 0.5: the optimizer was reset to OneCycleLR's initial_lr


def test_reduce_lr_on_plateau_via_curve() -> None:
    losses = [1.0, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8]
    want = real_lrs(lambda o: TS.ReduceLROnPlateau(o, patience=2, cooldown=1), 0.1, 11, losses)
    assert curve("ReduceLROnPlateau", 11, lr=0.1, patience=2, cooldown=1, losses=losses) == want


@pytest.mark.parametrize(
    ("real", "build"),
    [
        (
            lambda o: TS.LinearLR(o, start_factor=0.0),
            lambda: ours.LinearLR(0.1, start_factor=0.0),
        ),
        (lambda o: TS.LinearLR(o, end_factor=1.5), lambda: ours.LinearLR(0.1, end_factor=1.5)),
        (
            lambda o: TS.ReduceLROnPlateau(o, factor=1.0),
            lambda: ours.ReduceLROnPlateau(0.1, factor=1.0),
        ),
        (
            lambda o: TS.ReduceLROnPlateau(o, mode="avg"),
            lambda: ours.ReduceLROnPlateau(0.1, mode="avg"),
        ),
        (
            lambda o: TS.ReduceLROnPlateau(o, threshold_mode="x"),
            lambda: ours.ReduceLROnPlateau(0.1, threshold_mode="x"),
        ),
        (lambda o: TS.OneCycleLR(o, max_lr=1.0), lambda: ours.OneCycleLR(0.1, max_lr=1.0)),
        (
            lambda o: TS.OneCycleLR(o, max_lr=[1.0, 2.0], total_steps=5),
            lambda: ours.OneCycleLR(0.1, max_lr=[1.0, 2.0], total_steps=5),
        ),
        (
            lambda o: TS.SequentialLR(o, [], milestones=[]),
            lambda: ours.SequentialLR(0.1, [], milestones=[]),
        ),
        (
            lambda o: TS.SequentialLR(o, [TS.StepLR(o, 2)], milestones=[3]),
            lambda: ours.SequentialLR(0.1, [ours.StepLR(0.1, 2)], milestones=[3]),
        ),
        (
            lambda o: TS.SequentialLR(o, [TS.ReduceLROnPlateau(o)], milestones=[]),
            lambda: ours.SequentialLR(0.1, [ours.ReduceLROnPlateau(0.1)], milestones=[]),
        ),
    ],
)
def test_invalid_arguments_raise_like_torch(real: MakeReal, build: Callable[[], Any]) -> None:
    with pytest.raises((ValueError, TypeError)) as torch_error:
        real(torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1))
    with pytest.raises(torch_error.type) as our_error:
        build()
    assert str(our_error.value) == str(torch_error.value)


def test_negative_lr_is_rejected_like_sgd() -> None:
    with pytest.raises(ValueError) as torch_error:
        torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=-0.1)
    with pytest.raises(ValueError) as our_error:
        ours.StepLR(-0.1, step_size=2)
    assert str(our_error.value) == str(torch_error.value)


def test_sequential_lr_rejects_children_built_with_another_lr() -> None:
    with pytest.raises(ValueError, match="same optimizer"):
        ours.SequentialLR(0.1, [ours.StepLR(0.2, 2)], milestones=[])


def test_curve_rejects_unknown_names() -> None:
    with pytest.raises(ValueError, match="unknown schedule"):
        curve("NoSuchLR", 3, lr=0.1)
