"""End-to-end browser tests of the REAL built site, once built by mkdocs and once by Zensical, served locally,
driven in Chromium.

Unlike test_browser_widgets.py (a hand-written fixture page), these tests render the project's own
quizzes/ + verification.json into docs/ and build it with each builder into a temporary folder
(``verikb site --builder …``), then check what a reader gets, the same checks for both builders:
widgets that work on the generated deck pages, answers readable without JavaScript, no request
leaving 127.0.0.1, no console errors, hostile source text shown as text, and axe-core's verdict.
"""

import json
import re
import shutil
import sys
from collections import Counter
from urllib.parse import urlsplit

import pytest
from site_harness import BUILDERS, DESKTOP, MOBILE, ROOT, browsing, ensure_verification, run_command, wait_ready

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # from package-lock.json (scripts/setup runs npm ci)
DECK_PRACTICE = "003_922fc2f599061697"  # the deck with practice problems, a refuted key and real-output evidence
DECK_TF = "002_dd70d25f9b6b52f4"
DECKS = [DECK_PRACTICE, DECK_TF]

pytestmark = pytest.mark.browser


PWN_SCRIPT = "<script>window.__pwned=1</script>"
PWN_IMG = '<img src=x onerror="window.__pwned=1">'
PWN_STYLE = "<style>body{display:none}</style>"
HOSTILE_ID = '999_<img src=x onerror="window.__pwned=1">'
HOSTILE_PAGE = "999_-img-src-x-onerror--window.__pwned-1--"  # deck_path() of HOSTILE_ID
HOSTILE_TITLE = f"{PWN_SCRIPT} Rates {PWN_STYLE} & more"
HOSTILE_SOURCE = f"""0
0
PyTorchml~5 mins

{HOSTILE_TITLE} - Cheat Sheet & Quick Revision

Choose your learning style9 modes available
Recall & Review
beginner
What does {PWN_SCRIPT} do to the learning rate?
Nothing: {PWN_IMG} is only text here.
Click to reveal answer
Which text must stay inert on the page?
A{PWN_SCRIPT}
B{PWN_IMG}
CPlain words
DNone of these
"""


# ---------------------------------------------------------------- the hostile site


