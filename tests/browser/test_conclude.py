"""Concluding a signed pledge by hand, in Chromium, on a phone and on a desktop."""

import pytest
from playwright.sync_api import expect

from pledges.models import Pledge

from .a11y import assert_accessible
from .pages import log_in_as

SIGNED = "sjobyns-bygg-ab-fiktiv-2024"


@pytest.mark.parametrize("width", [390, 1280])
def test_a_coordinator_concludes_a_signed_pledge_with_a_comment(demo_site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as(page, "coordinator")
    pledge = Pledge.objects.get(slug=SIGNED)
    page.goto(f"/arbetsyta/lofte/{pledge.pk}/")
    comment = page.get_by_label("Varför avslutas löftet? (krävs)")
    expect(comment).to_be_visible()
    assert_accessible(page)

    # The comment is required: an empty one is not sent.
    page.get_by_role("button", name="Avsluta löftet").click()
    assert Pledge.objects.get(pk=pledge.pk).status == Pledge.Status.SIGNED

    comment.fill("Alla åtgärder är genomförda och uppföljningen är klar.")
    page.get_by_role("button", name="Avsluta löftet").click()
    expect(page.get_by_role("status")).to_contain_text("Löftet har nu status ”Avslutat”.")
    expect(page.locator(".pledge-status")).to_have_text("Avslutat")
    expect(page.get_by_role("button", name="Avsluta löftet")).to_have_count(0)
    assert Pledge.objects.get(pk=pledge.pk).status == Pledge.Status.CONCLUDED
    assert_accessible(page)
