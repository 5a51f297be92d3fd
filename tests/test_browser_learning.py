"""The learner's state on the topic pages of the REAL built site (issue 16), once per builder (mkdocs, Zensical):
FSRS scheduling checked against ts-fsrs evaluated in the page, quiz answers across reloads, "Review my mistakes",
export -> reset -> import, bad imports, and migration of the old per-deck localStorage keys."""

import json
import re

import pytest
from site_harness import wait_ready

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = pytest.mark.browser

DECK = "003_922fc2f599061697"  # cards, keyed questions, prompts and practice
TOPIC = f"topics/{DECK}/"
UNITS = '["s", "m", "h", "d", "mo", "y"]'  # the short units the buttons use, for ts-fsrs's show_diff_message
STORE = "() => JSON.parse(localStorage.getItem('verikb:progress'))"
DAY_MS = 24 * 60 * 60 * 1000


def widget_data(page, selector):
    return json.loads(page.locator(selector).get_attribute("data-verikb-data"))


def keyed_questions(page):
    return [q for q in widget_data(page, "section.verikb-quiz")["questions"] if isinstance(q["answer"], int)]


def record(page, item):
    return page.evaluate("([deck, item]) => window.verikb.progress.get(deck, item)", [DECK, item])


def fsrs_next(page, card, grade):
    """ts-fsrs itself (loaded by the page, default parameters): a new card rated `grade` when `card` was rated."""
    return page.evaluate(
        """([card, grade]) => {
          const at = new Date(card.last_review);
          return JSON.parse(JSON.stringify(FSRS.fsrs().next(FSRS.createEmptyCard(at), at, FSRS.Rating[grade]).card));
        }""",
        [card, grade],
    )


def fsrs_label(page, card):
    return page.evaluate(f"(c) => FSRS.show_diff_message(c.due, c.last_review, true, {UNITS})", card)


def open_with_clock(browse, path):
    """A topic page whose clock Playwright controls (it runs on from now until fast-forwarded)."""
    page = browse.new_page()
    page.clock.install()
    page.goto(browse.base_url + path)
    wait_ready(page)
    return page


def test_again_is_due_now_and_good_is_later_exactly_as_ts_fsrs_schedules(browse):
    page = open_with_clock(browse, TOPIC)
    card_ids = widget_data(page, "section.verikb-flashcards")["cards"]
    first, second, third = (page.locator("#" + cid) for cid in card_ids[:3])
    deck_line = page.locator(".verikb-deck-status")
    n = len(card_ids)
    expect(deck_line).to_have_text(f"{n} cards · {n} new · 0 due now · 0 later")
    # Page weight (bench row "page weight, gzip <= 1.2x"): ts-fsrs is not part of loading the page.
    loaded = page.evaluate("() => performance.getEntriesByType('resource').map((r) => r.name)")
    assert not [url for url in loaded if "fsrs" in url]
    assert page.evaluate("typeof window.FSRS") == "undefined"

    first.get_by_role("button", name="Show answer").click()
    good_label = first.locator(".verikb-grade--good .verikb-interval")
    expect(good_label).to_have_text(re.compile(r"^\d+(s|m|h|d|mo|y)$"))  # filled in once ts-fsrs has loaded
    shown = {g: first.locator(f".verikb-grade--{g} .verikb-interval").text_content() for g in ("again", "good")}
    first.get_by_role("button", name="Good").click()
    expect(first.locator(".verikb-card-answer")).to_be_hidden()
    good = record(page, card_ids[0])["card"]
    assert good == fsrs_next(page, good, "Good")  # the stored card is ts-fsrs's own, field for field
    assert fsrs_label(page, good) == shown["good"]  # and its interval is the one the button showed
    assert good["due"] > good["last_review"]
    assert not page.evaluate("(rec) => window.verikb.progress.isDue(rec)", {"card": good})

    second.get_by_role("button", name="Show answer").click()
    expect(second.locator(".verikb-grade--again .verikb-interval")).to_have_text(shown["again"])
    second.get_by_role("button", name="Again").click()
    again = record(page, card_ids[1])["card"]
    assert again == fsrs_next(page, again, "Again")
    assert fsrs_label(page, again) == shown["again"]
    assert again["due"] < good["due"]  # Again comes back before Good
    expect(deck_line).to_have_text(f"{n} cards · {n - 2} new · 0 due now · 2 later")

    # Again's step (FSRS's first relearning step) passes: the card is due now; Good's longer interval is not over.
    page.clock.fast_forward(int(shown["again"].removesuffix("m")) * 60_000 + 1000)
    third.get_by_role("button", name="Show answer").click()
    third.get_by_role("button", name="Easy").click()  # any rating refreshes the deck
    expect(second.locator(".verikb-card-status")).to_have_text("Due now")
    easy = record(page, card_ids[2])["card"]
    assert easy == fsrs_next(page, easy, "Easy")  # days away: this one depends on FSRS's retention and weights
    expect(first.locator(".verikb-card-status")).to_contain_text("Next review in")
    expect(deck_line).to_have_text(f"{n} cards · {n - 3} new · 1 due now · 2 later")

    page.reload()
    wait_ready(page)
    order = page.eval_on_selector_all("section.verikb-flashcards .verikb-card", "cards => cards.map((c) => c.id)")
    assert order[0] == card_ids[1]  # the due card first
    assert order[-2:] == [card_ids[0], card_ids[2]]  # then new cards, then the scheduled ones, soonest first


