"""Who may do what with a pledge (django-rules predicates).

Every workspace view asks these through `user.has_perm(...)`, and the list
views use the matching QuerySet methods (`Pledge.objects.editable_by(user)`).
"""

import rules

from actors.models import Membership
from actors.rules import (
    coordinated_county_ids,
    is_member_of_actor,
    is_national_admin,
    member_actor_ids,
)

from .models import Pledge

S = Pledge.Status


@rules.predicate
def is_pledge_coordinator(user, pledge):
    # The pledge's own county decides (the same field workspace_of filters on).
    return is_national_admin(user) or pledge.county_id in coordinated_county_ids(user)


@rules.predicate
def is_pledge_editor(user, pledge):
    return pledge.actor_id in member_actor_ids(user, Membership.Role.EDITOR)


@rules.predicate
def is_pledge_member(user, pledge):
    return is_member_of_actor(user, pledge.actor)


def status_in(*statuses):
    """The object (a pledge, a report: the followup app's rules use it too) is in one
    of `statuses`."""

    @rules.predicate(name=f"status_in_{'_'.join(statuses)}")
    def predicate(user, obj):
        return obj.status in statuses

    return predicate


is_draft = status_in(S.DRAFT)

can_view = is_pledge_coordinator | is_pledge_member
# Content is editable in draft (by the actor and the coordinator) and in review
# (by the coordinator), never later: DESIGN.md, "Workflows".
can_edit = (is_draft & (is_pledge_coordinator | is_pledge_editor)) | (
    status_in(S.IN_REVIEW) & is_pledge_coordinator
)

rules.add_perm("pledges.edit_pledge", can_edit)
# The county board's side (its commitments and signatories) is the board's to write.
rules.add_perm("pledges.edit_board_part", can_edit & is_pledge_coordinator)
rules.add_perm("pledges.submit_pledge", is_draft & (is_pledge_coordinator | is_pledge_editor))
rules.add_perm("pledges.approve_pledge", status_in(S.IN_REVIEW) & is_pledge_coordinator)
rules.add_perm("pledges.return_pledge", status_in(S.IN_REVIEW, S.APPROVED) & is_pledge_coordinator)
rules.add_perm(
    "pledges.withdraw_pledge",
    status_in(S.DRAFT, S.IN_REVIEW, S.APPROVED, S.SIGNED) & is_pledge_coordinator,
)
# Concluding ends the follow-up: the county board's decision.
rules.add_perm("pledges.conclude_pledge", status_in(S.SIGNED) & is_pledge_coordinator)
# A renewal (of a pledge over or ending) and an amendment (of one that runs) are new
# drafts the county board starts: its coordinators' (DESIGN.md, "Workflows").
rules.add_perm("pledges.renew_pledge", status_in(S.SIGNED, S.CONCLUDED) & is_pledge_coordinator)
rules.add_perm("pledges.amend_pledge", status_in(S.SIGNED) & is_pledge_coordinator)
# The workspace's pages of a pledge (its editor, preview, history) are its people's.
rules.add_perm("pledges.view_pledge_workspace", can_view)


@rules.predicate
def is_the_confirmed_signatory(user, signatory):
    # The person whose address the county confirmed for the party: being able to
    # edit the signatories (and so type any address) never makes anyone able to sign.
    return signatory.is_confirmed_person(user)


@rules.predicate
def awaits_signature(user, signatory):
    return signatory.pledge.status == S.APPROVED and not signatory.has_signed


# Signing: the confirmed person signs for themselves; the coordinator records paper
# signatures (with their scans) and sends the signing links to confirmed addresses.
rules.add_perm("pledges.sign_as", awaits_signature & is_the_confirmed_signatory)
rules.add_perm("pledges.record_signature", status_in(S.APPROVED) & is_pledge_coordinator)
# The scans of paper signatures: the county's coordinators and the actor's editors.
rules.add_perm("pledges.view_signature_scan", is_pledge_coordinator | is_pledge_editor)
