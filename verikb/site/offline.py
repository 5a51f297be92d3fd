"""The service worker: after one visit every page, widget and search works offline, and Pyodide once it has run.

``sw.js`` sits at the site's root (its scope is the whole site, also under a sub-path such as GitHub Pages'
``/repo/``). It is Workbox: ``service-worker.js`` and the Workbox modules it imports, bundled by rollup
(``workbox_sw.mjs``) once per Workbox version into the content store, because bundling costs 3 s (11 s on a
busy machine) and Workbox's ``generateSW`` would pay it on every build (bench row "build <= 1.15x plain").
Each build then writes its precache manifest into that bundle: every file below except Pyodide's, each with the
hash of its content as revision, so a new build re-fetches exactly the files that changed and drops the rest.
Pyodide's files (13.5 MB) are cached when the runner first loads them; downloads and notebooks when first opened.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from verikb.site.node import NodeToolError, node_for, run_node
from verikb.store import entry

__all__ = ["NOT_PRECACHED", "SW_NAME", "ServiceWorker", "add_service_worker", "precache_manifest"]

SW_NAME = "sw.js"
_HERE = Path(__file__).resolve().parent
_SOURCE = _HERE / "service-worker.js"
_BUNDLER = _HERE / "workbox_sw.mjs"
_PYODIDE = "assets/verikb/vendor/pyodide/"
NOT_PRECACHED = (
    _PYODIDE,  # cached on first use: most visitors never run Python
    "downloads/",  # saved to disk by the few who want them; cached when downloaded
    # Evidence notebooks, cached when opened: the topic pages already show their outputs, and mkdocs-jupyter's
    # pages carry ~120 KB gzip of styles each (617 of the 990 KB gzip this site precached with them).
    "notebooks/",
    "assets/javascripts/lunr/",  # the theme's search for other languages (wordcut.js alone: 677 KB)
)
"""Folders of the built site left out of the precache, by path prefix."""
_SKIPPED_SUFFIXES = (".map", ".gz")  # source maps; sitemap.xml.gz (sitemap.xml is precached)


@dataclass(frozen=True)
class ServiceWorker:
    """What a build's ``sw.js`` precaches: ``entries`` files of ``precache_bytes`` in all (before gzip)."""

    entries: int
    precache_bytes: int


def _digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:20]


def _precached(site_dir: Path) -> list[Path]:
    files = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if relative != SW_NAME and not relative.startswith(NOT_PRECACHED) and not relative.endswith(_SKIPPED_SUFFIXES):
            files.append(path)
    return files


def precache_manifest(site_dir: Path) -> list[dict[str, str]]:
    """Workbox's manifest (``url`` relative to sw.js, ``revision``) of every file the site precaches."""
    return [{"url": quote(p.relative_to(site_dir).as_posix()), "revision": _digest(p)} for p in _precached(site_dir)]


def _pyodide_revision(site_dir: Path) -> str:
    """Names the vendored Pyodide's runtime cache, so a new Pyodide starts afresh: its ``pyodide-lock.json``
    (Pyodide's version and every package's sha256) and each file's name and size. Hashing all 13.5 MB took
    ~50 ms a build (bench row "build <= 1.15x plain")."""
    folder = site_dir / _PYODIDE
    lock = folder / "pyodide-lock.json"  # absent in a site built without the runtime
    digest = hashlib.sha256(lock.read_bytes() if lock.is_file() else b"")
    for path in sorted(folder.glob("*")):
        digest.update(f"{path.name}\0{path.stat().st_size}\0".encode())
    return digest.hexdigest()[:20]


def _runtime(root: Path, pyodide_revision: str) -> str:
    """The bundled service worker (with ``self.__WB_MANIFEST`` still to fill), made once per Workbox version."""
    node_modules = root / "node_modules"
    node = node_for(node_modules, "workbox-build")
    parts = [_SOURCE.read_bytes(), _BUNDLER.read_bytes(), (node_modules / ".package-lock.json").read_bytes()]
    bundle = entry(root, "service-worker", *parts, pyodide_revision) / SW_NAME
    if not bundle.is_file():
        job = {
            "nodeModules": str(node_modules),
            "source": str(_SOURCE),
            "bundle": str(bundle),
            "replace": {"__VERIKB_PYODIDE_REVISION__": pyodide_revision},
        }
        run_node(node, [str(_BUNDLER), json.dumps(job)], what="bundling the service worker", script=_BUNDLER)
        if not bundle.is_file():
            raise NodeToolError("bundling the service worker wrote no bundle", path=_BUNDLER)
    return bundle.read_text(encoding="utf-8")


def add_service_worker(site_dir: Path, *, root: Path) -> ServiceWorker:
    """Write ``sw.js`` at the root of the built ``site_dir`` (after every other file is final: the revisions
    hash them); ``root`` holds node_modules and the content store."""
    runtime = _runtime(root, _pyodide_revision(site_dir))
    manifest = precache_manifest(site_dir)
    if runtime.count("self.__WB_MANIFEST") != 1:
        raise NodeToolError("the bundled service worker has no single self.__WB_MANIFEST to fill", path=_SOURCE)
    code = runtime.replace("self.__WB_MANIFEST", json.dumps(manifest, separators=(",", ":")))
    (site_dir / SW_NAME).write_text(code, encoding="utf-8")
    size = sum((site_dir / unquote(item["url"])).stat().st_size for item in manifest)
    return ServiceWorker(entries=len(manifest), precache_bytes=size)
