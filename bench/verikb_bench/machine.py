"""What the figures were measured on: CPU, memory, OS and the versions of everything measured.

Printed at the start of a run and written at the top of bench/results.md, since ratios from different machines differ.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path

import yaml

from support.chromium import CHROMIUM

from .environment import PYTHON, ROOT


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kb = next(
        (int(line.split()[1]) for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")), 0
    )
    versions = {}
    for dist in ("torch", "tensorflow-cpu", "keras", "mkdocs", "mkdocs-material", "playwright", "PyYAML"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    chromium_version = "not installed"
    if CHROMIUM.exists():
        out = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, check=False).stdout
        chromium_version = m.group(0) if (m := re.search(r"Chromium [\d.]+", out)) else out.strip()
    pyodide = ROOT / "node_modules" / "pyodide" / "package.json"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": cpu,
        "cores": f"{os.cpu_count()} logical, {len(os.sched_getaffinity(0))} usable",
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_version()} ({PYTHON})",
        "libyaml": str(getattr(yaml, "__with_libyaml__", False)),
        **versions,
        "Chromium": chromium_version,
        "Pyodide": json.loads(pyodide.read_text(encoding="utf-8"))["version"] if pyodide.exists() else "not installed",
        "load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def _read(path: str) -> str:
    """A /proc file's text, or "" where there is none."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""
