"""The deck types: what a source text says, item by item, plus what reviewers added.

Data only. Validation of untrusted dicts happens once, in ``deck_io``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "CURATED_FIELDS",
    "NOT_CURATED",
    "Card",
    "Curation",
    "Deck",
    "DeckCuration",
    "Item",
    "Practice",
    "Prompt",
    "Question",
    "SourceWarning",
    "Step",
    "TextPart",
]

Framework = Literal["pytorch", "tensorflow"]


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


CURATED_FIELDS: tuple[str, ...] = ("answer", "concepts", "code", "snippet", "not_checkable", "note")
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
class DeckCuration:
    """Deck-level fields a reviewer set (headerless sources have no title)."""

    title: str | None = None
    framework: Framework | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Deck:
    """Everything one source text holds, in source order within each kind."""

    id: str
    """The source file's stem; stable across re-imports."""
    source: str
    """Path of the source text the deck was imported from."""
    title: str | None = None
    framework: Framework | None = None
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
    def display_framework(self) -> Framework | None:
        """The reviewer's framework, else the one read or inferred from the source."""
        return self.curated.framework or self.framework
