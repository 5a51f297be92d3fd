"""A topic's evidence as a Jupyter notebook: each snippet's code with the real output it printed when verified.

Nothing is executed here: the outputs are the recorded ones (``verification.json``'s ``snippets[].output``),
so the notebook shows what the site shows, and a reader can re-run it with the real frameworks.
"""

from __future__ import annotations

from collections.abc import Sequence

from verikb.render.html import md_text

__all__ = ["topic_notebook"]

_FRAMEWORK_NAMES = {"torch": "PyTorch", "pytorch": "PyTorch", "tensorflow": "TensorFlow"}


def topic_notebook(*, deck_id: str, title: str, framework: str, snippets: Sequence[tuple[str, str, str]]) -> str:
    """The ``.ipynb`` text (nbformat 4) for one topic; ``snippets`` holds ``(path, code, recorded output)``.

    Cell ids are numbered, not random, so the same inputs give the same bytes (the build's cache relies on it).
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    name = _FRAMEWORK_NAMES.get(framework.lower(), framework)
    cells = [
        new_markdown_cell(
            f"# {md_text(title)}\n\n"  # a source's title: untrusted, and notebook Markdown passes HTML through
            f"The evidence for topic {md_text(deck_id)}: every snippet that checks its claims, with the output it "
            f"printed when it ran against real {name}.\n\n"
            f"Run it yourself with real {name}: from the verikb project folder, with its `.venv` "
            "(`scripts/build` sets it up) as the kernel. Each snippet prints its verdicts; a verdict that differs "
            "from the one it expects raises an `AssertionError`."
        )
    ]
    for path, code, output in snippets:
        cells.append(new_markdown_cell(f"## `{path}`"))
        outputs = [new_output("stream", name="stdout", text=output)] if output else []
        cells.append(new_code_cell(code.rstrip("\n"), outputs=outputs))
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"
    notebook = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"
