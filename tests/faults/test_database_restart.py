"""PostgreSQL restarted under a web process and a worker: every save that was answered
as saved is in the database, the outage is a 503 page, and once the server is back
every request succeeds and the worker works on (no stale connection anywhere).

The server restarted is one of the test's own (servers.OwnPostgres), holding a copy of
the test database: never the shared one the other tests use."""

import re
import threading
import time

import psycopg
import pytest
from django.urls import reverse

from actors.models import County
from actors.reference import load_counties
from followup.models import Report, ReportLink
from pledges.models import EnvironmentalObjective, GlobalGoal
from pledges.reference import load_objectives_and_goals
from tests import factories

from .servers import (
    OwnPostgres,
    Web,
    Worker,
    form_fields,
    open_report_link,
    portal_env,
    require_postgresql,
    running,
    test_database_url,
    wait_for,
)

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

OUTAGE_SECONDS = 2


class Saver(threading.Thread):
    """A representative saving the report's comment again and again, as fast as the
    portal answers: each save reads the form (its revision) and posts it."""

    def __init__(self, base_url, browser, form_path):
        super().__init__(daemon=True)
        self.base_url, self.browser, self.form_path = base_url, browser, form_path
        self.attempts = []  # (started, kind, status, comment)
        self.stopped = threading.Event()

    def save(self, n: int):
        started = time.monotonic()
        comment = f"sparad {n}"
        url = self.base_url + self.form_path
        try:
            page = self.browser.get(url, timeout=30)
            if page.status_code != 200:
                return started, "read", page.status_code, comment
            fields = form_fields(page.text, having="revision") | {
                "comment": comment,
                "action": "save",
            }
            answer = self.browser.post(
                url, data=fields, headers={"Referer": url}, allow_redirects=False, timeout=30
            )
        except Exception as error:  # noqa: BLE001  (any failure is recorded, and told apart)
            return started, "error", repr(error), comment
        return started, "save", answer.status_code, comment

    def run(self):
        n = 0
        while not self.stopped.is_set():
            n += 1
            self.attempts.append(self.save(n))
            time.sleep(0.05)

    def saved(self) -> list[str]:
        return [c for _s, kind, status, c in self.attempts if kind == "save" and status == 302]


def test_a_database_restart_loses_no_save_and_leaves_nothing_broken(tmp_path, settings):
    require_postgresql()
    server = OwnPostgres()
    try:
        server.start()
        load_counties(County)
        load_objectives_and_goals(EnvironmentalObjective, GlobalGoal)
        kronoberg = factories.county("07")
        coordinator = factories.CountyRoleFactory(county=kronoberg).user
        actor = factories.ActorFactory(county=kronoberg)
        editor = factories.MembershipFactory(actor=actor).user
        pledge = factories.signed_pledge(actor=actor)
        report = Report.objects.create_for(factories.make_round(pledge.county), pledge)
        factories.fill(report)  # every measure has a status: the report may be submitted
        _link, token = ReportLink.objects.issue(report, editor.email)
        server.copy_database(test_database_url(), "portal")

        env = portal_env(
            database_url=server.url("portal"),
            folder=tmp_path,
            TASKS_HEARTBEAT_SECONDS=0.5,
            TASKS_WORKER_TIMEOUT_SECONDS=10,
        )
        web, worker = Web("web", env, tmp_path), Worker("worker", env, tmp_path)
        with running(web, worker):
            browser, form_path = open_report_link(
                web.url, reverse("followup:report_link", kwargs={"token": token})
            )
            saver = Saver(web.url, browser, form_path)
            saver.start()
            wait_for(lambda: len(saver.saved()) >= 3, timeout=60, what="saves", processes=[web])

            server.stop("immediate")  # as a crash: no checkpoint, recovery from the WAL
            time.sleep(OUTAGE_SECONDS)
            server.start()
            back = time.monotonic()

            wait_for(
                lambda: sum(1 for a in saver.attempts if a[0] > back) >= 10,
                timeout=60,
                what="saves after the restart",
                processes=[web],
            )
            saver.stopped.set()
            saver.join(timeout=60)

            during = [a for a in saver.attempts if a[0] <= back]
            after = [a for a in saver.attempts if a[0] > back]
            # While the server was down: a 503 page, or a save that went through.
            assert {status for _s, _k, status, _c in during} <= {200, 302, 503}, during
            assert any(status == 503 for _s, _k, status, _c in during), "no outage seen"
            # Once it is back: every request succeeds.
            assert all(kind == "save" and status == 302 for _s, kind, status, _c in after), after
            assert browser.get(web.url + "/health/", timeout=10).status_code == 200

            # The worker reconnected too: the submission's e-mail reaches the coordinator.
            url = web.url + form_path
            fields = form_fields(browser.get(url, timeout=30).text, having="revision")
            submitted = browser.post(
                url,
                data=fields | {"action": "submit"},
                headers={"Referer": url},
                allow_redirects=False,
                timeout=30,
            )
            assert submitted.status_code == 302
            mail = tmp_path / "mail"
            wait_for(
                lambda: any(
                    re.search(rf"^To: {re.escape(coordinator.email)}$", p.read_text(), re.M)
                    for p in mail.iterdir()
                ),
                timeout=60,
                what="the worker's e-mail",
                processes=[worker],
            )
            assert worker.alive()

        with psycopg.connect(server.url("portal")) as db:
            stored = {
                row[0]
                for row in db.execute(
                    "SELECT comment FROM followup_historicalreport WHERE id = %s", [report.pk]
                )
            }
            status = db.execute("SELECT status FROM followup_report WHERE id = %s", [report.pk])
            assert status.fetchone()[0] == Report.Status.SUBMITTED
        missing = [c for c in saver.saved() if c not in stored]
        assert not missing, f"answered as saved, not in the database: {missing}"
    finally:
        server.remove()
