"""A Content-Security-Policy meta tag in every built page: scripts only from the site itself.

The widgets, uPlot and Pyodide are files the site serves (``'self'``; Pyodide compiles WebAssembly:
``'wasm-unsafe-eval'``). verikb writes no inline script; the theme writes three small ones per page
(scope, palette, tab state), which are allowed by their SHA-256 hash, computed from the built pages
after the builder ran (every page allows the hashes of all pages: instant navigation runs the next
page's scripts under the first page's policy). So markup that a source text might smuggle into a
page could not run even if escaping ever failed. Done on the freshly built folder, before it becomes the site.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

__all__ = ["POLICY", "add_csp", "policy_for"]

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
"""``style-src 'unsafe-inline'``: uPlot and the theme set element styles from script; scripts are what matter."""
# An inline script: a <script> without src whose type is absent or JavaScript (JSON data blocks never run).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\stype=["']?(?!text/javascript|module)[\w/+.-]+""", re.I)
_HEAD = re.compile(r"<head[^>]*>", re.I)


def _inline_hashes(html: str) -> list[str]:
    hashes = []
    for m in _INLINE_SCRIPT.finditer(html):
        if not _DATA_TYPE.search(m["attrs"]):
            hashes.append("'sha256-" + base64.b64encode(hashlib.sha256(m["body"].encode()).digest()).decode() + "'")
    return hashes


def policy_for(pages: list[str]) -> str:
    """The policy for a site: the inline theme scripts of these pages allowed by hash, nothing else inline."""
    hashes = dict.fromkeys(h for html in pages for h in _inline_hashes(html))
    return POLICY.format(hashes="".join(f" {h}" for h in hashes))


def add_csp(site_dir: Path) -> int:
    """Insert the meta tag as the first element of every page's ``<head>``; returns how many pages."""
    pages = {path: path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob("*.html"))}
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(list(pages.values()))}">'
    count = 0
    for path, html in pages.items():
        head = _HEAD.search(html)
        if head is not None:
            path.write_text(html[: head.end()] + tag + html[head.end() :], encoding="utf-8")
            count += 1
    return count
