"""Validators of the follow-up's evidence files: which types, how large, and that a
file is what its name says (the check pledges.files shares with the signature scans).

The evidence field's migrations name them as `followup.models.validate_evidence_*`,
which followup.models re-exports.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from pledges.files import validate_file_content

EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "docx", "xlsx", "odt", "ods", "csv", "txt"]
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def validate_evidence_size(file) -> None:
    if file.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            gettext("Filen är för stor. Den får vara högst %(mb)s MB.")
            % {"mb": EVIDENCE_MAX_BYTES // (1024 * 1024)},
            code="file_too_large",
        )


# The check lives in pledges, the lowest app that needs it (the scans of paper
# signatures); the evidence field's validators name it by this name.
validate_evidence_content = validate_file_content


PICTURE_EXTENSIONS = ["jpg", "jpeg", "png"]
PICTURE_MAX_BYTES = 2 * 1024 * 1024


def validate_picture_size(file) -> None:
    if file.size > PICTURE_MAX_BYTES:
        raise ValidationError(
            gettext("Bilden är för stor. Den får vara högst %(mb)s MB.")
            % {"mb": PICTURE_MAX_BYTES // (1024 * 1024)},
            code="file_too_large",
        )
