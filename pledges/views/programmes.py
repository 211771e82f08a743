"""The county's action programme in the workspace: themes, numbered measures, import.

Only coordinators (of the programme's county) and national administrators
come here. Everyone else signed in is refused (403); a programme of another
county is a 404, as if it did not exist.
"""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from actors.decorators import coordinator_required
from actors.uploads import upload_limit

from ..access import get_programme, get_programme_measure, get_theme
from ..forms import ProgrammeForm, ProgrammeImportForm, ProgrammeMeasureForm, ThemeForm
from ..importing import MAX_FILE_SIZE, import_programme, template_csv
from ..models import Programme, ProgrammeMeasure

SECTION = {"workspace_section": "programmes"}


def programme_url(programme, anchor=""):
    url = reverse("pledges:programme_detail", args=[programme.pk])
    return f"{url}#{anchor}" if anchor else url


@coordinator_required
def programme_list(request):
    programmes = (
        Programme.objects.managed_by(request.user)
        .select_related("county")
        .annotate(
            theme_count=Count("themes", distinct=True),
            measure_count=Count("themes__measures", distinct=True),
        )
        .order_by("county__name", "-start_year", "name")
    )
    return render(request, "pledges/programme_list.html", {**SECTION, "programmes": programmes})


@coordinator_required
def programme_create(request):
    form = ProgrammeForm(request.POST or None, user=request.user)
    if form.is_valid():
        programme = form.save()
        messages.success(request, gettext("Åtgärdsprogrammet har skapats."))
        return redirect(programme_url(programme))
    return render(request, "pledges/programme_form.html", {**SECTION, "form": form})


@coordinator_required
def programme_edit(request, pk):
    programme = get_programme(request, pk)
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, gettext("Åtgärdsprogrammet har sparats."))
        return redirect(programme_url(programme))
    return render(
        request,
        "pledges/programme_form.html",
        {**SECTION, "form": form, "programme": programme},
    )


@coordinator_required
def programme_detail(request, pk):
    programme = get_programme(request, pk)
    themes = programme.themes.prefetch_related(
        Prefetch(
            "measures",
            queryset=ProgrammeMeasure.objects.prefetch_related("objectives", "global_goals"),
        )
    )
    return render(
        request,
        "pledges/programme_detail.html",
        {**SECTION, "programme": programme, "themes": themes},
    )


@coordinator_required
def theme_create(request, pk):
    programme = get_programme(request, pk)
    next_order = programme.themes.next_order()
    form = ThemeForm(request.POST or None, programme=programme, initial={"order": next_order})
    if form.is_valid():
        theme = form.save()
        messages.success(request, gettext("Temat har lagts till."))
        return redirect(programme_url(programme, f"tema-{theme.pk}"))
    return render(
        request,
        "pledges/programme_theme_form.html",
        {**SECTION, "form": form, "programme": programme},
    )


@coordinator_required
def theme_edit(request, pk):
    theme = get_theme(request, pk)
    form = ThemeForm(request.POST or None, instance=theme, programme=theme.programme)
    if form.is_valid():
        form.save()
        messages.success(request, gettext("Temat har sparats."))
        return redirect(programme_url(theme.programme, f"tema-{theme.pk}"))
    return render(
        request,
        "pledges/programme_theme_form.html",
        {**SECTION, "form": form, "programme": theme.programme, "theme": theme},
    )


@coordinator_required
def programme_measure_create(request, pk):
    programme = get_programme(request, pk)
    if not programme.themes.exists():
        messages.info(request, gettext("Lägg till ett tema först: varje åtgärd hör till ett tema."))
        return redirect("pledges:theme_create", programme.pk)
    # "Add a measure" under a theme comes with ?tema=<pk>.
    theme_pk = request.GET.get("tema", "")
    initial = {"theme": int(theme_pk)} if theme_pk.isdigit() else {}
    form = ProgrammeMeasureForm(request.POST or None, programme=programme, initial=initial)
    if form.is_valid():
        measure = form.save()
        messages.success(
            request,
            gettext("Åtgärd %(number)s har lagts till.") % {"number": measure.number},
        )
        return redirect(programme_url(programme, f"atgard-{measure.pk}"))
    return render(
        request,
        "pledges/programme_measure_form.html",
        {**SECTION, "form": form, "programme": programme},
    )


@coordinator_required
def programme_measure_edit(request, pk):
    measure = get_programme_measure(request, pk)
    programme = measure.theme.programme
    form = ProgrammeMeasureForm(request.POST or None, instance=measure, programme=programme)
    if form.is_valid():
        form.save()
        messages.success(
            request, gettext("Åtgärd %(number)s har sparats.") % {"number": measure.number}
        )
        return redirect(programme_url(programme, f"atgard-{measure.pk}"))
    return render(
        request,
        "pledges/programme_measure_form.html",
        {**SECTION, "form": form, "programme": programme, "measure": measure},
    )


@upload_limit(MAX_FILE_SIZE)
@coordinator_required
def programme_import(request, pk):
    programme = get_programme(request, pk)
    form = ProgrammeImportForm(request.POST or None, request.FILES or None)
    result = None
    if form.is_valid():
        result = import_programme(programme, form.cleaned_data["file"])
        if result.ok:
            messages.success(request, import_summary(result))
            return redirect(programme_url(programme))
        for error in result.errors:
            form.add_error("file", str(error))
    return render(
        request,
        "pledges/programme_import.html",
        {**SECTION, "form": form, "programme": programme, "result": result},
    )


def import_summary(result) -> str:
    parts = [
        ngettext("%(n)s åtgärd skapad", "%(n)s åtgärder skapade", result.created)
        % {"n": result.created},
        ngettext("%(n)s uppdaterad", "%(n)s uppdaterade", result.updated) % {"n": result.updated},
        ngettext("%(n)s oförändrad", "%(n)s oförändrade", result.unchanged)
        % {"n": result.unchanged},
    ]
    summary = gettext("Filen är inläst: %(parts)s.") % {"parts": ", ".join(parts)}
    if result.themes_created:
        summary += " " + ngettext("%(n)s nytt tema.", "%(n)s nya teman.", result.themes_created) % {
            "n": result.themes_created
        }
    return summary


@coordinator_required
def programme_import_template(request):
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="importmall-atgardsprogram.csv"'
    return response
