from django.conf import settings


def site(request):
    """SITE_URL, for the absolute addresses a page gives of itself (Open Graph)."""
    return {"site_url": settings.SITE_URL}
