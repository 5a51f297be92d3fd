"""The review page and the home dashboard of the REAL built site (issue 16), once per builder (mkdocs, Zensical):
a review on a topic page shows on the dashboard, the review page by keyboard alone, "review my mistakes" asks exactly
the missed questions (options and corrected answer shown), export -> reset all -> import, a bad file, legibility."""

import json
import re
from pathlib import Path

import pytest
from site_harness import MOBILE, wait_ready

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = pytest.mark.browser

DECK = "003_922fc2f599061697"  # cards and keyed questions
TOPIC = f"topics/{DECK}/"
STORE = "() => localStorage.getItem('verikb:progress')"


# Records, at each change of the review count, which prompt is on screen (None: no question shown).
SHOWN_WITH_EACH_COUNT = """() => {
  window.shownWithCount = [];
  new MutationObserver(() => {
    const prompt = document.querySelector(".verikb-review-item .verikb-prompt");
    window.shownWithCount.push(prompt ? prompt.textContent : null);
  }).observe(document.querySelector(".verikb-review-count"), { childList: true, characterData: true, subtree: true });
}"""


def topic_row(page, deck=DECK):
    """The dashboard's numbers for one topic, by column name."""
    row = page.locator(f".verikb-dashboard-table tr[data-deck='{deck}']")
    expect(row).to_be_visible()
    return {td.get_attribute("data-label"): td.text_content() for td in row.locator("td").all()}


def open_home(browse, context):
    page = browse.open("", context)
    expect(page.locator(".verikb-dashboard-table tbody tr").first).to_be_visible()
    return page


def index_of(site):
    return json.loads((site["dir"] / "assets" / "verikb" / "learning.json").read_text(encoding="utf-8"))


def keyed_questions(page):
    data = json.loads(page.locator("section.verikb-quiz").get_attribute("data-verikb-data"))
    return [q for q in data["questions"] if isinstance(q["answer"], int)]


def miss(page, question):
    """Answers a question of the topic page wrong (the option after the key)."""
    options = page.locator(f"#{question['id']} .verikb-option")
    options.nth((question["answer"] + 1) % options.count()).locator("label").click()
    expect(page.locator(f"#{question['id']}")).to_have_class(re.compile("verikb-answered"))


def count_left(page):
    text = page.locator(".verikb-review-count").text_content()
    return int(text.split()[0])


def test_a_review_on_a_topic_page_shows_on_the_dashboard(browse, site):
    context = browse.new_context()
    home = open_home(browse, context)
    topic = next(t for t in index_of(site)["topics"] if t["deck"] == DECK)
    n = len(topic["cards"])
    assert topic_row(home) == {
        "Due now": f"{n} ({n} new)",
        "Learned": f"0 of {n} cards",
        "Quiz": "not started",
        "Prompts done": f"0/{len(topic['prompts'])}",
    }
    expect(home.locator(".verikb-continue")).to_have_count(0)  # nowhere to continue yet
    actions = home.locator(".verikb-review-all").locator("xpath=..").text_content()
    assert not re.search(r"null|undefined", actions), f"the links absent on a first visit left text: {actions!r}"
    total = sum(len(t["cards"]) for t in index_of(site)["topics"])
    expect(home.locator(".verikb-review-all")).to_have_text(f"Review everything due ({total})")

    page = browse.open(TOPIC, context)
    card = page.locator(".verikb-flashcards .verikb-card").first
    card.get_by_role("button", name="Show answer").click()
    card.get_by_role("button", name="Good").click()
    question = keyed_questions(page)[0]
    miss(page, question)

    home = open_home(browse, context)
    row = topic_row(home)
    assert row["Learned"] == f"1 of {n} cards"
    assert row["Due now"] == f"{n} ({n - 1} new)", "one card learned, one missed question due"
    assert row["Quiz"] == "0/1 right (0%)"
    expect(home.locator(".verikb-review-all")).to_have_text(f"Review everything due ({total})")
    expect(home.locator(".verikb-review-mistakes")).to_have_text("Review my mistakes (1)")
    cont = home.locator(".verikb-continue")
    expect(cont).to_have_text(f"Continue where you left off: {topic['title']}")
    cont.click()
    home.wait_for_url(re.compile(re.escape(DECK)))


