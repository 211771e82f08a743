"""Two web processes and two workers on one PostgreSQL and one Redis, as the portal runs
on more than one machine, under bursts of saves of one report: every save either lands
(its text is in the database) or is refused with the conflict message (and nothing of
it is written); none is lost, and the news of the submission is sent once.

Eight representatives, each through their own e-mailed link, alternating between the
two gunicorn processes, post the report form at the same moment from the same
revision; the refused ones post again from the conflict page, as a person would."""

import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.urls import reverse
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from actors.models import County
from actors.reference import load_counties
from followup.models import Report, ReportLink
from pledges.models import EnvironmentalObjective, GlobalGoal
from pledges.reference import load_objectives_and_goals
from tests import factories

from .servers import (
    Web,
    Worker,
    form_fields,
    open_report_link,
    portal_env,
    redis_url,
    require_postgresql,
    running,
    test_database_url,
    wait_for,
)

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

CLIENTS = 8
CONFLICT = "Någon annan har sparat rapporten medan du skrev."


def test_every_save_of_a_burst_lands_or_is_refused_with_a_message(tmp_path):
    require_postgresql()
    cache_url = redis_url()
    try:
        redis.Redis.from_url(cache_url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"no Redis answers at {cache_url}: {error}")
        pytest.skip(f"no Redis answers at {cache_url} (CI requires one: REQUIRE_REDIS=1)")
    load_counties(County)
    load_objectives_and_goals(EnvironmentalObjective, GlobalGoal)
    kronoberg = factories.county("07")
    coordinator = factories.CountyRoleFactory(county=kronoberg).user
    actor = factories.ActorFactory(county=kronoberg)
    editors = [factories.MembershipFactory(actor=actor).user for _ in range(CLIENTS)]
    pledge = factories.signed_pledge(actor=actor)
    report = Report.objects.create_for(factories.make_round(kronoberg), pledge)
    factories.fill(report)
    tokens = [ReportLink.objects.issue(report, editor.email)[1] for editor in editors]

    env = portal_env(database_url=test_database_url(), folder=tmp_path, cache_url=cache_url)
    webs = [Web(f"web-{n}", env, tmp_path) for n in (1, 2)]
    workers = [Worker(f"worker-{n}", env, tmp_path) for n in (1, 2)]
    with running(*webs, *workers):
        clients = []
        for i, token in enumerate(tokens):
            web = webs[i % 2]
            browser, path = open_report_link(
                web.url, reverse("followup:report_link", kwargs={"token": token})
            )
            page = browser.get(web.url + path, timeout=30)
            clients.append({"browser": browser, "url": web.url + path, "page": page.text, "n": i})

        landed, refused = [], []
        waiting = clients
        for burst in range(1, CLIENTS + 1):
            start = threading.Barrier(len(waiting))

            def save(client, burst=burst, start=start):
                comment = f"representant {client['n']}, omgång {burst}"
                fields = form_fields(client["page"], having="revision") | {
                    "comment": comment,
                    "action": "save",
                }
                start.wait(timeout=60)
                answer = client["browser"].post(
                    client["url"],
                    data=fields,
                    headers={"Referer": client["url"]},
                    allow_redirects=False,
                    timeout=60,
                )
                return client, comment, answer

            with ThreadPoolExecutor(len(waiting)) as pool:
                answers = list(pool.map(save, waiting))
            waiting = []
            for client, comment, answer in answers:
                if answer.status_code == 302:
                    landed.append(comment)
                else:
                    # Refused, and told so next to what they typed; they try again.
                    assert answer.status_code == 200, (answer.status_code, answer.text[:300])
                    assert CONFLICT in answer.text
                    assert comment in answer.text
                    refused.append(comment)
                    client["page"] = answer.text
                    waiting.append(client)
            # Everyone posted from the same revision: exactly one could take the next.
            assert len(landed) == burst, answers
            if not waiting:
                break
        assert not waiting

        # The last to land submits; of the two workers, one sends the coordinator the news.
        last = next(c for c in clients if landed[-1].startswith(f"representant {c['n']},"))
        page = last["browser"].get(last["url"], timeout=30)
        submitted = last["browser"].post(
            last["url"],
            data=form_fields(page.text, having="revision") | {"action": "submit"},
            headers={"Referer": last["url"]},
            allow_redirects=False,
            timeout=30,
        )
        assert submitted.status_code == 302
        mail = tmp_path / "mail"

        def news():
            text = "".join(p.read_text() for p in mail.iterdir())
            return re.findall(rf"^To: {re.escape(coordinator.email)}$", text, re.M)

        wait_for(news, timeout=60, what="the submission's news", processes=workers)
        # Both workers idle: nothing left that could send it a second time.
        wait_for(
            lambda: (
                not DBTaskResult.objects.exclude(
                    status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
                ).exists()
            ),
            timeout=60,
            what="the queue to empty",
            processes=workers,
        )
        assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()

    stored = set(report.history.values_list("comment", flat=True))
    assert all(comment in stored for comment in landed), "a save answered as saved is lost"
    assert not stored & set(refused), "a refused save was written"
    report.refresh_from_db()
    assert report.comment == landed[-1]
    assert report.status == Report.Status.SUBMITTED
    assert len(news()) == 1
