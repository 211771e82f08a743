"""The benchmark suite of issue 19, against PostgreSQL with the national data set.

    python bench/run.py [--pledges-per-county N] [--quick] [--force]
    make bench                        # the same (BENCH_PLEDGES_PER_COUNTY, default 300)

Makes sure the database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/mml_national) holds the national data set for N
(`manage.py load_scale_data`; a database that holds anything else is refused unless
--force, which drops it), starts gunicorn (2 workers, sharing a Redis cache as web
processes in production do: BENCH_CACHE_URL, default redis://127.0.0.1:6379/9,
emptied first) on a free port, and measures in one run:

- the public pledge page's requests per second ÷ /health/'s (wrk, 2 threads, 16
  connections): at least 0.60;
- p90 and p99 of every page kind (wrk, one connection, --latency; the signed-in pages
  with a real session cookie): p90 < 100 ms, p99 < 250 ms;
- the county dashboard's figures ÷ the hand-written SQL (bench_dashboard.py): at most 2;
- signed-PDF rendering ÷ WeasyPrint alone (bench_pdf.py): at most 1.2;
- a web worker's RSS after 10,000 requests over every page kind, against after a
  warm-up: growth under 20 %.

Prints the table and writes bench/results.md (machine, date, commit). Stops gunicorn
whatever happens. Exits non-zero if any row fails.
"""

import argparse
import contextlib
import datetime
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mml_national"
PYTHON = sys.executable
COUNTIES = 21

RPS_BOUND = 0.60
P90_BOUND, P99_BOUND = 100.0, 250.0
DASHBOARD_BOUND = 2.0
PDF_BOUND = 1.2
RSS_BOUND = 0.20


# The data set -----------------------------------------------------------------------


