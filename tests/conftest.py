import pytest

from tests.personas import build_cast


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def login(client):
    """Log a persona in (2FA passed), returning the test client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _no_2fa_by_default(settings):
    # Two-factor authentication has its own tests, which switch it on.
    settings.PASSEND_REQUIRE_2FA = False
