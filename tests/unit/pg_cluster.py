"""A throwaway PostgreSQL cluster for the registry tests (never the Debian-managed one).

initdb into a temp dir owned by the ``postgres`` OS user (initdb and postgres refuse root), the
server listening only on a unix socket in that dir, stopped and deleted at the end. Durability is
switched off (fsync, synchronous_commit): the data dies with the test run anyway.

Roles: ``postgres`` (superuser) connects with trust over the socket; ``amane_locked`` needs a
password (scram-sha-256), so tests can check that a wrong password never reaches an error message.
"""

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile

# Debian installs each major version's server under /usr/lib/postgresql/<major>/bin; 15 is bookworm's.
BIN_GLOB = "/usr/lib/postgresql/*/bin"
LOCKED_ROLE = "amane_locked"
PASSWORD = "Tr0ub4dor-registry-secret"  # noqa: S105 - a throwaway test cluster's password
HBA = (
    "local all %s scram-sha-256\n"
    "local all all trust\n"
) % LOCKED_ROLE


class ClusterError(RuntimeError):
    """The test cluster could not be set up; the message says what to install or look at."""


def find_bindir():
    """The newest installed server's bin dir (15 on Debian 12), or a ClusterError saying what to install."""
    candidates = [d for d in glob.glob(BIN_GLOB) if os.path.exists(os.path.join(d, "initdb"))]
    if not candidates:
        raise ClusterError("PostgreSQL server binaries (initdb, pg_ctl) are missing: the registry's PostgreSQL tests need "
                           "them. Install the Debian package: apt-get install -y postgresql (scripts/host-packages.txt "
                           "lists it; make test installs it)")
    return max(candidates, key=lambda d: int(d.split("/")[-2]))


class Cluster(object):
    """Run as root (CI, make test), the server runs as the ``postgres`` OS user; run as anyone
    else, as that user. Either way the superuser role is called ``postgres``."""

    def __init__(self):
        self.bindir = find_bindir()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise ClusterError("no 'postgres' OS user to own the test cluster: install the Debian package postgresql")
        # Short path under /tmp: a unix socket path must fit in 107 bytes, and the postgres user
        # must be able to reach it (pytest's tmp dirs are root-only).
        self.root = tempfile.mkdtemp(prefix="amane-pg-")
        if self.as_root:
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self.data = os.path.join(self.root, "data")
        self.socket_dir = self.root
        self.log = os.path.join(self.root, "server.log")
        self._names = itertools.count(1)
        self.admin = None

    def _as_postgres(self, *args, **kwargs):
        command = list(args)
        if self.as_root:  # initdb and postgres refuse to run as root
            command = ["runuser", "-u", "postgres", "--"] + command
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120, **kwargs)
        if result.returncode != 0:
            raise ClusterError("%s failed (%d): %s%s" % (" ".join(args), result.returncode, result.stderr.strip(),
                                                         self._log_tail()))
        return result

    def _log_tail(self):
        try:
            with open(self.log) as handle:
                return "\nserver log:\n" + "".join(handle.readlines()[-20:])
        except OSError:
            return ""

    def start(self):
        self._as_postgres(os.path.join(self.bindir, "initdb"), "-D", self.data, "-U", "postgres", "-E", "UTF8",
                          "--locale=C.UTF-8", "-A", "trust", "--no-sync", cwd=self.root)
        with open(os.path.join(self.data, "pg_hba.conf"), "w") as handle:
            handle.write(HBA)
        options = " ".join([
            "-c listen_addresses=''",  # unix socket only: nothing on the network
            "-c unix_socket_directories=%s" % self.socket_dir,
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "-c max_connections=50 -c shared_buffers=32MB",
        ])
        self._as_postgres(os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-l", self.log, "-o", options,
                          "-w", "-t", "60", "start", cwd=self.root)
        import psycopg  # deferred: a missing server is reported first, with what to install

        # One superuser connection for the per-test databases: faster than a psql process each.
        self.admin = psycopg.connect(self.dsn("postgres"), autocommit=True)
        self.admin.execute("CREATE ROLE %s LOGIN PASSWORD '%s'" % (LOCKED_ROLE, PASSWORD))
        return self

    def stop(self):
        """Stops the server if it runs and deletes everything; safe after a failed start."""
        if self.admin is not None:
            self.admin.close()
        try:
            if os.path.exists(os.path.join(self.data, "postmaster.pid")):  # also after a start that timed out
                self._as_postgres(os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m", "immediate", "-w",
                                  "stop", cwd=self.root)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def role(self, name):
        """A login role without password (trust over the socket) and without any grant yet."""
        exists = self.admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if not exists:
            self.admin.execute("CREATE ROLE %s LOGIN" % name)
        return name

    def execute(self, database, *statements):
        """Runs ``statements`` as the superuser inside ``database`` (grants are per database)."""
        import psycopg

        with psycopg.connect(self.dsn(database), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def dsn(self, database, user="postgres", password=None):
        parts = ["host=%s" % self.socket_dir, "dbname=%s" % database, "user=%s" % user]
        if password:
            parts.append("password=%s" % password)
        return " ".join(parts)

    def create_database(self, owner="postgres"):
        """The name of a new empty database (a copy of template0: nothing in it)."""
        name = "registry_%d" % next(self._names)
        # FILE_COPY: a file copy and a checkpoint (cheap with fsync off) beat WAL-logging every block.
        self.admin.execute("CREATE DATABASE %s OWNER %s TEMPLATE template0 STRATEGY FILE_COPY" % (name, owner))
        return name

    def drop_database(self, name):
        self.admin.execute("DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
