"""Evidence files attached to measure reports, served only to those who may read the report.

Uploads are never served from MEDIA_URL: a draft's attachments are the actor's
and the county's, and even an accepted report's files are not published (the
public page shows statuses and comments, not attachments).
"""

import mimetypes
from pathlib import PurePath

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404

from ..models import MeasureReport, Report
from .links import granted_email, representative_email


def evidence(request, pk, mr_pk):
    """The file, to a member of the actor or a coordinator of the county, or to a
    browser a one-time link granted this report (while its address still belongs to
    one of the actor's representatives)."""
    had_link = granted_email(request, pk) is not None
    allowed = (had_link and representative_email(request, pk) is not None) or (
        request.user.is_authenticated
        and Report.objects.workspace_of(request.user).filter(pk=pk).exists()
    )
    if not allowed:
        # A link whose right has lapsed is a 404, as it is for the report form.
        if not request.user.is_authenticated and not had_link:
            return redirect_to_login(request.get_full_path())
        raise Http404
    mr = MeasureReport.objects.filter(pk=mr_pk, report_id=pk).exclude(evidence_file="").first()
    if mr is None:
        raise Http404
    try:
        file = mr.evidence_file.open("rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    name = PurePath(mr.evidence_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    # An attachment, never shown inline on the portal's own origin.
    return FileResponse(file, as_attachment=True, filename=name, content_type=content_type)
