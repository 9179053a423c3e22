"""`make scale-demo`: the site as several identical app servers behind a load balancer, on this
machine (docs/deploy.md draws it and lists what they share); see `main`.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time

from tests.bench.environment import ensure_database
from tests.scale import topology

WORK_DIR = topology.ROOT / ".scale"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/pina_scale_demo"


def secret_key() -> str:
    """Kept in .scale/ so that sessions survive a restart of the demo."""
    path = WORK_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


MEASURED_PAGES = {"home": "/en/", "news list": "/en/news/", "health check": "/healthz"}


def wrk(url: str, seconds: int, connections: int) -> float:
    """Requests per second of wrk against `url`; every answer must be a 2xx."""
    result = subprocess.run(  # noqa: S603 - fixed command
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in result.stdout:
        raise RuntimeError(f"wrk saw errors on {url}:\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def measure(site, seconds: int = 5, connections: int = 16, rounds: int = 2) -> str:
    """One instance (straight to instance a) against all of them behind nginx, interleaved."""
    results: dict[tuple[str, str], list[float]] = {}
    load = []
    for _round in range(rounds):
        for name, path in MEASURED_PAGES.items():
            for target, base in (("one", site.instances[0].url), ("all", site.url)):
                topology.http_ok(base + path)
                results.setdefault((name, target), []).append(
                    wrk(base + path, seconds, connections)
                )
                load.append(os.getloadavg()[0])
    lines = [
        f"| page | 1 instance (rps) | {len(site.instances)} instances behind nginx (rps) |",
        "| --- | ---: | ---: |",
    ]
    for name in MEASURED_PAGES:
        one = max(results[(name, "one")])
        both = max(results[(name, "all")])
        lines.append(f"| {name} | {one:.0f} | {both:.0f} |")
    lines.append("")
    lines.append(
        f"wrk -t2 -c{connections} -d{seconds}s, best of {rounds} interleaved rounds; "
        f"load average during the run {min(load):.1f} to {max(load):.1f}; "
        f"{os.cpu_count()} cores."
    )
    return "\n".join(lines)


def main() -> int:
    """Start nginx on 127.0.0.1:SCALE_PORT (8140) balancing SCALE_INSTANCES (2) gunicorn
    instances of SCALE_WORKERS (2) workers each, sharing:

    - PostgreSQL: DATABASE_URL, else the database pina_scale_demo on 127.0.0.1:5432 (created);
    - Redis: REDIS_URL, else a redis-server of its own on a free port (stopped with the demo);
      without redis-server, the database cache;
    - media: S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set, else .scale/media
      (served by nginx).

    Migrate, collect static files, load the demo content, print the URL and stop everything
    started on Ctrl-C.
    """
    if topology.nginx_binary() is None:
        print("nginx is not installed: apt-get install nginx", file=sys.stderr)
        return 1
    WORK_DIR.mkdir(exist_ok=True)
    port = int(os.environ.get("SCALE_PORT", "8140"))
    instances = int(os.environ.get("SCALE_INSTANCES", "2"))
    workers = int(os.environ.get("SCALE_WORKERS", "2"))
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    ensure_database(database_url)  # the bench's: creates a missing PostgreSQL database

    started: list[topology.Process] = []
    redis_url = os.environ.get("REDIS_URL", "")
    # SCALE_REDIS=0: no Redis of its own, the database cache (to compare the two).
    wants_redis = os.environ.get("SCALE_REDIS", "1") != "0"
    if not redis_url and wants_redis and shutil.which("redis-server"):
        redis = topology.RedisServer(WORK_DIR / "logs").start()
        started.append(redis)
        redis_url = redis.url
    media_root = None
    overrides = {
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secret_key(),
        "DJANGO_STATIC_MANIFEST": "1",
        "DJANGO_STATIC_ROOT": str(WORK_DIR / "static"),
        "DJANGO_LOG_LEVEL": "INFO",
        "PINA_INSTANCES": str(instances),
        "PINA_PROXY_COUNT": "1",
        "CLIENT_IP_HEADER": "X-Real-IP",
        # Local demo: log in with the printed password, without enrolling an authenticator.
        "PINA_REQUIRE_2FA": os.environ.get("PINA_REQUIRE_2FA", "0"),
    }
    if redis_url:
        overrides["REDIS_URL"] = redis_url
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        media_root = WORK_DIR / "media"
        media_root.mkdir(exist_ok=True)
        overrides.update(MEDIA_ROOT=str(media_root), PINA_SHARED_MEDIA_ROOT="1")
    environment = topology.instance_environment(**overrides)

    print("Preparing the database and static files (migrate, collectstatic, load_demo)...")
    topology.manage(environment, "migrate", "--noinput")  # also runs the system checks
    topology.manage(environment, "collectstatic", "--noinput")
    topology.manage(environment, "load_demo")
    print(topology.manage(environment, "ensure_staff_login").strip())

    site = topology.Topology(
        environment,
        WORK_DIR / "run",
        instances=instances,
        workers=workers,
        port=port,
        media_root=media_root,
        # nginx serves the collected files itself, as deploy/nginx/pina.conf does in production.
        static_root=WORK_DIR / "static",
    )
    stopping = False

    def stop(*_args):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    try:
        site.start()
        print()
        print(f"PINA on {site.url}/  (admin: {site.url}/admin/)")
        for instance in site.instances:
            print(
                f"  {instance.name}: {instance.url}  ({workers} workers, log {instance.log_path})"
            )
        print(f"  database: {database_url.split('@')[-1]}")
        print(f"  cache: {'Redis ' + redis_url if redis_url else 'the database'}")
        print(f"  media: {media_root or 'S3 bucket ' + os.environ['AWS_STORAGE_BUCKET_NAME']}")
        if "--measure" in sys.argv:
            print(measure(site))
            return 0
        print("Ctrl-C stops everything.")
        while not stopping:
            time.sleep(1)
            dead = [p for p in (site.nginx, *site.instances) if not p.alive()]
            if dead:
                print(f"{dead[0].name} stopped (see {dead[0].log_path}).", file=sys.stderr)
                break
    except KeyboardInterrupt:
        pass
    finally:
        print("\nStopping nginx, the instances and what the demo started...")
        site.stop()
        for process in started:
            process.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
