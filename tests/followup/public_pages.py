"""Reading the public pledge page as a visitor does: its text, and its follow-up part."""

from django.urls import reverse
from django.utils.html import strip_tags

FOLLOWUP_HEADING = "Uppföljning Länsstyrelsen följer upp"


def page_text(client, pledge) -> str:
    response = client.get(reverse("pledges:detail", kwargs={"slug": pledge.slug}))
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def followup_part(text: str) -> str:
    """The page's text from the follow-up heading on; empty if the page has none."""
    return text[text.index(FOLLOWUP_HEADING) :] if FOLLOWUP_HEADING in text else ""
