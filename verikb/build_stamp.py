"""Whether a site folder already holds what ``verikb build`` would write, so a rebuild can be skipped.

A successful build records two things in ``.verikb-cache/build.json``, per site folder: a digest
of every input (the project's files, the installed packages, the Python version, the environment
variables the config reads) and the site's file list with sizes and modification times. The
next build is skipped only if both are unchanged: any edited input, and any file added to,
removed from or rewritten in the site, means a full build. A full mkdocs build of 100 pages costs
~3 s; this check costs a few milliseconds, the way make and ninja skip work whose inputs and
outputs are as they left them (mkdocs has no such check: ``--dirty`` leaves the search index and
sitemap holding only the rebuilt pages). Bench row "no-change build <= 1.1x plain" fails without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import site
import sys
from pathlib import Path

from verikb.atomic import write_atomic
from verikb.errors import VerikbError
from verikb.render.settings import read_config

__all__ = ["BUILD_STAMP", "inputs_digest", "record_build", "site_dir_of", "site_is_current"]

BUILD_STAMP = Path(".verikb-cache") / "build.json"
"""Relative to the project root."""
# Folders no build reads: version control, caches, installs (node_modules' one input, Pyodide's
# version, is its lock file, hashed on its own below).
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})
_NODE_LOCK = Path("node_modules") / ".package-lock.json"
# Files up to this size are fingerprinted by content (so rewriting a file unchanged, as a checkout
# does, is no change); larger ones by size and modification time.
_CONTENT_MAX = 1 << 20
# ``!ENV NAME`` or ``!ENV [NAME, OTHER, default]`` in an mkdocs config: the names it may read.
_ENV_TAG = re.compile(r"!ENV\s+(\[[^\]]*\]|\S+)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def site_dir_of(config_file: Path) -> Path:
    """The ``site_dir`` an mkdocs config names (``site`` when it names none), beside the config."""
    try:
        name = read_config(config_file).get("site_dir")
    except VerikbError:
        name = None  # mkdocs itself will report the broken config
    return config_file.parent / (name if isinstance(name, str) else "site")


def inputs_digest(root: Path, *, config_file: Path, site_dir: Path, derived: frozenset[Path] = frozenset()) -> str:
    """Hash of everything a build of ``root`` into ``site_dir`` can read. ``derived``: files and folders made from
    the other inputs (render's output in docs/), left out: reading 6,000 of them cost 0.4 s at 1,000 topics (bench
    row "build <= 1.15x plain")."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{config_file.resolve()}\0{site_dir.resolve()}\0".encode())
    digest.update("\0".join(_installed_distributions()).encode() + b"\0")
    for name in _env_names(config_file):
        digest.update(f"{name}={os.environ.get(name)}\0".encode())
    skip = {site_dir.resolve(), site_dir_of(config_file).resolve(), *(path.resolve() for path in derived)}
    for path in _project_files(root, skip=skip):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + _fingerprint(path) + b"\0")
    lock = root / _NODE_LOCK
    if lock.is_file():
        digest.update(lock.read_bytes())
    return digest.hexdigest()


def site_is_current(root: Path, *, digest: str, site_dir: Path) -> bool:
    """True when the last successful build into ``site_dir`` had these inputs and the site is as it left it."""
    entry = _read_stamp(root).get(str(site_dir.resolve()))
    return isinstance(entry, dict) and entry.get("inputs") == digest and entry.get("files") == _site_files(site_dir)


def record_build(root: Path, *, digest: str, site_dir: Path) -> None:
    """Remember a successful build of ``site_dir`` from inputs ``digest``."""
    stamp = _read_stamp(root)
    stamp[str(site_dir.resolve())] = {"inputs": digest, "files": _site_files(site_dir)}
    write_atomic(root / BUILD_STAMP, json.dumps(stamp))


def _read_stamp(root: Path) -> dict:
    try:
        data = json.loads((root / BUILD_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _site_files(site_dir: Path) -> dict[str, list[int]]:
    files = {}
    for folder, dirs, names in os.walk(site_dir):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            stat = path.lstat()  # a link is recorded as itself, dangling or not
            files[str(path.relative_to(site_dir))] = [stat.st_size, stat.st_mtime_ns]
    return files


def _project_files(root: Path, *, skip: set[Path]) -> list[Path]:
    """Every file under ``root`` but in hidden folders, installs, virtual environments and sites."""
    found = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in _SKIPPED_DIRS
            and (here / d).resolve() not in skip
            and not (here / d / "pyvenv.cfg").exists()
        )
        found.extend(here / name for name in sorted(names) if (here / name) not in skip)
    return found


def _fingerprint(path: Path) -> bytes:
    """A file's content, or for a file over ``_CONTENT_MAX`` its size and modification time: a data
    folder kept in the project must not make every build read it whole."""
    try:
        stat = path.stat()
        if stat.st_size > _CONTENT_MAX:
            return f"{stat.st_size}:{stat.st_mtime_ns}".encode()
        return path.read_bytes()
    except OSError as exc:  # a dangling link or an unreadable file: its state is still an input
        return f"unreadable: {exc.strerror}".encode()


def _installed_distributions() -> list[str]:
    """Names and versions of every installed package (their ``*.dist-info`` folders): an install,
    upgrade or removal of mkdocs, its theme or an extension changes the list."""
    folders = [Path(p) for p in (*site.getsitepackages(), site.getusersitepackages())]
    return sorted(str(dist) for folder in folders if folder.is_dir() for dist in folder.glob("*.dist-info"))


def _env_names(config_file: Path) -> list[str]:
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return sorted({name for tag in _ENV_TAG.findall(text) for name in _NAME.findall(tag)})
