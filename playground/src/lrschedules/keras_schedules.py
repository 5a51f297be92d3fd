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
import struct
from collections.abc import Sequence

__all__ = ["CosineDecay", "ExponentialDecay", "PiecewiseConstantDecay"]

Number = int | float

# ---------------------------------------------------------------------------
# float32 arithmetic as TF performs it on the CPU

_F32 = struct.Struct("<f")
_U32 = struct.Struct("<I")
_F64 = struct.Struct("<d")
_U64 = struct.Struct("<Q")
_MIN_NORMAL32 = 2.0**-126


def _round32(x: float) -> float:
    """Round a float64 to the nearest float32 (ties to even), overflowing to +-inf."""
    try:
        return _F32.unpack(_F32.pack(x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def _flush(x: float) -> float:
    """Flush-to-zero / denormals-are-zero: a subnormal float32 acts as a signed 0."""
    return math.copysign(0.0, x) if abs(x) < _MIN_NORMAL32 else x


def _const32(x: Number) -> float:
    """``tf.convert_to_tensor(python_number)`` as float32: rounds, never flushes."""
    try:
        return _F32.unpack(_F32.pack(x))[0]
    except OverflowError:
        raise ValueError(
            "Can't convert Python sequence with a value out of range for a double-precision float."
        ) from None


def _bits32(x: float) -> int:
    return _U32.unpack(_F32.pack(x))[0]


def _from_bits32(i: int) -> float:
    return _F32.unpack(_U32.pack(i & 0xFFFFFFFF))[0]


def _bits64(x: float) -> int:
    return _U64.unpack(_F64.pack(x))[0]


def _from_bits64(i: int) -> float:
    return _F64.unpack(_U64.pack(i & 0xFFFFFFFFFFFFFFFF))[0]


def _ieee_div(a: float, b: float) -> float:
    """Float64 division with IEEE results where Python raises ZeroDivisionError."""
    if b == 0.0:
        if a == 0.0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _add(a: float, b: float) -> float:
    return _flush(_round32(_flush(a) + _flush(b)))


def _sub(a: float, b: float) -> float:
    return _flush(_round32(_flush(a) - _flush(b)))


def _mul(a: float, b: float) -> float:
    return _flush(_round32(_flush(a) * _flush(b)))


def _div(a: float, b: float) -> float:
    return _flush(_round32(_ieee_div(_flush(a), _flush(b))))


def _floor(x: float) -> float:
    x = _flush(x)
    if not math.isfinite(x):
        return x
    return math.copysign(float(math.floor(x)), x)


def _minimum(a: float, b: float) -> float:
    """``tf.minimum`` on float32: NaN-propagating."""
    if math.isnan(a) or math.isnan(b):
        return math.nan
    return b if b < a else a


def _less(a: float, b: float) -> bool:
    return _flush(a) < _flush(b)


def _fma_exact(a: float, b: float, c: float) -> float:
    """``a*b + c`` with a single rounding (ints divide with correct rounding)."""
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c
    na, da = a.as_integer_ratio()
    nb, db = b.as_integer_ratio()
    nc, dc = c.as_integer_ratio()
    num = na * nb * dc + nc * da * db
    if num == 0:
        return a * b + c  # the sign of an exact zero follows IEEE
    return num / (da * db * dc)


_fma = getattr(math, "fma", _fma_exact)  # math.fma exists from Python 3.13


# ---------------------------------------------------------------------------
# glibc cosf (x86-64 FMA build): double-precision polynomial, rounded to float.
# Constants: Arm Optimized Routines (MIT OR Apache-2.0 WITH LLVM-exception), as
# shipped in glibc's sysdeps/ieee754/flt-32 since 2.28; checked bit for bit
# against TF 2.21 on glibc 2.36 by tests/test_lrschedules_keras.py.

# 4/pi in binary: floor(4/pi * 2**191); bits of it feed the large-argument reduction.
_FOUR_OVER_PI_192 = 0xA2F9836E4E441529FC2757D1F534DDC0DB6295993C439041
_INV_PIO4 = [(_FOUR_OVER_PI_192 >> (184 - 8 * j)) & 0xFFFFFFFF for j in range(24)]
_PI63 = float.fromhex("0x1.921FB54442D18p-62")  # 2*pi / 2**64
_HPI_INV = float.fromhex("0x1.45F306DC9C883p+23")  # 2/pi * 2**24
_HPI = float.fromhex("0x1.921FB54442D18p0")  # pi/2
_SIGN = (1.0, -1.0, -1.0, 1.0)
_COS_C = tuple(
    float.fromhex(h)
    for h in (
        "0x1p0",
        "-0x1.ffffffd0c621cp-2",
        "0x1.55553e1068f19p-5",
        "-0x1.6c087e89a359dp-10",
        "0x1.99343027bf8c3p-16",
    )
)
_SIN_S = tuple(
    float.fromhex(h) for h in ("-0x1.555545995a603p-3", "0x1.1107605230bc4p-7", "-0x1.994eb3774cf24p-13")
)


def _abstop12(bits: int) -> int:
    return (bits >> 20) & 0x7FF


_TOP12_PIO4 = _abstop12(_bits32(float.fromhex("0x1.921FB6p-1")))
_TOP12_TINY = _abstop12(_bits32(2.0**-12))
_TOP12_120 = _abstop12(_bits32(120.0))
_TOP12_INF = _abstop12(_bits32(math.inf))


def _sinf_poly(x: float, x2: float, negate_cos: bool, use_cos: bool) -> float:
    if not use_cos:
        s1, s2, s3 = _SIN_S
        x3 = x * x2
        t = _fma(x2, s3, s2)
        x7 = x3 * x2
        s = _fma(x3, s1, x)
        return _fma(x7, t, s)
    c0, c1, c2, c3, c4 = (-c for c in _COS_C) if negate_cos else _COS_C
    x4 = x2 * x2
    q2 = _fma(x2, c4, c3)
    q1 = _fma(x2, c1, c0)
    x6 = x4 * x2
    c = _fma(x4, c2, q1)
    return _fma(x6, q2, c)


def _reduce_large(xi: int) -> tuple[float, int]:
    """x mod pi/2 for |x| >= 120 by 4/pi fixed-point arithmetic on integers."""
    j = (xi >> 26) & 15
    shift = (xi >> 23) & 7
    m = (((xi & 0xFFFFFF) | 0x800000) << shift) & 0xFFFFFFFF
    res0 = (m * _INV_PIO4[j]) & 0xFFFFFFFF
    res1 = m * _INV_PIO4[j + 4]
    res2 = m * _INV_PIO4[j + 8]
    res0 = ((res2 >> 32) | (res0 << 32)) & 0xFFFFFFFFFFFFFFFF
    res0 = (res0 + res1) & 0xFFFFFFFFFFFFFFFF
    n = ((res0 + (1 << 61)) & 0xFFFFFFFFFFFFFFFF) >> 62
    res0 = (res0 - (n << 62)) & 0xFFFFFFFFFFFFFFFF
    signed = res0 - (1 << 64) if res0 >> 63 else res0
    return float(signed) * _PI63, n


def _cosf(y: float) -> float:
    """``tf.math.cos`` of a scalar float32 on x86-64 Linux (glibc cosf)."""
    bits = _bits32(y)
    top = _abstop12(bits)
    x = _flush(y)
    if top < _TOP12_PIO4:
        if top < _TOP12_TINY:
            return 1.0
        return _flush(_round32(_sinf_poly(x, x * x, False, True)))
    if top < _TOP12_120:
        n = (int(x * _HPI_INV) + 0x800000) >> 24
        x = _fma(-float(n), _HPI, x)
        quadrant = n
    elif top < _TOP12_INF:
        x, n = _reduce_large(bits)
        quadrant = n + (bits >> 31)
    else:
        return math.nan
    s = _SIGN[quadrant & 3]
    return _flush(_round32(_sinf_poly(x * s, x * x, bool(quadrant & 2), not n & 1)))


# ---------------------------------------------------------------------------
# glibc powf (x86-64 FMA build): log2 and exp2 in double precision via tables.
# Same provenance as the cosf constants above; the exp2 table is recomputed.

_LOG2_TAB = tuple(
    (float.fromhex(invc), float.fromhex(logc))
    for invc, logc in (
        ("0x1.661ec79f8f3bep+0", "-0x1.efec65b963019p-2"),
        ("0x1.571ed4aaf883dp+0", "-0x1.b0b6832d4fca4p-2"),
        ("0x1.49539f0f010bp+0", "-0x1.7418b0a1fb77bp-2"),
        ("0x1.3c995b0b80385p+0", "-0x1.39de91a6dcf7bp-2"),
        ("0x1.30d190c8864a5p+0", "-0x1.01d9bf3f2b631p-2"),
        ("0x1.25e227b0b8eap+0", "-0x1.97c1d1b3b7afp-3"),
        ("0x1.1bb4a4a1a343fp+0", "-0x1.2f9e393af3c9fp-3"),
        ("0x1.12358f08ae5bap+0", "-0x1.960cbbf788d5cp-4"),
        ("0x1.0953f419900a7p+0", "-0x1.a6f9db6475fcep-5"),
        ("0x1p+0", "0x0p+0"),
        ("0x1.e608cfd9a47acp-1", "0x1.338ca9f24f53dp-4"),
        ("0x1.ca4b31f026aap-1", "0x1.476a9543891bap-3"),
        ("0x1.b2036576afce6p-1", "0x1.e840b4ac4e4d2p-3"),
        ("0x1.9c2d163a1aa2dp-1", "0x1.40645f0c6651cp-2"),
        ("0x1.886e6037841edp-1", "0x1.88e9c2c1b9ff8p-2"),
        ("0x1.767dcf5534862p-1", "0x1.ce0a44eb17bccp-2"),
    )
)
_LOG2_POLY = tuple(
    float.fromhex(h)
    for h in (
        "0x1.27616c9496e0bp-2",
        "-0x1.71969a075c67ap-2",
        "0x1.ec70a6ca7baddp-2",
        "-0x1.7154748bef6c8p-1",
        "0x1.71547652ab82bp0",
    )
)
_EXP2_POLY = tuple(
    float.fromhex(h) for h in ("0x1.c6af84b912394p-5", "0x1.ebfce50fac4f3p-3", "0x1.62e42ff0c52d6p-1")
)
_EXP2_SHIFT = float.fromhex("0x1.8p+52") / 32
_SIGN_BIAS = 1 << 16


def _exp2_table() -> tuple[int, ...]:
    """Bits of 2**(i/32) rounded to double, minus i << 47 (glibc's __exp2f_data.tab).

    Computed exactly: five integer square roots give floor(2**(i/32) * 2**K).
    """
    tab = []
    for i in range(32):
        scaled = math.isqrt(math.isqrt(math.isqrt(math.isqrt(math.isqrt(1 << (i + 32 * 120))))))
        tab.append(_bits64(_round_int_to_double(scaled, 120)) - (i << 47))
    return tuple(tab)


def _round_int_to_double(m: int, k: int) -> float:
    """m * 2**-k correctly rounded, m being the floor of an irrational (never a tie)."""
    drop = m.bit_length() - 53
    q, r = divmod(m, 1 << drop)
    if r >= 1 << (drop - 1):
        q += 1
    return math.ldexp(q, drop - k)


_EXP2_TAB = _exp2_table()


def _log2_inline(ix: int) -> float:
    tmp = (ix - 0x3F330000) & 0xFFFFFFFF
    i = (tmp >> 19) % 16
    top = tmp & 0xFF800000
    iz = (ix - top) & 0xFFFFFFFF
    k = (top - (1 << 32) if top >> 31 else top) >> 23
    invc, logc = _LOG2_TAB[i]
    z = _from_bits32(iz)
    r = _fma(z, invc, -1.0)
    y0 = logc + float(k)
    a0, a1, a2, a3, a4 = _LOG2_POLY
    r2 = r * r
    y = _fma(a0, r, a1)
    p = _fma(a2, r, a3)
    r4 = r2 * r2
    q = _fma(a4, r, y0)
    q = _fma(p, r2, q)
    return _fma(y, r4, q)


def _exp2_inline(xd: float, sign_bias: int) -> float:
    kd = xd + _EXP2_SHIFT
    ki = _bits64(kd)
    kd -= _EXP2_SHIFT
    r = xd - kd
    t = _EXP2_TAB[ki % 32] + (((ki + sign_bias) << 47) & 0xFFFFFFFFFFFFFFFF)
    s = _from_bits64(t)
    c0, c1, c2 = _EXP2_POLY
    z = _fma(c0, r, c1)
    r2 = r * r
    y = _fma(c2, r, 1.0)
    y = _fma(z, r2, y)
    return y * s


def _checkint(iy: int) -> int:
    """0: not an integer, 1: odd integer, 2: even integer (iy: bits of a finite non-zero)."""
    e = iy >> 23 & 0xFF
    if e < 0x7F:
        return 0
    if e > 0x7F + 23:
        return 2
    if iy & ((1 << (0x7F + 23 - e)) - 1):
        return 0
    if iy & (1 << (0x7F + 23 - e)):
        return 1
    return 2


def _zeroinfnan(i: int) -> bool:
    return ((2 * i - 1) & 0xFFFFFFFF) >= 2 * 0x7F800000 - 1


def _powf_special_y(x: float, y: float, ix: int, iy: int) -> float:
    """powf when y is 0, +-inf or NaN."""
    if (2 * iy) & 0xFFFFFFFF == 0 or ix == 0x3F800000:
        return 1.0
    if (2 * ix) & 0xFFFFFFFF > 2 * 0x7F800000 or (2 * iy) & 0xFFFFFFFF > 2 * 0x7F800000:
        return _add(x, y)
    if (2 * ix) & 0xFFFFFFFF == 2 * 0x3F800000:
        return 1.0
    if ((2 * ix) & 0xFFFFFFFF < 2 * 0x3F800000) == (not iy & 0x80000000):
        return 0.0
    return _mul(y, y)


def _powf_special_x(x: float, ix: int, iy: int) -> float:
    """powf when x is +-0 or +-inf."""
    x2 = _mul(x, x)
    if ix & 0x80000000 and _checkint(iy) == 1:
        x2 = -x2
    return _div(1.0, x2) if iy & 0x80000000 else x2


def _powf(x: float, y: float) -> float:
    """``tf.pow`` of scalar float32 tensors on x86-64 Linux (glibc powf under FTZ/DAZ)."""
    sign_bias = 0
    ix, iy = _bits32(x), _bits32(y)
    if (ix - 0x00800000) & 0xFFFFFFFF >= 0x7F800000 - 0x00800000 or _zeroinfnan(iy):
        if _zeroinfnan(iy):
            return _powf_special_y(x, y, ix, iy)
        if _zeroinfnan(ix):
            return _powf_special_x(x, ix, iy)
        if ix & 0x80000000:
            yint = _checkint(iy)
            if yint == 0:
                return math.nan
            sign_bias = _SIGN_BIAS if yint == 1 else 0
            ix &= 0x7FFFFFFF
        if ix < 0x00800000:
            # Normalise a subnormal x; under DAZ the product is 0, as in TF.
            ix = _bits32(_mul(_from_bits32(ix), 2.0**23)) & 0x7FFFFFFF
            ix = (ix - (23 << 23)) & 0xFFFFFFFF
    ylogx = _flush(y) * _log2_inline(ix)
    if (_bits64(ylogx) >> 47 & 0xFFFF) >= _bits64(126.0) >> 47:
        if ylogx > float.fromhex("0x1.fffffffd1d571p+6"):
            return -math.inf if sign_bias else math.inf
        if ylogx <= -150.0:
            return -0.0 if sign_bias else 0.0
    return _flush(_round32(_exp2_inline(ylogx, sign_bias)))


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
        f"cannot compute Mul as input #1(zero-based) was expected to be a {expected} "
        f"tensor but is a {got} tensor"
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
            (low < s <= high, value)
            for low, high, value in zip(bounds[:-1], bounds[1:], values[1:-1], strict=True)
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
            return self._decay(
                _round32(global_step), _round32(decay_steps), _round32(self.initial_learning_rate), pi
            )
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
