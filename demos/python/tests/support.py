"""Helpers shared by the recorder tests: a trace checker, a socket client and a toy loop."""

from __future__ import annotations

import json
import math
import os
import socket
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

import opop_top

DEMO_DIR = Path(__file__).resolve().parents[1]

EVENT_KINDS = {
    "freeze", "unfreeze", "reset", "snapshot", "brain_update", "trainer_start",
    "trainer_end", "bad_value", "error", "note",
}
NON_FINITE = {"NaN", "Infinity", "-Infinity"}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"bare {name} is not JSON; the trace must write it as a string")


def is_number(value: Any) -> bool:
    """Whether the value is a trace number: a JSON number or one of the three strings."""
    if isinstance(value, bool):
        return False
    return isinstance(value, (int, float)) or value in NON_FINITE


def number_value(value: Any) -> float:
    return float(value.replace("Infinity", "inf").replace("NaN", "nan")) if isinstance(value, str) else float(value)


def is_step_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def read_trace(path: Path, *, allow_torn_end: bool = False) -> list[dict[str, Any]]:
    """Parse every line of a trace, failing on any line that is not a valid record."""
    data = Path(path).read_bytes()
    lines = data.split(b"\n")
    tail = lines.pop()
    if tail and not allow_torn_end:
        raise AssertionError(f"the trace ends without a line feed: {tail[:80]!r}")

    records = []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line.decode("utf-8"), parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError) as error:
            raise AssertionError(f"line {number} does not parse: {error}: {line[:120]!r}") from error
        records.append(record)
    return records


def check_records(records: list[dict[str, Any]]) -> list[str]:
    """Return every way the records break the trace format; empty when they follow it."""
    problems: list[str] = []
    groups: list[str] | None = None

    def problem(index: int, text: str) -> None:
        problems.append(f"record {index + 1} ({records[index].get('type')}): {text}")

    for index, record in enumerate(records):
        kind = record.get("type")
        if index == 0 and kind != "header":
            problem(index, "the first record is not a header")

        if kind == "header":
            for key, check in [
                ("format", lambda v: v == "opop-trace"), ("version", lambda v: v == 1),
                ("run", lambda v: isinstance(v, str)), ("workload", lambda v: isinstance(v, str)),
                ("groups", lambda v: isinstance(v, list) and all(isinstance(g, str) for g in v)),
                ("optimizer", lambda v: isinstance(v, str)),
                ("optimizer_settings", lambda v: isinstance(v, dict) and all(is_number(x) for x in v.values())),
                ("brain_settings", lambda v: isinstance(v, dict) and all(is_number(x) for x in v.values())),
                ("start_time", is_number),
            ]:
                if key not in record or not check(record[key]):
                    problem(index, f"invalid or missing {key}: {record.get(key)!r}")
            groups = record.get("groups")
        elif kind == "step":
            if not is_step_number(record.get("step")):
                problem(index, f"invalid step {record.get('step')!r}")
            for key in ("time", "loss"):
                if not is_number(record.get(key)):
                    problem(index, f"invalid {key} {record.get(key)!r}")
            for key in ("reward", "baseline"):
                if key in record and not is_number(record[key]):
                    problem(index, f"invalid {key} {record[key]!r}")
            entries = record.get("groups")
            if not isinstance(entries, list) or groups is None or len(entries) != len(groups):
                problem(index, f"groups {entries!r} do not match the header's {groups}")
                continue
            for entry in entries:
                for key in ("scale", "clip", "dampen", "grad_norm"):
                    if not is_number(entry.get(key)):
                        problem(index, f"invalid {key} {entry.get(key)!r}")
        elif kind == "eval":
            if not is_step_number(record.get("step")) or not is_number(record.get("time")):
                problem(index, "invalid step or time")
            metrics = record.get("metrics")
            if not isinstance(metrics, dict) or not all(is_number(v) for v in metrics.values()):
                problem(index, f"invalid metrics {metrics!r}")
        elif kind == "event":
            if not is_step_number(record.get("step")) or not is_number(record.get("time")):
                problem(index, "invalid step or time")
            if record.get("kind") not in EVENT_KINDS:
                problem(index, f"unknown kind {record.get('kind')!r}")
            if not isinstance(record.get("message"), str):
                problem(index, "missing message")
            for key in ("group", "path"):
                if key in record and not isinstance(record[key], str):
                    problem(index, f"invalid {key} {record[key]!r}")
        else:
            problem(index, f"unknown type {kind!r}")
    return problems


