"""Browser tests for the verikb widget assets: headless Debian chromium on tests/data/widgets/fixture.html.

The fixture is served as a page of a temp site laid out as a build lays it out (assets, vendored Pyodide and
uPlot, the lrschedules wheel, the playground spec), so the core loads the runner and the playground itself.
"""

import re
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = "/topics/fixture/"
DESKTOP = {"width": 1280, "height": 900}
PWN = '<img src=x onerror="window.__pwned=1">'  # the fixture shows this as text; it must never run
KEY_B = "B. To make small, careful updates"
MOBILE = {"width": 390, "height": 844}
BOOT_MS = 60_000  # a cold Pyodide boot takes ~5-15 s here
SNIPPET_URL = "https://github.com/example/verikb/blob/main/snippets/torch/test_steplr.py"

pytestmark = pytest.mark.browser

# Stand-in for mkdocs-material's document$: a replay subject fed on DOMContentLoaded and instant navigation.
FAKE_DOCUMENT_SUBJECT = """
window.document$ = {
  fns: [], doc: null,
  subscribe(fn) { this.fns.push(fn); if (this.doc) fn(this.doc); },
  next(doc) { this.doc = doc; this.fns.forEach((fn) => fn(doc)); },
};
document.addEventListener("DOMContentLoaded", () => {
  window.__pristine = document.querySelector("article").innerHTML;
  window.document$.next(document);
});
"""


