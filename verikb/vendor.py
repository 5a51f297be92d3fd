"""Copy the browser runtime (Pyodide, uPlot) and the playground wheel into a built site.

The site must work offline and send no request to a CDN, so every file the in-browser
Python runner needs is served from the site itself. The files come from the exact npm
versions pinned in package-lock.json (installed by ``npm ci``), not from a download at
build time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from verikb.errors import VerikbError

__all__ = [
    "PLAYGROUND_DIR",
    "PYODIDE_FILES",
    "UPLOT_FILES",
    "VendorError",
    "build_playground_wheel",
    "copy_vendor_files",
]

#: Where the pure-Python ``lrschedules`` package (the playground's engine) lives.
PLAYGROUND_DIR = Path(__file__).resolve().parent.parent / "playground"

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

VENDOR_SUBDIR = Path("assets/verikb/vendor")


class VendorError(VerikbError, RuntimeError):
    """A vendored browser file or the playground wheel cannot be provided."""


def copy_vendor_files(site_dir: Path, *, node_modules: Path) -> list[Path]:
    """Copy Pyodide and uPlot from ``node_modules`` into ``site_dir``; return the copies.

    axe-core is deliberately not copied: only the accessibility tests use it, and they
    inject it themselves.
    """
    plan: list[tuple[Path, Path]] = []
    for package, names, subdir in (
        ("pyodide", PYODIDE_FILES, "pyodide"),
        ("uplot", UPLOT_FILES, "uplot"),
    ):
        package_dir = node_modules / package
        if not package_dir.is_dir():
            raise VendorError(f"{package_dir} is missing: run npm ci first")
        for name in names:
            source = package_dir / name
            if not source.is_file():
                raise VendorError(f"{source} is missing: run npm ci first")
            plan.append((source, site_dir / VENDOR_SUBDIR / subdir / Path(name).name))
    copied: list[Path] = []
    for source, target in plan:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied.append(target)
    return copied


def _one_line_reason(output: str) -> str:
    """Pick the line of pip's output that says what went wrong: the build's exception, else pip's error."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for pattern in (r"^[\w.]*(Error|Exception)\b.*:", r"^error:", r"^ERROR:"):
        found = [line for line in lines if re.match(pattern, line)]
        if found:
            return found[-1]
    return lines[-1] if lines else ""


def build_playground_wheel(dest_dir: Path, *, project_dir: Path = PLAYGROUND_DIR) -> Path:
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
            str(project_dir),
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
