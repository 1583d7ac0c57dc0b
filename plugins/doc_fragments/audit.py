# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options every read-only audit module of Amane shares (engine.AUDIT_ARGUMENT_SPEC)."""


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  host:
    description: Host name written in the report; defaults to the device's host name.
    type: str
  disabled:
    description: Control ids switched off by configuration (reported as not_applicable).
    type: list
    elements: str
    default: []
  waivers:
    description:
      - Waivers keyed by control id, each with C(justification), C(approver) and C(expires) (YYYY-MM-DD).
      - An expired waiver is shown but no longer turns a fail into waived.
    type: dict
    default: {}
"""
