"""Experiments: the demonstrated / not demonstrated verdicts, their records, and decisions on real torch runs.

The decisions are the ones the snippets call; here they run on real (small) torch trainings, once with
a snippet's threshold and once with an impossible one, and the verdict must flip.
"""

from __future__ import annotations

import json
import math

import pytest

from verikb.verify.claims import RESULTS_ENV, claim, record_experiment
from verikb.verify.experiments import (
    CHANCE_LOSS,
    at_least,
    at_most,
    blow_up,
    digits,
    diverges,
    every,
    rises,
    rising_rates,
    smoothed,
)

SETUP = "MLP 64-64-10 on digits, SGD, 2 epochs, seed 0"


@pytest.fixture
def records(tmp_path, monkeypatch):
    """The JSON lines the claims and experiments of a test wrote, as the runner would read them."""
    target = tmp_path / "results.jsonl"
    target.touch()
    monkeypatch.setenv(RESULTS_ENV, str(target))
    return lambda: [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]


def verdict(finding, records) -> str:
    with claim("004_x/card-3", "the effect shows", expect="demonstrated", setup=SETUP) as c:
        c.shows(finding.shown, otherwise=finding.numbers)
    return records()[-1]["verdict"]


@pytest.fixture(scope="module")
def trained():
    """Real torch: the same MLP trained 2 epochs at lr 0.001, 1 and 10 (and lr 1 again, for determinism)."""
    import torch

    from verikb.verify.torch_training import accuracy, fit, mlp

    data = digits()

    def train(lr):
        model = mlp(seed=0)
        losses = fit(model, data, torch.optim.SGD(model.parameters(), lr=lr), epochs=2, seed=0)
        return losses, accuracy(model, data.x_test, data.y_test)

    return {"low": train(0.001), "good": train(1.0), "high": train(10.0), "again": train(1.0)}


def test_shows_gives_the_experiment_verdicts_and_stores_the_setup(records):
    for shown, expected in ((True, "demonstrated"), (False, "not demonstrated")):
        with claim("004_x/card-3", "an effect", expect=expected, setup=SETUP) as c:
            c.shows(shown, otherwise="the loss went up")
    first, second = records()
    assert (first["verdict"], first["truth"], first["setup"]) == ("demonstrated", None, SETUP)
    assert (second["verdict"], second["truth"]) == ("not demonstrated", "the loss went up")
    assert {"item", "claim", "expected", "verdict", "truth", "output", "warnings", "exception", "line"} <= set(first)


def test_an_experiment_verdict_without_a_setup_is_an_error(records, capsys):
    with claim("004_x/card-3", "an effect", expect="error") as c:
        c.demonstrated()
    (record,) = records()
    assert record["verdict"] == "error"
    assert "setup" in record["exception"]


def test_record_experiment_writes_nan_as_null_and_checks_lengths(records):
    series = [
        {"label": "lr=10", "values": [2.3, float("nan"), float("inf")]},
        {"label": "lr=1", "values": [2.3, 1, 0.5]},
    ]
    record_experiment("003_x/card-2", "loss", series, x=[0, 1, 2], setup=SETUP, log_x=True, x_label="lr")
    (line,) = records()
    experiment = line["experiment"]
    assert experiment["series"][0]["values"] == [2.3, None, None]
    assert experiment["series"][1] == {"label": "lr=1", "values": [2.3, 1.0, 0.5]}
    assert (experiment["x"], experiment["log_x"], experiment["setup"], experiment["x_label"]) == (
        [0, 1, 2],
        True,
        SETUP,
        "lr",
    )
    with pytest.raises(ValueError, match="one value per x"):
        record_experiment("003_x/card-2", "loss", series, x=[0, 1], setup=SETUP)
    with pytest.raises(ValueError, match="setup"):
        record_experiment("003_x/card-2", "loss", series, setup="")


def test_training_is_deterministic(trained):
    assert trained["good"] == trained["again"]


def test_too_high_diverges_where_a_good_rate_trains(trained):
    assert diverges(trained["high"][0], limit=CHANCE_LOSS, what="lr=10").shown
    assert not diverges(trained["good"][0], limit=CHANCE_LOSS, what="lr=1").shown


def test_slow_learning_flips_with_an_impossible_threshold(trained, records):
    low, good = trained["low"][0], trained["good"][0]
    drops = (low[0] - low[-1], good[0] - good[-1])
    assert verdict(at_most(*drops, ratio=0.25, what="loss drop"), records) == "demonstrated"
    assert verdict(at_most(*drops, ratio=0.0, what="loss drop"), records) == "not demonstrated"


def test_accuracy_gain_flips_with_an_impossible_margin(trained, records):
    good, low = trained["good"][1], trained["low"][1]
    assert verdict(at_least(good, low, margin=0.10, what="accuracy"), records) == "demonstrated"
    assert verdict(at_least(good, low, margin=1.01, what="accuracy"), records) == "not demonstrated"


def test_every_needs_all_and_reports_what_failed(trained, records):
    good = trained["good"][0]
    passing = at_most(good[-1], good[0], ratio=0.5, what="trains")
    failing = at_most(good[-1], good[0], ratio=0.0, what="impossible")
    assert verdict(every([passing, passing]), records) == "demonstrated"
    combined = every([passing, failing])
    assert verdict(combined, records) == "not demonstrated"
    assert combined.numbers.startswith("impossible")


def test_rises_sees_a_loss_going_up():
    assert rises([2.0, 1.0, 1.5], by=0.0, what="loss").shown
    assert not rises([2.0, 1.0, 1.5], by=1.0, what="loss").shown
    assert not rises([2.0, 1.0, 0.5], by=0.0, what="loss").shown


def test_range_test_on_real_torch_blows_up_at_high_rates():
    from verikb.verify.torch_training import lr_range_test, mlp

    rates = rising_rates(1e-4, 100.0, 60)
    assert rates[0] == pytest.approx(1e-4) and rates[-1] == pytest.approx(100.0)
    losses = smoothed(lr_range_test(lambda: mlp(seed=0), digits(), rates, seed=0))
    stop = blow_up(losses)
    assert stop is not None and rates[stop] > 0.1
    assert blow_up([3.0, 2.0, 1.0, 3.9]) is None and blow_up([3.0, 1.0, 4.5]) == 2 and blow_up([1.0, math.nan]) == 1


def test_smoothed_is_debiased():
    assert smoothed([2.0, 2.0, 2.0]) == pytest.approx([2.0, 2.0, 2.0])


def test_digits_tasks_are_relabelled():
    task = digits(classes=range(5, 10))
    assert set(task.y_train.tolist()) == set(range(5)) and task.classes == 5
    assert task.x_train.shape[1] == 64 and abs(float(task.x_train.mean())) < 1e-3
