"""What the pledge editor's tests share: reading rendered pages, and the rows a POST may change."""

from django.contrib.messages import get_messages
from django.test.html import Element, parse_html

from pledges.models import Measure, MeasureLink, Pledge, PledgeEvent, Signatory


def page(response) -> Element:
    return parse_html(response.content.decode())


def _walk(element):
    yield element
    for child in getattr(element, "children", ()):
        if isinstance(child, Element):
            yield from _walk(child)


def by_id(response_or_element, element_id: str) -> Element | None:
    root = response_or_element
    if not isinstance(root, Element):
        root = page(root)
    for element in _walk(root):
        if dict(element.attributes).get("id") == element_id:
            return element
    return None


def by_class(root: Element, css_class: str) -> list[Element]:
    return [
        element
        for element in _walk(root)
        if css_class in (dict(element.attributes).get("class") or "").split()
    ]


def by_tag(root: Element, name: str) -> list[Element]:
    return [element for element in _walk(root) if element.name == name]


def text(element: Element | None) -> str:
    """The element's text, whitespace collapsed, as a reader sees it."""
    if element is None:
        return ""
    parts = []
    for child in element.children:
        parts.append(text(child) if isinstance(child, Element) else str(child))
    return " ".join(" ".join(parts).split())


def field_error(response, html_name: str) -> str:
    """The message crispy renders inside the field's own container (`div_id_<name>`)."""
    container = by_id(response, f"div_id_{html_name}")
    assert container is not None, f"no field {html_name} on the page"
    return " ".join(text(feedback) for feedback in by_class(container, "invalid-feedback"))


def field_value(response, html_name: str) -> str:
    """What the input or textarea `id_<name>` shows the user."""
    element = by_id(response, f"id_{html_name}")
    assert element is not None, f"no input {html_name} on the page"
    if element.name == "textarea":
        return text(element)
    return dict(element.attributes).get("value") or ""


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


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


def stored(pledge) -> dict:
    """Every row of the pledge a content edit or a status move could change."""
    return {
        "pledge": Pledge.objects.filter(pk=pledge.pk).values().get(),
        "measures": list(Measure.objects.filter(pledge=pledge).order_by("pk").values()),
        "links": list(MeasureLink.objects.filter(measure__pledge=pledge).order_by("pk").values()),
        "signatories": list(Signatory.objects.filter(pledge=pledge).order_by("pk").values()),
        "events": list(PledgeEvent.objects.filter(pledge=pledge).order_by("pk").values()),
    }
