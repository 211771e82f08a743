"""One-time links: opened with a button, used once, expiring, for one report only; the link,
and the right it granted, end when its address stops belonging to one of the actor's
representatives (left the organisation, became a signatory only, account deactivated)."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actors.models import Membership
from followup.access import SESSION_KEY
from followup.models import MeasureReport, Report, ReportEvent, ReportLink
from pledges.models import Party

from .report_pages import form_data


@pytest.fixture
def link(report, editor_a):
    return ReportLink.objects.issue(report, editor_a.email)


def link_url(token):
    return reverse("followup:report_link", kwargs={"token": token})


def test_only_the_tokens_hash_is_stored(link):
    row, token = link
    assert token not in str(ReportLink.objects.filter(pk=row.pk).values().get())
    assert len(row.token_hash) == 64
    assert row.expires_at - row.created_at == datetime.timedelta(days=30)


def test_the_lifetime_is_a_setting(report, editor_a, settings):
    settings.FOLLOWUP_LINK_DAYS = 7
    row, _ = ReportLink.objects.issue(report, editor_a.email)
    assert row.expires_at - row.created_at == datetime.timedelta(days=7)


def test_opening_the_link_spends_nothing_and_the_button_opens_the_report(client, link, report):
    row, token = link
    shown = client.get(link_url(token))
    assert shown.status_code == 200
    assert "Öppna rapporten" in shown.content.decode()
    assert ReportLink.objects.get(pk=row.pk).used_at is None  # a mail scanner's GET

    opened = client.post(link_url(token))
    assert opened["Location"] == reverse("followup:report_via_link", args=[report.pk])
    assert ReportLink.objects.get(pk=row.pk).used_at is not None
    assert client.session["followup_reports"] == {str(report.pk): row.email}

    form = client.get(opened["Location"])
    assert form.status_code == 200
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    saved = client.post(
        opened["Location"], form_data(form, action="submit", **{f"m{mr.pk}-status": "done"})
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.submitted_by is None
    events = ReportEvent.objects.filter(report=report)
    assert all(e.by is None and row.email in e.note for e in events)
    assert (
        MeasureReport.objects.get(pk=mr.pk)
        .history.first()
        .history_change_reason.endswith(row.email)
    )
    # Submitted: read-only now, through the link too.
    assert "Spara utkast" not in client.get(opened["Location"]).content.decode()


def test_a_link_used_twice_offers_a_new_one(link, report, editor_a):
    row, token = link
    first, second = Client(), Client()
    assert first.post(link_url(token)).status_code == 302
    used = second.post(link_url(token))
    assert used.status_code == 410
    assert "Länken är redan använd" in used.content.decode()
    assert second.get(reverse("followup:report_via_link", args=[report.pk])).status_code == 404
    # The same browser may come back through it.
    assert first.get(link_url(token)).status_code == 302

    mail.outbox.clear()
    sent = second.post(reverse("followup:link_renew", kwargs={"token": token}))
    assert sent.status_code == 200
    assert [m.to for m in mail.outbox] == [[editor_a.email]]
    assert ReportLink.objects.filter(report=report).count() == 2
    # Asking again at once sends nothing more.
    second.post(reverse("followup:link_renew", kwargs={"token": token}))
    assert len(mail.outbox) == 1


def test_two_uses_at_once_cannot_both_succeed(link):
    row, _ = link
    stale = ReportLink.objects.get(pk=row.pk)
    assert row.use() is True
    assert stale.use() is False


def test_an_expired_link_offers_a_new_one(client, link):
    row, token = link
    ReportLink.objects.filter(pk=row.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    for method in (client.get, client.post):
        response = method(link_url(token))
        assert response.status_code == 410
        assert "Länken har gått ut" in response.content.decode()
    assert ReportLink.objects.get(pk=row.pk).used_at is None
    assert "followup_reports" not in client.session


def test_a_new_link_goes_only_to_a_representative(client, report):
    row, token = ReportLink.objects.issue(report, "inte.med@example.org")
    row.use()
    mail.outbox.clear()
    response = client.post(reverse("followup:link_renew", kwargs={"token": token}))
    assert response.status_code == 200  # the same answer: it says nothing about who is who
    assert mail.outbox == []


def test_a_link_opens_its_own_report_only(client, link, halfway_round, pledge_b):
    report_b = Report.objects.create_for(halfway_round, pledge_b)
    _, token = link
    client.post(link_url(token))
    url_b = reverse("followup:report_via_link", args=[report_b.pk])
    assert client.get(url_b).status_code == 404
    assert client.post(url_b, {"revision": 1, "action": "save"}).status_code == 404
    assert Report.objects.get(pk=report_b.pk).status == Report.Status.NOT_STARTED


def test_an_unknown_token_is_not_found(client, db):
    assert client.get(link_url("nonsense")).status_code == 404


# When the address stops being a representative's --------------------------------------


def leave(user, how):
    if how == "membership removed":
        Membership.objects.filter(user=user).delete()
    elif how == "signatory only":
        Membership.objects.filter(user=user).update(role=Membership.Role.SIGNATORY)
    else:
        user.is_active = False
        user.save()


HOW = ["membership removed", "signatory only", "deactivated"]


@pytest.mark.parametrize("how", HOW)
def test_an_unused_link_of_someone_who_left_is_invalid(client, report, editor_a, how):
    row, token = ReportLink.objects.issue(report, editor_a.email)
    leave(editor_a, how)
    for method in (client.get, client.post):
        response = method(link_url(token))
        assert response.status_code == 410
        assert "Länken fungerar inte" in response.content.decode()
    assert ReportLink.objects.get(pk=row.pk).used_at is None
    assert str(report.pk) not in client.session.get(SESSION_KEY, {})


def test_the_address_is_compared_without_case(client, report, editor_a):
    _, token = ReportLink.objects.issue(report, editor_a.email.upper())
    assert client.post(link_url(token)).status_code == 302


@pytest.mark.parametrize("how", HOW)
def test_a_granted_browser_loses_the_report_when_its_holder_leaves(
    client, media, report, editor_a, how
):
    _, token = ReportLink.objects.issue(report, editor_a.email)
    assert client.post(link_url(token)).status_code == 302
    form = reverse("followup:report_via_link", args=[report.pk])
    assert client.get(form).status_code == 200
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    mr.evidence_file = SimpleUploadedFile("kvitto.pdf", b"%PDF-1.4\n")
    report.save_draft(by=None, expected_revision=report.revision)
    mr.save()
    evidence = reverse("followup:evidence", args=[report.pk, mr.pk])
    assert client.get(evidence).status_code == 200

    leave(editor_a, how)
    assert client.get(evidence).status_code == 404
    assert str(report.pk) not in client.session.get(SESSION_KEY, {})
    # The grant is gone: the form is a 404 now, and coming back through the link too.
    assert client.get(form).status_code == 404
    assert client.post(form, {"revision": 1, "action": "save"}).status_code == 404
    assert client.get(link_url(token)).status_code == 410


def test_the_form_drops_the_grant_of_someone_who_left(client, report, editor_a):
    _, token = ReportLink.objects.issue(report, editor_a.email)
    client.post(link_url(token))
    Membership.objects.filter(user=editor_a).delete()
    form = reverse("followup:report_via_link", args=[report.pk])
    assert client.get(form).status_code == 404
    assert str(report.pk) not in client.session.get(SESSION_KEY, {})
    # Back in the organisation, the old session has nothing: a new link is needed.
    Membership.objects.create(user=editor_a, actor=report.pledge.actor, role="editor")
    assert client.get(form).status_code == 404


def _queued_new_links():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path="followup.tasks.send_report_link").count()


def test_asking_for_a_new_link_again_before_the_worker_has_sent_it_queues_one(link, settings):
    # In production the worker sends the link a moment later: until then no newer
    # link exists to say it was sent already.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    row, token = link
    row.use()
    for _ in range(20):
        assert (
            Client().post(reverse("followup:link_renew", kwargs={"token": token})).status_code
            == 200
        )
    assert _queued_new_links() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason=(
        "requests at once: SQLite's shared in-memory test database refuses a second "
        "writer instead of making it wait; the sequential test above holds everywhere"
    ),
)
def test_twenty_requests_for_a_new_link_at_once_queue_one(link, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    row, token = link
    row.use()
    start = threading.Barrier(20)
    statuses, errors = [], []

    def ask():
        try:
            start.wait(10)
            response = Client().post(reverse("followup:link_renew", kwargs={"token": token}))
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert statuses == [200] * 20
    assert _queued_new_links() == 1
