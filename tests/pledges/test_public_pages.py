import pytest
from django.urls import reverse

from pledges import reference_pledge
from pledges.demo import REFERENCE_SLUG


@pytest.fixture
def reference_page(client, demo):
    response = client.get(reverse("pledges:detail", kwargs={"slug": REFERENCE_SLUG}))
    assert response.status_code == 200
    return response.content.decode()


def test_reference_pledge_page_shows_every_measure_as_the_document_has_it(reference_page):
    doc = reference_pledge.parse()
    assert len(doc.measures) == 5
    for measure in doc.measures:
        assert f">{measure.heading}</h3>" in reference_page
        assert measure.text in reference_page
        assert f">{measure.link_line}</p>" in reference_page
