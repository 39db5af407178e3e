#!/usr/bin/env python3
"""Load test of the public pages with a PostgreSQL restart in the middle (make loadtest).

What it does, all on loopback:

1. Sets up the database ``bildungsregion_load`` afresh (dropped and created; ``--keep-db`` reuses
   it): migrate, load_regions, demo_data --offers 2000, collectstatic.
2. Starts gunicorn itself (gunicorn.conf.py, production-like environment: DEBUG off, a generated
   SECRET_KEY, plain HTTP) on a free port.
3. Runs ``--clients`` (8) reading clients with keep-alive over a weighted mix of public URLs, and
   one more client that submits the accessibility feedback form every ~0.5 s (GET for the CSRF
   cookie and token, then POST with a unique message), for ``--duration`` seconds or
   ``--max-requests`` requests, whichever comes first.
4. At ``--restart-at`` seconds stops PostgreSQL (fast shutdown), waits ``--outage`` seconds and
   starts it again; a probe records when the first query succeeds again.
5. Prints per-second counts and a summary, and checks:
   - no 5xx for requests started later than ``--grace`` seconds after PostgreSQL was back;
   - every submission answered with the success redirect (302) is in the database.
   Exits 1 when a check fails, 2 when the run itself could not be done.

PostgreSQL is started again in any case (try/finally, also on Ctrl-C or SIGTERM); gunicorn is
stopped. Only this script's own processes are signalled.
"""

import argparse
import contextlib
import html
import http.client
import itertools
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_ADMIN_DSN = f"host={PG_HOST} port={PG_PORT} user=postgres dbname=postgres connect_timeout=2"
HTTP_TIMEOUT = 30  # seconds; gunicorn's own worker timeout is 30 s, too

SEARCH_WORDS = ["Sprache", "Ausbildung", "Kita", "Lesen", "Berufsorientierung", "Musik", "Eltern"]
REGIONS = ["wesermarsch", "hameln-pyrmont", "stade", "osnabrueck", "lueneburg"]
LIFE_STAGES = ["fruehe-kindheit", "grundschulzeit", "sekundarstufe", "beruf-und-weiterbildung"]


def log(message):
    print(f"[loadtest {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- PostgreSQL -------------------------------------------------------------------------------


def pg_cluster():
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir() if p.is_dir())
    if len(versions) != 1:
        raise SystemExit(f"expected exactly one PostgreSQL version in /etc/postgresql: {versions}")
    return versions[0], "main"


def pg_ctl(action, *extra):
    version, cluster = pg_cluster()
    return subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *extra, version, cluster, action],
        capture_output=True,
        text=True,
        check=False,
    )


def pg_ready():
    return (
        subprocess.run(
            ["pg_isready", "-q", "-h", PG_HOST, "-p", str(PG_PORT)], check=False
        ).returncode
        == 0
    )


def pg_query_ok(dsn):
    try:
        with psycopg.connect(dsn, connect_timeout=1) as conn:
            conn.execute("SELECT 1").fetchone()
        return True
    except psycopg.Error:
        return False


def pg_ensure_running():
    """Start PostgreSQL if it is down; wait until it accepts connections (up to 60 s)."""
    if pg_ready():
        return True
    log("PostgreSQL is down: starting it")
    result = pg_ctl("start")
    if result.returncode != 0:
        log(f"pg_ctlcluster start: {result.stdout}{result.stderr}".strip())
    for _ in range(120):
        if pg_ready():
            return True
        time.sleep(0.5)
    return False


# --- Set-up -----------------------------------------------------------------------------------


def server_env(database_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_")) and key not in {"DATABASE_URL", "DEBUG"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        DEMO_DATA_ALLOW="1",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env, *args):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed ({result.returncode})")
    log(f"manage.py {' '.join(args)}: {time.monotonic() - started:.1f} s")