@pytest.fixture(scope="module", params=BUILDERS)
def hostile_url(request, tmp_path_factory, static_server):
    """A second site from a copy of the project plus one source full of markup that must never run (in its
    file name and title too), built the way scripts/build does it: ``verikb build`` (import, verify, site)."""
    ensure_verification()
    tmp = tmp_path_factory.mktemp("hostile")
    project = tmp / "project"
    project.mkdir()
    for name in ("docs", "quizzes", "sources", "snippets", "playground"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("mkdocs.yml", "verification.json"):
        shutil.copy2(ROOT / name, project / name)
    # The snippets' results as the project has them (if it has), so verify takes them from the cache.
    if (ROOT / ".verikb-cache" / "store").is_dir():
        shutil.copytree(ROOT / ".verikb-cache" / "store", project / ".verikb-cache" / "store")
    # Render copies Pyodide/uPlot from <project>/node_modules: link the real one rather than copy it.
    (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    (project / "sources" / f"{HOSTILE_ID}.txt").write_text(HOSTILE_SOURCE, encoding="utf-8")
    run_command(
        [sys.executable, "-m", "verikb", "build", "--builder", request.param, "-d", str(tmp / "site")], cwd=project
    )
    assert (project / "quizzes" / f"{HOSTILE_ID}.yml").is_file()
    with static_server(tmp / "site") as url:
        yield f"{url}/"


@pytest.fixture
def browse_hostile(browser, hostile_url):
    yield from browsing(browser, hostile_url)


def widget_data(locator):
    return json.loads(locator.get_attribute("data-verikb-data"))


def option_text(item, index):
    return item.locator(".verikb-option").nth(index).locator(".verikb-option-text").text_content().strip()


def letter(index):
    return chr(ord("A") + index)


def squash(text):
    return re.sub(r"\s+", "", text or "")


def reveal_solution(item):
    """Click the step button until the whole solution (steps, final answer, verdicts) is shown."""
    button = item.locator(".verikb-next-step")
    for _ in range(20):
        if button.count() == 0:
            return
        button.click()
    pytest.fail("the solution never finished revealing")


# ---------------------------------------------------------------- home and report


def test_home_lists_every_topic_and_its_links_work(browse, site):
    page = browse.open()
    links = page.locator("article .verikb-topic-list .verikb-topic > a")
    expect(links).to_have_count(len(site["deck_ids"]))
    hrefs = page.eval_on_selector_all("article .verikb-topic-list .verikb-topic > a", "as => as.map((a) => a.href)")
    assert sorted(hrefs) == sorted(f"{browse.base_url}topics/{deck_id}/" for deck_id in site["deck_ids"])
    start = page.locator(".verikb-home-start a, article p:has-text('New here?') a")
    expect(start.first).to_have_attribute("href", re.compile("topics/"))
    summary = squash(page.locator(".verikb-home-summary").text_content())
    totals = Counter(r["verdict"] for r in site["results"])
    assert f"✓verified{totals['verified']}" in summary and f"✗refuted{totals['refuted']}" in summary

    for url in hrefs:
        response = page.request.get(url)
        assert response.status == 200, url
        deck_id = url.rstrip("/").rsplit("/", 1)[-1]
        assert f'data-deck="{deck_id}"' in response.text(), url

    # Following a link uses the theme's instant navigation: the swapped-in page must get its widgets.
    link = links.nth(hrefs.index(f"{browse.base_url}topics/{DECK_PRACTICE}/"))
    title = link.text_content().strip()
    link.click()
    page.wait_for_url(f"**/topics/{DECK_PRACTICE}/")
    expect(page.locator("article h1")).to_have_text(re.compile("^" + re.escape(title)))
    wait_ready(page)
    page.locator("#question-1 .verikb-option-label").first.click()
    expect(page.locator("#question-1 .verikb-feedback")).not_to_be_empty()
    page.go_back()
    page.wait_for_url(browse.base_url)
    expect(links).to_have_count(len(site["deck_ids"]))


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_home_topic_list_is_legible_at_both_widths(browse, site, viewport):
    page = browse.open(viewport=viewport)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], "no sideways scrolling"
    for entry in page.locator(".verikb-topic").all():
        for part in (entry.locator("> a"), entry.locator(".verikb-topic-verdicts")):
            box = part.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, "nothing cut off"
        lines = entry.locator("> a").evaluate(
            "a => Math.round(a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight))"
        )
        assert lines <= 2, "a topic title wraps onto 2 lines at most"


def test_report_lists_every_claim_by_verdict_and_filters(browse, site):
    page = browse.open("report/")
    results = site["results"]
    entries = page.locator("article .verikb-report-entry")
    expect(entries).to_have_count(len(results))
    expect(page.locator("article p").first).to_contain_text(f"{len(results)} claims")
    sections = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.verikb-report-section')]
            .map((s) => [s.dataset.verdict, s.querySelectorAll('.verikb-report-entry').length]))"""
    )
    assert sections == dict(Counter(r["verdict"].replace(" ", "-") for r in results))
    hrefs = [urlsplit(h) for h in page.eval_on_selector_all(".verikb-report-item a", "as => as.map((a) => a.href)")]
    assert len(hrefs) == len(results), "every claim links to its item"
    for parts in set(hrefs):  # every item link lands on an element of a built deck page
        page_file = site["dir"] / parts.path.lstrip("/") / "index.html"
        assert page_file.is_file(), parts.geturl()
        assert f'id="{parts.fragment}"' in page_file.read_text(encoding="utf-8"), parts.geturl()
    refuted = page.locator('.verikb-report-entry[data-verdict="refuted"]').first
    expect(refuted.locator(".verikb-report-output")).to_be_visible()  # the real output inline, no click
    expect(page.locator(".verikb-report-entry code").first).to_be_visible()  # `code` in claims shown as code

    page.get_by_label("Verdict").select_option("refuted")
    expect(page.locator(".verikb-report-entry:visible")).to_have_count(
        Counter(r["verdict"] for r in results)["refuted"]
    )
    page.get_by_label("Verdict").select_option("")
    page.get_by_label("Topic").select_option(DECK_TF)
    expect(page.locator(".verikb-report-entry:visible")).to_have_count(sum(r["deck"] == DECK_TF for r in results))


def test_every_contradicted_item_shows_its_banner_with_no_click(browse, site):
    by_deck = {}
    for ref in site["contradicted"]:
        deck, item = ref.split("/", 1)
        by_deck.setdefault(deck, []).append(item)
    assert by_deck, "the seeds have refuted claims"
    for deck_id in site["deck_ids"]:
        page = browse.open(f"topics/{deck_id}/")
        expect(page.locator(".verikb-banner")).to_have_count(len(by_deck.get(deck_id, [])))
        for item in by_deck.get(deck_id, []):
            banner = page.locator(f"#{item} > .verikb-banner")
            expect(banner).to_be_visible()
            expect(banner).to_contain_text(re.compile("The source is wrong here|The source's claim did not show"))
            expect(banner.locator("pre")).to_be_visible()  # the real printout, not collapsed
            link = page.locator(f'.verikb-wrong-items a[href$="#{item}"]')  # the theme makes hrefs absolute
            expect(link).to_have_count(1)  # the header's list links to the item


# ---------------------------------------------------------------- deck pages


@pytest.mark.parametrize("deck", DECKS)
def test_flashcard_rating_is_kept_after_reload(browse, deck):
    page = browse.open(f"topics/{deck}/")
    card_ids = widget_data(page.locator("section.verikb-flashcards"))["cards"]
    first = page.locator("#" + card_ids[0])
    status = first.locator(".verikb-card-status")
    deck_line = page.locator(".verikb-deck-status")
    n = len(card_ids)
    expect(status).to_have_text("New")
    expect(first.locator(".verikb-card-answer")).to_be_hidden()
    expect(deck_line).to_have_text(f"{n} cards · {n} new · 0 due now · 0 later")

    first.get_by_role("button", name="Show answer").click()
    expect(first.locator(".verikb-card-answer")).to_be_visible()
    expect(first.get_by_role("button", name="Hide answer")).to_have_attribute("aria-expanded", "true")
    easy = first.locator(".verikb-grade--easy .verikb-interval")
    expect(easy).to_have_text(re.compile(r"^\d+d$"))  # FSRS: Easy skips the learning steps, days away
    days = int(easy.text_content().removesuffix("d"))
    first.get_by_role("button", name="Easy").click()
    expect(first.locator(".verikb-card-answer")).to_be_hidden()
    expect(status).to_have_text(f"Next review in {days} day" + ("s" if days != 1 else ""))
    expect(deck_line).to_have_text(f"{n} cards · {n - 1} new · 0 due now · 1 later")

    page.reload()
    wait_ready(page)
    expect(status).to_have_text(f"Next review in {days} day" + ("s" if days != 1 else ""))
    expect(deck_line).to_have_text(f"{n} cards · {n - 1} new · 0 due now · 1 later")
    order = page.eval_on_selector_all("section.verikb-flashcards .verikb-card", "cards => cards.map((c) => c.id)")
    assert order == [*card_ids[1:], card_ids[0]]  # the scheduled card waits at the end
    stored = page.evaluate("key => JSON.parse(localStorage.getItem(key))", "verikb:progress")
    assert stored["items"][f"{deck}/{card_ids[0]}"]["card"]["scheduled_days"] == days


@pytest.mark.parametrize("deck", DECKS)
def test_quiz_keyed_question_right_then_wrong(browse, deck):
    page = browse.open(f"topics/{deck}/")
    section = page.locator("section.verikb-quiz")
    keyed = [q for q in widget_data(section)["questions"] if isinstance(q["answer"], int)]
    assert len(keyed) >= 2, "this deck needs two questions with an answer key"
    graded = f"{len(keyed)} graded question" + ("s" if len(keyed) != 1 else "")
    score = section.locator(".verikb-score")
    expect(score).to_have_text(f"Score: 0 / 0 answered · {graded}")

    right = page.locator("#" + keyed[0]["id"])
    key = keyed[0]["answer"]
    key_text = f"{letter(key)}. {option_text(right, key)}"
    explanation = right.locator("details.verikb-explanation")
    expect(explanation).to_be_hidden()
    right.locator(".verikb-option-label").nth(key).click()
    expect(right.locator(".verikb-feedback")).to_have_text("✓Correct! " + key_text)
    expect(right.locator(".verikb-option").nth(key)).to_have_class(re.compile("verikb-option--correct"))
    expect(explanation).to_be_visible()
    expect(explanation.locator(".verikb-key")).to_contain_text(key_text)
    expect(score).to_have_text(f"Score: 1 / 1 answered · {graded}")

    wrong = page.locator("#" + keyed[1]["id"])
    key = keyed[1]["answer"]
    pick = (key + 1) % wrong.locator(".verikb-option").count()
    wrong.locator(".verikb-option-label").nth(pick).click()
    expected = f"✗Not quite — the answer is {letter(key)}. {option_text(wrong, key)}"
    expect(wrong.locator(".verikb-feedback")).to_have_text(expected)
    expect(wrong.locator(".verikb-option").nth(pick)).to_have_class(re.compile("verikb-option--wrong"))
    expect(wrong.locator(".verikb-option").nth(key)).to_contain_text("✓ correct answer")
    for radio in wrong.get_by_role("radio").all():
        expect(radio).to_be_disabled()
    expect(wrong.locator("details.verikb-explanation")).to_be_visible()
    expect(score).to_have_text(f"Score: 1 / 2 answered · {graded}")


@pytest.mark.parametrize("deck", DECKS)
def test_open_prompt_concepts_ticked(browse, deck):
    page = browse.open(f"topics/{deck}/")
    spec = widget_data(page.locator("section.verikb-prompts"))["prompts"][0]
    names = spec["concepts"]
    assert len(names) >= 2
    prompt = page.locator("#" + spec["id"])
    expect(prompt.locator("details.verikb-concepts")).to_be_hidden()  # no spoiler before answering
    prompt.get_by_label("Your answer").fill("Big steps learn fast but overshoot; small steps are slow but settle.")
    prompt.get_by_role("button", name="Check my answer").click()
    expect(prompt.get_by_role("checkbox")).to_have_count(len(names))
    result = prompt.locator(".verikb-concept-score")
    expect(result).to_have_text(f"You got 0/{len(names)} concepts.")
    prompt.get_by_label(names[0], exact=True).check()
    prompt.get_by_label(names[1], exact=True).check()
    expect(result).to_have_text(f"You got 2/{len(names)} concepts.")


def test_practice_solution_revealed_step_by_step(browse):
    page = browse.open(f"topics/{DECK_PRACTICE}/")
    spec = widget_data(page.locator("section.verikb-practice-set"))["practice"][0]
    total = spec["steps"]
    assert total >= 2
    practice = page.locator("#" + spec["id"])
    steps = practice.locator(".verikb-step")
    final = practice.locator(".verikb-final")
    button = practice.locator(".verikb-next-step")
    expect(steps).to_have_count(total)
    expect(practice.locator("details.verikb-solution")).to_be_hidden()
    expect(button).to_have_text(f"Show solution step 1 of {total}")
    for shown in range(1, total + 1):
        button.click()
        for i in range(total):
            (expect(steps.nth(i)).to_be_visible if i < shown else expect(steps.nth(i)).to_be_hidden)()
        expect(final).to_be_hidden()
        expect(practice.locator(".verikb-step-status")).to_have_text(f"Step {shown} of {total} shown.")
    expect(button).to_have_text("Show final answer")
    button.click()
    expect(final).to_be_visible()
    expect(final).to_be_focused()
    expect(button).to_have_count(0)
    expect(practice.locator(".verikb-step-status")).to_have_text(f"All {total} steps shown, with the final answer.")


def test_refuted_practice_is_a_self_check_showing_the_refuted_key(browse):
    page = browse.open(f"topics/{DECK_PRACTICE}/")
    specs = {p["id"]: p for p in widget_data(page.locator("section.verikb-practice-set"))["practice"]}
    assert specs["practice-4"]["answer"] is None and specs["practice-4"]["refuted"] is True
    practice = page.locator("#practice-4")
    expect(practice.get_by_role("radio")).to_have_count(0)  # nothing to grade
    expect(practice.locator(".verikb-feedback")).to_have_count(0)
    expect(practice.locator(".verikb-selfcheck-note")).to_contain_text("refutes the source's answer")
    practice.locator(".verikb-option").nth(1).click()  # the source's (refuted) answer: still no grading
    expect(practice.locator(".verikb-option--correct, .verikb-option--wrong")).to_have_count(0)
    reveal_solution(practice)
    key = practice.locator(".verikb-key--refuted")
    expect(key).to_be_visible()
    expect(key).to_contain_text("refuted")
    expect(key).to_contain_text("none of the options")
    expect(practice.locator(".verikb-source-says")).to_contain_text("which the real run contradicts")
    expect(practice.locator(".verikb-source-says .verikb-final")).to_be_visible()
    expect(practice.locator(".verikb-corrected")).to_contain_text("StepLR working as documented")


def test_verdict_evidence_opens_with_real_output(browse, site):
    page = browse.open(f"topics/{DECK_PRACTICE}/")
    practice = page.locator("#practice-2")
    reveal_solution(practice)
    evidence = practice.locator("details.verikb-evidence").first
    output = evidence.locator("pre")
    expect(evidence).not_to_have_attribute("open", "")
    expect(output).to_be_hidden()
    evidence.locator("summary").click()
    expect(evidence).to_have_attribute("open", "")
    expect(output).to_be_visible()
    expect(output).to_contain_text("TypeError")
    expect(evidence.locator("summary")).to_contain_text("Real output (torch")
    real = {r["output"].strip() for r in site["results"] if r["deck"] == DECK_PRACTICE and r["item"] == "practice-2"}
    assert output.text_content().strip() in real  # exactly what the framework printed


def test_keyboard_only_flashcard_ratings_and_quiz(browse):
    page = browse.open(f"topics/{DECK_PRACTICE}/")
    spec = widget_data(page.locator("section.verikb-quiz"))["questions"][0]
    assert isinstance(spec["answer"], int)

    def tab_to(selector, limit=150):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
                return
        pytest.fail(f"Tab never reached {selector}")

    tab_to(".verikb-flip")  # from the top of the page, through the header and navigation
    card = page.locator(".verikb-card").first
    page.keyboard.press("Enter")
    expect(card.locator(".verikb-card-answer")).to_be_visible()
    page.keyboard.press("Tab")
    expect(card.locator(".verikb-grade--again")).to_be_focused()
    for grade in ("hard", "good"):
        page.keyboard.press("Tab")
        expect(card.locator(f".verikb-grade--{grade}")).to_be_focused()
    page.keyboard.press("Space")
    expect(card.locator(".verikb-card-status")).to_contain_text("Next review in")
    second = page.locator(".verikb-card").nth(1)
    expect(second.locator(".verikb-flip")).to_be_focused()  # on to the next card
    page.keyboard.press("Enter")
    said = second.locator(".verikb-grade--again .verikb-sr")  # what a screen reader hears on the Again button
    expect(said).to_have_text(re.compile(r"^\(next review in \d+ \w+\)$"))
    page.keyboard.press("1")  # keys 1-4 rate a revealed card: 1 is Again
    expect(second.locator(".verikb-card-status")).to_have_text("Next review in " + said.text_content()[16:-1])

    question = page.locator("#" + spec["id"])
    tab_to(f"#{spec['id']} .verikb-option-input")
    expect(question.locator(".verikb-option-input").first).to_be_focused()
    for _ in range(spec["answer"]):
        page.keyboard.press("ArrowDown")  # moving within the group does not answer
    expect(question.locator(".verikb-option-input").nth(spec["answer"])).to_be_focused()
    expect(question.locator(".verikb-option--correct")).to_have_count(0)
    page.keyboard.press("Space")
    key_text = f"{letter(spec['answer'])}. {option_text(question, spec['answer'])}"
    expect(question.locator(".verikb-feedback")).to_have_text("✓Correct! " + key_text)
    expect(page.locator(".verikb-quiz .verikb-score")).to_contain_text("Score: 1 / 1 answered")
    expect(question.get_by_role("button", name="Try again")).to_be_focused()


@pytest.mark.parametrize("deck", DECKS)
def test_without_javascript_every_answer_is_readable(browse, deck):
    from verikb.deck_io import read_deck

    model = read_deck(ROOT / "quizzes" / f"{deck}.yml")
    page = browse.open(f"topics/{deck}/", java_script_enabled=False)
    expect(page.locator("[data-verikb-ready]")).to_have_count(0)

    def details_text(selector):
        details = page.locator(selector)
        expect(details).to_have_count(1)
        return squash(details.text_content())

    for card in model.cards:
        text = details_text(f"#{card.id} > details.verikb-card-back")
        for part in card.back_parts or ():
            assert squash(part.text) in text, (card.id, part.text)
    for question in model.questions:
        text = details_text(f"#{question.id} > details.verikb-explanation")
        if question.explanation:
            assert squash(question.explanation) in text, question.id
        answer = question.curated.answer if question.curated.answer is not None else question.answer
        if answer is not None:
            assert squash(f"{letter(answer)}. {question.options[answer]}") in text, question.id
    for prompt in model.prompts:
        text = details_text(f"#{prompt.id} > details.verikb-concepts")
        for concept in prompt.curated.concepts:
            assert squash(concept) in text, (prompt.id, concept)
    for practice in model.practice:
        text = details_text(f"#{practice.id} > details.verikb-solution")
        for step in practice.steps:
            assert squash(step.title) in text and squash(step.text) in text, (practice.id, step.title)
        if practice.final_answer:
            assert squash(practice.final_answer) in text, practice.id

    # Native <details> still open and close with no script at all.
    first_card = page.locator(f"#{model.cards[0].id}")
    expect(first_card.locator(".verikb-card-answer")).to_be_hidden()
    first_card.locator("details.verikb-card-back > summary").click()
    expect(first_card.locator(".verikb-card-answer")).to_be_visible()
    question = page.locator(f"#{model.questions[0].id}")
    question.locator("details.verikb-explanation > summary").click()
    expect(question.locator("details.verikb-explanation > p").last).to_be_visible()


# Elements the hostile source would plant if any of its text reached a page as markup.
PLANTED = """() => document.querySelectorAll('img[src=x], [onerror]').length
    + [...document.querySelectorAll('script, style')]
        .filter((n) => /__pwned|display:none/.test(n.textContent)).length"""


def test_hostile_source_text_is_shown_never_run(browse_hostile):
    dialogs = []
    page = browse_hostile.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{browse_hostile.base_url}topics/{HOSTILE_PAGE}/")
    wait_ready(page)
    article = page.locator("article")
    card = page.locator("#card-1")
    expect(card.locator(".verikb-card-front")).to_have_text(f"What does {PWN_SCRIPT} do to the learning rate?")
    card.get_by_role("button", name="Show answer").click()
    expect(card.locator(".verikb-card-answer")).to_have_text(f"Nothing: {PWN_IMG} is only text here.")
    question = page.locator("#question-1")
    expect(question.locator(".verikb-option-text").nth(0)).to_have_text(PWN_SCRIPT)
    expect(question.locator(".verikb-option-text").nth(1)).to_have_text(PWN_IMG)
    question.locator(".verikb-option").nth(1).click()
    expect(page.locator("article h1")).to_have_text(re.compile("^" + re.escape(HOSTILE_TITLE)))
    assert page.title().startswith(HOSTILE_TITLE)
    expect(article).to_contain_text(PWN_SCRIPT)
    for other in ("", "topics/", "report/", f"topics/{DECK_PRACTICE}/"):  # every page carries the deck's title
        page.goto(browse_hostile.base_url + other)
        wait_ready(page)
        assert page.evaluate(PLANTED) == 0
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("getComputedStyle(document.body).display") != "none", "the page is not restyled"
    home = page.goto(browse_hostile.base_url)
    assert home.status == 200
    expect(page.locator(f'.verikb-topic > a[href$="/topics/{HOSTILE_PAGE}/"]')).to_have_text(HOSTILE_TITLE)
    assert dialogs == []


def test_each_topic_links_its_evidence_notebook_whose_outputs_are_the_recorded_ones(browse, site):
    import nbformat

    outputs = {s["path"]: s["output"] for s in site["verification"]["snippets"]}
    page = browse.open(f"topics/{DECK_PRACTICE}/")
    link = page.locator(".verikb-notebook a")
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    if site["builder"] == "mkdocs":  # mkdocs-jupyter renders it as a page, with the file beside it
        link.click()
        page.wait_for_url("**/notebooks/**")
        wait_ready(page)
        expect(page.locator("article")).to_contain_text("Run it yourself")
        path = site["dir"] / "notebooks" / DECK_PRACTICE / f"{DECK_PRACTICE}.ipynb"
    else:  # Zensical has no mkdocs-jupyter: the link is the file itself
        assert href.endswith(f"{DECK_PRACTICE}.ipynb")
        assert page.request.get(link.evaluate("a => a.href")).status == 200
        path = site["dir"] / "notebooks" / f"{DECK_PRACTICE}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert cells, "the deck has snippets"
    for cell in cells:
        recorded = [o["text"] for o in cell.outputs if o.get("name") == "stdout"]
        assert recorded and recorded[0] in outputs.values(), "outputs are verification.json's, not a re-run"


# ---------------------------------------------------------------- Content-Security-Policy

CSP_VIOLATIONS = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


def test_csp_lets_the_widgets_uplot_and_pyodide_work_and_blocks_inline_script(browse, site):
    page = browse.new_page()
    page.add_init_script(CSP_VIOLATIONS)
    page.goto(f"{browse.base_url}topics/{DECK_PRACTICE}/")
    wait_ready(page)
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    _exercise_deck(page)
    expect(page.locator("figure.verikb-curve canvas").first).to_be_visible()  # uPlot drew a curve
    runnable = page.locator(".verikb-runner").first
    runnable.get_by_role("button", name="Run").click()
    expect(runnable.locator(".verikb-runner__output")).to_contain_text("0 ", timeout=60_000)  # Pyodide ran
    # An inline script a hostile text might plant is refused by the policy.
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__inline = 1'; document.body.append(s); }""")
    assert page.evaluate("typeof window.__inline") == "undefined"
    violations = page.evaluate("window.__csp")
    assert [v for v in violations if not v.startswith("script-src-elem inline")] == [], violations
    assert len(violations) == 1, "exactly the planted script was refused"
    browse.errors[:] = [e for e in browse.errors if "Content Security Policy" not in e]  # the refusal is logged


