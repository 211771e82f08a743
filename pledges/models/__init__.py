"""The pledges app's models, one module a concept, all importable from here
(`from pledges.models import Pledge`), as the migrations name them.

- reference: the environmental objectives and global goals, the years' range
- programmes: a county's action programme, its themes and measures
- pledges: the pledge, its workflow, its measures and their links
- signing: signatories, the pledge's events, the signed version
- workflow: the abstract event row and workflow step both apps' models build on
  (followup's too: `from pledges.models.workflow import Workflow, WorkflowEvent`)
"""

from .pledges import (
    PLEDGE_ACTIONS,
    Measure,
    MeasureLink,
    Party,
    Pledge,
    PledgeAction,
    PledgeChange,
    PledgeQuerySet,
)
from .programmes import (
    Programme,
    ProgrammeMeasure,
    ProgrammeMeasureQuerySet,
    ProgrammeQuerySet,
    Theme,
)
from .reference import (
    FIRST_YEAR,
    LAST_YEAR,
    BilingualName,
    EnvironmentalObjective,
    GlobalGoal,
    years_out_of_range,
)
from .signing import (
    ConfirmedAddress,
    PledgeEvent,
    Signatory,
    SignatoryQuerySet,
    SignedVersion,
    SignedVersionQuerySet,
    _verification_code,
    signature_scan_upload_to,
)

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "PLEDGE_ACTIONS",
    "BilingualName",
    "ConfirmedAddress",
    "EnvironmentalObjective",
    "GlobalGoal",
    "Measure",
    "MeasureLink",
    "Party",
    "Pledge",
    "PledgeAction",
    "PledgeChange",
    "PledgeEvent",
    "PledgeQuerySet",
    "Programme",
    "ProgrammeMeasure",
    "ProgrammeMeasureQuerySet",
    "ProgrammeQuerySet",
    "Signatory",
    "SignatoryQuerySet",
    "SignedVersion",
    "SignedVersionQuerySet",
    "Theme",
    "_verification_code",
    "signature_scan_upload_to",
    "years_out_of_range",
]
