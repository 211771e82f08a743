"""How large a request body a view takes, refused from its declared size before it is read.

Django reads a POST's body whole before any form says "larger than 20 MB" (and
CsrfViewMiddleware reads it before the view, to find the token): an anonymous
300 MB upload was received in full first. A view that takes files says how
large they may be with `@upload_limit(...)`; config.middleware.UploadLimitMiddleware
compares the request's Content-Length with it and answers 413 without reading
a byte. (Django reads no more than Content-Length says, so it cannot be lied
past.) Every other view takes no more than DATA_UPLOAD_MAX_MEMORY_SIZE.
"""

import math

from django.conf import settings
from django.shortcuts import render


def upload_limit(max_file_bytes: int):
    """The view takes files of at most `max_file_bytes` in all; the rest of the form
    (DATA_UPLOAD_MAX_MEMORY_SIZE) comes on top."""

    def decorate(view):
        view.upload_limit = max_file_bytes
        return view

    return decorate


def body_limit(view, request) -> int:
    """The largest body `view` takes."""
    rest = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    limit = getattr(view, "upload_limit", None)
    if limit is None and request.resolver_match and request.resolver_match.app_name == "admin":
        limit = settings.ADMIN_UPLOAD_MAX_BYTES  # the counties' and actors' logos
    return rest + (limit or 0)


def declared_size(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _megabytes(size: int) -> int:
    return max(1, math.ceil(size / (1024 * 1024)))


def too_large(request, limit: int):
    """The 413 page: what was sent, what is taken, what to do."""
    return render(
        request,
        "413.html",
        {"sent_mb": _megabytes(declared_size(request)), "limit_mb": _megabytes(limit)},
        status=413,
    )
