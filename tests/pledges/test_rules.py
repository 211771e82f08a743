"""The pledge's QuerySet methods, which the access helpers look pledges up through, say
what the rules predicates say, for every member of the cast in every status."""

import pytest

from pledges.models import Pledge
from tests import factories

S = Pledge.Status


@pytest.mark.parametrize("status", list(S))
def test_the_querysets_say_what_the_rules_say(status, actor_a, cast):
    pledge = factories.pledge_in_status(status, actor=actor_a)
    people = {"coordinator", "national_admin", "editor_a", "signatory_a"}
    for name, user in cast.items():
        visible = Pledge.objects.visible_to(user).filter(pk=pledge.pk).exists()
        assert visible == (name in people or pledge.is_published), name
        workspace = Pledge.objects.workspace_of(user).filter(pk=pledge.pk).exists()
        assert workspace == user.has_perm("pledges.view_pledge_workspace", pledge), name
        assert workspace == (name in people), name
        editable = Pledge.objects.editable_by(user).filter(pk=pledge.pk).exists()
        assert editable == user.has_perm("pledges.edit_pledge", pledge), name
