"""``new-snippet``: write a runnable snippet skeleton for one deck item, header and all."""

from __future__ import annotations

from pathlib import Path

from verikb.atomic import write_atomic
from verikb.deck_io import read_deck
from verikb.errors import SnippetError
from verikb.model import Card, ClaimRef, Framework, Practice, Question
from verikb.verify.snippets import FRAMEWORKS

__all__ = ["new_snippet"]

_IMPORTS = {
    "torch": "import torch\n",
    "tensorflow": 'import os\n\nos.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")\n\nimport tensorflow as tf\n',
}


def new_snippet(item_ref: str, *, root: Path, framework: str | None = None) -> str:
    """Create ``snippets/FRAMEWORK/DECK_ITEM.py``; returns a line saying where and what next."""
    try:
        ref = ClaimRef.parse(item_ref)
    except ValueError as exc:
        raise SnippetError(str(exc)) from None
    deck_id, item_id = ref.deck, ref.item
    deck_file = root / "quizzes" / f"{deck_id}.yml"
    if not deck_file.exists():
        raise SnippetError(f"no deck '{deck_id}' (expected {deck_file})")
    deck = read_deck(deck_file)
    item = deck.item(item_id)
    if item is None:
        known = ", ".join(it.id for it in deck.items())
        raise SnippetError(f"deck '{deck_id}' has no item '{item_id}' (it has: {known})", path=deck_file)
    stated = Framework.parse(deck.display_framework)
    framework = framework or (stated.module if stated else "")
    if framework not in FRAMEWORKS:
        raise SnippetError(f"the deck names no framework: pass --framework {'|'.join(FRAMEWORKS)}", path=deck_file)
    target = root / "snippets" / framework / f"{deck_id}_{item_id.replace('-', '_')}.py"
    if target.exists():
        raise SnippetError("already exists; edit it instead", path=target)
    write_atomic(target, _template(deck_id, item, framework))
    where = target.relative_to(root)
    return f"wrote {where}: fill in the check, then run `python -m verikb verify {where}`"


def _template(deck_id: str, item: Card | Question | Practice | object, framework: str) -> str:
    statement = (
        getattr(item, "back", None)
        or getattr(item, "final_answer", None)
        or getattr(item, "explanation", None)
        or getattr(item, "prompt", "")
    )
    statement = " ".join(str(statement).split())[:200].replace('"', "'")
    item_id = getattr(item, "id", "")
    return f'''"""What does {deck_id}/{item_id} claim, and does real {framework} agree?"""
# checks: {deck_id}/{item_id}

{_IMPORTS[framework]}
from verikb.verify.claims import claim

with claim("{deck_id}/{item_id}", "{statement}", expect="verified") as c:
    # Run the real framework here; print what a reader should see as evidence.
    # End with c.verified(), c.refuted("what is true instead"), or c.holds(condition, otherwise="...").
    raise NotImplementedError("write the check for this claim")
'''
