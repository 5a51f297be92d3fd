"""Learning-rate schedules of torch 2.13 and Keras 3, reproduced in pure Python.

The browser playground runs this package under Pyodide, where neither
framework exists; the repository's tests check every schedule against the
real frameworks.  ``curve`` is the playground's single entry point.
"""

from __future__ import annotations

from typing import Any

from .keras_schedules import CosineDecay, ExponentialDecay, PiecewiseConstantDecay
from .torch_schedules import (
    CosineAnnealingLR,
    ExponentialLR,
    LinearLR,
    MultiStepLR,
    OneCycleLR,
    ReduceLROnPlateau,
    SequentialLR,
    StepLR,
)

__all__ = [
    "SCHEDULES",
    "CosineAnnealingLR",
    "CosineDecay",
    "ExponentialDecay",
    "ExponentialLR",
    "LinearLR",
    "MultiStepLR",
    "OneCycleLR",
    "PiecewiseConstantDecay",
    "ReduceLROnPlateau",
    "SequentialLR",
    "StepLR",
    "curve",
]

SCHEDULES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        StepLR,
        MultiStepLR,
        ExponentialLR,
        LinearLR,
        CosineAnnealingLR,
        OneCycleLR,
        SequentialLR,
        ReduceLROnPlateau,
        ExponentialDecay,
        PiecewiseConstantDecay,
        CosineDecay,
    )
}


def _build(name: str, kwargs: dict[str, Any]) -> Any:
    """Instantiate ``SCHEDULES[name]``; SequentialLR children come as ``{"name": ..., **kwargs}``.

    A child without ``lr`` inherits the SequentialLR's, since torch requires
    them to share one optimizer anyway.
    """
    if name not in SCHEDULES:
        raise ValueError(f"unknown schedule {name!r}; known: {', '.join(SCHEDULES)}")
    if name == "SequentialLR" and "schedulers" in kwargs:
        children = []
        for spec in kwargs["schedulers"]:
            child = dict(spec)
            if "lr" in kwargs:
                child.setdefault("lr", kwargs["lr"])
            children.append(_build(child.pop("name"), child))
        kwargs = {**kwargs, "schedulers": children}
    return SCHEDULES[name](**kwargs)


def curve(name: str, n: int, **kwargs: Any) -> list[float]:
    """The first ``n`` learning rates of the schedule ``name`` built from ``kwargs``.

    For ReduceLROnPlateau, ``losses`` (the metric passed to each ``step``)
    goes to ``lrs`` instead of the constructor.
    """
    if name == "ReduceLROnPlateau":
        losses = kwargs.pop("losses", None)
        return _build(name, kwargs).lrs(n, losses=losses)
    return _build(name, kwargs).lrs(n)
