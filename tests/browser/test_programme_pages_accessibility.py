"""The pages of what pledges serve (a theme and a measure of the county's programme, an
objective, a global goal) pass axe on a phone and a desktop, in Swedish and English;
the reference pledge's link line leads to its programme measure's page."""

import pytest
from django.urls import reverse

from pledges.demo import REFERENCE_SLUG

from .a11y import assert_accessible


def served_pages():
    """The demo's programme measure the reference pledge serves first, its theme, and the
    objective and goal that measure serves (or the first ones)."""
    from pledges.models import MeasureLink

    link = (
        MeasureLink.objects.filter(measure__pledge__slug=REFERENCE_SLUG)
        .select_related("programme_measure__theme__programme__county")
        .order_by("measure__order", "order")
        .first()
    )
    pm = link.programme_measure
    county = pm.theme.programme.county
    objective = pm.objectives.order_by("number").first()
    goal = pm.global_goals.order_by("number").first()
    return [
        reverse("pledges:theme", args=[county.slug, pm.theme_id]),
        reverse("pledges:programme_measure", args=[county.slug, pm.pk]),
        reverse("pledges:objective", args=[objective.number if objective else 1]),
        reverse("pledges:goal", args=[goal.number if goal else 7]),
    ]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_pages_of_what_pledges_serve_are_accessible(demo_site, page, lang):
    prefix = "/en" if lang == "en" else ""
    for path in served_pages():
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(prefix + path)
            assert response.status == 200, path
            assert_accessible(page, lang=lang)


def test_the_link_line_leads_to_the_programme_measure(demo_site, page):
    page.goto(f"/lofte/{REFERENCE_SLUG}/")
    page.locator(".measure-links a").first.click()
    page.wait_for_load_state()
    assert "/atgard/" in page.url
    assert page.get_by_role("heading", name="Löften som bidrar").count() == 1
