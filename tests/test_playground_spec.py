"""The playground's form spec: generated from lrschedules' signatures, and every default form runs."""

from __future__ import annotations

import inspect
import json
import math
from collections.abc import Sequence

import lrschedules
import pytest

from verikb.render.playground_spec import FORMS, Form, PlaygroundSpecError, playground_spec, schedule_spec

SPEC = playground_spec()
BY_NAME = {schedule["name"]: schedule for schedule in SPEC["schedules"]}


def _request(schedule: dict) -> str:
    """The request verikb-playground.js sends for the form as it first appears (blank optional fields left out)."""
    args = [
        [arg["name"], "str" if arg["kind"] == "choice" else arg["kind"], arg["value"]]
        for arg in schedule["args"]
        if arg["value"] != ""
    ]
    return json.dumps({"name": schedule["name"], "n": str(schedule["n"]), "args": args})


def _run(request: str) -> list[str]:
    namespace: dict[str, object] = {"verikb_request": request}
    exec(compile(SPEC["python"], "<playground>", "exec"), namespace)
    return json.loads(namespace["result"])


def test_spec_is_json_and_lists_every_schedule_in_order():
    assert json.loads(json.dumps(SPEC)) == SPEC
    assert list(BY_NAME) == list(lrschedules.SCHEDULES)


@pytest.mark.parametrize("name", list(lrschedules.SCHEDULES), ids=str)
def test_fields_follow_the_signature(name):
    cls = lrschedules.SCHEDULES[name]
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    params += [p for p in inspect.signature(cls.lrs).parameters.values() if p.name in FORMS[name].step_inputs]
    args = BY_NAME[name]["args"]
    assert [arg["name"] for arg in args] == [p.name for p in params]
    for arg, param in zip(args, params, strict=True):
        required = param.default is inspect.Parameter.empty
        assert arg["default"] == (None if required else repr(param.default)), arg["name"]
        assert arg["optional"] == ("None" in str(param.annotation)), arg["name"]


@pytest.mark.parametrize(
    ("name", "arg", "kind"),
    [
        ("StepLR", "step_size", "int"),
        ("StepLR", "gamma", "float"),
        ("MultiStepLR", "milestones", "ints"),
        ("OneCycleLR", "max_lr", "float"),  # float | Sequence[float]: the form offers the float
        ("OneCycleLR", "total_steps", "int"),
        ("OneCycleLR", "three_phase", "bool"),
        ("OneCycleLR", "anneal_strategy", "choice"),
        ("SequentialLR", "schedulers", "schedulers"),
        ("ReduceLROnPlateau", "losses", "floats"),
        ("ExponentialDecay", "decay_steps", "number"),  # int | float: Keras keeps the literal's dtype
        ("PiecewiseConstantDecay", "values", "numbers"),
    ],
    ids=str,
)
def test_kinds_come_from_type_hints(name, arg, kind):
    assert {a["name"]: a for a in BY_NAME[name]["args"]}[arg]["kind"] == kind


def test_roles_framework_and_x_axis():
    step = BY_NAME["StepLR"]
    assert (step["framework"], step["module"], step["x_label"]) == ("torch", "torch.optim.lr_scheduler", "epoch")
    assert step["args"][0] == {**step["args"][0], "name": "lr", "role": "optimizer"}
    assert BY_NAME["OneCycleLR"]["x_label"] == "step"
    assert BY_NAME["CosineDecay"]["module"] == "keras.optimizers.schedules"
    assert {a["name"]: a["role"] for a in BY_NAME["ReduceLROnPlateau"]["args"]}["losses"] == "step"
    assert BY_NAME["ReduceLROnPlateau"]["args"][1]["choices"] == ["min", "max"]


@pytest.mark.parametrize("name", list(lrschedules.SCHEDULES), ids=str)
def test_every_default_form_runs_to_n_finite_values(name):
    schedule = BY_NAME[name]
    values = [float(v) for v in _run(_request(schedule))]
    assert len(values) == schedule["n"]
    assert all(math.isfinite(v) for v in values)
    assert len(set(values)) > 1, "the example draws a flat line"


def test_number_fields_keep_the_literals_type():
    request = json.loads(_request(BY_NAME["PiecewiseConstantDecay"]))
    request["args"] = [["boundaries", "numbers", "3, 6"], ["values", "numbers", "1, 2, 3"]]
    assert _run(json.dumps(request))[:4] == ["1.0", "1.0", "1.0", "1.0"]  # int values: Keras' int32 sum


def test_bad_text_is_a_readable_error():
    request = json.loads(_request(BY_NAME["MultiStepLR"]))
    request["args"][1][2] = "3, six"
    with pytest.raises(ValueError, match="milestones: 'six' is not an integer"):
        _run(json.dumps(request))


class Rate:
    """A stand-in schedule of lrschedules' torch module (only its signature is read)."""

    __module__ = "lrschedules.torch_schedules"

    def __init__(self, lr: float = 0.1, *, warmup: int, mode: str = "min", ratios: Sequence[float] | None = None):
        pass

    def lrs(self, n: int, losses: Sequence[float] | None = None) -> list[float]:
        return []


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (Form(n=3), "warmup has no default: give it an example in FORMS"),
        (Form(n=3, examples={"warmup": "2", "wramup": "3"}), r"examples names no argument: \['wramup'\]"),
        (Form(n=3, examples={"warmup": "2"}, choices={"lr": ("a",)}), "lr: choices are for string arguments"),
        (Form(n=3, examples={"warmup": "2"}, step_inputs=("metric",)), r"lrs\(\) has no parameter \['metric'\]"),
    ],
    ids=["required-without-example", "misspelt", "choices-on-number", "unknown-step-input"],
)
def test_form_and_signature_disagreeing_is_a_located_error(form, message):
    with pytest.raises(PlaygroundSpecError, match=message) as caught:
        schedule_spec(Rate, form)
    assert "Rate" in str(caught.value)


def test_a_schedule_module_outside_lrschedules_is_refused():
    class Elsewhere(Rate):
        __module__ = "mylib"

    with pytest.raises(PlaygroundSpecError, match="not a torch or Keras schedule module"):
        schedule_spec(Elsewhere, Form(n=3, examples={"warmup": "2"}))


def test_optional_fields_start_blank_and_choices_start_at_the_default():
    spec = schedule_spec(Rate, Form(n=3, examples={"warmup": "2"}, choices={"mode": ("min", "max")}))
    fields = {arg["name"]: arg for arg in spec["args"]}
    assert fields["ratios"] == {**fields["ratios"], "kind": "floats", "value": "", "optional": True}
    assert fields["mode"] == {**fields["mode"], "kind": "choice", "value": "min", "default": "'min'"}