def wait_for(condition: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Client:
    """A control-socket client that reads one reply line at a time."""

    def __init__(self, path: Path, timeout: float = 10.0) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock.connect(str(path))
                break
            except BlockingIOError:
                # The listen backlog is full until the server thread accepts.
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        self.buffer = b""

    def send(self, request: dict[str, Any] | bytes) -> None:
        data = request if isinstance(request, bytes) else (json.dumps(request) + "\n").encode()
        self.sock.sendall(data)

    def reply(self) -> dict[str, Any]:
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError(f"the server closed the connection; unread bytes {self.buffer!r}")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def request(self, request: dict[str, Any] | bytes) -> dict[str, Any]:
        self.send(request)
        return self.reply()

    def close(self) -> None:
        self.sock.close()


GROUPS = ["weight", "bias"]


class QuadraticLoop:
    """A two-group least-squares problem trained with SGD under a numpy-mode brain."""

    def __init__(self, run_dir: Path, *, serve_socket: bool = True, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.features = rng.standard_normal((64, 8)).astype(np.float32)
        self.targets = self.features @ rng.standard_normal(8).astype(np.float32) + 0.5
        self.weight = np.zeros(8, dtype=np.float32)
        self.bias = np.zeros(1, dtype=np.float32)
        self.brain = opop_top.make_brain(n_groups=2)
        self.recorder = opop_top.NumpyBrainRecorder(
            self.brain, GROUPS, workload="quadratic", optimizer_settings={"lr": 0.05},
            run_dir=run_dir, serve_socket=serve_socket,
        )
        self.last_decisions: dict[int, tuple[float, float, float]] = {}

    @property
    def socket_path(self) -> Path:
        return self.recorder.run_dir / "control.sock"

    @property
    def trace_path(self) -> Path:
        return self.recorder.run_dir / "trace.jsonl"

    def step(self, loss_override: float | None = None) -> None:
        residual = self.features @ self.weight + self.bias - self.targets
        loss = float(np.mean(residual**2)) if loss_override is None else loss_override
        gradients = [2 * self.features.T @ residual / len(residual), np.array([2 * residual.mean()], dtype=np.float32)]

        self.last_decisions = self.recorder.get_decisions(loss)
        for index, gradient in enumerate(gradients):
            self.recorder.record_grads(index, gradient)
            scale, _, dampen = self.last_decisions[index]
            update = scale * (1 - dampen) * 0.05 * gradient
            if index == 0:
                self.weight -= update.astype(np.float32)
            else:
                self.bias -= update.astype(np.float32)
        self.recorder.finish_step()

    def command(self, client: Client, request: dict[str, Any]) -> dict[str, Any]:
        """Send a brain command, run one step so it is applied, and return the reply."""
        server = self.recorder.recorder._server
        queued_before = len(server._commands)
        client.send(request)
        wait_for(lambda: len(server._commands) > queued_before, what=f"the server to queue {request}")
        self.step()
        return client.reply()

    def brain_weights(self) -> list[np.ndarray]:
        inner = self.brain.brain
        return [array.copy() for array in (inner.W1, inner.b1, inner.W2, inner.b2, inner.W3, inner.b3)]

    def close(self) -> None:
        self.recorder.close()


def step_records(path: Path) -> list[dict[str, Any]]:
    return [record for record in read_trace(path) if record["type"] == "step"]


def events(path: Path, kind: str | None = None) -> list[dict[str, Any]]:
    return [r for r in read_trace(path) if r["type"] == "event" and (kind is None or r["kind"] == kind)]


def decision_tuples(record: dict[str, Any]) -> list[tuple[float, float, float]]:
    return [(g["scale"], g["clip"], g["dampen"]) for g in record["groups"]]


def finite(value: Any) -> bool:
    return math.isfinite(number_value(value))


def clean_environment() -> dict[str, str]:
    """Return os.environ without OPOP_RUN_DIR, for tests that pick their own directory."""
    environment = dict(os.environ)
    environment.pop("OPOP_RUN_DIR", None)
    return environment
