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

    from followup.models import Notification, Report

    invitations = Notification.objects.filter(kind=Notification.Kind.INVITATION)
    before = invitations.count()
    # One per demo report, as if sent when its round opened.
    assert before == Report.objects.count()
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


# The dashboards' demo (issue 16): enough in Kronoberg for every chart and table to show
# something, and in Kalmar for the national view to compare.


def _kronoberg():
    from actors.models import County

    return County.objects.get(code="07")


def test_kronoberg_has_forty_pledges_of_every_kind_status_and_several_municipalities(
    shared_demo,
):
    from actors.models import Actor
    from actors.reference import municipality_names
    from pledges.models import Pledge

    pledges = Pledge.objects.filter(county=_kronoberg())
    assert pledges.count() >= 40
    assert set(pledges.values_list("status", flat=True)) == set(Pledge.Status.values)
    assert set(pledges.values_list("actor__kind", flat=True)) == set(Actor.Kind.values)
    # All of the county's municipalities (from the reference list), and none other.
    municipalities = set(pledges.values_list("actor__municipality", flat=True))
    assert municipalities == set(municipality_names())
    # Fictional, every one, beside the real reference pledge.
    for name in pledges.exclude(slug=REFERENCE_SLUG).values_list("actor__name", flat=True):
        assert name.endswith("(fiktiv)"), name


def test_the_demo_pledges_were_signed_through_the_portals_workflow(shared_demo):
    from pledges.models import PledgeEvent, Signatory, SignedVersion

    for version in SignedVersion.objects.select_related("pledge"):
        pledge = version.pledge
        # Frozen by the last signature, from the pledge's own content; its PDF queued.
        content = version.content
        frozen = len(content["actor_measures"]) + len(content["board_measures"])
        assert frozen == pledge.measures.count(), pledge
        assert pledge.events.filter(kind=PledgeEvent.Kind.SIGNATURE).count() == 2, pledge
        assert not Signatory.objects.filter(pledge=pledge, signed_at__isnull=True).exists()
    assert SignedVersion.objects.filter(pledge__county=_kronoberg()).count() >= 30


def test_kronobergs_measures_serve_its_programme_and_the_board_commits_too(shared_demo):
    from pledges.models import Measure, MeasureLink, Party, ProgrammeMeasure

    county = _kronoberg()
    links = MeasureLink.objects.filter(measure__pledge__county=county)
    assert links.filter(is_primary=True).exists() and links.filter(is_primary=False).exists()
    linked = set(links.values_list("programme_measure", flat=True))
    assert len(linked) >= 10
    # Some measures serve no programme measure (a data-quality figure).
    measures = Measure.objects.filter(pledge__county=county, party=Party.ACTOR)
    assert measures.filter(links__isnull=True).exists()
    assert Measure.objects.filter(pledge__county=county, party=Party.BOARD).count() >= 40
    # The programme's measures serve objectives and goals, for the national comparison.
    programme_measures = ProgrammeMeasure.objects.filter(theme__programme__county=county)
    assert not programme_measures.filter(objectives__isnull=True).exists()
    assert not programme_measures.filter(global_goals__isnull=True).exists()


def test_kronoberg_has_reports_in_every_state_over_halfway_and_final_rounds(shared_demo):
    import datetime

    from followup.lateness import late_q
    from followup.models import MeasureReport, Report, Round

    county = _kronoberg()
    reports = Report.objects.filter(round__county=county)
    assert set(reports.values_list("status", flat=True)) == set(Report.Status.values)
    accepted = reports.filter(status=Report.Status.ACCEPTED)
    kinds = set(accepted.values_list("round__kind", flat=True))
    assert {Round.Kind.HALFWAY, Round.Kind.FINAL} <= kinds
    # Pledges reported and accepted in two rounds, for the table of transitions.
    halfway = set(accepted.filter(round__kind="halfway").values_list("pledge", flat=True))
    final = set(accepted.filter(round__kind="final").values_list("pledge", flat=True))
    assert len(halfway & final) >= 10
    # Late: owed after the due date, and submitted after it.
    assert reports.filter(late_q(datetime.date(2026, 12, 2))).count() >= 5
    late_in = [r for r in reports.exclude(submitted_at=None) if r.submitted_at.date() > r.round.due]
    assert len(late_in) >= 3
    # Sent back, and accepted with evidence and without.
    assert reports.filter(status=Report.Status.CHANGES_REQUESTED).count() >= 2
    with_evidence = MeasureReport.objects.filter(report__in=accepted).exclude(evidence_url="")
    assert with_evidence.values("report").distinct().count() >= 5
    without = accepted.exclude(pk__in=with_evidence.values("report"))
    assert without.count() >= 5
    verification = set(
        MeasureReport.objects.filter(report__in=accepted).values_list("verification", flat=True)
    )
    assert verification == set(MeasureReport.Verification.values)
    # Every status on the scale, for the actors' measures and the board's.
    statuses = MeasureReport.objects.filter(report__in=accepted)
    assert set(statuses.values_list("status", flat=True)) == set(MeasureReport.Status.values)
    assert statuses.filter(measure__party="board").exclude(status="").exists()


def test_kronoberg_reports_indicator_values_in_two_units(shared_demo):
    from followup.models import MeasureReport

    values = MeasureReport.objects.filter(
        report__round__county=_kronoberg(), indicator_value__isnull=False
    )
    units = set(values.values_list("measure__indicator_unit", flat=True))
    assert {"ton CO₂e", "kWh"} <= units
    for unit in ("ton CO₂e", "kWh"):
        assert values.filter(measure__indicator_unit=unit, report__status="accepted").count() >= 3


def test_kalmar_has_enough_for_the_national_comparison(shared_demo):
    from actors.models import County
    from followup.models import Report
    from pledges.models import MeasureLink, Pledge, ProgrammeMeasure

    kalmar = County.objects.get(code="08")
    assert Pledge.objects.filter(county=kalmar).count() >= 10
    accepted = Report.objects.filter(round__county=kalmar, status=Report.Status.ACCEPTED)
    assert accepted.count() >= 6
    assert set(accepted.values_list("round__kind", flat=True)) >= {"halfway", "final"}
    # Its programme has measures that nobody pledged to.
    programme_measures = ProgrammeMeasure.objects.filter(theme__programme__county=kalmar)
    pledged = MeasureLink.objects.values("programme_measure")
    assert programme_measures.exclude(pk__in=pledged).exists()
    # Both counties' programmes serve the same objective, so they can be compared.
    assert (
        programme_measures.filter(objectives__number=1).exists()
        and ProgrammeMeasure.objects.filter(
            theme__programme__county__code="07", objectives__number=1
        ).exists()
    )


def test_the_crowd_is_the_same_every_time():
    from followup.demo import crowd_reports
    from pledges.demo import crowd_measures, crowd_plan

    assert crowd_plan() == crowd_plan()
    assert [crowd_measures(spec) for spec in crowd_plan()] == [
        crowd_measures(spec) for spec in crowd_plan()
    ]
    assert crowd_reports() == crowd_reports()
    # No two of an actor's pledges share a start year (their slugs would collide).
    slugs = [spec.slug for spec in crowd_plan()]
    assert len(slugs) == len(set(slugs))
