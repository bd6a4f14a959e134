"""Race opop 0.3.0's own monitor against `opop-top attach` on one opop text log.

Method, so the race can be repeated:

1. opop_log.py writes a seeded log of 100,000 lines (--lines) in opop's line forms:
   progress lines with a brain section, and some [eval], [ckpt] and [ctrl] lines.
   Its last line is a progress line, for step L of total T (99873/100000 with the
   defaults).
2. Each program runs as the only command of a fresh tmux server on a private socket
   (`tmux -L bench-race-PID-PROGRAM-N`), with the status bar off so the pane is exactly 100
   columns by 30 rows. The program is the pane's process itself, with no shell between,
   so `#{pane_pid}` is its pid (the script checks /proc/PID/cmdline). HOME is a
   temporary folder and LANG is C.UTF-8 unless LANG already names UTF-8. The programs:
   - `opop monitor --log FILE` from the venv (scripts/bench/setup-python.sh), with
     its defaults: it polls the log every 0.5 s and nvidia-smi every 5 s.
   - `opop-top attach FILE` from .build/release/opop-top.
   - opop-top-tail: `opop-top attach` on a copy of the lines that opop's monitor
     reads (see the NOTE below), so that both parse the same lines.
3. Time to last step: from just before `tmux new-session` until `capture-pane -p`,
   polled every 20 ms, shows the last step. What each program shows for it:
   - opop's monitor: its run title, `train | step L/T (99%) | loss=...`, so the
     script looks for `step L/T`. Its metrics table shows a step too, but a stale
     one (98949/100000 in a trial run), so the table is not used.
   - opop-top (either file): its status line, ` LIVE  step L  ...`, so the script
     looks for `step L` followed by a space or the end of the line.
   Both tests use word boundaries, so a prefix of L never matches.
4. Idle CPU: after the match, wait --settle-seconds (3), then read utime, stime,
   cutime and cstime of /proc/PID/stat at the start and end of --idle-seconds (20).
   The figure is the ticks used over that wall time, in percent of one core. Child
   processes count once reaped (opop's monitor tries to start nvidia-smi every 5 s).
5. Memory: VmRSS and VmHWM from /proc/PID/status at the end of the idle window.
6. The tmux server is killed, which hangs up the pane. A program still running 5 s
   later gets SIGTERM, then SIGKILL after 5 s more, and the JSON records which
   signal ended it.
7. The programs take turns, --repetitions (5) times each; the figures are medians.
   Ratios are opop's monitor divided by opop-top, and by opop-top-tail.

A program that exits before the last step shows is recorded as it is: its exit
status, how long it ran and its last screen go into the JSON, and it gets no figures
for that repetition. Nothing is retried.

NOTE: opop 0.3.0's monitor starts reading 102,400 bytes before the end of the file
(its OpOpApp.on_mount), so it parses only the log's last lines (the JSON gives the
count) and its charts never show the earlier steps. opop-top reads every line, and
opop-top-tail reads the same whole lines as opop's monitor.

Usage:
    python monitor_race.py [--quick] [--json OUT] [--venv DIR] [--opop-top PATH]
                           [--programs opop-monitor,opop-top,opop-top-tail] [--screens DIR]
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from benchcommon import median, positive_float, positive_int, write_report
from opop_log import write_log

REPOSITORY = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROGRAMS = ("opop-monitor", "opop-top", "opop-top-tail")
OPOP_MONITOR_START_WINDOW = 102_400
COLUMNS = 100
ROWS = 30
POLL_SECONDS = 0.02
STOP_GRACE_SECONDS = 5.0


def parse_programs(text):
    """Parse a comma-separated subset of the programs, such as 'opop-top'."""
    names = [name for name in text.split(",") if name]
    for name in names:
        if name not in PROGRAMS:
            raise argparse.ArgumentTypeError(
                f"unknown program '{name}': choose from {', '.join(PROGRAMS)}")
    if not names:
        raise argparse.ArgumentTypeError(f"no program named: give one or more of {', '.join(PROGRAMS)}")
    return names


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=positive_int, default=100_000, help="lines in the log (default 100000)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the log's values (default 7)")
    parser.add_argument("--repetitions", type=positive_int, default=5,
                        help="runs of each program; the medians are reported (default 5)")
    parser.add_argument("--settle-seconds", type=positive_float, default=3.0,
                        help="wait after the last step shows, before the idle window (default 3)")
    parser.add_argument("--idle-seconds", type=positive_float, default=20.0,
                        help="length of the idle CPU window (default 20)")
    parser.add_argument("--timeout", type=positive_float, default=120.0,
                        help="seconds to wait for the last step before recording a timeout (default 120)")
    parser.add_argument("--programs", type=parse_programs, default=list(PROGRAMS),
                        help="comma-separated programs to run (default opop-monitor,opop-top,opop-top-tail)")
    parser.add_argument("--venv", default=os.environ.get("OPOP_BENCH_VENV", os.path.join(REPOSITORY, ".venv-bench")),
                        help="the venv with opop[tui] (default $OPOP_BENCH_VENV or .venv-bench)")
    parser.add_argument("--opop-top", default=os.path.join(REPOSITORY, ".build", "release", "opop-top"),
                        help="the opop-top binary (default .build/release/opop-top)")
    parser.add_argument("--screens", default=None, metavar="DIR",
                        help="save each program's screen at the match of its first run in DIR")
    parser.add_argument("--json", default=None, metavar="FILE",
                        help="also write the results as JSON to FILE ('-' for standard output)")
    parser.add_argument("--quick", action="store_true",
                        help="2,000 lines, 1 repetition, 1 s idle window: checks the machinery only")
    arguments = parser.parse_args(argv)

    if arguments.quick:
        arguments.lines = min(arguments.lines, 2_000)
        arguments.repetitions = 1
        arguments.settle_seconds = 0.5
        arguments.idle_seconds = 1.0
        arguments.timeout = min(arguments.timeout, 60.0)
    return arguments


# ── /proc ───────────────────────────────────────────────────────────────────────

def cpu_ticks(pid):
    """Return utime + stime + cutime + cstime of PID from /proc/PID/stat, in clock ticks."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        text = stat.read()
    # The command name in brackets may contain spaces, so split after its closing bracket.
    fields = text[text.rindex(")") + 2:].split()
    # fields[0] is field 3 (state), so utime (field 14) is fields[11].
    return sum(int(value) for value in fields[11:15])


