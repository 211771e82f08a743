"""The county's identity on its pages (name, logo, contact details in the footer), the
titles and descriptions search engines and shared links show, and the English site's
Swedish documents marked as Swedish."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests import factories
from tests.files import png_bytes
from tests.html import by_tag, field_error, page

CAST = ["anonymous", "coordinator", "other_coordinator", "editor_a", "editor_b"]


@pytest.fixture
def published(actor_a, kronoberg):
    kronoberg.contact_email = "kronoberg@lansstyrelsen.se"
    kronoberg.contact_phone = "010-223 70 00"
    kronoberg.contact_address = "351 86 Växjö"
    kronoberg.website = "https://www.lansstyrelsen.se/kronoberg"
    kronoberg.save()
    return factories.signed_pledge(actor=actor_a)


def _meta(response) -> dict:
    tags = by_tag(page(response), "meta")
    found = {}
    for tag in tags:
        attributes = dict(tag.attributes)
        key = attributes.get("name") or attributes.get("property")
        if key:
            found[key] = attributes.get("content")
    return found


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["accessibility", "privacy", "accessibility_thanks"])
def test_the_law_pages_render_for_everyone(as_user, who, name, published):
    response = as_user(who).get(reverse(name))
    assert response.status_code == 200
    assert _meta(response)["description"]


def test_privacy_page_says_what_is_published_and_whom_to_ask(client, published):
    text = client.get(reverse("privacy")).content.decode()
    assert "namn och titel" in text
    assert "artikel 6.1 e" in text
    assert "https://www.imy.se/" in text
    assert "mailto:kronoberg@lansstyrelsen.se" in text


def test_county_pages_carry_the_countys_name_and_contact_details(client, published, actor_a):
    for url in (
        reverse("actors:county", args=["kronobergs-lan"]),
        published.get_absolute_url(),
        actor_a.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert "Länsstyrelsen i Kronobergs län" in html
        assert 'href="mailto:kronoberg@lansstyrelsen.se"' in html
        assert 'href="tel:0102237000"' in html
        assert "351 86 Växjö" in html
        assert "lan=kronobergs-lan" in html  # the accessibility link names the county


def test_county_logo_in_the_header_where_uploaded(client, kronoberg, media):
    kronoberg.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    html = client.get(reverse("actors:county", args=["kronobergs-lan"])).content.decode()
    assert 'class="county-logo"' in html
    # The portal's own address, which streams it from the storage (never the bucket's).
    address = reverse("actors:county_logo", args=["kronobergs-lan"])
    assert kronoberg.logo.url == address
    assert f'src="{address}"' in html
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()


def test_each_board_keeps_its_own_logo_under_the_same_upload_name(kronoberg, kalmar, media):
    kronoberg.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    kalmar.logo.save("logo.png", ContentFile(b"\x89PNG kalmar"), save=True)
    assert kronoberg.logo.name != kalmar.logo.name
    assert kronoberg.logo.name.startswith("counties/")
    with kronoberg.logo.open("rb") as file:
        assert file.read() == png_bytes()


def test_no_logo_is_a_404(client, kronoberg, media):
    assert client.get(reverse("actors:county_logo", args=["kronobergs-lan"])).status_code == 404
    kronoberg.logo.name = "counties/gone.png"  # named, but not in the storage
    kronoberg.save()
    assert client.get(reverse("actors:county_logo", args=["kronobergs-lan"])).status_code == 404


def test_no_contact_block_when_the_county_has_none(client, kronoberg):
    html = client.get(reverse("actors:county", args=["kronobergs-lan"])).content.decode()
    assert "county-contact" not in html


@pytest.mark.parametrize(
    "url",
    ["/", "/lofte/", "/lan/kronobergs-lan/", "/tillganglighet/", "/personuppgifter/"],
)
def test_public_pages_have_a_description_and_open_graph(client, published, url, settings):
    settings.SITE_URL = "https://miljomalslofte.example.se"
    meta = _meta(client.get(url))
    assert len(meta["description"]) > 40
    assert meta["og:title"]
    assert meta["og:description"] == meta["description"]
    assert meta["og:url"] == f"https://miljomalslofte.example.se{url}"
    assert meta["og:locale"] == "sv_SE"


def test_pledge_and_actor_pages_describe_themselves(client, published, actor_a):
    meta = _meta(client.get(published.get_absolute_url()))
    assert meta["og:title"] == "Miljömålslöfte: Aktör A AB 2024–2027"
    assert "Aktör A AB och Länsstyrelsen i Kronobergs län" in meta["description"]
    meta = _meta(client.get(actor_a.get_absolute_url()))
    assert meta["og:title"] == "Aktör A AB"
    assert "Aktör A AB i Kronobergs län" in meta["description"]


def test_english_pages_mark_the_pledge_texts_as_swedish(client, published):
    response = client.get(f"/en{published.get_absolute_url()}")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert '<article class="pledge-document" lang="sv">' in html
    assert html.count("The pledges are documents in Swedish") == 1
    meta = _meta(response)
    assert meta["og:locale"] == "en_GB"
    assert "have made for 2024–2027" in meta["description"]


def test_the_swedish_site_does_not_say_the_documents_are_swedish(client, published):
    html = client.get(published.get_absolute_url()).content.decode()
    assert "documents-language-note" not in html


def test_coordinator_keeps_the_contact_details(client, coordinator, kronoberg):
    client.force_login(coordinator)
    url = reverse("actors:county_contact", args=[kronoberg.slug])
    response = client.post(
        url,
        {
            "contact_email": "Miljo@Lansstyrelsen.se",
            "contact_phone": "010-223 70 00",
            "contact_address": "351 86 Växjö",
            "website": "https://www.lansstyrelsen.se/kronoberg",
        },
    )
    assert response.status_code == 302
    kronoberg.refresh_from_db()
    assert kronoberg.contact_email == "miljo@lansstyrelsen.se"
    assert kronoberg.contact_phone == "010-223 70 00"


@pytest.mark.parametrize("who", ["anonymous", "other_coordinator", "editor_a", "editor_b"])
def test_only_the_countys_coordinator_keeps_its_contact_details(as_user, who, kronoberg):
    response = as_user(who).post(
        reverse("actors:county_contact", args=[kronoberg.slug]), {"contact_email": "x@example.se"}
    )
    assert response.status_code in (302, 403, 404)
    if who == "anonymous":
        assert "/konto/logga-in/" in response.url
    kronoberg.refresh_from_db()
    assert kronoberg.contact_email == ""


def test_coordinator_finds_the_contact_form_beside_the_governor(client, coordinator, kronoberg):
    client.force_login(coordinator)
    url = reverse("actors:county_contact", args=[kronoberg.slug])
    assert f'href="{url}"' in client.get(reverse("actors:governors")).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert "Kontaktuppgifter för Kronobergs län" in response.content.decode()


def test_contact_form_refuses_a_bad_address_in_swedish(client, coordinator, kronoberg):
    client.force_login(coordinator)
    response = client.post(
        reverse("actors:county_contact", args=[kronoberg.slug]), {"contact_email": "nej"}
    )
    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress." in field_error(response, "contact_email")