def answer(page, question, choice):
    page.locator(f"#{question['id']} .verikb-option").nth(choice).locator("label").click()


def test_quiz_answers_survive_a_reload_and_review_my_mistakes_asks_exactly_the_missed(browse):
    page = browse.open(TOPIC)
    keyed = keyed_questions(page)
    assert len(keyed) >= 3, "this deck needs three questions with an answer key"
    right, *wrong = keyed[:3]
    score = page.locator(".verikb-quiz .verikb-score")
    graded = f"{len(keyed)} graded questions"
    expect(page.get_by_role("button", name="Review my mistakes")).to_be_hidden()
    answer(page, right, right["answer"])
    for question in wrong:
        n_options = page.locator(f"#{question['id']} .verikb-option").count()
        answer(page, question, (question["answer"] + 1) % n_options)
    expect(score).to_have_text(f"Score: 1 / 3 answered · {graded}")

    page.reload()
    wait_ready(page)
    expect(score).to_have_text(f"Score: 1 / 3 answered · {graded}")
    for question in keyed[:3]:
        item = page.locator("#" + question["id"])
        expect(item).to_have_class(re.compile("verikb-answered"))
        expect(item.locator(".verikb-option-input").first).to_be_disabled()
        expect(item.locator("details.verikb-explanation")).to_be_visible()
    for question in wrong:
        expect(page.locator(f"#{question['id']} .verikb-option--wrong")).to_have_count(1)
        rec = record(page, question["id"])
        assert rec["quiz"]["correct"] is False
        # A missed question is a review item: a new FSRS card, due now, exactly as ts-fsrs makes one.
        empty = page.evaluate(
            "(due) => window.verikb.loadFsrs().then(() => JSON.parse(JSON.stringify(FSRS.createEmptyCard(due))))",
            rec["card"]["due"],
        )
        assert rec["card"] == empty
        assert page.evaluate("(rec) => window.verikb.progress.isDue(rec)", rec)
    assert "card" not in record(page, right["id"])

    review = page.get_by_role("button", name="Review my mistakes (2)")
    review.click()
    visible = page.eval_on_selector_all(
        "section.verikb-quiz .verikb-question", "qs => qs.filter((q) => q.checkVisibility()).map((q) => q.id)"
    )
    assert visible == [q["id"] for q in wrong]  # exactly the missed questions
    expect(page.locator(".verikb-review-note")).to_have_text("Reviewing your 2 mistakes.")
    for question in wrong:
        expect(page.locator(f"#{question['id']}")).not_to_have_class(re.compile("verikb-answered"))
    expect(page.locator(f"#{wrong[0]['id']} .verikb-option-input").first).to_be_focused()
    answer(page, wrong[0], wrong[0]["answer"])  # right this time
    expect(score).to_have_text(f"Score: 2 / 2 answered · {graded}")

    page.get_by_role("button", name="Show all questions").click()
    total = page.locator("section.verikb-quiz .verikb-question").count()
    expect(page.locator("section.verikb-quiz .verikb-question:visible")).to_have_count(total)
    expect(page.locator(f"#{right['id']}")).to_have_class(re.compile("verikb-answered"))
    expect(page.get_by_role("button", name="Review my mistakes")).to_be_hidden()  # none left: q2 is unanswered
    assert record(page, wrong[1]["id"])["card"]["reps"] == 0  # still a review item for the review page


