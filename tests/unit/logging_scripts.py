"""Load the scripts roles/logging installs (they have no .py suffix) as modules for the tests."""

import importlib.machinery
import importlib.util
import os

FILES = os.path.join(os.path.dirname(__file__), "..", "..", "roles", "logging", "files")


def load(name):
    path = os.path.join(FILES, name)
    loader = importlib.machinery.SourceFileLoader(name.replace("-", "_"), path)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module
