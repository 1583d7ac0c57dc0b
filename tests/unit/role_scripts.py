"""Load the scripts roles install (no .py suffix) as modules, so unit tests call their functions."""

import importlib
import importlib.machinery
import importlib.util
import os
import pkgutil
import sys

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")


def load(role, name):
    """A fresh module made from roles/<role>/files/<name>."""
    path = os.path.join(ROLES, role, "files", name)
    loader = importlib.machinery.SourceFileLoader(name.replace("-", "_"), path)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def package(role, name):
    """roles/<role>/files/<name>/, a host program's package, imported fresh with every module of it
    (``package(...).dumps`` is amane_backup/dumps.py), as the command beside it imports it."""
    files = os.path.abspath(os.path.join(ROLES, role, "files"))
    if files not in sys.path:
        sys.path.insert(0, files)
    for loaded in [module for module in sys.modules if module == name or module.startswith(name + ".")]:
        del sys.modules[loaded]
    imported = importlib.import_module(name)
    for info in pkgutil.iter_modules(imported.__path__):
        importlib.import_module("%s.%s" % (name, info.name))
    return imported
