"""glibc's cosf and powf (x86-64 FMA build) re-enacted bit for bit: TF calls them for cos/pow."""

from __future__ import annotations

import math

from lrschedules._float32 import (
    _add,
    _bits32,
    _bits64,
    _div,
    _flush,
    _fma,
    _from_bits32,
    _from_bits64,
    _mul,
    _round32,
)

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
_SIN_S = tuple(float.fromhex(h) for h in ("-0x1.555545995a603p-3", "0x1.1107605230bc4p-7", "-0x1.994eb3774cf24p-13"))


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
_EXP2_POLY = tuple(float.fromhex(h) for h in ("0x1.c6af84b912394p-5", "0x1.ebfce50fac4f3p-3", "0x1.62e42ff0c52d6p-1"))
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
