"""The ``build`` command: import -> verify -> mkdocs build, in one process.

Each stage still reads only what the previous one wrote (quizzes/, verification.json); running
them in one process saves two interpreter starts and their imports, which were most of what a
rebuild with nothing changed cost on top of mkdocs itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["run_build"]


def run_build(*, config_file: Path | None, site_dir: Path | None, force: bool = False) -> int:
    """Import ``sources/`` into ``quizzes/``, verify, then ``mkdocs build --strict``; run from the project root.

    The mkdocs build is skipped when the site is what the last build left and no input changed
    since (``verikb.build_stamp``), unless ``force``.
    """
    from verikb.build_stamp import inputs_digest, record_build, site_dir_of, site_is_current
    from verikb.import_command import run_import
    from verikb.verify.command import run_verify

    root = Path.cwd()
    code = run_import([Path("sources")], as_json=False, out=Path("quizzes"))
    if code == 0:
        code = run_verify([], root=root, framework=None, jobs=2, as_json=False, use_cache=True)
    if code != 0:
        print(f"build: stopped before the site was built (exit {code})", file=sys.stderr)
        return code
    config = config_file or Path("mkdocs.yml")
    site = site_dir or site_dir_of(config)
    digest = inputs_digest(root, config_file=config, site_dir=site)
    if not force and site_is_current(root, digest=digest, site_dir=site):
        print(f"build: {site} is up to date: no input changed since it was built (--force builds it again)")
        return 0
    code = _mkdocs_build(config_file, site_dir)
    if code == 0:
        record_build(root, digest=digest, site_dir=site)
    return code


def _mkdocs_build(config_file: Path | None, site_dir: Path | None) -> int:
    """mkdocs' own ``build --strict`` command, called in this process (its logging and errors)."""
    import click
    from mkdocs.__main__ import cli

    args = ["build", "--strict"]
    args += ["--config-file", str(config_file)] if config_file else []
    args += ["--site-dir", str(site_dir)] if site_dir else []
    try:
        cli.main(args, prog_name="mkdocs", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return 0
