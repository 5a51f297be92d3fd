"""Command line: argument parsing only; each subcommand calls one library function."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from verikb.errors import VerikbError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="verikb", description="Verified knowledge base generator.")
    sub = parser.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="parse source texts into decks")
    imp.add_argument("paths", nargs="+", type=Path, help="source files or folders of *.txt")
    imp.add_argument("--json", action="store_true", help="print the deck(s) as JSON on stdout")
    imp.add_argument("--out", type=Path, help="write one YAML deck per source into this folder")

    ver = sub.add_parser("verify", help="run snippets against real frameworks and record verdicts")
    ver.add_argument("paths", nargs="*", type=Path, help="snippet files or folders (default: snippets/)")
    ver.add_argument("--framework", choices=["torch", "tensorflow"], help="only this framework")
    ver.add_argument("--jobs", type=int, default=2, help="snippets run at once (default: 2)")
    ver.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    ver.add_argument("--no-cache", action="store_true", help="run every snippet again")
    ver.add_argument("--root", type=Path, default=Path(), help="project root (default: .)")

    build = sub.add_parser("build", help="import, verify, render and build the site, in one process")
    site = sub.add_parser("site", help="render and build the site from quizzes/ and verification.json as they are")
    for command in (build, site):
        command.add_argument("-f", "--config-file", type=Path, help="site config (default: mkdocs.yml)")
        command.add_argument("-d", "--site-dir", type=Path, help="where the site goes (default: the config's site_dir)")
        command.add_argument("--force", action="store_true", help="build even if no input changed since the last build")
        command.add_argument(
            "--builder", choices=["mkdocs", "zensical"], default="mkdocs", help="site builder (default: mkdocs)"
        )
    render = sub.add_parser("render", help="write the generated pages and assets into docs/ (what builders read)")
    render.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")

    new = sub.add_parser("new-snippet", help="scaffold a snippet for a deck item")
    new.add_argument("item", help="DECK/ITEM, e.g. 003_922fc2f599061697/practice-2")
    new.add_argument("--framework", choices=["torch", "tensorflow"], default=None)
    new.add_argument("--root", type=Path, default=Path(), help="project root (default: .)")
    return parser


def _run(args: argparse.Namespace) -> int:
    """Call the library function behind one subcommand (imported here: each costs only its own imports)."""
    if args.command == "import":
        from verikb.import_command import run_import

        return run_import(args.paths, as_json=args.json, out=args.out)
    if args.command == "verify":
        from verikb.verify.command import run_verify

        return run_verify(
            args.paths,
            root=args.root,
            framework=args.framework,
            jobs=args.jobs,
            as_json=args.json,
            use_cache=not args.no_cache,
        )
    if args.command in ("build", "site"):
        from verikb.build_command import run_build, run_site

        run = run_build if args.command == "build" else run_site
        return run(config_file=args.config_file, site_dir=args.site_dir, builder=args.builder, force=args.force)
    if args.command == "render":
        from verikb.site.render_docs import render_docs

        print(f"render: {render_docs(args.config_file).summary}")
        return 0
    from verikb.verify.scaffold import new_snippet

    print(new_snippet(args.item, root=args.root, framework=args.framework))
    return 0


def main(argv: list[str]) -> int:
    """Run one subcommand; user errors print one line and return 2, never a traceback."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except VerikbError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
