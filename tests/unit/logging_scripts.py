"""The scripts roles/logging installs, loaded as modules for the tests."""

import os

from .role_scripts import ROLES, load as load_role_script

FILES = os.path.join(ROLES, "logging", "files")


def load(name):
    return load_role_script("logging", name)
