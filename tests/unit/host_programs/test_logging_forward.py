"""amane-log-forward: the omprog answers, the spool, and delivery to a RELP/TLS listener.

The listener here is a small RELP server in this process, with client certificates from a CA
made for the test; the real path (rsyslog's omprog to log1's imrelp) is tested by the logging
scenario, including sender restarts while log1 is down.
"""

import io
import json
import os
import socket
import ssl
import subprocess
import threading
import time

import pytest

from tests.unit.logging_scripts import load

forward = load("amane-log-forward")


def openssl(*args):
    subprocess.run(["openssl"] + list(args), check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A CA, a server certificate for 'localhost' and a client certificate, all signed by the CA."""
    d = tmp_path_factory.mktemp("pki")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-days", "2", "-subj", "/CN=test CA", "-keyout", str(d / "ca.key"), "-out", str(d / "ca.crt"))
    for name in ("server", "client"):
        openssl("req", *ec, "-subj", "/CN=localhost", "-keyout", str(d / ("%s.key" % name)), "-out", str(d / ("%s.csr" % name)))
        (d / ("%s.ext" % name)).write_text("subjectAltName=DNS:localhost\n")
        openssl("x509", "-req", "-in", str(d / ("%s.csr" % name)), "-CA", str(d / "ca.crt"), "-CAkey", str(d / "ca.key"),
                "-CAcreateserial", "-days", "2", "-extfile", str(d / ("%s.ext" % name)), "-out", str(d / ("%s.crt" % name)))
    return d


class RelpListener(threading.Thread):
    """Accepts RELP/TLS sessions from clients with a CA-signed certificate; records syslog frames.

    ``drop_after``: close the session without answering once that many syslog frames arrived
    (a log1 that goes away with frames unacknowledged).
    """

    def __init__(self, pki, drop_after=None):
        super(RelpListener, self).__init__(daemon=True)
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki / "ca.crt"))
        self.context.load_cert_chain(str(pki / "server.crt"), str(pki / "server.key"))
        self.context.verify_mode = ssl.CERT_REQUIRED
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.received = []
        self.sessions = 0
        self.drop_after = drop_after
        self.stopped = False

    def run(self):
        while not self.stopped:
            try:
                raw, _unused = self.sock.accept()
                conn = self.context.wrap_socket(raw, server_side=True)
            except (OSError, ssl.SSLError):
                continue
            self.sessions += 1
            self.serve(conn)

    def serve(self, conn):
        reader = forward.FrameReader()
        with conn:
            while True:
                try:
                    data = conn.recv(65536)
                except (OSError, ssl.SSLError):
                    return
                if not data:
                    return
                reader.feed(data)
                for txnr, command, payload in reader.frames():
                    if command == "syslog":
                        if self.drop_after is not None and len(self.received) >= self.drop_after:
                            self.drop_after = None  # once: the next session is served normally
                            return
                        self.received.append(payload.decode())
                    if command == "close":
                        conn.sendall(forward.frame(txnr, b"rsp"))
                        return
                    conn.sendall(forward.frame(txnr, b"rsp", b"200 OK"))

    def stop(self):
        self.stopped = True
        self.sock.close()


def config(pki, tmp_path, port, **extra):
    cfg = {"target": "127.0.0.1", "port": port, "server_name": "localhost", "ca": str(pki / "ca.crt"),
           "cert": str(pki / "client.crt"), "key": str(pki / "client.key"), "spool_dir": str(tmp_path / "spool"),
           "window": 4, "ack_timeout": 3, "connect_timeout": 2, "retry_pause": 0.2, "spool_max_bytes": 1 << 20}
    cfg.update(extra)
    return cfg


def free_port():
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return sock.getsockname()[1]


class IdleDeliverer(object):
    """Stands for the sending thread where a test looks at the omprog side only."""

    def __init__(self):
        self.wake = threading.Event()


def run_forwarder(cfg, lines):
    """What the forwarder answers to rsyslog for ``lines`` (then EOF), as omprog reads it."""
    out = io.StringIO()
    forward.serve(cfg, io.StringIO("".join(line + "\n" for line in lines)), out)
    return out.getvalue().splitlines()


def batch(numbers):
    return [forward.BEGIN] + ["<13>host tag: n=%d" % n for n in numbers] + [forward.COMMIT]


def spooled(cfg):
    return sorted(n for n in os.listdir(cfg["spool_dir"]) if n.endswith(".batch") and not n.startswith("."))


def wait_until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_answers_follow_omprogs_transaction_protocol(pki, tmp_path):
    listener = RelpListener(pki)
    listener.start()
    try:
        answers = run_forwarder(config(pki, tmp_path, listener.port), batch(range(1, 4)))
    finally:
        listener.stop()
    # Ready, BEGIN, three messages deferred to the commit, COMMIT.
    assert answers == ["OK", "OK", "DEFER_COMMIT", "DEFER_COMMIT", "DEFER_COMMIT", "OK"]


def test_batches_reach_the_listener_in_order_and_leave_the_spool(pki, tmp_path):
    listener = RelpListener(pki)
    listener.start()
    cfg = config(pki, tmp_path, listener.port)
    lines = batch(range(1, 11)) + batch(range(11, 21))
    spool = forward.Spool(cfg["spool_dir"], cfg["spool_max_bytes"])
    deliverer = forward.Deliverer(cfg, spool)
    out = io.StringIO()
    forward.serve(cfg, io.StringIO("".join(line + "\n" for line in lines)), out, deliverer=deliverer)
    # serve() returns at EOF; what it had not delivered stays spooled for the next instance.
    assert wait_until(lambda: len(listener.received) == 20 or not spooled(cfg))
    listener.stop()
    assert [int(m.split("n=")[1]) for m in listener.received] == list(range(1, 21))
    assert spooled(cfg) == []


def test_log1_down_batches_are_confirmed_spooled_then_delivered_by_the_next_instance(pki, tmp_path):
    port = free_port()
    cfg = config(pki, tmp_path, port)
    # log1 down: rsyslog still gets OK (the batch is on disk), nothing is dropped.
    assert run_forwarder(cfg, batch(range(1, 6)))[-1] == "OK"
    assert len(spooled(cfg)) == 1
    listener = RelpListener(pki)
    listener.sock.close()
    listener.sock = socket.create_server(("127.0.0.1", port))
    listener.start()
    try:
        # A new instance (rsyslog restarted) delivers the old batch before the new one.
        run_forwarder(cfg, batch(range(6, 8)))
        assert wait_until(lambda: len(listener.received) >= 7)
    finally:
        listener.stop()
    assert [int(m.split("n=")[1]) for m in listener.received] == list(range(1, 8))


def test_session_dropped_with_frames_unacknowledged_resends_the_batch(pki, tmp_path):
    listener = RelpListener(pki, drop_after=3)
    listener.start()
    cfg = config(pki, tmp_path, listener.port)
    spool = forward.Spool(cfg["spool_dir"], cfg["spool_max_bytes"])
    spool.open()
    spool.add([b"<13>host tag: n=%d" % n for n in range(1, 11)])
    deliverer = forward.Deliverer(cfg, spool)
    deliverer.start()
    try:
        assert wait_until(lambda: not spooled(cfg))
    finally:
        deliverer.stopping.set()
        deliverer.join(5)
        listener.stop()
    numbers = [int(m.split("n=")[1]) for m in listener.received]
    assert set(numbers) == set(range(1, 11)), "a message was lost"
    assert listener.sessions >= 2 and numbers[:3] == [1, 2, 3]  # the first three came twice


def test_a_certificate_the_listener_does_not_trust_never_empties_the_spool(pki, tmp_path):
    listener = RelpListener(pki)
    listener.start()
    rogue = tmp_path / "rogue"
    rogue.mkdir()
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=rogue", "-keyout", str(rogue / "k"), "-out", str(rogue / "c"))
    cfg = config(pki, tmp_path, listener.port, cert=str(rogue / "c"), key=str(rogue / "k"))
    try:
        assert run_forwarder(cfg, batch([1]))[-1] == "OK"
        time.sleep(0.5)
    finally:
        listener.stop()
    assert listener.received == [] and len(spooled(cfg)) == 1


def test_full_spool_holds_the_commit_with_keepalive_dots(pki, tmp_path):
    cfg = config(pki, tmp_path, free_port(), spool_max_bytes=10)
    spool = forward.Spool(cfg["spool_dir"], cfg["spool_max_bytes"])
    spool.open()
    spool.add([b"x" * 20])
    dots = []

    def drain():
        time.sleep(1.5)
        os.unlink(os.path.join(cfg["spool_dir"], spooled(cfg)[0]))

    threading.Thread(target=drain).start()
    forwarder = forward.Forwarder(spool, IdleDeliverer(), lambda: dots.append("."))
    for line in batch([1]):
        answer = forwarder.handle(line)
    assert answer == "OK" and dots, "the commit waited without telling rsyslog it is alive"
    assert len(spooled(cfg)) == 1


def test_small_batches_travel_together_up_to_the_limit(pki, tmp_path):
    spool = forward.Spool(str(tmp_path / "spool"), 1 << 20)
    spool.open()
    for size in (3, 4, 5):
        spool.add([b"m"] * size)
    paths, messages = spool.oldest(8)
    assert len(paths) == 2 and len(messages) == 7  # a third batch would pass the limit
    spool.remove(paths)
    paths, messages = spool.oldest(2)
    assert len(paths) == 1 and len(messages) == 5  # one batch at least, even above the limit
    spool.remove(paths)
    assert spool.oldest(8) is None


def test_a_spool_write_error_holds_the_commit_instead_of_failing_it(pki, tmp_path, monkeypatch):
    cfg = config(pki, tmp_path, free_port())
    spool = forward.Spool(cfg["spool_dir"], cfg["spool_max_bytes"])
    spool.open()
    real_add, calls, dots = spool.add, [], []

    def add(messages):
        calls.append(len(messages))
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        real_add(messages)

    monkeypatch.setattr(spool, "add", add)
    monkeypatch.setattr(forward, "report", lambda exc: None)

    forwarder = forward.Forwarder(spool, IdleDeliverer(), lambda: dots.append("."))
    answers = [forwarder.handle(line) for line in batch([1, 2])]
    assert answers[-1] == "OK" and calls == [2, 2] and dots
    assert len(spooled(cfg)) == 1


def test_half_written_batches_are_dropped_at_start(pki, tmp_path):
    cfg = config(pki, tmp_path, free_port())
    spool = forward.Spool(cfg["spool_dir"], cfg["spool_max_bytes"])
    (tmp_path / "spool" / ".tmp-0000000000000007.batch").write_text("never confirmed\n")
    (tmp_path / "spool" / "0000000000000004.batch").write_text("<13>host tag: n=1\n")
    spool.open()
    assert spooled(cfg) == ["0000000000000004.batch"] and spool.sequence == 4
    spool.add([b"<13>host tag: n=2"])
    assert spooled(cfg)[-1] == "0000000000000005.batch"


@pytest.mark.parametrize("data", [b"x rsp 6 200 OK\n" + b"y" * 80, b"1 rsp 2 200 OK\n"])
def test_malformed_frames_from_log1_are_errors(data):
    reader = forward.FrameReader()
    reader.feed(data)
    with pytest.raises(forward.RelpError):
        list(reader.frames())


def test_frames_split_anywhere_are_read_whole():
    offer = b"200 OK\nrelp_version=0\ncommands=syslog"
    data = b"1 rsp %d %s\n2 rsp 6 200 OK\n0 serverclose 0\n" % (len(offer), offer)
    reader, frames = forward.FrameReader(), []
    for i in range(len(data)):
        reader.feed(data[i:i + 1])
        frames.extend(reader.frames())
    assert frames == [(1, "rsp", b"200 OK\nrelp_version=0\ncommands=syslog"), (2, "rsp", b"200 OK"), (0, "serverclose", b"")]


def test_config_without_a_required_key_is_refused_by_name(tmp_path):
    path = tmp_path / "forward.json"
    path.write_text(json.dumps({"target": "log1", "port": 2514}))
    with pytest.raises(SystemExit) as exc:
        forward.load_config(str(path))
    assert "server_name" in str(exc.value) and "spool_dir" in str(exc.value)


def test_a_stray_file_in_the_spool_neither_stops_the_start_nor_is_sent(tmp_path):
    spool = forward.Spool(str(tmp_path / "spool"), 1 << 20)
    for stray in ("notes.batch", "0001.batch", "README", "0000000000000001.batch~"):
        (tmp_path / "spool" / stray).write_bytes(b"not a batch\n")
    spool.open()  # crashed on int("notes") before
    spool.add([b"m1"])
    paths, messages = spool.oldest(10)
    assert messages == [b"m1"] and [os.path.basename(p) for p in paths] == ["0000000000000001.batch"]


def test_a_full_disk_leaves_no_temporary_file_per_retry(tmp_path, monkeypatch):
    spool = forward.Spool(str(tmp_path / "spool"), 1 << 20)
    spool.open()
    real_fsync = os.fsync

    def disk_full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(forward.os, "fsync", disk_full)
    for _unused in range(5):
        with pytest.raises(OSError):
            spool.add([b"m1"])
    monkeypatch.setattr(forward.os, "fsync", real_fsync)
    assert os.listdir(str(tmp_path / "spool")) == []
    spool.add([b"m1"])
    assert os.listdir(str(tmp_path / "spool")) == ["0000000000000001.batch"]  # the number was not used up


def test_a_batch_that_lost_its_final_newline_keeps_its_last_message(tmp_path):
    spool = forward.Spool(str(tmp_path / "spool"), 1 << 20)
    spool.open()
    (tmp_path / "spool" / "0000000000000001.batch").write_bytes(b"m1\nm2")
    (tmp_path / "spool" / "0000000000000002.batch").write_bytes(b"m3\n")
    assert spool.oldest(10)[1] == [b"m1", b"m2", b"m3"]
