#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The teleworker's notice on the laptop: what VPN access it has now, and why (guide A12, M10, M11)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: access_notice
short_description: Tell the teleworker, on the laptop, what VPN access it has and why, in French, Arabic and English
version_added: "0.1.0"
description:
  - Writes, on the device, the decision the posture gate just recorded (guide A12, M10, M11) - what access
    the laptop has now (full, the quarantine lane, not yet, none), each failed control with its title, its
    guide clause and what the IT unit does about it, from the control catalogue, and whom to call.
  - The notice is in French, Arabic and English - one file per language (C(access-notice.fr.txt),
    C(access-notice.ar.txt), C(access-notice.en.txt)), one with the three (C(access-notice.txt)) and a
    JSON record (C(access-notice.json)) in O(directory), all readable by every local user.
  - Installs the command C(amane-access-status) (C(/usr/local/bin)) - it prints the notice in the language of
    C(LANG), or the one given (V(fr), V(ar), V(en)), or all three.
  - When the notice changes and C(notify-send) is installed, each graphical session (C(loginctl) type V(x11) or
    V(wayland)) gets a desktop notification.
  - The notice holds no time, so an unchanged decision rewrites nothing.
author: Amane maintainers (@amane-maintainers)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reports whether the notice would change; writes nothing and notifies nobody.
  diff_mode:
    support: none
  platform:
    platforms: posix
requirements:
  - The Python standard library only, on the device
options:
  device_id:
    description: The registry's device id, named in the notice.
    type: str
    required: true
  state:
    description: The device's registry state after the posture gate.
    type: str
    required: true
    choices: [requested, approved, active, quarantined, offboarded, rejected]
  failed:
    description: The controls the posture check failed (catalogue ids).
    type: list
    elements: str
    default: []
  support:
    description:
      - Whom the teleworker calls (the IT unit's phone, address or ticket page), one line of text. Empty,
        the notice says "your administration's IT unit".
    type: str
    default: ""
  directory:
    description: Where the notice files are written (made 0755 when missing).
    type: path
    default: /var/lib/amane
  command_path:
    description: Where the C(amane-access-status) command is installed.
    type: path
    default: /usr/local/bin/amane-access-status
"""

EXAMPLES = r"""
- name: Tell the teleworker why access stopped
  amane.telework.access_notice:
    device_id: dev-0101
    state: quarantined
    failed: [PO-M9B]
    support: "IT unit, 0537 00 00 00"
"""

RETURN = r"""
access:
  description: The access the notice announces - V(full), V(quarantine), V(pending) or V(none).
  type: str
  returned: success
notice:
  description: The notice's text per language (V(fr), V(ar), V(en)).
  type: dict
  returned: success
notified:
  description: The users whose graphical session got a desktop notification.
  type: list
  elements: str
  returned: success
"""

import json
import os
import re
import tempfile

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.amane.telework.plugins.module_utils import values
from ansible_collections.amane.telework.plugins.module_utils.audit.catalogue import CONTROLS

LANGUAGES = ("fr", "ar", "en")
SCHEMA = "amane.access-notice/1"
# What each registry state gives the laptop on the gateway (roles/vpn's lanes).
ACCESS = {"active": "full", "quarantined": "quarantine", "requested": "pending", "approved": "pending",
          "offboarded": "none", "rejected": "none"}
HEADLINE = {
    "full": {
        "fr": "Accès VPN : complet. Votre poste a passé son dernier contrôle.",
        "ar": "الولوج عبر الشبكة الافتراضية الخاصة: كامل. اجتاز حاسوبك آخر فحص.",
        "en": "VPN access: full. Your laptop passed its last check.",
    },
    "quarantine": {
        "fr": ("Accès VPN : limité (quarantaine). Votre poste garde son tunnel VPN mais n'atteint que les serveurs de "
               "mises à jour et d'antivirus ; votre service informatique peut le réparer à distance."),
        "ar": ("الولوج عبر الشبكة الافتراضية الخاصة: محدود (حجر). يحتفظ حاسوبك بنفقه لكنه لا يصل إلا إلى خوادم التحديثات "
               "ومضاد الفيروسات، ويمكن لمصلحتك المعلوماتية إصلاحه عن بعد."),
        "en": ("VPN access: limited (quarantine). Your laptop keeps its VPN tunnel but reaches only the update and "
               "antivirus servers; your IT unit can repair it remotely."),
    },
    "pending": {
        "fr": "Accès VPN : pas encore. L'accès s'ouvre au premier contrôle conforme après l'approbation et l'acceptation de la charte.",
        "ar": "الولوج عبر الشبكة الافتراضية الخاصة: ليس بعد. يُفتح الولوج عند أول فحص مطابق بعد الموافقة وقبول الميثاق.",
        "en": "VPN access: not yet. Access opens at the first compliant check once approved and the charter accepted.",
    },
    "none": {
        "fr": "Accès VPN : aucun. Ce poste n'est plus autorisé à se connecter.",
        "ar": "الولوج عبر الشبكة الافتراضية الخاصة: لا يوجد. لم يعد هذا الحاسوب مرخصا له بالاتصال.",
        "en": "VPN access: none. This device is no longer allowed to connect.",
    },
}
WORDS = {
    "device": {"fr": "Poste", "ar": "الجهاز", "en": "Device"},
    "failed": {"fr": "Contrôles non satisfaits :", "ar": "الضوابط غير المستوفاة:", "en": "Controls not met:"},
    "clause": {"fr": "clause du guide", "ar": "بند الدليل", "en": "guide clause"},
    "fix": {"fr": "Ce que fait le service informatique", "ar": "ما تقوم به المصلحة المعلوماتية", "en": "What the IT unit does"},
    "call": {"fr": "Qui appeler", "ar": "بمن تتصل", "en": "Whom to call"},
    "it_unit": {"fr": "le service informatique de votre administration", "ar": "المصلحة المعلوماتية لإدارتكم",
                "en": "your administration's IT unit"},
    "title": {"fr": "Amane : accès VPN", "ar": "أمان: الولوج عبر الشبكة الافتراضية الخاصة", "en": "Amane: VPN access"},
}
# The teleworker's command: the notice in the language of LANG, or the one asked for, or all three.
COMMAND = r"""#!/bin/sh
# Managed by Amane (amane.telework.access_notice, guide A12): this laptop's VPN access, and why.
# Usage: amane-access-status [fr|ar|en]   (default: the language of LANG; all three otherwise)
dir=%(directory)s
want=${1:-${LC_ALL:-${LANG:-}}}
case "$want" in
  fr*) file=$dir/access-notice.fr.txt ;;
  ar*) file=$dir/access-notice.ar.txt ;;
  en*) file=$dir/access-notice.en.txt ;;
  *)
    if [ "$#" -gt 0 ]; then
      echo "amane-access-status: $1 is not fr, ar or en" >&2
      exit 2
    fi
    file=$dir/access-notice.txt ;;
