"""A topic's multiple-choice questions as an IMS QTI 1.2 package, the version Canvas (Classic Quizzes)
imports as "QTI .zip file" and Moodle's QTI import reads: ``imsmanifest.xml`` plus one assessment.

Graded against the corrected key: where real code refutes the source's key, the key that holds is
the right answer; a question with no key left (none given, or none of its options holds) or with
fewer than two options cannot be graded, so it is left out (the topic page says how many were).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from verikb.model import Deck, Question
from verikb.render.archive import zip_bytes
from verikb.render.html import esc, inline_code, paragraphs
from verikb.render.verdicts import LETTERS, VerdictIndex
from verikb.verify.schema import AnswerKey

__all__ = ["QTI_NS", "qti_package", "quiz_items"]

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
_CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"


def quiz_items(deck: Deck, keys: Mapping[str, AnswerKey]) -> list[tuple[Question, AnswerKey]]:
    """The questions a QTI quiz can grade, with the key it grades against (``keys``: ``Verification.keys_of``)."""
    pairs = [(q, keys[q.id]) for q in deck.questions]
    return [(q, k) for q, k in pairs if len(q.options) >= 2 and k.index is not None and k.index < len(q.options)]


def option_text(question: Question, index: int) -> str:
    """``B. the option's text``: how an answer is named to a learner."""
    return f"{LETTERS[index]}. {question.options[index]}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    element.text = text
    return element


def _material(parent: ET.Element, html: str) -> None:
    """HTML content: ElementTree escapes it once more for XML, the LMS unescapes it back to this HTML."""
    _sub(_sub(parent, "material"), "mattext", html, texttype="text/html")


def _field(parent: ET.Element, label: str, entry: str) -> None:
    field = _sub(parent, "qtimetadatafield")
    _sub(field, "fieldlabel", label)
    _sub(field, "fieldentry", entry)


def _shows(deck: Deck, question: Question, index: VerdictIndex) -> str:
    """What real code shows where it contradicts the question's source (its claim, an option or its key), or ''."""
    wrong = next((r for r in index.of_item_and_options(deck.id, question.id) if r.verdict.contradicts_source), None)
    if wrong is None:
        return ""
    return f"<p>What real code shows: {inline_code(question.curated.explanation or wrong.truth or '')}</p>"


def _feedback(question: Question, key: AnswerKey, answer: int, shows: str) -> str:
    """Shown after answering: the corrected key's story and what real code shows, then the source's explanation."""
    parts = []
    if key.refuted and key.source is not None and key.source < len(question.options):
        parts.append(
            f"<p>The source says {esc(option_text(question, key.source))} — real code refutes it; "
            f"{esc(option_text(question, answer))} holds.</p>"
        )
    parts.append(shows)
    if question.explanation:
        label = "The source explains (its key is refuted): " if key.refuted else ""
        parts.append(paragraphs(label + question.explanation))
    return "".join(parts)


def _item(section: ET.Element, ident: str, question: Question, key: AnswerKey, shows: str) -> None:
    answer = key.index
    assert answer is not None  # quiz_items keeps only questions with a key
    item = _sub(section, "item", ident=ident, title=question.id)
    meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    options = [f"{ident}-option-{k + 1}" for k in range(len(question.options))]
    _field(meta, "question_type", "multiple_choice_question")
    _field(meta, "points_possible", "1")
    presentation = _sub(item, "presentation")
    _material(presentation, paragraphs(question.prompt))
    choice = _sub(_sub(presentation, "response_lid", ident="response1", rcardinality="Single"), "render_choice")
    for option, text in zip(options, question.options, strict=True):
        _material(_sub(choice, "response_label", ident=option), esc(text))
    processing = _sub(item, "resprocessing")
    _sub(_sub(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    feedback = _feedback(question, key, answer, shows)
    if feedback:
        always = _sub(processing, "respcondition", **{"continue": "Yes"})
        _sub(_sub(always, "conditionvar"), "other")
        _sub(always, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    right = _sub(processing, "respcondition", **{"continue": "No"})
    _sub(_sub(right, "conditionvar"), "varequal", options[answer], respident="response1")
    _sub(right, "setvar", "100", action="Set", varname="SCORE")
    if feedback:
        _material(_sub(_sub(item, "itemfeedback", ident="general_fb"), "flow_mat"), feedback)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def qti_package(deck: Deck, keys: Mapping[str, AnswerKey], index: VerdictIndex, *, name: str) -> bytes | None:
    """The zip (``name`` makes its identifiers), or None when no question of the deck can be graded;
    ``index`` gives the verdicts, for the feedback."""
    items = quiz_items(deck, keys)
    if not items:
        return None
    ident = f"verikb-{name}"
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    assessment = _sub(root, "assessment", ident=ident, title=deck.display_title)
    _field(_sub(assessment, "qtimetadata"), "cc_maxattempts", "1")
    section = _sub(assessment, "section", ident="root_section")
    for question, key in items:
        _item(section, f"{ident}-{question.id}", question, key, _shows(deck, question, index))
    manifest = ET.Element("manifest", identifier=f"{ident}-manifest", xmlns=_CP_NS)
    metadata = _sub(manifest, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    _sub(manifest, "organizations")
    resource = _sub(_sub(manifest, "resources"), "resource", identifier=ident, type="imsqti_xmlv1p2")
    _sub(resource, "file", href=f"{ident}/{ident}.xml")
    return zip_bytes({"imsmanifest.xml": _xml(manifest), f"{ident}/{ident}.xml": _xml(root)})
