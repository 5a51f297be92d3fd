"""The playground's form, read at build time from the signatures of ``lrschedules`` (so the form cannot drift).

Names, order, kinds, defaults and which arguments may be left out come from ``inspect.signature`` and the
type hints; ``FORMS`` adds only what a signature cannot say: example values that draw an instructive curve,
help texts, the choices of string arguments, and how many values to compute. ``verikb-playground.js``
reads the result as JSON (its URL in the playground's ``data-spec`` attribute).
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, SupportsFloat, get_args, get_origin, get_type_hints

from verikb.errors import VerikbError

__all__ = ["FORMS", "REQUEST_RUNNER", "Form", "PlaygroundSpecError", "playground_spec", "schedule_spec"]


class PlaygroundSpecError(VerikbError, ValueError):
    """A schedule's signature and its curated form (``FORMS``) disagree."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Form:
    """What the playground needs beyond a schedule's signature."""

    n: int
    """How many values the form computes by default."""
    examples: Mapping[str, str | bool] = field(default_factory=dict)
    """Form values replacing the signature default (required for arguments without one)."""
    help: Mapping[str, str] = field(default_factory=dict)
    """One line under an argument's field."""
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The values a string argument accepts (``str`` in the signature says nothing of them)."""
    step_inputs: tuple[str, ...] = ()
    """Parameters of ``lrs()`` the form asks for too (what ``lrschedules.curve`` passes to each step)."""
    per_batch: bool = False
    """Stepped once per batch (x axis "step") although it is a torch scheduler (x axis "epoch")."""
    uses_cos: bool = False
    """Computed with ``math.cos``, whose last bit can differ in the browser."""


_LR_HELP = {"lr": "the optimizer's initial learning rate"}

FORMS: dict[str, Form] = {
    "StepLR": Form(
        n=10,
        examples={"lr": "0.1", "step_size": "2", "gamma": "0.5"},
        help={**_LR_HELP, "step_size": "epochs between decays", "gamma": "decay factor"},
    ),
    "MultiStepLR": Form(
        n=10,
        examples={"lr": "0.1", "milestones": "3, 6"},
        help={**_LR_HELP, "milestones": "epochs at which to decay, comma-separated", "gamma": "decay factor"},
    ),
    "ExponentialLR": Form(
        n=10, examples={"lr": "0.1", "gamma": "0.8"}, help={**_LR_HELP, "gamma": "decay factor per epoch"}
    ),
    "LinearLR": Form(n=10, examples={"lr": "0.1", "start_factor": "0.25", "total_iters": "4"}, help=_LR_HELP),
    "CosineAnnealingLR": Form(
        n=11,
        examples={"lr": "0.1", "T_max": "10"},
        help={**_LR_HELP, "T_max": "epochs for half a cosine period", "eta_min": "lowest lr"},
        uses_cos=True,
    ),
    "OneCycleLR": Form(
        n=20,
        examples={"lr": "0.1", "max_lr": "0.1", "total_steps": "20"},
        help={
            "lr": "replaced by max_lr / div_factor",
            "total_steps": "or leave it blank and give epochs and steps_per_epoch",
        },
        choices={"anneal_strategy": ("cos", "linear")},
        per_batch=True,
        uses_cos=True,
    ),
    "SequentialLR": Form(
        n=12,
        examples={
            "lr": "0.1",
            "schedulers": "LinearLR(start_factor=0.1, total_iters=3), ExponentialLR(gamma=0.8)",
            "milestones": "3",
        },
        help={
            **_LR_HELP,
            "schedulers": "schedulers of this list, comma-separated",
            "milestones": "epochs at which the next scheduler takes over",
        },
    ),
    "ReduceLROnPlateau": Form(
        n=12,
        examples={
            "lr": "0.1",
            "losses": "1.0, 0.8, 0.7, 0.7, 0.7, 0.7, 0.6, 0.6, 0.6, 0.6, 0.6",
            "factor": "0.5",
            "patience": "2",
        },
        help={**_LR_HELP, "losses": "the metric passed to each step(), comma-separated"},
        choices={"mode": ("min", "max"), "threshold_mode": ("rel", "abs")},
        step_inputs=("losses",),
    ),
    "ExponentialDecay": Form(
        n=10, examples={"initial_learning_rate": "0.1", "decay_steps": "2", "decay_rate": "0.5", "staircase": True}
    ),
    "PiecewiseConstantDecay": Form(
        n=10,
        examples={"boundaries": "3, 6", "values": "0.1, 0.05, 0.01"},
        help={"boundaries": "steps where the value changes", "values": "one more value than boundaries"},
    ),
    "CosineDecay": Form(
        n=11,
        examples={"initial_learning_rate": "0.1", "decay_steps": "10"},
        help={
            "alpha": "final lr as a fraction of the initial one",
            "warmup_target": "optional: lr reached after warmup_steps",
        },
        uses_cos=True,
    ),
}

_FRAMEWORKS = {
    "lrschedules.torch_schedules": ("torch", "torch.optim.lr_scheduler"),
    "lrschedules.keras_schedules": ("keras", "keras.optimizers.schedules"),
}
_COS_NOTE = (
    "Computed in your browser, whose math.cos can differ from the desktop's in the last bit: "
    "the last digit of a value may differ from PyTorch's or Keras's."
)

REQUEST_RUNNER = """
import ast, json
import lrschedules

