"""lrschedules.keras_schedules against real Keras 3 / TensorFlow 2.21, step by step.

Bound: bit-identical float32 values (0 ulp; NaN where Keras gives NaN).
The project asks for 1e-9 relative, which no float64 formula can meet --
Keras computes in float32, whose spacing is ~6e-8 relative.  The package
instead emulates float32: each TF op is rounded to float32 in Keras' order
and with its casts, under TF's flush-to-zero, and ``cos``/``pow`` re-enact
glibc's ``cosf``/``powf`` (the scalar kernels TF calls on x86-64 Linux).
That makes exact equality achievable, so exact equality is what we require;
a mismatch means the emulation is wrong, not that the bound is too tight.
Errors must match too (TF's InvalidArgumentError for mixed int/float
tensors is a TypeError here).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from keras.optimizers import schedules as keras_schedules

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "playground" / "src"))
from lrschedules import _libm, curve
from lrschedules import keras_schedules as ours


def same_float(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1.0, a) == math.copysign(1.0, b))


def outcome(run: Callable[[], float]) -> tuple[str, Any]:
    try:
        return "value", run()
    except tf.errors.InvalidArgumentError as exc:
        return "raises", (TypeError, exc.message)
    except Exception as exc:  # the exception itself is what we compare
        return "raises", (type(exc), str(exc))


def same_error(got: tuple[type, str], want: tuple[type, str]) -> bool:
    """Equal type and message; TF wraps its op error text, so ours must occur inside it."""
    if want[0] is TypeError:
        return got[0] is TypeError and got[1] in want[1]
    return got == want


def check_schedule(name: str, kwargs: dict[str, Any], steps: list[int | float]) -> None:
    """Same construction outcome, then the same value or error at every step."""
    kind_real, real = outcome(lambda: getattr(keras_schedules, name)(**kwargs))
    kind_ours, mine = outcome(lambda: getattr(ours, name)(**kwargs))
    if currently_in_test_context():
        event(f"construction {kind_real}")
    assert kind_ours == kind_real, f"Keras gave {real!r}, lrschedules gave {mine!r}"
    if kind_real == "raises":
        assert same_error(mine, real), (mine, real)
        return
    for step in steps:
        want_kind, want = outcome(lambda step=step: float(real(step)))
        got_kind, got = outcome(lambda step=step: mine(step))
        assert got_kind == want_kind, f"step {step}: Keras {want!r}, lrschedules {got!r}"
        if want_kind == "value":
            assert same_float(got, want), f"step {step}: lrschedules {got!r} != Keras {want!r}"
        else:
            assert same_error(got, want), (step, got, want)


# ---------------------------------------------------------------- strategies


def floats(*args: Any, **kwargs: Any) -> st.SearchStrategy[float]:
    """Floats without -0.0: Keras turns Python numbers into tensors through TF's eager
    scalar cache, which keys on ``==`` -- so -0.0 comes back as +0.0 whenever a +0.0
    was converted earlier in the process.  Keras' sign of zero is then history-dependent;
    lrschedules follows the fresh-process (-0.0) path, which a test cannot pin down."""
    return st.floats(*args, **kwargs).map(lambda v: v + 0.0)


learning_rates = st.one_of(
    floats(1e-6, 10.0),
    st.sampled_from([0.1, 1e-3, 3e-4, 1e-40, 1e39]),  # 1e-40: subnormal; 1e39: not a float32
    st.integers(0, 5),  # Keras then computes in int32: see keras_schedules' docstring
)
positive_steps = st.one_of(st.integers(1, 200), floats(0.1, 200.0))
some_steps = st.lists(
    st.one_of(st.integers(-50, 400), floats(-50.0, 400.0), st.integers(10**6, 10**9)),
    max_size=4,
)


def steps_for(n: int, extra: list[int | float]) -> list[int | float]:
    return [*range(n), *extra]


@settings(max_examples=120, deadline=None)
@given(
    kwargs=st.fixed_dictionaries(
        {
            "initial_learning_rate": learning_rates,
            "decay_steps": st.one_of(positive_steps, st.integers(-2, 0)),
            "decay_rate": st.one_of(floats(0.0, 2.0), floats(-2.0, 0.0), st.integers(0, 3)),
            "staircase": st.booleans(),
        }
    ),
    n=st.integers(0, 40),
    extra=some_steps,
)
def test_exponential_decay_matches_keras(kwargs: dict[str, Any], n: int, extra: list[int | float]) -> None:
    check_schedule("ExponentialDecay", kwargs, steps_for(n, extra))


@settings(max_examples=120, deadline=None)
@given(
    data=st.data(),
    size=st.integers(0, 4),
    n=st.integers(0, 40),
    extra=some_steps,
)
def test_piecewise_constant_decay_matches_keras(
    data: st.DataObject, size: int, n: int, extra: list[int | float]
) -> None:
    boundary = st.one_of(st.integers(-5, 40), floats(-5.0, 40.0))
    value = st.one_of(floats(0.0, 1.0), floats(allow_nan=False), st.integers(0, 10))
    boundaries = data.draw(st.lists(boundary, min_size=size, max_size=size))
    if data.draw(st.booleans()):
        boundaries.sort()
    if data.draw(st.booleans()):  # most real uses: all floats
        values = data.draw(st.lists(floats(0.0, 1.0), min_size=size + 1, max_size=size + 1))
    else:
        values = data.draw(st.lists(value, min_size=size + 1, max_size=size + 1))
    if data.draw(st.integers(0, 9)) == 0:
        values = values[:-1]  # wrong length
    kwargs = {"boundaries": boundaries, "values": values}
    check_schedule("PiecewiseConstantDecay", kwargs, steps_for(n, extra))


@settings(max_examples=120, deadline=None)
@given(
    kwargs=st.fixed_dictionaries(
        {
            "initial_learning_rate": learning_rates,
            "decay_steps": st.one_of(positive_steps, st.integers(-1, 0)),
            "alpha": st.one_of(floats(0.0, 1.0), st.integers(0, 1), floats(-1.0, 2.0)),
            "warmup_target": st.one_of(st.none(), floats(0.0, 10.0), st.integers(0, 3)),
            "warmup_steps": st.one_of(st.integers(0, 50), floats(0.0, 50.0)),
        }
    ),
    n=st.integers(0, 40),
    extra=some_steps,
)
def test_cosine_decay_matches_keras(kwargs: dict[str, Any], n: int, extra: list[int | float]) -> None:
    check_schedule("CosineDecay", kwargs, steps_for(n, extra))


# ------------------------------------------ the libm re-enactments, op by op
#
# Tensors are made from numpy scalars: tf.constant(-0.0, tf.float32) returns a
# cached +0.0 once tf.constant(0.0, tf.float32) has been made (TF's eager
# scalar cache keys on ==), which would hide the sign of zero.


def f32_tensor(x: float) -> tf.Tensor:
    return tf.constant(np.float32(x))


@settings(max_examples=3000, deadline=None)
@given(x=st.floats(width=32))
def test_cosf_is_tf_cos(x: float) -> None:
    want = float(tf.math.cos(f32_tensor(x)))
    assert same_float(_libm._cosf(x), want), x.hex()


@settings(max_examples=3000, deadline=None)
@given(
    x=st.one_of(st.floats(width=32), st.floats(0.0, 2.0, width=32)),
    y=st.one_of(st.floats(width=32), st.floats(-200.0, 200.0, width=32), st.integers(-9, 9)),
)
def test_powf_is_tf_pow(x: float, y: float) -> None:
    y = float(y)
    want = float(tf.pow(f32_tensor(x), f32_tensor(y)))
    assert same_float(_libm._powf(x, y), want), (x.hex(), y.hex())


# ---------------------------------------------------------------- examples


def test_long_cosine_decay_including_the_tail() -> None:
    """Near the end 1 + cos(.) cancels, so a 1-ulp cos error would show up as ~1e-2 relative."""
    steps = list(range(1001))
    kwargs = {"initial_learning_rate": 0.1, "decay_steps": 1000, "alpha": 0.0}
    check_schedule("CosineDecay", kwargs, steps)


def test_exponential_decay_example() -> None:
    real = keras_schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.96)
    assert ours.ExponentialDecay(0.1, 10, 0.96).lrs(50) == [float(real(s)) for s in range(50)]
    kwargs = {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.96}
    assert curve("ExponentialDecay", 50, **kwargs) == [float(real(s)) for s in range(50)]


def test_values_are_float32_not_float64() -> None:
    got = ours.ExponentialDecay(0.1, 10, 0.96).lrs(3)
    assert got[0] == float(tf.constant(0.1, tf.float32)) != 0.1
    assert got[1] != 0.1 * 0.96**0.1


def test_integer_initial_learning_rate_truncates_decay_rate_like_keras() -> None:
    real = keras_schedules.ExponentialDecay(1, decay_steps=10, decay_rate=0.96)
    assert ours.ExponentialDecay(1, 10, 0.96).lrs(5) == [float(real(s)) for s in range(5)]
    assert ours.ExponentialDecay(1, 10, 0.96).lrs(5) == [1.0, 0.0, 0.0, 0.0, 0.0]


def test_piecewise_constant_example() -> None:
    real = keras_schedules.PiecewiseConstantDecay([3, 7], [0.1, 0.01, 0.001])
    want = [float(real(s)) for s in range(10)]
    assert ours.PiecewiseConstantDecay([3, 7], [0.1, 0.01, 0.001]).lrs(10) == want


def test_cosine_warmup_example_via_curve() -> None:
    kwargs = {
        "initial_learning_rate": 0.0,
        "decay_steps": 90,
        "warmup_target": 0.1,
        "warmup_steps": 10,
        "alpha": 0.01,
    }
    real = keras_schedules.CosineDecay(**kwargs)
    assert curve("CosineDecay", 120, **kwargs) == [float(real(s)) for s in range(120)]


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 0, "decay_rate": 0.5}),
        ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": -3}),
        ("PiecewiseConstantDecay", {"boundaries": [1, 2], "values": [0.1, 0.2]}),
    ],
)
def test_invalid_arguments_raise_like_keras(name: str, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError) as keras_error:
        getattr(keras_schedules, name)(**kwargs)
    with pytest.raises(ValueError) as our_error:
        getattr(ours, name)(**kwargs)
    assert str(our_error.value) == str(keras_error.value)
