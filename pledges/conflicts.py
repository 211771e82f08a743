"""After an edit conflict: nothing of the user's was saved, and nothing they typed is lost."""

from django.utils.translation import gettext as _


def form_after_conflict(form_class, data, revision, *, message=None, **kwargs):
    """The form again, as the user typed it, now carrying the part's current revision
    and saying (`message`, or the pledge's) that someone else saved meanwhile: saving
    again overwrites theirs.

    `revision` is the current revision of the form's one part, or, for a form of
    several parts, each revision field's current value by name. `form_class` is
    called with `data=` and `kwargs`, and has is_valid() and add_error() as a form.
    """
    data = data.copy()
    prefix = kwargs.get("prefix")
    revisions = revision if isinstance(revision, dict) else {"revision": revision}
    for name, value in revisions.items():
        data[f"{prefix}-{name}" if prefix else name] = value
    form = form_class(data=data, **kwargs)
    form.is_valid()
    if message is None:
        message = _(
            "Någon annan har sparat löftet medan du redigerade. Dina ändringar är inte "
            "sparade, men de står kvar nedan: jämför med det som nu är sparat och spara igen."
        )
    form.add_error(None, message)
    return form
