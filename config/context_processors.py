from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """SITE_URL, for the absolute addresses a page gives of itself (Open Graph); the
    same page's address in the other language, for the language link."""
    other = "sv" if get_language() == "en" else "en"
    return {
        "site_url": settings.SITE_URL,
        "other_language_url": translate_url(request.get_full_path(), other),
    }
