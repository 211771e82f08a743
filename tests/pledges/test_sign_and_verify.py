"""Signing in the portal, by link and on paper; the frozen version, its PDF and its
verification page."""

import hashlib

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pledges.models import ContentLocked, Party, Pledge, Signatory, SignedVersion
from pledges.signing import signatory_from_token, signing_token
from pledges.snapshot import pledge_snapshot
from tests import factories

S = Pledge.Status
PDF = b"%PDF-1.4\n% skannad sida\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def approved(actor_a):
    pledge = factories.pledge_in_status(S.APPROVED, actor=actor_a)
    for s in pledge.signatories.all():
        Signatory.objects.filter(pk=s.pk).update(email=f"{s.party}@example.org")
    return pledge


def signatory(pledge, party):
    return pledge.signatories.get(party=party)


def test_a_signatory_signs_in_the_portal(client, approved):
    person = factories.UserFactory(email="actor@example.org")
    client.force_login(person)
    s = signatory(approved, Party.ACTOR)
    response = client.post(reverse("pledges:sign", args=[approved.pk, s.pk]))
    # Not a member of the actor: the pledge is not in their workspace.
    assert response.status_code == 404
    factories.MembershipFactory(user=person, actor=approved.actor, role="signatory")
    response = client.post(reverse("pledges:sign", args=[approved.pk, s.pk]))
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.method, s.signed_by) == (Signatory.Method.PORTAL, person)
    assert approved.events.filter(kind="signature").count() == 1


OTHERS = [("coordinator", 403), ("editor_a", 403), ("editor_b", 404), ("other_coordinator", 404)]


@pytest.mark.parametrize(("who", "status"), OTHERS)
def test_nobody_signs_for_someone_else(client, request, approved, who, status):
    client.force_login(request.getfixturevalue(who))
    s = signatory(approved, Party.ACTOR)
    assert client.post(reverse("pledges:sign", args=[approved.pk, s.pk])).status_code == status
    s.refresh_from_db()
    assert not s.has_signed


