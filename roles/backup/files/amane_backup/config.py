# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The configuration and the environment file, each value checked for what it is before anything runs.

Values land in command lines (borg, pg_dump, mariadb-dump, ssh) and SQL names: a database named
"--result-file=..." was an option of mariadb-dump, a repository host "-oProxyCommand=..." an
option of ssh, a relative path was resolved against whatever directory the run started in."""

import argparse
import ipaddress
import json
import os
import re

from amane_backup.common import ConfigError


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"


HOSTNAME = re.compile(r"%s(?:\.%s)*" % (_LABEL, _LABEL))


# ssh://[user@]host[:port]/path, as the role writes it; the host never starts with "-".
SSH_REPOSITORY = re.compile(r"ssh://(?:(?P<user>[A-Za-z0-9_][A-Za-z0-9._-]{0,31})@)?"
                            r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)(?::(?P<port>[0-9]{1,5}))?(?P<path>/.*)")


# Database names this program passes as a dumper's last argument and quotes in SQL.
DATABASE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_$-]{0,62}")


ROLE = re.compile(r"[A-Za-z_][A-Za-z0-9_$-]{0,62}")


ARCHIVE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,511}")


# An inventory name (the host, the archives' prefix): no "/", "::", space or leading "-".
NAME_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,252}")


SCRATCH_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,30}")


COMPRESSION = re.compile(r"(?:auto,)?(?:none|lz4|zstd(?:,[0-9]{1,2})?|zlib(?:,[0-9])?|lzma(?:,[0-9])?)")


# What the role lets into the secrets (roles/backup/tasks/validate.yml): systemd's EnvironmentFile=
# and this program read these the same; a quote, a backslash, a $, a space, a CR or a line break
# each reads differently, so the repository would be used with another passphrase.
ENV_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=([A-Za-z0-9._,:+=@%/!~^*(){}<>?#&|-]*)")


def _text(value):
    return isinstance(value, str) and value != "" and not any(ord(c) < 32 or ord(c) == 127 for c in value)


def _absolute(value):
    return _text(value) and os.path.isabs(value)


def _host(value):
    if not isinstance(value, str):
        return False
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return len(value) <= 253 and HOSTNAME.fullmatch(value) is not None


def _whole(value):
    """A JSON number without a fraction; JSON's true and false are not numbers."""
    return isinstance(value, int) and not isinstance(value, bool)


def _port(value):
    return _whole(value) and 1 <= value <= 65535


def repository_errors(repository):
    if not _text(repository):
        return ["repository must be an absolute path or ssh://user@host[:port]/path (got %r)" % (repository,)]
    if "::" in repository:
        return ["repository %r holds '::', which borg reads as the start of an archive name" % repository]
    if os.path.isabs(repository):
        return []
    match = SSH_REPOSITORY.fullmatch(repository)
    if not match:
        return ["repository must be an absolute path or ssh://user@host[:port]/path (got %r)" % repository]
    host = match.group("host")
    if not (_host(host.strip("[]")) if host.startswith("[") else _host(host)):
        return ["repository %r: %r is not a host name or address" % (repository, host)]
    if match.group("port") and not _port(int(match.group("port"))):
        return ["repository %r: port %s is not from 1 to 65535" % (repository, match.group("port"))]
    return []


def config_errors(cfg):
    """One message per bad field, naming it and what it must be."""
    errors = []
    required = ("host", "env_file", "repository", "borg_rsh", "borg_base_dir", "archive_prefix", "status_dir",
                "lock_file", "compression", "checksums", "verify_data", "scratch_prefix", "paths", "postgresql", "mariadb")
    missing = [key for key in required if key not in cfg]
    if missing:
        return ["lacks %s" % ", ".join(missing)]
    if not (isinstance(cfg["host"], str) and NAME_PREFIX.fullmatch(cfg["host"])):
        errors.append("host must be the host's inventory name (got %r)" % (cfg["host"],))
    for key in ("env_file", "borg_base_dir", "status_dir", "lock_file"):
        if not _absolute(cfg[key]):
            errors.append("%s must be an absolute path (got %r)" % (key, cfg[key]))
    errors.extend(repository_errors(cfg["repository"]))
    if not _text(cfg["borg_rsh"]):
        errors.append("borg_rsh must be an ssh command on one line (got %r)" % (cfg["borg_rsh"],))
    if not (isinstance(cfg["archive_prefix"], str) and NAME_PREFIX.fullmatch(cfg["archive_prefix"])):
        errors.append("archive_prefix must be letters, digits, '.', '_' or '-' (got %r)" % (cfg["archive_prefix"],))
    if not (isinstance(cfg["compression"], str) and COMPRESSION.fullmatch(cfg["compression"])):
        errors.append("compression must be a borg compression: none, lz4, zstd[,N], zlib[,N] or lzma[,N] (got %r)"
                      % (cfg["compression"],))
    for key in ("checksums", "verify_data"):
        if not isinstance(cfg[key], bool):
            errors.append("%s must be true or false (got %r)" % (key, cfg[key]))
    if not (isinstance(cfg["scratch_prefix"], str) and SCRATCH_PREFIX.fullmatch(cfg["scratch_prefix"])):
        errors.append("scratch_prefix must be letters, digits or '_', starting with a letter or '_' (got %r)"
                      % (cfg["scratch_prefix"],))
    if not isinstance(cfg["paths"], list) or not all(_absolute(path) for path in cfg["paths"]):
        errors.append("paths must be a list of absolute paths (got %r)" % (cfg["paths"],))
    for engine in ("postgresql", "mariadb"):
        errors.extend(engine_errors(cfg, engine))
    return errors


