"""Signing in the portal, by link and on paper, by the people the county confirmed;
the frozen version, its PDF and its verification page."""

import datetime
import hashlib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actors.models import Membership
from actors.services import invite_member
from pledges.exceptions import ContentLocked
from pledges.links import signatory_from_token, signing_token
from pledges.models import Party, Pledge, PledgeEvent, Signatory, SignedVersion
from pledges.services import pledge_sign
from pledges.snapshot import pledge_snapshot
from pledges.text import date_sv
from tests import factories, files

S = Pledge.Status
PDF = files.pdf_bytes()
CEO = "vd@aktor-a.example"
GOVERNOR = "landshovding@kronoberg.example"


pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def ceo(coordinator, actor_a):
    """Actor A's CEO, whom the county's coordinator invited as its signatory."""
    return invite_member(
        actor=actor_a, email=CEO, full_name="Vera Vd", role="signatory", invited_by=coordinator
    ).user


@pytest.fixture
def governor(coordinator, kronoberg):
    """Kronoberg's governor, whose address the coordinator keeps in the county's record."""
    person = factories.UserFactory(email=GOVERNOR, full_name="Greta Landshövding")
    kronoberg.set_governor(name="Greta Landshövding", title="Landshövding", email=GOVERNOR,
                           by=coordinator)  # fmt: skip
    return person


@pytest.fixture
def approved(actor_a, ceo, governor):
    """Approved, its signatories named with the confirmed addresses."""
    pledge = factories.pledge_in_status(S.APPROVED, actor=actor_a)
    Signatory.objects.filter(pledge=pledge, party=Party.ACTOR).update(email=CEO)
    Signatory.objects.filter(pledge=pledge, party=Party.BOARD).update(email=GOVERNOR.upper())
    return pledge


def signatory(pledge, party):
    return pledge.signatories.get(party=party)


def sign_url(pledge, party):
    return reverse("pledges:sign", args=[pledge.pk, signatory(pledge, party).pk])