PARSERS = {"int": (int,), "float": (float,), "number": (int, float)}  # number: as Python reads the literal

def number(kind, name, text):
    for parse in PARSERS[kind]:
        try:
            return parse(text)
        except ValueError:
            pass
    raise ValueError(f"{name}: {text!r} is not {'an integer' if kind == 'int' else 'a number'}")

def children(text):
    tree = ast.parse("[" + text + "]", mode="eval").body
    found = []
    for node in tree.elts:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.args):
            raise ValueError("schedulers: write calls such as LinearLR(start_factor=0.1, total_iters=3)")
        found.append({"name": node.func.id, **{k.arg: ast.literal_eval(k.value) for k in node.keywords}})
    return found

def value(name, kind, raw):
    if kind in PARSERS:
        return number(kind, name, raw.strip())
    if kind in ("ints", "floats", "numbers"):
        return [number(kind[:-1], name, part.strip()) for part in raw.split(",") if part.strip()]
    return children(raw) if kind == "schedulers" else raw

request = json.loads(verikb_request)
kwargs = {name: value(name, kind, raw) for name, kind, raw in request["args"]}
values = lrschedules.curve(request["name"], number("int", "n", request["n"]), **kwargs)
result = json.dumps([repr(lr) for lr in values])
"""
"""Runs in Pyodide: ``verikb_request`` (JSON: name, n, args as [name, kind, text]) -> ``result``, the values'
reprs as JSON. Shipped in the spec so the browser runs the code this module's tests run."""


def playground_spec() -> dict[str, Any]:
    """The playground's form for every schedule of ``lrschedules.SCHEDULES``, JSON-serialisable."""
    try:
        import lrschedules
    except ImportError:
        raise PlaygroundSpecError("lrschedules is not installed: pip install ./playground (setup does)") from None

    unknown = sorted(set(FORMS) - set(lrschedules.SCHEDULES))
    if unknown:
        raise PlaygroundSpecError(f"FORMS names schedules lrschedules does not have: {', '.join(unknown)}")
    missing = [name for name in lrschedules.SCHEDULES if name not in FORMS]
    if missing:
        raise PlaygroundSpecError(f"no playground form for {', '.join(missing)}: add it to FORMS")
    schedules = [schedule_spec(cls, FORMS[name]) for name, cls in lrschedules.SCHEDULES.items()]
    return {"python": REQUEST_RUNNER, "schedules": schedules}


