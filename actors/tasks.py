"""Background tasks of the actors app: e-mail is rendered and sent by the worker."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_templated_email(
    *, to: list[str], template: str, context: dict, language: str = "sv"
) -> int:
    """Render `<template>_subject.txt` and `<template>.txt` and send them.

    The context holds only JSON values (the task runs in another process):
    pass names, texts and absolute URLs, not model instances.
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return 0
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    return message.send()
