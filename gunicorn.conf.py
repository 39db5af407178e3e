"""gunicorn configuration for production-like runs (make serve) and deployment.

Every value can be overridden by an environment variable of the same name (GUNICORN_*), so that
several instances behind a load balancer differ only in their environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Threads let a worker wait for PostgreSQL or Redis while another request runs.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Recycle workers now and then, staggered, so that slow leaks never add up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# Import the app once in the master: faster forks, and a broken configuration (for example
# an insecure SECRET_KEY) stops the server at start-up instead of in every worker.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The load balancer terminates TLS and sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn never takes the client's address from X-Forwarded-For: REMOTE_ADDR is the peer of
# the connection, behind a load balancer the balancer itself. The portal reads the visitor's
# address from X-Forwarded-For by settings.TRUSTED_PROXY_COUNT (bildungsregion.throttle.client_ip).
