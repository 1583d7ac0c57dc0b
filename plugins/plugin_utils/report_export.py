# -*- coding: utf-8 -*-
# Copyright: Amane maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The auditor's evidence of a report run: a manifest, checksums, a signature, a bundle.

Every report folder gets ``manifest.json`` (the run's metadata and each file's SHA-256 and size)
and ``SHA256SUMS`` (the same digests, plus the manifest's, in the format ``sha256sum -c``
reads). With a signing key (Ed25519, PEM) the manifest is signed into ``manifest.json.sig``,
which ``openssl pkeyutl -verify -rawin`` checks with the public key. The manifest's own SHA-256
is also kept in the report store, out of the folder's reach: a folder rewritten whole, checksums
and all, no longer matches the registry. ``auditor_bundle`` packs a folder into one
reproducible ``.tar.gz`` (fixed owner, modes and times) for the auditor. The commands are in
docs/reports.md, "Auditor's export".
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import gzip
import hashlib
import io
import json
import os
import tarfile
import tempfile

MANIFEST_SCHEMA = "amane.report-manifest/1"
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
SIGNATURE = "manifest.json.sig"
BUNDLE_SUFFIX = ".auditor.tar.gz"


class ExportError(ValueError):
    """The export cannot be made; the message names the option (signing_key...) and the fix."""


def sha256_text(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest_text(report, run_id, blobs):
    """The manifest of a report set ``blobs`` ({file name: bytes as written}); keys sorted."""
    files = [{"name": name, "sha256": hashlib.sha256(blobs[name]).hexdigest(), "bytes": len(blobs[name])} for name in sorted(blobs)]
    manifest = {
        "schema": MANIFEST_SCHEMA,
        "run_id": run_id,
        "generated_at": report["generated_at"],
        "collection_version": report["collection_version"],
        "inventory_source": report["inventory_source"],
        "pseudonymized": report["pseudonymized"],
        "summary": report["summary"],
        "files": files,
    }
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def checksums_text(blobs):
    """``sha256sum`` format: '<hex>  <name>' (two spaces: text mode), sorted by name."""
    return "".join("%s  %s\n" % (hashlib.sha256(blobs[name]).hexdigest(), name) for name in sorted(blobs))


def load_signing_key(path):
    """The Ed25519 private key at ``path`` (PEM, unencrypted: keep the file 0600 on the controller)."""
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:
        raise ExportError("signing_key: signing needs the Python package cryptography on the controller (it comes with ansible-core)")
    try:
        with open(path, "rb") as handle:
            key = serialization.load_pem_private_key(handle.read(), password=None)
    except (IOError, OSError) as exc:
        raise ExportError("signing_key: cannot read %s (%s); give the path of an Ed25519 private key in PEM" % (path, exc.strerror))
    except (ValueError, TypeError):
        raise ExportError("signing_key: %s is not an unencrypted PEM private key; create one with "
                          "'openssl genpkey -algorithm ed25519 -out report-signing.pem'" % path)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ExportError("signing_key: %s is not an Ed25519 key; create one with 'openssl genpkey -algorithm ed25519'" % path)
    return key


def evidence_files(report, run_id, blobs, signing_key=None):
    """The files to add to a report set ``blobs`` ({file name: bytes}): manifest, checksums and
    (with a key) the signature, as bytes. Returns (those files, the manifest's SHA-256)."""
    manifest = manifest_text(report, run_id, blobs).encode("utf-8")
    extra = {MANIFEST: manifest}
    extra[CHECKSUMS] = checksums_text(dict(blobs, **extra)).encode("utf-8")
    if signing_key is not None:
        extra[SIGNATURE] = signing_key.sign(manifest)
    return extra, hashlib.sha256(manifest).hexdigest()


@contextlib.contextmanager
def private_file(path, prefix=".tmp-"):
    """A binary stream to ``path``: written beside it, then renamed into place 0640 (reports hold
    personal data, law 09.08), so a reader never sees half a file; nothing is left on failure."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=prefix)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.chmod(temporary, 0o640)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def auditor_bundle(directory, mtime):
    """Pack report folder ``directory`` into ``<directory>.auditor.tar.gz`` beside it, 0640.

    Entries are named ``<run id>/<file>``, owned by 0:0, mode 0640 (folder 0750), dated
    ``mtime``: the same folder gives the same bytes, whoever packs it.
    """
    run_id = os.path.basename(directory)
    target = directory + BUNDLE_SUFFIX
    with private_file(target, prefix=".tmp-bundle-") as raw:
        # gzip's own header carries a time too: fixed, for the same reason
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=int(mtime)) as zipped:
            with tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar:
                tar.addfile(_entry(run_id, tarfile.DIRTYPE, 0o750, 0, mtime))
                for name in sorted(os.listdir(directory)):
                    with open(os.path.join(directory, name), "rb") as source:
                        data = source.read()
                    tar.addfile(_entry(run_id + "/" + name, tarfile.REGTYPE, 0o640, len(data), mtime), io.BytesIO(data))
    return target


def _entry(name, kind, mode, size, mtime):
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.size, info.mtime = kind, mode, size, int(mtime)
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info
