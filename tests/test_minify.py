"""The page bundle minified by the project's terser, and kept in the store."""

from pathlib import Path

import pytest

from verikb.site.minify import minified_js
from verikb.site.node import NodeToolError

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "function greet(name) {\n  const message = 'hello ' + name;\n  return message;\n}\nwindow.greet = greet;\n"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return tmp_path


def test_minified_code_is_smaller_and_stored_so_a_second_call_runs_no_node(tmp_path, monkeypatch):
    root = _project(tmp_path)
    first = minified_js(SOURCE, root=root)
    assert len(first) < len(SOURCE) + 100 and "message" not in first, "terser renamed the local and dropped spaces"
    assert "window.greet" in first
    monkeypatch.setenv("PATH", str(tmp_path))  # no node now: only the store can answer
    assert minified_js(SOURCE, root=root) == first
    with pytest.raises(NodeToolError, match=r"^node is not installed"):
        minified_js(SOURCE + "\n", root=root)


def test_a_syntax_error_is_one_line_naming_the_step(tmp_path):
    with pytest.raises(NodeToolError) as raised:
        minified_js("function (", root=_project(tmp_path))
    message = raised.value.message
    assert message.startswith("minifying verikb.js failed (exit 1): ERROR: Unexpected token") and "\n" not in message


def test_without_terser_installed_the_message_says_npm_ci(tmp_path):
    with pytest.raises(NodeToolError, match="terser is missing: run npm ci"):
        minified_js(SOURCE, root=tmp_path)
