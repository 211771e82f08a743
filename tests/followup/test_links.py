"""One-time links: opened with a button, used once, expiring, for one report only."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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
