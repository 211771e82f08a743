"""The public pledge page reproduces the signed reference document (pledges/data/)."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape, strip_tags

from pledges import reference_pledge
from pledges.demo import REFERENCE_SLUG
from pledges.models import Pledge
from pledges.text import MONTHS_SV


@pytest.fixture
def doc():
    return reference_pledge.parse()


@pytest.fixture
def reference_page(client, shared_demo):
    response = client.get(reverse("pledges:detail", kwargs={"slug": REFERENCE_SLUG}))
    assert response.status_code == 200
    return response.content.decode()


def paragraphs_of(text: str) -> list[str]:
    return [escape(p) for p in text.split("\n\n")]


def test_the_reference_document_parses_into_every_section(doc):
    # Guards the comparisons below against an empty parse that would pass them trivially.
    assert len(doc.measures) == 5
    assert len(doc.commitments) == 5
    assert len(doc.signatories) == 2
    assert all(m.heading and m.text and m.link_line for m in doc.measures)
    assert doc.intro and doc.actor_description and doc.board_description and doc.explanation
    month = MONTHS_SV[doc.date.month - 1]
    assert doc.place_and_date == f"{doc.place} den {doc.date.day} {month} {doc.date.year}"


def test_reference_pledge_page_shows_every_measure_as_the_document_has_it(reference_page, doc):
    for measure in doc.measures:
        assert f">{escape(measure.heading)}</h3>" in reference_page
        for paragraph in paragraphs_of(measure.text):
            assert f"<p>{paragraph}</p>" in reference_page
        # Its programme measures' numbers are links (tests/pledges/test_programme_pages.py).
        assert f">{escape(measure.link_line)}</p>" in re.sub(r"</?a\b[^>]*>", "", reference_page)


def test_reference_pledge_page_shows_the_boards_five_commitments(reference_page, doc):
    commitments = re.search(
        r'<ul class="board-commitments">(.*?)</ul>', reference_page, re.S
    ).group(1)
    items = [strip_tags(li).strip() for li in re.findall(r"<li>(.*?)</li>", commitments, re.S)]
    assert items == [escape(c) for c in doc.commitments]


def test_reference_pledge_page_shows_both_signatories_place_date_and_closing(reference_page, doc):
    pledge = Pledge.objects.get(slug=REFERENCE_SLUG)
    assert pledge.end_year == doc.end_year
    assert f"<p>{escape(doc.closing_declaration)}</p>" in reference_page
    assert f"år {doc.end_year}" in doc.closing_declaration
    assert f">{escape(doc.place_and_date)}</p>" in reference_page

    blocks = re.findall(r'<li class="[^"]*\bsignatory\b[^"]*">(.*?)</li>', reference_page, re.S)
    shown = [[line.strip() for line in strip_tags(b).splitlines() if line.strip()] for b in blocks]
    expected = [[escape(s.name), escape(s.title), escape(s.organisation)] for s in doc.signatories]
    assert shown == expected


def test_reference_pledge_page_keeps_the_documents_order(reference_page, doc):
    def first_paragraph(text):
        return f"<p>{paragraphs_of(text)[0]}</p>"

    sections = [
        ("intro", first_paragraph(doc.intro)),
        ("actor description", first_paragraph(doc.actor_description)),
        *[(f"measure {m.heading}", f">{escape(m.heading)}</h3>") for m in doc.measures],
        ("board description", first_paragraph(doc.board_description)),
        *[(f"commitment {i}", f"<li>{escape(c)}</li>") for i, c in enumerate(doc.commitments)],
        ("closing declaration", f"<p>{escape(doc.closing_declaration)}</p>"),
        ("place and date", f">{escape(doc.place_and_date)}</p>"),
        *[(f"signatory {s.name}", f">{escape(s.name)}</span>") for s in doc.signatories],
        ("explanation", first_paragraph(doc.explanation)),
    ]
    # The document itself; its follow-up comes after it and repeats the headings.
    document = reference_page[reference_page.index("<article") : reference_page.index("</article>")]
    positions = []
    for name, needle in sections:
        assert document.count(needle) == 1, name
        positions.append((document.index(needle), name))
    assert [name for _, name in sorted(positions)] == [name for name, _ in sections]


def test_reference_pledge_page_shows_every_paragraph_of_the_boards_texts(reference_page, doc):
    for text in (doc.intro, doc.actor_description, doc.board_description, doc.explanation):
        for paragraph in paragraphs_of(text):
            assert f"<p>{paragraph}</p>" in reference_page


def test_a_signed_pledges_page_shows_the_text_that_was_signed(client, coordinator, actor_a):
    """Renaming the actor, rewording the county's texts or renumbering a linked
    programme measure afterwards changes nothing on the signed pledge's page."""
    from pledges.models import MeasureLink, Party
    from tests import factories

    pledge = factories.PledgeFactory(actor=actor_a, introduction="Vi är ett energikontor.")
    measure = factories.MeasureFactory(pledge=pledge, party=Party.ACTOR, heading="Solceller")
    factories.MeasureFactory(pledge=pledge, party=Party.BOARD, heading="", text="Stödja.")
    programme_measure = factories.ProgrammeMeasureFactory(number="36", title="Solenergi")
    MeasureLink.objects.create(measure=measure, programme_measure=programme_measure)
    factories.SignatoryFactory(pledge=pledge, party=Party.ACTOR, name="Anna Andersson")
    factories.SignatoryFactory(pledge=pledge, party=Party.BOARD, name="Bo Bengtsson")
    pledge.submit_for_review(by=coordinator)
    pledge.approve(by=coordinator)
    factories.sign_on_paper(pledge, by=coordinator)
    url = reverse("pledges:detail", kwargs={"slug": pledge.slug})
    before = strip_tags(client.get(url).content.decode())
    assert "Aktör A AB" in before and "Koppling till åtgärd 36" in before

    type(actor_a).objects.filter(pk=actor_a.pk).update(name="Nytt Namn AB")
    type(programme_measure).objects.filter(pk=programme_measure.pk).update(number="99")
    type(actor_a.county).objects.filter(pk=actor_a.county.pk).update(
        board_description="Helt ny beskrivning av länsstyrelsen."
    )
    after = strip_tags(client.get(url).content.decode())
    assert "Aktör A AB" in after and "Koppling till åtgärd 36" in after
    assert "Nytt Namn" not in after and "åtgärd 99" not in after
    assert "Helt ny beskrivning" not in after
    assert "Anna Andersson" in after and "Bo Bengtsson" in after
    pledge.refresh_from_db()
    verify = client.get(pledge.signed_version.get_absolute_url()).content.decode()
    assert "Aktör A AB" in verify and "Nytt Namn" not in verify


def test_a_drafts_preview_shows_the_pledge_as_it_stands(client, coordinator, actor_a):
    from tests import factories

    pledge = factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_a)
    client.force_login(coordinator)
    type(actor_a).objects.filter(pk=actor_a.pk).update(name="Nytt Namn AB")
    page = client.get(reverse("pledges:preview", args=[pledge.pk])).content.decode()
    assert "Nytt Namn AB" in page


def test_the_explanations_heading_reads_as_the_documents_back_page(reference_page, doc):
    lines = [line.strip() for line in reference_pledge.PATH.read_text("utf-8").splitlines()]
    lines = [line for line in lines if line]
    explanation_starts = lines.index(doc.explanation.split("\n")[0])
    back_heading = lines[explanation_starts - 1]
    assert back_heading.isupper()  # the document's headings are set in capitals
    tag, heading = re.search(r'(<h2 id="about-heading"[^>]*>)(.*?)</h2>', reference_page).groups()
    # Written as a word, set in capitals by the stylesheet as every section heading.
    assert heading == back_heading.capitalize()
    assert 'class="section-heading"' in tag
