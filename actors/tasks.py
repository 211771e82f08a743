"""Background tasks of the actors app: e-mail is rendered and sent by the worker."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .faults import pause
from .links import absolute_url, invitation_url, link_lifetime, password_reset_url, sign_in_url
from .models import Actor, Invitation, Membership, User
from .outbox import sending_once

# The kinds of e-mail send_account_link() sends.
SIGN_IN = "sign_in"
INVITATION = "invitation"
PASSWORD_RESET = "password_reset"  # noqa: S105  (a kind of e-mail)


def render_and_send(*, to: list[str], template: str, context: dict) -> int:
    """Render `<template>_subject.txt` and `<template>.txt` and send them, once per
    task run (actors/outbox.py): a task run again skips what it sent already."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    with sending_once(template, recipients) as send:
        if not send:
            return 0  # sent by an earlier run of this task, whose worker died
        sent = message.send()
    pause("email-sent")
    return sent


@task()
def send_templated_email(
    *, to: list[str], template: str, context: dict, language: str = "sv"
) -> int:
    """Render `<template>_subject.txt` and `<template>.txt` and send them.

    The context holds only JSON values (the task runs in another process):
    pass names, texts and absolute URLs, not model instances. The arguments
    are stored in the task table: never pass a link that signs someone in
    (use send_account_link).
    """
    with translation.override(language):
        return render_and_send(to=to, template=template, context=context)


@task()
def send_account_link(
    *,
    user_id: int,
    kind: str,
    language: str = "sv",
    actor_id: int | None = None,
    role: str = "",
    invited_by_id: int | None = None,
) -> int:
    """E-mail a person a link into their account: a sign-in link, an invitation, a reset.

    The link is made here, in the worker, and only ids are passed in: the
    task table (django-tasks-db) keeps a task's arguments, shows them in the
    admin, and goes into backups, where a live link would let anyone who reads
    it sign in as the person. A link made when the e-mail goes out is also as
    fresh as it can be.

    Nothing is sent if the account was closed (or the invitation withdrawn)
    before the task ran.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    with translation.override(language):
        context = {"name": user.get_full_name()}
        if kind == PASSWORD_RESET:
            template = "registration/email/password_reset"
            context["url"] = password_reset_url(user)
        elif kind == SIGN_IN:
            template = "registration/email/sign_in_link"
            context |= {"url": sign_in_url(user), "lifetime": link_lifetime()}
        elif kind == INVITATION:
            membership = (
                Membership.objects.filter(user=user, actor_id=actor_id, role=role)
                .select_related("actor__county")
                .first()
            )
            if membership is None:
                return 0
            actor: Actor = membership.actor
            inviter = User.objects.filter(pk=invited_by_id).first()
            template = "actors/email/invitation"
            context |= {
                "url": sign_in_url(user),
                "lifetime": link_lifetime(),
                "actor": actor.name,
                "board": actor.county.board_name,
                "role": membership.get_role_display().lower(),
                "invited_by": inviter.get_full_name() if inviter else "",
            }
        else:
            raise ValueError(f"Unknown kind of account e-mail: {kind!r}")
        return render_and_send(to=[user.email], template=template, context=context)


@task()
def send_invitation_request(*, invitation_id: int, language: str = "sv") -> int:
    """Ask an existing account's owner whether they will act for the actor.

    The answering link is made here, from the id, like send_account_link's
    links. Nothing is sent once the invitation is answered or the account closed.
    """
    invitation = (
        Invitation.objects.pending()
        .filter(pk=invitation_id, user__is_active=True)
        .select_related("user", "actor__county", "invited_by")
        .first()
    )
    if invitation is None:
        return 0
    with translation.override(language):
        context = {
            "name": invitation.user.get_full_name(),
            "email": invitation.user.email,
            "url": invitation_url(invitation),
            "account_url": absolute_url(reverse("password_change")),
            "lifetime": link_lifetime(),
            "actor": invitation.actor.name,
            "board": invitation.actor.county.board_name,
            "role": invitation.get_role_display().lower(),
            "invited_by": invitation.invited_by.get_full_name() if invitation.invited_by else "",
        }
        return render_and_send(
            to=[invitation.user.email], template="actors/email/invitation_request", context=context
        )
