"""The workflow machinery the pledges and their follow-up reports share: the event
row each step writes (WorkflowEvent), the step itself and the claim of a revision
before a content change (Workflow). It lives here, in the lowest app that needs it
(DESIGN.md, "Conventions").

A Workflow model has a `Status` (TextChoices) in a `status` field, a
`TRANSITIONS` map of where each status may go next, a `revision` counter, an
`updated_at` and its events under the related name `events`.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..exceptions import EditConflict, TransitionError


class WorkflowEvent(models.Model):
    """One step in a life: who moved it from which status to which, when, and why.
    The subclass adds the object it is about and the two statuses with its choices."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    note = models.TextField(_("kommentar"), blank=True)

    class Meta:
        abstract = True

    def status_change(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Workflow(models.Model):
    """A model whose status moves by steps, each checked and recorded (see the module)."""

    class Meta:
        abstract = True

    def can_transition(self, to) -> bool:
        return to in self.TRANSITIONS[self.Status(self.status)]

    @transaction.atomic
    def _move(self, to, *, by, note, refused, moved, at=None, changes=None, **event_fields):
        """Move to the status `to` and write its event; return the event.

        Refused (TransitionError with `refused`, which names %(from)s and %(to)s)
        unless TRANSITIONS allow the move. The UPDATE is conditional on the status and
        the revision this copy was read at, so two people pressing buttons at once
        cannot both move it, and a copy read before someone else's moves (even ones
        that came back to the same status) cannot move it either: TransitionError with
        `moved`. `changes` are further columns the step writes; `at` dates the event
        (now); `event_fields` are the event's own.
        """
        to = self.Status(to)
        if not self.can_transition(to):
            raise TransitionError(refused % {"from": self.get_status_display(), "to": to.label})
        now = timezone.now()
        updated = (
            type(self)
            .objects.filter(pk=self.pk, status=self.status, revision=self.revision)
            .update(status=to, revision=F("revision") + 1, updated_at=now, **(changes or {}))
        )
        if not updated:
            raise TransitionError(moved)
        event = self.events.create(
            from_status=self.status, to_status=to, by=by, note=note, at=at or now, **event_fields
        )
        self.refresh_from_db()
        return event

    def _claim(self, counter: str, expected, *, statuses, locked, also=(), read=()) -> int:
        """Take the next value of the revision `counter` for a content change, or refuse.

        Refused unless the stored status is one of `statuses` (with the exception
        `locked(status)` returns) and, unless `expected` is None, `counter` is still at
        `expected`, the revision the editor read (EditConflict with its value now;
        None when the row is gone). The counters in `also` are counted up with it.
        This copy gets the stored status, `counter` and the fields in `read`.

        Call inside a transaction, before writing: the conditional UPDATE both detects
        a save made since the editor read it and locks the row until the transaction
        ends, so two saves cannot interleave.
        """
        condition = {} if expected is None else {counter: expected}
        rows = type(self).objects.filter(pk=self.pk)
        updated = rows.filter(status__in=statuses, **condition).update(
            **{name: F(name) + 1 for name in {counter, *also}}, updated_at=timezone.now()
        )
        current = rows.values(*dict.fromkeys(("status", counter, *read))).first()
        if not updated:
            if current and current["status"] not in statuses:
                raise locked(current["status"])
            raise EditConflict(current[counter] if current else None)
        for name, value in current.items():
            setattr(self, name, value)
        return current[counter]
