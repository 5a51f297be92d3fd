"""The site-wide generated pages: home (the path through the topics), the topic list, the report."""

from __future__ import annotations

from collections import Counter

from verikb.model import Deck, Framework, Verdict
from verikb.render.exports import export_links
from verikb.render.html import attr_json, esc, front_matter, inline_code, md_link, md_text
from verikb.render.paths import deck_path, page_link
from verikb.render.settings import SiteSettings
from verikb.render.verdicts import badge
from verikb.verify.schema import ClaimResult, Verification

__all__ = ["learning_path", "render_home", "render_report", "render_topics"]

_LEVELS = {"beginner": 0, "easy": 0, "intermediate": 1, "medium": 1, "advanced": 2, "hard": 2}
_LEVEL_NAMES = ("beginner", "intermediate", "advanced")


def _level_score(deck: Deck) -> float:
    """Mean level of its cards and problems: 0 beginner … 2 advanced."""
    levels = [_LEVELS[it.level.lower()] for it in (*deck.cards, *deck.practice) if (it.level or "").lower() in _LEVELS]
    return sum(levels) / len(levels) if levels else 0.0


def deck_level(deck: Deck) -> str:
    """The deck's level in a word: the one nearest the mean of its items'."""
    return _LEVEL_NAMES[round(_level_score(deck))]


def learning_path(decks: list[Deck]) -> list[Deck]:
    """Topics from beginner to advanced (then by title): the order the home page suggests."""
    return sorted(decks, key=lambda d: (_level_score(d), d.display_title.lower(), d.id))


def _versions_line(versions: dict[str, str]) -> str:
    return " · ".join(f"{esc(k)} {esc(v)}" for k, v in sorted(versions.items())) or "no framework run yet"


def _verdict_summary(results: list[ClaimResult]) -> str:
    counts = Counter(r.verdict for r in results)
    return " ".join(f"{badge(v)} <strong>{counts[v]}</strong>" for v in Verdict if counts[v])


def _topic_entry(deck: Deck, verification: Verification, *, here: str) -> str:
    """One topic as a list entry: linked title, then framework, level, counts and verdicts on their own lines."""
    results = [r for r in verification.results if r.deck == deck.id]
    framework = Framework.parse(deck.display_framework)
    facts = [framework.label if framework else "framework not stated", deck_level(deck)]
    counts = ", ".join(
        f"{n} {label}"
        for n, label in (
            (len(deck.cards), "cards"),
            (len(deck.questions), "questions"),
            (len(deck.prompts), "prompts"),
            (len(deck.practice), "problems"),
        )
        if n
    )
    return (
        f'<li class="verikb-topic" markdown="span">{md_link(deck.display_title, page_link(deck_path(deck.id), here))}'
        f'<span class="verikb-topic-facts">{esc(" · ".join(facts))} · {esc(counts)}</span>'
        f'<span class="verikb-topic-verdicts">{_verdict_summary(results) or "no claim checked yet"}</span></li>'
    )


def _topic_list(decks: list[Deck], verification: Verification, *, here: str) -> str:
    entries = "\n".join(_topic_entry(d, verification, here=here) for d in learning_path(decks))
    return f'<ol class="verikb-topic-list" markdown="1">\n{entries}\n</ol>'


def _dashboard() -> str:
    """The learner's progress over every topic (the dashboard script fills it from the progress store and the
    topic index); without JavaScript, only the link to the review page shows."""
    data = {"index": "learning.json"}
    return (
        f'<div class="verikb-dashboard" data-verikb-data="{attr_json(data)}" markdown="1">\n\n'
        '<p class="verikb-dashboard-review" markdown="span">'
        "[Review flashcards and missed questions](review.md){ .verikb-review-link }</p>\n\n</div>"
    )


def render_home(decks: list[Deck], verification: Verification, settings: SiteSettings) -> str:
    """Home: what the site is, how many claims hold, the learner's progress, and the topics in the order to learn
    them."""
    path = learning_path(decks)
    start = (
        f"New here? Start with {md_link(path[0].display_title, deck_path(path[0].id))}; "
        "each topic page names the next one."
        if path
        else "<p>No topic yet: add a source text under <code>sources/</code>.</p>"
    )
    blocks = [
        f"{front_matter(settings.title)}\n\n# {md_text(settings.title)}",
        settings.intro,
        f'<div class="verikb-home-summary"><p>{_verdict_summary(verification.results)}</p>'
        f'<p class="verikb-versions">Checked with {_versions_line(verification.versions)}.</p></div>',
        "See the [verification report](report.md) for every claim.",
        f"## Your progress\n\n{_dashboard()}",
        f"## Topics, from beginner to advanced\n\n{start}\n\n{_topic_list(decks, verification, here='index.md')}",
        export_links(None, "index.md") if decks else "",
        "Try schedules yourself in the [learning-rate playground](playground.md); "
        "add a source or a snippet as described in [Contributing](contributing.md).",
    ]
    return "\n\n".join(b for b in blocks if b) + "\n"


