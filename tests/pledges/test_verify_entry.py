"""/verifiera/: type the code printed on a signed PDF and get to its verification page."""

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from pledges.models import Pledge, SignedVersion
from pledges.snapshot import pledge_snapshot
from tests import factories
from tests.helpers import CAST

S = Pledge.Status
UNKNOWN = "Det finns inget undertecknat miljömålslöfte med den koden."


def version_of(status, **kwargs) -> SignedVersion:
    pledge = factories.pledge_in_status(status, **kwargs)
    return SignedVersion.objects.create(pledge=pledge, content=pledge_snapshot(pledge))


@pytest.fixture
def version(actor_a):
    return version_of(S.SIGNED, actor=actor_a)


def entry(client, code, prefix=""):
    return client.get(prefix + reverse("pledges:verify_entry"), {"code": code})


def field_feedback(page: str) -> str:
    """The error shown with the code field (crispy's invalid-feedback beside the input)."""
    found = re.search(r'<input[^>]*name="code"[^>]*>.*?class="invalid-feedback"[^>]*>(.*?)</',
                      page, re.S)  # fmt: skip
    return strip_tags(found.group(1)).strip() if found else ""


def test_the_page_has_a_labelled_field_for_the_code(client, db):
    response = client.get("/verifiera/")
    assert response.status_code == 200
    page = response.content.decode()
    field = re.search(r'<input[^>]*name="code"[^>]*>', page).group(0)
    field_id = re.search(r'id="([^"]+)"', field).group(1)
    assert re.search(rf'<label\s+for="{field_id}"', page)
    assert 'method="get"' in page  # works without JavaScript: a plain form, its code in the URL
    assert field_feedback(page) == ""  # nothing asked yet, nothing to complain about


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda c: c, id="as printed"),
        pytest.param(lambda c: c.lower(), id="lower case"),
        pytest.param(lambda c: f"  {c[:4]} {c[4:8]} {c[8:]} ".lower(), id="spaces"),
        pytest.param(lambda c: f"{c[:5]}-{c[5:]}", id="hyphen"),
        pytest.param(lambda c: f"{c[:3]} – {c[3:6]}\u00a0{c[6:]}", id="dash and no-break space"),
    ],
)
def test_a_code_as_people_type_it_leads_to_its_verification_page(client, version, typed):
    response = entry(client, typed(version.code))
    assert response.status_code == 302
    assert response.url == version.get_absolute_url()
    assert client.get(response.url).status_code == 200


def test_the_english_site_stays_english(client, version):
    response = entry(client, version.code.lower(), prefix="/en")
    assert response.url == f"/en/verifiera/{version.code}/"


@pytest.mark.parametrize("status", [S.SIGNED, S.CONCLUDED])
@pytest.mark.parametrize("who", CAST)
def test_a_published_pledges_code_works_for_everyone(as_user, client, actor_a, status, who):
    version = version_of(status, actor=actor_a)
    as_user(who)
    assert entry(client, version.code).url == version.get_absolute_url()


def test_an_unknown_code_is_told_next_to_the_field_and_kept(client, version):
    typed = "abcd efgh 22"
    response = entry(client, typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert field_feedback(page).startswith(UNKNOWN)
    assert re.search(rf'<input[^>]*name="code"[^>]*value="{typed}"', page), "what was typed stays"
    assert re.search(r'<input[^>]*name="code"[^>]*aria-invalid="true"', page)
    assert "<title>Fel:" in page


def test_an_empty_code_is_asked_for(client, db):
    page = entry(client, "  ").content.decode()
    assert field_feedback(page) == "Skriv verifieringskoden som den står på PDF:en."


@pytest.mark.parametrize("who", CAST)
def test_a_withdrawn_pledges_code_is_as_unknown_as_a_made_up_one(as_user, client, actor_a, who):
    """Nothing tells that the code exists, not even to the people who worked on the pledge."""
    withdrawn = version_of(S.SIGNED, actor=actor_a)
    withdrawn.pledge.withdraw(by=None)
    assert withdrawn.pledge.status == S.WITHDRAWN
    as_user(who)

    def answer(code):
        response = entry(client, code)
        page = response.content.decode().replace(code, "KOD")
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        return response.status_code, page

    status, page = answer(withdrawn.code)
    assert status == 200 and field_feedback(page).startswith(UNKNOWN)
    assert (status, page) == answer("ZZZZZZZZZZ")


@pytest.mark.parametrize("path", ["/", "/lofte/", "/konto/logga-in/", "/en/"])
def test_every_page_links_the_entry_from_its_footer(client, db, path):
    page = client.get(path).content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    entry_url = ("/en" if path.startswith("/en/") else "") + "/verifiera/"
    assert f'href="{entry_url}"' in footer


def test_signed_in_pages_link_the_entry_from_their_footer(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("workspace")).content.decode()
    assert 'href="/verifiera/"' in page[page.index('<footer class="site-footer">') :]