def database_prepare(env, name, offers, keep):
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and keep:
            log(f"reusing database {name}")
        else:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
            log(f"created database {name}")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_regions")
    manage(env, "demo_data", "--offers", str(offers))
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_start(env, port, workers, log_path):
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESSLOG": os.devnull,
        "GUNICORN_LOGLEVEL": "warning",
    }
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    out = open(log_path, "wb")  # noqa: SIM115 - closed by the caller through the process
    process = subprocess.Popen(
        [VENV_BIN / "gunicorn", "-c", "gunicorn.conf.py", "bildungsregion.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log_file = out
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn ended at start-up ({process.returncode}), see {log_path}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                conn.close()
                return process
        except OSError:
            pass
        time.sleep(0.3)
    gunicorn_stop(process)
    raise SystemExit(f"gunicorn did not answer within 60 s, see {log_path}")


def gunicorn_stop(process):
    if process.poll() is None:
        process.terminate()  # the master, which stops its workers gracefully
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the session this script started
            process.wait(timeout=10)
    process.log_file.close()


# --- Clients ----------------------------------------------------------------------------------


@dataclass
class Sample:
    started: float  # seconds since the start of the load
    latency: float
    kind: str  # "get" or "post"
    path: str
    status: int | None  # None: no HTTP answer
    error: str = ""


@dataclass
class Run:
    port: int
    t0: float
    deadline: float
    max_requests: int
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list = field(default_factory=list)
    counter: itertools.count = field(default_factory=itertools.count)
    error_pages: dict = field(default_factory=dict)  # status -> (title, content type)

    def now(self):
        return time.monotonic() - self.t0

    def take_slot(self):
        """False once the time or the request budget is used up."""
        if self.stop.is_set() or time.monotonic() >= self.deadline:
            return False
        if next(self.counter) >= self.max_requests:
            self.stop.set()
            return False
        return True

    def record(self, sample):
        with self.lock:
            self.samples.append(sample)


class Client:
    """One keep-alive HTTP connection with a cookie jar of its own."""

    def __init__(self, run):
        self.run = run
        self.conn = None
        self.cookies = {}

    def request(self, method, path, body=None, kind="get"):
        headers = {"Host": f"127.0.0.1:{self.run.port}", "User-Agent": "bildungsregion-loadtest"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.run.port}"
        started = self.run.now()
        begin = time.monotonic()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.run.port, timeout=HTTP_TIMEOUT
                )
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            self.run.record(
                Sample(started, time.monotonic() - begin, kind, path, None, type(error).__name__)
            )
            return None, b""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.status >= 500 and response.status not in self.run.error_pages:
            title = re.search(rb"<title>(.*?)</title>", data, re.S)
            self.run.error_pages[response.status] = (
                html.unescape(title.group(1).decode(errors="replace").strip()) if title else "",
                response.getheader("Content-Type", ""),
            )
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        self.run.record(Sample(started, time.monotonic() - begin, kind, path, response.status))
        return response, data

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def url_mix(offer_slugs):
    """A weighted choice of public URLs, like visitors browsing and searching."""
    rng = random.Random()

    def offer_list():
        params = {}
        if rng.random() < 0.5:
            params["region"] = rng.choice(REGIONS)
        if rng.random() < 0.4:
            params["lebensphase"] = rng.choice(LIFE_STAGES)
        if rng.random() < 0.4:
            params["q"] = rng.choice(SEARCH_WORDS)
        return "/angebote/" + (f"?{urlencode(params)}" if params else "")

    choices = [
        (15, lambda: "/"),
        (25, offer_list),
        (20, lambda: f"/angebote/{rng.choice(offer_slugs)}/"),
        (8, lambda: "/veranstaltungen/"),
        (4, lambda: "/veranstaltungen/kalender.ics"),
        (8, lambda: "/akteure/"),
        (8, lambda: f"/regionen/{rng.choice(REGIONS)}/"),
        (12, lambda: f"/suche/?{urlencode({'q': rng.choice(SEARCH_WORDS)})}"),
    ]
    weights = [w for w, _ in choices]
    makers = [m for _, m in choices]
    return lambda: rng.choices(makers, weights)[0]()


def reader(run, next_url):
    client = Client(run)
    try:
        while run.take_slot():
            response, _ = client.request("GET", next_url())
            if response is None:
                time.sleep(0.05)  # no server answer: do not spin
    finally:
        client.close()


TOKEN_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def submitter(run, run_id, interval, submissions):
    client = Client(run)
    number = 0
    try:
        while run.take_slot():
            tick = time.monotonic()
            number += 1
            message = (
                f"Lasttest {run_id} Nr. {number}: Der Kontrast der Schaltflächen ist zu schwach."
            )
            response, data = client.request("GET", "/barrierefreiheit/")
            token = TOKEN_RE.search(data) if response is not None else None
            outcome = "no form"
            if token and response.status == 200 and run.take_slot():
                body = urlencode(
                    {
                        "csrfmiddlewaretoken": token.group(1).decode(),
                        "region": "",
                        "name": "Lasttest",
                        "email": "",
                        "page_url": "/angebote/",
                        "message": message,
                    }
                )
                response, _ = client.request("POST", "/barrierefreiheit/", body=body, kind="post")
                outcome = "error" if response is None else response.status
            submissions.append((run.now(), message, outcome))
            time.sleep(max(0.0, interval - (time.monotonic() - tick)))
    finally:
        client.close()


def postgres_restarter(run, at, outage, events):
    """Stop PostgreSQL at ``at`` s, start it ``outage`` s later; record the times."""
    while run.now() < at - 1:
        if run.stop.wait(0.05):
            return
    # A checkpoint first keeps the shutdown checkpoint, and so the outage, short.
    try:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute("CHECKPOINT")
    except psycopg.Error as error:
        events["checkpoint_error"] = str(error)
    events["stop_issued"] = run.now()
    result = pg_ctl("stop", "--mode=fast")
    events["stopped"] = run.now()
    if result.returncode != 0:
        events["stop_error"] = (result.stdout + result.stderr).strip()
    time.sleep(outage)
    events["start_issued"] = run.now()
    result = pg_ctl("start")
    events["started"] = run.now()
    if result.returncode != 0:
        events["start_error"] = (result.stdout + result.stderr).strip()


def postgres_probe(run, dsn, events):
    """Poll a query every 0.1 s; note when it first fails and when it first works again."""
    down = False
    while not run.stop.is_set() and time.monotonic() < run.deadline + 5:
        ok = pg_query_ok(dsn)
        if not ok and not down:
            down = True
            events.setdefault("first_failed_query", run.now())
        elif ok and down:
            events["back"] = run.now()
            return
        time.sleep(0.1)


# --- Report -----------------------------------------------------------------------------------


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def status_class(sample):
    return "error" if sample.status is None else f"{sample.status // 100}xx"


def report(run, events, submissions, stored, grace, restart):
    samples = sorted(run.samples, key=lambda s: s.started)
    back = events.get("back") if restart else -grace
    outage_start = events.get("stop_issued", float("inf"))
    clean_from = back + grace if back is not None else float("inf")

    print("\nPer second (start time of the request):")
    print(f"{'s':>4} {'req':>5} {'2xx':>5} {'3xx':>5} {'4xx':>5} {'5xx':>5} {'err':>5}  note")
    per_second = defaultdict(Counter)
    for sample in samples:
        per_second[int(sample.started)][status_class(sample)] += 1
    marks = {
        int(events[key]): label
        for key, label in (
            ("stop_issued", "PostgreSQL stop"),
            ("started", "PostgreSQL start done"),
            ("back", "first query OK"),
        )
        if key in events
    }
    for second in range(max(per_second, default=-1) + 1):
        c = per_second[second]
        print(
            f"{second:>4} {c.total():>5} {c['2xx']:>5} {c['3xx']:>5} {c['4xx']:>5} "
            f"{c['5xx']:>5} {c['error']:>5}  {marks.get(second, '')}"
        )

    statuses = Counter(s.status if s.status is not None else "no answer" for s in samples)
    errors = Counter(s.error for s in samples if s.status is None)
    latencies = [s.latency for s in samples if s.status is not None and s.status < 500]
    # Before: answered before the stop; after: started once PostgreSQL was back (+ grace).
    before = [s for s in samples if s.started + s.latency < outage_start]
    during = [s for s in samples if outage_start <= s.started < clean_from]
    after = [s for s in samples if s.started >= clean_from]

    def bad(group):
        return sum(1 for s in group if s.status is None or s.status >= 500)

    failed_latencies = [s.latency for s in samples if s.status is not None and s.status >= 500]
    failures = [s for s in samples if s.status is None or s.status >= 500]
    accepted = [m for _, m, outcome in submissions if outcome == 302]
    lost = [m for m in accepted if m not in stored]
    not_accepted_but_stored = [m for _, m, o in submissions if o != 302 and m in stored]

    print("\nSummary")
    print(f"  duration                        {run.now():.1f} s")
    print(f"  requests                        {len(samples)}")
    print(f"  by status                       {dict(sorted(statuses.items(), key=str))}")
    if errors:
        print(f"  without HTTP answer             {dict(errors)}")
    print(
        f"  latency (answers < 500)         p50 {percentile(latencies, 50) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 95) * 1000:.0f} ms, max {max(latencies, default=0) * 1000:.0f} ms"
    )
    if failed_latencies:
        print(
            f"  latency of 5xx answers          p50 {percentile(failed_latencies, 50) * 1000:.0f} ms, "
            f"p95 {percentile(failed_latencies, 95) * 1000:.0f} ms"
        )
    if failures:
        print(
            f"  5xx/no answer                   first at {failures[0].started:.1f} s, "
            f"last at {failures[-1].started:.1f} s (request start)"
        )
    for key, label in (
        ("stop_issued", "PostgreSQL stop issued"),
        ("stopped", "PostgreSQL stopped"),
        ("first_failed_query", "first failed probe query"),
        ("start_issued", "PostgreSQL start issued"),
        ("started", "PostgreSQL started"),
        ("back", "first successful probe query"),
    ):
        if key in events:
            print(f"  {label:<31} {events[key]:.1f} s")
    for key in ("checkpoint_error", "stop_error", "start_error"):
        if key in events:
            print(f"  {key}: {events[key]}")
    print(f"  5xx/no answer before the outage {bad(before)} of {len(before)}")
    print(
        f"  5xx/no answer during outage     {bad(during)} of {len(during)} (+{grace:.0f} s grace)"
    )
    print(f"  5xx/no answer after recovery    {bad(after)} of {len(after)}")
    for status, (title, content_type) in sorted(run.error_pages.items()):
        print(f"  error page {status}: “{title}” ({content_type})")
    print(
        f"  submissions                     {len(submissions)} tried, {len(accepted)} accepted "
        f"(302), {len(lost)} of those lost, {len(not_accepted_but_stored)} stored without 302"
    )
    problems = []
    if back is None:
        problems.append("PostgreSQL never came back during the run (no successful probe)")
    if bad(after):
        first = next(s for s in after if s.status is None or s.status >= 500)
        problems.append(
            f"{bad(after)} 5xx/unanswered requests after recovery "
            f"(first at {first.started:.1f} s: {first.status or first.error} {first.path})"
        )
    if lost:
        problems.append(f"{len(lost)} accepted submissions missing in the database: {lost[:3]}")
    if not accepted:
        problems.append("no submission was accepted at all")
    if not after:
        problems.append("no requests after recovery: the run was too short")
    print("\nResult: " + ("OK" if not problems else "FAILED\n  - " + "\n  - ".join(problems)))
    return not problems


# --- Main -------------------------------------------------------------------------------------


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=8, help="reading clients (plus 1 form)")
    parser.add_argument("--restart-at", type=float, default=20)
    parser.add_argument("--outage", type=float, default=3, help="seconds PostgreSQL stays down")
    parser.add_argument("--no-restart", action="store_true", help="load only, no PG restart")
    parser.add_argument("--grace", type=float, default=2)
    parser.add_argument("--submit-interval", type=float, default=0.5)
    parser.add_argument("--offers", type=int, default=2000)
    parser.add_argument("--database", default="bildungsregion_load")
    parser.add_argument("--keep-db", action="store_true", help="reuse the database if it exists")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: its config)")
    args = parser.parse_args()
    if not 0 < args.duration <= 600 or args.max_requests <= 0:
        parser.error("--duration must be in (0, 600] and --max-requests positive")

    # SIGTERM ends the run like Ctrl-C does, so that the finally blocks run.
    signal.signal(signal.SIGTERM, _interrupt)

    if not pg_ensure_running():
        raise SystemExit("PostgreSQL is not running and could not be started")
    database_url = f"postgres://postgres@{PG_HOST}:{PG_PORT}/{args.database}"
    db_dsn = f"host={PG_HOST} port={PG_PORT} user=postgres dbname={args.database}"
    workdir = Path(tempfile.mkdtemp(prefix="bildungsregion-loadtest-"))
    env = server_env(database_url)
    database_prepare(env, args.database, args.offers, args.keep_db)
    with psycopg.connect(db_dsn) as conn:
        offer_slugs = [
            row[0]
            for row in conn.execute(
                "SELECT slug FROM offers_offer WHERE status = 'veroeffentlicht' ORDER BY id LIMIT 500"
            )
        ]
        if not offer_slugs:
            offer_slugs = [
                row[0] for row in conn.execute("SELECT slug FROM offers_offer LIMIT 500")
            ]
    port = free_port()
    gunicorn_log = workdir / "gunicorn.log"
    process = gunicorn_start(env, port, args.workers, gunicorn_log)
    log(f"gunicorn on http://127.0.0.1:{port} (pid {process.pid}, log {gunicorn_log})")

    run_id = secrets.token_hex(4)
    events, submissions = {}, []
    ok = False
    try:
        t0 = time.monotonic()
        run = Run(port=port, t0=t0, deadline=t0 + args.duration, max_requests=args.max_requests)
        threads = [
            threading.Thread(target=reader, args=(run, url_mix(offer_slugs)), daemon=True)
            for _ in range(args.clients)
        ]
        threads.append(
            threading.Thread(
                target=submitter,
                args=(run, run_id, args.submit_interval, submissions),
                daemon=True,
            )
        )
        helpers = [threading.Thread(target=postgres_probe, args=(run, db_dsn, events), daemon=True)]
        if not args.no_restart:
            helpers.append(
                threading.Thread(
                    target=postgres_restarter,
                    args=(run, args.restart_at, args.outage, events),
                    daemon=True,
                )
            )
        log(
            f"load: {args.clients} readers + 1 form client for {args.duration:.0f} s"
            + ("" if args.no_restart else f", PostgreSQL restart at {args.restart_at:.0f} s")
        )
        for thread in threads + helpers:
            thread.start()
        try:
            for thread in threads:
                thread.join(timeout=max(0.0, run.deadline - time.monotonic()) + HTTP_TIMEOUT + 5)
        finally:
            run.stop.set()
        for thread in helpers:
            thread.join(timeout=30)
        if not pg_ensure_running():
            raise SystemExit("PostgreSQL could not be started again")
        with psycopg.connect(db_dsn) as conn:
            stored = {
                row[0]
                for row in conn.execute(
                    "SELECT message FROM regions_accessibilityfeedback WHERE message LIKE %s",
                    [f"Lasttest {run_id} %"],
                )
            }
        ok = report(run, events, submissions, stored, args.grace, not args.no_restart)
    finally:
        with contextlib.suppress(Exception):
            gunicorn_stop(process)
        if not pg_ensure_running():
            log("WARNING: PostgreSQL is NOT running; start it with pg_ctlcluster … main start")
    lines = gunicorn_log.read_text(errors="replace").splitlines()
    logged = Counter(line for line in lines if line.startswith(("Internal Server Error", "[")))
    causes = Counter(
        line.split(":", 1)[0] + ": " + line.split(":", 1)[1].strip()[:90]
        for line in lines
        if re.match(r"^[\w.]+(Error|Exception): ", line)
    )
    if lines:
        print(f"\ngunicorn log ({gunicorn_log}), {len(lines)} lines:")
        for line, count in (logged + causes).most_common(8):
            print(f"  {count:>6} × {line[:150]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
