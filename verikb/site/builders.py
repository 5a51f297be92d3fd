"""Run a site builder (mkdocs or Zensical) on the docs tree into a fresh folder, check it, add the
Content-Security-Policy and the service worker, then swap it in.

A failed or half-finished build never replaces the site that was there: the builder writes into a
sibling temporary folder, which becomes the site only once the build and ``check_site`` succeed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from verikb.errors import VerikbError
from verikb.site.check import check_site
from verikb.site.csp import add_csp
from verikb.site.offline import add_service_worker

__all__ = ["BUILDERS", "BuildError", "build_site"]


class BuildError(VerikbError):
    """The site builder failed or built a site that misses pages."""


def _mkdocs(config_file: Path, out: Path) -> None:
    """mkdocs' own ``build --strict``, called in this process (saves an interpreter start and its imports)."""
    import click
    from mkdocs.__main__ import cli

    args = ["build", "--strict", "--config-file", str(config_file), "--site-dir", str(out)]
    try:
        cli.main(args, prog_name="mkdocs", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        raise BuildError(f"mkdocs build failed (exit {exc.exit_code})", path=config_file) from None
    except click.exceptions.Exit as exc:
        if exc.exit_code:
            raise BuildError(f"mkdocs build failed (exit {exc.exit_code})", path=config_file) from None
    except SystemExit as exc:  # mkdocs exits on a strict-mode abort
        if exc.code:
            raise BuildError(f"mkdocs build failed (exit {exc.code})", path=config_file) from None


def _zensical(config_file: Path, out: Path) -> None:
    """``zensical build --strict`` with the site folder set: Zensical has no ``--site-dir``, so a config
    beside the real one inherits it (scalars replace, so only ``site_dir`` changes)."""
    with tempfile.NamedTemporaryFile(
        "w", dir=config_file.parent, prefix=".verikb-zensical-", suffix=".yml", delete=False, encoding="utf-8"
    ) as child:
        child.write(f"INHERIT: {config_file.name}\nsite_dir: {out}\n")
    try:
        command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", child.name]
        result = subprocess.run(command, cwd=config_file.parent, check=False)
    finally:
        Path(child.name).unlink(missing_ok=True)
    if result.returncode != 0:
        raise BuildError(f"zensical build failed (exit {result.returncode})", path=config_file)


BUILDERS: dict[str, Callable[[Path, Path], None]] = {"mkdocs": _mkdocs, "zensical": _zensical}
"""Site builders by name; each builds ``config_file``'s docs into the given folder or raises BuildError."""


def build_site(config_file: Path, site_dir: Path, *, builder: str, deck_pages: list[str]) -> None:
    """Build into a temporary folder; only a complete, checked build replaces ``site_dir``.

    The folder is made inside the project (Zensical refuses a site folder outside it) and moved
    beside ``site_dir`` first when that is on another file system, so the swap is two renames.
    """
    root = config_file.resolve().parent
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".verikb-site-"))
    fresh = staging
    try:
        BUILDERS[builder](config_file.resolve(), staging)
        check_site(config_file, staging, deck_pages=deck_pages)
        add_csp(staging)
        offline = add_service_worker(staging, root=root)  # last: its precache revisions hash the final files
        print(f"offline: sw.js precaches {offline.entries} files ({offline.precache_bytes / 2**20:.1f} MiB raw)")
        if os.stat(root).st_dev != os.stat(site_dir.parent).st_dev:  # noqa: PTH116
            fresh = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=f".{site_dir.name}.building-"))
            shutil.copytree(staging, fresh, dirs_exist_ok=True)
        os.chmod(fresh, 0o755)  # noqa: PTH101 - mkdtemp makes it 0700; a site is served to others
        old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
        if site_dir.exists():
            site_dir.rename(old)
        fresh.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        for folder in {staging, fresh}:
            shutil.rmtree(folder, ignore_errors=True)
