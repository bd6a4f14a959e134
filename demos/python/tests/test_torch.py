"""PyTorch mode, plain mode and two gloo ranks; skipped when torch is not installed."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import numpy as np

import opop_top

from tests.support import DEMO_DIR, Client, check_records, decision_tuples, events, read_trace, step_records, wait_for

try:
    import torch
except ImportError:
    torch = None

SKIP_REASON = "torch is not installed; install it (pip install torch) to run the PyTorch tests"


@unittest.skipIf(torch is None, SKIP_REASON)
class TorchModeTests(unittest.TestCase):
    def setUp(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="opop-top-torch-"))
        patcher = mock.patch.dict(os.environ)
        patcher.start()
        self.addCleanup(patcher.stop)
        os.environ.pop("OPOP_RUN_DIR", None)

        torch.manual_seed(0)
        self.model = torch.nn.Linear(4, 1)
        self.inputs = torch.randn(32, 4)
        self.targets = torch.randn(32, 1)

    def make_recorder(self, plain: bool = False) -> opop_top.TorchRecorder:
        adam = torch.optim.Adam(
            [{"params": [self.model.weight], "name": "weight"}, {"params": [self.model.bias], "name": "bias"}],
            lr=0.01,
        )
        optimizer = adam if plain else opop_top.make_brain(adam)
        recorder = opop_top.TorchRecorder(optimizer, workload="linear", run_dir=self.directory / "run")
        self.addCleanup(recorder.close)
        return recorder

    def step(self, recorder: opop_top.TorchRecorder) -> list[float]:
        loss = torch.nn.functional.mse_loss(self.model(self.inputs), self.targets)
        loss.backward()
        norms = [float(self.model.weight.grad.norm()), float(self.model.bias.grad.norm())]
        recorder.step(loss)
        recorder.zero_grad()
        return norms

    def command(self, recorder: opop_top.TorchRecorder, client: Client, request: dict) -> dict:
        server = recorder.recorder._server
        client.send(request)
        wait_for(lambda: len(server._commands) > 0, what=f"the server to queue {request}")
        self.step(recorder)
        return client.reply()

    def test_torch_mode_records_brain_decisions(self) -> None:
        recorder = self.make_recorder()
        norms = [self.step(recorder) for _ in range(20)]
        applied = dict(recorder.optimizer._decisions)
        recorder.close()

        records = read_trace(recorder.run_dir / "trace.jsonl")
        self.assertEqual(check_records(records), [])
        self.assertEqual(records[0]["groups"], ["weight", "bias"])
        self.assertEqual(records[0]["optimizer"], "adam")
        self.assertIn("update_interval", records[0]["brain_settings"])

        steps = step_records(recorder.run_dir / "trace.jsonl")
        self.assertEqual(len(steps), 20)
        self.assertEqual(decision_tuples(steps[-1]), [applied[0], applied[1]])
        for record, expected in zip(steps, norms):
            for group, norm in zip(record["groups"], expected):
                self.assertTrue(math.isclose(group["grad_norm"], norm, rel_tol=1e-5))
        self.assertIn("reward", steps[-1])

    def test_torch_freeze_and_reset(self) -> None:
        recorder = self.make_recorder()
        client = Client(recorder.run_dir / "control.sock")
        self.addCleanup(client.close)
        for _ in range(5):
            self.step(recorder)

        self.assertEqual(self.command(recorder, client, {"command": "freeze"})["message"], "brain frozen at step 6")
        inner = recorder.optimizer.brain
        weights = inner.W1.copy()
        for _ in range(20):
            self.step(recorder)
        np.testing.assert_array_equal(inner.W1, weights)

        self.command(recorder, client, {"command": "reset", "group": "bias"})
        self.command(recorder, client, {"command": "unfreeze"})
        for _ in range(20):
            self.step(recorder)
        self.assertEqual(recorder.optimizer._decisions[1], (1.0, 1.0, 0.0))
        recorder.close()

        steps = step_records(recorder.run_dir / "trace.jsonl")
        held = decision_tuples(steps[5])
        for record in steps[6:27]:
            self.assertEqual(decision_tuples(record)[0], held[0], f"step {record['step']}")
        self.assertEqual([e["kind"] for e in events(recorder.run_dir / "trace.jsonl") if e["kind"] in
                          ("freeze", "reset", "unfreeze")], ["freeze", "reset", "unfreeze"])

    def test_plain_mode(self) -> None:
        recorder = self.make_recorder(plain=True)
        client = Client(recorder.run_dir / "control.sock")
        self.addCleanup(client.close)
        self.step(recorder)

        reply = client.request({"command": "reset_all"})
        self.assertIs(reply["ok"], False)
        self.assertIn("no brain", reply["error"])
        ping = client.request({"command": "ping"})
        self.assertNotIn("frozen", ping)
        self.assertEqual(ping["step"], 1)
        recorder.close()

        records = read_trace(recorder.run_dir / "trace.jsonl")
        self.assertEqual(check_records(records), [])
        self.assertEqual(records[0]["brain_settings"], {})
        step = step_records(recorder.run_dir / "trace.jsonl")[0]
        self.assertNotIn("baseline", step)
        self.assertEqual(decision_tuples(step), [(1.0, 1.0, 0.0), (1.0, 1.0, 0.0)])


@unittest.skipIf(torch is None, SKIP_REASON)
class DistributedTests(unittest.TestCase):
    def test_two_gloo_ranks_keep_identical_brains(self) -> None:
        directory = Path(tempfile.mkdtemp(prefix="opop-top-dist-"))
        run = directory / "run"
        environment = dict(os.environ, GLOO_SOCKET_IFNAME="lo")
        environment.pop("OPOP_RUN_DIR", None)
        process = subprocess.Popen(
            [sys.executable, str(DEMO_DIR / "torch_demo.py"), "--distributed", "2", "--steps", "400",
             "--step-delay-ms", "20", "--run-dir", str(run), "--brain-out", str(directory / "brain")],
            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            socket_path = run / "control.sock"
            wait_for(lambda: socket_path.exists() and len(step_records_safe(run)) > 20, timeout=120,
                     what="the distributed demo to start")
            client = Client(socket_path, timeout=60)
            replies = [client.request(request) for request in [
                {"command": "freeze"}, {"command": "reset", "group": "layer2.bias"},
                {"command": "snapshot"}, {"command": "unfreeze"},
            ]]
            client.close()
            stdout, stderr = process.communicate(timeout=180)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()

        self.assertEqual(process.returncode, 0, stderr)
        self.assertTrue(all(reply["ok"] for reply in replies), replies)
        self.assertTrue(Path(replies[2]["path"]).exists())

        with np.load(directory / "brain-rank0.npz") as first, np.load(directory / "brain-rank1.npz") as second:
            for key in ("W1", "b1", "W2", "b2", "W3", "b3", "baseline"):
                np.testing.assert_array_equal(first[key], second[key], err_msg=key)
            self.assertTrue(np.all(first["W3"][:, 9:12] == 0.0))

        records = read_trace(run / "trace.jsonl")
        self.assertEqual(check_records(records), [])
        self.assertEqual(sum(1 for r in records if r["type"] == "header"), 1)
        self.assertEqual(sum(1 for r in records if r["type"] == "step"), 400)


def step_records_safe(run: Path) -> list:
    try:
        return step_records(run / "trace.jsonl")
    except (AssertionError, FileNotFoundError):
        return []


if __name__ == "__main__":
    unittest.main()