esac
if [ ! -r "$file" ]; then
  echo "amane-access-status: no notice yet ($file): the IT unit writes it at the laptop's next check" >&2
  exit 1
fi
cat "$file"
"""


def bad_input(params):
    """Every value that lands in a file or a command line, checked: errors naming the field."""
    errors = [values.text("device_id", params["device_id"], 64)]
    if params["support"]:
        errors.append(values.text("support", params["support"], 200))
    for index, control in enumerate(params["failed"]):
        if control not in CONTROLS:
            errors.append("failed[%d]: %r is not a control of the catalogue (e.g. PO-M9B)" % (index, control))
    for name in ("directory", "command_path"):
        # written into the command's shell script: letters, digits and ._/- only
        if not re.fullmatch(r"/[A-Za-z0-9._/-]*", params[name]) or "/../" in params[name] + "/":
            errors.append("%s: %r must be an absolute path of letters, digits and ._/- (no ..)" % (name, params[name]))
    return [error for error in errors if error]


def build_notice(device_id, state, failed, support, catalogue=None):
    """{language: text} of the notice: access, failed controls with clause and fix, whom to call."""
    catalogue = CONTROLS if catalogue is None else catalogue
    access = ACCESS[state]
    texts = {}
    for lang in LANGUAGES:
        lines = [WORDS["title"][lang], "%s: %s" % (WORDS["device"][lang], device_id), "", HEADLINE[access][lang]]
        if failed and access != "none":
            lines += ["", WORDS["failed"][lang]]
            for control in failed:
                entry = catalogue[control]
                clauses = ", ".join(entry["clauses"])
                lines.append("- %s: %s (%s %s)" % (control, entry["title"][lang], WORDS["clause"][lang], clauses))
                lines.append("  %s: %s" % (WORDS["fix"][lang], entry["remediation"][lang]))
        lines += ["", "%s: %s" % (WORDS["call"][lang], support or WORDS["it_unit"][lang])]
        texts[lang] = "\n".join(lines) + "\n"
    return access, texts


def files_of(directory, device_id, state, failed, support, access, texts):
    """{path: content} of every file the notice is made of."""
    files = {os.path.join(directory, "access-notice.%s.txt" % lang): texts[lang] for lang in LANGUAGES}
    files[os.path.join(directory, "access-notice.txt")] = "\n".join(texts[lang] for lang in LANGUAGES)
    record = {"schema": SCHEMA, "device_id": device_id, "state": state, "access": access, "failed": list(failed),
              "support": support, "notice": texts}
    files[os.path.join(directory, "access-notice.json")] = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return files


def _current(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _write(path, content, mode):
    """Atomically: a reader never sees half a notice."""
    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".amane-notice-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def graphical_sessions(module):
    """[(user, uid)] of the graphical sessions loginctl knows; none without systemd-logind."""
    loginctl = module.get_bin_path("loginctl")
    if not loginctl:
        return []
    rc, out, _err = module.run_command([loginctl, "list-sessions", "--no-legend"])
    sessions = []
    for line in out.splitlines() if rc == 0 else []:
        fields = line.split()
        if not fields:
            continue
        rc, show, _err = module.run_command([loginctl, "show-session", fields[0], "-p", "Type", "-p", "Name", "-p", "User"])
        props = dict(item.split("=", 1) for item in show.splitlines() if "=" in item)
        if rc == 0 and props.get("Type") in ("x11", "wayland") and props.get("Name") and props.get("User", "").isdigit():
            sessions.append((props["Name"], props["User"]))
    return sorted(set(sessions))


def notify(module, texts, access):
    notify_send, runuser = module.get_bin_path("notify-send"), module.get_bin_path("runuser")
    if not notify_send or not runuser:
        return []
    body = "\n".join(HEADLINE[access][lang] for lang in LANGUAGES)
    notified = []
    for user, uid in graphical_sessions(module):
        rc, _out, _err = module.run_command([
            runuser, "-u", user, "--", "env", "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/%s/bus" % uid,
            notify_send, "--app-name=Amane", " / ".join(WORDS["title"][lang] for lang in LANGUAGES), body])
        if rc == 0:
            notified.append(user)
    return notified


def main():
    module = AnsibleModule(
        argument_spec={
            "device_id": {"type": "str", "required": True},
            "state": {"type": "str", "required": True, "choices": sorted(ACCESS)},
            "failed": {"type": "list", "elements": "str", "default": []},
            "support": {"type": "str", "default": ""},
            "directory": {"type": "path", "default": "/var/lib/amane"},
            "command_path": {"type": "path", "default": "/usr/local/bin/amane-access-status"},
        },
        supports_check_mode=True,
    )
    params = module.params
    errors = bad_input(params)
    if errors:
        module.fail_json(msg="; ".join(errors), errors=errors)
    access, texts = build_notice(params["device_id"], params["state"], params["failed"], params["support"])
    files = files_of(params["directory"], params["device_id"], params["state"], params["failed"], params["support"],
                     access, texts)
    files[params["command_path"]] = COMMAND % {"directory": params["directory"]}
    stale = [path for path, content in sorted(files.items()) if _current(path) != content]
    notified = []
    if stale and not module.check_mode:
        try:
            for folder in sorted({os.path.dirname(path) for path in stale}):
                os.makedirs(folder, mode=0o755, exist_ok=True)
            for path in stale:
                _write(path, files[path], 0o755 if path == params["command_path"] else 0o644)
        except OSError as exc:
            module.fail_json(msg="cannot write the notice: %s" % exc)
        if any(path != params["command_path"] for path in stale):
            notified = notify(module, texts, access)
    module.exit_json(changed=bool(stale), access=access, notice=texts, notified=notified)


if __name__ == "__main__":
    main()
