"""A one-line field holds one line: a line break typed or posted into a name would
forge paragraphs where the name is written out (the invitation e-mail, the PDF)."""

import importlib
import inspect

import pytest
from django import forms
from django.core import mail
from django.urls import reverse

from actors.fields import SINGLE_LINE_MESSAGE, SingleLineFieldsMixin
from actors.models import Actor, User
from tests.actors.actor_pages import invite
from tests.html import field_error

FORGED = [
    "Aktör AB\r\n\r\nKlicka här: https://example.com",
    "Aktör AB\nDel två",
    "Aktör\tAB",
    "Aktör\x1bAB",
    "Aktör\u2028AB",
    "Aktör\x85AB",
]


@pytest.mark.parametrize("name", FORGED)
def test_an_actors_name_with_a_line_break_is_refused_next_to_the_field(client, coordinator, name):
    client.force_login(coordinator)
    response = client.post(reverse("actors:create"), {"name": name, "kind": "company"})
    assert response.status_code == 200
    assert str(SINGLE_LINE_MESSAGE) in field_error(response, "name")
    assert not Actor.objects.filter(name__startswith="Aktör").exists()


def test_an_invitees_name_with_a_line_break_is_refused_and_nothing_is_sent(
    client, coordinator, actor_a
):
    client.force_login(coordinator)
    response = invite(client, actor_a, full_name="Stina\r\n\r\nSe bifogad faktura")
    assert response.status_code == 200
    assert str(SINGLE_LINE_MESSAGE) in field_error(response, "full_name")
    assert not mail.outbox
    assert not User.objects.filter(email="stina@example.org").exists()


def test_a_name_on_one_line_is_kept(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("actors:create"), {"name": "Växjö Solel AB", "kind": "company"})
    assert response.status_code == 302


FORM_MODULES = ["actors.forms", "pledges.forms", "followup.forms"]


def _forms():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                yield f"{module_name}.{name}", cls


@pytest.mark.parametrize(("name", "cls"), list(_forms()))
def test_every_form_of_the_portal_keeps_its_one_line_fields_on_one_line(name, cls):
    assert issubclass(cls, SingleLineFieldsMixin), name


def test_the_check_covers_text_inputs_and_leaves_text_areas_and_passwords():
    class Form(SingleLineFieldsMixin, forms.Form):
        name = forms.CharField()
        text = forms.CharField(widget=forms.Textarea)
        password = forms.CharField(widget=forms.PasswordInput)

    form = Form({"name": "a\nb", "text": "a\nb", "password": "a\nb"})
    assert not form.is_valid()
    assert form.errors == {"name": [SINGLE_LINE_MESSAGE]}


def test_fields_a_form_adds_as_it_is_made_are_covered_too():
    class Form(SingleLineFieldsMixin, forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["question_1"] = forms.CharField()

    assert Form({"question_1": "a\nb"}).errors == {"question_1": [SINGLE_LINE_MESSAGE]}
