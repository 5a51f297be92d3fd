"""The evidence notebook: valid nbformat 4, one code cell per snippet, outputs equal to the recorded ones."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from verikb.render.notebooks import topic_notebook

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = [
    ("snippets/torch/lr_step_size.py", "import torch\nprint('lr=0.1: moved 0.2')\n", "lr=0.1: moved 0.2\n✓ verified\n"),
    ("snippets/torch/silent.py", "x = 1\n", ""),
    ("snippets/torch/odd.py", 'print("<b> & ` ```")', "<b> & ` ```\n"),
]


def build(snippets=SNIPPETS) -> nbformat.NotebookNode:
    text = topic_notebook(deck_id="003_x", title="The learning rate", framework="torch", snippets=snippets)
    return nbformat.reads(text, as_version=4)


def test_notebook_validates_and_names_the_topic():
    notebook = build()
    nbformat.validate(notebook)
    intro = notebook.cells[0]
    assert intro.cell_type == "markdown"
    assert "The learning rate" in intro.source
    assert "Run it yourself with real PyTorch" in intro.source


def test_code_cells_hold_the_snippets_and_their_recorded_outputs():
    code_cells = [c for c in build().cells if c.cell_type == "code"]
    assert [c.source for c in code_cells] == [code.rstrip("\n") for _, code, _ in SNIPPETS]
    recorded = ["".join(o.text for o in c.outputs if o.output_type == "stream") for c in code_cells]
    assert recorded == [output for _, _, output in SNIPPETS]
    assert all(c.execution_count is None for c in code_cells)


def test_same_inputs_give_the_same_bytes():
    assert build() == build()
    text = topic_notebook(deck_id="d", title="t", framework="tensorflow", snippets=SNIPPETS)
    assert text == topic_notebook(deck_id="d", title="t", framework="tensorflow", snippets=SNIPPETS)
    assert "real TensorFlow" in text


@pytest.mark.parametrize("path", sorted((ROOT / "snippets").rglob("experiment_*.py")), ids=lambda p: p.name)
def test_a_real_snippet_round_trips(path):
    code = path.read_text(encoding="utf-8")
    notebook = build([(str(path.relative_to(ROOT)), code, "◆ demonstrated: …\n")])
    nbformat.validate(notebook)
    assert notebook.cells[-1].source == code.rstrip("\n")
