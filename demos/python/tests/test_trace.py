"""Trace writing: record format, run directories, restarts and the bounded queue."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
import unittest
from pathlib import Path
from unittest import mock

import opop_top

from tests.support import QuadraticLoop, check_records, events, read_trace, step_records, wait_for


class TraceTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="opop-top-test-"))
        patcher = mock.patch.dict(os.environ)
        patcher.start()
        self.addCleanup(patcher.stop)
        os.environ.pop("OPOP_RUN_DIR", None)


class TraceFormatTests(TraceTestCase):
    def test_every_line_matches_spec(self) -> None:
        loop = QuadraticLoop(self.directory / "run", serve_socket=False)
        for _ in range(40):
            loop.step()
        loop.step(loss_override=float("nan"))
        loop.step(loss_override=float("inf"))
        loop.recorder.write_eval({"accuracy": 0.5, "loss": float("-inf")})
        loop.close()

        records = read_trace(loop.trace_path)
        self.assertEqual(check_records(records), [])
        self.assertEqual(records[0]["type"], "header")
        self.assertEqual(len(step_records(loop.trace_path)), 42)
        self.assertEqual(records[-1]["kind"], "trainer_end")

    def test_non_finite_written_as_strings(self) -> None:
        loop = QuadraticLoop(self.directory / "run", serve_socket=False)
        loop.step()
        loop.step(loss_override=float("nan"))
        loop.step(loss_override=float("-inf"))
        loop.close()

        text = loop.trace_path.read_text()
        self.assertIn('"loss":"NaN"', text)
        self.assertIn('"loss":"-Infinity"', text)
        self.assertNotIn(":NaN", text)
        self.assertEqual(len(events(loop.trace_path, "bad_value")), 2)

    def test_nan_loss_keeps_brain_finite(self) -> None:
        loop = QuadraticLoop(self.directory / "run", serve_socket=False)
        for step in range(40):
            loop.step(loss_override=float("nan") if step % 5 == 0 else None)
        loop.close()

        for record in step_records(loop.trace_path)[1:]:
            self.assertIsInstance(record["baseline"], float)
            for group in record["groups"]:
                for key in ("scale", "clip", "dampen"):
                    self.assertIsInstance(group[key], float, record)

    def test_encode_line_shortest_floats(self) -> None:
        line = opop_top.encode_line({"a": 0.1, "b": 1e-05, "c": -0.0, "d": float("inf"), "e": "\n"})
        self.assertEqual(line, b'{"a":0.1,"b":1e-05,"c":-0.0,"d":"Infinity","e":"\\n"}\n')


class RunDirectoryTests(TraceTestCase):
    def test_opop_run_dir_honoured(self) -> None:
        target = self.directory / "from-env" / "nested"
        os.environ["OPOP_RUN_DIR"] = str(target)
        loop = QuadraticLoop(self.directory / "ignored", serve_socket=False)
        loop.step()
        loop.close()

        self.assertEqual(loop.recorder.run_dir, target)
        self.assertTrue((target / "trace.jsonl").exists())
        self.assertTrue((target / "snapshots").is_dir())
        self.assertFalse((self.directory / "ignored").exists())

    def test_default_name_and_suffix(self) -> None:
        first = opop_top.resolve_run_dir("my task/ü", runs_root=str(self.directory / "runs"))
        self.assertRegex(first.name, r"^\d{8}-\d{6}-my-task--$")
        self.assertTrue((first / "snapshots").is_dir())

        fixed = time.localtime()
        with mock.patch.object(opop_top.time, "localtime", return_value=fixed):
            a = opop_top.resolve_run_dir("w", runs_root=str(self.directory / "runs"))
            b = opop_top.resolve_run_dir("w", runs_root=str(self.directory / "runs"))
        self.assertEqual(b.name, a.name + "-2")

    def test_unwritable_run_dir_names_path(self) -> None:
        blocker = self.directory / "file"
        blocker.write_text("x")
        with self.assertRaises(opop_top.RunDirectoryError) as context:
            opop_top.resolve_run_dir("w", blocker / "run")
        self.assertIn(str(blocker / "run"), str(context.exception))

    def test_restart_appends_header(self) -> None:
        run = self.directory / "run"
        first = QuadraticLoop(run, serve_socket=False)
        for _ in range(3):
            first.step()
        first.close()

        second = QuadraticLoop(run, serve_socket=False)
        for _ in range(2):
            second.step()
        second.close()

        records = read_trace(run / "trace.jsonl")
        headers = [index for index, record in enumerate(records) if record["type"] == "header"]
        self.assertEqual(len(headers), 2)
        self.assertEqual(headers[0], 0)
        self.assertEqual(records[headers[0]]["run"], records[headers[1]]["run"])
        self.assertEqual(records[headers[0]]["groups"], records[headers[1]]["groups"])
        self.assertEqual(check_records(records), [])

    def test_restart_other_groups_rejected(self) -> None:
        run = self.directory / "run"
        QuadraticLoop(run, serve_socket=False).close()
        brain = opop_top.make_brain(n_groups=3)
        with self.assertRaises(opop_top.RunDirectoryError) as context:
            opop_top.NumpyBrainRecorder(brain, ["a", "b", "c"], workload="w", run_dir=run, serve_socket=False)
        self.assertIn("groups", str(context.exception))

    def test_foreign_trace_rejected(self) -> None:
        run = self.directory / "run"
        run.mkdir()
        (run / "trace.jsonl").write_text('{"hello": 1}\n')
        with self.assertRaises(opop_top.RunDirectoryError):
            QuadraticLoop(run, serve_socket=False)
        self.assertEqual((run / "trace.jsonl").read_text(), '{"hello": 1}\n')


class TraceWriterTests(TraceTestCase):
    def test_full_queue_drops_and_counts(self) -> None:
        path = self.directory / "trace.jsonl"
        writer = opop_top.TraceWriter(path, capacity=4, batch_size=1000, flush_interval=60)
        accepted = [writer.put({"type": "eval", "step": step, "time": 0.0, "metrics": {}}) for step in range(100)]

        self.assertEqual(accepted.count(True), 4)
        self.assertEqual(writer.dropped_total, 96)

        # Let the writer drain, then queue one more: the note must sit at the gap.
        writer.request_fsync()
        wait_for(lambda: not writer._queue, what="the writer to drain")
        self.assertTrue(writer.put({"type": "eval", "step": 100, "time": 0.0, "metrics": {}}))
        writer.close()

        records = read_trace(path)
        self.assertEqual([r["step"] for r in records[:4]], [0, 1, 2, 3])
        self.assertEqual(records[4]["kind"], "note")
        self.assertIn("96 trace records were dropped", records[4]["message"])
        self.assertEqual(records[4]["step"], 3)
        self.assertEqual(records[5]["step"], 100)

    def test_torn_tail_ended_before_append(self) -> None:
        path = self.directory / "trace.jsonl"
        path.write_bytes(b'{"type":"eval","step":1,"time":0.0,"metrics":{}}\n{"type":"ev')
        writer = opop_top.TraceWriter(path)
        writer.put({"type": "eval", "step": 2, "time": 0.0, "metrics": {}})
        writer.close()

        lines = path.read_bytes().split(b"\n")
        self.assertEqual(lines[1], b'{"type":"ev')
        self.assertEqual(json.loads(lines[2])["step"], 2)

    def test_flushes_within_interval(self) -> None:
        path = self.directory / "trace.jsonl"
        writer = opop_top.TraceWriter(path)
        writer.put({"type": "eval", "step": 1, "time": 0.0, "metrics": {"a": 1.0}})
        wait_for(lambda: path.stat().st_size > 0, timeout=2.0, what="the record to reach the file")
        writer.close()

    def test_failed_write_ends_torn_line_and_notes_loss(self) -> None:
        path = self.directory / "trace.jsonl"
        real_write = os.write
        calls = {"count": 0}
        lock = threading.Lock()

        def failing_write(fd: int, data: bytes) -> int:
            with lock:
                calls["count"] += 1
                first = calls["count"] == 1
            if first:
                real_write(fd, bytes(data[:10]))
                return 10
            if calls["count"] == 2:
                raise OSError(28, "No space left on device")
            return real_write(fd, data)

        writer = opop_top.TraceWriter(path, batch_size=1000, flush_interval=60)
        with mock.patch.object(opop_top.os, "write", side_effect=failing_write), self.assertLogs("opop_top"):
            writer.put({"type": "eval", "step": 1, "time": 0.0, "metrics": {}})
            writer.put({"type": "eval", "step": 2, "time": 0.0, "metrics": {}})
            writer.request_fsync()
            wait_for(lambda: calls["count"] >= 2, what="the failing write")
            writer.put({"type": "eval", "step": 3, "time": 0.0, "metrics": {}})
            writer.close()

        lines = path.read_bytes().split(b"\n")
        self.assertEqual(len(lines[0]), 10)
        with self.assertRaises(json.JSONDecodeError):
            json.loads(lines[0])
        note = json.loads(lines[1])
        self.assertEqual(note["kind"], "note")
        self.assertIn("2 trace records were lost", note["message"])
        self.assertEqual(json.loads(lines[2])["step"], 3)


if __name__ == "__main__":
    unittest.main()
