"""The link check: every web address that an entry shows is checked on a schedule.

Which addresses: the apps register their models in their ``AppConfig.ready()``::

    linkcheck.register(Offer, ["registration_url"], text_fields=["description"], region="region")

``fields`` hold one address each (URLFields), ``text_fields`` are free text whose http(s)
addresses count as well; ``region`` is the lookup path from a row to its region's id (as in
regions.scoping.REGION_PATHS; ``"pk"`` for the region itself). Only http and https addresses
are used.

Derived data, kept by the data layer: one ``LinkUse`` row per address in a field of an entry,
pointing to one ``CheckedLink`` row per address. The receivers below keep them right on every
``save()`` and ``delete()`` of a registered model (the admin, imports, forms, services, plain
code), inside the writing transaction. Writes that send no signals (``bulk_create``,
``QuerySet.update()``, raw SQL, ``loaddata``'s raw saves) are covered by ``rebuild()``, which
compares every registered row with its uses and repairs the difference; ``check_links`` runs it
before each check, so such writes are picked up by the next check at the latest. Code that
bulk-writes registered fields and needs the uses at once calls ``rebuild()`` itself.

The check (``manage.py check_links``, the task ``check_due_links``): every used address not
checked within ``LINK_CHECK_INTERVAL_HOURS``; HEAD first, GET when HEAD reports an error
(servers answer HEAD with 405, 501 or even 404 where GET works), redirects followed up to
``LINK_CHECK_MAX_REDIRECTS``, each request with ``LINK_CHECK_TIMEOUT`` seconds, at most one
request per host every ``LINK_CHECK_HOST_INTERVAL`` seconds, a User-Agent naming the portal.
Only public addresses are asked: a host that resolves to a private, loopback, link-local or
otherwise non-global address is refused (checked on the address actually connected to, so a
DNS answer that changes between check and connect cannot slip through), unless
``LINK_CHECK_ALLOW_PRIVATE`` (tests only, for their local server).

A link counts as broken after ``BROKEN_AFTER_FAILURES`` (2) failed checks in a row: a single
timeout or a server's bad minute does not put it on the lists. A success resets the count.
"""

import dataclasses
import datetime
import hashlib
import http.client
import ipaddress
import queue
import re
import socket
import ssl
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.tasks import task
from django.utils import timezone

from .models import BROKEN_AFTER_FAILURES, CheckedLink, LinkResult, LinkUse

__all__ = [
    "BROKEN_AFTER_FAILURES",
    "broken_links_for",
    "check_due",
    "check_due_links",
    "rebuild",
    "register",
]

SCHEMES = ("http", "https")


# --- The registry -------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Registration:
    model: type
    fields: tuple
    text_fields: tuple
    region: str

    @property
    def all_fields(self):
        return self.fields + self.text_fields


_registry = {}


