"""Who may do what with a follow-up report or round (django-rules predicates).

Views ask `user.has_perm("followup.submit_report", report)`; lists use the
matching QuerySet methods (`Report.objects.editable_by(user)`).
"""

import rules

from actors.models import Membership
from actors.rules import (
    coordinated_county_ids,
    is_member_of_actor,
    is_national_admin,
    member_actor_ids,
)
from pledges.rules import is_pledge_coordinator, status_in

from .models import Report

S = Report.Status


@rules.predicate
def is_report_coordinator(user, report):
    return is_national_admin(user) or report.round.county_id in coordinated_county_ids(user)


@rules.predicate
def is_report_editor(user, report):
    # Editing follows pledges: the actor's editors write, its signatories read.
    return report.pledge.actor_id in member_actor_ids(user, Membership.Role.EDITOR)


@rules.predicate
def is_report_member(user, report):
    return is_member_of_actor(user, report.pledge.actor)


@rules.predicate
def is_published(user, report):
    return report.status == S.ACCEPTED and report.pledge.is_published


@rules.predicate
def is_round_coordinator(user, round):
    return is_national_admin(user) or round.county_id in coordinated_county_ids(user)


can_view = is_published | is_report_coordinator | is_report_member
can_edit = status_in(*Report.CONTENT_STATUSES) & (is_report_coordinator | is_report_editor)

# Not "view_report": that is Django's own model permission, which the admin asks
# about without an object.
rules.add_perm("followup.read_report", can_view)
# Drafts and reports under review are the actor's and the county's, never public.
rules.add_perm("followup.view_report_workspace", is_report_coordinator | is_report_member)
rules.add_perm("followup.edit_report", can_edit)
# The board reports on its own commitments, also while the report awaits review.
rules.add_perm(
    "followup.edit_board_part",
    status_in(*Report.BOARD_CONTENT_STATUSES) & is_report_coordinator,
)
rules.add_perm(
    "followup.submit_report",
    status_in(S.DRAFT, S.CHANGES_REQUESTED) & (is_report_coordinator | is_report_editor),
)
rules.add_perm("followup.review_report", status_in(S.SUBMITTED) & is_report_coordinator)
rules.add_perm("followup.manage_round", is_round_coordinator)

# Good examples are the county board's to lift up: its coordinators', on a pledge.
rules.add_perm("followup.mark_good_example", is_pledge_coordinator)
