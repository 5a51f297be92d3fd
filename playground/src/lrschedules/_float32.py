"""float32 arithmetic as TensorFlow performs it on the CPU (flush-to-zero, round-to-nearest)."""

from __future__ import annotations

import math
import struct

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
