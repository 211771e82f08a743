"""The accessibility statement (lagen 2018:1937, DIGG's model) and its form for
reporting a problem, e-mailed to the county's contact address."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.html import field_error

CAST = ["anonymous", "coordinator", "other_coordinator", "editor_a", "editor_b"]


@pytest.mark.parametrize("who", CAST)
def test_statement_is_shown_to_everyone(as_user, who):
    response = as_user(who).get(reverse("accessibility"))
    assert response.status_code == 200
    text = response.content.decode()
    for part in (
        "2018:1937",
        "EN 301 549",
        "WCAG 2.1",
        "delvis förenlig",
        "veraPDF",
        "Myndigheten för digital förvaltning",
        "https://www.digg.se/tdosanmalan",
        "Redogörelsen upprättades den 2 december 2026",
    ):
        assert part in text


def test_every_page_links_the_statement_and_the_privacy_page(client, db):
    html = client.get(reverse("pledges:list")).content.decode()
    assert f'href="{reverse("accessibility")}?sida=/lofte/"' in html
    assert f'href="{reverse("privacy")}"' in html


def test_a_report_goes_to_the_countys_contact(
    client, kronoberg, django_capture_on_commit_callbacks
):
    kronoberg.contact_email = "miljo.kronoberg@lansstyrelsen.se"
    kronoberg.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accessibility"),
            {
                "county": kronoberg.slug,
                "page": "/lan/kronobergs-lan/",
                "message": "Diagrammet går inte att läsa med skärmläsare.",
                "email": "Besokare@Example.org",
            },
        )
    assert response.status_code == 302
    assert response.url == reverse("accessibility_thanks")
    [message] = mail.outbox
    assert message.to == ["miljo.kronoberg@lansstyrelsen.se"]
    assert "Kronobergs län" in message.subject
    assert "Diagrammet går inte att läsa med skärmläsare." in message.body
    assert "/lan/kronobergs-lan/" in message.body
    thanks = client.get(response.url).content.decode()
    assert "Tack för att du hör av dig!" in thanks


def test_a_report_without_a_county_goes_to_the_operator(client, kronoberg, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "portalen@example.se"
    client.post(reverse("accessibility"), {"message": "Knappen syns inte."})
    [message] = mail.outbox
    assert message.to == ["portalen@example.se"]
    assert "(inte angiven, kan inte få svar)" in message.body


def test_a_county_without_an_address_falls_back_to_the_operator(client, kronoberg, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "portalen@example.se"
    client.post(reverse("accessibility"), {"county": kronoberg.slug, "message": "Fel."})
    assert mail.outbox[0].to == ["portalen@example.se"]


def test_the_message_is_required_and_the_error_is_swedish_beside_the_field(client, db):
    response = client.post(reverse("accessibility"), {"name": "Anna", "email": "inte en adress"})
    assert response.status_code == 200
    assert "Beskriv problemet." in field_error(response, "message")
    assert "Fyll i en giltig e-postadress." in field_error(response, "email")
    assert mail.outbox == []


def test_reports_from_one_client_are_throttled(client, db):
    first = client.post(reverse("accessibility"), {"message": "Ett."})
    second = client.post(reverse("accessibility"), {"message": "Två."})
    assert first.status_code == 302
    assert second.status_code == 429
    assert "Vänta en minut" in second.content.decode()
    assert len(mail.outbox) == 1
    other = client.post(reverse("accessibility"), {"message": "Tre."}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302
    assert len(mail.outbox) == 2


def test_the_footer_link_fills_in_the_page_and_county(client, kronoberg):
    response = client.get(
        reverse("accessibility"), {"sida": "/lan/kronobergs-lan/", "lan": "kronobergs-lan"}
    )
    form = response.context["form"]
    assert form["page"].value() == "/lan/kronobergs-lan/"
    assert form["county"].value() == "kronobergs-lan"


def test_statement_in_english(client, db):
    response = client.get("/en/tillganglighet/")
    assert response.status_code == 200
    assert "Accessibility of Environmental pledges" in response.content.decode()
