"""Block-style YAML for deck files: dicts, lists, strings, ints, bools and None, nothing else.

Written by hand because PyYAML's representer is pure Python even with libyaml's C emitter: it
took 2 ms of the 3 ms an imported deck costs (290 scalars a deck, each resolved by regex and
wrapped in a node object). No maintained library emits YAML from Python data in C with a
choice of style per scalar (msgspec.yaml calls PyYAML; rapidyaml builds its tree node by node
through SWIG). Output is meant for review in a diff: one line per scalar, multi-line text as a
literal block. What it writes is read back by PyYAML's own loaders, and the property tests
check that every value of these types reads back equal (``tests/test_yaml_emitter.py``).
"""

from __future__ import annotations

import functools
import re

__all__ = ["dump_yaml"]

YamlValue = dict[str, "YamlValue"] | list["YamlValue"] | str | int | bool | None

# Characters YAML rejects, or folds into line breaks, anywhere outside an escape.
_NON_TEXT = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
# A string is written plain (unquoted) only if it starts with an ASCII letter, so YAML cannot read
# it as a number, date, alias, tag, block indicator or directive; holds no tab, newline, ':', '#',
# bracket or brace; and does not end in white space.
_PLAIN = re.compile(rf"[A-Za-z](?:[^\t\n{_NON_TEXT}:#\[\]{{}}]*[^\s{_NON_TEXT}:#\[\]{{}}])?")
# YAML 1.1 reads these plain words as booleans or null (PyYAML reads y and n as strings, other
# loaders do not), so they are quoted.
_NOT_PLAIN_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})
# Multi-line text goes in a literal block (``|``) when YAML keeps it exactly as written: no tab,
# no line with trailing spaces, no leading white space on the first line (that would need an
# indentation indicator), at most one final newline (see ``_literal`` on chomping).
_LITERAL = re.compile(rf"[^\s{_NON_TEXT}](?:[^\t{_NON_TEXT}]*[^\s{_NON_TEXT}])?\n?")
_TRAILING_SPACE = re.compile(r" \n")
# Inside double quotes: what must be escaped, and the YAML escape for it.
_NEEDS_ESCAPE = re.compile(rf'["\\\t\n{_NON_TEXT}]')
# YAML allows a key on its line ("key: value") only up to this length.
_MAX_KEY = 1024
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}


def dump_yaml(data: dict[str, YamlValue]) -> str:
    """The YAML text of a mapping, in block style, keys in their order."""
    if not data:
        return "{}\n"
    out: list[str] = []
    _mapping(data, "", out)
    return "".join(out)


def _mapping(data: dict[str, YamlValue], indent: str, out: list[str], first_prefix: str | None = None) -> None:
    prefix = indent if first_prefix is None else first_prefix
    for key, value in data.items():
        out.append(f"{prefix}{_key(key)}:")
        _value(value, indent, out, in_list=False)
        prefix = indent


@functools.lru_cache(maxsize=1024)  # a deck repeats the same few dozen field names ~100 times
def _key(key: str) -> str:
    if not isinstance(key, str) or len(key) > _MAX_KEY:
        raise TypeError(f"mapping keys must be strings of at most {_MAX_KEY} characters: {key!r:.40}")
    return _text(key, "", block=False)


def _value(value: YamlValue, indent: str, out: list[str], *, in_list: bool) -> None:
    """Write what follows ``key:`` or ``-``, ending the line."""
    if type(value) is str:  # most values: tested first
        out.append(f" {_text(value, indent, block=True)}\n")
    elif isinstance(value, dict) and value:
        if in_list:  # "- key: value" with the mapping's other keys under the first
            _mapping(value, indent + "  ", out, first_prefix=" ")
        else:
            out.append("\n")
            _mapping(value, indent + "  ", out)
    elif isinstance(value, list) and value:
        out.append("\n")
        # Lists under a key stand at the key's indent, as PyYAML writes them.
        _sequence(value, indent + "  " if in_list else indent, out)
    elif isinstance(value, dict):
        out.append(" {}\n")
    elif isinstance(value, list):
        out.append(" []\n")
    else:
        out.append(f" {_scalar(value, indent)}\n")


def _sequence(items: list[YamlValue], indent: str, out: list[str]) -> None:
    for item in items:
        out.append(f"{indent}-")
        _value(item, indent, out, in_list=True)


def _scalar(value: str | int | bool | None, indent: str) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as deck YAML")
    return _text(value, indent, block=True)


def _text(value: str, indent: str, *, block: bool) -> str:
    """Plain when YAML reads it back as this string, else a literal block (where ``block``), else quoted."""
    if _PLAIN.fullmatch(value) and value.lower() not in _NOT_PLAIN_WORDS:
        return value
    if block and "\n" in value and _LITERAL.fullmatch(value) and not _TRAILING_SPACE.search(value):
        return _literal(value, indent)
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def _literal(value: str, indent: str) -> str:
    """``|`` (one final newline kept) or ``|-`` (none), each line indented under its key."""
    header = "|" if value.endswith("\n") else "|-"
    body_indent = indent + "  "
    lines = value.removesuffix("\n").split("\n")
    return header + "".join(f"\n{body_indent}{line}" if line else "\n" for line in lines)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
