"""Keras 3 learning-rate schedules (TensorFlow backend), re-enacted in pure Python.

Why this is more than the textbook formula: Keras evaluates a schedule as a
chain of float32 TensorFlow ops.  To reproduce its numbers in float64
Python every op below is rounded to float32 right after it is computed, in
the order and with the casts of ``keras/src/optimizers/schedules/
learning_rate_schedule.py`` (Keras 3.15, tensorflow-cpu 2.21):

* ``+ - * /`` on float32 values, computed in float64 and rounded once, are
  exactly IEEE float32 (float64 carries more than 2*24+2 bits).
* TF runs ops with flush-to-zero and denormals-are-zero set, so subnormal
  inputs count as 0 and subnormal results become 0.
* ``cos`` and ``pow`` of a scalar float32 tensor call the C library's
  ``cosf``/``powf``, which are *not* correctly rounded: a float64
  ``math.cos`` rounded to float32 differs from them in about 1 % of the
  arguments.  ``_cosf`` and ``_powf`` therefore re-enact the algorithm of
  glibc 2.28+ (from Arm Optimized Routines) as built for x86-64 CPUs with
  FMA, including its tables and polynomial coefficients.
* A Python float becomes a float32 tensor by round-to-nearest; a value that
  would round to infinity is an error in TF, and so it is here.

TF on another C library (macOS, Windows, musl) or on an x86 CPU without FMA
may differ from these values in the last bit of some cos/pow results.

Integer ``initial_learning_rate`` makes Keras compute in int32 with
surprising results (the decay rate is truncated, CosineDecay uses pi=3);
that path is reproduced too, because it is what a user gets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from lrschedules._float32 import (
    Number,
    _add,
    _const32,
    _div,
    _floor,
    _flush,
    _ieee_div,
    _less,
    _minimum,
    _mul,
    _round32,
    _sub,
)
from lrschedules._libm import _cosf, _powf

__all__ = ["CosineDecay", "ExponentialDecay", "PiecewiseConstantDecay"]


# ---------------------------------------------------------------------------
# Python numbers as TF tensors

_INT32_MIN = -(2**31)


def _f32_to_int(x: float) -> int:
    """float32 -> int32 cast on x86 (cvttss2si): truncate; NaN/out of range -> INT32_MIN."""
    if not math.isfinite(x) or not -(2.0**31) <= math.trunc(x) < 2.0**31:
        return _INT32_MIN
    return math.trunc(x)


def _cast_f32(x: Number) -> float:
    """``ops.cast(python_number, "float32")``: an int goes through int32, a float directly."""
    return _round32(float(x)) if isinstance(x, int) else _const32(x)


def _cast_int(x: Number) -> int:
    """``ops.cast(python_number, "int32")``: a float is first made float32, then truncated."""
    return x if isinstance(x, int) else _f32_to_int(_const32(x))


def _mul_dtype_error(expected: str, got: str) -> TypeError:
    return TypeError(
        f"cannot compute Mul as input #1(zero-based) was expected to be a {expected} tensor but is a {got} tensor"
    )


def _check_step(step: Number) -> None:
    if not isinstance(step, (int, float)):
        raise TypeError(f"step must be an int or a float, got {type(step).__name__}")


class _Schedule:
    """What every schedule offers: ``sched(step)`` and the first ``n`` values."""

    def __call__(self, step: Number) -> float:
        raise NotImplementedError

    def lrs(self, n: int) -> list[float]:
        """``[sched(0), ..., sched(n-1)]``."""
        if not isinstance(n, int) or n < 0:
            raise ValueError(f"n must be a non-negative int, got {n!r}")
        return [self(step) for step in range(n)]


class ExponentialDecay(_Schedule):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)``, in float32."""

    def __init__(
        self,
        initial_learning_rate: Number,
        decay_steps: Number,
        decay_rate: Number,
        staircase: bool = False,
    ) -> None:
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        if self.decay_steps <= 0:
            raise ValueError(f"Argument `decay_steps` must be > 0. Received: decay_steps={self.decay_steps}")

    def __call__(self, step: Number) -> float:
        _check_step(step)
        if isinstance(self.initial_learning_rate, int):
            return self._int32_call(step)
        initial = _const32(self.initial_learning_rate)
        p = _div(_cast_f32(step), _cast_f32(self.decay_steps))
        if self.staircase:
            p = _floor(p)
        return _mul(initial, _powf(_cast_f32(self.decay_rate), p))

    def _int32_call(self, step: Number) -> float:
        """An int initial_learning_rate: every cast goes to int32, ``/`` yields float64."""
        p = _ieee_div(float(_cast_int(step)), float(_cast_int(self.decay_steps)))
        if self.staircase and math.isfinite(p):
            p = float(math.floor(p))
        return float(self.initial_learning_rate) * _pow64(float(_cast_int(self.decay_rate)), p)


def _pow64(x: float, y: float) -> float:
    """C ``pow`` on doubles: IEEE results where Python's ``math.pow`` raises."""
    try:
        return math.pow(x, y)
    except OverflowError:
        odd = y.is_integer() and y % 2 == 1
        return -math.inf if x < 0 and odd else math.inf
    except ValueError:
        if x == 0.0:  # 0 ** negative
            odd = y.is_integer() and y % 2 == 1
            return math.copysign(math.inf, x) if odd else math.inf
        return math.nan


