"""The English site: the portal's words in English, the signed Swedish document as it is.

A pledge's document is Swedish on both sites (marked lang="sv"); what the portal
says about it (its status, its follow-up) is in the page's language, and English
never gets a Swedish genitive ("Measures of Bygg AB:s").
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from followup.models import MeasureReport
from pledges.demo import REFERENCE_SLUG
from pledges.models import Pledge
from tests import factories


def english(label) -> str:
    with translation.override("en"):
        return str(label)


def swedish(label) -> str:
    with translation.override("sv"):
        return str(label)


def outside_swedish_parts(page: str) -> str:
    """The page's text without the elements marked as Swedish (the document)."""
    return strip_tags(re.sub(r'<article class="pledge-document" lang="sv">.*?</article>', "",
                             page, flags=re.S))  # fmt: skip


@pytest.fixture
def english_reference_page(client, shared_demo):
    response = client.get(f"/en/lofte/{REFERENCE_SLUG}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_pledges_status_is_in_english(english_reference_page):
    pledge = Pledge.objects.get(slug=REFERENCE_SLUG)
    label = Pledge.Status(pledge.status).label
    assert english(label) != swedish(label)
    shown = re.search(r'<span class="pledge-status" lang="en">(.*?)</span>', english_reference_page)
    assert shown, "the status is marked as English inside the Swedish document"
    assert shown.group(1) == english(label)


def test_the_follow_up_statuses_are_in_english(english_reference_page):
    statuses = re.findall(r'class="followup-status [^"]*">(.*?)</span>', english_reference_page)
    assert len(statuses) >= 5, "the reference pledge's accepted follow-up is shown"
    english_labels = {english(label) for label in MeasureReport.Status.labels}
    assert set(statuses) <= english_labels
    text = outside_swedish_parts(english_reference_page)
    for label in [*MeasureReport.Status.labels, *MeasureReport.Verification.labels]:
        assert english(label) != swedish(label)
        assert not re.search(rf"(?<!\w){re.escape(swedish(label))}(?!\w)", text), swedish(label)
    for label in MeasureReport.Verification.labels:
        if f"[{english(label)}]" in text:
            break
    else:
        pytest.fail("no verification level in English")


def test_no_swedish_genitive_outside_the_swedish_document(english_reference_page):
    actor = Pledge.objects.get(slug=REFERENCE_SLUG).actor
    assert actor.genitive_name != actor.name
    assert actor.genitive_name not in outside_swedish_parts(english_reference_page)
    # The document itself keeps its Swedish heading, marked as Swedish.
    document = re.search(r'<article class="pledge-document" lang="sv">.*?</article>',
                         english_reference_page, re.S).group(0)  # fmt: skip
    assert f"{actor.genitive_name} åtgärder" in document


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [("", "Ljungby Trähus AB:s åtgärder"), ("/en", "Measures of Ljungby Trähus AB")],
)
def test_the_editors_heading_of_the_actors_measures(
    client, coordinator, kronoberg, prefix, heading
):
    actor = factories.ActorFactory(county=kronoberg, name="Ljungby Trähus AB")
    pledge = factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor)
    client.force_login(coordinator)
    page = client.get(prefix + reverse("pledges:edit", args=[pledge.pk])).content.decode()
    assert f'<h2 id="actor-measures" class="h4">{heading}</h2>' in page
