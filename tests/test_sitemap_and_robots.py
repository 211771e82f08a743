"""sitemap.xml lists the public pages (published pledges only, never a draft) with
their English alternates, at SITE_URL; robots.txt keeps crawlers out of the
workspace, the accounts, the admin and the signing and verification links."""

import pytest
from django.urls import reverse

from pledges.models import Pledge
from tests import factories


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://miljomalslofte.example.se"
    return settings.SITE_URL


def test_sitemap_lists_published_pledges_and_never_drafts(
    client, site_url, actor_a, actor_b, draft, django_assert_max_num_queries
):
    signed = factories.signed_pledge(actor=actor_a)
    in_review = factories.pledge_in_status(Pledge.Status.IN_REVIEW, actor=actor_b)
    with django_assert_max_num_queries(8):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert f"<loc>{site_url}/lofte/{signed.slug}/</loc>" in xml
    assert f'hreflang="en" href="{site_url}/en/lofte/{signed.slug}/"' in xml
    assert f"/lofte/{draft.slug}/" not in xml
    assert f"/lofte/{in_review.slug}/" not in xml
    # An actor is public through its published pledges alone.
    assert f"<loc>{site_url}/aktorer/{actor_a.slug}/</loc>" in xml
    assert f"/aktorer/{actor_b.slug}/" not in xml
    for path in ("/", "/lofte/", "/tillganglighet/", "/personuppgifter/", "/lan/kronobergs-lan/"):
        assert f"<loc>{site_url}{path}</loc>" in xml


def test_sitemap_queries_do_not_grow_with_the_pledges(
    client, site_url, kronoberg, django_assert_max_num_queries
):
    for _ in range(4):
        actor = factories.ActorFactory(county=kronoberg)
        factories.signed_pledge(actor=actor)
    with django_assert_max_num_queries(8):
        response = client.get("/sitemap.xml")
    assert response.content.decode().count("/lofte/") >= 5


def test_robots_txt(client, site_url):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    for path in ("/arbetsyta/", "/konto/", "/admin/", "/signera/", "/verifiera/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /en/arbetsyta/" in lines
    assert f"Sitemap: {site_url}{reverse('sitemap')}" in lines