def approve_with_signatory_typed_by(client, user, pledge, email):
    """`user` edits the actor's signatory in draft to carry `email`; then it is approved."""
    from tests.pledges.editor_pages import signatories_data

    client.force_login(user)
    response = client.post(
        reverse("pledges:signatories", args=[pledge.pk]), signatories_data(pledge, email=email)
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    pledge.submit_for_review(by=user)
    pledge.approve(by=None)
    return pledge


# Who may sign ----------------------------------------------------------------


def test_the_confirmed_signatory_signs_in_the_portal(client, coordinator, approved, ceo):
    client.force_login(ceo)
    response = client.post(sign_url(approved, Party.ACTOR))
    assert response.status_code == 302
    s = signatory(approved, Party.ACTOR)
    assert (s.method, s.signed_by, s.identified_as) == (Signatory.Method.PORTAL, ceo, CEO)
    assert s.address_confirmed_by == coordinator
    event = approved.events.get(kind=PledgeEvent.Kind.SIGNATURE)
    assert (event.signatory, event.method, event.by) == (s, Signatory.Method.PORTAL, ceo)
    assert (event.identified_as, event.address_confirmed_by) == (CEO, coordinator)


def test_an_editor_who_names_themselves_cannot_sign_for_the_actor(client, coordinator, actor_a):
    """The editor types their own address as the actor's signatory: nobody signs with it,
    in the portal or by link, and the coordinator's links do not go to it."""
    editor = factories.MembershipFactory(actor=actor_a, role="editor").user
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    approve_with_signatory_typed_by(client, editor, pledge, editor.email)
    assert signatory(pledge, Party.ACTOR).email == editor.email

    page = client.get(reverse("pledges:edit", args=[pledge.pk])).content.decode()
    assert "Jag undertecknar" not in page
    assert "Ingen kan underteckna för" in page and "firmatecknare" in page
    assert client.get(sign_url(pledge, Party.ACTOR)).status_code == 403
    assert client.post(sign_url(pledge, Party.ACTOR)).status_code == 403

    client.force_login(coordinator)
    client.post(reverse("pledges:send_signing_links", args=[pledge.pk]))
    assert [m.to for m in mail.outbox] == []
    with pytest.raises(ValueError):
        signing_token(signatory(pledge, Party.ACTOR))
    assert not signatory(pledge, Party.ACTOR).has_signed


def test_a_coordinator_who_names_themselves_cannot_sign_for_the_actor(client, coordinator, actor_a):
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    approve_with_signatory_typed_by(client, coordinator, pledge, coordinator.email)
    assert client.post(sign_url(pledge, Party.ACTOR)).status_code == 403
    with pytest.raises(Exception, match="Du kan inte underteckna"):
        pledge_sign(pledge=pledge, signatory=signatory(pledge, Party.ACTOR), user=coordinator,
                    method="portal")  # fmt: skip
    assert not signatory(pledge, Party.ACTOR).has_signed


def test_a_coordinator_cannot_make_themselves_the_actors_signatory(client, coordinator, approved):
    """Invited as the actor's signatory (refused), and with the actor's signatory's
    address typed in: still no."""
    with pytest.raises(ValidationError):
        invite_member(actor=approved.actor, email=coordinator.email, full_name="",
                      role="signatory", invited_by=coordinator)  # fmt: skip
    Membership.objects.create(user=coordinator, actor=approved.actor, role="signatory",
                              confirmed_by=coordinator)  # fmt: skip
    Signatory.objects.filter(pk=signatory(approved, Party.ACTOR).pk).update(email=coordinator.email)
    client.force_login(coordinator)
    assert client.post(sign_url(approved, Party.ACTOR)).status_code == 403
    assert not signatory(approved, Party.ACTOR).has_signed


def test_nobody_confirms_their_own_address(client, approved, editor_a):
    invite_member(actor=approved.actor, email=editor_a.email, full_name="", role="signatory",
                  invited_by=editor_a)  # fmt: skip
    Signatory.objects.filter(pk=signatory(approved, Party.ACTOR).pk).update(email=editor_a.email)
    client.force_login(editor_a)
    assert client.post(sign_url(approved, Party.ACTOR)).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 403),
        ("national_admin", 403),
        ("editor_a", 403),
        ("governor", 404),  # the board's signatory, not the actor's
        ("editor_b", 404),
        ("other_coordinator", 404),
    ],
)
def test_nobody_else_signs_for_the_actor(client, as_user, approved, who, status):
    as_user(who)
    url = sign_url(approved, Party.ACTOR)
    assert client.get(url).status_code == status
    assert client.post(url).status_code == status
    assert not signatory(approved, Party.ACTOR).has_signed
    assert not approved.events.filter(kind=PledgeEvent.Kind.SIGNATURE).exists()


def test_anonymous_is_sent_to_log_in_and_signs_nothing(client, approved):
    response = client.post(sign_url(approved, Party.ACTOR))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not signatory(approved, Party.ACTOR).has_signed


@pytest.mark.parametrize("who", ["ceo", "coordinator", "editor_a"])
def test_only_the_governor_signs_for_the_board(client, as_user, approved, who):
    as_user(who)
    assert client.post(sign_url(approved, Party.BOARD)).status_code == 403
    assert not signatory(approved, Party.BOARD).has_signed


def test_the_governor_with_the_confirmed_address_signs_the_boards_part(
    client, coordinator, approved, governor
):
    client.force_login(governor)
    # Not in the workspace (the governor is no member of it): the pledge waits there.
    workspace = client.get(reverse("workspace")).content.decode()
    assert sign_url(approved, Party.BOARD) in workspace
    page = client.get(sign_url(approved, Party.BOARD))
    assert page.status_code == 200
    assert "Jag undertecknar" in page.content.decode()
    assert approved.measures.filter(party=Party.ACTOR).first().text in page.content.decode()

    response = client.post(sign_url(approved, Party.BOARD))
    assert response.status_code == 302 and response.url == reverse("workspace")
    s = signatory(approved, Party.BOARD)
    assert (s.method, s.signed_by, s.identified_as) == ("portal", governor, GOVERNOR)
    assert s.address_confirmed_by == coordinator
    assert sign_url(approved, Party.BOARD) not in client.get(reverse("workspace")).content.decode()


