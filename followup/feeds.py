"""Atom feeds of what is newly published: pledges signed and follow-up reports accepted,
for the whole country and per county (django.contrib.syndication)."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from actors.links import absolute_url
from actors.models import County
from pledges.models import Pledge

from .models import Report

# Enough for a reader that looks in now and then; the files and the API have the rest.
ITEMS = 50


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    description: str
    link: str
    at: object
    county: str


class PublishedFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug=None):
        return get_object_or_404(County, slug=slug) if slug else None

    def title(self, county):
        if county is None:
            return _("Miljömålslöften: nya löften och godkända uppföljningar")
        return _("Miljömålslöften i %(county)s: nya löften och godkända uppföljningar") % {
            "county": county.name
        }

    def subtitle(self, county):
        return _(
            "Löften som har undertecknats och uppföljningsrapporter som länsstyrelsen har godkänt."
        )

    def link(self, county):
        return absolute_url(county.get_absolute_url() if county else reverse("home"))

    def feed_url(self, county):
        if county is None:
            return absolute_url(reverse("opendata_feed"))
        return absolute_url(reverse("opendata_county_feed", kwargs={"slug": county.slug}))

    def author_name(self, county):
        return county.board_name if county else _("Länsstyrelserna")

    def items(self, county):
        pledges = (
            Pledge.objects.published().exclude(signed_at=None).select_related("actor", "county")
        )
        reports = (
            Report.objects.published()
            .exclude(reviewed_at=None)
            .select_related("pledge__actor", "pledge__county", "round")
        )
        if county is not None:
            pledges = pledges.filter(county=county)
            reports = reports.filter(pledge__county=county)
        entries = [
            Entry(
                guid=absolute_url(p.get_absolute_url()),
                title=_("Nytt löfte: %(pledge)s") % {"pledge": p},
                description=_("%(actor)s har ingått ett miljömålslöfte för %(start)s–%(end)s.")
                % {"actor": p.actor.name, "start": p.start_year, "end": p.end_year},
                link=absolute_url(p.get_absolute_url()),
                at=p.signed_at,
                county=p.county.name,
            )
            for p in pledges.order_by("-signed_at", "-pk")[:ITEMS]
        ]
        entries += [
            Entry(
                guid=absolute_url(r.pledge.get_absolute_url()) + f"#rapport-{r.pk}",
                title=_("Godkänd uppföljning: %(pledge)s, %(round)s")
                % {"pledge": r.pledge, "round": r.round.title},
                description=_("Länsstyrelsen har godkänt rapporten från %(actor)s i ”%(round)s”.")
                % {"actor": r.pledge.actor.name, "round": r.round.title},
                link=absolute_url(r.pledge.get_absolute_url()) + "#followup-heading",
                at=r.reviewed_at,
                county=r.pledge.county.name,
            )
            for r in reports.order_by("-reviewed_at", "-pk")[:ITEMS]
        ]
        return sorted(entries, key=lambda e: e.at, reverse=True)[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.at

    def item_categories(self, item):
        return [item.county]
