# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of amane.telework.compliance_report: renders the reports on the controller.

Reports are built from data the controller already holds (facts and host vars), and written
where the officer reads them, so nothing runs on managed hosts. Documentation lives in
plugins/modules/compliance_report.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS
from ansible_collections.amane.telework.plugins.module_utils.registry.store import registry_location
from ansible_collections.amane.telework.plugins.plugin_utils.report_model import RECORD_FIELDS, ReportInputError
from ansible_collections.amane.telework.plugins.plugin_utils.report_store import ReportStore, StoreError
from ansible_collections.amane.telework.plugins.plugin_utils.report_writer import FORMATS, read_collection_version, write_report

GALAXY_YML = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "galaxy.yml")

ARGUMENT_SPEC = {
    "results": {"type": "list", "elements": "dict", "required": True},
    "records": {"type": "dict"},
    "output_dir": {"type": "path", "required": True},
    "formats": {"type": "list", "elements": "str", "choices": list(FORMATS), "default": list(FORMATS)},
    "languages": {"type": "list", "elements": "str", "choices": ["fr", "ar", "en"], "default": ["fr", "ar", "en"]},
    "pseudonymize": {"type": "bool", "default": False},
    "pseudonymize_key": {"type": "str", "no_log": True},
    "threshold": {"type": "float", "default": 0.0},
    "previous": {"type": "str", "default": "auto"},
    "inventory_source": {"type": "str"},
    "catalogue": {"type": "dict"},
    "registry_path": {"type": "path"},
    "registry_dsn": {"type": "str", "no_log": True},
    "retention_days": {"type": "int", "default": 365},
    "stale_days": {"type": "int", "default": 7},
    "waiver_warning_days": {"type": "int", "default": 30},
    "signing_key": {"type": "path"},
    "bundle": {"type": "bool", "default": False},
}


def records_from_hostvars(task_vars, hosts):
    """Registry host vars of enrolled inventory hosts (and of audited ones), by host name."""
    hostvars = task_vars.get("hostvars", {})
    names = set(hosts)
    for name in task_vars.get("groups", {}).get("all", ()):
        if "amane_device_id" in hostvars[name]:
            names.add(name)
    records = {}
    for name in names:
        if name not in hostvars:
            continue
        variables = hostvars[name]
        records[name] = {var: variables[var] for _field, var in RECORD_FIELDS if var in variables}
    return records


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def _open_store(self, args):
        """The report store in the registry database, or None when no registry is given.

        In check mode a registry file that does not exist yet is not created: the report is
        previewed without history.
        """
        path, dsn = registry_location(args["registry_path"], args["registry_dsn"])
        if not path and not dsn:
            return None
        if self._task.check_mode and not dsn and not os.path.exists(path):
            return None
        return ReportStore.open(path=None if dsn else path, dsn=dsn, check_mode=bool(self._task.check_mode))

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        task_vars = task_vars or {}
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        if args["pseudonymize"] and not args["pseudonymize_key"]:
            raise AnsibleActionFail("pseudonymize_key: required when pseudonymize is true; give a secret key from a vault")
        if not 0 <= args["threshold"] <= 100:
            raise AnsibleActionFail("threshold: %s is outside 0..100; give a percentage of compliant hosts" % args["threshold"])
        records = args["records"]
        if records is None:
            records = records_from_hostvars(task_vars, [r.get("host") for r in args["results"] if isinstance(r, dict) and r.get("host")])
        inventory_source = args["inventory_source"]
        if inventory_source is None:
            sources = task_vars.get("ansible_inventory_sources") or []
            # ansible_inventory_sources is a tuple: str() of it printed "('a', 'b')" in the header
            inventory_source = ", ".join(str(s) for s in sources) if isinstance(sources, (list, tuple)) else str(sources)
        try:
            written = write_report(
                args["results"],
                records,
                args["catalogue"] if args["catalogue"] is not None else CONTROLS,
                args["output_dir"],
                formats=args["formats"],
                languages=args["languages"],
                pseudonymize_key=args["pseudonymize_key"] if args["pseudonymize"] else None,
                threshold=args["threshold"],
                previous=args["previous"],
                inventory_source=inventory_source,
                collection_version=read_collection_version(GALAXY_YML),
                check_mode=bool(self._task.check_mode),
                store=lambda: self._open_store(args),
                retention_days=args["retention_days"],
                stale_days=args["stale_days"],
                waiver_warning_days=args["waiver_warning_days"],
                signing_key=args["signing_key"],
                bundle=args["bundle"],
            )
        except (ReportInputError, StoreError) as exc:
            raise AnsibleActionFail(str(exc))
        except (IOError, OSError) as exc:
            raise AnsibleActionFail(
                "output_dir: cannot write the reports under %s (%s); choose a writable directory" % (args["output_dir"], exc)
            )
        result.update(written)
        result["changed"] = True
        if not written["summary"]["threshold_met"]:
            result["failed"] = True
        result["msg"] = written["summary_line"]
        return result
