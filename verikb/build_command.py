"""The ``build`` command: import -> verify -> render -> site builder, in one process.

Each stage reads only what the previous one wrote (quizzes/, verification.json, the generated docs
files); running them in one process saves interpreter starts and their imports.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["run_build", "run_site"]


def run_build(*, config_file: Path | None, site_dir: Path | None, builder: str = "mkdocs", force: bool = False) -> int:
    """Import ``sources/`` into ``quizzes/``, verify, render into docs/, then build; run from the project root.

    The builder is skipped when the site is what the last build left and no input changed since
    (``verikb.build_stamp``), unless ``force``.
    """
    from verikb.import_command import run_import
    from verikb.verify.command import run_verify

    root = Path.cwd()
    code = run_import([Path("sources")], as_json=False, out=Path("quizzes"))
    if code == 0:
        code = run_verify([], root=root, framework=None, jobs=2, as_json=False, use_cache=True)
    if code != 0:
        print(f"build: stopped before the site was built (exit {code})", file=sys.stderr)
        return code
    return run_site(config_file=config_file, site_dir=site_dir, builder=builder, force=force)


def run_site(*, config_file: Path | None, site_dir: Path | None, builder: str = "mkdocs", force: bool = False) -> int:
    """Render into docs/ and build the site from quizzes/ and verification.json as they are."""
    from verikb.build_stamp import inputs_digest, record_build, site_dir_of, site_is_current
    from verikb.site.builders import build_site
    from verikb.site.render_docs import render_docs

    root = Path.cwd()
    config = config_file or Path("mkdocs.yml")
    rendered = render_docs(config)
    print(f"render: {rendered.summary}")
    site = site_dir or site_dir_of(config)
    digest = inputs_digest(root, config_file=config, site_dir=site, derived=rendered.owned) + builder
    if not force and site_is_current(root, digest=digest, site_dir=site):
        print(f"build: {site} is up to date: no input changed since it was built (--force builds it again)")
        return 0
    build_site(config, site, builder=builder, deck_pages=rendered.deck_pages)
    record_build(root, digest=digest, site_dir=site)
    print(f"build: {site} built with {builder}")
    return 0
