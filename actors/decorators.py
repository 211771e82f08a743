"""View decorators about who the signed-in user is."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def coordinator_required(view):
    """Signed in, and a coordinator of some county (or a national administrator).

    Which county's objects they reach is the views' access helpers' to say (404).
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("actors.coordinate"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
