"""Brain commands on a numpy-mode OptBrain, and telemetry staying off."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path
from unittest import mock

import numpy as np

import opop_top

from tests.support import (
    DEMO_DIR, Client, QuadraticLoop, check_records, decision_tuples, events, read_trace, step_records,
)


class BrainCommandTests(unittest.TestCase):
    def setUp(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="opop-top-brain-"))
        patcher = mock.patch.dict(os.environ)
        patcher.start()
        self.addCleanup(patcher.stop)
        os.environ.pop("OPOP_RUN_DIR", None)

        self.loop = QuadraticLoop(self.directory / "run")
        self.addCleanup(self.loop.close)
        self.client = Client(self.loop.socket_path)
        self.addCleanup(self.client.close)

    def steps(self, count: int) -> None:
        for _ in range(count):
            self.loop.step()

    def test_freeze_holds_decisions_and_learning(self) -> None:
        self.steps(20)
        reply = self.loop.command(self.client, {"command": "freeze", "id": 3})
        self.assertEqual(reply, {"ok": True, "id": 3, "command": "freeze", "step": 21, "message": "brain frozen at step 21"})

        weights = self.loop.brain_weights()
        baseline = self.loop.brain.brain._baseline
        self.steps(40)
        self.loop.close()

        for before, after in zip(weights, self.loop.brain_weights()):
            np.testing.assert_array_equal(before, after)
        self.assertEqual(self.loop.brain.brain._baseline, baseline)

        records = step_records(self.loop.trace_path)
        held = decision_tuples(records[20])
        for record in records[21:]:
            self.assertEqual(decision_tuples(record), held, f"step {record['step']}")
            self.assertNotIn("reward", record)
        self.assertEqual([e["step"] for e in events(self.loop.trace_path, "brain_update") if e["step"] > 21], [])
        freeze_events = events(self.loop.trace_path, "freeze")
        self.assertEqual([(e["step"], e["message"]) for e in freeze_events], [(21, "brain frozen at step 21")])

    def test_freeze_twice_writes_one_event(self) -> None:
        self.loop.command(self.client, {"command": "freeze"})
        reply = self.loop.command(self.client, {"command": "freeze"})
        self.assertTrue(reply["ok"])
        self.assertIn("already frozen", reply["message"])
        self.loop.close()
        self.assertEqual(len(events(self.loop.trace_path, "freeze")), 1)

    def test_unfreeze_resumes_learning(self) -> None:
        self.steps(5)
        self.loop.command(self.client, {"command": "freeze"})
        self.steps(5)
        reply = self.loop.command(self.client, {"command": "unfreeze"})
        self.assertEqual(reply["message"], "brain unfrozen at step 12")

        weights = self.loop.brain_weights()
        self.steps(40)
        self.assertFalse(all(np.array_equal(a, b) for a, b in zip(weights, self.loop.brain_weights())))
        self.assertIs(self.client.request({"command": "ping"})["frozen"], False)
        self.loop.close()

        records = step_records(self.loop.trace_path)
        self.assertNotEqual(decision_tuples(records[20]), decision_tuples(records[10]))
        self.assertTrue(any("reward" in record for record in records[13:]))
        self.assertEqual(len(events(self.loop.trace_path, "unfreeze")), 1)

    def test_unfreeze_when_not_frozen(self) -> None:
        reply = self.loop.command(self.client, {"command": "unfreeze"})
        self.assertTrue(reply["ok"])
        self.assertIn("not frozen", reply["message"])

    def test_reset_group_neutral(self) -> None:
        self.steps(10)
        reply = self.loop.command(self.client, {"command": "reset", "group": "bias", "id": "r"})
        self.assertEqual(reply["message"], "group bias reset to neutral at step 11")
        self.steps(30)
        self.loop.close()

        records = step_records(self.loop.trace_path)
        self.assertNotEqual(decision_tuples(records[5])[1], (1.0, 1.0, 0.0))
        for record in records[11:]:
            self.assertEqual(decision_tuples(record)[1], (1.0, 1.0, 0.0), f"step {record['step']}")
            self.assertNotEqual(decision_tuples(record)[0], (1.0, 1.0, 0.0))
        reset = events(self.loop.trace_path, "reset")
        self.assertEqual([(e["step"], e.get("group")) for e in reset], [(11, "bias")])

    def test_reset_released_after_learning(self) -> None:
        self.loop.command(self.client, {"command": "reset", "group": "weight"})
        control = self.loop.recorder.control
        self.assertTrue(control.is_neutral(0))

        self.loop.brain.brain.W3[0, 0] += 0.5
        self.loop.step()
        self.assertFalse(control.is_neutral(0))
        self.assertNotEqual(self.loop.last_decisions[0], (1.0, 1.0, 0.0))

    def test_reset_all_neutral(self) -> None:
        self.steps(3)
        reply = self.loop.command(self.client, {"command": "reset_all"})
        self.assertEqual(reply["message"], "all groups reset to neutral at step 4")
        self.steps(5)
        self.assertEqual(self.loop.last_decisions, {0: (1.0, 1.0, 0.0), 1: (1.0, 1.0, 0.0)})

        again = self.loop.command(self.client, {"command": "reset_all"})
        self.assertIn("already neutral", again["message"])
        self.loop.close()
        reset = events(self.loop.trace_path, "reset")
        self.assertEqual(len(reset), 1)
        self.assertNotIn("group", reset[0])

    def test_reset_while_frozen_holds_neutral(self) -> None:
        self.steps(3)
        self.loop.command(self.client, {"command": "freeze"})
        self.loop.command(self.client, {"command": "reset", "group": "weight"})
        self.steps(2)
        self.assertEqual(self.loop.last_decisions[0], (1.0, 1.0, 0.0))

    def test_snapshot_loads_with_numpy(self) -> None:
        self.steps(7)
        reply = self.loop.command(self.client, {"command": "snapshot"})
        path = self.loop.recorder.run_dir / "snapshots" / "step-000008.npz"
        self.assertEqual(reply["path"], str(path))
        self.assertEqual(reply["message"], f"snapshot saved to {path}")

        with np.load(path) as archive:
            np.testing.assert_array_equal(archive["W3"], self.loop.brain.brain.W3)
            self.assertEqual(int(archive["step_count"]), 8)

        fresh = opop_top.make_brain(n_groups=2)
        fresh.load(str(path))
        np.testing.assert_array_equal(fresh.brain.W1, self.loop.brain.brain.W1)

        self.loop.close()
        snapshot = events(self.loop.trace_path, "snapshot")
        self.assertEqual([(e["step"], e["path"]) for e in snapshot], [(8, str(path))])

    def test_trace_valid_after_commands(self) -> None:
        for request in [{"command": "freeze"}, {"command": "reset", "group": "weight"},
                        {"command": "snapshot"}, {"command": "unfreeze"}, {"command": "reset_all"}]:
            self.loop.command(self.client, request)
            self.steps(3)
        self.loop.close()
        self.assertEqual(check_records(read_trace(self.loop.trace_path)), [])


class NoBrainTests(unittest.TestCase):
    def test_plain_recorder_rejects_brain_commands(self) -> None:
        directory = Path(tempfile.mkdtemp(prefix="opop-top-plain-"))
        recorder = opop_top.Recorder("w", ["a"], optimizer="sgd", run_dir=directory)
        self.addCleanup(recorder.close)
        client = Client(directory / "control.sock")
        self.addCleanup(client.close)

        reply = client.request({"command": "freeze", "id": 1})
        self.assertEqual(reply["ok"], False)
        self.assertEqual(reply["command"], "freeze")
        self.assertIn("no brain", reply["error"])
        self.assertNotIn("frozen", client.request({"command": "ping"}))


class TelemetryTests(unittest.TestCase):
    def run_python(self, code: str, home: Path) -> subprocess.CompletedProcess:
        environment = dict(os.environ, HOME=str(home), PYTHONPATH=str(DEMO_DIR))
        environment.pop("OPOP_TELEMETRY", None)
        environment.pop("OPOP_RUN_DIR", None)
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)], env=environment, cwd=home,
            capture_output=True, text=True, timeout=60,
        )

    def test_demo_writes_nothing_in_home(self) -> None:
        home = Path(tempfile.mkdtemp(prefix="opop-top-home-"))
        run = Path(tempfile.mkdtemp(prefix="opop-top-run-")) / "run"
        result = self.run_python(f"""
            import numpy_demo
            numpy_demo.main(["--steps", "60", "--run-dir", {str(run)!r}])
            import opop_top
            brain = opop_top.make_brain(n_groups=2)
            brain.save({str(run / 'extra.npz')!r})
        """, home)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(os.listdir(home)), [])

    def test_telemetry_brain_rejected(self) -> None:
        home = Path(tempfile.mkdtemp(prefix="opop-top-home-"))
        result = self.run_python("""
            import opop, opop_top
            brain = opop.OptBrain(None, n_groups=1)
            try:
                opop_top.NumpyBrainRecorder(brain, ["a"], workload="w", run_dir="run")
            except opop_top.TelemetryError as error:
                print("rejected:", error)
        """, home)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("rejected: this OptBrain was built with telemetry on", result.stdout)
        self.assertFalse((home / "run" / "trace.jsonl").exists())

    def test_make_brain_refuses_telemetry(self) -> None:
        with self.assertRaises(opop_top.TelemetryError):
            opop_top.make_brain(n_groups=1, telemetry=True)


if __name__ == "__main__":
    unittest.main()