class PiecewiseConstantDecay(_Schedule):
    """``values[i]`` for ``boundaries[i-1] < step <= boundaries[i]``, as Keras sums it.

    Keras adds ``mask_i * values[i]`` over all intervals, so with
    non-increasing boundaries several masks are 1 and values add up; an
    infinite value makes every step NaN (0 * inf).  Both are kept.
    """

    def __init__(self, boundaries: Sequence[Number], values: Sequence[Number]) -> None:
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of "
                f"values. Received: boundaries={boundaries} of length "
                f"{len(boundaries)}, and values={values} "
                f"of length {len(values)}."
            )
        self.boundaries = boundaries
        self.values = values

    def __call__(self, step: Number) -> float:
        _check_step(step)
        float_step = isinstance(step, float)
        s: Number = _flush(_const32(step)) if float_step else step
        bounds = [_as_dtype_of_step(b, float_step) for b in self.boundaries]
        values = [(_const32(v), "float") if isinstance(v, float) else (v, "int32") for v in self.values]
        result_dtype = values[0][1]
        terms = [(s <= bounds[0], values[0]), (s > bounds[-1], values[-1])]
        terms += [
            (low < s <= high, value) for low, high, value in zip(bounds[:-1], bounds[1:], values[1:-1], strict=True)
        ]
        if result_dtype == "int32":
            total = 0
            for mask, (value, dtype) in terms:
                if dtype != result_dtype:
                    raise _mul_dtype_error("int32", "float")
                total += int(mask) * value
            return float(total)
        result = 0.0
        for mask, (value, dtype) in terms:
            if dtype != result_dtype:
                raise _mul_dtype_error("float", "int32")
            result = _add(result, _mul(float(mask), value))
        return result


def _as_dtype_of_step(boundary: Number, float_step: bool) -> Number:
    """Keras casts each boundary tensor to the step's dtype."""
    if float_step:
        return _flush(_cast_f32(boundary))  # float32 comparisons see subnormals as 0
    return _cast_int(boundary)


class CosineDecay(_Schedule):
    """Cosine decay to ``alpha * lr`` over ``decay_steps``, after an optional linear warmup."""

    def __init__(
        self,
        initial_learning_rate: Number,
        decay_steps: Number,
        alpha: Number = 0.0,
        warmup_target: Number | None = None,
        warmup_steps: Number = 0,
    ) -> None:
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps
        if self.decay_steps <= 0:
            raise ValueError(f"Argument `decay_steps` must be > 0. Received: decay_steps={self.decay_steps}")

    def _decay(self, step: float, decay_steps: float, decay_from_lr: float, pi: float) -> float:
        completed_fraction = _div(step, decay_steps)
        cosine_decayed = _mul(0.5, _add(1.0, _cosf(_mul(pi, completed_fraction))))
        decayed = _add(_mul(_const32(1 - self.alpha), cosine_decayed), _const32(self.alpha))
        return _mul(decay_from_lr, decayed)

    def __call__(self, step: Number) -> float:
        _check_step(step)
        if isinstance(self.initial_learning_rate, int):
            return self._int32_call(step)
        initial = _const32(self.initial_learning_rate)
        decay_steps = _cast_f32(self.decay_steps)
        pi = _const32(math.pi)
        global_step = _cast_f32(step)
        if self.warmup_target is None:
            global_step = _minimum(global_step, decay_steps)
            return self._decay(global_step, decay_steps, initial, pi)
        warmup_target = _cast_f32(self.warmup_target)
        warmup_steps = _cast_f32(self.warmup_steps)
        global_step = _minimum(global_step, _add(decay_steps, warmup_steps))
        if _less(global_step, warmup_steps):
            completed_fraction = _div(global_step, warmup_steps)
            total_step_delta = _sub(warmup_target, initial)
            return _add(_mul(total_step_delta, completed_fraction), initial)
        return self._decay(_sub(global_step, warmup_steps), decay_steps, warmup_target, pi)

    def _int32_call(self, step: Number) -> float:
        """An int initial_learning_rate: steps, targets and even pi are cast to int32."""
        decay_steps = _cast_int(self.decay_steps)
        global_step = _cast_int(step)
        pi = 3.0  # ops.array(math.pi, dtype="int32"), then promoted to float32
        if self.warmup_target is None:
            global_step = min(global_step, decay_steps)
            return self._decay(_round32(global_step), _round32(decay_steps), _round32(self.initial_learning_rate), pi)
        warmup_target = _cast_int(self.warmup_target)
        warmup_steps = _cast_int(self.warmup_steps)
        global_step = min(global_step, decay_steps + warmup_steps)
        if global_step < warmup_steps:
            # int32 / int32 is float64 in TF, and int32 * float64 does not exist.
            raise _mul_dtype_error("int32", "double")
        return self._decay(
            _round32(global_step - warmup_steps),
            _round32(decay_steps),
            _round32(warmup_target),
            pi,
        )
