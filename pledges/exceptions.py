"""The errors the workflow rules raise, for the pledges and their follow-up alike:
a step the status does not allow, content that cannot change in its status, and a
save that someone else's came before."""


class TransitionError(Exception):
    """A workflow step that the status (of a pledge, a report, a round) does not allow."""


class ContentLocked(Exception):
    """The content cannot change in its status (an approved pledge, a submitted report, …)."""


class EditConflict(Exception):
    """Someone else saved the part being edited (of a pledge, a report) after the
    editor read it.

    `current_revision` is that part's revision now (None when it is gone: a measure
    deleted meanwhile)."""

    def __init__(self, current_revision):
        super().__init__(current_revision)
        self.current_revision = current_revision
