"""A request body larger than its view takes is refused from its declared size, unread:
an anonymous 300 MB upload is not received first and refused after."""

import pytest
from django.test import Client
from django.urls import reverse

MB = 1024 * 1024


class Unread:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_declaring(client, url, size):
    return client.post(
        url,
        {},
        CONTENT_LENGTH=str(size),
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        **{"wsgi.input": Unread()},
    )


UPLOAD_VIEWS = [
    # (address, the largest body it takes in MB: its files and 2.5 MB of form)
    (lambda: reverse("pledges:verify", args=["ABCD2345"]), 23),
    (lambda: reverse("pledges:wet_ink", args=[1, 1]), 13),
    (lambda: reverse("pledges:programme_import", args=[1]), 5),
    (lambda: reverse("followup:report_edit", args=[1]), 53),
    (lambda: reverse("followup:report_via_link", args=[1]), 53),
]


@pytest.mark.parametrize(("url", "limit_mb"), UPLOAD_VIEWS)
def test_a_body_larger_than_the_view_takes_is_refused_unread(db, url, limit_mb):
    # A browser's CSRF check reads the body: the refusal comes before it.
    client = Client(enforce_csrf_checks=True)
    response = post_declaring(client, url(), 300 * MB)
    assert response.status_code == 413
    page = response.content.decode()
    assert "Filen är för stor" in page
    assert f"Det du skickade är 300 MB. Här tas högst {limit_mb} MB emot" in page


@pytest.mark.parametrize(("url", "limit_mb"), UPLOAD_VIEWS)
def test_a_body_one_byte_over_the_limit_is_refused(db, url, limit_mb):
    limit = {23: 20, 13: 10, 5: 2, 53: 50}[limit_mb] * MB + 2_621_440
    assert post_declaring(Client(), url(), limit + 1).status_code == 413


def test_a_form_without_files_takes_no_more_than_its_fields(db):
    response = post_declaring(Client(enforce_csrf_checks=True), reverse("login"), 3 * MB)
    assert response.status_code == 413


def test_a_body_within_the_limit_reaches_the_form(client, db):
    # The verification page of a code that does not exist: the view answers, not the limit.
    response = client.post(reverse("pledges:verify", args=["ABCD2345"]), {})
    assert response.status_code == 404


def test_the_refusal_is_in_english_on_the_english_site(db):
    response = post_declaring(
        Client(), "/en" + reverse("pledges:verify", args=["ABCD2345"]), 300 * MB
    )
    assert response.status_code == 413
    assert "You sent 300 MB. This page takes at most 23 MB" in response.content.decode()
