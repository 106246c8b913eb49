"""A real PostgreSQL server for tests: the one in ``KIOSK_TEST_PG_URL`` or a throwaway cluster.

Row locks, conditional updates and "PostgreSQL restarted under running kiosks" mean nothing
against a mock, so the tests that claim them run on a real server. Without ``KIOSK_TEST_PG_URL``
a private cluster is created in a temporary folder (initdb, a free loopback port, durability
switched off for speed) and removed when the test process exits. Nothing here touches a
PostgreSQL service already running on the machine.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError

PG_URL_ENV = "KIOSK_TEST_PG_URL"
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"
CLUSTER_DIR_PREFIX = "kiosk-pg-"
SUPERUSER = "postgres"
START_TIMEOUT_S = 30
COMMAND_TIMEOUT_S = 120
PORT_ATTEMPTS = 3
_DATABASE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")

# Appended to postgresql.conf. Durability is off because a test cluster is thrown away anyway.
_SPEED_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be had here; the message says why and what would fix it."""


class PostgresServer:
    """A PostgreSQL server that tests may create databases on, and (if ours) stop and restart.

    Build one with :func:`start_postgres`. ``managed`` is true for the throwaway cluster; a
    server given by ``KIOSK_TEST_PG_URL`` belongs to someone else and is never stopped.
    """

    def __init__(self, admin_url: URL, cluster: _LocalCluster | None = None) -> None:
        self._url = admin_url
        self._cluster = cluster
        self._admin = _AdminConnection(admin_url)

    @property
    def admin_url(self) -> str:
        """SQLAlchemy URL of the maintenance database, e.g. ``postgresql+psycopg://…/postgres``."""
        return self._url.render_as_string(hide_password=False)

    @property
    def managed(self) -> bool:
        """True when this process owns the server, so ``stop``/``restart`` are allowed."""
        return self._cluster is not None

    @property
    def running(self) -> bool:
        """Whether the server should be accepting connections (false after ``stop``)."""
        return self._cluster is None or self._cluster.running

    @property
    def folder(self) -> Path | None:
        """Where a throwaway cluster keeps its data and ``postgres.log``; None if borrowed."""
        return None if self._cluster is None else self._cluster.base_dir

    def url_for(self, database: str) -> str:
        """SQLAlchemy URL of ``database`` on this server, same user and host as the admin URL."""
        return self._url.set(database=database).render_as_string(hide_password=False)

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create an empty database (or a copy of ``template``) and return its SQLAlchemy URL.

        A template must have no open connections while it is copied: PostgreSQL refuses.
        """
        self._admin.execute(_create_statement(name, template))
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name`` if it exists, closing any connection still open to it."""
        self._admin.execute(_drop_statement(name))

    def stop(self) -> None:
        """Shut the server down (fast mode: clients are cut off) but keep its data for ``start``."""
        self._admin.close()
        self._owned_cluster("stop").stop("fast")

    def start(self) -> None:
        """Start the server again after ``stop``, on the same port with the same data."""
        self._owned_cluster("start").start()

    def restart(self) -> None:
        """Stop and start the server, dropping every open connection, as an operator would."""
        self.stop()
        self.start()

    def ensure_running(self) -> None:
        """Bring the server back if a test stopped it and failed before starting it again."""
        if self._cluster is not None and not self._cluster.running:
            self._cluster.start()

    def cleanup(self) -> None:
        """Stop a throwaway cluster at once and delete its files; safe to call twice."""
        self._admin.close()
        if self._cluster is not None:
            self._cluster.destroy()

    def _owned_cluster(self, action: str) -> _LocalCluster:
        if self._cluster is None:
            raise PostgresUnavailable(
                f"Cannot {action} the server given by {PG_URL_ENV}; "
                "only a throwaway test cluster can be stopped or restarted."
            )
        return self._cluster


class FreshDatabases:
    """Hands out a new database per test and creates the next one while the test runs.

    Creating a database costs tens of milliseconds and dropping one about as much; a worker
    thread does both in the background so a test waits only when it outruns the worker.
    """

    def __init__(self, server: PostgresServer, template: str | None = None) -> None:
        self._server = server
        self._template = template
        self._admin = _AdminConnection(make_url(server.admin_url))
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fresh-databases")
        self._next: Future[str] | None = None

    def take(self) -> str:
        """Return the name of a database nobody has used; the caller hands it back afterwards."""
        self._server.ensure_running()
        pending, self._next = self._next, None
        name = None
        if pending is not None:
            with contextlib.suppress(psycopg.Error):
                name = pending.result()
        if name is None:
            name = self._worker.submit(self._create).result()
        self._next = self._worker.submit(self._create)
        return name

    def give_back(self, name: str) -> None:
        """Drop ``name`` in the background; connections a test left open are closed."""
        self._worker.submit(self._drop, name)

    def close(self) -> None:
        """Drop the database made in advance and stop the worker."""
        if self._next is not None:
            with contextlib.suppress(psycopg.Error):
                self.give_back(self._next.result())
            self._next = None
        self._worker.shutdown(wait=True)
        self._admin.close()

    def _create(self) -> str:
        name = f"kiosk_test_{uuid.uuid4().hex[:12]}"
        self._admin.execute(_create_statement(name, self._template))
        return name

    def _drop(self, name: str) -> None:
        with contextlib.suppress(psycopg.Error):
            self._admin.execute(_drop_statement(name))


