"""Middleware the whole site shares."""

from django.utils.cache import patch_cache_control

from actors.uploads import body_limit, declared_size, too_large


class PrivateResponsesMiddleware:
    """What a signed-in person sees, or a browser holding a one-time link's grant in
    its session, is for that person only: no shared proxy and no browser's disk keeps
    it (`Cache-Control: private, no-store`). Public pages for anonymous visitors are
    left as their views made them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _is_personal(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    # A session the view read and that holds something (a report link's grant).
    return session is not None and session.accessed and not session.is_empty()


class UploadLimitMiddleware:
    """Refuses a request body larger than its view takes (actors.uploads), from the
    declared Content-Length, before anything reads it. Before CsrfViewMiddleware
    in MIDDLEWARE: its check reads the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = body_limit(view_func, request)
        if declared_size(request) > limit:
            return too_large(request, limit)
        return None
