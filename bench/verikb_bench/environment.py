"""Where the benchmark runs: the repository, the interpreter, and how every subprocess is started.

Every section starts verikb, mkdocs or a helper script as a child process; they all go through
``run`` so each child gets the same quiet environment and a failure reads the same everywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def run(
    cmd: list[str], *, cwd: Path, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command (in ``ENV`` unless told otherwise); a failure raises with the tail of what it printed."""
    done = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        tail = (done.stderr or done.stdout)[-3000:]
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode} in {cwd}:\n{tail}")
    return done


def compile_sources() -> None:
    """Byte-compile verikb's and the playground's sources, as pip does when it installs a package.

    The children run with ``PYTHONDONTWRITEBYTECODE`` (nothing written into the temporary projects), so
    the editable checkout would otherwise be compiled from source in every process: ~40 modules, ~0.1 s of
    each ``verikb site`` that no installed copy pays, against mkdocs' packages that pip compiled.
    """
    run([PYTHON, "-m", "compileall", "-q", str(ROOT / "verikb"), str(ROOT / "playground" / "src")], cwd=ROOT)
