"""Synthetic verification snippets: claim files that run real PyTorch/TensorFlow (or trivial) checks.

The verify section needs N snippets of a known, uniform cost; the warm section needs a few cheap ones.
"""

from __future__ import annotations

from pathlib import Path

TORCH_SNIPPET = """\
# checks: {deck}/card-1
import torch

from verikb.verify.claims import claim

with claim("{deck}/card-1", "StepLR(step_size=2, gamma=0.5) quarters lr={lr} in 5 steps", expect="verified") as c:
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr={lr})
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    for _ in range(5):
        optimizer.step()
        scheduler.step()
    got = optimizer.param_groups[0]["lr"]
    print("lr after 5 steps:", got)
    c.holds(abs(got - {lr} * 0.25) < 1e-12, otherwise=f"the rate is {{got}}")
"""


TF_SNIPPET = """\
# checks: {deck}/card-1
import tensorflow as tf

from verikb.verify.claims import claim

with claim("{deck}/card-1", "ExponentialDecay(decay_rate=0.5) quarters lr={lr} in 2 steps", expect="verified") as c:
    schedule = tf.keras.optimizers.schedules.ExponentialDecay({lr}, decay_steps=1, decay_rate=0.5)
    optimizer = tf.keras.optimizers.SGD(learning_rate=schedule)
    weight = tf.Variable(1.0)
    for _ in range(5):
        optimizer.apply_gradients([(tf.constant(1.0), weight)])
    got = float(schedule(2))
    print("lr at step 2:", got, "steps taken:", int(optimizer.iterations))
    c.holds(abs(got / ({lr} * 0.25) - 1) < 1e-6 and int(optimizer.iterations) == 5, otherwise=f"the rate is {{got}}")
"""


TRIVIAL_SNIPPET = """\
# checks: {deck}/card-1
from verikb.verify.claims import claim

with claim("{deck}/card-1", "{a} plus one is {b}", expect="verified") as c:
    c.holds({a} + 1 == {b}, otherwise="arithmetic changed")
"""


def write_snippets(folder: Path, framework: str, count: int, decks: list[str]) -> list[Path]:
    """``count`` snippets that each build an optimizer and scheduler, step 5 times, make one claim."""
    folder.mkdir(parents=True, exist_ok=True)
    template = TORCH_SNIPPET if framework == "torch" else TF_SNIPPET
    paths = []
    for i in range(count):
        path = folder / f"s{i:05d}.py"
        path.write_text(template.format(deck=decks[i % len(decks)], lr=round(0.001 * (i + 1), 6)), encoding="utf-8")
        paths.append(path)
    return paths
