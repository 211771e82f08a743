"""The public pledge pages: the list of published pledges, one pledge, verification."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from actors.pagecache import LIST_KEY, pledge_key, public_page

from ..access import get_published_pledge
from ..changes import pledge_changes
from ..filters import PublicPledgeFilterSet
from ..forms import VerificationCodeForm
from ..models import MeasureLink, Pledge, SignedVersion
from ..search import add_highlights
from ..snapshot import pledge_snapshot
from ..text import file_size, linked_numbers, place_and_date

PAGE_SIZE = 25


@public_page(lambda: [LIST_KEY])
def pledge_list(request):
    """The published pledges, searched and filtered (pledges/filters.py), a page at a
    time; the search's matching words are shown in their context."""
    filters = PublicPledgeFilterSet(
        request.GET or None,
        queryset=Pledge.objects.published()
        .for_listing()
        .order_by("-start_year", "actor__name", "pk"),
    )
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("sida"))
    page.object_list = list(page.object_list)
    query = filters.search
    add_highlights(page.object_list, query)
    return render(
        request,
        "pledges/list.html",
        {
            "page": page,
            "query": query,
            "filters": filters.form,
            "narrowed": filters.narrowed_count,
        },
    )


def pledge_document_context(pledge: Pledge) -> dict:
    """What the pledge document shows (the public page, the signing page, the preview).

    A signed pledge shows its frozen content, the text its parties signed, even
    if the actor has been renamed or a linked programme measure renumbered
    since; any other pledge shows its content as it stands.
    """
    try:
        document = pledge.signed_version.content
    except ObjectDoesNotExist:
        document = pledge_snapshot(pledge)
    return {
        "pledge": pledge,
        "document": document,
        "place_and_date": place_and_date(document["pledge"]),
    }


@public_page(lambda slug: [pledge_key(slug)])
def pledge_detail(request, slug):
    pledge = get_published_pledge(slug)
    context = pledge_document_context(pledge)
    try:
        version = pledge.signed_version
    except ObjectDoesNotExist:
        version = None
    context["signed_version"] = version
    # The county's identity (name, logo, contact details) in the page's header and footer.
    context["county"] = pledge.county
    context["document"] = with_linked_numbers(context["document"], pledge)
    if version is not None and version.pdf_size:
        context["pdf_size"] = file_size(version.pdf_size)
    context.update(lineage_context(pledge))
    return render(request, "pledges/detail.html", context)


def with_linked_numbers(document: dict, pledge: Pledge) -> dict:
    """The document with each measure's "Koppling till åtgärd …" line cut into parts
    whose numbers link to the programme measures' pages (text.linked_numbers); the
    line's words stay the document's. One query for all the measures' links."""
    links = {}
    for link in MeasureLink.objects.filter(measure__pledge=pledge).select_related(
        "programme_measure__theme__programme__county"
    ):
        links.setdefault(link.measure_id, []).append(link)

    def linked(measure):
        parts = linked_numbers(measure.get("link_line") or "", links.get(measure.get("id"), []))
        return {**measure, "link_parts": parts}

    return {
        **document,
        "actor_measures": [linked(m) for m in document["actor_measures"]],
        "board_measures": [linked(m) for m in document["board_measures"]],
    }


def lineage_context(pledge: Pledge) -> dict:
    """The published pledge this one renews or amends, the published one that renews or
    amends it, and what changed from each, measure by measure (pledges/changes.py).
    A successor still in draft is nobody's business but its people's."""
    previous = None
    if pledge.previous_id:
        previous = (
            Pledge.objects.published().select_related("actor").filter(pk=pledge.previous_id).first()
        )
    successor = None
    if getattr(pledge, "successor_id", None):
        successor = Pledge.objects.select_related("actor").get(pk=pledge.successor_id)
    return {
        "previous": previous,
        "changes_from_previous": pledge_changes(previous, pledge) if previous else None,
        "successor": successor,
        "changes_in_successor": pledge_changes(pledge, successor) if successor else None,
    }


def verify_entry(request):
    """Type the code printed on a PDF (GET, so it works without JavaScript) and go to
    its verification page. An unpublished pledge's code is as unknown as a made-up one."""
    form = VerificationCodeForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        version = SignedVersion.objects.published().filter(code=form.cleaned_data["code"]).first()
        if version is not None:
            return redirect(version)
        form.add_error(
            "code",
            _(
                "Det finns inget undertecknat miljömålslöfte med den koden. Kontrollera att "
                "du har skrivit av den rätt."
            ),
        )
    return render(request, "pledges/verify_entry.html", {"form": form})