def memory_kilobytes(pid):
    """Return VmRSS and VmHWM of PID, in kB, from /proc/PID/status."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values.get("VmRSS"), values.get("VmHWM")


def process_running(pid):
    """Return whether PID exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            text = stat.read()
    except OSError:
        return False
    return text[text.rindex(")") + 2] != "Z"


def command_line(pid):
    """Return PID's argument list from /proc/PID/cmdline."""
    with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
        return [part.decode("utf-8", "replace") for part in cmdline.read().split(b"\0") if part]


# ── tmux ────────────────────────────────────────────────────────────────────────

class TmuxServer:
    """A tmux server on a private socket that runs one program in one pane."""

    def __init__(self, socket_name, config_path, environment):
        self.socket_name = socket_name
        self.config_path = config_path
        self.environment = environment

    def tmux(self, *arguments, check=True):
        command = ["tmux", "-L", self.socket_name, "-f", self.config_path, *arguments]
        result = subprocess.run(command, env=self.environment, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(f"'{' '.join(command)}' failed with status {result.returncode}: "
                               f"{result.stderr.strip()}")
        return result.stdout

    def start(self, argv):
        # Several arguments after the options make tmux run the program directly, not through sh -c.
        self.tmux("new-session", "-d", "-s", "race", "-x", str(COLUMNS), "-y", str(ROWS), *argv)

    def capture(self, history=False):
        # A dead pane's last output can scroll into the history when tmux prints
        # "Pane is dead", so the screen of a program that exited includes the history.
        extra = ["-S", "-"] if history else []
        return self.tmux("capture-pane", "-p", *extra, "-t", "race")

    def pane(self, format_text):
        return self.tmux("display-message", "-p", "-t", "race", format_text).strip()

    def exit_status(self):
        """Return the dead pane's exit status, or '' when tmux has not collected it within 1 s.

        tmux 3.3a can mark a pane dead before it collects the status, and in some runs
        it never showed the status of a shell script that had run a child first.
        """
        deadline = time.monotonic() + 1.0
        status = self.pane("#{pane_dead_status}")
        while not status and time.monotonic() < deadline:
            time.sleep(0.02)
            status = self.pane("#{pane_dead_status}")
        return status

    def kill(self):
        self.tmux("kill-server", check=False)


def write_tmux_config(path):
    with open(path, "w", encoding="utf-8") as config:
        config.write("set -g status off\n")
        config.write("set -g remain-on-exit on\n")
        config.write("set -g default-terminal tmux-256color\n")


def stop_program(server, pid):
    """Kill the tmux server, then the program if it outlives the hang-up; return how it ended."""
    server.kill()
    for ending, sent in (("hangup", None), ("SIGTERM", signal.SIGTERM), ("SIGKILL", signal.SIGKILL)):
        if sent is not None:
            try:
                os.kill(pid, sent)
            except ProcessLookupError:
                return ending
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while time.monotonic() < deadline:
            if not process_running(pid):
                return ending
            time.sleep(0.05)
    return "still running after SIGKILL"


def wait_for_exec(pid, process_name, timeout=5.0):
    """Wait until PID runs PROCESS_NAME, directly or as an interpreter's script.

    tmux forks first, so at first the pane's process still shows tmux's own command
    line. A pane that runs anything else after the exec (a shell) would make every
    figure describe the wrong process, so that raises.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process_running(pid):
            return
        names = [os.path.basename(part) for part in command_line(pid)[:2]]
        if process_name in names:
            return
        if names and names[0] != "tmux":
            raise RuntimeError(f"pane process {pid} runs {names}, not {process_name}: "
                               "measuring it would measure the wrong program")
        time.sleep(0.001)
    raise RuntimeError(f"pane process {pid} did not start {process_name} within {timeout} s")


# ── One run ─────────────────────────────────────────────────────────────────────

def program_setup(name, arguments, logs, last_step, total_steps):
    """Return the argv, the expected process name, and the pattern of the last step on screen.

    LOGS maps "full" to the whole log and "tail" to the copy of its last lines.
    """
    if name == "opop-monitor":
        argv = [os.path.join(arguments.venv, "bin", "opop"), "monitor", "--log", logs["full"]]
        looked_for = f"step {last_step}/{total_steps}"
        pattern = re.compile(rf"\bstep {last_step}/{total_steps}\b")
        return argv, "opop", looked_for, pattern
    argv = [arguments.opop_top, "attach", logs["tail" if name == "opop-top-tail" else "full"]]
    looked_for = f"step {last_step} (then a space or the line's end)"
    pattern = re.compile(rf"\bstep {last_step}(?= |$)", re.MULTILINE)
    return argv, os.path.basename(arguments.opop_top), looked_for, pattern


def check_program_available(name, arguments):
    """Return an error message when NAME cannot run, or None."""
    if name == "opop-monitor":
        opop = os.path.join(arguments.venv, "bin", "opop")
        if not os.access(opop, os.X_OK):
            return f"{opop} not found: run scripts/bench/setup-python.sh, or pass --venv DIR"
        probe = subprocess.run([os.path.join(arguments.venv, "bin", "python"), "-c", "import opop.tui"],
                               capture_output=True, text=True)
        if probe.returncode != 0:
            return (f"opop's monitor cannot be imported from {arguments.venv}: "
                    f"{probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else 'unknown error'}; "
                    "run scripts/bench/setup-python.sh")
        return None
    if not os.access(arguments.opop_top, os.X_OK):
        return f"{arguments.opop_top} not found: run 'swift build -c release', or pass --opop-top PATH"
    return None


def run_once(name, repetition, arguments, work, logs, last_step, total_steps):
    """Run NAME once under tmux and return the repetition's JSON object."""
    argv, process_name, _, pattern = program_setup(name, arguments, logs, last_step, total_steps)
    environment = dict(os.environ)
    environment.pop("TMUX", None)
    environment["HOME"] = os.path.join(work, "home")
    if "UTF-8" not in environment.get("LANG", "").upper().replace("UTF8", "UTF-8"):
        environment["LANG"] = "C.UTF-8"
    server = TmuxServer(f"bench-race-{os.getpid()}-{name}-{repetition}", os.path.join(work, "tmux.conf"), environment)

    result = {"repetition": repetition}
    launched = time.monotonic()
    server.start(argv)
    try:
        pid = int(server.pane("#{pane_pid}"))
        wait_for_exec(pid, process_name)
        result["pane_size"] = server.pane("#{pane_width}x#{pane_height}")

        first_output = None
        screen = ""
        while True:
            now = time.monotonic()
            screen = server.capture()
            if first_output is None and screen.strip():
                first_output = now - launched
            if pattern.search(screen):
                result["time_to_last_step_seconds"] = now - launched
                break
            if server.pane("#{pane_dead}") == "1":
                result["outcome"] = "exited before the last step showed"
                result["exit_status"] = server.exit_status()
                result["ran_seconds"] = now - launched
                result["screen"] = server.capture(history=True)
                return result
            if now - launched > arguments.timeout:
                result["outcome"] = f"timed out: the last step did not show within {arguments.timeout} s"
                result["screen"] = screen
                result["ended_by"] = stop_program(server, pid)
                return result
            time.sleep(POLL_SECONDS)
        result["first_output_seconds"] = first_output
        result["screen_at_match"] = screen

        time.sleep(arguments.settle_seconds)
        window_start = time.monotonic()
        ticks_start = cpu_ticks(pid)
        time.sleep(arguments.idle_seconds)
        ticks_end = cpu_ticks(pid)
        window = time.monotonic() - window_start
        rss, hwm = memory_kilobytes(pid)
        if server.pane("#{pane_dead}") == "1":
            result["outcome"] = "exited during the idle window"
            result["exit_status"] = server.exit_status()
            result["screen"] = server.capture(history=True)
            return result

        result["outcome"] = "ok"
        result["idle_cpu_percent"] = (ticks_end - ticks_start) / os.sysconf("SC_CLK_TCK") / window * 100
        result["idle_window_seconds"] = window
        result["vm_rss_kb"] = rss
        result["vm_hwm_kb"] = hwm
        result["ended_by"] = stop_program(server, pid)
        return result
    finally:
        server.kill()


# ── Summary ─────────────────────────────────────────────────────────────────────

FIGURES = ("time_to_last_step_seconds", "idle_cpu_percent", "vm_rss_kb", "vm_hwm_kb")


def summarize(name, looked_for, argv, repetitions):
    """Return the program's JSON case: its medians over the runs that finished."""
    finished = [run for run in repetitions if run.get("outcome") == "ok"]
    case = {
        "program": name,
        "command": argv,
        "looked_for": looked_for,
        "runs": len(repetitions),
        "runs_ok": len(finished),
    }
    for figure in FIGURES:
        case[f"{figure}_median"] = median([run[figure] for run in finished]) if finished else None
    case["repetitions"] = [{key: value for key, value in run.items() if key != "screen_at_match"}
                           for run in repetitions]
    case["screen_at_match"] = next((run["screen_at_match"] for run in repetitions if "screen_at_match" in run), None)
    return case


def ratios(cases):
    """Return opop's monitor's figures divided by each opop-top case's, where both exist."""
    by_name = {case["program"]: case for case in cases}
    monitor = by_name.get("opop-monitor")
    result = {}
    for name, suffix in (("opop-top", "top"), ("opop-top-tail", "top_tail")):
        top = by_name.get(name)
        if not monitor or not top:
            continue
        for figure in FIGURES:
            numerator = monitor[f"{figure}_median"]
            denominator = top[f"{figure}_median"]
            if numerator is not None and denominator:
                result[f"{figure}_monitor_over_{suffix}"] = numerator / denominator
    return result


def write_tail(path, byte_count, tail_path):
    """Copy the whole lines in the last BYTE_COUNT bytes of PATH to TAIL_PATH; return their count."""
    size = os.path.getsize(path)
    with open(path, "rb") as log:
        log.seek(max(0, size - byte_count))
        tail = log.read()
    if size > byte_count:
        # The read starts inside a line. opop's monitor parses that fragment too, but
        # it is no whole line, so the copy leaves it out.
        tail = tail[tail.index(b"\n") + 1:]
    with open(tail_path, "wb") as copy:
        copy.write(tail)
    return tail.count(b"\n")


def print_case(case, output):
    print(f"{case['program']}: {case['runs_ok']} of {case['runs']} runs finished; looked for '{case['looked_for']}'",
          file=output)
    if case["runs_ok"]:
        print(f"  time to last step {case['time_to_last_step_seconds_median']:.3f} s, "
              f"idle CPU {case['idle_cpu_percent_median']:.2f}%, "
              f"VmRSS {case['vm_rss_kb_median'] / 1024:.1f} MiB, VmHWM {case['vm_hwm_kb_median'] / 1024:.1f} MiB "
              "(medians)", file=output)
    for run in case["repetitions"]:
        if run.get("outcome") != "ok":
            print(f"  run {run['repetition']}: {run.get('outcome')} (exit status {run.get('exit_status', '-')})",
                  file=output)


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    output = sys.stderr if arguments.json == "-" else sys.stdout
    # A race takes minutes, so each run's line should show as soon as it is printed.
    output.reconfigure(line_buffering=True)

    if shutil.which("tmux") is None:
        print("monitor_race.py: tmux not found; install it (apt-get install tmux)", file=sys.stderr)
        return 1
    for name in arguments.programs:
        problem = check_program_available(name, arguments)
        if problem:
            print(f"monitor_race.py: {problem}", file=sys.stderr)
            return 1

    with tempfile.TemporaryDirectory(prefix="opop-monitor-race-") as work:
        os.mkdir(os.path.join(work, "home"))
        write_tmux_config(os.path.join(work, "tmux.conf"))
        log_path = os.path.join(work, "train.log")
        last_step, total_steps = write_log(log_path, arguments.lines, arguments.seed)
        log_bytes = os.path.getsize(log_path)

        # The copy keeps the name train.log, so opop-top titles both runs the same.
        os.mkdir(os.path.join(work, "tail"))
        logs = {"full": log_path, "tail": os.path.join(work, "tail", "train.log")}
        tail_lines = write_tail(log_path, OPOP_MONITOR_START_WINDOW, logs["tail"])
        print(f"log: {arguments.lines} lines, {log_bytes} bytes, last step {last_step}/{total_steps}; "
              f"opop's monitor starts {OPOP_MONITOR_START_WINDOW} bytes from the end ({tail_lines} lines)",
              file=output)

        runs = {name: [] for name in arguments.programs}
        for repetition in range(1, arguments.repetitions + 1):
            for name in arguments.programs:
                run = run_once(name, repetition, arguments, work, logs, last_step, total_steps)
                runs[name].append(run)
                print(f"{name} run {repetition}: {run.get('outcome')}"
                      + (f", {run['time_to_last_step_seconds']:.3f} s to the last step"
                         if "time_to_last_step_seconds" in run else ""), file=output)

        cases = []
        for name in arguments.programs:
            argv_used, _, looked_for, _ = program_setup(name, arguments, logs, last_step, total_steps)
            cases.append(summarize(name, looked_for, argv_used, runs[name]))

    for case in cases:
        print_case(case, output)
        if arguments.screens and case["screen_at_match"]:
            os.makedirs(arguments.screens, exist_ok=True)
            with open(os.path.join(arguments.screens, f"{case['program']}.txt"), "w", encoding="utf-8") as screen:
                screen.write(case["screen_at_match"])
    comparison = ratios(cases)
    for key, value in comparison.items():
        print(f"{key}: {value:.2f}", file=output)

    if arguments.json:
        settings = {
            "lines": arguments.lines,
            "log_bytes": log_bytes,
            "seed": arguments.seed,
            "last_step": last_step,
            "total_steps": total_steps,
            "opop_monitor_start_window_bytes": OPOP_MONITOR_START_WINDOW,
            "opop_monitor_start_window_lines": tail_lines,
            "terminal": f"{COLUMNS}x{ROWS}",
            "repetitions": arguments.repetitions,
            "settle_seconds": arguments.settle_seconds,
            "idle_seconds": arguments.idle_seconds,
            "poll_seconds": POLL_SECONDS,
            "quick": arguments.quick,
        }
        write_report(arguments.json, "monitor_race", settings, cases, {"ratios": comparison})

    failed = any(case["runs_ok"] < case["runs"] for case in cases)
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
