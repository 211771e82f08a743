"""sitemap.xml: the public pages, in Swedish with their English alternates, at the
addresses SITE_URL gives (the site's own, whatever host a request came in by)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.urls import reverse

from actors.models import Actor, County
from pledges.models import Pledge


class PortalSitemap(sitemaps.Sitemap):
    i18n = True
    alternates = True
    x_default = True

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StaticPages(PortalSitemap):
    def items(self):
        return ["home", "pledges:list", "accessibility", "privacy"]

    def location(self, item):
        return reverse(item)


class Counties(PortalSitemap):
    def items(self):
        return County.objects.order_by("code")


class PublishedPledges(PortalSitemap):
    """Published pledges only: a draft's address must not be given away."""

    def items(self):
        return Pledge.objects.published().order_by("pk")

    def lastmod(self, pledge):
        return pledge.updated_at


class PublicActors(PortalSitemap):
    """Actors are public through their published pledges (actors.access.public_actor)."""

    def items(self):
        return (
            Actor.objects.filter(pledges__status__in=Pledge.PUBLISHED_STATUSES)
            .distinct()
            .order_by("pk")
        )


SITEMAPS = {
    "pages": StaticPages,
    "counties": Counties,
    "pledges": PublishedPledges,
    "actors": PublicActors,
}