def test_the_review_page_by_keyboard_alone_goes_through_items_and_the_count_goes_down(browse, site):
    page = browse.open("review/")
    first = page.locator(".verikb-review-item")
    expect(first).to_be_visible()
    topics = index_of(site)["topics"]
    assert count_left(page) == sum(len(t["cards"]) for t in topics), "every flashcard, none rated yet"
    expect(page.locator(".verikb-review-where a")).to_have_text(topics[0]["title"])  # the learning path's first
    seen = []
    for step in range(3):
        left = count_left(page)
        front = first.locator(".verikb-card-front").text_content()
        seen.append(front)
        expect(first.locator(".verikb-card-answer")).to_be_hidden()
        page.keyboard.press("Space")
        expect(first.locator(".verikb-card-answer")).to_be_visible()
        expect(page.locator(".verikb-grade--good .verikb-interval")).to_have_text(re.compile(r"^\d+(s|m|h|d|mo|y)$"))
        page.keyboard.press("34"[step % 2])  # Good, Easy: not due again in this session
        expect(page.locator(".verikb-review-count")).to_have_text(re.compile(rf"^{left - 1} "))
        expect(first.locator(".verikb-card-front")).not_to_have_text(front)
    assert len(set(seen)) == 3
    fetched = page.evaluate("() => performance.getEntriesByType('resource').map((r) => r.name)")
    shards = [url for url in fetched if "/assets/verikb/review/" in url]
    assert shards == [page.url.split("review/")[0] + f"assets/verikb/review/{topics[0]['deck']}.json"], (
        "only the topic of the items shown is fetched (a site of 1000 topics stays light)"
    )
    store = json.loads(page.evaluate(STORE))
    rated = [k for k, rec in store["items"].items() if rec.get("card", {}).get("reps") == 1]
    assert len(rated) == 3
    # A contradicted card's back shows its verdict: the first topic's cards carry badges on the back.
    assert page.locator(".verikb-review-item :is(.verikb-card-back .verikb-badge, .verikb-banner)").count()


def test_review_my_mistakes_asks_exactly_the_missed_questions_with_options_and_the_corrected_answer(browse, site):
    context = browse.new_context()
    missed = {}
    for deck in ("003_922fc2f599061697", "002_dd70d25f9b6b52f4"):
        page = browse.open(f"topics/{deck}/", context)
        keyed = keyed_questions(page)
        for question in (keyed[0], keyed[-1]):
            miss(page, question)
            prompt = page.locator(f"#{question['id']} .verikb-prompt").text_content()
            missed[prompt] = (f"{deck}/{question['id']}", question["answer"])
        right = keyed[1]
        page.locator(f"#{right['id']} .verikb-option").nth(right["answer"]).locator("label").click()
    contradicted = {ref for ref in site["contradicted"] if "/question-" in ref}

    page = browse.open("", context)
    page.locator(".verikb-review-mistakes").click()
    wait_ready(page)
    item = page.locator(".verikb-review-item")
    expect(item).to_be_visible()
    expect(page.locator(".verikb-review-count")).to_have_text(f"{len(missed)} missed questions left")
    page.evaluate(SHOWN_WITH_EACH_COUNT)
    asked = []
    while count_left(page):
        left = count_left(page)
        prompt = item.locator(".verikb-prompt").text_content()
        asked.append(prompt)
        options = item.locator(".verikb-option")
        assert options.count() >= 2, "a missed multiple-choice question is shown with its options"
        expect(item.locator("details.verikb-explanation")).to_be_hidden()
        page.keyboard.press("Space")
        key = item.locator(".verikb-key")
        expect(key).to_be_visible()
        ref, answer = missed[prompt]
        expect(key).to_contain_text(f"Answer: {'ABCD'[answer]}.")  # the corrected key (none of these is refuted)
        if ref in contradicted:  # the source is wrong here: said before the answer, its explanation marked
            expect(item.locator(".verikb-banner")).to_be_visible()
        page.keyboard.press("3")
        expect(page.locator(".verikb-review-count")).to_have_text(re.compile(rf"^{left - 1} "))
    assert sorted(asked) == sorted(missed), "exactly the missed questions, each once"
    shown = page.evaluate("() => window.shownWithCount")
    assert shown == [*asked[1:], None], "each new count appears together with its item, never over the previous one"
    expect(page.locator(".verikb-review-done")).to_have_text("No missed question left to review.")
    assert {ref for ref, _ in missed.values()} & contradicted, "the missed questions include a contradicted one"


