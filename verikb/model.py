"""The deck types: what a source text says, item by item, plus what reviewers added.

Data only. Validation of untrusted dicts happens once, in ``deck_io``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

__all__ = [
    "CURATED_FIELDS",
    "NOT_CURATED",
    "Card",
    "ClaimRef",
    "Curation",
    "Deck",
    "DeckCuration",
    "Framework",
    "Item",
    "Orphan",
    "Practice",
    "Prompt",
    "Question",
    "SourceWarning",
    "Step",
    "TextPart",
    "Verdict",
]

FrameworkName = Literal["pytorch", "tensorflow"]
"""How a deck file spells its framework (``Framework`` is the typed value)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceWarning:
    """A source line the importer could not place, or a gap it noticed."""

    file: str
    """Path of the source text, as given to the importer."""
    line: int
    """1-based line number in the source text (0 when about the whole file)."""
    message: str
    """What is wrong and what was done about it."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True, kw_only=True)
class TextPart:
    """A run of a card's back: prose or code, so ``<br>``/``<code>`` never reach a page as HTML."""

    kind: Literal["text", "code"]
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Curation:
    """Fields a reviewer added to an item in ``quizzes/*.yml``; re-importing keeps them."""

    answer: int | None = None
    """0-based answer key where the source gives none (or a reviewer corrects it)."""
    concepts: tuple[str, ...] = ()
    """Names of the key concepts of an open prompt (the source only gives their count)."""
    code: str | None = None
    """A corrected, re-indented code block (the source lost indentation)."""
    snippet: str | None = None
    """Path of the snippet that checks this item, when it is not found automatically."""
    not_checkable: str | None = None
    """One-line reason why no code can settle this item's claim."""
    note: str | None = None
    """Free reviewer note shown next to the item."""
    explanation: str | None = None
    """A reviewer's corrected explanation, for an item whose claim the snippets refute."""


CURATED_FIELDS: tuple[str, ...] = ("answer", "concepts", "code", "snippet", "not_checkable", "note", "explanation")
# Frozen, so every uncurated item can share one instance: building a fresh one per item was
# about 1 µs each, a few percent of the import.
NOT_CURATED = Curation()


@dataclass(frozen=True, slots=True, kw_only=True)
class Card:
    """A "Recall & Review" flashcard."""

    id: str
    line: int
    level: str | None
    front: str
    back: str
    """Plain text; a source ``<br>`` becomes a newline."""
    back_parts: tuple[TextPart, ...] = ()
    curated: Curation = NOT_CURATED


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A multiple-choice question (possibly with no options at all)."""

    id: str
    line: int
    prompt: str
    options: tuple[str, ...] = ()
    answer: int | None = None
    """0-based index of the right option, only when the source says so."""
    explanation: str | None = None
    curated: Curation = NOT_CURATED


@dataclass(frozen=True, slots=True, kw_only=True)
class Prompt:
    """An open "explain" prompt graded by ticking key concepts."""

    id: str
    line: int
    prompt: str
    hint: str | None = None
    concepts: int | None = None
    """How many key concepts the source counts ("You got /4 concepts.")."""
    curated: Curation = NOT_CURATED


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One step of a worked solution."""

    title: str
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Practice:
    """A worked practice problem ("Practice (1/5)")."""

    id: str
    line: int
    number: int
    """The number the source gives the problem ("2. Which …")."""
    prompt: str
    """The prose of the prompt, lines joined by newlines (code lines left out)."""
    prompt_parts: tuple[TextPart, ...] = ()
    """Prose and code in source order."""
    code: str | None = None
    """Code lines quoted in the prompt, joined by newlines; the source lost their indentation."""
    level: str | None = None
    options: tuple[str, ...] = ()
    answer: int | None = None
    """0-based index from "-> Option X"."""
    final_answer: str | None = None
    steps: tuple[Step, ...] = ()
    quick_check: str | None = None
    hint: str | None = None
    mistakes: tuple[str, ...] = ()
    curated: Curation = NOT_CURATED


Item = Card | Question | Prompt | Practice


@dataclass(frozen=True, slots=True, kw_only=True)
class Orphan:
    """A curated block whose item left the source: kept in the deck until a person deletes it."""

    id: str
    """The id the item had; it is given back if the item returns."""
    text: str
    """The item as last seen (its front or prompt, then its options, one a line): how it is recognised."""
    curated: Curation


