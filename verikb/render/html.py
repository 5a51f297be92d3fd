"""Escaping and the few HTML shapes every page uses; all source text passes through ``esc``."""

from __future__ import annotations

import html
import json
import re

from verikb.model import TextPart

__all__ = [
    "attr_json",
    "code_block",
    "esc",
    "front_matter",
    "inline_code",
    "md_link",
    "md_text",
    "paragraphs",
    "parts_html",
]


def esc(text: str | None) -> str:
    """Escape text for HTML content or a quoted attribute (source texts are untrusted)."""
    return html.escape(text or "", quote=True)


def paragraphs(text: str | None, *, cls: str | None = None) -> str:
    """One ``<p>`` per line of ``text``."""
    attr = f' class="{esc(cls)}"' if cls else ""
    return "".join(f"<p{attr}>{esc(line)}</p>" for line in (text or "").split("\n") if line.strip())


def code_block(code: str, *, language: str = "python") -> str:
    """A code block; the text stays escaped, never markup."""
    return f'<pre><code class="language-{language}">{esc(code)}</code></pre>'


def parts_html(parts: tuple[TextPart, ...]) -> str:
    """Prose as paragraphs and code as code blocks, in order: how a ``<br>``/``<code>`` back is shown."""
    return "".join(code_block(p.text) if p.kind == "code" else paragraphs(p.text) for p in parts)


def attr_json(data: object) -> str:
    """JSON for a ``data-verikb-data`` attribute (escaped, so no text can close the attribute)."""
    return esc(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def md_text(text: str) -> str:
    """Text for Markdown (headings, table cells): HTML-escaped, Markdown markers and pipes escaped."""
    out = text.replace("\n", " ")
    for ch in "\\`*_[]#!|":
        out = out.replace(ch, "\\" + ch)
    return esc(out)  # after the backslashes, so entities like &#x27; are not broken


def inline_code(text: str) -> str:
    """Escape, then show `backticked` spans (snippets and reviewers write claims that way) as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", esc(text))


def front_matter(title: str) -> str:
    """A page's front matter setting its title.

    The themes put ``page.title`` into ``<title>``, the header, the navigation and the search index
    without escaping it, so the title is given HTML-escaped: the browser shows the text, never markup.
    As a JSON string it is a valid YAML scalar whatever it holds.
    """
    return f"---\ntitle: {json.dumps(esc(title.replace(chr(10), ' ')))}\n---"


def md_link(text: str, target: str) -> str:
    """A Markdown link to another page's ``.md`` (relative to the linking page's own ``.md``).

    Both builders turn these into the same URL; they do not agree on a raw ``<a href>``, which
    Zensical resolves from the source file and mkdocs leaves as written. Inside raw HTML the
    element needs ``markdown="span"`` or ``markdown="1"`` (md_in_html).
    """
    return f"[{md_text(text)}]({target})"
