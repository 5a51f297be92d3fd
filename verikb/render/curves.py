"""Curves computed by the real frameworks (learning-rate schedules, experiments' loss curves): a table
(works without JavaScript) that ``verikb-curves.js`` turns into a plot."""

from __future__ import annotations

from verikb.render.html import attr_json, code_block, esc

__all__ = ["WHEEL", "curve_figure", "curves_section", "experiment_figure", "experiments_section"]

WHEEL = "lrschedules-0.1.0-py3-none-any.whl"
"""The playground wheel the site ships under assets/verikb/wheels/."""


def curve_figure(curve: dict, *, snippet_url: str = "") -> str:
    """One curve: caption naming the real framework version, the code, and the numbers."""
    framework = curve.get("framework", "")
    version = curve.get("versions", {}).get(framework, "")
    rows = "".join(f"<tr><td>{k}</td><td>{value:.6g}</td></tr>" for k, value in enumerate(curve["values"]))
    data = {"title": curve["title"], "values": curve["values"], "x_label": curve.get("x_label", "epoch")}
    code = code_block(curve["code"]) if curve.get("code") else ""
    if curve.get("browser"):
        link = snippet_url + curve["snippet"] if snippet_url and curve.get("snippet") else ""
        code += _runnable(curve["browser"], snippet_link=link)
    return (
        f'<figure class="verikb-curve" data-verikb-data="{attr_json(data)}">'
        f"<figcaption>{esc(curve['title'])} — computed by {esc(framework)} {esc(version)}</figcaption>{code}"
        f'<details class="verikb-curve-numbers"><summary>Numbers</summary><table>'
        f"<thead><tr><th>{esc(data['x_label'])}</th><th>learning rate</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details></figure>"
    )


def _runnable(call: str, *, snippet_link: str) -> str:
    """The same curve from ``lrschedules`` (proven equal to the framework), editable and run in the browser;
    the run hands ``lrs`` back (``data-result``) and the figure redraws from it."""
    source = f"from lrschedules import curve\n\nlrs = {call}\nfor step, lr in enumerate(lrs):\n    print(step, lr)\n"
    link = f' data-snippet-url="{esc(snippet_link)}"' if snippet_link else ""
    return (
        '<p class="verikb-note">Change the arguments and run it in your browser, with <code>lrschedules</code> '
        "(tested equal to the real framework):</p>"
        f'<div class="verikb-runnable" data-wheel="{WHEEL}" data-result="lrs"{link}>{code_block(source)}</div>'
    )


def curves_section(curves: list[dict], *, snippet_url: str = "") -> str:
    """The page section holding a deck's curves, or '' when it has none."""
    if not curves:
        return ""
    return "## Learning-rate curves (real output)\n\n" + "".join(
        curve_figure(c, snippet_url=snippet_url) for c in curves
    )


def experiment_figure(experiment: dict) -> str:
    """An experiment's recorded curves (one series per learning rate), its setup, and the numbers."""
    series = experiment.get("series", [])
    length = max((len(s["values"]) for s in series), default=0)
    x = experiment.get("x") or list(range(length))
    data = {
        "title": experiment["title"],
        "x_label": experiment.get("x_label", "step"),
        "y_label": experiment.get("y_label", "loss"),
        "log_x": bool(experiment.get("log_x")),
        "x": x,
        "series": [{"label": s["label"], "values": s["values"]} for s in series],
    }
    cap = _plot_cap(series)
    if cap is not None:
        data["y_max"] = cap
    framework = experiment.get("framework", "")
    version = experiment.get("versions", {}).get(framework, "")
    head = "".join(f"<th>{esc(s['label'])}</th>" for s in series)
    rows = "".join(
        f"<tr><td>{_number(x[k])}</td>"
        + "".join(f"<td>{_number(s['values'][k]) if k < len(s['values']) else ''}</td>" for s in series)
        + "</tr>"
        for k in range(len(x))
    )
    setup = experiment.get("setup")
    off_chart = (
        '<p class="verikb-note">A run that diverges leaves the top of the chart; its numbers are in the table.</p>'
        if cap is not None
        else ""
    )
    return (
        f'<figure class="verikb-curve verikb-experiment" data-verikb-data="{attr_json(data)}">'
        f"<figcaption>{esc(experiment['title'])} — run with {esc(framework)} {esc(version)}</figcaption>"
        + (f'<p class="verikb-setup">Setup: {esc(setup)}</p>' if setup else "")
        + off_chart
        + f'<details class="verikb-curve-numbers"><summary>Numbers</summary><table>'
        f"<thead><tr><th>{esc(data['x_label'])}</th>{head}</tr></thead><tbody>{rows}</tbody></table></details>"
        "</figure>"
    )


def _plot_cap(series: list[dict]) -> float | None:
    """A top for the y axis when one run blows up (loss 1e9 beside 2.3 would draw every other line flat at 0):
    1.5x the largest starting value, used only when some value exceeds 3x it."""
    starts = [s["values"][0] for s in series if s["values"] and isinstance(s["values"][0], int | float)]
    values = [v for s in series for v in s["values"] if isinstance(v, int | float)]
    if not starts or max(starts) <= 0 or max(values) <= 3 * max(starts):
        return None
    return 1.5 * max(starts)


def _number(value: object) -> str:
    """A value of a recorded curve; a diverged run's NaN/inf is recorded as null."""
    if value is None:
        return "diverged"
    return f"{value:.6g}" if isinstance(value, int | float) else esc(str(value))


def experiments_section(experiments: list[dict]) -> str:
    """The page section holding a deck's experiments, or '' when it has none."""
    if not experiments:
        return ""
    unique = {(e["title"], e.get("snippet")): e for e in experiments}  # one run may back several items
    return (
        "## Experiments (real runs)\n\n"
        '<p class="verikb-note">Each plot is a seeded run of a small real model: evidence for the claims it '
        "names, not a proof for every model.</p>" + "".join(experiment_figure(e) for e in unique.values())
    )
