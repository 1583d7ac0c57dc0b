"""AV-06 on a real block device: amane-av-removable sets a medium read-only at the block layer, mounts
it read-only, keeps it mounted only when clean, and never makes it writable again.

The medium is an ext2 image on a loop device (the kernel's, as a USB partition is); blockdev, mount
and umount are the system's. Only clamdscan is a stand-in (its verdict is the input here; ClamAV's
own detection of EICAR is proven in the antivirus scenario). Skipped, saying why, where the kernel
gives no loop device.
"""

import os
import subprocess

import pytest

from tests.unit.role_scripts import ROLES

SCRIPT = os.path.join(ROLES, "antivirus", "files", "amane-av-removable")
SYSTEM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
# clamdscan's exit codes: 0 clean, 1 found, 2 error; the verdict comes from $FAKE_CLAMDSCAN_RC.
CLAMDSCAN = '#!/bin/sh\necho "clamdscan $*" >> "$FAKE_CALLS"\nexit "${FAKE_CLAMDSCAN_RC:-0}"\n'
LOGGER = '#!/bin/sh\necho "logger $*" >> "$FAKE_CALLS"\n'


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, check=False, **kw)


@pytest.fixture
def medium(tmp_path):
    """(loop device name, tmp_path): an 8 MiB ext2 medium holding report.txt, detached afterwards."""
    image = tmp_path / "usb.img"
    with open(image, "wb") as handle:
        handle.truncate(8 << 20)
    content = tmp_path / "content"
    content.mkdir()
    (content / "report.txt").write_text("a report\n")
    try:
        made = run(["mkfs.ext2", "-q", "-d", str(content), str(image)], env={"PATH": SYSTEM_PATH})
    except FileNotFoundError:
        pytest.skip("no mkfs.ext2 here (e2fsprogs)")
    assert made.returncode == 0, made.stderr
    attached = run(["losetup", "--find", "--show", str(image)], env={"PATH": SYSTEM_PATH})
    if attached.returncode != 0:
        pytest.skip("no loop device here (losetup: %s)" % attached.stderr.strip())
    device = attached.stdout.strip()
    try:
        # A loop device keeps the read-only flag of an earlier test: the medium starts writable, as a USB key does.
        assert run(["blockdev", "--setrw", device], env={"PATH": SYSTEM_PATH}).returncode == 0
        assert not read_only_at_block_layer(os.path.basename(device))
        yield os.path.basename(device), tmp_path
    finally:
        mounted = os.path.join(tmp_path, "media", os.path.basename(device))
        if os.path.ismount(mounted):
            run(["umount", mounted], env={"PATH": SYSTEM_PATH})
        run(["losetup", "--detach", device], env={"PATH": SYSTEM_PATH})


def scan(name, root, verdict):
    fakes = root / "fakes"
    fakes.mkdir(exist_ok=True)
    for program, text in (("clamdscan", CLAMDSCAN), ("logger", LOGGER)):
        (fakes / program).write_text(text)
        (fakes / program).chmod(0o755)
    env = {"PATH": "%s:%s" % (fakes, SYSTEM_PATH), "AMANE_MOUNT_ROOT": str(root / "media"),
           "FAKE_CALLS": str(root / "calls"), "FAKE_CLAMDSCAN_RC": str(verdict)}
    return run([SCRIPT, name], env=env)  # by its own #! line, as udev's unit starts it


def read_only_at_block_layer(name):
    return run(["blockdev", "--getro", "/dev/" + name], env={"PATH": SYSTEM_PATH}).stdout.strip() == "1"


def mount_options(target):
    with open("/proc/self/mountinfo", encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            if fields[4] == target:
                return set(fields[5].split(","))
    return None


def test_a_clean_medium_stays_mounted_read_only(medium):
    """AV-06: scanned on insertion, read-only (block layer and mount), usable once clean."""
    name, root = medium
    result = scan(name, root, 0)
    assert result.returncode == 0, result.stderr
    target = str(root / "media" / name)
    assert read_only_at_block_layer(name)
    assert {"ro", "nosuid", "nodev", "noexec"} <= mount_options(target)
    assert open(os.path.join(target, "report.txt")).read() == "a report\n"
    with pytest.raises(OSError, match="Read-only file system"):
        open(os.path.join(target, "work-data.odt"), "w").close()
    assert "clamdscan --fdpass --infected --no-summary %s" % target in (root / "calls").read_text()
    assert "clean target=%s" % target in (root / "calls").read_text()


def test_an_infected_medium_is_unmounted_and_stays_read_only(medium):
    """AV-06: a medium ClamAV flags is refused: not left mounted, still read-only at the block layer."""
    name, root = medium
    result = scan(name, root, 1)
    assert result.returncode == 1
    target = str(root / "media" / name)
    assert mount_options(target) is None
    assert read_only_at_block_layer(name)
    assert "refused target=%s clamdscan_rc=1" % target in (root / "calls").read_text()


def test_a_scan_error_counts_as_infected(medium):
    """AV-06: clamdscan's error (2: no daemon, an unreadable file) keeps the medium out of use."""
    name, root = medium
    assert scan(name, root, 2).returncode == 1
    assert mount_options(str(root / "media" / name)) is None
    assert "clamdscan_rc=2" in (root / "calls").read_text()
