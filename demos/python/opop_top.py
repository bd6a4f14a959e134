"""Record an opop training run for ``opop-top`` and serve its control socket.

This module writes the run directory that ``opop-top`` reads: ``trace.jsonl`` (trace
format version 1), ``snapshots/`` and ``control.sock`` (control protocol version 1).
It needs the standard library and numpy. PyTorch is imported only by
:class:`TorchRecorder`.

Three ways to record a run:

* :class:`NumpyBrainRecorder` wraps an ``opop.OptBrain`` in numpy mode. Call
  :meth:`~NumpyBrainRecorder.get_decisions`, apply the decisions in your own update,
  call :meth:`~NumpyBrainRecorder.record_grads` per group, then
  :meth:`~NumpyBrainRecorder.finish_step`.
* :class:`TorchRecorder` with an ``OptBrain`` in PyTorch mode. Call
  :meth:`~TorchRecorder.step` with the loss in place of ``optimizer.step``.
* :class:`TorchRecorder` with any other ``torch.optim.Optimizer`` records the loss
  and the per-group gradient norms of a run without a brain (plain mode).

:func:`make_brain` builds an ``OptBrain`` with telemetry off. The recorders reject
an ``OptBrain`` whose telemetry is on, because opop 0.3.0 has already written to
``~/.opop`` by the time such an object exists.

Run directory: ``OPOP_RUN_DIR`` if set, else the ``run_dir`` argument, else
``runs/<yyyyMMdd-HHmmss>-<workload>/``. A recorder that finds a trace in its run
directory appends a new header with the same run name and groups, as a restarted
trainer does.

The training loop does not wait for trace writes: records go into a bounded queue
that a background thread writes at least every 0.5 s. Only a ``snapshot`` command
writes a file on the training thread, because the brain must not change while
it is saved. When the queue is full, records
are dropped and counted, and a ``note`` event with the count marks the gap. The
writer calls ``fsync`` after a snapshot and at close, and an ``atexit`` hook closes
a recorder that the program did not close.

Commands from the control socket (freeze, unfreeze, reset, reset_all, snapshot)
are queued by the server thread and applied by the training thread after the step
in progress. Each change writes an event record, and its reply is sent once it has
been applied. ``ping`` is answered at once.

Distributed training: when ``torch.distributed`` is initialized, only rank 0 writes
the trace and serves the socket. At the end of every step, rank 0 broadcasts the
number of queued commands as one int64 tensor, and the commands themselves only
when that number is not zero, so every rank applies them after the same step. The
recorder also averages the loss over the ranks before the brain sees it, because
each brain learns from the loss and the brains would drift apart otherwise. Every
rank must call ``step`` and ``close``, since both run collectives.
"""

from __future__ import annotations

import atexit
import collections
import errno
import json
import logging
import math
import os
import selectors
import socket
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

__all__ = [
    "BrainControl",
    "ControlServer",
    "ControlSocketError",
    "NumpyBrainRecorder",
    "Recorder",
    "RunDirectoryError",
    "TelemetryError",
    "TorchRecorder",
    "TraceWriter",
    "encode_line",
    "make_brain",
    "resolve_run_dir",
]

TRACE_FORMAT = "opop-trace"
TRACE_VERSION = 1
PROTOCOL_VERSION = 1

MAX_TRACE_LINE_BYTES = 8 * 1024 * 1024
MAX_REQUEST_LINE_BYTES = 65_536
MAX_SUN_PATH_BYTES = 107
MAX_NAME_SUFFIX = 1000

BRAIN_COMMANDS = ("freeze", "unfreeze", "reset", "reset_all", "snapshot")
ALL_COMMANDS = ("ping",) + BRAIN_COMMANDS

NEUTRAL_DECISION = (1.0, 1.0, 0.0)

logger = logging.getLogger("opop_top")


class RunDirectoryError(Exception):
    """A run directory that cannot be created, written or appended to."""


class ControlSocketError(Exception):
    """A control socket that cannot be served."""


class TelemetryError(Exception):
    """An OptBrain whose telemetry is on."""


# ---------------------------------------------------------------------------
# JSON values
# ---------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    """Convert numpy scalars and non-finite floats to what the trace format writes."""
    if value is None or isinstance(value, (bool, str)):
        return value

    if isinstance(value, (int, np.integer)):
        return int(value)

    if isinstance(value, (float, np.floating)):
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "Infinity" if number > 0 else "-Infinity"
        return number

    if isinstance(value, Mapping):
        return {str(key): _json_value(item) for key, item in value.items()}

    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]

    raise TypeError(f"cannot write a {type(value).__name__} to the trace: {value!r}")


def encode_line(record: Mapping[str, Any]) -> bytes:
    """Encode one record as a UTF-8 JSON line ending in a line feed.

    Finite floats use Python's shortest round-trip form. NaN and the infinities
    become the strings ``"NaN"``, ``"Infinity"`` and ``"-Infinity"``.
    """
    text = json.dumps(
        _json_value(record), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )

    # A lone surrogate in a str cannot be UTF-8; "replace" keeps the line valid.
    return (text + "\n").encode("utf-8", errors="replace")


def _number_settings(settings: Mapping[str, Any] | None, what: str) -> dict[str, float]:
    """Check that settings map names to numbers and sort them by name."""
    result: dict[str, float] = {}
    for name, value in (settings or {}).items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(
                f"{what} '{name}' is {value!r}, but the trace stores only numbers; "
                f"convert it to a number or leave it out"
            )
        result[str(name)] = float(value)
    return dict(sorted(result.items()))


# ---------------------------------------------------------------------------
# Run directory
# ---------------------------------------------------------------------------


def sanitize_workload_name(name: str) -> str:
    """Replace each character other than an ASCII letter, digit, '.', '_' or '-' with '-'."""
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    return "".join(character if character in allowed else "-" for character in name)


def resolve_run_dir(
    workload: str, run_dir: str | os.PathLike[str] | None = None, *, runs_root: str = "runs"
) -> Path:
    """Create the run directory and its ``snapshots/`` folder, and return its path.

    ``OPOP_RUN_DIR`` wins over ``run_dir``, which wins over a new
    ``<runs_root>/<yyyyMMdd-HHmmss>-<workload>`` directory. A probe file is created
    and removed, so a path that cannot be written fails here, before training.
    """
    from_environment = os.environ.get("OPOP_RUN_DIR", "")
    if from_environment:
        path = Path(from_environment)
        _make_directory(path, "OPOP_RUN_DIR")
    elif run_dir is not None:
        path = Path(run_dir)
        _make_directory(path, "run_dir")
    else:
        path = _make_default_directory(workload, Path(runs_root))

    _make_directory(path / "snapshots", "the snapshots folder")
    _probe_writable(path)
    return path


def _make_directory(path: Path, source: str) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RunDirectoryError(
            f"cannot create the run directory '{path}' (from {source}): "
            f"{error.strerror or error}; choose a writable path"
        ) from error


def _make_default_directory(workload: str, root: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime())
    base = f"{stamp}-{sanitize_workload_name(workload)}"
    _make_directory(root, "the runs folder")

    for number in range(1, MAX_NAME_SUFFIX + 1):
        candidate = root / (base if number == 1 else f"{base}-{number}")
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            continue
        except OSError as error:
            raise RunDirectoryError(
                f"cannot create the run directory '{candidate}': {error.strerror or error}; "
                f"pass run_dir= or set OPOP_RUN_DIR to a writable path"
            ) from error

    raise RunDirectoryError(
        f"every name from '{root / base}' to '{root / base}-{MAX_NAME_SUFFIX}' is taken; "
        f"remove old runs or pass run_dir="
    )


