"""A broken image cache is rebuilt, not trusted; an intact one is reused without a rebuild."""

import hashlib
import io
import os
import subprocess
import tarfile

import pytest

# They share Docker names and the image tag: they take turns (lab_docker_lock).
pytestmark = [pytest.mark.xdist_group("lab-docker"), pytest.mark.usefixtures("lab_docker_lock")]

from tests.integration.lab_tools import ROOT, run_logged, tool_env

BROKEN = "amane/broken-cache-test:latest"


def script_hash():
    with open(os.path.join(ROOT, "scripts", "build-image.sh"), "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


@pytest.fixture
def broken_image():
    # An image that carries the right cache label but holds nothing that can start.
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("README")
        data = b"not a root file system\n"
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    proc = subprocess.run(
        ["docker", "import", "--change", "LABEL amane.image-hash=" + script_hash(), "-", BROKEN],
        input=buf.getvalue(), capture_output=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    yield BROKEN
    subprocess.run(["docker", "image", "rm", "-f", BROKEN], capture_output=True, check=False)


def test_broken_cached_image_is_rebuilt(broken_image):
    rc, output, log = run_logged(["bash", "scripts/build-image.sh"], "image-broken-cache.log",
                                 env=tool_env(AMANE_IMAGE=broken_image), timeout=900)
    assert rc == 0, output[-2000:]
    assert "cached %s does not start; rebuilding it" % broken_image in output
    started = subprocess.run(["docker", "run", "--rm", "--entrypoint", "/usr/bin/python3", broken_image, "-c", "print('ok')"],
                             capture_output=True, text=True, check=False)
    assert started.stdout.strip() == "ok", started.stderr


def test_intact_cache_is_reused():
    rc, output, _unused = run_logged(["bash", "scripts/build-image.sh"], "image-cached.log", timeout=120)
    assert rc == 0
    assert "is up to date (%s)" % script_hash() in output
