"""The follow-up app's models, one module a concept, all importable from here
(`from followup.models import Report`), as the migrations name them.

- rounds: a follow-up round and its questionnaire
- reports: a pledge's report in a round, its measures' status, its events, evidence
- links: the one-time links to a report and the record of e-mails sent
"""

# The migrations name the evidence validators as followup.models'.
from ..validators import validate_evidence_content, validate_evidence_size
from .examples import GoodExample, GoodExampleQuerySet, good_example_picture_upload_to
from .links import Notification, ReportLink, ReportLinkQuerySet, link_lifetime, link_token_hash
from .reports import (
    EvidenceFieldFile,
    EvidenceFileField,
    MeasureReport,
    MeasureReportQuerySet,
    Report,
    ReportEvent,
    ReportQuerySet,
    evidence_upload_to,
)
from .rounds import Question, Round, RoundQuerySet

__all__ = [
    "GoodExample",
    "GoodExampleQuerySet",
    "good_example_picture_upload_to",
    "EvidenceFieldFile",
    "EvidenceFileField",
    "MeasureReport",
    "MeasureReportQuerySet",
    "Notification",
    "Question",
    "Report",
    "ReportEvent",
    "ReportLink",
    "ReportLinkQuerySet",
    "ReportQuerySet",
    "Round",
    "RoundQuerySet",
    "evidence_upload_to",
    "link_lifetime",
    "link_token_hash",
    "validate_evidence_content",
    "validate_evidence_size",
]
