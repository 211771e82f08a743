"""The coordinator's pages call late what the late notices call late (followup/lateness.py)."""

from django.urls import reverse

from followup.models import Report
from tests.factories import report_in_status


def test_late_on_the_pages_is_late_in_the_e_mails(
    client, halfway_round, pledge_a, pledge_b, editor_a, coordinator
):
    """A report sent back is still owed; a withdrawn pledge's report is owed no more."""
    halfway_round.mark_opened()
    sent_back = Report.objects.create_for(halfway_round, pledge_a)
    report_in_status(
        Report.Status.CHANGES_REQUESTED, sent_back, editor=editor_a, coordinator=coordinator
    )
    Report.objects.create_for(halfway_round, pledge_b)
    pledge_b.withdraw(by=coordinator)
    client.force_login(coordinator)
    (round,) = client.get(reverse("followup:round_list")).context["rounds"]
    assert round.n_late == 1
    detail = client.get(reverse("followup:round_detail", args=[round.pk]))
    assert detail.context["n_late"] == 1
