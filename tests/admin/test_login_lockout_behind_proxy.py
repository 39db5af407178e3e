"""The login's brute-force protection (django-axes) behind a load balancer: every request comes
from the balancer's address, the client's is in X-Forwarded-For (settings.TRUSTED_PROXY_COUNT).
"""

import pytest
from django.urls import reverse

from tests.admin.conftest import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Richtiges-Passwort-2024"
BALANCER = "10.0.0.10"


@pytest.fixture
def account(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_user("buero-test", password=PASSWORD)


def attempt(client, password, forwarded_for):
    return client.post(
        reverse("admin:login"),
        {"username": "buero-test", "password": password},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    ).status_code


def test_lockout_behind_proxy_locks_only_the_failing_client(client, account, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = [attempt(client, "falsch", "198.51.100.1") for _attempt in range(5)]
    assert attacker == [200, 200, 200, 200, 429]
    assert attempt(client, PASSWORD, "198.51.100.1") == 429
    # The same balancer, another client: not locked.
    assert attempt(client, PASSWORD, "198.51.100.2") == 302


def test_lockout_behind_proxy_ignores_entries_the_client_wrote_itself(client, account, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # A fresh forged left-hand entry per attempt does not make a fresh client.
    statuses = [attempt(client, "falsch", f"203.0.113.{n}, 198.51.100.1") for n in range(1, 6)]
    assert statuses == [200, 200, 200, 200, 429]
    assert attempt(client, PASSWORD, "198.51.100.1") == 429


def test_lockout_without_proxy_setting_ignores_x_forwarded_for(client, account, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [attempt(client, "falsch", f"198.51.100.{n}") for n in range(1, 6)]
    assert statuses == [200, 200, 200, 200, 429]
    assert attempt(client, PASSWORD, "198.51.100.99") == 429