def register(model, fields=(), *, text_fields=(), region="region"):
    """Check the addresses in ``fields`` (one address each) and ``text_fields`` (free text) of
    ``model``'s rows; ``region``: the lookup path to the row's region id. Call it from the
    model's app's ``ready()``; registering a model again replaces its registration."""
    for name in (*fields, *text_fields):
        model._meta.get_field(name)  # FieldDoesNotExist for a typo, at start-up
    _registry[model] = Registration(model, tuple(fields), tuple(text_fields), region)
    label = model._meta.label
    post_save.connect(_saved, sender=model, dispatch_uid=f"linkcheck-save-{label}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"linkcheck-delete-{label}")


def registrations():
    return list(_registry.values())


# --- Addresses in fields and texts --------------------------------------------------------------
# An http(s) address in free text ends at white space, quotes, angle brackets.
_URL_IN_TEXT = re.compile(r"""https?://[^\s<>"'`{}|\\^\[\]]+""", re.IGNORECASE)
_TRAILING = ".,;:!?»«“”„‚‘’)"


def _clean(url):
    url = url.strip()
    while url and url[-1] in _TRAILING:
        # A closing parenthesis that belongs to the address (Wikipedia) stays.
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _is_web_address(url):
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in SCHEMES and bool(parts.hostname)


def addresses(values, registration):
    """{(field, address)} of a row, from its field values (a dict field name → value)."""
    found = set()
    for name in registration.fields:
        url = _clean(values.get(name) or "")
        if _is_web_address(url):
            found.add((name, url))
    for name in registration.text_fields:
        for match in _URL_IN_TEXT.finditer(values.get(name) or ""):
            url = _clean(match.group(0))
            if _is_web_address(url):
                found.add((name, url))
    return found


def url_hash(url):
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _region_of(instance, path):
    """The region id at ``path`` (``region``, ``working_group__region``, ``pk``) of a row."""
    if path == "pk":
        return instance.pk
    *hops, last = path.split("__")
    target = instance
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return getattr(target, target._meta.get_field(last).attname, None)


def _link_ids(urls, using):
    """{address: CheckedLink id}, adding the addresses not yet known."""
    if not urls:
        return {}
    by_hash = {url_hash(url): url for url in urls}
    links = CheckedLink.objects.using(using)
    known = dict(links.filter(url_hash__in=by_hash).values_list("url_hash", "pk"))
    missing = [CheckedLink(url=url, url_hash=h) for h, url in by_hash.items() if h not in known]
    if missing:
        # ignore_conflicts: another transaction may add the same address at the same time.
        links.bulk_create(missing, ignore_conflicts=True)
        known |= dict(
            links.filter(url_hash__in=[link.url_hash for link in missing]).values_list(
                "url_hash", "pk"
            )
        )
    return {url: known[h] for h, url in by_hash.items()}


def _apply(wanted, existing, using):
    """Make the uses ``existing`` ({(ct, object, field, url): (use id, region)}) into
    ``wanted`` ({(ct, object, field, url): region}). Returns (added, removed, moved)."""
    stale = [use_id for key, (use_id, _region) in existing.items() if key not in wanted]
    new = {key: region for key, region in wanted.items() if key not in existing}
    moved = defaultdict(list)  # region → use ids whose entry moved there
    for key, region in wanted.items():
        if key in existing and existing[key][1] != region:
            moved[region].append(existing[key][0])
    uses = LinkUse.objects.using(using)
    if stale:
        uses.filter(pk__in=stale).delete()
    if new:
        link_ids = _link_ids({key[3] for key in new}, using)
        uses.bulk_create(
            [
                LinkUse(
                    content_type_id=ct,
                    object_id=object_id,
                    field=field,
                    link_id=link_ids[url],
                    region_id=region,
                )
                for (ct, object_id, field, url), region in new.items()
            ],
            ignore_conflicts=True,
        )
    for region, ids in moved.items():
        uses.filter(pk__in=ids).update(region_id=region)
    return len(new), len(stale), sum(len(ids) for ids in moved.values())


def _content_type_id(model, using):
    return ContentType.objects.db_manager(using).get_for_model(model).pk


def _saved(sender, instance, created, raw=False, using=None, update_fields=None, **kwargs):
    if raw:  # loaddata: rows may still miss their relations; rebuild() covers it
        return
    registration = _registry.get(sender)
    if registration is None:
        return
    if update_fields is not None and not set(update_fields) & {
        *registration.all_fields,
        registration.region.split("__")[0],
    }:
        return
    values = {name: getattr(instance, name) for name in registration.all_fields}
    found = addresses(values, registration)
    if created and not found:
        return  # a new row without addresses: nothing to ask the database
    ct = _content_type_id(sender, using)
    region = _region_of(instance, registration.region)
    wanted = {(ct, instance.pk, field, url): region for field, url in found}
    existing = {
        (ct, instance.pk, field, url): (use_id, region_id)
        for use_id, field, url, region_id in LinkUse.objects.using(using)
        .filter(content_type_id=ct, object_id=instance.pk)
        .values_list("pk", "field", "link__url", "region_id")
    }
    if wanted.keys() != existing.keys() or any(existing[key][1] != region for key in wanted):
        with transaction.atomic(using=using):
            _apply(wanted, existing, using)


def _deleted(sender, instance, using=None, **kwargs):
    if sender in _registry and instance.pk is not None:
        ct = _content_type_id(sender, using)
        LinkUse.objects.using(using).filter(content_type_id=ct, object_id=instance.pk).delete()


@dataclasses.dataclass
class RebuildResult:
    added: int = 0
    removed: int = 0
    moved: int = 0
    unused_links_removed: int = 0

    @property
    def changed(self):
        return bool(self.added or self.removed or self.moved)


def rebuild(using=None):
    """Compare every registered row's addresses with the stored uses and repair the
    difference (for writes without signals); uses of models no longer registered and
    addresses no entry uses any more go. Safe to run at any time."""
    using = using or router.db_for_write(LinkUse)
    result = RebuildResult()
    with transaction.atomic(using=using):
        wanted = {}
        cts = set()
        for registration in registrations():
            ct = _content_type_id(registration.model, using)
            cts.add(ct)
            region = registration.region
            rows = (
                registration.model._default_manager.using(using)
                .order_by()
                .values("pk", *registration.all_fields, region_value=F(region))
            )
            for row in rows.iterator(chunk_size=2000):
                for field, url in addresses(row, registration):
                    wanted[(ct, row["pk"], field, url)] = row["region_value"]
        existing = {}
        uses = LinkUse.objects.using(using).order_by()
        uses.exclude(content_type_id__in=cts).delete()
        for use_id, ct, object_id, field, url, region_id in uses.values_list(
            "pk", "content_type_id", "object_id", "field", "link__url", "region_id"
        ).iterator(chunk_size=2000):
            existing[(ct, object_id, field, url)] = (use_id, region_id)
        result.added, result.removed, result.moved = _apply(wanted, existing, using)
        result.unused_links_removed, _ = (
            CheckedLink.objects.using(using).filter(uses__isnull=True).delete()
        )
    return result


# --- Checking one address -----------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Outcome:
    result: str
    status_code: int | None = None
    detail: str = ""
    final_url: str = ""

    @property
    def ok(self):
        return self.result == LinkResult.OK


class RefusedAddress(OSError):
    """The host resolves only to addresses that are not public (SSRF guard)."""


def is_public_address(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _guarded_create_connection(allow_private):
    """socket.create_connection that connects only to public addresses (all, if
    ``allow_private``): the check is on the very address the socket connects to."""

    def create_connection(address, timeout=None, source_address=None, *args, **kwargs):
        host, port = address
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        allowed = [info for info in infos if allow_private or is_public_address(info[4][0])]
        if not allowed:
            raise RefusedAddress(f"{host}: {', '.join(sorted({i[4][0] for i in infos}))}")
        error = None
        for family, kind, proto, _name, sockaddr in allowed:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                error = exc
        raise error

    return create_connection


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, allow_private, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_create_connection(allow_private)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, allow_private, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _guarded_create_connection(allow_private)


class HostRateLimit:
    """At most one request per host every ``interval`` seconds, across threads: each caller
    reserves the next free slot of its host and sleeps until then."""

    def __init__(self, interval):
        self.interval = interval
        self._next = {}
        self._lock = threading.Lock()

    def wait(self, host):
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


REDIRECT_STATUSES = {301, 302, 303, 307, 308}


def _request_target(parts):
    """Path and query of an address as ASCII (an address may contain umlauts)."""
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return path + (f"?{query}" if query else "")


def _host(parts):
    """The host name as DNS and TLS want it (IDNA: "bücherei.de" → "xn--bcherei-n2a.de")."""
    hostname = parts.hostname or ""
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return hostname


class Checker:
    """Checks addresses: HEAD, GET where HEAD reports an error, redirects followed."""

    def __init__(
        self, *, timeout, max_redirects, host_interval, allow_private, user_agent, rate=None
    ):
        self.timeout = timeout
        self.max_redirects = max_redirects
        self.allow_private = allow_private
        self.user_agent = user_agent
        self.rate = rate or HostRateLimit(host_interval)

    @classmethod
    def from_settings(cls):
        return cls(
            timeout=settings.LINK_CHECK_TIMEOUT,
            max_redirects=settings.LINK_CHECK_MAX_REDIRECTS,
            host_interval=settings.LINK_CHECK_HOST_INTERVAL,
            allow_private=settings.LINK_CHECK_ALLOW_PRIVATE,
            user_agent=settings.LINK_CHECK_USER_AGENT,
        )

    def _ask(self, method, url):
        """(status, Location header) of one request; raises on connection problems."""
        parts = urlsplit(url)
        host = _host(parts)
        connection_class = (
            _GuardedHTTPSConnection if parts.scheme.lower() == "https" else _GuardedHTTPConnection
        )
        kwargs = {"timeout": self.timeout, "allow_private": self.allow_private}
        if connection_class is _GuardedHTTPSConnection:
            kwargs["context"] = ssl.create_default_context()
        # An IPv6 literal keeps its brackets, or http.client would read its last part as port.
        connection = connection_class(f"[{host}]" if ":" in host else host, parts.port, **kwargs)
        self.rate.wait(host.lower())
        try:
            connection.request(
                method,
                _request_target(parts),
                headers={
                    "User-Agent": self.user_agent,
                    "Accept": "*/*",
                    "Accept-Language": "de",
                    "Connection": "close",
                },
            )
            response = connection.getresponse()
            location = response.getheader("Location") or ""
            response.close()
            return response.status, location
        finally:
            connection.close()

    def _status(self, url):
        status, location = self._ask("HEAD", url)
        if status >= 400:
            # HEAD is not GET: many servers answer it with 405 or 501, some with 403 or 404,
            # where a browser's GET works. The verdict is GET's.
            status, location = self._ask("GET", url)
        return status, location

    def check(self, url):
        current, redirected = url, False
        try:
            for _hop in range(self.max_redirects + 1):
                parts = urlsplit(current)
                if parts.scheme.lower() not in SCHEMES or not parts.hostname:
                    return Outcome(
                        LinkResult.REDIRECT_ERROR if redirected else LinkResult.REFUSED,
                        detail=f"nur http und https: {current[:200]}",
                        final_url=current if redirected else "",
                    )
                status, location = self._status(current)
                if status in REDIRECT_STATUSES and location:
                    current, redirected = urljoin(current, location), True
                    continue
                final = current if redirected else ""
                if status < 400:
                    return Outcome(LinkResult.OK, status, final_url=final)
                result = LinkResult.REDIRECT_ERROR if redirected else LinkResult.BROKEN
                return Outcome(result, status, final_url=final)
            return Outcome(
                LinkResult.REDIRECT_ERROR,
                detail=f"mehr als {self.max_redirects} Weiterleitungen",
                final_url=current,
            )
        except RefusedAddress as error:
            return Outcome(LinkResult.REFUSED, detail=f"nicht öffentliche Adresse: {error}")
        except TimeoutError:
            return Outcome(LinkResult.TIMEOUT, detail=f"keine Antwort in {self.timeout:g} s")
        except ssl.SSLCertVerificationError as error:
            return Outcome(LinkResult.UNREACHABLE, detail=f"TLS-Zertifikat: {error.reason}")
        except socket.gaierror as error:
            return Outcome(LinkResult.UNREACHABLE, detail=f"Name nicht auflösbar: {error}")
        except (OSError, http.client.HTTPException, ValueError, UnicodeError) as error:
            return Outcome(LinkResult.UNREACHABLE, detail=str(error) or type(error).__name__)


def _canonical_host(url):
    return _host(urlsplit(url)).lower()


def check_many(urls, checker, *, workers):
    """Yield (address, Outcome) for every address, as they come. The addresses of one host
    are checked one after the other by one worker (and the rate limit keeps redirects to a
    host polite too); different hosts in parallel. No database access in the workers."""
    groups = defaultdict(list)
    for url in urls:
        groups[_canonical_host(url)].append(url)
    results = queue.Queue()

    def work(group):
        for url in group:
            try:
                outcome = checker.check(url)
            except Exception as error:  # never lose an address: report it as unreachable
                outcome = Outcome(LinkResult.UNREACHABLE, detail=repr(error)[:300])
            results.put((url, outcome))

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for group in groups.values():
            pool.submit(work, group)
        for _ in range(sum(len(group) for group in groups.values())):
            yield results.get()


def record(link, outcome, now=None):
    """Store a check's outcome on its CheckedLink: the failure count and since when."""
    now = now or timezone.now()
    if outcome.ok:
        link.consecutive_failures = 0
        link.first_failed_at = None
    else:
        link.consecutive_failures += 1
        link.first_failed_at = link.first_failed_at or now
    link.result = outcome.result
    link.status_code = outcome.status_code
    link.detail = outcome.detail[:300]
    link.final_url = outcome.final_url
    link.checked_at = now
    link.save(
        update_fields=[
            "consecutive_failures",
            "first_failed_at",
            "result",
            "status_code",
            "detail",
            "final_url",
            "checked_at",
        ]
    )


def check_interval():
    return datetime.timedelta(hours=settings.LINK_CHECK_INTERVAL_HOURS)


def due_links(now=None):
    """The used addresses not checked within LINK_CHECK_INTERVAL_HOURS, oldest check first."""
    return (
        CheckedLink.objects.used()
        .due(now, interval=check_interval())
        .order_by(F("checked_at").asc(nulls_first=True), "pk")
    )


def check_due(*, checker=None, now=None):
    """Rebuild the uses, then check every due address. Returns a summary (a dict of counts:
    checked, one per result, broken = links now counting as broken)."""
    rebuild()
    checker = checker or Checker.from_settings()
    links = {link.url: link for link in due_links(now)}
    summary = {"checked": 0, **{value or "unchecked": 0 for value in LinkResult.values}}
    for url, outcome in check_many(links, checker, workers=settings.LINK_CHECK_WORKERS):
        record(links[url], outcome)
        summary["checked"] += 1
        summary[outcome.result] += 1
    del summary["unchecked"]
    summary["broken_now"] = CheckedLink.objects.used().broken().count()
    return summary


@task()
def check_due_links():
    """The daily link check as a task (manage.py check_links enqueues it)."""
    return check_due()


# --- What the provider area shows ---------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class BrokenLinkItem:
    entry: object
    field: str
    field_label: str
    url: str
    problem: str
    since: datetime.datetime | None
    checked_at: datetime.datetime | None


def broken_links_for(objects):
    """The broken links of ``objects`` (model instances of any registered models, or a
    queryset), in the order of the objects and their registered fields: one query (and the
    queryset's own, if it was not evaluated yet)."""
    objects = list(objects)
    by_model = defaultdict(dict)
    for obj in objects:
        if type(obj) in _registry and obj.pk is not None:
            by_model[type(obj)][obj.pk] = obj
    if not by_model:
        return []
    condition = Q(pk__in=[])
    cts = {}
    for model, rows in by_model.items():
        ct = ContentType.objects.get_for_model(model).pk
        cts[ct] = model
        condition |= Q(content_type_id=ct, object_id__in=list(rows))
    uses = LinkUse.objects.broken().filter(condition).select_related("link")
    position = {(type(obj), obj.pk): index for index, obj in enumerate(objects)}
    items = []
    for use in uses:
        model = cts[use.content_type_id]
        registration = _registry[model]
        entry = by_model[model][use.object_id]
        order = (
            position[(model, use.object_id)],
            registration.all_fields.index(use.field)
            if use.field in registration.all_fields
            else len(registration.all_fields),
            use.link.url,
        )
        items.append(
            (
                order,
                BrokenLinkItem(
                    entry=entry,
                    field=use.field,
                    field_label=str(model._meta.get_field(use.field).verbose_name),
                    url=use.link.url,
                    problem=str(use.link.problem),
                    since=use.link.first_failed_at,
                    checked_at=use.link.checked_at,
                ),
            )
        )
    return [item for _order, item in sorted(items, key=lambda pair: pair[0])]
