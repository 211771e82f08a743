"""The API's documentation page (`api:root`): served by the portal from its own OpenAPI
document, in the visitor's language, with nothing inline for the CSP to refuse."""

import re

from django.urls import reverse


def test_addresses():
    assert reverse("api:root") == "/api/"
    assert reverse("api:schema") == "/api/schema/"


def test_lists_every_operation_with_its_parameters(client, db):
    response = client.get("/api/")
    assert response.status_code == 200
    html = response.content.decode()
    for address in ["/api/counties/", "/api/pledges/{slug}/", "/api/followup/"]:
        assert f"GET {address}" in html
    assert 'href="/api/pledges/"' in html  # a list can be opened
    assert "<code>programme_measure</code>" in html
    assert 'href="/api/schema/?format=json"' in html


def test_nothing_inline_and_nothing_from_elsewhere(client, db):
    html = client.get("/api/").content.decode()
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "unsafe-inline" not in client.get("/api/")["Content-Security-Policy"]


def lang_and_h1(response):
    html = response.content.decode()
    lang = re.search(r'<html lang="(\w+)">', html).group(1)
    return lang, re.search(r"<h1>(.*?)</h1>", html).group(1)


def test_swedish_by_default_english_when_asked(client, db):
    assert lang_and_h1(client.get("/api/")) == ("sv", "Öppna data: API")
    english = client.get("/api/", headers={"accept-language": "en"})
    assert lang_and_h1(english) == ("en", "Open data: API")
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]
    # The header's language button sets the cookie; the page follows it.
    client.post("/i18n/setlang/", {"language": "en", "next": "/api/"})
    assert lang_and_h1(client.get("/api/"))[0] == "en"
