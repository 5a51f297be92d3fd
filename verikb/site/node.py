"""The project's npm tools (Workbox's bundler, terser) run with the machine's node."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from verikb.errors import VerikbError

__all__ = ["NodeToolError", "node_for", "run_node"]


class NodeToolError(VerikbError):
    """An npm tool cannot run: no node, its package not installed, or the tool failed."""


def node_for(node_modules: Path, package: str) -> str:
    """The node executable, once ``package`` is installed; one line naming what to run otherwise."""
    node = shutil.which("node")
    if node is None:
        raise NodeToolError("node is not installed: install Node.js 20 (scripts/setup does), then run npm ci")
    if not (node_modules / ".package-lock.json").is_file() or not (node_modules / package).is_dir():
        raise NodeToolError(f"{package} is missing: run npm ci first (scripts/setup does)", path=node_modules)
    return node


def run_node(node: str, args: list[str], *, what: str, script: Path, stdin: str | None = None) -> str:
    """Run ``node args``; its standard output, or one line saying which step failed and the error node gave."""
    result = subprocess.run([node, *args], input=stdin, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        said = [line for line in lines if not line.startswith("at ")]  # not the stack trace
        reason = next((line for line in said if "Error" in line or "ERROR" in line), said[-1] if said else "no output")
        raise NodeToolError(f"{what} failed (exit {result.returncode}): {reason}", path=script)
    return result.stdout