def render_topics(decks: list[Deck], verification: Verification) -> str:
    """All topics on one page (the navigation's "Topics" entry), in learning order."""
    return (
        f"{front_matter('Topics')}\n\n# Topics\n\n"
        f"{len(decks)} topics, from beginner to advanced.\n\n"
        f"{_topic_list(decks, verification, here='topics/index.md')}\n"
    )


def _report_entry(r: ClaimResult, titles: dict[str, str], settings: SiteSettings) -> str:
    """One claim of the report: where it is (a link landing on the item), the claim, the truth, the evidence."""
    topic = titles.get(r.deck, r.deck)
    where = f"{topic}: {r.item}"
    target = md_link(where, f"{deck_path(r.deck)}#{r.ref.anchor}") if r.deck in titles else md_text(where)
    detail = (
        f'<p class="verikb-truth">{inline_code(r.truth or r.exception or "")}</p>' if r.truth or r.exception else ""
    )
    if r.verdict.contradicts_source and r.output.strip():
        detail += f'<pre class="verikb-report-output"><code>{esc(r.output.strip())}</code></pre>'
    if r.snippet:
        link = esc(settings.snippet_url + r.snippet)
        snippet = f'<a href="{link}">{esc(r.snippet)}</a>' if settings.snippet_url else f"<code>{esc(r.snippet)}</code>"
        detail += f'<p class="verikb-report-snippet">Snippet: {snippet}</p>'
    return (
        f'<li class="verikb-report-entry" data-verdict="{esc(r.verdict.css)}" data-topic="{esc(r.deck)}"'
        ' markdown="1">\n'
        f'<p class="verikb-report-item" markdown="span">{target}</p>\n'
        f'<p class="verikb-claim">{inline_code(r.claim)}</p>{detail}\n</li>'
    )


def _to_do(verification: Verification, titles: dict[str, str]) -> str:
    """For contributors: refuted items still without a reviewer's explanation, and items nothing checks yet."""
    blocks = []
    if verification.unexplained:
        links = [md_link(str(ref), f"{deck_path(ref.deck)}#{ref.anchor}") for ref in verification.unexplained]
        blocks.append(f"**Refuted, without a reviewer's explanation yet:** {', '.join(links)}.")
    by_deck: dict[str, list[str]] = {}
    for ref in verification.unchecked:
        by_deck.setdefault(ref.deck, []).append(ref.item)
    if by_deck:
        rows = "\n".join(
            f"- {md_link(titles.get(d, d), deck_path(d))}: {', '.join(items)}" for d, items in by_deck.items()
        )
        blocks.append(
            f"Items with neither a snippet nor a `not_checkable` reason ([Contributing](contributing.md)):\n\n{rows}"
        )
    return "\n## Left to check\n\n" + "\n\n".join(blocks) + "\n" if blocks else ""


def render_report(decks: list[Deck], verification: Verification, settings: SiteSettings) -> str:
    """Every claim, one section per verdict (works without JavaScript; the script adds filters)."""
    titles = {d.id: d.display_title for d in decks}
    counts = Counter(r.verdict for r in verification.results)
    sections = []
    for verdict in Verdict:
        rows = [r for r in verification.results if r.verdict == verdict]
        if not rows:
            continue
        body = "\n".join(_report_entry(r, titles, settings) for r in rows)
        sections.append(
            f'<section class="verikb-report-section" data-verdict="{esc(verdict.css)}" markdown="1">\n'
            f'<h2 id="verdict-{esc(verdict.css)}">{badge(verdict)} {len(rows)}</h2>\n'
            f'<ol class="verikb-report-list" markdown="1">\n{body}\n</ol>\n</section>'
        )
    topics = [{"id": d.id, "title": d.display_title} for d in decks]
    todo = _to_do(verification, titles)
    summary = ", ".join(f"{counts[v]} {v}" for v in Verdict if counts[v])
    return (
        f"{front_matter('Verification report')}\n\n# Verification report\n\n"
        f"{len(verification.results)} claims: {summary or 'none yet'}. "
        f"Frameworks: {_versions_line(verification.versions)}.\n\n"
        "How verification works: see [How verification works](verification.md); "
        "to add a snippet, see [Contributing](contributing.md).\n\n"
        f'<div class="verikb-report" data-verikb-data="{attr_json({"topics": topics})}" markdown="1">\n'
        + "\n".join(sections)
        + "\n</div>\n"
        + todo
    )