def test_export_reset_import_restores_the_state(browse):
    page = browse.open(TOPIC)
    keyed = keyed_questions(page)
    card_id = widget_data(page, "section.verikb-flashcards")["cards"][0]
    card = page.locator("#" + card_id)
    card.get_by_role("button", name="Show answer").click()
    card.get_by_role("button", name="Good").click()
    answer(page, keyed[0], keyed[0]["answer"])
    page.locator("section.verikb-prompts textarea").first.fill("Warm up first, then decay.")
    score = page.locator(".verikb-quiz .verikb-score")
    expect(score).to_contain_text("Score: 1 / 1 answered")
    exported = page.evaluate("() => window.verikb.progress.exportText()")
    before = page.evaluate(STORE)
    assert json.loads(exported) == before
    assert before["last"]["deck"] == DECK and before["last"]["page"].endswith(f"/{DECK}/")

    page.evaluate("() => window.verikb.progress.resetAll()")
    assert page.evaluate(STORE)["items"] == {}
    expect(card.locator(".verikb-card-status")).to_have_text("New")  # the page follows the reset
    expect(score).to_contain_text("Score: 0 / 0 answered")
    expect(page.locator("section.verikb-prompts textarea").first).to_have_value("")

    result = page.evaluate("(text) => window.verikb.progress.importText(text)", exported)
    assert result["ok"] is True, result
    assert page.evaluate(STORE) == before
    expect(card.locator(".verikb-card-status")).to_contain_text("Next review in")
    expect(score).to_contain_text("Score: 1 / 1 answered")
    expect(page.locator("section.verikb-prompts textarea").first).to_have_value("Warm up first, then decay.")

    page.reload()
    wait_ready(page)
    expect(score).to_contain_text("Score: 1 / 1 answered")


BAD_IMPORTS = [
    ("{not json", "not valid JSON"),
    ('{"hello": "world"}', "not a verikb progress file"),
    ("[1, 2]", "not a verikb progress file"),
    ('{"schema": "verikb-progress/9", "items": {}}', 'its schema is "verikb-progress/9"'),
    ('{"schema": "verikb-progress/1"}', 'no "items"'),
    ('{"schema": "verikb-progress/1", "items": {"card-1": {}}}', "is not named <deck>/<item>"),
    ('{"schema": "verikb-progress/1", "items": {"d/card-1": {"card": {"due": "soon"}}}}', "without a due date"),
    ('{"schema": "verikb-progress/1", "items": {"d/q": {"quiz": {"choice": "A"}}}}', "without a choice"),
]


def test_a_bad_import_changes_nothing_and_says_why(browse):
    page = browse.open(TOPIC)
    card_id = widget_data(page, "section.verikb-flashcards")["cards"][0]
    page.locator(f"#{card_id} .verikb-flip").click()
    page.locator(f"#{card_id} .verikb-grade--hard").click()
    expect(page.locator(f"#{card_id} .verikb-card-status")).to_contain_text("Next review in")
    before = page.evaluate("() => window.verikb.progress.exportText()")
    events = page.evaluate_handle(
        "() => { const seen = []; addEventListener('verikb:progress', (e) => seen.push(e.detail)); return seen; }"
    )
    for text, reason in BAD_IMPORTS:
        result = page.evaluate("(text) => window.verikb.progress.importText(text)", text)
        assert result["ok"] is False, text
        assert reason in result["message"] and "Nothing was changed." in result["message"], result
        assert page.evaluate("() => window.verikb.progress.exportText()") == before, text
    assert events.evaluate("(seen) => seen.length") == 0
    expect(page.locator(f"#{card_id} .verikb-card-status")).to_contain_text("Next review in")