def test_signing_links_are_e_mailed_and_sign_once(client, coordinator, approved):
    client.force_login(coordinator)
    response = client.post(reverse("pledges:send_signing_links", args=[approved.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["actor@example.org", "board@example.org"]
    s = signatory(approved, Party.ACTOR)
    # The link as mailed (the token carries the second it was made in: rebuilding it
    # here could differ by one).
    (body,) = [m.body for m in mail.outbox if m.to == ["actor@example.org"]]
    prefix = reverse("pledges:sign_link", args=["TOKEN"]).split("TOKEN")[0]
    url = prefix + body.split(prefix, 1)[1].split()[0]
    assert signatory_from_token(url.removeprefix(prefix).rstrip("/")) == s

    client.logout()
    page = client.get(url)
    assert page.status_code == 200
    assert "Jag undertecknar" in page.content.decode()
    s.refresh_from_db()
    assert not s.has_signed  # opening the link signs nothing
    client.post(url)
    s.refresh_from_db()
    assert s.method == Signatory.Method.LINK
    again = client.post(url)
    assert "Du undertecknade" in again.content.decode()
    assert approved.events.filter(kind="signature").count() == 1


def test_a_bad_or_outdated_link_signs_nothing(client, coordinator, approved):
    s = signatory(approved, Party.ACTOR)
    token = signing_token(s)
    assert client.get(reverse("pledges:sign_link", args=[token + "x"])).status_code == 410
    approved.return_to_draft(by=coordinator, note="En ändring till.")
    approved.submit_for_review(by=coordinator)
    approved.approve(by=coordinator)
    assert client.post(reverse("pledges:sign_link", args=[token])).status_code == 410
    s.refresh_from_db()
    assert not s.has_signed


@pytest.mark.parametrize(("who", "status"), [("editor_a", 403), ("other_coordinator", 404)])
def test_only_the_coordinator_records_paper_signatures_and_sends_links(
    client, request, approved, who, status
):
    client.force_login(request.getfixturevalue(who))
    s = signatory(approved, Party.ACTOR)
    url = reverse("pledges:wet_ink", args=[approved.pk, s.pk])
    assert client.get(url).status_code == status
    links = reverse("pledges:send_signing_links", args=[approved.pk])
    assert client.post(links).status_code == status
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("upload", "day", "message"),
    [
        (("anteckning.txt", b"hej"), "2024-01-10", "Skicka en PDF, PNG eller JPEG."),
        (("falsk.pdf", b"inte en pdf"), "2024-01-10", "Filen är inte en riktig PDF."),
        (("sida.pdf", PDF), "2999-01-01", "Datumet kan inte ligga i framtiden."),
    ],
)
def test_a_bad_paper_signature_is_refused_next_to_the_field(
    client, coordinator, approved, upload, day, message
):
    client.force_login(coordinator)
    s = signatory(approved, Party.ACTOR)
    response = client.post(
        reverse("pledges:wet_ink", args=[approved.pk, s.pk]),
        {"signed_on": day, "scan": SimpleUploadedFile(*upload)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    s.refresh_from_db()
    assert not s.has_signed


def test_the_last_signature_freezes_the_pledge_and_the_task_renders_its_pdf(
    client, coordinator, approved
):
    client.force_login(coordinator)
    for party in (Party.ACTOR, Party.BOARD):
        s = signatory(approved, party)
        response = client.post(
            reverse("pledges:wet_ink", args=[approved.pk, s.pk]),
            {"signed_on": "2024-03-15", "scan": SimpleUploadedFile("sida.pdf", PDF)},
        )
        assert response.status_code == 302
        if party == Party.ACTOR:
            assert not SignedVersion.objects.filter(pledge=approved).exists()

    approved.refresh_from_db()
    assert approved.status == S.SIGNED
    assert str(approved.signing_date) == "2024-03-15"
    version = approved.signed_version
    assert version.content == pledge_snapshot(approved)
    assert len(version.code) == 10
    data = version.pdf.read()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == version.sha256
    assert signatory(approved, Party.ACTOR).scan.name.endswith(".pdf")

    # Served on the public address, and checkable on the verification page.
    client.logout()
    pdf = client.get(reverse("pledges:pdf", args=[approved.slug]))
    assert b"".join(pdf.streaming_content) == data
    page = client.get(reverse("pledges:verify", args=[version.code.lower()]))
    assert version.sha256 in page.content.decode()
    same = client.post(
        version.get_absolute_url(), {"pdf": SimpleUploadedFile("x.pdf", data)}
    ).content.decode()
    assert "Filen är den registrerade" in same
    other = client.post(
        version.get_absolute_url(), {"pdf": SimpleUploadedFile("x.pdf", data + b" ")}
    ).content.decode()
    assert "Filen är INTE den registrerade" in other

    # Frozen for good.
    with pytest.raises(ContentLocked):
        version.save()
    with pytest.raises(ContentLocked):
        version.delete()
    with pytest.raises(ContentLocked):
        approved.measures.first().save()


def test_the_pdf_is_rendered_by_the_task_not_in_the_request(settings, approved, coordinator):
    from pledges.services import pledge_sign
    from pledges.tasks import render_signed_pdf

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for s in approved.signatories.all():
        pledge_sign(pledge=approved, signatory=s, user=coordinator, method="portal")
    version = SignedVersion.objects.get(pledge=approved)
    assert version.rendered_at is None and not version.pdf
    sha = render_signed_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    rendered_at = version.rendered_at
    assert sha == version.sha256 and rendered_at is not None
    # Never rendered again.
    assert render_signed_pdf.call(version_id=version.pk) == sha
    version.refresh_from_db()
    assert version.rendered_at == rendered_at


def test_unknown_codes_and_unpublished_pledges_are_404(client, approved):
    assert client.get(reverse("pledges:verify", args=["ABCDEFGHJK"])).status_code == 404
    assert client.get(reverse("pledges:pdf", args=[approved.slug])).status_code == 404


def test_a_withdrawn_pledges_code_is_not_verified(client, coordinator, approved):
    from pledges.services import pledge_sign

    for s in approved.signatories.all():
        pledge_sign(pledge=approved, signatory=s, user=coordinator, method="portal")
    approved.refresh_from_db()
    code = approved.signed_version.code
    approved.withdraw(by=coordinator, note="Avslutat i förtid.")
    assert client.get(reverse("pledges:verify", args=[code])).status_code == 404
