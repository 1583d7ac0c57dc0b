"""Load the scripts roles install (no .py suffix) as modules, so unit tests call their functions."""

import importlib.machinery
import importlib.util
import os

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")


def load(role, name):
    """A fresh module made from roles/<role>/files/<name>."""
    path = os.path.join(ROLES, role, "files", name)
    loader = importlib.machinery.SourceFileLoader(name.replace("-", "_"), path)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module
