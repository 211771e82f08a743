"""The pages renewal, amendment and good examples change pass axe, in Swedish and
English, on a phone and a desktop: the front page with a good example (and its
picture), a pledge amended (what changed, both ways), the actor's timeline, and the
coordinator's confirmation and good-example form."""

import os

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from pledges.demo import REFERENCE_SLUG

from .a11y import assert_accessible
from .pages import log_in


def shoot(page, name):
    """With SCREENSHOTS=<folder> set, keep a picture of the page to look at."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def amended(demo_site, settings, tmp_path):
    """The reference pledge (concluded) renewed, a measure reworded and one added, signed; and
    a good example of it with a picture the actor agreed to."""
    from followup.models import GoodExample
    from pledges.demo import DEMO_USERS
    from pledges.models import Measure, Party, Pledge
    from pledges.services import create_successor
    from tests.files import png_bytes

    settings.MEDIA_ROOT = tmp_path
    old = Pledge.objects.get(slug=REFERENCE_SLUG)
    from django.contrib.auth import get_user_model

    coordinator = get_user_model().objects.get(email=DEMO_USERS["coordinator"].email)
    new = create_successor(pledge=old, change="renewal", user=coordinator)
    first = new.measures.filter(party=Party.ACTOR).order_by("order").first()
    first.text = (
        first.text.replace("restvärme", "spillvärme och restvärme", 1) + " Vi rapporterar varje år."
    )
    first.save()
    Measure.objects.create(
        pledge=new,
        party=Party.ACTOR,
        order=99,
        heading="Laddplatser",
        text="Vi bygger tio laddplatser.",
    )
    new.submit_for_review(by=coordinator)
    new.approve(by=coordinator)
    for s in new.signatories.all():
        s.record_signature(method="portal")
    new.mark_signed(by=coordinator)
    example = GoodExample(
        pledge=new,
        text="Restvärmen från fabriken värmer nu hela kvarteret.",
        picture_consent=True,
        picture_description="Fjärrvärmerör som läggs ner i en gata.",
        marked_by=coordinator,
    )
    example.picture.save("rör.png", ContentFile(png_bytes()), save=False)
    example.save()
    return old, new


def test_the_changed_public_pages_are_accessible(amended, page):
    old, new = amended
    actor = old.actor.get_absolute_url()
    paths = [
        ("/", "sv"),
        ("/en/", "en"),
        (old.get_absolute_url(), "sv"),
        (new.get_absolute_url(), "sv"),
        (f"/en{new.get_absolute_url()}", "en"),
        (actor, "sv"),
        (f"/en{actor}", "en"),
    ]
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        for path, lang in paths:
            assert page.goto(path).status == 200, path
            assert_accessible(page, lang=lang)
            name = path.strip("/").replace("/", "_") or "home"
            shoot(page, f"{name}-{size['width']}")
    page.goto("/")
    assert page.get_by_text("Restvärmen från fabriken").is_visible()
    # The picture loads lazily, after the page's load event: waited for, not raced.
    expect(page.get_by_role("img", name="Fjärrvärmerör som läggs ner i en gata.")).to_be_visible()
    page.goto(new.get_absolute_url())
    assert page.locator(".pledge-changes ins").count() > 0


def test_the_coordinators_pages_are_accessible(amended, page):
    from pledges.demo import DEMO_USERS

    old, new = amended
    log_in(page, DEMO_USERS["coordinator"].email)
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(f"/arbetsyta/lofte/{new.pk}/")
        assert page.get_by_role("heading", name="Goda exempel").is_visible()
        assert_accessible(page)
        page.goto(f"/arbetsyta/lofte/{new.pk}/andra/")
        assert_accessible(page)
        page.goto(f"/arbetsyta/lofte/{new.pk}/gott-exempel/")
        assert_accessible(page)
        shoot(page, f"form-{size['width']}")
        page.goto(f"/arbetsyta/lofte/{new.pk}/andra/")
        shoot(page, f"confirm-{size['width']}")