def test_a_question_answered_on_the_review_page_is_graded_against_the_key(browse):
    context = browse.new_context()
    page = browse.open(TOPIC, context)
    question = keyed_questions(page)[0]
    miss(page, question)
    page = browse.open("review/#mistakes", context)
    item = page.locator(".verikb-review-item")
    expect(page.locator(".verikb-review-count")).to_have_text("1 missed question left")
    item.locator(".verikb-prompt").click()  # focus in the item, not on a control
    page.keyboard.press(str(question["answer"] + 1))  # option by number before the answer shows
    expect(item.locator(".verikb-option--correct")).to_have_count(1)
    expect(item.locator(".verikb-key")).to_be_visible()
    record = page.evaluate("([d, i]) => window.verikb.progress.get(d, i)", [DECK, question["id"]])
    assert record["quiz"]["correct"] is True and record["quiz"]["choice"] == question["answer"]
    page.keyboard.press("4")
    expect(page.locator(".verikb-review-done")).to_be_visible()


def test_export_reset_all_import_restores_the_dashboard(browse, tmp_path):
    context = browse.new_context(accept_downloads=True)
    page = browse.open(TOPIC, context)
    card = page.locator(".verikb-flashcards .verikb-card").first
    card.get_by_role("button", name="Show answer").click()
    card.get_by_role("button", name="Easy").click()
    miss(page, keyed_questions(page)[0])
    home = open_home(browse, context)
    shown = lambda: [home.locator(f".verikb-dashboard-{part}").inner_text() for part in ("actions", "table")]  # noqa: E731
    before = shown()
    assert "1 of" in topic_row(home)["Learned"]
    with home.expect_download() as download:
        home.get_by_role("button", name="Export progress").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("verikb-progress-") and saved.suffix == ".json"
    assert json.loads(saved.read_text(encoding="utf-8")) == json.loads(home.evaluate(STORE))

    home.once("dialog", lambda dialog: dialog.accept())
    home.get_by_role("button", name="Reset all progress").click()
    expect(home.locator(".verikb-dashboard-message")).to_have_text("All progress was forgotten.")
    assert topic_row(home)["Learned"].startswith("0 of")
    expect(home.locator(".verikb-continue")).to_have_count(0)

    home.locator(".verikb-import-file").set_input_files(str(saved))
    expect(home.locator(".verikb-dashboard-message")).to_have_text(re.compile(r"^Imported progress on 2 items\."))
    expect(home.locator(".verikb-continue")).to_be_visible()
    assert shown() == before


def test_reset_all_asks_first_and_a_dismissed_confirmation_keeps_everything(browse):
    context = browse.new_context()
    page = browse.open(TOPIC, context)
    miss(page, keyed_questions(page)[0])
    home = open_home(browse, context)
    before = home.evaluate(STORE)
    home.once("dialog", lambda dialog: dialog.dismiss())
    home.get_by_role("button", name="Reset all progress").click()
    assert home.evaluate(STORE) == before


