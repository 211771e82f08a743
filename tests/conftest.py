"""The named cast every protected view is tested against (see DESIGN.md)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from actors.models import Membership
from tests import factories, storage

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests serve from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The real hasher is slow on purpose; the demo alone hashes six passwords.
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _swedish(settings):
    # A request to /en/ leaves English active in the thread after it (the
    # LocaleMiddleware activates and never resets); every test starts in Swedish.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # The limits on links and password resets per address live in the cache, which
    # outlives a test.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (the browser tests, the worker's) ends by emptying every
    table, the counties, objectives and goals the data migrations filled included. Every
    test expects them, as a database made by the migrations has them: once the test's
    fixtures are torn down (the tables emptied), they are loaded again. (pytest orders
    tests by their parametrised fixtures too, so a database test may run after one.)"""
    yield
    # A test skipped before its fixtures were set up emptied nothing (and in a run of
    # skipped tests alone there is no test database to load into).
    if not _is_transactional(item) or not getattr(item, "funcargs", None):
        return
    # After the run's last test the session's fixtures are torn down with it: the test
    # database is gone, and no test is left to need the rows.
    if nextitem is None:
        return
    from pytest_django.plugin import blocking_manager_key

    from actors.models import County
    from actors.reference import load_counties
    from pledges.models import EnvironmentalObjective, GlobalGoal
    from pledges.reference import load_objectives_and_goals

    with item.config.stash[blocking_manager_key].unblock():
        load_counties(County)
        load_objectives_and_goals(EnvironmentalObjective, GlobalGoal)


QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # Tasks (e-mail, PDFs) run inside the test, so their effects can be asserted;
    # the worker itself is tested separately.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _sign_in_with_second_factor(client, user) -> None:
    """Mark the client's session as having passed the second factor, as django_otp.login
    does after the code page: with the user's authenticator app, made for staff who have
    none (they must have one)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from actors.models import CountyRole

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    # Asked of the database, not of the user's cached counties: a test may give the
    # same object a role after signing it in.
    if device is None and (user.is_superuser or CountyRole.objects.filter(user=user).exists()):
        device = TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture(autouse=True)
def _test_client_signs_in_with_the_second_factor(monkeypatch):
    """The test client's force_login() and login() sign in fully, the second factor
    included (for staff, and for anyone who has one): the code page itself is tested in
    tests/actors/test_second_factor.py, through the real login and code pages."""
    from django.test.client import ClientMixin

    password_only = ClientMixin._login

    def _login(self, user, backend=None):
        password_only(self, user, backend)
        _sign_in_with_second_factor(self, user)

    monkeypatch.setattr(ClientMixin, "_login", _login)


@pytest.fixture
def kronoberg(db):
    return factories.county("07")


@pytest.fixture
def kalmar(db):
    return factories.county("08")


@pytest.fixture
def actor_a(kronoberg):
    return factories.ActorFactory(county=kronoberg, name="Aktör A AB", slug="aktor-a")


@pytest.fixture
def actor_b(kronoberg):
    return factories.ActorFactory(county=kronoberg, name="Aktör B AB", slug="aktor-b")


@pytest.fixture
def coordinator(kronoberg):
    """Coordinator of Kronoberg: the rightful coordinator of actor A's pledges."""
    return factories.CountyRoleFactory(county=kronoberg).user


@pytest.fixture
def other_coordinator(kalmar):
    """Coordinator of another county (Kalmar)."""
    return factories.CountyRoleFactory(county=kalmar).user


@pytest.fixture
def editor_a(actor_a):
    return factories.MembershipFactory(actor=actor_a).user


@pytest.fixture
def editor_b(actor_b):
    """Editor of another actor."""
    return factories.MembershipFactory(actor=actor_b).user


@pytest.fixture
def national_admin(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def cast(coordinator, other_coordinator, editor_a, editor_b, national_admin, actor_a):
    """The cast by name, with actor A's signatory too (who may sign, never edit): for
    tests that ask every member the same question."""
    return {
        "anonymous": AnonymousUser(),
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "editor_a": editor_a,
        "signatory_a": factories.MembershipFactory(
            actor=actor_a, role=Membership.Role.SIGNATORY
        ).user,
        "editor_b": editor_b,
        "national_admin": national_admin,
    }


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def draft(actor_a):
    """Actor A's draft: a measure of each party, a signatory of each."""
    from pledges.models import Pledge

    return factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_a)


@pytest.fixture
def kalmar_programme_measure(kalmar):
    """A measure of another county's action programme."""
    return factories.ProgrammeMeasureFactory(
        theme__programme__county=kalmar, theme__name="Vatten", number="12"
    )


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded and rendered files go to a folder of the test's own: MEDIA_ROOT, or on
    S3 (tests/storage.py) a folder of the bucket, with MEDIA_ROOT still the test's own
    so that nothing lands in the checkout. A test that uses it is marked `files`."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(scope="session", autouse=True)
def _s3_bucket():
    """On S3, a bucket of this test process's own, empty, for the whole run."""
    if not storage.configured():
        yield None
        return
    from django.conf import settings

    options = settings.STORAGES["default"]["OPTIONS"]
    bucket = storage.worker_bucket(options)
    storage.fresh_bucket(options, bucket)
    default = {**settings.STORAGES["default"], "OPTIONS": {**options, "bucket_name": bucket}}
    with override_settings(STORAGES={**settings.STORAGES, "default": default}):
        yield bucket


@pytest.fixture(autouse=True)
def _s3_folder(_s3_bucket, settings):
    if _s3_bucket:
        settings.STORAGES = storage.with_own_folder(settings.STORAGES)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """The tests of uploaded and generated files are those that store them in `media`:
    `-m files` selects them (.ci/run runs them once more on S3)."""
    for item in items:
        if "media" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.files)


@pytest.fixture
def as_user(db, client, request):
    """Sign the test client in as a member of the cast, by fixture name ("anonymous": not
    signed in)."""

    def sign_in(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in


@pytest.fixture
def demo(db, settings):
    """The demo data, as `make run` loads it (its signed pledges' PDFs are queued, not
    rendered: a PDF takes a second, and the tests of PDFs render their own)."""
    from followup.demo import load_demo

    settings.TASKS = QUEUE_ONLY
    return load_demo()


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    """The demo data loaded once for a whole test module, in a transaction rolled back after it.

    Each test still runs in its own savepoint inside that transaction, so what
    one test writes is gone before the next. Not for live_server tests: the
    server's thread cannot see uncommitted rows.
    """
    from followup.demo import load_demo

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        with override_settings(TASKS=QUEUE_ONLY):
            users = {key: user.pk for key, user in load_demo().items()}
    yield users
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def shared_demo(_demo_for_module, db):
    """Like `demo`, loaded once per module: for tests that only read the demo data."""
    from actors.models import User

    return {key: User.objects.get(pk=pk) for key, pk in _demo_for_module.items()}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # No persistent connections in tests: a connection a thread keeps open (the
    # live server, the worker) would stop the test database being dropped.
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


def pytest_make_parametrize_id(config, val, argname):
    """Readable ids for dicts and sets, a set's in sorted order: a set prints in an order
    that differs between processes, and pytest-xdist's workers must collect the same
    ids."""
    if isinstance(val, set | frozenset):
        return "{" + ", ".join(sorted(map(repr, val))) + "}"
    if isinstance(val, dict):
        return str(val)
    return None