# ---------------------------------------------------------------- accessibility (axe-core)


def _exercise_deck(page):
    """Put the deck page in its answered states so axe also sees feedback, checklists and open evidence."""
    page.locator(".verikb-card .verikb-flip").first.click()
    page.locator("#question-1 .verikb-option-label").first.click()
    page.locator("#question-2 .verikb-option-label").nth(1).click()
    page.locator("#prompt-1 .verikb-check").click()
    page.locator("#prompt-1 .verikb-concept-box").first.check()
    page.locator("#practice-1 .verikb-next-step").click()
    reveal_solution(page.locator("#practice-2"))
    page.locator("#practice-2 details.verikb-evidence > summary").first.click()
    reveal_solution(page.locator("#practice-4"))


AXE_PAGES = {"home": "", "deck": f"topics/{DECK_PRACTICE}/", "report": "report/", "playground": "playground/"}
AXE_RUN = """async () => (await axe.run()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({id: v.id, impact: v.impact,
                  nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary}))}))"""


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_no_serious_violations(browse, name):
    page = browse.open(AXE_PAGES[name], bypass_csp=True)  # axe is injected as an inline script
    page.add_script_tag(path=str(AXE))
    violations = []
    if name == "deck":  # the enhanced page in its answered states, in both colour schemes
        _exercise_deck(page)
        violations += page.evaluate(AXE_RUN)
        page.locator('label[for="__palette_1"]').click()  # mkdocs-material's own "Switch to dark mode"
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    violations += page.evaluate(AXE_RUN)
    found = [
        f"{v['id']} ({v['impact']}) {node['target']}: {node['summary']!r}" for v in violations for node in v["nodes"]
    ]
    assert found == [], "axe found serious/critical violations:\n" + "\n".join(found)


