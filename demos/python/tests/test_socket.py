"""The control socket: file mode, requests, bad clients and stale sockets."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path
from unittest import mock

import opop_top

from tests.support import Client, QuadraticLoop, read_trace, step_records, wait_for


class SocketTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="opop-top-sock-"))
        patcher = mock.patch.dict(os.environ)
        patcher.start()
        self.addCleanup(patcher.stop)
        os.environ.pop("OPOP_RUN_DIR", None)

        self.loop = QuadraticLoop(self.directory / "run")
        self.addCleanup(self.loop.close)

    def client(self) -> Client:
        client = Client(self.loop.socket_path)
        self.addCleanup(client.close)
        return client


class SocketFileTests(SocketTestCase):
    def test_socket_mode_0600(self) -> None:
        mode = os.stat(self.loop.socket_path).st_mode
        self.assertTrue(stat.S_ISSOCK(mode))
        self.assertEqual(stat.S_IMODE(mode), 0o600)

    def test_socket_removed_on_close(self) -> None:
        self.loop.close()
        self.assertFalse(self.loop.socket_path.exists())

    def test_second_server_rejected(self) -> None:
        with self.assertRaises(opop_top.ControlSocketError) as context:
            QuadraticLoop(self.directory / "run")
        self.assertIn("another trainer already serves", str(context.exception))
        self.loop.close()
        self.assertEqual(len([r for r in read_trace(self.loop.trace_path) if r["type"] == "header"]), 1)

    def test_stale_socket_replaced(self) -> None:
        run = self.directory / "stale"
        run.mkdir()
        script = (
            "import socket, os, sys\n"
            "s = socket.socket(socket.AF_UNIX)\n"
            f"s.bind({str(run / 'control.sock')!r}); s.listen(1)\n"
            "print('bound', flush=True); sys.stdin.read()\n"
        )
        process = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.assertEqual(process.stdout.readline().strip(), b"bound")
        process.kill()
        process.communicate()
        self.assertTrue((run / "control.sock").exists())

        loop = QuadraticLoop(run)
        self.addCleanup(loop.close)
        client = Client(loop.socket_path)
        self.addCleanup(client.close)
        self.assertTrue(client.request({"command": "ping"})["ok"])

    def test_regular_file_not_removed(self) -> None:
        run = self.directory / "file"
        run.mkdir()
        (run / "control.sock").write_text("keep me")
        with self.assertRaises(opop_top.ControlSocketError) as context:
            QuadraticLoop(run)
        self.assertIn("not a socket", str(context.exception))
        self.assertEqual((run / "control.sock").read_text(), "keep me")

    def test_long_path_uses_directory_fd(self) -> None:
        run = self.directory / ("d" * 60) / ("e" * 60)
        loop = QuadraticLoop(run)
        self.addCleanup(loop.close)
        self.assertGreater(len(str(loop.socket_path.resolve())), 107)
        self.assertTrue(loop.socket_path.exists())

        descriptor = os.open(run, os.O_RDONLY | os.O_DIRECTORY)
        self.addCleanup(os.close, descriptor)
        client = Client(Path(f"/proc/self/fd/{descriptor}/control.sock"))
        self.addCleanup(client.close)
        self.assertTrue(client.request({"command": "ping"})["ok"])

        loop.close()
        self.assertFalse(loop.socket_path.exists())


class RequestTests(SocketTestCase):
    def test_ping_answered_without_step(self) -> None:
        self.loop.step()
        reply = self.client().request({"command": "ping", "id": "p1"})
        self.assertEqual(reply["ok"], True)
        self.assertEqual(reply["id"], "p1")
        self.assertEqual(reply["command"], "ping")
        self.assertEqual(reply["step"], 1)
        self.assertEqual(reply["version"], 1)
        self.assertEqual(reply["run"], "run")
        self.assertEqual(reply["pid"], os.getpid())
        self.assertIs(reply["frozen"], False)

    def test_garbage_gets_error_and_serving_continues(self) -> None:
        client = self.client()
        cases = [
            (b"hello\n", "invalid request"),
            (b"[1, 2]\n", "invalid request"),
            (b'{"command": 3}\n', "invalid request"),
            (b"\xff\xfe\n", "not UTF-8"),
            (b'{"command": "explode"}\n', "unknown command 'explode'"),
            (b'{"command": "reset", "group": "layer9"}\n', "unknown group 'layer9' (groups: weight, bias)"),
            (b'{"command": "reset"}\n', "missing group"),
            (b'{"command": "ping", "id": 1.5}\n', "invalid id"),
        ]
        for request, expected in cases:
            with self.subTest(request=request):
                reply = client.request(request)
                self.assertIs(reply["ok"], False)
                self.assertIn(expected, reply["error"])

        self.assertTrue(client.request({"command": "ping"})["ok"])

    def test_blank_lines_get_no_reply(self) -> None:
        client = self.client()
        client.send(b"\n\r\n  \n")
        self.assertEqual(client.request({"command": "ping", "id": 9})["id"], 9)

    def test_overlong_line_rejected_and_closed(self) -> None:
        client = self.client()
        client.send(b"x" * (opop_top.MAX_REQUEST_LINE_BYTES + 10))
        reply = client.reply()
        self.assertIs(reply["ok"], False)
        self.assertIn("longer than", reply["error"])
        self.assertEqual(client.sock.recv(10), b"")
        self.assertTrue(self.client().request({"command": "ping"})["ok"])

    def test_replies_in_request_order(self) -> None:
        client = self.client()
        client.send(b'{"command":"freeze","id":1}\n{"command":"ping","id":2}\n')
        server = self.loop.recorder.recorder._server
        wait_for(lambda: len(server._commands) == 1, what="the freeze to be queued")
        self.loop.step()
        first, second = client.reply(), client.reply()
        self.assertEqual((first["id"], second["id"]), (1, 2))
        self.assertIs(second["frozen"], True)

    def test_half_closed_client_gets_reply(self) -> None:
        client = self.client()
        client.send({"command": "ping"})
        client.sock.shutdown(socket.SHUT_WR)
        self.assertTrue(client.reply()["ok"])

    def test_several_clients(self) -> None:
        clients = [self.client() for _ in range(5)]
        for index, client in enumerate(clients):
            client.send({"command": "ping", "id": index})
        self.assertEqual([client.reply()["id"] for client in clients], list(range(5)))


class BadClientTests(SocketTestCase):
    def run_training(self, steps: int) -> threading.Thread:
        def train() -> None:
            for _ in range(steps):
                self.loop.step()
                time.sleep(0.001)

        thread = threading.Thread(target=train)
        thread.start()
        return thread

    def test_disconnect_mid_reply(self) -> None:
        for _ in range(20):
            client = Client(self.loop.socket_path)
            client.send(b'{"command":"ping"}\n' * 500)
            client.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            client.close()

        client = Client(self.loop.socket_path)
        self.addCleanup(client.close)
        client.send({"command": "freeze"})
        client.close()
        server = self.loop.recorder.recorder._server
        wait_for(lambda: len(server._commands) == 1, what="the freeze to be queued")
        self.loop.step()
        self.assertTrue(self.loop.recorder.control.frozen, "a queued command must survive its client")
        self.assertTrue(self.client().request({"command": "ping"})["ok"])

    def test_unread_replies_do_not_block_training(self) -> None:
        silent = Client(self.loop.socket_path)
        self.addCleanup(silent.close)
        silent.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        silent.send({"command": "freeze"})
        self.enterContext(mock.patch.object(opop_top.logger, "disabled", True))
        thread = self.run_training(200)
        try:
            for _ in range(200):
                silent.send(b'{"command":"ping"}\n' * 100)
        except (BrokenPipeError, ConnectionResetError):
            pass  # The server may drop a client that leaves over 1 MiB of replies unread.

        thread.join(30)
        self.assertFalse(thread.is_alive(), "training stalled behind a client that never reads")
        self.assertTrue(self.client().request({"command": "ping"})["ok"])
        self.loop.close()
        self.assertEqual(len(step_records(self.loop.trace_path)), 200)


if __name__ == "__main__":
    unittest.main()
