"""The browser runtime (Pyodide, uPlot, ts-fsrs) and the playground wheel, as files for the docs tree.

The site must work offline and send no request to a CDN, so every file the in-browser
Python runner needs is served from the site itself. The files come from the exact npm
versions pinned in package-lock.json (installed by ``npm ci``), not from a download at
build time; the wheel is built from the project's ``playground/`` folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from verikb.errors import VerikbError
from verikb.store import entry

__all__ = ["PYODIDE_FILES", "UPLOT_FILES", "VendorError", "build_playground_wheel", "playground_wheel", "vendor_files"]

#: The only Pyodide files needed to boot the interpreter with no extra packages:
#: the loader, the Emscripten module, the WebAssembly binary, the standard library
#: and the lock file that ``loadPyodide`` always fetches.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)

#: uPlot's browser build (a global ``uPlot``) and its stylesheet.
UPLOT_FILES = ("dist/uPlot.iife.min.js", "dist/uPlot.min.css")

#: ts-fsrs's browser build (a global ``FSRS``), the flashcards' scheduler: loaded only on first need.
FSRS_FILES = {"dist/index.umd.js": "ts-fsrs.umd.js"}


class VendorError(VerikbError, RuntimeError):
    """A vendored browser file or the playground wheel cannot be provided."""


def vendor_files(node_modules: Path) -> dict[str, bytes]:
    """Pyodide's, uPlot's and ts-fsrs's files from ``node_modules``, by path relative to the asset folder.

    axe-core is deliberately not shipped: only the accessibility tests use it, and they
    inject it themselves.
    """
    files: dict[str, bytes] = {}
    packages = (
        ("pyodide", {name: name for name in PYODIDE_FILES}),
        ("uplot", {name: Path(name).name for name in UPLOT_FILES}),
        ("ts-fsrs", FSRS_FILES),
    )
    for package, names in packages:
        for name, target in names.items():
            source = node_modules / package / name
            try:
                files[f"vendor/{package}/{target}"] = source.read_bytes()
            except OSError:
                raise VendorError(f"{source} is missing: run npm ci first (scripts/setup does)") from None
    return files


def playground_wheel(project_dir: Path, root: Path) -> Path:
    """The ``lrschedules`` wheel from the content store, built only when ``project_dir``'s files change:
    ``pip wheel`` costs ~1.2 s, which every build would pay (bench rows "build <= 1.15x plain" and
    "no-change build")."""
    sources = sorted(p for p in project_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    parts = [part for path in sources for part in (path.relative_to(project_dir).as_posix(), path.read_bytes())]
    folder = entry(root, "wheels", *parts)
    found = sorted(folder.glob("*.whl"))
    return found[0] if found else build_playground_wheel(folder, project_dir=project_dir)


def _one_line_reason(output: str) -> str:
    """Pick the line of pip's output that says what went wrong: the build's exception, else pip's error."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for pattern in (r"^[\w.]*(Error|Exception)\b.*:", r"^error:", r"^ERROR:"):
        found = [line for line in lines if re.match(pattern, line)]
        if found:
            return found[-1]
    return lines[-1] if lines else ""


def build_playground_wheel(dest_dir: Path, *, project_dir: Path) -> Path:
    """Build the ``lrschedules`` wheel into ``dest_dir`` and return its path.

    The browser installs this wheel into Pyodide, so the playground runs exactly the
    code that the Python test suite checks against real PyTorch and TensorFlow.
    """
    if not (project_dir / "pyproject.toml").is_file():
        raise VendorError("no pyproject.toml here: cannot build the playground wheel", path=project_dir)
    with tempfile.TemporaryDirectory(prefix="verikb-wheel-") as tmp:
        # The pinned hatchling from requirements.txt builds it: no download, same wheel every time.
        command = [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            tmp,
            str(project_dir.resolve()),  # a bare "playground" would be a package name to pip, not a folder
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        wheels = sorted(Path(tmp).glob("*.whl"))
        if result.returncode != 0 or len(wheels) != 1:
            reason = _one_line_reason(result.stderr + result.stdout) or f"it made {len(wheels)} wheels, not 1"
            raise VendorError(f"pip wheel failed (exit {result.returncode}): {reason}", path=project_dir)
        dest_dir.mkdir(parents=True, exist_ok=True)
        target = dest_dir / wheels[0].name
        shutil.copyfile(wheels[0], target)
    return target
