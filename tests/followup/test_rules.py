"""Every member of the cast trying every step of a report, through the rules predicates."""

import pytest

from followup.models import Report
from tests.factories import report_in_status

S = Report.Status
CAST = [
    "anonymous",
    "coordinator",
    "other_coordinator",
    "editor_a",
    "signatory_a",
    "editor_b",
    "national_admin",
]
COUNTY = {"coordinator", "national_admin"}
ACTOR_WRITERS = {"editor_a"}
ACTOR_READERS = {"editor_a", "signatory_a"}
EVERYONE = set(CAST)

# permission -> status -> who may
EXPECTED = {
    "followup.read_report": {
        status: COUNTY | ACTOR_READERS | (EVERYONE if status == S.ACCEPTED else set())
        for status in S
    },
    "followup.view_report_workspace": dict.fromkeys(S, COUNTY | ACTOR_READERS),
    "followup.edit_report": {
        status: (COUNTY | ACTOR_WRITERS) if status in Report.CONTENT_STATUSES else set()
        for status in S
    },
    "followup.edit_board_part": {
        status: COUNTY if status in Report.BOARD_CONTENT_STATUSES else set() for status in S
    },
    "followup.submit_report": {
        status: (COUNTY | ACTOR_WRITERS) if status in (S.DRAFT, S.CHANGES_REQUESTED) else set()
        for status in S
    },
    "followup.review_report": {status: COUNTY if status == S.SUBMITTED else set() for status in S},
}


@pytest.mark.parametrize("status", list(S))
def test_every_role_tries_every_step(status, report, cast):
    report_in_status(status, report, editor=cast["editor_a"], coordinator=cast["coordinator"])
    for perm, by_status in EXPECTED.items():
        allowed = {name for name, user in cast.items() if user.has_perm(perm, report)}
        assert allowed == by_status[status], (perm, status)


def test_only_the_rounds_county_manages_it(halfway_round, cast):
    allowed = {
        name for name, user in cast.items() if user.has_perm("followup.manage_round", halfway_round)
    }
    assert allowed == COUNTY


def test_an_accepted_report_of_a_withdrawn_pledge_is_not_public(report, cast):
    report_in_status(S.ACCEPTED, report, editor=cast["editor_a"], coordinator=cast["coordinator"])
    report.pledge.withdraw(by=cast["coordinator"])
    report.refresh_from_db()
    assert not cast["anonymous"].has_perm("followup.read_report", report)
    assert cast["editor_a"].has_perm("followup.read_report", report)


@pytest.mark.parametrize("status", list(S))
def test_the_querysets_say_what_the_rules_say(status, report, cast):
    report_in_status(status, report, editor=cast["editor_a"], coordinator=cast["coordinator"])
    for name, user in cast.items():
        visible = Report.objects.visible_to(user).filter(pk=report.pk).exists()
        assert visible == user.has_perm("followup.read_report", report), name
        editable = Report.objects.editable_by(user).filter(pk=report.pk).exists()
        assert editable == user.has_perm("followup.edit_report", report), name
        workspace = Report.objects.workspace_of(user).filter(pk=report.pk).exists()
        assert workspace == user.has_perm("followup.view_report_workspace", report), name
