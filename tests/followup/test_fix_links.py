"""A one-time link, and the right it granted, end when its address stops belonging to
one of the actor's representatives (left the organisation, became a signatory only,
account deactivated)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.models import Membership
from followup.access import SESSION_KEY
from followup.models import ReportLink
from pledges.models import Party


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def link_url(token):
    return reverse("followup:report_link", kwargs={"token": token})


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
def test_a_granted_browser_loses_the_report_when_its_holder_leaves(client, report, editor_a, how):
    _, token = ReportLink.objects.issue(report, editor_a.email)
    assert client.post(link_url(token)).status_code == 302
    form = reverse("followup:report_via_link", args=[report.pk])
    assert client.get(form).status_code == 200
    mr = report.measure_reports.get(measure__party=Party.ACTOR)
    mr.evidence_file = SimpleUploadedFile("kvitto.pdf", b"%PDF-1.4\n")
    report.start(by=None)
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
