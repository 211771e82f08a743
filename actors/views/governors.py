"""The coordinators' page for their county's governor: who signs pledges for the board.

The governor's address is the one confirmed for the board's party: only that
address signs the board's part of a pledge, in the portal or by an e-mailed
link. New pledges are given the governor kept here as the board's signatory.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..access import managed_county
from ..decorators import coordinator_required
from ..forms import CountyContactForm, GovernorForm
from ..models import County


@coordinator_required
def governor_list(request):
    counties = County.objects.coordinated_by(request.user).select_related("governor_confirmed_by")
    return render(
        request,
        "actors/governors.html",
        {"workspace_section": "governors", "counties": counties},
    )


@coordinator_required
def governor_edit(request, slug):
    county = managed_county(request, slug)
    form = GovernorForm(
        request.POST or None,
        initial={
            "name": county.governor_name,
            "title": county.governor_title,
            "email": county.governor_email,
        },
    )
    if request.method == "POST" and form.is_valid():
        county.set_governor(**form.cleaned_data, by=request.user)
        messages.success(
            request,
            _("Landshövdingen i %(county)s är sparad. Nya löften får %(name)s som undertecknare.")
            % {"county": county.name, "name": county.governor_name or "–"},
        )
        return redirect("actors:governors")
    return render(
        request,
        "actors/governor_form.html",
        {"workspace_section": "governors", "form": form, "county_record": county},
    )


@coordinator_required
def county_contact_edit(request, slug):
    """The board's contact details on the county's public pages; the accessibility
    statement's problem reports about the county's pages go to its address."""
    county = managed_county(request, slug)
    form = CountyContactForm(request.POST or None, instance=county)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Kontaktuppgifterna för %(county)s är sparade.") % {"county": county.name}
        )
        return redirect("actors:governors")
    return render(
        request,
        "actors/county_contact_form.html",
        {"workspace_section": "governors", "form": form, "county_record": county},
    )
