"""The numpy demo as a user runs it: to the end, interrupted with SIGINT, and killed mid-run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from tests.support import DEMO_DIR, Client, check_records, read_trace, wait_for


def demo_environment(**extra: str) -> dict[str, str]:
    environment = dict(os.environ, **extra)
    environment.pop("OPOP_RUN_DIR", None)
    environment.update(extra)
    return environment


class NumpyDemoTests(unittest.TestCase):
    def setUp(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="opop-top-demo-"))

    def test_demo_runs_to_end(self) -> None:
        run = self.directory / "run"
        result = subprocess.run(
            [sys.executable, str(DEMO_DIR / "numpy_demo.py"), "--steps", "200", "--run-dir", str(run)],
            env=demo_environment(), capture_output=True, text=True, timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"run directory: {run}", result.stdout)

        records = read_trace(run / "trace.jsonl")
        self.assertEqual(check_records(records), [])
        self.assertEqual(sum(1 for r in records if r["type"] == "step"), 200)
        self.assertEqual(sum(1 for r in records if r["type"] == "eval"), 5)
        self.assertFalse((run / "control.sock").exists())

    def test_demo_uses_opop_run_dir(self) -> None:
        run = self.directory / "env-run"
        result = subprocess.run(
            [sys.executable, str(DEMO_DIR / "numpy_demo.py"), "--steps", "5"],
            env=demo_environment(OPOP_RUN_DIR=str(run)), cwd=self.directory,
            capture_output=True, text=True, timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue((run / "trace.jsonl").exists())
        self.assertFalse((self.directory / "runs").exists())

    def test_bad_argument_names_value(self) -> None:
        result = subprocess.run(
            [sys.executable, str(DEMO_DIR / "numpy_demo.py"), "--steps", "0"],
            env=demo_environment(), capture_output=True, text=True, timeout=60,
        )
        self.assertEqual(result.returncode, 2)
        self.assertIn("--steps must be at least 1, got 0", result.stderr)

    def test_kill_9_leaves_parseable_trace(self) -> None:
        run = self.directory / "killed"
        process = subprocess.Popen(
            [sys.executable, str(DEMO_DIR / "numpy_demo.py"), "--steps", "100000",
             "--step-delay-ms", "1", "--run-dir", str(run)],
            env=demo_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            trace = run / "trace.jsonl"
            wait_for(lambda: trace.exists() and trace.stat().st_size > 20_000, timeout=30, what="trace lines")
            client = Client(run / "control.sock")
            self.assertTrue(client.request({"command": "ping"})["ok"])
            client.close()
        finally:
            process.send_signal(signal.SIGKILL)
            process.communicate()

        records = read_trace(run / "trace.jsonl", allow_torn_end=True)
        self.assertEqual(check_records(records), [])
        self.assertGreater(sum(1 for r in records if r["type"] == "step"), 50)
        self.assertTrue((run / "control.sock").exists(), "a killed trainer leaves its socket behind")

        # A trainer restarted in that directory replaces the stale socket and appends a header.
        restarted = subprocess.run(
            [sys.executable, str(DEMO_DIR / "numpy_demo.py"), "--steps", "10", "--run-dir", str(run)],
            env=demo_environment(), capture_output=True, text=True, timeout=60,
        )
        self.assertEqual(restarted.returncode, 0, restarted.stderr)
        records = read_trace(run / "trace.jsonl", allow_torn_end=True)
        headers = [r for r in records if r["type"] == "header"]
        self.assertEqual(len(headers), 2)
        self.assertEqual(headers[0]["run"], headers[1]["run"])
        self.assertEqual(records[-1]["kind"], "trainer_end")


    def test_sigint_stops_with_one_line(self) -> None:
        run = self.directory / "interrupted"
        process = subprocess.Popen(
            [sys.executable, str(DEMO_DIR / "numpy_demo.py"), "--steps", "100000",
             "--step-delay-ms", "1", "--run-dir", str(run)],
            env=demo_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            # A shell that starts a job in the background ignores SIGINT for it.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        try:
            trace = run / "trace.jsonl"
            wait_for(lambda: trace.exists() and trace.stat().st_size > 20_000, timeout=30, what="trace lines")
        finally:
            process.send_signal(signal.SIGINT)
            output, errors = process.communicate(timeout=30)

        self.assertEqual(process.returncode, 130, errors)
        self.assertEqual(errors, "")
        records = read_trace(run / "trace.jsonl")
        self.assertEqual(check_records(records), [])
        last_step = max(r["step"] for r in records if r["type"] == "step")
        self.assertEqual(output.splitlines()[-1], f"stopped at step {last_step}")
        self.assertEqual(records[-1]["kind"], "trainer_end")
        self.assertFalse((run / "control.sock").exists(), "the socket file is left after SIGINT")

if __name__ == "__main__":
    unittest.main()
