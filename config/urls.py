from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from pledges.views.workspace import workspace

from . import views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Language-neutral data at one address, outside i18n_patterns (config/api.py).
    path("api/", include("config.api")),
]

# Swedish paths on the Swedish site, the same paths under /en/ in English.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("arbetsyta/", workspace, name="workspace"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("tillganglighet/tack/", views.accessibility_thanks, name="accessibility_thanks"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("konto/", include("actors.account_urls")),
    path("", include("pledges.urls")),
    path("", include("actors.urls")),
    path("", include("followup.urls")),
    path("", include("followup.opendata_urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from pathlib import Path

    from django.conf.urls.static import static

    # Only the public uploads (logos). Signature scans, evidence and signed PDFs are
    # served by views that check who asks, in development as in production.
    for folder in ("counties", "actors"):
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}/", document_root=Path(settings.MEDIA_ROOT, folder)
        )

handler400 = "config.views.bad_request"
handler500 = "config.views.server_error"
