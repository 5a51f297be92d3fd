"""Deck <-> JSON/YAML: the boundary where deck files are validated, with file and line in every error.

The only module that touches raw dicts: everything else sees ``verikb.model`` types.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from verikb import model
from verikb.atomic import write_atomic
from verikb.curation import ID_PREFIX, answer_problem
from verikb.errors import DeckFileError
from verikb.model import CURATED_FIELDS, Curation, Deck, DeckCuration
from verikb.store import STORE_DIR, digest
from verikb.yaml_emitter import dump_yaml

if TYPE_CHECKING:
    from pydantic import TypeAdapter

__all__ = [
    "DECK_CACHE_DIR",
    "deck_from_dict",
    "deck_to_dict",
    "deck_to_json",
    "deck_to_yaml",
    "read_deck",
    "read_decks",
    "write_deck",
]

DECK_CACHE_DIR = STORE_DIR / "decks"
"""Where a project keeps its parsed decks (a kind of the content store), relative to its root (see ``read_decks``)."""
# Part of every deck-cache key: a change to the deck types or to how decks are read and checked
# invalidates cached decks.
_MODEL_CODE = b"".join(
    Path(__file__).with_name(name).read_bytes() for name in ("model.py", "deck_io.py", "curation.py")
)
# libyaml's C loader when PyYAML has it: ~10x faster on deck files (it dominates warm builds).
_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KINDS = tuple(ID_PREFIX)
_YAML_HEADER = """\
# verikb deck, imported from {source}.
# Re-import with `python -m verikb import {source} --out quizzes/`.
# Imported fields are rewritten on every import. Only the `curated:` blocks are yours (deck-level,
# and per item: {fields}).
# They survive re-import on the item they were written for, matched by its text; an item's id never
# changes. Blocks of items gone from the source wait under `orphaned:` until you delete them.
"""
# Every type a deck file holds: none takes a key it does not know (a misspelt `answr:` or
# `curatd:` would otherwise vanish on the next write).
_DECK_TYPES = (
    model.Deck,
    model.DeckCuration,
    model.Card,
    model.Question,
    model.Prompt,
    model.Practice,
    model.Step,
    model.TextPart,
    model.SourceWarning,
    model.Curation,
    model.Orphan,
)


class _DeckLoader(_FastLoader):  # type: ignore[misc, valid-type]
    """Refuses a key given twice in one mapping: YAML forbids it, and PyYAML would keep the last silently."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        first: dict[object, int] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue  # a list or mapping as a key: the constructor refuses it ("unhashable key")
            if key.value in first:
                problem = f"duplicate key {key.value!r} (the first is on line {first[key.value] + 1})"
                raise yaml.constructor.ConstructorError(None, None, problem, key.start_mark)
            first[key.value] = key.start_mark.line
        return super().construct_mapping(node, deep=deep)


@functools.cache
def _adapter(kind: type) -> TypeAdapter:
    """pydantic's validator/serializer for ``kind``, imported and built on first use: that costs
    ~0.25 s, which builds and verify runs reading every deck from the cache never pay."""
    from pydantic import TypeAdapter

    for deck_type in _DECK_TYPES:  # where pydantic reads a plain dataclass's config (what `with_config` sets)
        deck_type.__pydantic_config__ = {"extra": "forbid"}  # type: ignore[attr-defined]
    return TypeAdapter(kind)


def deck_to_dict(deck: Deck) -> dict[str, Any]:
    """Plain JSON-able dict; empty ``curated`` blocks are left out to keep files readable."""
    data = _plain(deck)
    for kind in _KINDS:
        for item in data[kind]:
            _drop_empty_curated(item, _EMPTY_CURATION)
    _drop_empty_curated(data, _EMPTY_DECK_CURATION)
    if data["orphaned"]:
        for orphan in data["orphaned"]:
            _drop_empty_curated(orphan, _EMPTY_CURATION)
    else:
        del data["orphaned"]  # the ``import --json`` keys stay what they were
    return data


def _plain(value: object) -> Any:
    """A deck value as JSON types: dataclasses become dicts (fields in order), tuples lists.

    What pydantic's ``dump_python(mode="json")`` gives for these types (a test holds them equal),
    without loading pydantic and building its serializer: ~0.12 s in every process that writes
    decks, half of a small import. Written by hand for that reason; the types are plain data.
    """
    kind = type(value)
    if kind in _LEAVES:  # most values: answered before any other test
        return value
    if kind is tuple:
        return [v if type(v) in _LEAVES else _plain(v) for v in value]
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(value):
            return value
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    return {name: _plain(getattr(value, name)) for name in names}


