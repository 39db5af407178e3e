"""The rate-limit building block (bildungsregion.throttle), on the project's cache."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from bildungsregion import throttle

WINDOW_START = 1_800_000_000 - 1_800_000_000 % 3600  # a whole hour


def test_throttle_counts_per_scope_and_identifier_within_one_window():
    now = WINDOW_START + 10
    assert [throttle.hit("test", "a@example.org", 2, now=now) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    # The same address in other spelling is the same address; others count on their own.
    assert throttle.hit("test", " A@Example.org", 2, now=now) is False
    assert throttle.hit("test", "b@example.org", 2, now=now) is True
    assert throttle.hit("other-scope", "a@example.org", 2, now=now) is True
    # The next window starts from zero.
    assert throttle.hit("test", "a@example.org", 2, now=WINDOW_START + 3600) is True


def test_throttle_limit_zero_switches_the_limit_off():
    assert all(throttle.hit("test", "x", 0, now=WINDOW_START) for _ in range(50))


def test_throttle_keys_hold_a_hash_not_the_address():
    throttle.hit("test", "geheim@example.org", 1, now=WINDOW_START)
    keys = list(cache._cache)  # LocMemCache, the cache of the tests
    assert len(keys) == 1
    assert "geheim" not in keys[0]
    assert f"throttle:test:{WINDOW_START // 3600}:" in keys[0]


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "203.0.113.7"),
        ({"REMOTE_ADDR": "2001:db8:1:2:aaaa::1"}, "2001:db8:1:2::/64"),
        ({"REMOTE_ADDR": "::ffff:203.0.113.7"}, "203.0.113.7"),
    ],
)
def test_throttle_client_is_remote_addr_never_x_forwarded_for(meta, expected):
    assert throttle.client_address(RequestFactory().get("/", **meta)) == expected


@pytest.mark.parametrize(
    ("seconds_in", "message"),
    [
        (0, "Zu viele Anfragen. Bitte versuchen Sie es in 60 Minuten erneut."),
        (3570, "Zu viele Anfragen. Bitte versuchen Sie es in 1 Minute erneut."),
    ],
)
def test_throttle_refusal_message_names_the_minutes_until_the_next_window(seconds_in, message):
    now = WINDOW_START + seconds_in
    assert throttle.refusal_message(now=now) == message
    assert throttle.retry_after(now=now) == 3600 - seconds_in
