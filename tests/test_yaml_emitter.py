"""The hand-written deck YAML emitter: whatever it writes, PyYAML's loaders read back equal."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from verikb.yaml_emitter import dump_yaml

ROOT = Path(__file__).resolve().parent.parent
LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])]

# Any text a deck could hold: every code point but lone surrogates (UTF-8 cannot carry them),
# with YAML's troublemakers drawn often: indicators, quotes, line breaks, tabs, bool-like words.
tricky = st.sampled_from(
    [
        "",
        " ",
        "\n",
        "\t",
        "\r",
        ":",
        ": ",
        " #",
        "#",
        "-",
        "- ",
        "? ",
        "|",
        ">",
        "'",
        '"',
        "\\",
        "[",
        "{",
        "&a",
        "*a",
        "!t",
        "%",
        "@",
        "`",
        "yes",
        "No",
        "on",
        "null",
        "~",
        "1",
        "0x1f",
        "1e3",
        ".inf",
        "2026-12-01",
        "\x85",
        "\u2028",
        "\ufeff",
        "\x7f",
        "\xa0",
        "✗",
        "---",
        "...",
        "<<",
        "=",
    ]
)
chunks = st.one_of(tricky, st.text(st.characters(exclude_categories=["Cs"]), max_size=8))
text = st.lists(chunks, max_size=6).map("".join)
keys = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
scalars = st.one_of(text, st.integers(), st.booleans(), st.none())
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=25
)


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@settings(max_examples=400, deadline=None)
@given(data=st.dictionaries(keys, values, max_size=5))
def test_every_value_reads_back_equal(loader: type, data: dict) -> None:
    assert yaml.load(dump_yaml(data), Loader=loader) == data


@settings(max_examples=400, deadline=None)
@given(value=text)
def test_multi_line_text_reads_back_exactly_in_a_list_and_under_a_key(value: str) -> None:
    data = {"code": value, "steps": [value, {"code": value, "more": [value]}]}
    assert yaml.safe_load(dump_yaml(data)) == data


def test_layout_is_block_style_with_one_line_per_scalar() -> None:
    data = {
        "id": "card-1",
        "line": 6,
        "answer": None,
        "ok": True,
        "front": "What is lr: the rate?",
        "options": ["yes", "A plain option", ""],
        "code": "opt = SGD(lr=0.1)\nfor e in range(3):\n    step()\n",
        "parts": [{"kind": "text", "text": "Tab\there"}],
        "empty": {},
        "none": [],
    }
    assert dump_yaml(data) == (
        "id: card-1\n"
        "line: 6\n"
        "answer: null\n"
        "ok: true\n"
        'front: "What is lr: the rate?"\n'
        "options:\n"
        '- "yes"\n'
        "- A plain option\n"
        '- ""\n'
        "code: |\n"
        "  opt = SGD(lr=0.1)\n"
        "  for e in range(3):\n"
        "      step()\n"
        "parts:\n"
        "- kind: text\n"
        '  text: "Tab\\there"\n'
        "empty: {}\n"
        "none: []\n"
    )


@pytest.mark.parametrize("bad", [{"x": 1.5}, {"x": b"bytes"}, {1: "int key"}, {"k" * 1025: 1}])
def test_values_outside_the_deck_types_are_refused(bad: dict) -> None:
    with pytest.raises(TypeError):
        dump_yaml(bad)


def test_committed_decks_read_back_equal() -> None:
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert yaml.safe_load(dump_yaml(data)) == data, path.name
