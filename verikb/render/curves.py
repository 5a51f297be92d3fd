"""Learning-rate curves computed by the real frameworks: a table (works without JavaScript)
that ``verikb-curves.js`` turns into a plot."""

from __future__ import annotations

from verikb.render.html import attr_json, code_block, esc

__all__ = ["WHEEL", "curve_figure", "curves_section"]

WHEEL = "lrschedules-0.1.0-py3-none-any.whl"
"""The playground wheel the site ships under assets/verikb/wheels/."""


def curve_figure(curve: dict) -> str:
    """One curve: caption naming the real framework version, the code, and the numbers."""
    framework = curve.get("framework", "")
    version = curve.get("versions", {}).get(framework, "")
    rows = "".join(f"<tr><td>{k}</td><td>{value:.6g}</td></tr>" for k, value in enumerate(curve["values"]))
    data = {"title": curve["title"], "values": curve["values"], "x_label": curve.get("x_label", "epoch")}
    code = code_block(curve["code"]) if curve.get("code") else ""
    if curve.get("browser"):
        code += _runnable(curve["browser"])
    return (
        f'<figure class="verikb-curve" data-verikb-data="{attr_json(data)}">'
        f"<figcaption>{esc(curve['title'])} — computed by {esc(framework)} {esc(version)}</figcaption>{code}"
        f'<details class="verikb-curve-numbers"><summary>Numbers</summary><table>'
        f"<thead><tr><th>{esc(data['x_label'])}</th><th>learning rate</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details></figure>"
    )


def _runnable(call: str) -> str:
    """The same curve from ``lrschedules`` (proven equal to the framework), editable and run in the browser."""
    source = f"from lrschedules import curve\n\nfor step, lr in enumerate({call}):\n    print(step, lr)\n"
    return (
        '<p class="verikb-note">Change the arguments and run it in your browser, with <code>lrschedules</code> '
        "(tested equal to the real framework):</p>"
        f'<div class="verikb-runnable" data-wheel="{WHEEL}">{code_block(source)}</div>'
    )


def curves_section(curves: list[dict]) -> str:
    """The page section holding a deck's curves, or '' when it has none."""
    if not curves:
        return ""
    return "## Learning-rate curves (real output)\n\n" + "".join(curve_figure(c) for c in curves)
