"""What the pledge editor's tests share: the forms as a browser posts them, and the rows a
POST may change."""

from pledges.models import Measure, MeasureLink, Party, Pledge, PledgeEvent, Signatory


def resubmit(*forms) -> dict:
    """The POST a browser sends for these (bound or unbound) forms as the page shows them."""
    data = {}
    for form in forms:
        if hasattr(form, "management_form"):
            data.update(resubmit(form.management_form, *form.forms))
            continue
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def measure_data(revision, *, heading="", text="", links=(), unit="", baseline="", target=""):
    """The measure form as posted: `links` are (reference, is_primary) rows."""
    data = {
        "revision": revision,
        "heading": heading,
        "text": text,
        "indicator_unit": unit,
        "indicator_baseline": baseline,
        "indicator_target": target,
        "links-TOTAL_FORMS": len(links),
        "links-INITIAL_FORMS": 0,
    }
    for i, (reference, primary) in enumerate(links):
        data[f"links-{i}-reference"] = reference
        if primary:
            data[f"links-{i}-is_primary"] = "on"
    return data


def pledge_data(pledge, **changes) -> dict:
    """The pledge form as posted, unchanged except for `changes`."""
    data = {
        "revision": pledge.fields_revision,
        "start_year": pledge.start_year,
        "end_year": pledge.end_year,
        "introduction": pledge.introduction,
        "signing_place": pledge.signing_place,
    }
    data.update(changes)
    return data


def signatories_data(pledge, **first_changes):
    """The signatories' formset as posted: the actor's rows (the ones an actor's editor
    is shown too), one blank extra row."""
    signatories = list(pledge.signatories.filter(party="actor").order_by("order", "pk"))
    data = {
        "revision": pledge.signatories_revision,
        "form-TOTAL_FORMS": len(signatories) + 1,
        "form-INITIAL_FORMS": len(signatories),
    }
    for i, signatory in enumerate(signatories):
        fields = {
            "id": signatory.pk,
            "party": signatory.party,
            "name": signatory.name,
            "title": signatory.title,
            "organisation": signatory.organisation,
            "email": signatory.email,
        }
        if i == 0:
            fields.update(first_changes)
        data.update({f"form-{i}-{name}": value for name, value in fields.items()})
    return data


def actor_headings(pledge) -> list[str]:
    """The headings of the actor's measures, in the order the pledge shows them."""
    return list(
        pledge.measures.filter(party=Party.ACTOR)
        .order_by("order", "pk")
        .values_list("heading", flat=True)
    )


def stored(pledge) -> dict:
    """Every row of the pledge a content edit or a status move could change."""
    return {
        "pledge": Pledge.objects.filter(pk=pledge.pk).values().get(),
        "measures": list(Measure.objects.filter(pledge=pledge).order_by("pk").values()),
        "links": list(MeasureLink.objects.filter(measure__pledge=pledge).order_by("pk").values()),
        "signatories": list(Signatory.objects.filter(pledge=pledge).order_by("pk").values()),
        "events": list(PledgeEvent.objects.filter(pledge=pledge).order_by("pk").values()),
    }
