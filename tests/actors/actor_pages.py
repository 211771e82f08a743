"""What the tests of the actor's pages share: the invitation form as a coordinator posts it."""

from django.urls import reverse


def invite(client, actor, **data):
    """Post the actor's invitation form: Stina Ström as an editor, unless `data` says else."""
    values = {"full_name": "Stina Ström", "email": "stina@example.org", "role": "editor"} | data
    return client.post(reverse("actors:invite", args=[actor.slug]), values)
