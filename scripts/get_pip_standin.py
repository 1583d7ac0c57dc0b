"""Stand-in for the get-pip bootstrap script that `ansible-test --requirements` downloads from a host
this machine cannot reach: pip comes from the interpreter's own `ensurepip`, then is upgraded from
PyPI to the version ansible-test asked for. Options only get-pip knows (--no-setuptools, --no-wheel,
--disable-pip-version-check) are dropped; pip itself would refuse them."""

import subprocess
import sys

GET_PIP_ONLY = {"--no-setuptools", "--no-wheel", "--disable-pip-version-check"}


def main():
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
    wanted = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--upgrade", *wanted])


if __name__ == "__main__":
    main()