_LEAVES = frozenset({str, int, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_EMPTY_CURATION = _plain(Curation())
_EMPTY_DECK_CURATION = _plain(DeckCuration())


def _drop_empty_curated(data: dict[str, Any], empty: dict[str, Any]) -> None:
    if data.get("curated") == empty:
        del data["curated"]
    elif "curated" in data:
        data["curated"] = {k: v for k, v in data["curated"].items() if v != empty[k]}


def deck_from_dict(data: object, *, path: Path, text: str | None = None) -> Deck:
    """Validate untrusted data into a Deck; DeckFileError names the file, line and key."""
    from pydantic import ValidationError

    try:
        deck = _adapter(Deck).validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise _located(err["loc"], _pydantic_message(err), path, text) from None
    assert isinstance(data, dict)  # the validation above guarantees it
    _check_deck(deck, data, path, text)
    return deck


def _pydantic_message(err: Any) -> str:
    if err["type"] != "unexpected_keyword_argument":
        return err["msg"].lower()
    if err["loc"][-2:-1] == ("curated",):
        fields = CURATED_FIELDS if len(err["loc"]) > 2 else [f.name for f in dataclasses.fields(DeckCuration)]
        return f"unknown key (a curated block holds {', '.join(fields)})"
    return "unknown key"


def _check_deck(deck: Deck, data: dict[str, Any], path: Path, text: str | None) -> None:
    """What the schema cannot say: ids unique and of their list's kind, curated answers that are options.

    Answers are checked in the raw ``data``, where pydantic has not coerced them (``answer: true`` is no option).
    """
    first: dict[str, tuple[int | str, ...]] = {}
    places = [((kind, k), item, ID_PREFIX[kind]) for kind in _KINDS for k, item in enumerate(getattr(deck, kind))]
    places += [(("orphaned", k), orphan, None) for k, orphan in enumerate(deck.orphaned)]
    for loc, item, prefix in places:
        kind, _, number = item.id.rpartition("-")
        if kind not in ((prefix,) if prefix else ID_PREFIX.values()) or not number.isdigit() or number[0] == "0":
            expected = (
                f"a {prefix} id ({prefix}-N)" if prefix else "an item id (card-N, question-N, prompt-N or practice-N)"
            )
            raise _located((*loc, "id"), f"{item.id} is not {expected}", path, text)
        if item.id in first:
            other = (*first[item.id], "id")
            line = f" (line {_line_of(text, other)})" if text else ""
            raise _located((*loc, "id"), f"{item.id} is also the id of {_key_path(other[:-1])}{line}", path, text)
        first[item.id] = loc
        answer = data[loc[0]][loc[1]].get("curated", {}).get("answer")
        if prefix and answer is not None and (problem := answer_problem(answer, item)):
            raise _located((*loc, "curated", "answer"), problem, path, text)


def _located(loc: tuple[int | str, ...], message: str, path: Path, text: str | None) -> DeckFileError:
    return DeckFileError(f"{_key_path(loc)}: {message}", path=path, line=_line_of(text, loc) if text else None)


def _key_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out or "(top level)"


def _line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    """Line of the deepest YAML node on ``loc`` (PyYAML keeps marks on composed nodes); for a
    mapping's entry, the line of its key, since a block value starts on the line below."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    mark = node.start_mark if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            entry = next(((k, v) for k, v in node.value if k.value == part), None)
            if entry is None:
                break
            mark, node = entry[0].start_mark, entry[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1 if mark is not None else None


def read_deck(path: Path) -> Deck:
    """Load and validate one ``quizzes/*.yml``."""
    return _parse_deck(_read_bytes(path), path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DeckFileError(f"cannot read: {exc.strerror}", path=path) from None


def _parse_deck(raw: bytes, path: Path) -> Deck:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DeckFileError(f"not UTF-8 text (byte {exc.start})", path=path, line=line) from None
    try:
        data = yaml.load(text, Loader=_DeckLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise DeckFileError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path=path, line=line) from None
    return deck_from_dict(data, path=path, text=text)


def read_decks(folder: Path, *, cache: Path | None = None) -> list[Deck]:
    """All decks in a folder, sorted by id.

    With ``cache``, each validated deck is also kept there, pickled, under the hash of its
    YAML and of the code that reads decks. Parsing and validating YAML cost ~3 ms a deck plus ~0.25 s
    to load pydantic, and dominated no-change rebuilds; unpickling costs ~0.2 ms a deck (bench rows
    "build <= 1.15x plain, N=100" and "no-change build <= 1.1x plain" fail without it).
    Pickle runs code when loaded, so the cache is as trusted as the project it sits in:
    anyone who can write there can also write the snippets, which ``verify`` executes anyway.
    Entries of decks no longer in the folder are deleted.
    """
    paths = sorted(folder.glob("*.yml"))
    if cache is None:
        return [read_deck(p) for p in paths]
    decks, used = [], set()
    for path in paths:
        raw = _read_bytes(path)
        entry = cache / f"{digest('decks', _MODEL_CODE, raw)}.pickle"
        used.add(entry.name)
        deck = _cached_deck(entry)
        if deck is None:
            deck = _parse_deck(raw, path)
            write_atomic(entry, pickle.dumps(deck, protocol=pickle.HIGHEST_PROTOCOL))
        decks.append(deck)
    for stale in cache.glob("*.pickle"):
        if stale.name not in used:
            stale.unlink(missing_ok=True)
    return decks


def _cached_deck(entry: Path) -> Deck | None:
    try:
        deck = pickle.loads(entry.read_bytes())  # our own cache: see read_decks on trust
    except Exception:  # absent or damaged, whatever the damage: a miss
        return None
    return deck if isinstance(deck, Deck) else None


def deck_to_yaml(deck: Deck) -> str:
    """The reviewable YAML text of a deck, with a header saying which fields are curated."""
    header = _YAML_HEADER.format(source=deck.source, fields=", ".join(CURATED_FIELDS))
    return header + dump_yaml(deck_to_dict(deck))


def write_deck(path: Path, deck: Deck) -> str:
    """Write a deck as YAML atomically; an unchanged file is left untouched (watchers stay quiet).
    Returns the file's text."""
    text = deck_to_yaml(deck)
    try:
        if path.read_text(encoding="utf-8") == text:
            return text
    except (OSError, UnicodeDecodeError):
        pass  # absent or unreadable: write it
    write_atomic(path, text)
    return text


def deck_to_json(deck: Deck) -> str:
    """The ``import --json`` contract: one deck as indented JSON."""
    return json.dumps(deck_to_dict(deck), indent=2, ensure_ascii=False)