def test_a_new_governor_address_stops_the_old_one_from_signing(client, coordinator, approved):
    old = factories.UserFactory(email="gammal@kronoberg.example")
    approved.county.set_governor(name="Ny", title="Landshövding", email="ny@kronoberg.example",
                                 by=coordinator)  # fmt: skip
    Signatory.objects.filter(pk=signatory(approved, Party.BOARD).pk).update(email=old.email)
    client.force_login(old)
    assert client.post(sign_url(approved, Party.BOARD)).status_code == 404


# Signing links ---------------------------------------------------------------


def link_in(message) -> str:
    prefix = reverse("pledges:sign_link", args=["TOKEN"]).split("TOKEN")[0]
    return prefix + message.body.split(prefix, 1)[1].split()[0]


def test_signing_links_go_to_confirmed_addresses_and_sign_once(client, coordinator, approved):
    client.force_login(coordinator)
    response = client.post(reverse("pledges:send_signing_links", args=[approved.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [GOVERNOR, CEO]
    s = signatory(approved, Party.ACTOR)
    (message,) = [m for m in mail.outbox if m.to == [CEO]]
    url = link_in(message)
    prefix = reverse("pledges:sign_link", args=["TOKEN"]).split("TOKEN")[0]
    assert signatory_from_token(url.removeprefix(prefix).rstrip("/")) == s

    client.logout()
    page = client.get(url)
    assert page.status_code == 200
    assert "Jag undertecknar" in page.content.decode()
    s.refresh_from_db()
    assert not s.has_signed  # opening the link signs nothing
    client.post(url)
    s.refresh_from_db()
    assert (s.method, s.signed_by, s.identified_as) == (Signatory.Method.LINK, None, CEO)
    assert s.address_confirmed_by == coordinator
    again = client.post(url)
    assert "Du undertecknade" in again.content.decode()
    assert approved.events.filter(kind="signature").count() == 1


def test_a_link_signs_for_its_signatory_whoever_is_signed_in(client, approved, editor_a):
    token = signing_token(signatory(approved, Party.ACTOR))
    client.force_login(editor_a)
    client.post(reverse("pledges:sign_link", args=[token]))
    s = signatory(approved, Party.ACTOR)
    assert (s.method, s.signed_by) == (Signatory.Method.LINK, None)


def test_unconfirmed_signatories_get_no_link_and_are_told_why(client, coordinator, approved):
    Membership.objects.filter(role="signatory").delete()
    client.force_login(coordinator)
    response = client.post(reverse("pledges:send_signing_links", args=[approved.pk]), follow=True)
    assert [m.to for m in mail.outbox] == [[GOVERNOR]]
    page = response.content.decode()
    assert (
        "Ingen länk till" in page and "bara till adresser som länsstyrelsen har bekräftat" in page
    )


@pytest.mark.parametrize("change", ["signatory_address", "membership", "governor_address"])
def test_a_link_stops_working_when_the_address_is_no_longer_the_confirmed_one(
    client, coordinator, approved, change
):
    party = Party.BOARD if change == "governor_address" else Party.ACTOR
    token = signing_token(signatory(approved, party))
    if change == "signatory_address":
        Signatory.objects.filter(pk=signatory(approved, party).pk).update(email="annan@example.org")
    elif change == "membership":
        Membership.objects.filter(role="signatory").delete()
    else:
        approved.county.set_governor(name="Ny", title="Landshövding",
                                     email="ny@kronoberg.example", by=coordinator)  # fmt: skip
    url = reverse("pledges:sign_link", args=[token])
    assert client.get(url).status_code == 410
    assert client.post(url).status_code == 410
    assert not signatory(approved, party).has_signed


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


# On paper --------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("editor_a", 403), ("other_coordinator", 404)])
def test_only_the_coordinator_records_paper_signatures_and_sends_links(
    client, as_user, approved, who, status
):
    as_user(who)
    s = signatory(approved, Party.ACTOR)
    url = reverse("pledges:wet_ink", args=[approved.pk, s.pk])
    assert client.get(url).status_code == status
    assert client.post(url, paper(timezone.localdate())).status_code == status
    links = reverse("pledges:send_signing_links", args=[approved.pk])
    assert client.post(links).status_code == status
    assert mail.outbox == []
    assert not signatory(approved, Party.ACTOR).has_signed


def paper(day, upload=("sida.pdf", PDF)):
    data = {"signed_on": day.isoformat() if hasattr(day, "isoformat") else day}
    if upload:
        data["scan"] = SimpleUploadedFile(*upload)
    return data


def record_paper(client, pledge, party, day, upload=("sida.pdf", PDF)):
    url = reverse("pledges:wet_ink", args=[pledge.pk, signatory(pledge, party).pk])
    return client.post(url, paper(day, upload))


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (("anteckning.txt", b"hej"), "Skicka en PDF, PNG eller JPEG."),
        (("falsk.pdf", b"inte en pdf"), "Filen är inte en riktig PDF."),
        # The right first bytes, nothing behind them: refused by the whole content.
        (("sida.pdf", b"%PDF-1.4\n% skannad sida\n"), "Filen är inte en riktig PDF."),
        (("sida.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40), "Filen är inte en riktig PNG."),
        (("sida.jpg", files.jpeg_bytes()[:-40]), "Filen är inte en riktig JPG."),
        (("sida.png", files.jpeg_bytes()), "Filen är inte en riktig PNG."),
        (None, "Bifoga den inskannade sidan med underskriften."),
    ],
)
def test_a_bad_scan_is_refused_next_to_the_field(client, coordinator, approved, upload, message):
    client.force_login(coordinator)
    response = record_paper(client, approved, Party.ACTOR, timezone.localdate(), upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not signatory(approved, Party.ACTOR).has_signed


@pytest.mark.parametrize("upload", [("sida.pdf", PDF), ("sida.png", files.png_bytes()),
                                    ("sida.jpeg", files.jpeg_bytes())])  # fmt: skip
def test_a_real_scan_is_kept_under_a_random_name(client, coordinator, approved, upload):
    client.force_login(coordinator)
    assert (
        record_paper(client, approved, Party.ACTOR, timezone.localdate(), upload).status_code == 302
    )
    s = signatory(approved, Party.ACTOR)
    assert s.method == Signatory.Method.WET_INK and s.signed_by == coordinator
    folder, name = s.scan.name.split("/")
    assert folder == "signatures" and "sida" not in name and len(name.split(".")[0]) >= 32
    assert name.endswith("." + upload[0].rsplit(".", 1)[1])
    assert s.scan.read() == upload[1]
    assert approved.events.get(kind="signature").scan.name == s.scan.name


def test_two_scans_never_share_a_name(client, coordinator, approved):
    client.force_login(coordinator)
    for party in (Party.ACTOR, Party.BOARD):
        record_paper(client, approved, party, timezone.localdate())
    names = {s.scan.name for s in approved.signatories.all()}
    assert len(names) == 2


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (datetime.date(1, 1, 1), "Datumet kan inte vara före"),
        (datetime.date(2001, 1, 1), "Datumet kan inte vara före"),
        ("tomorrow", "Datumet kan inte ligga i framtiden."),
    ],
)
def test_a_paper_signature_is_dated_between_the_approval_and_today(
    client, coordinator, approved, day, message
):
    if day == "tomorrow":
        day = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(coordinator)
    response = record_paper(client, approved, Party.ACTOR, day)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'value="{day.isoformat()}"' in page  # what was typed is still there
    # The scan need not be chosen again: it is kept, and the corrected date records it.
    assert "Den inskannade sidan ”sida.pdf” är sparad" in page
    kept = page.split('name="kept_scan" value="', 1)[1].split('"', 1)[0]
    url = reverse("pledges:wet_ink", args=[approved.pk, signatory(approved, Party.ACTOR).pk])
    today = timezone.localdate()
    assert client.post(url, {"signed_on": today.isoformat(), "kept_scan": kept}).status_code == 302
    s = signatory(approved, Party.ACTOR)
    assert s.has_signed and s.scan.read() == PDF
    assert timezone.localdate(s.signed_at) == today


def test_a_kept_scan_is_for_that_signatory_and_that_coordinator_only(
    client, coordinator, approved, kronoberg
):
    client.force_login(coordinator)
    page = record_paper(client, approved, Party.ACTOR, datetime.date(2001, 1, 1)).content.decode()
    kept = page.split('name="kept_scan" value="', 1)[1].split('"', 1)[0]
    board = reverse("pledges:wet_ink", args=[approved.pk, signatory(approved, Party.BOARD).pk])
    today = timezone.localdate().isoformat()
    response = client.post(board, {"signed_on": today, "kept_scan": kept})
    assert "Bifoga den inskannade sidan" in response.content.decode()
    client.force_login(factories.CountyRoleFactory(county=kronoberg).user)
    actor = reverse("pledges:wet_ink", args=[approved.pk, signatory(approved, Party.ACTOR).pk])
    response = client.post(actor, {"signed_on": today, "kept_scan": kept})
    assert "Bifoga den inskannade sidan" in response.content.decode()
    assert not approved.signatories.filter(signed_at__isnull=False).exists()


def test_the_signature_event_is_stamped_when_recorded_with_the_signed_day_on_it(
    client, coordinator, approved, ceo
):
    # Reviewed and approved ten days ago.
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    approved_on = timezone.localdate(ten_days_ago)
    Pledge.objects.filter(pk=approved.pk).update(
        submitted_at=ten_days_ago, approved_at=ten_days_ago
    )
    approved.events.update(at=ten_days_ago)
    client.force_login(ceo)
    client.post(sign_url(approved, Party.ACTOR))
    client.force_login(coordinator)
    before = timezone.now()
    # The board signed on paper the day the text was approved; it is recorded now.
    assert record_paper(client, approved, Party.BOARD, approved_on).status_code == 302
    event = approved.events.filter(kind="signature").latest("at")
    assert event.at >= before and event.signed_on == approved_on
    approved.refresh_from_db()
    # The history is in order: approved, signed in the portal, recorded, signed.
    kinds = [(e.kind, e.to_status) for e in approved.events.order_by("at", "pk")]
    assert kinds[-3:] == [("signature", ""), ("signature", ""), ("status", "signed")]
    ats = list(approved.events.order_by("pk").values_list("at", flat=True))
    assert ats == sorted(ats)
    # The date printed beside the place: the day the last party signed.
    assert approved.signing_date == timezone.localdate()
    assert approved.signed_version.content["pledge"]["signing_date"] == str(approved.signing_date)


def test_the_service_refuses_a_paper_signature_outside_the_signing_period(coordinator, approved):
    with pytest.raises(Exception, match="Datumet kan inte vara före"):
        pledge_sign(pledge=approved, signatory=signatory(approved, Party.ACTOR), user=coordinator,
                    method="wet_ink", signed_on=datetime.date(2001, 1, 1))  # fmt: skip
    with pytest.raises(Exception, match="miljömålssamordnare"):
        pledge_sign(pledge=approved, signatory=signatory(approved, Party.ACTOR), user=None,
                    method="wet_ink", signed_on=timezone.localdate())  # fmt: skip
    assert not approved.signatories.filter(signed_at__isnull=False).exists()


# The scans -------------------------------------------------------------------


@pytest.fixture
def scanned(client, coordinator, approved):
    client.force_login(coordinator)
    record_paper(client, approved, Party.ACTOR, timezone.localdate())
    client.logout()
    return approved.events.get(kind="signature")


def scan_url(event):
    return reverse("pledges:signature_scan", args=[event.pledge_id, event.pk])


@pytest.mark.parametrize("who", ["coordinator", "national_admin", "editor_a"])
def test_the_county_and_the_actors_editors_open_the_scan(client, as_user, scanned, who):
    as_user(who)
    response = client.get(scan_url(scanned))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("who", ["editor_b", "other_coordinator", "ceo", "governor"])
def test_everyone_else_gets_a_404_for_the_scan(client, as_user, scanned, who):
    as_user(who)
    assert client.get(scan_url(scanned)).status_code == 404


def test_anonymous_is_sent_to_log_in_for_the_scan(client, scanned):
    response = client.get(scan_url(scanned))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_editor_links_the_current_scan(client, coordinator, scanned):
    client.force_login(coordinator)
    page = client.get(reverse("pledges:edit", args=[scanned.pledge_id])).content.decode()
    assert scan_url(scanned) in page
    assert "Undertecknat på papper" in page


def test_a_return_to_draft_keeps_the_scan_as_history_not_as_the_current_signature(
    client, coordinator, scanned
):
    pledge = scanned.pledge
    pledge.refresh_from_db()
    pledge.return_to_draft(by=coordinator, note="Fel i texten.")
    s = signatory(pledge, Party.ACTOR)
    assert not s.has_signed and not s.scan and not s.identified_as
    client.force_login(coordinator)
    editor = client.get(reverse("pledges:edit", args=[pledge.pk])).content.decode()
    assert scan_url(scanned) not in editor
    history = client.get(reverse("pledges:history", args=[pledge.pk])).content.decode()
    assert scan_url(scanned) in history
    assert client.get(scan_url(scanned)).status_code == 200
    client.force_login(factories.MembershipFactory(actor=pledge.actor, role="signatory").user)
    assert (
        scan_url(scanned)
        not in client.get(reverse("pledges:history", args=[pledge.pk])).content.decode()
    )


# Freezing and verifying ------------------------------------------------------


def test_the_last_signature_freezes_the_pledge_and_the_task_renders_its_pdf(
    client, coordinator, approved
):
    client.force_login(coordinator)
    day = timezone.localdate()
    for party in (Party.ACTOR, Party.BOARD):
        assert record_paper(client, approved, party, day).status_code == 302
        if party == Party.ACTOR:
            assert not SignedVersion.objects.filter(pledge=approved).exists()

    approved.refresh_from_db()
    assert approved.status == S.SIGNED
    assert approved.signing_date == day
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
    # Streamed from the storage, never a redirect to it; a file gone from it is a 404.
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    default_storage.delete(version.pdf.name)
    assert client.get(reverse("pledges:pdf", args=[approved.slug])).status_code == 404
    default_storage.save(version.pdf.name, ContentFile(data))
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
    from pledges.tasks import render_signed_pdf

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    factories.sign_on_paper(approved, by=coordinator)
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
    factories.sign_on_paper(approved, by=coordinator)
    approved.refresh_from_db()
    code = approved.signed_version.code
    approved.withdraw(by=coordinator, note="Avslutat i förtid.")
    assert client.get(reverse("pledges:verify", args=[code])).status_code == 404


# The signing record, on the PDF and the verification page ---------------------


def test_the_pdf_and_the_verification_page_say_how_and_when_each_party_signed(
    client, coordinator, actor_a, ceo, governor
):
    """Rendered and read back: the actor's two signatories sign in the portal and by
    link, the board on paper."""
    from tests.pledges.pdf_text import body_text, normalise

    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    Signatory.objects.filter(pledge=pledge, party=Party.ACTOR).update(email=CEO)
    Signatory.objects.filter(pledge=pledge, party=Party.BOARD).update(email=GOVERNOR)
    factories.SignatoryFactory(pledge=pledge, party=Party.ACTOR, order=5, name="Lars Länk",
                               email="lank@aktor-a.example")  # fmt: skip
    invite_member(actor=actor_a, email="lank@aktor-a.example", full_name="Lars Länk",
                  role="signatory", invited_by=coordinator)  # fmt: skip
    pledge.submit_for_review(by=coordinator)
    pledge.approve(by=coordinator)
    in_portal = pledge.signatories.get(email=CEO)
    client.force_login(ceo)
    client.post(reverse("pledges:sign", args=[pledge.pk, in_portal.pk]))
    client.logout()
    by_link = pledge.signatories.get(name="Lars Länk")
    client.post(reverse("pledges:sign_link", args=[signing_token(by_link)]))
    client.force_login(coordinator)
    today = timezone.localdate()
    assert record_paper(client, pledge, Party.BOARD, today).status_code == 302

    pledge.refresh_from_db()
    version = pledge.signed_version
    text = body_text(version.pdf.read())
    day = date_sv(today)
    portal = f"Undertecknat i portalen {day}"
    link = f"Undertecknat via e-postlänk {day}"
    on_paper = f"Undertecknat på papper {day}, registrerat av {coordinator.full_name}"
    board = signatory(pledge, Party.BOARD)
    # Each under its own signature line: the name, title and organisation, then the record.
    assert normalise(f"{in_portal.name} Vd {actor_a.name} {portal}") in text
    assert normalise(f"Lars Länk Vd {actor_a.name} {link}") in text
    assert normalise(f"{board.name} {board.title} {board.organisation} {on_paper}") in text
    assert CEO not in text and coordinator.email not in text  # no address is printed
    assert normalise(f"{pledge.signing_place} den {day}") in text

    client.logout()
    page = client.get(version.get_absolute_url()).content.decode()
    for record in (portal, link, on_paper):
        assert record in page


def test_a_version_frozen_before_the_signing_record_still_renders(approved):
    """Content JSON written before "signed_on" and "recorded_by" existed."""
    from pledges import pdf
    from tests.pledges.pdf_text import body_text

    content = pledge_snapshot(approved)
    signed = timezone.make_aware(datetime.datetime(2017, 11, 21, 10))
    for entry in content["signatories"]:
        del entry["signed_on"], entry["recorded_by"]
        entry.update(signed_at=signed.isoformat(), method="wet_ink")
    content["version"] = 1
    text = body_text(pdf.render_snapshot_pdf(content, code="ABCDEFGHJK"))
    assert text.count("Undertecknat på papper 21 november 2017") == 2


# Queries -----------------------------------------------------------------------


def queries_for(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["editor", "sign"])
def test_the_signing_pages_cost_the_same_queries_however_many_signatories(
    client, coordinator, actor_a, ceo, governor, page
):
    def pledge_with(n):
        pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
        for i in range(n):
            email = f"vd{i}@aktor-a.example"
            factories.SignatoryFactory(pledge=pledge, party=Party.ACTOR, order=10 + i, email=email)
            invite_member(actor=actor_a, email=email, full_name=f"Vd {i}", role="signatory",
                          invited_by=coordinator)  # fmt: skip
        Signatory.objects.filter(pledge=pledge, party=Party.BOARD).update(email=GOVERNOR)
        pledge.submit_for_review(by=coordinator)
        pledge.approve(by=coordinator)
        for s in pledge.signatories.filter(party=Party.ACTOR)[: max(n - 1, 1)]:
            pledge_sign(pledge=pledge, signatory=s, user=coordinator, method="wet_ink",
                        signed_on=timezone.localdate())  # fmt: skip
        return pledge

    small, large = pledge_with(1), pledge_with(12)
    if page == "editor":
        client.force_login(coordinator)
        urls = [reverse("pledges:edit", args=[p.pk]) for p in (small, large)]
    else:
        client.force_login(governor)
        urls = [sign_url(p, Party.BOARD) for p in (small, large)]
    assert queries_for(client, urls[1]) == queries_for(client, urls[0])


def test_an_existing_account_invited_as_signatory_signs_only_once_its_owner_has_accepted(
    client, coordinator, actor_a, governor
):
    """The invitation is pending until the owner says yes; the yes makes the membership,
    confirmed by the coordinator who invited."""
    person = factories.UserFactory(email="vd@annan.example", full_name="Vera Vd")
    invited = invite_member(actor=actor_a, email=person.email, full_name="", role="signatory",
                            invited_by=coordinator)  # fmt: skip
    pledge = factories.pledge_in_status(S.APPROVED, actor=actor_a)
    Signatory.objects.filter(pledge=pledge, party=Party.ACTOR).update(email=person.email)
    client.force_login(person)

    assert client.post(sign_url(pledge, Party.ACTOR)).status_code == 404
    assert not signatory(pledge, Party.ACTOR).has_signed
    invited.invitation.accept()
    assert client.post(sign_url(pledge, Party.ACTOR)).status_code == 302

    s = signatory(pledge, Party.ACTOR)
    assert (s.signed_by, s.address_confirmed_by) == (person, coordinator)


def test_the_scan_is_never_stored_by_a_cache(client, coordinator, scanned):
    client.force_login(coordinator)
    response = client.get(scan_url(scanned))
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
