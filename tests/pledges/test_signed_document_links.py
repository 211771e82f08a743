"""The public page of a published pledge leads to its signed PDF and its verification page."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from pledges.models import Pledge, SignedVersion
from pledges.snapshot import pledge_snapshot
from pledges.tasks import render_signed_pdf
from pledges.text import file_size
from tests import factories

S = Pledge.Status


pytestmark = pytest.mark.usefixtures("media")


def published(status, *, rendered, **kwargs) -> SignedVersion:
    """A published pledge with its frozen version, its PDF rendered by the worker or not yet."""
    pledge = factories.pledge_in_status(status, **kwargs)
    version = SignedVersion.objects.create(pledge=pledge, content=pledge_snapshot(pledge))
    if rendered:
        render_signed_pdf.call(version_id=version.pk)
        version.refresh_from_db()
    return version


def page_of(client, version, prefix=""):
    response = client.get(prefix + version.pledge.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("status", [S.SIGNED, S.CONCLUDED])
def test_the_page_links_the_signed_pdf_with_its_size(client, actor_a, status):
    version = published(status, rendered=True, actor=actor_a)
    page = page_of(client, version)
    pdf_url = reverse("pledges:pdf", kwargs={"slug": version.pledge.slug})
    link = re.search(rf'<a href="{re.escape(pdf_url)}">(.*?)</a>', page, re.S)
    assert link, "the page links the PDF"

    downloaded = b"".join(client.get(pdf_url).streaming_content)
    kilobytes = round(len(downloaded) / 1024)
    assert 10 < kilobytes < 1000  # a real PDF, in the range the size is shown in kB
    assert strip_tags(link.group(1)) == f"Det undertecknade löftet (PDF, {kilobytes}\xa0kB)"


@pytest.mark.parametrize("status", [S.SIGNED, S.CONCLUDED])
def test_the_page_links_the_verification_page_with_the_code(client, actor_a, status):
    version = published(status, rendered=True, actor=actor_a)
    page = page_of(client, version)
    verify_url = reverse("pledges:verify", kwargs={"code": version.code})
    assert f'<a href="{verify_url}">' in page
    assert f"verifieringskod {version.code}" in strip_tags(page)
    assert client.get(verify_url).status_code == 200


def test_a_pdf_not_rendered_yet_is_announced_not_linked(client, actor_a):
    version = published(S.SIGNED, rendered=False, actor=actor_a)
    page = page_of(client, version)
    pdf_url = reverse("pledges:pdf", kwargs={"slug": version.pledge.slug})
    assert f'href="{pdf_url}"' not in page
    assert client.get(pdf_url).status_code == 404  # the dead link it would have been
    assert "Den undertecknade PDF:en skapas just nu" in page
    # The verification page works before the PDF exists.
    assert f'<a href="{version.get_absolute_url()}">' in page


def test_the_links_are_in_the_pages_language(client, actor_a):
    version = published(S.SIGNED, rendered=True, actor=actor_a)
    page = page_of(client, version, prefix="/en")
    files = re.search(r'<ul class="signed-files[^"]*" lang="en">(.*?)</ul>', page, re.S)
    assert files, "the links are marked as English inside the Swedish document"
    text = strip_tags(files.group(1))
    assert "The signed pledge (PDF, " in text
    assert f"verification code {version.code}" in text
    assert f'href="/en/verifiera/{version.code}/"' in files.group(1)


def test_a_pledge_being_prepared_has_no_links(client, coordinator, actor_a):
    """The preview of a draft is the same template: it has no signed PDF to offer."""
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    client.force_login(coordinator)
    page = client.get(reverse("pledges:preview", args=[pledge.pk])).content.decode()
    assert "signed-files" not in page


@pytest.mark.parametrize(
    ("size", "swedish", "english"),
    [
        (900, "1\xa0kB", "1\xa0kB"),
        (186_368, "182\xa0kB", "182\xa0kB"),
        (1_500_000, "1,4\xa0MB", "1.4\xa0MB"),
        (3 * 1024 * 1024, "3\xa0MB", "3\xa0MB"),
        (1_300 * 1024 * 1024, "1\xa0300\xa0MB", "1,300\xa0MB"),
    ],
)
def test_file_sizes_are_written_as_a_reader_writes_them(size, swedish, english):
    with translation.override("sv"):
        assert file_size(size) == swedish
    with translation.override("en"):
        assert file_size(size) == english