@pytest.fixture(scope="module")
def base_url(static_server, asset_folder, tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    wheel = asset_folder(site)
    page = (ROOT / "tests" / "data" / "widgets" / "fixture.html").read_text(encoding="utf-8")
    (site / "topics" / "fixture").mkdir(parents=True)
    (site / "topics" / "fixture" / "index.html").write_text(
        page.replace("lrschedules-0.1.0-py3-none-any.whl", wheel.name), encoding="utf-8"
    )
    with static_server(site) as url:
        yield url


def _open(browser, base_url, viewport=DESKTOP, init_script=None):
    """A fresh context (empty localStorage) with the fixture loaded and console errors collected."""
    context = browser.new_context(viewport=viewport)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.verikb_errors = []

    def on_console(message):
        if message.type == "error" or (message.type == "warning" and "verikb" in message.text):
            page.verikb_errors.append(f"console {message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.verikb_errors.append(f"pageerror: {error}"))
    page.goto(base_url + FIXTURE)
    _wait_ready(page)
    return page


def _wait_ready(page):
    """Every widget mounted, the lazily loaded runner and playground included."""
    page.wait_for_selector("section.verikb-practice-set[data-verikb-ready]")
    page.wait_for_selector(".verikb-runnable textarea")
    page.wait_for_selector(".verikb-playground select")


def _assert_clean(page):
    assert page.verikb_errors == []
    assert page.evaluate("typeof window.__pwned") == "undefined"


@pytest.fixture
def page(browser, base_url):
    page = _open(browser, base_url)
    yield page
    _assert_clean(page)
    page.context.close()


def _card_ids(page):
    return page.eval_on_selector_all(".verikb-flashcards .verikb-card", "cards => cards.map(c => c.id)")


STORE = "JSON.parse(localStorage.getItem('verikb:progress'))"


def test_flashcards_flip_rate_with_fsrs_and_progress_kept_after_reload(page):
    card1, card2 = page.locator("#card-1"), page.locator("#card-2")
    deck_line = page.locator(".verikb-deck-status")
    expect(card1.locator(".verikb-card-answer")).to_be_hidden()
    expect(card1.locator(".verikb-rate")).to_be_hidden()
    expect(card1.locator(".verikb-card-status")).to_have_text("New")
    expect(deck_line).to_have_text("2 cards · 2 new · 0 due now · 0 later")
    assert page.evaluate("typeof window.FSRS") == "undefined"  # ts-fsrs waits for the first revealed answer

    card1.get_by_role("button", name="Show answer").click()
    expect(card1.locator(".verikb-flip")).to_have_attribute("aria-expanded", "true")
    expect(card1.locator(".verikb-card-answer")).to_be_visible()
    expect(card1.locator(".verikb-card-answer pre code")).to_have_text(
        "optimizer = tf.keras.optimizers.Adam(learning_rate=0.0001)"
    )
    names = card1.locator(".verikb-rate").get_by_role("button").all_inner_texts()
    assert [n.split()[0] for n in names] == ["Again", "Hard", "Good", "Easy"]
    good = card1.get_by_role("button", name="Good")
    expect(good.locator(".verikb-interval")).to_have_text(re.compile(r"^\d+(s|m|h|d|mo|y)$"))
    expect(good).to_have_accessible_name(re.compile(r"^Good \(next review in \d+ \w+\)$"))
    good.click()
    expect(card1.locator(".verikb-card-answer")).to_be_hidden()
    expect(card1.locator(".verikb-card-status")).to_contain_text("Next review in")

    card2.get_by_role("button", name="Show answer").click()
    card2.get_by_role("button", name="Again").click()
    expect(card2.locator(".verikb-card-status")).to_contain_text("Next review in")
    expect(deck_line).to_have_text("2 cards · 0 new · 0 due now · 2 later")
    assert _card_ids(page) == ["card-1", "card-2"]  # no reshuffling while studying

    page.reload()
    _wait_ready(page)
    assert _card_ids(page) == ["card-2", "card-1"]  # Again's step is shorter than Good's: card 2 comes back first
    expect(deck_line).to_have_text("2 cards · 0 new · 0 due now · 2 later")
    items = page.evaluate(STORE)["items"]
    assert items["fixture/card-1"]["card"]["reps"] == 1 and items["fixture/card-2"]["card"]["reps"] == 1
    assert items["fixture/card-2"]["card"]["due"] < items["fixture/card-1"]["card"]["due"]

    page.locator("#question-1-option-1 label").click()  # the topic's reset covers the quiz too
    expect(page.locator(".verikb-quiz .verikb-score")).to_have_text("Score: 0 / 1 answered · 1 graded question")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    expect(page.locator("#card-1 .verikb-card-status")).to_have_text("New")
    assert _card_ids(page) == ["card-1", "card-2"]
    expect(page.locator(".verikb-quiz .verikb-score")).to_have_text("Score: 0 / 0 answered · 1 graded question")
    expect(page.locator("#question-1 .verikb-option--wrong")).to_have_count(0)
    assert page.evaluate(STORE)["items"] == {}


def test_keyed_question_right_and_wrong_with_feedback_and_score(page):
    question = page.locator("#question-1")
    score = page.locator(".verikb-quiz .verikb-score")
    explanation = question.locator("details.verikb-explanation")
    feedback = question.locator(".verikb-feedback")
    expect(score).to_have_text("Score: 0 / 0 answered · 1 graded question")
    expect(score).to_have_attribute("aria-live", "polite")
    expect(question.get_by_role("radiogroup")).to_have_count(1)
    expect(question.get_by_role("radio")).to_have_count(4)
    expect(explanation).to_be_hidden()

    question.get_by_role("radio", name="To speed up training").click()
    expect(feedback).to_have_text("✗Not quite — the answer is " + KEY_B)
    expect(feedback).to_have_attribute("role", "status")
    expect(question.locator(".verikb-feedback-icon")).to_have_attribute("aria-hidden", "true")
    expect(question.locator("#question-1-option-1 .verikb-option-mark")).to_have_text("✗ your answer")
    expect(question.locator("#question-1-option-2 .verikb-option-mark")).to_have_text("✓ correct answer")
    expect(question.locator("#question-1-option-1")).to_have_class(re.compile("verikb-option--wrong"))
    expect(explanation).to_be_visible()
    expect(explanation.locator(".verikb-key")).to_be_visible()
    for radio in question.get_by_role("radio").all():
        expect(radio).to_be_disabled()
    expect(score).to_have_text("Score: 0 / 1 answered · 1 graded question")

    question.get_by_role("button", name="Try again").click()
    expect(feedback).to_have_text("")
    expect(explanation).to_be_hidden()
    expect(score).to_have_text("Score: 0 / 0 answered · 1 graded question")

    question.get_by_role("radio", name="To make small, careful updates").click()
    expect(feedback).to_have_text("✓Correct! " + KEY_B)
    expect(question.locator("#question-1-option-2 .verikb-option-mark")).to_have_text("✓ your answer")
    expect(score).to_have_text("Score: 1 / 1 answered · 1 graded question")

    practice = page.locator("#practice-1")
    practice.get_by_role("radio", name="The batch size").click()
    expect(practice.locator(".verikb-feedback")).to_have_text(
        "✗Not quite — the answer is D. It controls how big each weight update is"
    )


def test_unkeyed_questions_are_self_check_only(page):
    score = page.locator(".verikb-quiz .verikb-score")
    for qid in ("question-2", "question-3"):
        question = page.locator("#" + qid)
        expect(question.get_by_role("radio")).to_have_count(0)
        expect(question.locator(".verikb-feedback")).to_have_count(0)
        expect(question.locator(".verikb-selfcheck-note")).to_contain_text("not scored")
        explanation = question.locator("details.verikb-explanation")
        button = question.get_by_role("button", name="Show explanation")
        expect(explanation).to_be_hidden()
        expect(button).to_have_attribute("aria-expanded", "false")
        button.click()
        expect(explanation).to_be_visible()
        hide = question.get_by_role("button", name="Hide explanation")
        expect(hide).to_have_attribute("aria-expanded", "true")
    page.locator("#question-2").get_by_text("ModelCheckpoint").click()  # plain text: nothing is graded
    expect(score).to_have_text("Score: 0 / 0 answered · 1 graded question")
    # Closing the details through its own summary hides it again and resets the button.
    page.locator("#question-2 details.verikb-explanation > summary").click()
    expect(page.locator("#question-2 details.verikb-explanation")).to_be_hidden()
    expect(page.locator("#question-2").get_by_role("button", name="Show explanation")).to_be_visible()


ANSWER = "Big steps first, then small ones so it settles."


def test_open_prompt_concepts_ticked_and_kept(page):
    prompt = page.locator("#prompt-1")
    expect(prompt.locator("details.verikb-concepts")).to_be_hidden()  # no spoilers before answering
    expect(prompt.locator("details.verikb-hint")).to_be_visible()
    prompt.get_by_label("Your answer").fill(ANSWER)
    prompt.get_by_role("button", name="Check my answer").click()
    boxes = prompt.get_by_role("checkbox")
    expect(boxes).to_have_count(4)
    expect(boxes.first).to_be_focused()
    result = prompt.locator(".verikb-concept-score")
    expect(result).to_have_attribute("aria-live", "polite")
    expect(result).to_have_text("You got 0/4 concepts.")
    prompt.get_by_label("speed of learning").check()
    prompt.get_by_label("convergence").check()
    expect(result).to_have_text("You got 2/4 concepts.")
    expect(prompt.get_by_role("checkbox", name="fine-tuning late " + PWN)).to_be_visible()

    generic = page.locator("#prompt-2")
    generic.get_by_role("button", name="Check my answer").click()
    expect(generic.get_by_role("checkbox")).to_have_count(3)
    expect(generic.get_by_label("Key concept 3")).to_be_visible()
    expect(generic.locator(".verikb-concept-score")).to_have_text("You got 0/3 concepts.")

    page.reload()
    _wait_ready(page)
    expect(prompt.get_by_label("Your answer")).to_have_value(ANSWER)
    expect(prompt.get_by_label("speed of learning")).to_be_checked()
    expect(prompt.get_by_label("overshooting")).not_to_be_checked()
    expect(result).to_have_text("You got 2/4 concepts.")

    prompt.get_by_role("button", name="Start over").click()
    expect(prompt.get_by_label("Your answer")).to_have_value("")
    expect(prompt.get_by_role("button", name="Check my answer")).to_be_visible()


def test_practice_answer_is_kept_after_reload_and_reset_with_the_topic(page):
    practice = page.locator("#practice-1")
    practice.get_by_role("radio", name="The batch size").click()
    expect(practice.locator(".verikb-option--wrong")).to_have_count(1)
    page.reload()
    _wait_ready(page)
    expect(practice.locator("#practice-1-option-2")).to_have_class(re.compile("verikb-option--wrong"))
    expect(practice.get_by_role("radio").first).to_be_disabled()
    assert page.evaluate(STORE)["items"]["fixture/practice-1"]["practice"]["choice"] == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    expect(practice.locator(".verikb-option--wrong")).to_have_count(0)
    expect(practice.get_by_role("radio").first).to_be_enabled()


def test_widgets_work_when_the_browser_blocks_storage(browser, base_url):
    # Private modes and strict settings make window.localStorage throw: progress then lasts as long as the page.
    blocked = "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('', 'SecurityError') } })"
    page = _open(browser, base_url, init_script=blocked)
    assert page.evaluate("() => { try { return !localStorage; } catch (err) { return err.name; } }") == "SecurityError"
    page.locator("#card-1 .verikb-flip").click()
    page.locator("#card-1 .verikb-grade--good").click()
    expect(page.locator("#card-1 .verikb-card-status")).to_contain_text("Next review in")
    page.locator("#question-1-option-2 label").click()
    expect(page.locator(".verikb-quiz .verikb-score")).to_have_text("Score: 1 / 1 answered · 1 graded question")
    assert page.evaluate("window.verikb.progress.get('fixture', 'question-1').quiz.correct") is True
    _assert_clean(page)
    page.context.close()


def test_practice_solution_steps_revealed_one_by_one(page):
    practice = page.locator("#practice-1")
    steps = practice.locator(".verikb-step")
    final = practice.locator(".verikb-final")
    expect(practice.locator("details.verikb-solution")).to_be_hidden()
    expect(practice.locator("details.verikb-solution > summary")).to_be_hidden()
    button = practice.locator(".verikb-next-step")
    expect(button).to_have_text("Show solution step 1 of 3")

    for shown in (1, 2, 3):
        button.click()
        for i in range(3):
            if i < shown:
                expect(steps.nth(i)).to_be_visible()
            else:
                expect(steps.nth(i)).to_be_hidden()
        expect(final).to_be_hidden()
        expect(practice.locator(".verikb-step-status")).to_have_text(f"Step {shown} of 3 shown.")
    expect(button).to_have_text("Show final answer")

    button.click()
    expect(final).to_be_visible()
    expect(final).to_be_focused()
    expect(practice.locator(".verikb-quick-check")).to_be_visible()
    expect(practice.locator(".verikb-verdict")).to_be_visible()
    expect(practice.locator(".verikb-key--refuted")).to_be_visible()
    expect(practice.locator(".verikb-next-step")).to_have_count(0)
    for name in ("Hint", "Common mistakes"):  # these stay plain <details>
        practice.locator("details > summary", has_text=name).click()
    expect(practice.locator("details.verikb-mistakes li").first).to_be_visible()


def test_keyboard_only(page):
    page.locator("#card-2 .verikb-flip").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#card-2 .verikb-card-answer")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator("#card-2 .verikb-grade--again")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#card-2 .verikb-grade--good")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#card-2 .verikb-card-status")).to_contain_text("Next review in")
    expect(page.locator("#card-2 .verikb-flip")).to_be_focused()  # the last card: its own button keeps the focus
    page.locator("#card-1 .verikb-flip").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("4")  # keys 1-4 rate a revealed card: 4 is Easy
    expect(page.locator("#card-1 .verikb-card-status")).to_contain_text("Next review in")
    assert page.evaluate(STORE)["items"]["fixture/card-1"]["card"]["state"] == 2  # Easy goes straight to review

    page.locator("#card-2 .verikb-flip").focus()
    page.keyboard.press("Tab")  # the score line is not focusable: next stop is the first option
    first = page.locator("#question-1-option-1-input")
    expect(first).to_be_focused()
    outline = page.eval_on_selector("#question-1-option-1 label", "l => getComputedStyle(l).outlineStyle")
    assert outline == "solid"  # visible focus on the whole option

    page.keyboard.press("ArrowDown")  # moving does not answer
    expect(page.locator("#question-1-option-2-input")).to_be_focused()
    feedback = page.locator("#question-1 .verikb-feedback")
    expect(feedback).to_have_text("Selected B. Press Space or Enter to answer.")
    expect(page.locator("#question-1 .verikb-option--correct")).to_have_count(0)
    page.keyboard.press("Space")
    expect(feedback).to_have_text("✓Correct! " + KEY_B)
    expect(page.locator("#question-1 .verikb-retry")).to_be_focused()

    page.keyboard.press("Enter")  # "Try again"
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(feedback).to_contain_text("Not quite — the answer is B.")
    expect(page.locator(".verikb-quiz .verikb-score")).to_contain_text("Score: 0 / 1 answered")

    page.locator("#question-3 .verikb-reveal").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#question-3 details.verikb-explanation")).to_be_visible()

    page.locator("#prompt-1 textarea").focus()
    page.keyboard.type("Overshooting.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Check my answer"
    page.keyboard.press("Space")  # first concept box is focused
    expect(page.locator("#prompt-1 .verikb-concept-score")).to_have_text("You got 1/4 concepts.")

    page.locator("#practice-1-option-4-input").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#practice-1 .verikb-feedback")).to_contain_text("Correct!")
    page.locator("#practice-1 .verikb-next-step").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#practice-1 .verikb-step").first).to_be_visible()


def test_no_console_errors_and_page_text_never_runs(page):
    page.locator("#card-2 .verikb-flip").click()
    page.locator("#prompt-1 .verikb-check").click()
    page.locator("#question-1-option-3 label").click()
    assert page.evaluate("document.querySelectorAll('article img').length") == 0
    expect(page.locator("#card-2 .verikb-card-answer")).to_contain_text(PWN)
    expect(page.locator("#question-1-option-3")).to_contain_text("To forget the old task <b>faster</b>")
    expect(page.locator("#prompt-1 .verikb-checklist")).to_contain_text("<img src=x")
    _assert_clean(page)


def test_init_is_idempotent_and_follows_instant_navigation(browser, base_url):
    page = _open(browser, base_url, init_script=FAKE_DOCUMENT_SUBJECT)
    controls = ".verikb-flip, .verikb-option-input, .verikb-reveal, textarea, .verikb-next-step"
    counts = f"document.querySelectorAll('{controls}, .verikb-score, .verikb-deck-bar').length"
    before = page.evaluate(counts)
    assert before == 2 + 8 + 2 + 3 + 1 + 1 + 1  # flips, options, reveals, textareas (+ code), stepper, score, deck bar
    page.evaluate("window.document$.next(document)")
    assert page.evaluate(counts) == before

    # Instant navigation swaps the article for fresh markup and emits again: the new widgets get enhanced.
    # (Widget data sits in a data-verikb-data attribute, so no inline script is re-run as JavaScript.)
    page.evaluate("document.querySelector('article').innerHTML = window.__pristine")
    assert page.evaluate("document.querySelectorAll('[data-verikb-ready]').length") == 0
    page.evaluate("window.document$.next(document)")
    _wait_ready(page)
    assert page.evaluate(counts) == before
    expect(page.locator(".verikb-playground select")).to_have_count(1)
    expect(page.locator(".verikb-curve canvas")).to_have_count(2)
    page.locator("#question-1-option-2 label").click()
    expect(page.locator("#question-1 .verikb-feedback")).to_contain_text("Correct!")
    _assert_clean(page)
    page.context.close()


def _exercise(page):
    page.locator("#card-1 .verikb-flip").click()
    page.locator("#question-1-option-1 label").click()
    page.locator("#question-2 .verikb-reveal").click()
    page.locator("#prompt-1 textarea").fill("Start high to learn fast, then lower it to avoid overshooting.")
    page.locator("#prompt-1 .verikb-check").click()
    page.locator("#prompt-1 .verikb-concept-box").nth(1).check()
    page.locator("#practice-1-option-4 label").click()
    for _ in range(2):
        page.locator("#practice-1 .verikb-next-step").click()
    playground = page.locator(".verikb-playground")
    playground.get_by_role("button", name="Run", exact=True).click()
    expect(playground.get_by_role("status")).to_contain_text("Computed", timeout=BOOT_MS)
    expect(playground.locator("canvas")).to_have_count(1)


def _short_targets(page):
    return page.evaluate(
        """() => [...document.querySelectorAll(`article :is(.verikb-btn, .verikb-option-label,
              .verikb-concept-label, section summary)`)]
          .filter((n) => n.getClientRects().length && n.getBoundingClientRect().height < 40)
          .map((n) => n.className + ' ' + n.textContent.trim().slice(0, 30))"""
    )


@pytest.mark.parametrize("viewport_name", ["desktop", "mobile"])
def test_screenshots_light_and_dark(browser, base_url, viewport_name):
    viewport = DESKTOP if viewport_name == "desktop" else MOBILE
    page = _open(browser, base_url, viewport=viewport)
    _exercise(page)
    for scheme, suffix in (("default", "light"), ("slate", "dark")):
        _set_scheme(page, scheme)
        page.wait_for_timeout(300)  # charts redraw; button transitions end
        page.screenshot(path=f"/tmp/widgets-{viewport_name}-{suffix}.png", full_page=True)
    if viewport_name == "mobile":
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
        assert _short_targets(page) == []
    _assert_clean(page)
    page.context.close()


# ---------------------------------------------------------------- learner bugs (issue 14), each failed before its fix


def _set_scheme(page, scheme):
    """What mkdocs-material's palette toggle does: data-md-color-scheme on <body>."""
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)


def _rgba(css):
    parts = [float(v) for v in re.findall(r"[\d.]+", css)]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def _over(top, bottom):
    """``top`` composited over the opaque ``bottom``."""
    alpha = top[3]
    return (*(t * alpha + b * (1 - alpha) for t, b in zip(top[:3], bottom[:3], strict=True)), 1.0)


def _contrast(fg, bg):
    """WCAG 2 contrast ratio of two opaque colours."""

    def luminance(rgb):
        lin = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _shown_contrast(page, button):
    """Contrast of a button's text on what is behind it (its background over the page's)."""
    styles = button.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
    page_bg = _rgba(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    bg = _over(_rgba(styles[1]), page_bg)
    return _contrast(_over(_rgba(styles[0]), bg), bg)


def test_flashcard_rating_buttons_keep_their_own_colours(page):
    page.locator("#card-1 .verikb-flip").click()
    background = "b => getComputedStyle(b).backgroundColor"
    flip = page.locator("#card-1 .verikb-flip").evaluate(background)
    good = page.locator("#card-1 .verikb-grade--good").evaluate(background)
    again = page.locator("#card-1 .verikb-grade--again").evaluate(background)
    assert (good, again) == ("rgb(23, 117, 58)", "rgb(163, 50, 31)")  # green and red, not the primary blue
    assert flip not in (good, again)
    expect(page.locator("#card-1 .verikb-grade--good .verikb-interval")).not_to_be_empty()
    for name in ("Again", "Hard", "Good", "Easy"):
        assert _shown_contrast(page, page.locator("#card-1").get_by_role("button", name=name)) >= 4.5


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_run_buttons_hovered_keep_4_5_to_1(page, scheme):
    _set_scheme(page, scheme)
    buttons = [
        page.locator(".verikb-runnable").get_by_role("button", name="Run", exact=True),
        page.locator(".verikb-runnable").get_by_role("button", name="Reset", exact=True),
        page.locator(".verikb-playground").get_by_role("button", name="Run", exact=True),
    ]
    for button in buttons:
        button.hover()
        page.wait_for_timeout(250)  # past the 0.15 s colour transition
        ratio = _shown_contrast(page, button)
        assert ratio >= 4.5, f"{button} hovered in {scheme}: {ratio:.2f}:1"


# Mean colour of the y axis' labels and ticks on the chart's canvas: dark in the light scheme, light in the dark.
AXIS_SHADE = """(figure) => {
  const canvas = figure.querySelector("canvas");
  if (!canvas) return null;
  const { data } = canvas.getContext("2d").getImageData(0, 0, 60, 180);
  let sum = 0, count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 60) { sum += (data[i] + data[i + 1] + data[i + 2]) / 3; count += 1; }
  }
  return count > 20 ? sum / count : null;
}"""


def _axis_shade(figure, *, above=None, below=None):
    """Waits until the axis' mean shade is above or below a level (a redraw is asynchronous); returns it."""
    figure.page.wait_for_function(
        f"([figure, above, below]) => {{ const s = ({AXIS_SHADE})(figure); "
        "return s !== null && (above === null || s > above) && (below === null || s < below); }",
        arg=[figure.element_handle(), above, below],
        timeout=5000,
    )
    return figure.evaluate(AXIS_SHADE)


def test_curves_follow_the_colour_scheme_without_a_reload(page):
    figures = page.locator("figure.verikb-curve")
    expect(figures.locator("canvas")).to_have_count(2)
    for i in range(2):
        _axis_shade(figures.nth(i), below=90)
    _set_scheme(page, "slate")
    for i in range(2):
        _axis_shade(figures.nth(i), above=170)
    legend = page.locator("#loss-curves .u-legend")
    assert _rgba(legend.evaluate("n => getComputedStyle(n).color"))[0] > 170
    _set_scheme(page, "default")
    _axis_shade(figures.first, below=90)


def test_loss_curves_several_series_on_a_log_axis(page):
    figure = page.locator("#loss-curves")
    expect(figure.locator("canvas")).to_have_count(1)
    labels = figure.locator(".u-legend .u-label").all_inner_texts()
    assert labels[-3:] == ["SGD", "Adam", "RMSprop " + PWN]  # shown as text
    chart = figure.locator(".verikb-curve-chart")
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute(
        "aria-label",
        "Loss after 100 steps, per learning rate: loss of 3 series (SGD, Adam, RMSprop " + PWN + ") over learning "
        "rate from 0.0001 to 1 (log scale); numbers in the table below",
    )
    assert page.evaluate("document.querySelectorAll('article img').length") == 0


def test_playground_switches_schedule_without_error_and_drops_the_old_chart(page):
    playground = page.locator(".verikb-playground")
    expect(playground.locator(".verikb-playground__fallback")).to_have_count(0)
    schedule = playground.get_by_label("Schedule", exact=True)
    run = playground.get_by_role("button", name="Run", exact=True)
    run.click()
    expect(playground.get_by_role("status")).to_contain_text("Computed 10 values", timeout=BOOT_MS)
    expect(playground.locator("canvas")).to_have_count(1)
    expect(playground.locator("tbody tr")).to_have_count(10)

    schedule.select_option("ExponentialLR")  # fires input, then change (the TypeError came from the input)
    expect(playground.get_by_label("gamma", exact=True)).to_have_value("0.8")
    expect(playground.locator("canvas")).to_have_count(0)
    expect(playground.locator(".verikb-playground__table-box")).to_be_hidden()
    expect(playground.get_by_role("status")).to_have_text("")
    expect(playground.locator("pre code")).to_contain_text(
        "torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.8)"
    )
    playground.get_by_label("gamma", exact=True).fill("0.5")
    expect(playground.locator("pre code")).to_contain_text("ExponentialLR(optimizer, gamma=0.5)")

    run.click()
    expect(playground.locator("canvas")).to_have_count(1)
    playground.get_by_label("gamma", exact=True).fill("")
    run.click()  # an error: the chart of other arguments must not stay under it
    expect(playground.get_by_role("alert")).to_have_text("gamma: a value is required")
    expect(playground.locator("canvas")).to_have_count(0)

    schedule.select_option("CosineDecay")
    expect(playground.get_by_role("alert")).to_have_text("")
    expect(playground.get_by_label("warmup_target", exact=True)).to_have_value("")
    expect(playground.locator("pre code")).to_contain_text("keras.optimizers.schedules.CosineDecay(")
    expect(playground.locator("pre code")).not_to_contain_text("warmup_target")


def test_playground_says_it_needs_javascript_when_it_is_off(browser, base_url):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + FIXTURE)
    expect(page.locator(".verikb-playground")).to_contain_text("needs JavaScript")
    expect(page.locator(".verikb-playground__fallback")).to_be_visible()
    context.close()


def test_an_edited_run_redraws_its_curve_and_reset_restores_it(page):
    figure = page.locator("figure.verikb-curve").first
    block = figure.locator(".verikb-runnable")
    chart = figure.locator(".verikb-curve-chart")
    expect(chart).to_have_attribute("aria-label", re.compile("from 0.1 to 0.00625 over 10 epochs"))
    code = 'from lrschedules import curve\n\nlrs = curve("StepLR", 6, lr=0.1, step_size=1, gamma=0.5)\nprint(lrs[-1])\n'
    block.get_by_role("textbox").fill(code)
    block.get_by_role("button", name="Run", exact=True).click()
    expect(block.locator("pre.verikb-runner__output")).to_have_text("0.003125", timeout=BOOT_MS)
    expect(chart).to_have_attribute("aria-label", re.compile("from 0.1 to 0.003125 over 6 epochs"))
    rows = figure.locator("table tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.last).to_have_text("50.003125")
    expect(figure.locator(".verikb-curve-note")).to_contain_text("redrawn from your run")
    expect(chart.locator("canvas")).to_have_count(1)

    block.get_by_role("textbox").fill("lrs = 'not a list'")
    block.get_by_role("button", name="Run", exact=True).click()
    expect(figure.locator(".verikb-curve-note")).to_contain_text("no list of numbers")
    expect(rows).to_have_count(6)

    block.get_by_role("button", name="Reset", exact=True).click()
    expect(rows).to_have_count(10)
    expect(chart).to_have_attribute("aria-label", re.compile("over 10 epochs"))
    expect(figure.locator(".verikb-curve-note")).to_have_text("")


def test_import_torch_says_what_runs_in_the_browser_and_links_the_snippet(page):
    block = page.locator(".verikb-runnable").first
    block.get_by_role("textbox").fill("import torch")
    block.get_by_role("button", name="Run", exact=True).click()
    output = block.locator("pre.verikb-runner__output")
    expect(output).to_contain_text("ModuleNotFoundError: No module named 'torch'", timeout=BOOT_MS)
    note = block.locator(".verikb-runner__framework")
    expect(note).to_contain_text("PyTorch cannot run in your browser")
    expect(note).to_contain_text("lrschedules")
    expect(note.get_by_role("link")).to_have_attribute("href", SNIPPET_URL)

    block.evaluate("b => { b.dataset.snippetUrl = 'javascript:window.__pwned=1'; }")
    block.get_by_role("button", name="Run", exact=True).click()
    expect(block.get_by_role("status")).to_contain_text("Error in")
    expect(note).to_contain_text("PyTorch cannot run in your browser")
    expect(note.get_by_role("link")).to_have_count(0)  # never a javascript: link

    block.get_by_role("textbox").fill("import json")
    block.get_by_role("button", name="Run", exact=True).click()
    expect(block.get_by_role("status")).to_contain_text("Done in")
    expect(note).to_have_count(0)