def schedule_spec(cls: type, form: Form) -> dict[str, Any]:
    """One schedule: its framework, x axis, default ``n`` and a field per argument, in signature order."""
    where = f"{cls.__module__}.{cls.__qualname__}"
    if cls.__module__ not in _FRAMEWORKS:
        raise PlaygroundSpecError(f"{where}: not a torch or Keras schedule module of lrschedules")
    framework, module = _FRAMEWORKS[cls.__module__]
    params = _params(cls.__init__, skip=1)
    if form.step_inputs:
        params += [p for p in _params(cls.lrs, skip=2) if p[0].name in form.step_inputs]
    names = {p.name for p, _ in params}
    for table in ("examples", "help", "choices"):
        stray = sorted(set(getattr(form, table)) - names)
        if stray:
            raise PlaygroundSpecError(f"{where}: FORMS[{cls.__name__!r}].{table} names no argument: {stray}")
    if set(form.step_inputs) - names:
        raise PlaygroundSpecError(f"{where}: lrs() has no parameter {sorted(set(form.step_inputs) - names)}")
    args = [_field(where, param, hint, form, role=_role(framework, param.name, form)) for param, hint in params]
    return {
        "name": cls.__name__,
        "framework": framework,
        "module": module,
        "x_label": "step" if framework == "keras" or form.per_batch else "epoch",
        "n": form.n,
        "note": _COS_NOTE if form.uses_cos else "",
        "args": args,
    }


def _params(function: Any, *, skip: int) -> list[tuple[inspect.Parameter, Any]]:
    """The parameters after the first ``skip`` (self, n), each with its evaluated type hint."""
    hints = get_type_hints(function)
    return [(p, hints.get(p.name, Any)) for p in list(inspect.signature(function).parameters.values())[skip:]]


def _role(framework: str, name: str, form: Form) -> str:
    """Where the real framework takes the argument: the torch optimizer (``lr``), each step, or the schedule."""
    if name in form.step_inputs:
        return "step"
    return "optimizer" if framework == "torch" and name == "lr" else "schedule"


def _field(where: str, param: inspect.Parameter, hint: Any, form: Form, *, role: str) -> dict[str, Any]:
    kind, optional = _kind(hint)
    name = param.name
    if kind is None:
        raise PlaygroundSpecError(f"{where}: {name}: the playground has no field for the type {hint!r}")
    required = param.default is inspect.Parameter.empty
    if name in form.examples:
        value = form.examples[name]
    elif required:
        raise PlaygroundSpecError(f"{where}: {name} has no default: give it an example in FORMS")
    elif param.default is None:
        value = ""
    else:
        value = param.default if kind in ("bool", "str") else repr(param.default)
    choices = form.choices.get(name)
    if choices and kind != "str":
        raise PlaygroundSpecError(f"{where}: {name}: choices are for string arguments, not {kind}")
    return {
        "name": name,
        "kind": "choice" if choices else kind,
        "choices": list(choices or ()),
        "value": value,
        "optional": optional,
        "default": None if required else repr(param.default),
        "help": form.help.get(name, ""),
        "role": role,
    }


_SCALARS: dict[Any, str] = {bool: "bool", int: "int", float: "float", SupportsFloat: "float", str: "str"}


def _kind(hint: Any) -> tuple[str | None, bool]:
    """The form's kind for a type hint, and whether ``None`` is allowed (the field may stay blank)."""
    if get_origin(hint) in (typing.Union, types.UnionType):
        arms = [arm for arm in get_args(hint) if arm is not type(None)]
        optional = len(arms) < len(get_args(hint))
        if set(arms) == {int, float}:
            return "number", optional  # int or float, as the literal is written (Keras keeps the dtype)
        return _kind(arms[0])[0], optional  # e.g. float | Sequence[float]: the form offers the first
    if get_origin(hint) in (Sequence, Iterable, list, tuple):
        item = _kind(get_args(hint)[0])[0] if get_args(hint) else None
        if item in ("int", "float", "number"):
            return item + "s", False
        is_schedule = inspect.isclass(get_args(hint)[0]) and get_args(hint)[0].__module__ in _FRAMEWORKS
        return ("schedulers" if is_schedule else None), False
    return _SCALARS.get(hint), False
