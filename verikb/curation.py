"""Carrying reviewers' curated blocks onto a re-imported deck, each onto the item it was written for.

The importer numbers items by position, so inserting one question above another would slide every
later curated block onto its neighbour. Instead a re-imported item is matched to the previous
deck's item by content and keeps its id: an id, once given, stays with its item (like an Anki note
id), and a new item gets the next number of its kind. A block whose item left the source is kept as
an orphan, and given back when the item returns. The previous deck file is the only memory of ids.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, replace

from verikb.model import NOT_CURATED, Card, Curation, Deck, Item, Orphan, SourceWarning

__all__ = ["ID_PREFIX", "SIMILAR", "Merged", "answer_problem", "fingerprint", "item_text", "merge_curated"]

ID_PREFIX = {"cards": "card", "questions": "question", "prompts": "prompt", "practice": "practice"}
"""Each item list of a deck and the prefix of its items' ids (``question-3``)."""
SIMILAR = 0.8
"""difflib ratio of two items' normalised texts from which an edited item is still the same item.
Chosen before measuring; measured on the project's sources: two different items of one deck score
at most 0.74, one word replaced in any item at least 0.83 (median 0.94). ``tests/test_curation.py``
holds both."""
_ID = re.compile(r"\b(card|question|prompt|practice)-(\d+)\b")


@dataclass(frozen=True, slots=True)
class Merged:
    """A re-imported deck with the previous deck's ids and curated blocks, and what the reviewer should know."""

    deck: Deck
    notes: list[str]
    """Items matched to a different place or an edited text, and orphans given back."""
    warnings: list[str]
    """One per orphan: repeated on every import until a person deletes it."""


def item_text(item: Item) -> str:
    """What identifies an item: its front or prompt, its quoted code, then its options, one a line."""
    head = item.front if isinstance(item, Card) else item.prompt
    code = getattr(item, "code", None)
    return "\n".join((head, *([code] if code else ()), *getattr(item, "options", ())))


def fingerprint(text: str) -> str:
    """The text items are matched on: case, Unicode compatibility forms and runs of white space do not count."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def answer_problem(answer: object, item: Item | None) -> str | None:
    """Why a curated ``answer`` cannot key this item (None when it can): it must be an option's index."""
    options = getattr(item, "options", ())
    if type(answer) is int and 0 <= answer < len(options):
        return None
    choices = f"0-{len(options) - 1}" if options else "the item has none"
    return f"{answer!r} is not an option ({choices})"


def merge_curated(imported: Deck, previous: Deck) -> Merged:
    """``imported`` with ``previous``'s ids, curated blocks and orphans carried over by content."""
    notes: list[str] = []
    renamed: dict[str, str] = {}
    kinds: dict[str, tuple[Item, ...]] = {}
    left: set[str] = set()
    for kind, prefix in ID_PREFIX.items():
        known = [_Known.of(it, k) for k, it in enumerate(getattr(previous, kind))]
        known += [_Known(o.id, o.text, o.curated, None, None) for o in previous.orphaned if _prefix(o.id) == prefix]
        items: tuple[Item, ...] = getattr(imported, kind)
        matches = _match(items, known)
        next_number = max((int(k.id.rsplit("-", 1)[1]) for k in known), default=0) + 1
        merged = []
        for n, item in enumerate(items):
            if (match := matches.get(n)) is None:
                item_id, curated, next_number = f"{prefix}-{next_number}", NOT_CURATED, next_number + 1
            else:
                old, ratio = match
                item_id, curated = old.id, old.curated
                if note := old.moved_note(item, n, ratio, noun=_NOUN.get(prefix, prefix)):
                    notes.append(note)
            renamed[item.id] = item_id
            unchanged = item.id == item_id and item.curated == curated  # most items: replace() costs ~5 µs
            merged.append(item if unchanged else replace(item, id=item_id, curated=curated))
        kinds[kind] = tuple(merged)
        matched = {id(old) for old, _ in matches.values()}
        left |= {k.id for k in known if id(k) not in matched and k.curated != NOT_CURATED}
    # Orphans already there keep their place in the file; the newly orphaned follow, in deck order.
    orphans = [o for o in previous.orphaned if o.id in left]
    orphans += [Orphan(id=it.id, text=item_text(it), curated=it.curated) for it in previous.items() if it.id in left]
    deck = replace(
        imported,
        **kinds,
        warnings=tuple(_renamed(w, renamed) for w in imported.warnings),
        curated=previous.curated,
        orphaned=tuple(orphans),
    )
    return Merged(deck, notes, [f"{o.id} is no longer in the source; {_KEPT}" for o in orphans])