def _probe_writable(path: Path) -> None:
    probe = path / f".write-probe-{os.getpid()}"
    try:
        descriptor = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise RunDirectoryError(
            f"cannot write in the run directory '{path}': {error.strerror or error}; "
            f"choose a writable path"
        ) from error


def _read_first_header(trace_path: Path) -> dict[str, Any] | None:
    """Return the header of an existing trace, None for a missing or empty file."""
    try:
        with open(trace_path, "rb") as file:
            first_line = file.readline(MAX_TRACE_LINE_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise RunDirectoryError(
            f"cannot read the existing trace '{trace_path}': {error.strerror or error}"
        ) from error

    if not first_line.strip():
        return None

    try:
        header = json.loads(first_line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        header = None

    if not isinstance(header, dict) or header.get("type") != "header" or header.get("format") != TRACE_FORMAT:
        raise RunDirectoryError(
            f"'{trace_path}' exists but does not start with an opop trace header; "
            f"move it away or choose another run directory"
        )

    version = header.get("version")
    if not isinstance(version, int) or version > TRACE_VERSION:
        raise RunDirectoryError(
            f"'{trace_path}' has trace version {version!r}, but this recorder writes "
            f"version {TRACE_VERSION}; choose another run directory"
        )
    return header


# ---------------------------------------------------------------------------
# Trace writer
# ---------------------------------------------------------------------------


@dataclass
class _DropMarker:
    """The place in the queue where records were dropped, and how many."""

    count: int
    step: int
    time: float


class TraceWriter:
    """Append records to a trace file from a background thread.

    :meth:`put` never waits for the disk. Up to ``capacity`` records wait in
    memory; past that, records are dropped and counted, and a ``note`` event is
    written at the gap. The thread writes at least every ``flush_interval``
    seconds, and sooner once ``batch_size`` records are queued.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        capacity: int = 65_536,
        batch_size: int = 4096,
        flush_interval: float = 0.5,
    ) -> None:
        if capacity < 1 or batch_size < 1 or not flush_interval > 0:
            raise ValueError(
                f"invalid trace writer limits (capacity {capacity}, batch_size {batch_size}, "
                f"flush_interval {flush_interval}); all must be positive"
            )

        self.path = Path(path)
        self._capacity = capacity
        self._batch_size = batch_size
        self._flush_interval = flush_interval

        try:
            self._fd = os.open(
                self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644
            )
        except OSError as error:
            raise RunDirectoryError(
                f"cannot open the trace '{self.path}' for writing: {error.strerror or error}"
            ) from error

        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._queue: collections.deque[Any] = collections.deque()
        self._closing = False
        self._fsync_requested = False
        self._last_step = 0
        self._gap: _DropMarker | None = None
        self.dropped_total = 0

        # Owned by the writer thread. A trace left by a killed writer may end in a
        # torn line, which must get its line feed before the first new record.
        self._torn_line = self._ends_without_line_feed()
        self._lost_records = 0
        self._lost_step = 0
        self._failing = False

        self._thread = threading.Thread(target=self._run, name="opop-trace-writer", daemon=True)
        self._thread.start()

    def _ends_without_line_feed(self) -> bool:
        try:
            size = os.fstat(self._fd).st_size
            return size > 0 and os.pread(self._fd, 1, size - 1) != b"\n"
        except OSError:
            return False

    def put(self, record: Mapping[str, Any]) -> bool:
        """Queue a record; return False when it was dropped because the queue is full."""
        with self._lock:
            if self._closing:
                return False

            if len(self._queue) >= self._capacity:
                if self._gap is None:
                    self._gap = _DropMarker(0, self._last_step, time.time())
                self._gap.count += 1
                self.dropped_total += 1
                return False

            if self._gap is not None:
                self._queue.append(self._gap)
                self._gap = None

            self._queue.append(record)
            step = record.get("step")
            if isinstance(step, int):
                self._last_step = step

            if len(self._queue) >= self._batch_size:
                self._wake.notify()
            return True

    def request_fsync(self) -> None:
        """Ask the thread to write what is queued and ``fsync`` the file, without waiting."""
        with self._lock:
            self._fsync_requested = True
            self._wake.notify()

    def close(self, timeout: float = 30.0) -> None:
        """Write every queued record, ``fsync`` and close the file."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
            if self._gap is not None:
                self._queue.append(self._gap)
                self._gap = None
            self._wake.notify()

        self._thread.join(timeout)
        if self._thread.is_alive():
            logger.error("the trace writer did not finish within %.0f s; '%s' may be incomplete", timeout, self.path)
            return
        os.close(self._fd)

    def _run(self) -> None:
        while True:
            with self._lock:
                self._wake.wait_for(
                    lambda: self._closing or self._fsync_requested or len(self._queue) >= self._batch_size,
                    timeout=self._flush_interval,
                )
                batch = list(self._queue)
                self._queue.clear()
                closing = self._closing
                fsync = self._fsync_requested or closing
                self._fsync_requested = False

            if batch:
                self._write_batch(batch)
            if fsync:
                self._fsync()
            if closing:
                return

    def _write_batch(self, batch: list[Any]) -> None:
        lines: list[bytes] = []
        if self._lost_records:
            lines.append(encode_line(_note(
                self._lost_step,
                f"{self._lost_records} trace records were lost here because writing the trace file failed",
            )))

        for item in batch:
            if isinstance(item, _DropMarker):
                record: Mapping[str, Any] = _note(
                    item.step,
                    f"{item.count} trace records were dropped here because writing the trace file fell behind",
                    item.time,
                )
            else:
                record = item
            lines.append(self._encode(record))

        payload = b"".join(lines)
        if self._torn_line:
            payload = b"\n" + payload

        written = self._write_all(payload)
        if written == len(payload):
            self._lost_records = 0
            self._torn_line = False
            if self._failing:
                logger.warning("writing the trace '%s' works again", self.path)
                self._failing = False
            return

        # Records whose line did not reach the file are lost. A note says so at the
        # next write that succeeds, and a torn last line gets its line feed then.
        note_lines = 1 if self._lost_records else 0
        complete = payload[:written].count(b"\n")
        if self._torn_line and written:
            complete -= 1
        if complete >= note_lines:
            self._lost_records = len(lines) - complete
        else:
            self._lost_records += len(lines) - note_lines
        self._lost_step = self._last_record_step(batch)
        if written:
            self._torn_line = not payload[:written].endswith(b"\n")

    def _encode(self, record: Mapping[str, Any]) -> bytes:
        try:
            line = encode_line(record)
        except (TypeError, ValueError) as error:
            line = encode_line(_event_record(
                int(record.get("step", 0) or 0), "error", f"a trace record could not be encoded: {error}"
            ))
        if len(line) > MAX_TRACE_LINE_BYTES:
            line = encode_line(_event_record(
                int(record.get("step", 0) or 0), "error",
                f"a {record.get('type')} record of {len(line)} bytes was left out because "
                f"trace lines are limited to {MAX_TRACE_LINE_BYTES} bytes",
            ))
        return line

    def _write_all(self, payload: bytes) -> int:
        view = memoryview(payload)
        written = 0
        while written < len(payload):
            try:
                written += os.write(self._fd, view[written:])
            except InterruptedError:
                continue
            except OSError as error:
                if not self._failing:
                    logger.error("writing the trace '%s' failed: %s; records are lost until it works again", self.path, error)
                    self._failing = True
                break
        return written

    def _fsync(self) -> None:
        try:
            os.fsync(self._fd)
        except OSError as error:
            logger.error("fsync of the trace '%s' failed: %s", self.path, error)

    @staticmethod
    def _last_record_step(batch: list[Any]) -> int:
        for item in reversed(batch):
            step = item.step if isinstance(item, _DropMarker) else item.get("step")
            if isinstance(step, int):
                return step
        return 0


def _event_record(
    step: int, kind: str, message: str, *, group: str | None = None,
    path: str | None = None, when: float | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "type": "event",
        "step": step,
        "time": time.time() if when is None else when,
        "kind": kind,
    }
    if group is not None:
        record["group"] = group
    if path is not None:
        record["path"] = path
    record["message"] = message
    return record


def _note(step: int, message: str, when: float | None = None) -> dict[str, Any]:
    return _event_record(step, "note", message, when=when)


# ---------------------------------------------------------------------------
# Control socket
# ---------------------------------------------------------------------------


@dataclass
class PendingCommand:
    """A brain command waiting for the training thread, and where its reply goes."""

    name: str
    group: str | None
    request_id: int | str | None
    _client: "_Client | None" = field(default=None, repr=False)
    _slot: "_ReplySlot | None" = field(default=None, repr=False)


@dataclass
class _ReplySlot:
    """One reply owed to a client, in request order; empty until it is known."""

    payload: bytes | None = None
    is_ping: bool = False
    request_id: int | str | None = None


@dataclass(eq=False)
class _Client:
    sock: socket.socket
    inbuf: bytearray = field(default_factory=bytearray)
    outbuf: bytearray = field(default_factory=bytearray)
    slots: collections.deque = field(default_factory=collections.deque)
    events: int = selectors.EVENT_READ
    read_closed: bool = False
    close_when_flushed: bool = False
    closed: bool = False


class ControlServer:
    """Serve ``control.sock`` in a run directory on a background thread.

    ``status`` is called on the server thread to answer ``ping``. It returns a dict
    with ``step`` (the latest finished step), ``run`` and, when the run has a
    brain, ``frozen``. Brain commands are queued; the training thread takes them
    with :meth:`take_commands` and answers each with :meth:`complete`.
    """

    MAX_QUEUED_COMMANDS = 1024
    MAX_REPLY_BACKLOG_BYTES = 1024 * 1024

    def __init__(
        self,
        run_dir: str | os.PathLike[str],
        *,
        groups: Sequence[str],
        has_brain: bool,
        status: Callable[[], dict[str, Any]],
    ) -> None:
        self.run_dir = Path(run_dir)
        self.path = self.run_dir / "control.sock"
        self._groups = list(groups)
        self._has_brain = has_brain
        self._status = status

        self._dir_fd: int | None = None
        self._bind_path = self._choose_bind_path()
        self._commands: collections.deque[PendingCommand] = collections.deque()
        self._completions: collections.deque[tuple[PendingCommand, bytes]] = collections.deque()
        self._stopping = False
        self._clients: set[_Client] = set()

        self._remove_stale_socket()
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._listener.bind(self._bind_path)
            os.chmod(self._bind_path, 0o600)
            self._inode = os.stat(self._bind_path).st_ino
            self._listener.listen(64)
        except OSError as error:
            self._listener.close()
            self._close_dir_fd()
            raise ControlSocketError(
                f"cannot serve the control socket '{self.path}': {error.strerror or error}"
            ) from error
        self._listener.setblocking(False)

        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._wake_writer.setblocking(False)

        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ, "listener")
        self._selector.register(self._wake_reader, selectors.EVENT_READ, "wake")
        self._thread = threading.Thread(target=self._serve, name="opop-control-socket", daemon=True)
        self._thread.start()

    # -- training-thread side ------------------------------------------------

    def take_commands(self) -> list[PendingCommand]:
        """Return the queued brain commands, oldest first, and empty the queue."""
        commands = []
        while self._commands:
            commands.append(self._commands.popleft())
        return commands

    def complete(self, command: PendingCommand, reply: Mapping[str, Any]) -> None:
        """Send the reply to a command that :meth:`take_commands` returned."""
        self._completions.append((command, encode_line(reply)))
        self._wake_up()

    def close(self) -> None:
        """Stop serving, answer queued commands with an error and remove the socket file."""
        if self._stopping:
            return

        for command in self.take_commands():
            self.complete(command, _error_reply(
                "the trainer stopped before it could apply this command", command.name, command.request_id
            ))

        self._stopping = True
        self._wake_up()
        self._thread.join(5.0)

        try:
            if os.stat(self._bind_path).st_ino == self._inode:
                os.unlink(self._bind_path)
        except OSError:
            pass
        self._close_dir_fd()

    # -- setup -----------------------------------------------------------------

    def _choose_bind_path(self) -> str:
        absolute = os.path.abspath(self.path)
        if len(os.fsencode(absolute)) <= MAX_SUN_PATH_BYTES:
            return absolute

        # sun_path holds 108 bytes, so a longer path goes through the directory's fd.
        self._dir_fd = os.open(self.run_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        return f"/proc/self/fd/{self._dir_fd}/control.sock"

    def _close_dir_fd(self) -> None:
        if self._dir_fd is not None:
            os.close(self._dir_fd)
            self._dir_fd = None

    def _remove_stale_socket(self) -> None:
        try:
            mode = os.lstat(self._bind_path).st_mode
        except FileNotFoundError:
            return

        if not stat.S_ISSOCK(mode):
            self._close_dir_fd()
            raise ControlSocketError(
                f"'{self.path}' exists and is not a socket; remove it or choose another run directory"
            )

        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        probe.settimeout(2.0)
        try:
            probe.connect(self._bind_path)
        except ConnectionRefusedError:
            os.unlink(self._bind_path)
            return
        except FileNotFoundError:
            return
        except OSError as error:
            self._close_dir_fd()
            raise ControlSocketError(
                f"cannot check the existing control socket '{self.path}': {error}; "
                f"remove it if no trainer uses this run directory"
            ) from error
        finally:
            probe.close()

        self._close_dir_fd()
        raise ControlSocketError(
            f"another trainer already serves '{self.path}'; stop it or choose another run directory"
        )

    # -- server thread -----------------------------------------------------------

    def _wake_up(self) -> None:
        try:
            self._wake_writer.send(b"\0")
        except (BlockingIOError, OSError):
            pass

    def _serve(self) -> None:
        try:
            while not self._stopping:
                for key, mask in self._selector.select(timeout=1.0):
                    self._handle_event(key, mask)
                self._deliver_completions()
            self._deliver_completions()
        except Exception:
            logger.exception("the control socket server stopped after an unexpected error")
        finally:
            self._shutdown()

    def _handle_event(self, key: selectors.SelectorKey, mask: int) -> None:
        if key.data == "listener":
            self._accept()
            return
        if key.data == "wake":
            try:
                while self._wake_reader.recv(4096):
                    pass
            except BlockingIOError:
                pass
            return

        client: _Client = key.data
        if client.closed:
            return
        try:
            if mask & selectors.EVENT_READ:
                self._read(client)
            if not client.closed:
                self._flush(client)
        except OSError as error:
            logger.debug("closing a control connection after an error: %s", error)
            self._close_client(client)
        except Exception:
            logger.exception("closing a control connection after an unexpected error")
            self._close_client(client)

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:
                logger.warning("accepting a control connection failed: %s", error)
                return
            connection.setblocking(False)
            client = _Client(connection)
            self._clients.add(client)
            self._selector.register(connection, selectors.EVENT_READ, client)

    def _read(self, client: _Client) -> None:
        if client.read_closed:
            return
        try:
            data = client.sock.recv(65_536)
        except (BlockingIOError, InterruptedError):
            return

        if not data:
            # The client sent all it will send; a last line without a line feed still counts.
            client.read_closed = True
            if client.inbuf:
                self._handle_line(client, bytes(client.inbuf))
                client.inbuf.clear()
            client.close_when_flushed = True
            return

        client.inbuf += data
        while not client.close_when_flushed:
            end = client.inbuf.find(b"\n")
            if end < 0:
                break
            line = bytes(client.inbuf[:end])
            del client.inbuf[: end + 1]
            if len(line.rstrip(b"\r")) > MAX_REQUEST_LINE_BYTES:
                self._reject_long_line(client)
                return
            self._handle_line(client, line)

        if len(client.inbuf) > MAX_REQUEST_LINE_BYTES:
            self._reject_long_line(client)

    def _reject_long_line(self, client: _Client) -> None:
        client.inbuf.clear()
        client.read_closed = True
        client.close_when_flushed = True
        client.slots.append(_ReplySlot(_encoded_error(
            f"request line longer than {MAX_REQUEST_LINE_BYTES} bytes; send one JSON object "
            f"per line, ending in a line feed"
        )))

    def _handle_line(self, client: _Client, line: bytes) -> None:
        if not line.strip():
            return

        request = _parse_request(line)
        if isinstance(request, bytes):
            client.slots.append(_ReplySlot(request))
            return

        name, request_id = request["command"], request.get("id")
        if name == "ping":
            client.slots.append(_ReplySlot(is_ping=True, request_id=request_id))
            return

        problem = self._check_brain_command(name, request)
        if problem is not None:
            client.slots.append(_ReplySlot(encode_line(_error_reply(problem, name, request_id))))
            return

        slot = _ReplySlot()
        client.slots.append(slot)
        group = request.get("group") if name == "reset" else None
        self._commands.append(PendingCommand(name, group, request_id, client, slot))

    def _check_brain_command(self, name: str, request: Mapping[str, Any]) -> str | None:
        if not self._has_brain:
            return (
                f"this run has no brain (the bare optimizer trains), so '{name}' cannot be "
                f"applied; only ping works here"
            )
        if len(self._commands) >= self.MAX_QUEUED_COMMANDS:
            return (
                f"{self.MAX_QUEUED_COMMANDS} commands are already waiting for the next step; "
                f"wait for their replies and send this one again"
            )
        if name != "reset":
            return None

        group = request.get("group")
        names = ", ".join(self._groups)
        if group is None:
            return f"missing group: reset needs a \"group\" field with one of: {names}"
        if not isinstance(group, str) or group not in self._groups:
            return f"unknown group {_quote(group)} (groups: {names})"
        return None

    def _deliver_completions(self) -> None:
        while self._completions:
            command, payload = self._completions.popleft()
            if command._slot is not None:
                command._slot.payload = payload
            client = command._client
            if client is not None and not client.closed:
                try:
                    self._flush(client)
                except OSError:
                    self._close_client(client)

    def _flush(self, client: _Client) -> None:
        while client.slots and (client.slots[0].payload is not None or client.slots[0].is_ping):
            slot = client.slots.popleft()
            client.outbuf += slot.payload if slot.payload is not None else self._ping_reply(slot.request_id)

        while client.outbuf:
            try:
                sent = client.sock.send(client.outbuf, socket.MSG_NOSIGNAL)
            except (BlockingIOError, InterruptedError):
                break
            except (BrokenPipeError, ConnectionResetError):
                self._close_client(client)
                return
            del client.outbuf[:sent]

        if len(client.outbuf) > self.MAX_REPLY_BACKLOG_BYTES:
            logger.warning("closing a control connection that left %d reply bytes unread", len(client.outbuf))
            self._close_client(client)
            return

        if client.close_when_flushed and not client.outbuf and not client.slots:
            self._close_client(client)
            return

        events = 0 if client.read_closed else selectors.EVENT_READ
        if client.outbuf:
            events |= selectors.EVENT_WRITE
        self._watch(client, events)

    def _watch(self, client: _Client, events: int) -> None:
        """Poll the client for these events; with none, it waits for a queued command's reply."""
        if events == client.events:
            return
        if client.events and events:
            self._selector.modify(client.sock, events, client)
        elif events:
            self._selector.register(client.sock, events, client)
        else:
            self._selector.unregister(client.sock)
        client.events = events

    def _ping_reply(self, request_id: int | str | None) -> bytes:
        status = self._status()
        reply: dict[str, Any] = {"ok": True}
        if request_id is not None:
            reply["id"] = request_id
        reply.update({
            "command": "ping",
            "step": status["step"],
            "message": f"training at step {status['step']}",
            "version": PROTOCOL_VERSION,
            "run": status["run"],
            "pid": os.getpid(),
        })
        if status.get("frozen") is not None:
            reply["frozen"] = bool(status["frozen"])
        return encode_line(reply)

    def _close_client(self, client: _Client) -> None:
        if client.closed:
            return
        client.closed = True
        self._clients.discard(client)
        if client.events:
            self._selector.unregister(client.sock)
            client.events = 0
        client.sock.close()

    def _shutdown(self) -> None:
        for client in list(self._clients):
            self._close_client(client)
        self._selector.close()
        self._listener.close()
        self._wake_reader.close()
        self._wake_writer.close()


def _quote(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"'{text}'"


def _error_reply(message: str, command: str | None = None, request_id: Any = None) -> dict[str, Any]:
    reply: dict[str, Any] = {"ok": False}
    if request_id is not None:
        reply["id"] = request_id
    if command is not None:
        reply["command"] = command
    reply["error"] = message
    return reply


def _encoded_error(message: str, command: str | None = None, request_id: Any = None) -> bytes:
    return encode_line(_error_reply(message, command, request_id))


def _parse_request(line: bytes) -> dict[str, Any] | bytes:
    """Return the request object, or the encoded error reply for a bad line."""
    try:
        text = line.decode("utf-8").strip()
    except UnicodeDecodeError:
        return _encoded_error("invalid request: the line is not UTF-8; send a JSON object with a \"command\" field")

    try:
        request = json.loads(text)
    except json.JSONDecodeError:
        request = None

    if not isinstance(request, dict) or not isinstance(request.get("command"), str):
        return _encoded_error(
            f"invalid request: expected a JSON object with a \"command\" field, got {_quote(text)}"
        )

    request_id = request.get("id")
    if request_id is not None and (isinstance(request_id, bool) or not isinstance(request_id, (int, str))):
        return _encoded_error(f"invalid id {_quote(request_id)}: expected an integer or a string")

    name = request["command"]
    if name not in ALL_COMMANDS:
        return _encoded_error(
            f"unknown command {_quote(name)} (commands: {', '.join(ALL_COMMANDS)})", None, request_id
        )
    return request


# ---------------------------------------------------------------------------
# Recorder: run directory, trace and socket together
# ---------------------------------------------------------------------------


class Recorder:
    """Own a run directory: write its trace and serve its control socket.

    The brain recorders build one of these. Use it directly to record a custom
    loop: call :meth:`write_step` per step and :meth:`take_commands` /
    :meth:`complete` to serve brain commands yourself.
    """

    def __init__(
        self,
        workload: str,
        groups: Sequence[str],
        *,
        optimizer: str,
        optimizer_settings: Mapping[str, Any] | None = None,
        brain_settings: Mapping[str, Any] | None = None,
        run_dir: str | os.PathLike[str] | None = None,
        serve_socket: bool = True,
        trace_capacity: int = 65_536,
    ) -> None:
        self.groups = _check_group_names(groups)
        optimizer_values = _number_settings(optimizer_settings, "optimizer setting")
        brain_values = _number_settings(brain_settings, "brain setting")
        self.has_brain = bool(brain_values)
        self.latest_step = 0
        self.frozen: bool | None = False if self.has_brain else None
        self._closed = False

        self.run_dir = resolve_run_dir(workload, run_dir)
        self.trace_path = self.run_dir / "trace.jsonl"
        self.snapshot_dir = self.run_dir / "snapshots"
        self.run_name = self._run_name_for_trace()

        # The socket comes first: a run directory that another live trainer serves
        # must not get a second writer.
        self._server: ControlServer | None = None
        if serve_socket:
            self._server = ControlServer(
                self.run_dir, groups=self.groups, has_brain=self.has_brain, status=self._status
            )

        try:
            self._writer = TraceWriter(self.trace_path, capacity=trace_capacity)
        except RunDirectoryError:
            if self._server is not None:
                self._server.close()
            raise

        self._writer.put({
            "type": "header",
            "format": TRACE_FORMAT,
            "version": TRACE_VERSION,
            "run": self.run_name,
            "workload": workload,
            "groups": self.groups,
            "optimizer": optimizer,
            "optimizer_settings": optimizer_values,
            "brain_settings": brain_values,
            "start_time": time.time(),
        })
        self.write_event(0, "trainer_start", f"training {workload} with {optimizer}")

        atexit.register(self.close)

    def _run_name_for_trace(self) -> str:
        header = _read_first_header(self.trace_path)
        name = self.run_dir.name or self.run_dir.resolve().name
        if header is None:
            return name

        old_groups = header.get("groups")
        if old_groups != self.groups:
            raise RunDirectoryError(
                f"'{self.trace_path}' records groups {old_groups}, but this run has groups "
                f"{self.groups}; a restarted trainer must keep its groups, so choose another run directory"
            )
        return str(header.get("run", name))

    def _status(self) -> dict[str, Any]:
        return {"step": self.latest_step, "run": self.run_name, "frozen": self.frozen}

    @property
    def dropped_records(self) -> int:
        """The number of records dropped so far because the trace queue was full."""
        return self._writer.dropped_total

    def write_step(
        self,
        step: int,
        loss: float,
        groups: Sequence[Sequence[float]],
        *,
        reward: float | None = None,
        baseline: float | None = None,
    ) -> None:
        """Queue a step record. ``groups`` holds (scale, clip, dampen, grad_norm) per group."""
        if len(groups) != len(self.groups):
            raise ValueError(
                f"step {step} has {len(groups)} group entries, but the run has "
                f"{len(self.groups)} groups ({', '.join(self.groups)})"
            )

        record: dict[str, Any] = {"type": "step", "step": int(step), "time": time.time(), "loss": float(loss)}
        if reward is not None:
            record["reward"] = float(reward)
        if baseline is not None:
            record["baseline"] = float(baseline)
        record["groups"] = [
            {"scale": float(scale), "clip": float(clip), "dampen": float(dampen), "grad_norm": float(norm)}
            for scale, clip, dampen, norm in groups
        ]

        self.latest_step = int(step)
        self._writer.put(record)

    def write_eval(self, step: int, metrics: Mapping[str, Any]) -> None:
        """Queue an eval record with metrics in the given order."""
        values = {}
        for name, value in metrics.items():
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise TypeError(f"metric '{name}' is {value!r}; metrics must be numbers")
            values[str(name)] = float(value)
        self._writer.put({"type": "eval", "step": int(step), "time": time.time(), "metrics": values})

    def write_event(
        self, step: int, kind: str, message: str, *, group: str | None = None, path: str | None = None
    ) -> None:
        """Queue an event record."""
        self._writer.put(_event_record(int(step), kind, message, group=group, path=path))

    def request_fsync(self) -> None:
        """Have the writer thread ``fsync`` the trace after the records queued so far."""
        self._writer.request_fsync()

    def take_commands(self) -> list[PendingCommand]:
        """Return the brain commands queued since the last call."""
        return self._server.take_commands() if self._server is not None else []

    def complete(self, command: PendingCommand, reply: Mapping[str, Any]) -> None:
        """Send a command's reply."""
        if self._server is not None:
            self._server.complete(command, reply)

    def close(self) -> None:
        """Write ``trainer_end``, stop the socket, flush and ``fsync`` the trace."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self.close)

        if self._server is not None:
            self._server.close()
        self.write_event(self.latest_step, "trainer_end", f"training ended after step {self.latest_step}")
        self._writer.close()


def _check_group_names(groups: Sequence[str]) -> list[str]:
    names = list(groups)
    if not names:
        raise ValueError("a run needs at least one parameter group name")
    for name in names:
        if not isinstance(name, str) or not name:
            raise ValueError(f"invalid group name {name!r}: group names must be non-empty strings")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"group names must be unique, but {', '.join(duplicates)} repeats")
    return names


# ---------------------------------------------------------------------------
# Brain control: freeze, reset and snapshot on an opop OptBrain
# ---------------------------------------------------------------------------


def make_brain(base_optimizer: Any = None, *, n_groups: int | None = None, **options: Any) -> Any:
    """Build an ``opop.OptBrain`` with telemetry off.

    Pass a PyTorch optimizer for PyTorch mode, or ``n_groups`` for numpy mode.
    Other keyword arguments go to ``OptBrain`` (``brain_hidden``, ``brain_lr``,
    ``brain_update_every``).
    """
    if options.pop("telemetry", False):
        raise TelemetryError("make_brain builds brains with telemetry off; remove telemetry=True")

    import opop

    if base_optimizer is None and (not isinstance(n_groups, int) or n_groups < 1):
        raise ValueError(f"numpy mode needs n_groups of at least 1, got {n_groups!r}")

    brain = opop.OptBrain(base_optimizer, n_groups=n_groups, telemetry=False, **options)
    if base_optimizer is not None and not brain._torch_mode:
        raise RuntimeError(
            "opop could not import torch, so it ignored the optimizer and fell back to numpy "
            "mode; install torch in this environment"
        )
    return brain


def _opop_logits_for_neutral() -> np.ndarray:
    """Return the output logits that opop 0.3.0's squashing maps closest to neutral.

    Scale is 0.01 * 1000**sigmoid(x), so sigmoid(x) = 2/3 gives 1. Clip is
    0.1 + 4.9 * sigmoid(x), so sigmoid(x) = 0.9/4.9 gives 1. Dampen is sigmoid(x)
    with x clipped to [-10, 10], so -10 gives the smallest dampen, about 4.5e-5.
    """
    return np.array([math.log(2.0), math.log(0.9 / 4.0), -10.0], dtype=np.float32)


class BrainControl:
    """Freeze, reset and snapshot an ``opop.OptBrain`` between steps.

    The control wraps the brain's ``forward``, ``record`` and ``maybe_update``
    methods on that one instance, so both of opop's modes go through it:

    * Frozen: ``forward`` returns the decisions held at the freeze, and ``record``
      and ``maybe_update`` do nothing, so the policy and its baseline stay fixed.
      The observer keeps watching, so an unfrozen brain sees recent history.
    * Reset of a group: that group's output weights are set to zero and its output
      biases to the logits closest to neutral, so the brain's own output for the
      group no longer depends on what it observes. The experience buffer is
      cleared, because the old policy collected it. From then on the group's
      decisions are replaced by exactly (scale 1, clip 1, dampen 0) until a
      REINFORCE update changes that group's output weights or biases, which is
      when the brain has learned something for it again.

    NOTE: opop 0.3.0 adds no exploration noise, so its REINFORCE gradient for
    zeroed output columns is exactly zero, and a reset group stays neutral for
    the rest of the run. A brain whose policy explores would learn it back.

    It also keeps what the step needs for its record: the decisions applied, the
    reward credited and whether the brain updated.
    """

    def __init__(self, optbrain: Any) -> None:
        _check_optbrain(optbrain)

        self.optbrain = optbrain
        self.n_groups = int(optbrain.n_groups)
        self.frozen = False

        self._held_decisions: dict[int, tuple[float, float, float]] | None = None
        self._held_observation_cache: Any = None
        self._skip_next_reward = False
        self._overrides: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._last_snapshot_step: int | None = None

        self.decisions: dict[int, tuple[float, float, float]] = {}
        self.reward: float | None = None
        self.updated = False
        self.sanitized_observation = False

        inner = optbrain.brain
        self._forward = inner.forward
        self._record = inner.record
        self._maybe_update = inner.maybe_update
        inner.forward = self._gated_forward
        inner.record = self._gated_record
        inner.maybe_update = self._gated_maybe_update
        optbrain._opop_top_control = self

    @property
    def baseline(self) -> float:
        """The brain's reward baseline."""
        return float(self.optbrain.brain._baseline)

    def settings(self) -> dict[str, float]:
        """Return the brain's settings for the trace header."""
        inner = self.optbrain.brain
        return {
            "exploration_std": 0.0,
            "hidden_units": float(inner.W1.shape[1]),
            "learning_rate": float(inner.lr),
            "update_interval": float(inner._update_every),
        }

    def begin_step(self) -> None:
        """Forget the previous step's reward and update flag."""
        self.reward = None
        self.updated = False
        self.sanitized_observation = False

    # -- wrapped brain methods ---------------------------------------------------

    def _gated_forward(self, observation: np.ndarray) -> tuple[dict, Any]:
        if self.frozen and self._held_decisions is not None:
            self.decisions = dict(self._held_decisions)
            return dict(self._held_decisions), self._held_observation_cache

        observation = np.asarray(observation, dtype=np.float32)
        if not np.all(np.isfinite(observation)):
            # opop's observer passes a NaN loss or gradient on, and one NaN would
            # turn every later decision into NaN.
            observation = np.nan_to_num(observation, nan=0.0, posinf=0.0, neginf=0.0)
            self.sanitized_observation = True

        decisions, cache = self._forward(observation)
        self._release_learned_overrides()
        for group in self._overrides:
            decisions[group] = NEUTRAL_DECISION

        if self.frozen:
            self._held_decisions, self._held_observation_cache = dict(decisions), cache
        self.decisions = dict(decisions)
        return decisions, cache

    def _gated_record(self, reward: float, cache: Any) -> None:
        if self.frozen:
            return
        if self._skip_next_reward:
            # This reward belongs to the last decision held while frozen.
            self._skip_next_reward = False
            return
        if not math.isfinite(reward):
            return
        self._record(reward, cache)
        self.reward = float(reward)

    def _gated_maybe_update(self) -> bool:
        if self.frozen:
            return False
        updated = bool(self._maybe_update())
        self.updated = self.updated or updated
        return updated

    def _release_learned_overrides(self) -> None:
        inner = self.optbrain.brain
        for group, (weights, biases) in list(self._overrides.items()):
            columns = slice(3 * group, 3 * group + 3)
            if not (np.array_equal(inner.W3[:, columns], weights) and np.array_equal(inner.b3[columns], biases)):
                del self._overrides[group]

    # -- commands ----------------------------------------------------------------

    def freeze(self, step: int) -> tuple[str, bool]:
        """Hold the current decisions and stop learning. Return (message, changed)."""
        if self.frozen:
            return f"brain already frozen at step {step}", False
        self.frozen = True
        if self.optbrain._decisions is not None:
            self._held_decisions = dict(self.decisions or self.optbrain._decisions)
            self._held_observation_cache = self.optbrain._cache
        return f"brain frozen at step {step}", True

    def unfreeze(self, step: int) -> tuple[str, bool]:
        """Let the brain decide and learn again. Return (message, changed)."""
        if not self.frozen:
            return f"brain is not frozen at step {step}", False
        self.frozen = False
        self._held_decisions = None
        self._held_observation_cache = None
        self._skip_next_reward = True
        return f"brain unfrozen at step {step}", True

    def is_neutral(self, group: int) -> bool:
        """Whether the group's decisions are held at neutral by a reset."""
        self._release_learned_overrides()
        return group in self._overrides

    def reset_group(self, group: int) -> bool:
        """Return the group's outputs to neutral; return False when they already were."""
        if not 0 <= group < self.n_groups:
            raise IndexError(f"group index {group} is out of range for {self.n_groups} groups")
        if self.is_neutral(group):
            return False

        inner = self.optbrain.brain
        columns = slice(3 * group, 3 * group + 3)
        inner.W3[:, columns] = 0.0
        inner.b3[columns] = _opop_logits_for_neutral()
        inner._exp.clear()

        # OptBrain credits the next reward to its last cache, which the old policy made.
        self.optbrain._cache = None
        self._overrides[group] = (inner.W3[:, columns].copy(), inner.b3[columns].copy())

        if self._held_decisions is not None:
            self._held_decisions[group] = NEUTRAL_DECISION
        return True

    def save(self, path: Path, step: int) -> bool:
        """Save the brain to ``path`` and ``fsync`` it; return False if this step was saved already."""
        if self._last_snapshot_step == step and path.exists():
            return False

        # OptBrain.save passes the path to numpy.savez, which writes the .npz file.
        self.optbrain.save(str(path))
        with open(path, "rb") as file:
            os.fsync(file.fileno())
        directory = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

        self._last_snapshot_step = step
        return True


def _check_optbrain(optbrain: Any) -> None:
    for attribute in ("brain", "observer", "n_groups", "save"):
        if not hasattr(optbrain, attribute):
            raise TypeError(
                f"expected an opop.OptBrain, got {type(optbrain).__name__} without '{attribute}'; "
                f"build one with opop_top.make_brain"
            )

    if getattr(optbrain, "_opop_top_control", None) is not None:
        raise ValueError("this OptBrain is already recorded by another recorder; build a new one per run")

    telemetry = getattr(optbrain, "_telemetry", None)
    if telemetry is None:
        return
    if not getattr(telemetry, "enabled", True):
        # Disabled by OPOP_TELEMETRY=0: it wrote nothing, and dropping it keeps it so.
        optbrain._telemetry = None
        return
    raise TelemetryError(
        "this OptBrain was built with telemetry on, and opop 0.3.0 has already written "
        "to ~/.opop; build it with opop_top.make_brain or OptBrain(..., telemetry=False)"
    )


def _snapshot_name(step: int) -> str:
    return f"step-{step:06d}.npz"


def _apply_command(
    control: BrainControl, recorder: Recorder | None, name: str, group: str | None,
    groups: Sequence[str], step: int,
) -> dict[str, Any]:
    """Apply one brain command after ``step``, write its event and return the reply fields."""

    def event(kind: str, message: str, **extra: Any) -> None:
        if recorder is not None:
            recorder.write_event(step, kind, message, **extra)

    if name == "freeze":
        message, changed = control.freeze(step)
        if changed:
            event("freeze", message)
    elif name == "unfreeze":
        message, changed = control.unfreeze(step)
        if changed:
            event("unfreeze", message)
    elif name == "reset":
        if group is None:
            raise ValueError("a reset command needs a group name")
        if control.reset_group(groups.index(group)):
            message = f"group {group} reset to neutral at step {step}"
            event("reset", message, group=group)
        else:
            message = f"group {group} is already neutral at step {step}"
    elif name == "reset_all":
        changed = [control.reset_group(index) for index in range(len(groups))]
        if any(changed):
            message = f"all groups reset to neutral at step {step}"
            event("reset", message)
        else:
            message = f"all groups are already neutral at step {step}"
    elif name == "snapshot":
        if recorder is None:
            return {"ok": True, "step": step}
        return _snapshot(control, recorder, step)
    else:
        raise ValueError(f"unknown brain command '{name}'")

    if recorder is not None:
        recorder.frozen = control.frozen
    return {"ok": True, "step": step, "message": message}


def _snapshot(control: BrainControl, recorder: Recorder, step: int) -> dict[str, Any]:
    path = recorder.snapshot_dir / _snapshot_name(step)
    try:
        saved = control.save(path, step)
    except OSError as error:
        problem = f"snapshot to '{path}' failed: {error.strerror or error}; check the disk and try again"
        recorder.write_event(step, "error", problem)
        return {"ok": False, "error": problem}

    if not saved:
        return {"ok": True, "step": step, "message": f"snapshot for step {step} already saved to {path}", "path": str(path)}

    message = f"snapshot saved to {path}"
    recorder.write_event(step, "snapshot", message, path=str(path))
    recorder.request_fsync()
    return {"ok": True, "step": step, "message": message, "path": str(path)}


def _reply_for(command: PendingCommand, fields: Mapping[str, Any]) -> dict[str, Any]:
    reply: dict[str, Any] = {"ok": fields["ok"]}
    if command.request_id is not None:
        reply["id"] = command.request_id
    reply["command"] = command.name
    reply.update({key: value for key, value in fields.items() if key != "ok"})
    return reply


def _grad_norm(gradient: Any) -> float:
    values = np.asarray(gradient)
    return float(np.sqrt(np.sum(np.square(values, dtype=np.float64))))


# ---------------------------------------------------------------------------
# numpy mode
# ---------------------------------------------------------------------------


class NumpyBrainRecorder:
    """Record a numpy training loop steered by an ``opop.OptBrain`` in numpy mode.

    Per step::

        decisions = recorder.get_decisions(loss)       # {group: (scale, clip, dampen)}
        for group, gradient in enumerate(gradients):
            recorder.record_grads(group, gradient)     # the raw gradient
            ...apply decisions[group] in your update...
        recorder.finish_step()                          # writes the step, applies commands
    """

    def __init__(
        self,
        brain: Any,
        groups: Sequence[str],
        *,
        workload: str,
        optimizer: str = "sgd",
        optimizer_settings: Mapping[str, Any] | None = None,
        run_dir: str | os.PathLike[str] | None = None,
        serve_socket: bool = True,
    ) -> None:
        names = _check_group_names(groups)
        if getattr(brain, "_torch_mode", False):
            raise ValueError("this OptBrain is in PyTorch mode; record it with TorchRecorder")
        if brain.n_groups != len(names):
            raise ValueError(
                f"the brain has {brain.n_groups} groups but {len(names)} group names were given "
                f"({', '.join(names)}); pass one name per group"
            )

        self.control = BrainControl(brain)
        self.brain = brain
        self.recorder = Recorder(
            workload, names, optimizer=optimizer, optimizer_settings=optimizer_settings,
            brain_settings=self.control.settings(), run_dir=run_dir, serve_socket=serve_socket,
        )
        self.groups = names
        self.step = 0
        self._loss = math.nan
        self._norms: list[float] = [0.0] * len(names)
        self._in_step = False

    @property
    def run_dir(self) -> Path:
        """The run directory."""
        return self.recorder.run_dir

    def get_decisions(self, loss: float) -> dict[int, tuple[float, float, float]]:
        """Return the brain's (scale, clip, dampen) per group index for this step."""
        if self._in_step:
            raise RuntimeError("get_decisions was called twice; call finish_step() after each step")

        self._in_step = True
        self._loss = float(loss)
        self._norms = [0.0] * len(self.groups)
        self.control.begin_step()

        # opop would feed a NaN loss into its reward and baseline for good.
        usable = self._loss if math.isfinite(self._loss) else None
        return self.brain.get_decisions(loss=usable)

    def record_grads(self, group: int, gradient: Any) -> None:
        """Record the group's raw gradient (before any clipping)."""
        if not self._in_step:
            raise RuntimeError("record_grads was called outside a step; call get_decisions(loss) first")
        if not 0 <= group < len(self.groups):
            raise IndexError(f"group index {group} is out of range for groups {self.groups}")

        flat = np.asarray(gradient, dtype=np.float32).ravel()
        self._norms[group] = _grad_norm(flat)
        if not np.all(np.isfinite(flat)):
            flat = np.nan_to_num(flat, nan=0.0, posinf=0.0, neginf=0.0)
        self.brain.record_grads(group, flat)

    def finish_step(self) -> None:
        """End the step: write its record, then apply queued socket commands."""
        if not self._in_step:
            raise RuntimeError("finish_step was called without get_decisions(loss) first")

        self.brain.finish_step()
        self._in_step = False
        self.step += 1

        decisions = self.control.decisions
        rows = [(*decisions.get(index, NEUTRAL_DECISION), self._norms[index]) for index in range(len(self.groups))]
        self.recorder.write_step(
            self.step, self._loss, rows, reward=self.control.reward, baseline=self.control.baseline
        )
        _write_step_events(self.recorder, self.step, self._loss, self._norms, self.groups, self.control)

        for command in self.recorder.take_commands():
            fields = _apply_command(self.control, self.recorder, command.name, command.group, self.groups, self.step)
            self.recorder.complete(command, _reply_for(command, fields))

    def write_eval(self, metrics: Mapping[str, Any]) -> None:
        """Record an evaluation taken after the latest step."""
        self.recorder.write_eval(self.step, metrics)

    def close(self) -> None:
        """Apply commands still queued, then close the trace and the socket."""
        for command in self.recorder.take_commands():
            fields = _apply_command(self.control, self.recorder, command.name, command.group, self.groups, self.step)
            self.recorder.complete(command, _reply_for(command, fields))
        self.recorder.close()

    def __enter__(self) -> "NumpyBrainRecorder":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def _write_step_events(
    recorder: Recorder, step: int, loss: float, norms: Sequence[float], groups: Sequence[str],
    control: BrainControl | None,
) -> None:
    bad = [name for name, norm in zip(groups, norms) if not math.isfinite(norm)]
    if not math.isfinite(loss):
        recorder.write_event(step, "bad_value", f"step {step} produced a {_json_value(loss)} loss")
    if bad:
        recorder.write_event(step, "bad_value", f"step {step} produced a non-finite gradient in {', '.join(bad)}")
    if control is not None and control.updated:
        recorder.write_event(step, "brain_update", f"brain updated at step {step}")


# ---------------------------------------------------------------------------
# PyTorch mode and plain mode
# ---------------------------------------------------------------------------


_COMMAND_CODES = {"freeze": 1, "unfreeze": 2, "reset": 3, "reset_all": 4, "snapshot": 5}
_COMMAND_NAMES = {code: name for name, code in _COMMAND_CODES.items()}


class TorchRecorder:
    """Record a PyTorch run, with an ``opop.OptBrain`` or with any plain optimizer.

    Call :meth:`step` with the loss after ``loss.backward()``, in place of
    ``optimizer.step()``. With an ``OptBrain``, the brain steps and the record
    holds its decisions. With another optimizer the run has no brain: the record
    holds neutral knobs, and brain commands on the socket get an error.

    Group names come from ``group_names``, else from each param group's ``"name"``
    entry, else ``group0``, ``group1`` and so on.
    """

    def __init__(
        self,
        optimizer: Any,
        *,
        workload: str,
        group_names: Sequence[str] | None = None,
        run_dir: str | os.PathLike[str] | None = None,
        serve_socket: bool = True,
        average_loss: bool = True,
    ) -> None:
        import torch

        self._torch = torch
        self.optimizer = optimizer
        self.control: BrainControl | None = None
        if hasattr(optimizer, "brain") and hasattr(optimizer, "base"):
            if not getattr(optimizer, "_torch_mode", False):
                raise ValueError("this OptBrain is in numpy mode; record it with NumpyBrainRecorder")
            self.control = BrainControl(optimizer)
            base = optimizer.base
        elif isinstance(optimizer, torch.optim.Optimizer):
            base = optimizer
        else:
            raise TypeError(
                f"expected a torch.optim.Optimizer or an opop.OptBrain, got {type(optimizer).__name__}"
            )
        self.base = base

        if group_names is None:
            group_names = [group.get("name") or f"group{index}" for index, group in enumerate(base.param_groups)]
        self.groups = _check_group_names(group_names)
        if len(self.groups) != len(base.param_groups):
            raise ValueError(
                f"the optimizer has {len(base.param_groups)} param groups but {len(self.groups)} "
                f"names were given; pass one name per param group"
            )

        dist = torch.distributed
        self._distributed = dist.is_available() and dist.is_initialized()
        self._rank = dist.get_rank() if self._distributed else 0
        self._average_loss = average_loss and self._distributed

        self.recorder: Recorder | None = None
        if self._rank == 0:
            self.recorder = Recorder(
                workload, self.groups, optimizer=type(base).__name__.lower(),
                optimizer_settings=_torch_optimizer_settings(base),
                brain_settings=self.control.settings() if self.control else None,
                run_dir=run_dir, serve_socket=serve_socket,
            )
        self.step_count = 0

    @property
    def run_dir(self) -> Path | None:
        """The run directory on rank 0; None on the other ranks."""
        return self.recorder.run_dir if self.recorder else None

    def step(self, loss: Any) -> None:
        """Step the optimizer (or the brain) with this loss, record it, and apply commands."""
        loss_value = float(loss.detach()) if hasattr(loss, "detach") else float(loss)
        if self._average_loss:
            loss_value = self._mean_over_ranks(loss_value)

        norms = self._group_grad_norms()
        if self.control is not None:
            self.control.begin_step()
            self.optimizer.step(loss=loss_value if math.isfinite(loss_value) else None)
        else:
            self.optimizer.step()
        self.step_count += 1

        if self.recorder is not None:
            if self.control is not None:
                decisions = self.control.decisions
                rows = [(*decisions.get(index, NEUTRAL_DECISION), norms[index]) for index in range(len(self.groups))]
                self.recorder.write_step(
                    self.step_count, loss_value, rows, reward=self.control.reward, baseline=self.control.baseline
                )
            else:
                rows = [(*NEUTRAL_DECISION, norm) for norm in norms]
                self.recorder.write_step(self.step_count, loss_value, rows)
            _write_step_events(self.recorder, self.step_count, loss_value, norms, self.groups, self.control)

        self._apply_commands()

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear the gradients of the optimizer's parameters."""
        self.base.zero_grad(set_to_none=set_to_none)

    def write_eval(self, metrics: Mapping[str, Any]) -> None:
        """Record an evaluation taken after the latest step (rank 0 only)."""
        if self.recorder is not None:
            self.recorder.write_eval(self.step_count, metrics)

    def close(self) -> None:
        """Apply the last queued commands on every rank, then close the trace and socket."""
        self._apply_commands()
        if self.recorder is not None:
            self.recorder.close()

    def __enter__(self) -> "TorchRecorder":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def _group_grad_norms(self) -> list[float]:
        torch = self._torch
        norms = []
        for group in self.base.param_groups:
            total = 0.0
            for parameter in group["params"]:
                gradient = parameter.grad
                if gradient is None:
                    continue
                if gradient.is_sparse:
                    gradient = gradient.coalesce().values()
                total += float(torch.linalg.vector_norm(gradient.detach(), dtype=torch.float64)) ** 2
            norms.append(math.sqrt(total))
        return norms

    def _mean_over_ranks(self, value: float) -> float:
        torch = self._torch
        tensor = torch.tensor([value], dtype=torch.float64)
        torch.distributed.all_reduce(tensor)
        return float(tensor.item()) / torch.distributed.get_world_size()

    def _apply_commands(self) -> None:
        pending = self.recorder.take_commands() if self.recorder is not None else []
        if self._distributed:
            codes = self._broadcast_commands(pending)
        else:
            codes = [self._encode_command(command) for command in pending]

        for index, (code, group_index) in enumerate(codes):
            name = _COMMAND_NAMES[code]
            group = self.groups[group_index] if name == "reset" else None
            if self.control is None:
                fields = {"ok": False, "error": f"this run has no brain, so '{name}' cannot be applied"}
            else:
                fields = _apply_command(self.control, self.recorder, name, group, self.groups, self.step_count)
            if self.recorder is not None:
                self.recorder.complete(pending[index], _reply_for(pending[index], fields))

    def _encode_command(self, command: PendingCommand) -> tuple[int, int]:
        group_index = self.groups.index(command.group) if command.name == "reset" and command.group else -1
        return _COMMAND_CODES[command.name], group_index

    def _broadcast_commands(self, pending: list[PendingCommand]) -> list[tuple[int, int]]:
        torch = self._torch
        count = torch.tensor([len(pending)], dtype=torch.int64)
        torch.distributed.broadcast(count, src=0)
        if int(count.item()) == 0:
            return []

        details = torch.zeros((int(count.item()), 2), dtype=torch.int64)
        if self._rank == 0:
            for row, command in enumerate(pending):
                details[row, 0], details[row, 1] = self._encode_command(command)
        torch.distributed.broadcast(details, src=0)
        return [(int(code), int(group)) for code, group in details.tolist()]


def _torch_optimizer_settings(optimizer: Any) -> dict[str, float]:
    """Collect the numeric hyperparameters of the first param group, such as lr and beta1."""
    settings: dict[str, float] = {}
    if not optimizer.param_groups:
        return settings
    for name, value in optimizer.param_groups[0].items():
        if name == "params":
            continue
        if isinstance(value, (tuple, list)) and name == "betas":
            for index, beta in enumerate(value, start=1):
                if isinstance(beta, (int, float)) and not isinstance(beta, bool):
                    settings[f"beta{index}"] = float(beta)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            settings[name] = float(value)
        elif hasattr(value, "item") and getattr(value, "numel", lambda: 0)() == 1:
            settings[name] = float(value.item())
    return settings