def test_old_per_deck_keys_are_migrated_without_loss(browse):
    page = browse.open(TOPIC)
    card_ids = widget_data(page, "section.verikb-flashcards")["cards"]
    prompt_id = widget_data(page, "section.verikb-prompts")["prompts"][0]["id"]
    old_cards = {card_ids[0]: {"box": 2, "reviews": 2}, card_ids[1]: {"box": 0, "reviews": 1}}
    old_prompts = {prompt_id: {"text": "Warm-up, then decay", "checked": True, "ticks": [0]}}
    context = browse.new_context()
    # The old shape, as the previous release left it, before any script of the page runs (once: not after reload).
    context.add_init_script(
        f"""if (!sessionStorage.getItem("seeded")) {{
          sessionStorage.setItem("seeded", "1");
          const cards = {json.dumps(old_cards)};
          cards[{json.dumps(card_ids[0])}].due = Date.now() + 3 * {DAY_MS};
          cards[{json.dumps(card_ids[1])}].due = Date.now() - 1000;
          localStorage.setItem("verikb:flashcards:{DECK}", JSON.stringify(cards));
          localStorage.setItem("verikb:prompts:{DECK}", JSON.stringify({json.dumps(old_prompts)}));
          localStorage.setItem("verikb:seeded-cards", JSON.stringify(cards));
        }}"""
    )
    page = browse.open(TOPIC, context=context)
    seeded = json.loads(page.evaluate("() => localStorage.getItem('verikb:seeded-cards')"))
    keys = page.evaluate("() => Object.keys(localStorage)")
    assert f"verikb:flashcards:{DECK}" not in keys and f"verikb:prompts:{DECK}" not in keys
    items = page.evaluate(STORE)["items"]
    box2, box0 = items[f"{DECK}/{card_ids[0]}"], items[f"{DECK}/{card_ids[1]}"]
    assert box2["ladder"] == seeded[card_ids[0]] and box0["ladder"] == seeded[card_ids[1]]  # the old record, kept
    assert page.evaluate("(iso) => Date.parse(iso)", box2["card"]["due"]) == seeded[card_ids[0]]["due"]
    assert page.evaluate("(iso) => Date.parse(iso)", box0["card"]["due"]) == seeded[card_ids[1]]["due"]
    assert (box2["card"]["state"], box2["card"]["scheduled_days"], box2["card"]["reps"]) == (2, 3, 2)
    assert (box0["card"]["state"], box0["card"]["reps"]) == (0, 1)
    assert items[f"{DECK}/{prompt_id}"]["prompt"] == old_prompts[prompt_id]

    expect(page.locator(f"#{card_ids[1]} .verikb-card-status")).to_have_text("Due now")
    expect(page.locator(f"#{card_ids[0]} .verikb-card-status")).to_have_text("Next review in 3 days")
    prompt = page.locator("#" + prompt_id)
    expect(prompt.get_by_label("Your answer")).to_have_value("Warm-up, then decay")
    expect(prompt.get_by_role("checkbox").first).to_be_checked()
    # ts-fsrs takes the migrated cards as they are: a review card's Good interval grows from its 3-day stability.
    page.locator(f"#{card_ids[0]} .verikb-flip").click()
    page.locator(f"#{card_ids[0]} .verikb-grade--good").click()
    expect(page.locator(f"#{card_ids[0]} .verikb-card-status")).not_to_have_text("Next review in 3 days")
    rated = record(page, card_ids[0])["card"]
    assert (rated["state"], rated["reps"]) == (2, 3) and rated["stability"] > 0
    assert page.evaluate("(iso) => Date.parse(iso) > Date.now()", rated["due"])

    page.reload()
    wait_ready(page)
    assert page.evaluate(STORE)["items"][f"{DECK}/{prompt_id}"]["prompt"] == old_prompts[prompt_id]
