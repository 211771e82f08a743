"""The demo's follow-up, as `make run` shows it."""

from pledges.demo import REFERENCE_SLUG

from .public_pages import followup_part, page_text


def test_the_demo_reference_pledge_shows_its_halfway_and_final_reports(client, shared_demo):
    from pledges.models import Pledge

    reference = Pledge.objects.get(slug=REFERENCE_SLUG)
    text = followup_part(page_text(client, reference))
    assert "Halvtidsuppföljning 2019" in text and "Slutuppföljning 2021" in text
    assert "Senaste status: Genomförd (Slutuppföljning 2021)" in text
    # The demo's pledges with reports in review or sent back show no follow-up yet.
    for slug in ("sjobyns-bygg-ab-fiktiv-2024", "kustens-transport-ab-fiktiv-2023"):
        assert followup_part(page_text(client, Pledge.objects.get(slug=slug))) == ""


def test_the_demo_has_reports_in_every_state(shared_demo):
    from followup.models import Report

    assert set(Report.objects.values_list("status", flat=True)) == set(Report.Status.values)


def test_the_daily_command_sends_no_invitations_for_the_demo(shared_demo):
    from django.core.management import call_command

    from followup.models import Notification

    invitations = Notification.objects.filter(kind=Notification.Kind.INVITATION)
    before = invitations.count()
    assert before == 7  # one per demo report, as if sent when its round opened
    call_command("followup_reminders", "--date", "2026-12-02")
    assert invitations.count() == before


def test_the_demo_reference_pledge_is_concluded_by_its_accepted_final_report(shared_demo):
    from followup.models import Notification, Report, Round
    from pledges.models import Pledge

    reference = Pledge.objects.get(slug=REFERENCE_SLUG)
    final = Report.objects.get(pledge=reference, round__kind=Round.Kind.FINAL)
    assert final.status == Report.Status.ACCEPTED
    assert reference.status == Pledge.Status.CONCLUDED
    event = reference.events.get(to_status=Pledge.Status.CONCLUDED)
    assert (event.from_status, event.by) == (Pledge.Status.SIGNED, shared_demo["coordinator"])
    assert "Slutuppföljning 2021" in event.note
    # On the day the final report was accepted, not the day the demo was loaded.
    assert event.at == reference.concluded_at == final.reviewed_at
    # The demo's history is told to nobody.
    assert not Notification.objects.exclude(kind=Notification.Kind.INVITATION).exists()


def test_a_demo_loaded_before_concludes_the_reference_pledge_when_loaded_again(demo):
    from followup.demo import load_demo
    from pledges.models import Pledge, PledgeEvent

    # As a demo loaded before pledges were concluded left it.
    reference = Pledge.objects.get(slug=REFERENCE_SLUG)
    PledgeEvent.objects.filter(pledge=reference, to_status=Pledge.Status.CONCLUDED).delete()
    Pledge.objects.filter(pk=reference.pk).update(status=Pledge.Status.SIGNED, concluded_at=None)

    load_demo()
    load_demo()

    reference.refresh_from_db()
    assert reference.status == Pledge.Status.CONCLUDED
    assert reference.events.filter(to_status=Pledge.Status.CONCLUDED).count() == 1
