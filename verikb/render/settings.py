"""What a project says about its own site (title, intro, links), read from the builder's config."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from verikb.errors import VerikbError

__all__ = ["SiteSettings", "read_config", "read_settings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteSettings:
    """Text and links the generated pages use; from ``site_name`` and ``extra.verikb`` in mkdocs.yml."""

    title: str = "verikb"
    intro: str = ""
    """The home page's opening paragraph (Markdown)."""
    snippet_url: str = ""
    """Prefix that turns a snippet path into a link, e.g. a repository's blob URL."""
    runtime: bool = True
    """Ship Pyodide, uPlot and the playground wheel (``false`` for quick previews: nothing runs in the browser)."""


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: 1 ms, not 10 ms, a read
    """mkdocs.yml with its ``!ENV`` and ``!relative`` tags read as plain values (only names are needed here)."""


def _tag_value(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if values else None
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_ConfigLoader.add_multi_constructor("!", lambda loader, _suffix, node: _tag_value(loader, node))
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, _suffix, node: None)


def read_config(config_file: Path) -> dict:
    """The builder config as plain data (tags resolved to their default values)."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise VerikbError(f"cannot read the site config: {exc}", path=config_file) from None
    if not isinstance(data, dict):
        raise VerikbError("the site config is not a mapping", path=config_file)
    return data


def read_settings(config: dict) -> SiteSettings:
    """Settings from a config read by ``read_config``."""
    extra = (config.get("extra") or {}).get("verikb") or {}
    return SiteSettings(
        title=str(config.get("site_name") or "verikb"),
        intro=str(extra.get("intro") or ""),
        snippet_url=str(extra.get("snippet_url") or ""),
        runtime=extra.get("runtime", True) is not False,
    )