_NOUN = {"practice": "practice problem"}
_KEPT = "its curated block is kept under `orphaned:` until you delete it"


@dataclass(frozen=True, slots=True)
class _Known:
    """An item the previous deck knew of: one of its items, or an orphan (no position, no line)."""

    id: str
    text: str
    curated: Curation
    position: int | None
    line: int | None

    @classmethod
    def of(cls, item: Item, position: int) -> _Known:
        return cls(item.id, item_text(item), item.curated, position, item.line)

    def moved_note(self, item: Item, position: int, ratio: float, *, noun: str) -> str | None:
        """What to tell the reviewer when this match is not what numbering by position would give."""
        where = f"the source's {noun} at line {item.line}"
        if self.position is None:
            return f"{self.id} restored from orphaned: its item is back, as {where}"
        if ratio < 1:
            return (
                f"{self.id} matched by similarity ({ratio:.2f}) to {where} (was at line {self.line}); "
                "its text changed: check its curated block"
            )
        if position != self.position:
            return f"{self.id} matched by content to {where} (was at line {self.line})"
        return None


def _match(items: tuple[Item, ...], known: list[_Known]) -> dict[int, tuple[_Known, float]]:
    """New item index -> the known item it is, and how alike their texts are (1.0: the same text).

    Same normalised text first (twins paired in order, items before orphans); then, among what is
    left, the most alike pairs scoring at least ``SIMILAR``. Orphans come back only on the same text.
    A curated answer that is no option of the new item never moves onto it.
    """
    texts = [fingerprint(item_text(it)) for it in items]
    same: dict[str, list[_Known]] = {}
    for k in known:
        same.setdefault(fingerprint(k.text), []).append(k)
    matches: dict[int, tuple[_Known, float]] = {}
    for n, text in enumerate(texts):
        candidates = [k for k in same.get(text, ()) if _fits(k.curated, items[n])]
        if candidates:
            matches[n] = (candidates[0], 1.0)
            same[text].remove(candidates[0])
    taken = {id(k) for k, _ in matches.values()}
    left = [k for k in known if id(k) not in taken and k.position is not None]
    pairs = []
    for n in (n for n in range(len(items)) if n not in matches):
        for k in left:
            ratio = _ratio(texts[n], fingerprint(k.text))
            if ratio >= SIMILAR and _fits(k.curated, items[n]):
                pairs.append((-ratio, n, k.position, k))
    for negative, n, _, k in sorted(pairs, key=lambda p: p[:3]):
        if n not in matches and id(k) not in taken:
            matches[n] = (k, -negative)
            taken.add(id(k))
    return matches


def _ratio(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def _fits(curated: Curation, item: Item) -> bool:
    return curated.answer is None or answer_problem(curated.answer, item) is None


def _prefix(item_id: str) -> str:
    return item_id.rsplit("-", 1)[0]


def _renamed(warning: SourceWarning, renamed: dict[str, str]) -> SourceWarning:
    """The importer's warning naming items by their kept ids, not by the importer's positional ones."""
    message = _ID.sub(lambda m: renamed.get(m.group(), m.group()), warning.message)
    return warning if message == warning.message else replace(warning, message=message)