@dataclass(frozen=True, slots=True, kw_only=True)
class DeckCuration:
    """Deck-level fields a reviewer set (headerless sources have no title)."""

    title: str | None = None
    framework: FrameworkName | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Deck:
    """Everything one source text holds, in source order within each kind."""

    id: str
    """The source file's stem; stable across re-imports."""
    source: str
    """Path of the source text the deck was imported from."""
    title: str | None = None
    framework: FrameworkName | None = None
    framework_from: Literal["header", "text"] | None = None
    """Whether ``framework`` came from the page header or was inferred from the text."""
    minutes: int | None = None
    practice_announced: int | None = None
    """How many practice problems the source announces ("(1/5)" announces 5)."""
    cards: tuple[Card, ...] = ()
    questions: tuple[Question, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    practice: tuple[Practice, ...] = ()
    warnings: tuple[SourceWarning, ...] = ()
    curated: DeckCuration = field(default_factory=DeckCuration)
    orphaned: tuple[Orphan, ...] = ()
    """Curated blocks of items no longer in the source (written only when there are some)."""

    def items(self) -> tuple[Item, ...]:
        """All items, cards first, in the order the site shows them."""
        return (*self.cards, *self.questions, *self.prompts, *self.practice)

    def item(self, item_id: str) -> Item | None:
        """The item with this id, or None."""
        return next((it for it in self.items() if it.id == item_id), None)

    @property
    def display_title(self) -> str:
        """The reviewer's title, else the source's, else the deck id."""
        return self.curated.title or self.title or self.id

    @property
    def display_framework(self) -> FrameworkName | None:
        """The reviewer's framework, else the one read or inferred from the source."""
        return self.curated.framework or self.framework


class Verdict(StrEnum):
    """What running a claim's code said of it; members compare equal to the words in JSON."""

    VERIFIED = "verified"
    REFUTED = "refuted"
    DEMONSTRATED = "demonstrated"
    """An experiment on a small real model showed the effect: evidence, not proof."""
    NOT_DEMONSTRATED = "not demonstrated"
    NOT_CHECKABLE = "not checkable"
    ERROR = "error"

    @property
    def label(self) -> str:
        """The badge text a reader sees."""
        return _VERDICT_LABELS[self]

    @property
    def css(self) -> str:
        """The class suffix of its badge and evidence box."""
        return self.value.replace(" ", "-")

    @property
    def contradicts_source(self) -> bool:
        """Real code showed the source wrong here."""
        return self in (Verdict.REFUTED, Verdict.NOT_DEMONSTRATED)


_VERDICT_LABELS = {
    Verdict.VERIFIED: "✓ verified",
    Verdict.REFUTED: "✗ refuted",
    Verdict.DEMONSTRATED: "◆ demonstrated",
    Verdict.NOT_DEMONSTRATED: "◇ not demonstrated",
    Verdict.NOT_CHECKABLE: "– not checkable by code",
    Verdict.ERROR: "! snippet error",
}
VERDICT_PRECEDENCE = (
    Verdict.REFUTED,
    Verdict.ERROR,
    Verdict.NOT_DEMONSTRATED,
    Verdict.VERIFIED,
    Verdict.DEMONSTRATED,
    Verdict.NOT_CHECKABLE,
)
"""Several claims about one thing get one verdict: the first of these any of them has."""


class Framework(StrEnum):
    """A framework a deck is about and its snippets run against; the value is the deck's word."""

    PYTORCH = "pytorch"
    TENSORFLOW = "tensorflow"

    @property
    def module(self) -> str:
        """The module snippets import, and the word ``--framework`` and verification.json use."""
        return "torch" if self is Framework.PYTORCH else "tensorflow"

    @property
    def label(self) -> str:
        return "PyTorch" if self is Framework.PYTORCH else "TensorFlow"

    @classmethod
    def parse(cls, name: str | None) -> Framework | None:
        """The framework a deck word (``pytorch``) or a module name (``torch``) means, else None."""
        if not name:
            return None
        return cls.PYTORCH if name in ("torch", "pytorch") else cls.TENSORFLOW if name == "tensorflow" else None


_REF = re.compile(r"(?P<deck>[^/]+)/(?P<item>(?:card|question|prompt|practice)-\d+)(?:/option-(?P<option>\d+))?")


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimRef:
    """Which item (or option of an item) a claim is about: ``DECK/question-2/option-1``."""

    deck: str
    item: str
    """Item id within the deck: ``practice-4``."""
    option: int | None = None
    """1-based option number, as in ``option-1``; None for the item itself."""

    @classmethod
    def parse(cls, text: str) -> ClaimRef:
        """Parse ``DECK/ITEM[/option-N]``; ValueError names what is wrong."""
        m = _REF.fullmatch(text)
        if not m:
            raise ValueError(f"{text!r} is not DECK/ITEM or DECK/ITEM/option-N (ITEM like card-1, practice-4)")
        option = m["option"]
        return cls(deck=m["deck"], item=m["item"], option=int(option) if option else None)

    @classmethod
    def of(cls, deck: str, item_path: str) -> ClaimRef:
        """From a deck id and an item path within it (``practice-4/option-2``)."""
        return cls.parse(f"{deck}/{item_path}")

    @property
    def item_path(self) -> str:
        """Item id and option within the deck: ``practice-4/option-2``."""
        return self.item if self.option is None else f"{self.item}/option-{self.option}"

    @property
    def anchor(self) -> str:
        """The element id of the item or option on its topic page."""
        return self.item if self.option is None else f"{self.item}-option-{self.option}"

    def __str__(self) -> str:
        return f"{self.deck}/{self.item_path}"
