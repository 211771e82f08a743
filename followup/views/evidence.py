"""Evidence files attached to measure reports, served only to those who may read the report.

Uploads are never served from MEDIA_URL: a draft's attachments are the actor's
and the county's, and even an accepted report's files are not published (the
public page shows statuses and comments, not attachments).
"""

import mimetypes
from pathlib import PurePath

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404

from ..access import get_evidence, granted_email


def evidence(request, pk, mr_pk):
    """The file, to a member of the actor or a coordinator of the county, or to a
    browser a one-time link granted this report (while its address still belongs to
    one of the actor's representatives)."""
    if not request.user.is_authenticated and granted_email(request, pk) is None:
        return redirect_to_login(request.get_full_path())
    mr = get_evidence(request, pk, mr_pk)
    try:
        file = mr.evidence_file.open("rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    name = PurePath(mr.evidence_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    # An attachment, never shown inline on the portal's own origin.
    return FileResponse(file, as_attachment=True, filename=name, content_type=content_type)