def ensure_dataset(url: str, n: int, *, force: bool) -> str:
    """Create, migrate and fill the database unless it already holds the national data
    set for `n`. Returns what was done, for the report."""
    import psycopg
    from psycopg import sql

    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    admin = psycopg.conninfo.make_conninfo(url, dbname="postgres")

    def state() -> str:
        try:
            connection = psycopg.connect(url)
        except psycopg.OperationalError as error:
            if "does not exist" in str(error):
                return "missing"
            raise
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('pledges_pledge') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return "empty"
            cursor.execute(
                "SELECT count(*) FILTER (WHERE slug LIKE 'skala-%%'),"
                " count(*) FILTER (WHERE slug NOT LIKE 'skala-%%') FROM pledges_pledge"
            )
            ours, others = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM actors_actor WHERE slug NOT LIKE 'skala-%%'")
            others += cursor.fetchone()[0]
            if others:
                return "foreign"
            if ours == COUNTIES * n:
                return "ready"
            return "empty" if ours == 0 else "other-n"

    found = state()
    if found == "ready":
        return f"the data set for N={n} was there"
    if found == "foreign" and not force:
        sys.exit(f"{name} holds data that is not the national data set; --force drops it")
    if found != "empty":
        with psycopg.connect(admin, autocommit=True) as connection:
            if found != "missing":
                connection.execute(
                    sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
                )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    start = time.perf_counter()
    subprocess.run(
        [PYTHON, "manage.py", "load_scale_data", f"--pledges-per-county={n}"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return f"generated the data set for N={n} in {time.perf_counter() - start:.0f} s"


# The pages --------------------------------------------------------------------------


def pages() -> tuple[list[tuple[str, str, bool]], dict]:
    """(name, path, signed in) of every page kind, on the data set; and the objects."""
    from django.db.models import Count
    from django.urls import reverse

    from actors.models import County
    from followup.models import Report, Round
    from pledges.models import Pledge

    county = County.objects.get(code="07")
    published = Pledge.objects.filter(status__in=Pledge.PUBLISHED_STATUSES)
    pledge = published.filter(county=county).order_by("slug").first()
    large = (
        published.annotate(n=Count("measures__links"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    theme = county.programmes.get().themes.order_by("order").first()
    pm = theme.measures.order_by("pk").first()
    draft = Pledge.objects.filter(county=county, status=Pledge.Status.DRAFT).order_by("pk").first()
    rnd = Round.objects.filter(county=county).order_by("-due").first()
    report = (
        Report.objects.filter(round__county=county, status=Report.Status.SUBMITTED)
        .order_by("pk")
        .first()
    )
    last_page = max(1, (published.count() + 24) // 25)
    kinds = [
        ("front page", reverse("home"), False),
        ("pledge list, first page", reverse("pledges:list"), False),
        ("pledge list, deep page", f"{reverse('pledges:list')}?sida={last_page - 1}", False),
        ("search", f"{reverse('pledges:list')}?q=energikontor", False),
        ("pledge page", reverse("pledges:detail", args=[pledge.slug]), False),
        ("large pledge page", reverse("pledges:detail", args=[large]), False),
        ("county page", reverse("actors:county", args=[county.slug]), False),
        ("theme page", reverse("pledges:theme", args=[county.slug, theme.pk]), False),
        (
            "programme-measure page",
            reverse("pledges:programme_measure", args=[county.slug, pm.pk]),
            False,
        ),
        ("API pledge list", "/api/pledges/", False),
        ("API pledge detail", f"/api/pledges/{pledge.slug}/", False),
        ("workspace", reverse("workspace"), True),
        ("editor", reverse("pledges:edit", args=[draft.pk]), True),
        ("round review", reverse("followup:round_detail", args=[rnd.pk]), True),
        ("report review", reverse("followup:report_review", args=[report.pk]), True),
        ("county dashboard", reverse("followup:dashboard", args=[county.slug]), True),
        ("national view", reverse("followup:national"), True),
    ]
    # Published pledges of every county, in a fixed order, for the memory run's mix.
    slugs = list(published.order_by("slug").values_list("slug", flat=True)[::20][:200])
    return kinds, {"county": county, "pledge": pledge, "slugs": slugs}


def signed_in_client(user):
    """A test client signed in as `user`, as the login and the second factor's code page
    make it (a session in the database): staff pages answer only a session that has
    passed the code."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Benchmark", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def session_cookie(user) -> str:
    """The cookie of a real session of `user` (signed_in_client)."""
    client = signed_in_client(user)
    return f"sessionid={client.cookies['sessionid'].value}"


# gunicorn and wrk -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/9"


@contextlib.contextmanager
def shared_cache():
    """The Redis the two workers share, emptied (each run starts from a cold cache):
    BENCH_CACHE_URL's, or the machine's on 6379; where none answers, a redis-server of
    the benchmark's own (Debian's package, `scripts/system-packages bench`), stopped at
    the end."""
    import redis

    url = os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError:
        if "BENCH_CACHE_URL" in os.environ:
            raise SystemExit(f"BENCH_CACHE_URL ({url}) does not answer") from None
    else:
        yield url
        return
    port = free_port()
    own = subprocess.Popen(  # noqa: S603 (our own arguments)
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.exceptions.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        own.terminate()
        own.wait(timeout=20)


@contextlib.contextmanager
def gunicorn(url: str, port: int, log: Path, cache_url: str):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        # The public pages, the API's pledges and the dashboards' figures are kept in
        # the shared cache: with a cache per process, each worker would compute them once.
        "CACHE_URL": cache_url,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        # wrk is one client: the API's per-client throttle would answer it 429.
        "API_THROTTLE_RATE": "100000000/minute",
    }
    with open(log, "w") as out:
        process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "config.wsgi",
                "--workers=2",
                f"--bind=127.0.0.1:{port}",
                "--timeout=60",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"gunicorn did not start: see {log}") from None
                time.sleep(0.5)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wrk(url: str, *, threads=1, connections=1, seconds=5, cookie="", script=None) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout=30s"]
    command.append("--latency")
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    result = {"output": out}
    result["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["errors"] = int(bad.group(1)) if bad else 0
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", out)
    result["errors"] += int(timeouts.group(1)) if timeouts else 0
    for percent in ("50", "90", "99"):
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if found:
            value, unit = float(found.group(1)), found.group(2)
            result[f"p{percent}"] = value * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return result


def sample_latency(port: int, path: str, *, cookie="", seconds=5.0, least=20, most=30.0):
    """Request `path` one at a time on one kept-alive connection: at least `least`
    times and `seconds` long, but no longer than `most` seconds. Returns the times in ms
    and the number of answers that were not 200."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    times, errors = [], 0
    started = time.perf_counter()
    while True:
        elapsed = time.perf_counter() - started
        if (elapsed >= seconds and len(times) >= least) or (elapsed >= most and times):
            break
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        times.append((time.perf_counter() - start) * 1000)
        errors += response.status != 200
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.close()
    return times, errors


def percentile(values, p: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def fetch_status(url: str, cookie: str = "") -> int:
    """The status of one GET, a redirect not followed: a signed-in page that sends the
    session to the sign-in or the code page is not that page."""
    import http.client

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        return connection.getresponse().status
    finally:
        connection.close()


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


ROTATE = """
-- Every page kind in turn; the signed-in ones with the session cookie.
paths = {%(paths)s}
signed = {%(signed)s}
cookie = "%(cookie)s"
i = 0
request = function()
  i = (i %% #paths) + 1
  if signed[i] then
    return wrk.format("GET", paths[i], {["Cookie"] = cookie})
  end
  return wrk.format("GET", paths[i])
end
"""


# The run ----------------------------------------------------------------------------


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True)
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout else "")
    except OSError:
        return "unknown"


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{platform.node()}, {os.cpu_count()} cores of {cpu}, load average {load}"


def main() -> None:  # noqa: C901, PLR0915 (the run, step by step)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pledges-per-county",
        type=int,
        default=int(os.environ.get("BENCH_PLEDGES_PER_COUNTY", "300")),
        help="the data set's N (default BENCH_PLEDGES_PER_COUNTY or 300)",
    )
    parser.add_argument("--quick", action="store_true", help="shorter runs (a smoke test)")
    parser.add_argument("--force", action="store_true", help="drop a database of other data")
    parser.add_argument(
        "--memory-requests",
        type=int,
        default=int(os.environ.get("BENCH_MEMORY_REQUESTS", "10000")),
        help="requests of the memory run (default BENCH_MEMORY_REQUESTS or 10,000)",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    args = parser.parse_args()
    # Stopped from outside (a timeout, Ctrl-C): unwind, so that gunicorn is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: scripts/system-packages bench (Debian's wrk)")

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    n = args.pledges_per_county
    rps_seconds, latency_seconds, runs = (3, 1, 3) if args.quick else (10, 5, 9)
    print(ensure_dataset(url, n, force=args.force), flush=True)

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from actors.models import User

    call_command("collectstatic", "--noinput", verbosity=0)
    kinds, objects = pages()
    county = objects["county"]
    coordinator = User.objects.get(email=f"samordnare-{county.code}@skala.invalid")
    cookie = session_cookie(coordinator)
    with connection.cursor() as cursor:
        counts = {}
        for table in ("pledge", "measure"):
            cursor.execute(f"SELECT count(*) FROM pledges_{table}")  # noqa: S608 (fixed names)
            counts[f"{table}s"] = cursor.fetchone()[0]
    connection.close()

    rows = []  # (what, measured, bound, passed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(tempfile.gettempdir()) / f"bench-gunicorn-{port}.log"
    with shared_cache() as cache_url, gunicorn(url, port, log, cache_url) as server:
        for name, path, signed in kinds:
            status = fetch_status(base + path, cookie if signed else "")
            if status != 200:
                raise SystemExit(f"{name} ({path}) answered {status}, not 200")

        # Requests per second: the pledge page against /health/, in turn, twice each.
        pledge_path = next(path for name, path, _s in kinds if name == "pledge page")
        rates = {"health": [], "pledge": []}
        for _ in range(2):
            for key, path in (("health", "/health/"), ("pledge", pledge_path)):
                result = wrk(base + path, threads=2, connections=16, seconds=rps_seconds)
                if result["errors"]:
                    raise SystemExit(f"{path}: {result['errors']} non-2xx answers under load")
                rates[key].append(result["rps"])
        health_rps, pledge_rps = (statistics.mean(rates[k]) for k in ("health", "pledge"))
        ratio = pledge_rps / health_rps
        rows.append(
            (
                f"pledge page rps ÷ /health/ rps ({pledge_rps:.0f} ÷ {health_rps:.0f})",
                f"{ratio:.2f}",
                f"≥ {RPS_BOUND:.2f}",
                ratio >= RPS_BOUND,
            )
        )
        print(rows[-1], flush=True)

        # Latency of each page kind, one request at a time.
        for name, path, signed in kinds:
            times, errors = sample_latency(
                port,
                path,
                cookie=cookie if signed else "",
                seconds=latency_seconds,
                least=5 if args.quick else 20,
            )
            p90, p99 = percentile(times, 90), percentile(times, 99)
            rows.append(
                (
                    f"{name} p90 / p99 ({len(times)} requests)",
                    f"{p90:.0f} / {p99:.0f} ms" + (f", {errors} errors" if errors else ""),
                    f"< {P90_BOUND:.0f} / {P99_BOUND:.0f} ms",
                    not errors and p90 < P90_BOUND and p99 < P99_BOUND,
                )
            )
            print(rows[-1], flush=True)

        # Memory: each worker's RSS after a warm-up over every page, and after 10,000 more.
        script = Path(tempfile.gettempdir()) / f"bench-rotate-{port}.lua"
        mix = [(path, signed) for _n, path, signed in kinds]
        mix += [(f"/lofte/{slug}/", False) for slug in objects["slugs"][:150]]
        mix += [(f"/api/pledges/{slug}/", False) for slug in objects["slugs"][150:183]]
        script.write_text(
            ROTATE
            % {
                "paths": ", ".join(f'"{path}"' for path, _s in mix),
                "signed": ", ".join("true" if s else "false" for _p, s in mix),
                "cookie": cookie,
            }
        )
        wrk(base + "/", connections=2, seconds=2 if args.quick else 10, script=script)
        workers = worker_pids(server.pid)
        before = {pid: rss_kib(pid) for pid in workers}
        done = 0
        while done < args.memory_requests:
            result = wrk(base + "/", threads=2, connections=4, seconds=10, script=script)
            done += result["requests"]
        if set(worker_pids(server.pid)) != set(workers):
            raise SystemExit("a worker was restarted during the memory run")
        after = {pid: rss_kib(pid) for pid in workers}
        growth = max(after[pid] / before[pid] - 1 for pid in workers)
        rows.append(
            (
                f"worker RSS after {done} requests (MiB, per worker: "
                + ", ".join(f"{before[p] / 1024:.0f} → {after[p] / 1024:.0f}" for p in workers)
                + ")",
                f"+{growth * 100:.1f} %",
                f"< {RSS_BOUND * 100:.0f} %",
                growth < RSS_BOUND,
            )
        )
        print(rows[-1], flush=True)

    # The dashboard against hand-written SQL (bench_dashboard.py's), on this data set.
    from bench import bench_dashboard

    ours = bench_dashboard.dashboard_figures(county)
    theirs = bench_dashboard.sql_figures(county)
    same = ours == theirs
    dashboard_median, sql_median = bench_dashboard.median_seconds(
        [
            lambda: bench_dashboard.dashboard_figures(county),
            lambda: bench_dashboard.sql_figures(county),
        ],
        runs,
    )
    ratio = dashboard_median / sql_median
    rows.append(
        (
            f"county dashboard ÷ hand-written SQL ({dashboard_median * 1000:.0f} ÷ "
            f"{sql_median * 1000:.0f} ms{'' if same else ', FIGURES DIFFER'})",
            f"{ratio:.2f}",
            f"≤ {DASHBOARD_BOUND:g}",
            same and ratio <= DASHBOARD_BOUND,
        )
    )
    print(rows[-1], flush=True)

    # The signed PDF against WeasyPrint alone (bench_pdf.py, in its own process).
    done = subprocess.run(
        [PYTHON, "bench/bench_pdf.py", f"--runs={5 if args.quick else 15}"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "sqlite://:memory:"},
        capture_output=True,
        text=True,
    )
    found = re.search(r"ratio: ([\d.]+)", done.stdout)
    if done.returncode or not found:
        # A failing bench_pdf.py (its own check that both paths make the same bytes)
        # is a failed row, not a lost table.
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        rows.append(("signed PDF ÷ WeasyPrint alone", f"not measured: {reason}", "≤ 1.2", False))
    else:
        ours_ms = float(re.search(r"ours .*median\s+([\d.]+) ms", done.stdout).group(1))
        alone_ms = float(re.search(r"alone.*median\s+([\d.]+) ms", done.stdout).group(1))
        ratio = float(found.group(1))
        rows.append(
            (
                f"signed PDF ÷ WeasyPrint alone ({ours_ms:.0f} ÷ {alone_ms:.0f} ms)",
                f"{ratio:.3f}",
                f"≤ {PDF_BOUND:g}",
                ratio <= PDF_BOUND,
            )
        )
    print(rows[-1], flush=True)

    header = [
        "# Benchmark results",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- commit: {git_commit()}",
        f"- machine: {machine()}",
        f"- data set: N = {n} pledges per county ({counts['pledges']} pledges, "
        f"{counts['measures']} measures), PostgreSQL, `{url.rsplit('/', 1)[-1]}`",
        "- gunicorn 2 workers; rps with wrk 2 threads × 16 connections, "
        f"{rps_seconds} s × 2 each; latency one request at a time, at least {latency_seconds} s "
        "and 20 requests per page (at most 30 s)"
        f"{' (--quick)' if args.quick else ''}",
        "",
    ]
    width = max(len(r[0]) for r in rows)
    table = [
        f"| {'what':{width}} | measured | bound | |",
        f"|{'-' * (width + 2)}|---|---|---|",
        *(
            f"| {what:{width}} | {measured} | {bound} | {'pass' if ok else 'FAIL'} |"
            for what, measured, bound, ok in rows
        ),
    ]
    text = "\n".join([*header, *table, ""])
    print()
    print(text)
    Path(args.output).write_text(text)
    failed = sum(not ok for *_rest, ok in rows)
    if failed:
        sys.exit(f"{failed} of {len(rows)} rows fail")


if __name__ == "__main__":
    main()
