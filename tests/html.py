"""Reading rendered pages as a user sees them: elements by id, class and tag, their text,
and what a form field shows."""

from django.test.html import Element, parse_html


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
