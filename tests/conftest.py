"""The named cast every protected view is tested against (see DESIGN.md)."""

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests serve from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
def demo(db):
    """The demo data, as `make run` loads it."""
    from pledges.demo import load_demo

    return load_demo()