class _AdminConnection:
    """One autocommit connection for admin statements, reopened once if a restart broke it."""

    def __init__(self, url: URL) -> None:
        self._url = url
        self._connection: psycopg.Connection[tuple[object, ...]] | None = None

    def execute(self, statement: sql.Composed) -> None:
        try:
            self._open().execute(statement)
        except psycopg.OperationalError:
            connection = self._connection
            if connection is not None and not connection.broken and not connection.closed:
                raise  # the statement failed, not the connection: retrying would not help
            self.close()
            self._open().execute(statement)

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._connection.close()
            self._connection = None

    def _open(self) -> psycopg.Connection[tuple[object, ...]]:
        if self._connection is None or self._connection.closed:
            self._connection = psycopg.connect(
                _conninfo(self._url), autocommit=True, connect_timeout=10
            )
        return self._connection


class _LocalCluster:
    """A private cluster in a temporary folder, run as ``postgres`` when we are root."""

    def __init__(self, bin_dir: Path, base_dir: Path, run_as: str | None) -> None:
        self.bin_dir = bin_dir
        self.base_dir = base_dir
        self.data_dir = base_dir / "data"
        self.log_file = base_dir / "postgres.log"
        self.run_as = run_as
        self.port = 0
        self.running = False

    def initdb(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-A",
            "trust",
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )

    def configure(self, port: int) -> None:
        """Point the cluster at ``port`` on loopback only, with the socket in our own folder."""
        self.port = port
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(port),
            "unix_socket_directories": f"'{self.base_dir}'",
            **_SPEED_SETTINGS,
        }
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# tests/support/postgres.py\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "start",
        )
        self.running = True
        self._wait_until_accepting()

    def stop(self, mode: str) -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "stop")
        self.running = False

    def destroy(self) -> None:
        if self.running:
            with contextlib.suppress(PostgresUnavailable, OSError, subprocess.SubprocessError):
                self.stop("immediate")
        self.running = False
        shutil.rmtree(self.base_dir, ignore_errors=True)

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _wait_until_accepting(self) -> None:
        """pg_ctl -w already waits; this also proves a TCP login works before tests begin."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                psycopg.connect(
                    host="127.0.0.1",
                    port=self.port,
                    user=SUPERUSER,
                    dbname="postgres",
                    connect_timeout=5,
                ).close()
                return
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise PostgresUnavailable(
                        f"The test PostgreSQL cluster on port {self.port} does not accept "
                        f"connections: {exc}\n{self.log_tail()}"
                    ) from exc
                time.sleep(0.05)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        try:
            subprocess.run(
                command,
                cwd=self.base_dir,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT_S,
                check=True,
            )
        except subprocess.CalledProcessError as exc:
            raise PostgresUnavailable(
                f"{' '.join(command)} failed (exit {exc.returncode}): "
                f"{(exc.stderr or exc.stdout).strip()}\n{self.log_tail()}"
            ) from exc
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PostgresUnavailable(f"{' '.join(command)} could not run: {exc}") from exc


def start_postgres() -> PostgresServer:
    """Return the server in ``KIOSK_TEST_PG_URL``, or start a throwaway cluster.

    Raises:
        PostgresUnavailable: no server can be reached or started; the message says why.
    """
    url = os.environ.get(PG_URL_ENV, "").strip()
    if url:
        return _external_server(url)
    return _throwaway_server()


def _external_server(url: str) -> PostgresServer:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise PostgresUnavailable(f"{PG_URL_ENV} is not a database URL: {exc}") from exc
    if parsed.get_backend_name() != "postgresql":
        raise PostgresUnavailable(f"{PG_URL_ENV} must be a postgresql:// URL.")
    admin_url = parsed.set(drivername="postgresql+psycopg")
    if not admin_url.database:
        admin_url = admin_url.set(database="postgres")
    try:
        psycopg.connect(_conninfo(admin_url), connect_timeout=10).close()
    except psycopg.Error as exc:
        raise PostgresUnavailable(
            f"{PG_URL_ENV} is set but that server cannot be reached: {exc}"
        ) from exc
    return PostgresServer(admin_url)


def _throwaway_server() -> PostgresServer:
    bin_dir = _find_bin_dir()
    run_as = _cluster_user()
    _sweep_stale_clusters()
    base_dir = Path(tempfile.mkdtemp(prefix=CLUSTER_DIR_PREFIX))
    (base_dir / "owner.pid").write_text(str(os.getpid()), encoding="ascii")
    if run_as is not None:
        account = pwd.getpwnam(run_as)
        os.chown(base_dir, account.pw_uid, account.pw_gid)
        os.chmod(base_dir, 0o700)
    cluster = _LocalCluster(bin_dir, base_dir, run_as)
    try:
        cluster.initdb()
        _start_on_free_port(cluster)
    except BaseException:
        cluster.destroy()
        raise
    server = PostgresServer(
        URL.create(
            "postgresql+psycopg",
            username=SUPERUSER,
            host="127.0.0.1",
            port=cluster.port,
            database="postgres",
        ),
        cluster,
    )
    atexit.register(server.cleanup)
    return server


def _start_on_free_port(cluster: _LocalCluster) -> None:
    """Start on a port the OS just handed out; retry if another process grabbed it first."""
    for attempt in range(1, PORT_ATTEMPTS + 1):
        if attempt == 1:
            cluster.configure(_free_loopback_port())
        else:
            _replace_port(cluster, _free_loopback_port())
        try:
            cluster.start()
            return
        except PostgresUnavailable:
            if attempt == PORT_ATTEMPTS or "already in use" not in cluster.log_tail():
                raise


def _replace_port(cluster: _LocalCluster, port: int) -> None:
    conf = cluster.data_dir / "postgresql.conf"
    text = re.sub(r"(?m)^port = \d+$", f"port = {port}", conf.read_text(encoding="utf-8"))
    conf.write_text(text, encoding="utf-8")
    cluster.port = port


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _find_bin_dir() -> Path:
    """The newest Debian-packaged PostgreSQL, else whatever ``initdb`` is on PATH."""
    candidates = [
        path
        for path in Path("/").glob(DEBIAN_BIN_GLOB.lstrip("/"))
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file()
    ]
    if candidates:
        return max(candidates, key=_version_key)
    initdb = shutil.which("initdb")
    if initdb is not None:
        return Path(initdb).resolve().parent
    raise PostgresUnavailable(
        "PostgreSQL server programs (initdb, pg_ctl) are not installed; install the "
        f"'postgresql-15' package, or set {PG_URL_ENV} to a server where this user may "
        "create databases."
    )


def _version_key(bin_dir: Path) -> tuple[int, ...]:
    """``/usr/lib/postgresql/15/bin`` -> (15,), so 16 sorts above 9.6."""
    return tuple(int(part) for part in re.findall(r"\d+", bin_dir.parent.name))


def _cluster_user() -> str | None:
    """PostgreSQL refuses to run as root, so root runs the cluster as ``postgres``."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SUPERUSER)
    except KeyError as exc:
        raise PostgresUnavailable(
            "Running as root, but there is no 'postgres' account to run a test cluster as; "
            f"install the 'postgresql-15' package or set {PG_URL_ENV}."
        ) from exc
    if shutil.which("runuser") is None:
        raise PostgresUnavailable("Running as root, but 'runuser' is missing (util-linux).")
    return SUPERUSER


def _sweep_stale_clusters() -> None:
    """Remove clusters left behind by test runs that were killed before their exit hooks ran."""
    for owner_file in Path(tempfile.gettempdir()).glob(f"{CLUSTER_DIR_PREFIX}*/owner.pid"):
        try:
            owner = int(owner_file.read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        if _process_alive(owner):
            continue
        base_dir = owner_file.parent
        with contextlib.suppress(OSError, PostgresUnavailable):
            _LocalCluster(_find_bin_dir(), base_dir, _cluster_user()).stop("immediate")
        shutil.rmtree(base_dir, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _create_statement(name: str, template: str | None) -> sql.Composed:
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(_checked_name(name)))
    if template is not None:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(_checked_name(template)))
    return statement


def _drop_statement(name: str) -> sql.Composed:
    return sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
        sql.Identifier(_checked_name(name))
    )


def _checked_name(name: str) -> str:
    if not _DATABASE_NAME.fullmatch(name):
        raise ValueError(f"Not a plain database name: {name!r}")
    return name


def _conninfo(url: URL) -> str:
    """psycopg takes the libpq form of the SQLAlchemy URL (no ``+psycopg`` driver suffix)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
