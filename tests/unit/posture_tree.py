"""A fake device root tree for the posture and endpoint unit tests (HostSnapshot(root=...))."""

import datetime
import os

# The clock of tests that inject it (HostSnapshot(now=NOW)). A test that runs the real module, which
# reads engine.utc_now(), builds its tree with make_device(now=utc_now()) so the ages stay true.
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone.utc)

CLEAN_DPKG = {
    "base-files": "12.4",
    "clamav": "1.0.7+dfsg-1~deb12u1",
    "firefox-esr": "128.5.0esr-1~deb12u1",
    "gnome-shell": "43.9-0+deb12u2",
}

GOOD_DCONF = """[org/gnome/desktop/session]
idle-delay=uint32 300

[org/gnome/desktop/screensaver]
lock-enabled=true
lock-delay=uint32 0
"""

GOOD_LOCKS = (
    "/org/gnome/desktop/session/idle-delay\n/org/gnome/desktop/screensaver/lock-enabled\n"
    "/org/gnome/desktop/screensaver/lock-delay\n"
)

APT_CLEAN = "Reading package lists...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n"
APT_SECURITY = (
    "Inst libssl3 [3.0.15-1~deb12u1] (3.0.15-1~deb12u2 Debian-Security:12/stable-security [amd64])\n"
    "Inst tzdata [2024a-0+deb12u1] (2025b-0+deb12u1 Debian:12.11/stable-updates [all])\n"
    "Inst firefox-esr [128.5.0esr-1~deb12u1] (128.6.0esr-1~deb12u1 Debian-Security:12/stable-security [amd64])\n"
)


def write(root, path, text="", mtime=None):
    full = os.path.join(str(root), path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as handle:
        handle.write(text)
    if mtime is not None:
        os.utime(full, (mtime.timestamp(), mtime.timestamp()))
    return full


def dpkg_status(packages):
    stanzas = ["Package: %s\nStatus: install ok installed\nVersion: %s\n" % item for item in sorted(packages.items())]
    stanzas.append("Package: removed-tool\nStatus: deinstall ok config-files\nVersion: 1\n")
    return "\n".join(stanzas)


def make_device(root, packages=None, dconf=True, tmout=True, signature_age_days=1, lists_age_days=0.5, now=NOW):
    """A compliant device at ``now``: clamav with fresh signatures, firefox-esr, locked GNOME idle lock, TMOUT."""
    packages = dict(CLEAN_DPKG if packages is None else packages)
    write(root, "/var/lib/dpkg/status", dpkg_status(packages))
    write(root, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n")
    write(root, "/home/alice/Documents/notes.txt", "personal")
    write(root, "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages", "",
          mtime=now - datetime.timedelta(days=lists_age_days))
    if signature_age_days is not None:
        write(root, "/var/lib/clamav/daily.hdb", "44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature\n",
              mtime=now - datetime.timedelta(days=signature_age_days))
    if dconf:
        write(root, "/etc/dconf/db/local.d/00-amane-lock", GOOD_DCONF)
        write(root, "/etc/dconf/db/local.d/locks/00-amane-lock", GOOD_LOCKS)
    if tmout:
        write(root, "/etc/profile.d/amane-tmout.sh", "TMOUT=900\nreadonly TMOUT\nexport TMOUT\n")
    os.makedirs(os.path.join(str(root), "usr/bin"), exist_ok=True)
    return packages


def fake_runner(apt_output=APT_CLEAN, rc=0, calls=None):
    """Stands in for AnsibleModule.run_command; records each argv in ``calls``."""

    def run(argv):
        if calls is not None:
            calls.append(list(argv))
        if argv[0] == "apt-get":
            return rc, apt_output, "" if rc == 0 else "E: Could not open lock file"
        raise AssertionError("unexpected command %r" % (argv,))

    return run
