"""Who may keep a county's action programme (django-rules predicates).

Imported from `PledgesConfig.ready()`: rules' autodiscovery only finds
modules named `rules.py`, and that one belongs to the pledge workflow.
"""

import rules

from actors.rules import coordinated_county_ids, is_national_admin


@rules.predicate
def is_programme_coordinator(user, programme):
    # county_id, not county: asking must not cost a query per programme.
    return programme is not None and programme.county_id in coordinated_county_ids(user)


can_manage_programme = is_national_admin | is_programme_coordinator

rules.add_perm("pledges.manage_programme", can_manage_programme)