# ---------------------------------------------------------------- screenshots


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport_name", ["desktop", "mobile"])
def test_deck_page_screenshots(browse, viewport_name, scheme):
    viewport = DESKTOP if viewport_name == "desktop" else MOBILE
    page = browse.open(f"topics/{DECK_PRACTICE}/", viewport=viewport, color_scheme=scheme)
    _exercise_deck(page)
    page.evaluate("window.scrollTo(0, 0)")  # else the sticky header is drawn mid-page in a full-page shot
    page.screenshot(path=f"/tmp/site-{viewport_name}-{scheme}.png", full_page=True)
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    if viewport_name == "mobile":
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_long_topic_title_leaves_no_empty_line_under_it(browse, width):
    # At 1280 px this title fills the column exactly: the hidden permalink "¶" wrapped onto a line of its own.
    page = browse.open(f"topics/{DECK_PRACTICE}/", viewport={"width": width, "height": 900})
    gap = page.evaluate(
        """() => { const h1 = document.querySelector("article h1"); const range = document.createRange();
        range.selectNodeContents(h1.firstChild); const rects = [...range.getClientRects()];
        return h1.getBoundingClientRect().bottom - rects[rects.length - 1].bottom; }"""
    )
    assert gap < 4, f"the title box ends {gap:.0f} px below its last line of text"