@pytest.mark.parametrize(
    ("text", "reason"),
    [("{not json", "not valid JSON"), ('{"hello": "world"}', "not a verikb progress file")],
    ids=["broken", "foreign"],
)
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(browse, tmp_path, text, reason):
    context = browse.new_context()
    page = browse.open(TOPIC, context)
    miss(page, keyed_questions(page)[0])
    home = open_home(browse, context)
    before, shown = home.evaluate(STORE), home.locator(".verikb-dashboard-table").inner_text()
    bad = tmp_path / "progress.json"
    bad.write_text(text, encoding="utf-8")
    home.locator(".verikb-import-file").set_input_files(str(bad))
    message = home.locator(".verikb-dashboard-message")
    expect(message).to_contain_text(reason)
    expect(message).to_contain_text("Nothing was changed.")
    expect(message).to_have_class(re.compile("verikb-dashboard-message--bad"))
    assert home.evaluate(STORE) == before
    assert home.locator(".verikb-dashboard-table").inner_text() == shown


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_the_dashboard_is_legible_at_both_widths_in_light_and_dark(browse, site, viewport, scheme):
    size = {"desktop": {"width": 1280, "height": 900}, "mobile": MOBILE}[viewport]
    context = browse.new_context(viewport=size, color_scheme=scheme)
    page = browse.open(TOPIC, context)
    miss(page, keyed_questions(page)[0])
    home = open_home(browse, context)
    home.locator(".verikb-dashboard").scroll_into_view_if_needed()
    wide = home.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"the page scrolls sideways by {wide}px"
    for cell in home.locator(".verikb-dashboard-table tbody :is(th, td)").all()[:12]:
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 1
    home.locator(".verikb-dashboard").screenshot(
        path=f"/tmp/verikb-dashboard-{site['builder']}-{viewport}-{scheme}.png"
    )
    review = browse.open("review/", context)
    expect(review.locator(".verikb-review-item")).to_be_visible()
    review.keyboard.press("Space")
    expect(review.locator(".verikb-grade--good .verikb-interval")).to_have_text(re.compile(r"\d"))
    wide = review.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 0, f"the review page scrolls sideways by {wide}px"
    review.screenshot(path=f"/tmp/verikb-review-{site['builder']}-{viewport}-{scheme}.png", full_page=True)


def test_without_javascript_home_lists_the_topics_and_the_review_page_points_to_them(browse, site):
    home = browse.open("", java_script_enabled=False)
    titles = [t["title"] for t in index_of(site)["topics"]]
    expect(home.locator(".verikb-topic-list > li")).to_have_count(len(titles))
    expect(home.locator(".verikb-dashboard a.verikb-review-link")).to_be_visible()
    review = browse.open("review/", java_script_enabled=False)
    expect(review.locator(".verikb-review-nojs")).to_contain_text("The review needs JavaScript")
    review.locator(".verikb-review-nojs a").click()
    expect(review.locator(".verikb-topic-list > li")).to_have_count(len(titles))


AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
AXE_SERIOUS = """async () => (await axe.run()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({id: v.id, nodes: v.nodes.map((n) => n.target.join(' '))}))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_the_dashboard_and_the_revealed_review(browse, scheme):
    context = browse.new_context(color_scheme=scheme, bypass_csp=True)  # axe is injected as an inline script
    page = browse.open(TOPIC, context)
    miss(page, keyed_questions(page)[0])
    violations = {}
    for path in ("", "review/#mistakes"):
        page = browse.open(path, context)
        expect(page.locator(".verikb-dashboard-table, .verikb-review-item").first).to_be_visible()
        if path:
            page.keyboard.press("Space")
            expect(page.locator(".verikb-grade--good .verikb-interval")).to_have_text(re.compile(r"\d"))
        page.add_script_tag(path=str(AXE))
        violations[path or "home"] = page.evaluate(AXE_SERIOUS)
    assert violations == {"home": [], "review/#mistakes": []}