def engine_errors(cfg, engine):
    section = cfg[engine]
    if not isinstance(section, dict):
        return ["%s must be a mapping with its databases (got %r)" % (engine, section)]
    databases = section.get("databases", [])
    if not isinstance(databases, list):
        return ["%s.databases must be a list of database names (got %r)" % (engine, databases)]
    errors = ["%s.databases: %r is not a database name (letters, digits, _, $ or -, not first)" % (engine, name)
              for name in databases if not (isinstance(name, str) and DATABASE.fullmatch(name))]
    if isinstance(cfg.get("scratch_prefix"), str):
        errors.extend("%s.databases: %r is too long for its scratch database %s%s (63 characters at most)"
                      % (engine, name, cfg["scratch_prefix"], name)
                      for name in databases if isinstance(name, str) and len(cfg["scratch_prefix"] + name) > 63)
    # The engine's connection settings, each checked when given (the role always writes them all).
    checks = {
        "postgresql": {"host": (_host, "a host name or address"), "port": (_port, "a port number from 1 to 65535"),
                       "user": (lambda v: isinstance(v, str) and ROLE.fullmatch(v), "a role name"),
                       "dump_compression": (lambda v: _whole(v) and 0 <= v <= 9, "a pg_dump -Z level from 0 to 9")},
        "mariadb": {"socket": (_absolute, "an absolute path")},
    }[engine]
    errors.extend("%s.%s must be %s (got %r)" % (engine, key, what, section[key])
                  for key, (check, what) in checks.items() if key in section and not check(section[key]))
    return errors


def load_config(path):
    """The configuration, every field checked; ConfigError naming the file and the fields."""
    try:
        with open(path, encoding="utf-8") as handle:
            cfg = json.load(handle)
    except OSError as exc:
        raise ConfigError("--config %s: %s" % (path, exc.strerror or exc))
    except ValueError as exc:  # not JSON, or not UTF-8
        raise ConfigError("%s: not JSON (%s)" % (path, exc))
    if not isinstance(cfg, dict):
        raise ConfigError("%s: not a JSON object" % path)
    errors = config_errors(cfg)
    if errors:
        raise ConfigError("%s: %s" % (path, "; ".join(errors)))
    return cfg


def name_argument(pattern, what):
    """An argparse type: the whole value matches ``pattern`` (a final newline or a leading "-"
    would reach borg, psql or mariadb as part of a name or as an option)."""
    def check(text):
        if not pattern.fullmatch(text):
            raise argparse.ArgumentTypeError("%r is not %s" % (text, what))
        return text
    return check


def load_env_file(path):
    """Read KEY=value lines of the 0600 environment file into os.environ (keys not already set).

    systemd passes it with EnvironmentFile=; a manual run (restore playbook, an operator) gets the
    same secrets this way, never through a command line or a sudo log. Returns None, or why the
    file cannot be read. A line systemd would read otherwise (quotes, "export", a CR) is refused by
    its number, never its value, and nothing of the file is used.
    """
    try:
        with open(path, encoding="utf-8", newline="\n") as handle:
            lines = handle.read().split("\n")
    except (OSError, ValueError) as exc:
        return getattr(exc, "strerror", None) or str(exc)
    values, bad = {}, []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith(("#", ";")):  # systemd's comments
            continue
        match = ENV_LINE.fullmatch(line)
        if match:
            values[match.group(1)] = match.group(2)
        else:
            key = line.partition("=")[0].strip()
            bad.append("line %d%s" % (number, " (%s)" % key if ENV_LINE.fullmatch(key + "=") else ""))
    if bad:
        raise ConfigError("environment file %s: %s: write KEY=value, no quotes, no export, no spaces, no CR; values of "
                          "letters, digits and ._,:+=@%%/!~^*(){}<>?#&|- only" % (path, ", ".join(bad)))
    for key, value in values.items():
        os.environ.setdefault(key, value)
    return None
