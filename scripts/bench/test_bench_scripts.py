"""Run the benchmark scripts in tiny modes and check the JSON they write.

    python3 -m unittest discover -s scripts/bench -p 'test_*.py'

The tests of scripts that need opop 0.3.0 use the venv from setup-python.sh when
there is one ($OPOP_BENCH_VENV or .venv-bench), else this interpreter, and skip when
neither imports opop. The monitor race needs tmux and .build/release/opop-top, and
adds opop's monitor only when textual imports too. The figures are not checked,
only that each one was measured.
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import combine_results  # noqa: E402
from opop_log import write_log  # noqa: E402

VENV = os.environ.get("OPOP_BENCH_VENV", os.path.join(REPOSITORY, ".venv-bench"))
OPOP_TOP = os.path.join(REPOSITORY, ".build", "release", "opop-top")


def opop_python():
    """Return an interpreter that imports numpy and opop, or None."""
    candidates = [os.path.join(VENV, "bin", "python"), sys.executable]
    for python in candidates:
        if os.access(python, os.X_OK) and imports(python, "numpy, opop"):
            return python
    return None


def imports(python, modules):
    probe = subprocess.run([python, "-c", f"import {modules}"], capture_output=True)
    return probe.returncode == 0


def run_script(python, script, *arguments, timeout=300):
    return subprocess.run([python, os.path.join(HERE, script), *arguments],
                          capture_output=True, text=True, timeout=timeout, cwd=HERE)


def write_trace(path, steps, groups, corrupt_lines=0):
    """Write a small trace in the opop-top format, with some corrupt lines at the end."""
    generator = random.Random(5)
    with open(path, "w", encoding="utf-8") as trace:
        header = {"type": "header", "format": "opop-trace", "version": 1, "run": "test", "workload": "test",
                  "groups": [f"group{index}" for index in range(groups)], "optimizer": "adam",
                  "optimizer_settings": {"lr": 0.001}, "brain_settings": {"update_interval": 16.0},
                  "start_time": 1736847012.25}
        trace.write(json.dumps(header) + "\n")
        for step in range(1, steps + 1):
            record = {"type": "step", "step": step, "time": 1736847012.25 + step, "loss": generator.random(),
                      "groups": [{"scale": 1.0, "clip": 1.0, "dampen": 0.0, "grad_norm": generator.random()}
                                 for _ in range(groups)]}
            trace.write(json.dumps(record) + "\n")
        trace.write("\n")
        for _ in range(corrupt_lines):
            trace.write('{"type":"step","step":\n')


class OpopLogTests(unittest.TestCase):
    def test_log_line_count_and_last_step(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "train.log")
            last_step, total = write_log(path, 12_345)
            with open(path, encoding="utf-8") as log:
                lines = log.read().splitlines()

        self.assertEqual(len(lines), 12_345)
        self.assertTrue(lines[-1].startswith(f"[{last_step}/{total}] "), lines[-1])
        self.assertEqual(sum(line.startswith("[eval]") for line in lines), 12)
        self.assertEqual(sum(line.startswith("[ckpt]") for line in lines), 2)
        self.assertEqual(sum(line.startswith("[ctrl]") for line in lines), 1)
        self.assertEqual(last_step, 12_345 - 12 - 2 - 1)

    def test_log_lines_parse_in_opop(self):
        python = opop_python()
        if python is None:
            self.skipTest("opop 0.3.0 is not importable; run scripts/bench/setup-python.sh")
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "train.log")
            last_step, _ = write_log(path, 10_100)
            count = subprocess.run(
                [python, "-c", "import collections, sys\n"
                 "from opop._parsers import parse_line\n"
                 "kinds = collections.Counter(type(parse_line(line)).__name__ for line in open(sys.argv[1]))\n"
                 "print(dict(kinds))", path],
                capture_output=True, text=True, check=True)
        kinds = eval(count.stdout)  # the output of print(dict(...)) above: a literal dict
        self.assertEqual(kinds.get("ProgressEvent"), last_step)
        self.assertEqual(kinds.get("EvalEvent"), 10)
        self.assertEqual(kinds.get("CheckpointEvent"), 2)
        self.assertEqual(kinds.get("ControlEvent"), 1)
        self.assertNotIn("NoneType", kinds)


class JSONParseTests(unittest.TestCase):
    def test_json_parse_report_shape(self):
        with tempfile.TemporaryDirectory() as folder:
            trace = os.path.join(folder, "parse-8-groups.jsonl")
            write_trace(trace, steps=300, groups=8, corrupt_lines=2)
            output = os.path.join(folder, "parse.json")
            result = run_script(sys.executable, "json_parse.py", "--repetitions", "2", "--json", output, trace)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(output, encoding="utf-8") as document:
                report = json.load(document)

        self.assertEqual(report["benchmark"], "json_parse")
        self.assertEqual(set(report), {"benchmark", "machine", "settings", "cases"})
        case = report["cases"][0]
        self.assertEqual(case["groups"], 8)
        self.assertEqual(case["records"], 301)
        self.assertEqual(case["corrupt_lines"], 2)
        self.assertEqual(len(case["seconds_repetitions"]), 2)
        self.assertGreater(case["records_per_second"], 0)
        self.assertGreater(case["megabytes_per_second"], 0)
        self.assertGreater(case["records_per_cpu_second"], 0)
        self.assertEqual(len(case["cpu_seconds_repetitions"]), 2)
        self.assertIn("records/s", result.stdout)

    def test_json_parse_missing_file(self):
        result = run_script(sys.executable, "json_parse.py", "/nonexistent/trace.jsonl")
        self.assertEqual(result.returncode, 1)
        self.assertIn("/nonexistent/trace.jsonl", result.stderr)

    def test_json_parse_file_without_records(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "notes.txt")
            with open(path, "w", encoding="utf-8") as notes:
                notes.write("not json\n")
            result = run_script(sys.executable, "json_parse.py", path)
        self.assertEqual(result.returncode, 1)
        self.assertIn("contains no JSON record", result.stderr)


class BrainOverheadTests(unittest.TestCase):
    def test_brain_overhead_report_shape(self):
        python = opop_python()
        if python is None:
            self.skipTest("opop 0.3.0 is not importable; run scripts/bench/setup-python.sh")
        with tempfile.TemporaryDirectory() as folder:
            output = os.path.join(folder, "brain.json")
            result = run_script(python, "opop_brain_overhead.py", "--quick", "--json", output)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(output, encoding="utf-8") as document:
                report = json.load(document)

        self.assertEqual(report["benchmark"], "opop_brain_overhead")
        self.assertEqual(report["settings"]["opop"], "0.3.0")
        self.assertEqual([case["groups"] for case in report["cases"]], [1, 8])
        for case in report["cases"]:
            self.assertEqual(case["gradient_floats"], 4096)
            self.assertGreater(case["step_ms_median"], 0)
            self.assertGreater(case["step_cpu_ms_median"], 0)
            self.assertEqual(len(case["step_ms_repetitions"]), 2)
            self.assertEqual(case["steps_per_repetition"] % 16, 0)
        one, eight = report["cases"]
        self.assertGreater(eight["memory_bytes"], one["memory_bytes"])

    def test_brain_overhead_bad_group_count(self):
        python = opop_python()
        if python is None:
            self.skipTest("opop 0.3.0 is not importable; run scripts/bench/setup-python.sh")
        result = run_script(python, "opop_brain_overhead.py", "--groups", "1,zero")
        self.assertEqual(result.returncode, 2)
        self.assertIn("invalid group count 'zero'", result.stderr)


class MonitorRaceTests(unittest.TestCase):
    def test_monitor_race_report_shape(self):
        if shutil.which("tmux") is None:
            self.skipTest("tmux is not installed")
        if not os.access(OPOP_TOP, os.X_OK):
            self.skipTest(f"{OPOP_TOP} is missing; run 'swift build -c release'")
        programs = ["opop-top", "opop-top-tail"]
        venv_python = os.path.join(VENV, "bin", "python")
        if os.access(venv_python, os.X_OK) and imports(venv_python, "opop.tui"):
            programs.insert(0, "opop-monitor")

        with tempfile.TemporaryDirectory() as folder:
            output = os.path.join(folder, "race.json")
            result = run_script(sys.executable, "monitor_race.py", "--quick", "--lines", "300",
                                "--programs", ",".join(programs), "--venv", VENV, "--json", output)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            with open(output, encoding="utf-8") as document:
                report = json.load(document)

        self.assertEqual(report["benchmark"], "monitor_race")
        self.assertEqual(report["settings"]["lines"], 300)
        self.assertEqual([case["program"] for case in report["cases"]], programs)
        last_step = report["settings"]["last_step"]
        for case in report["cases"]:
            self.assertEqual(case["runs_ok"], 1, case["repetitions"])
            self.assertGreater(case["time_to_last_step_seconds_median"], 0)
            self.assertGreaterEqual(case["idle_cpu_percent_median"], 0)
            self.assertGreater(case["vm_hwm_kb_median"], 0)
            self.assertEqual(case["repetitions"][0]["pane_size"], "100x30")
            self.assertIn(f"step {last_step}", case["screen_at_match"])
        if "opop-monitor" in programs:
            self.assertIn("time_to_last_step_seconds_monitor_over_top", report["ratios"])
            self.assertIn("time_to_last_step_seconds_monitor_over_top_tail", report["ratios"])

    def test_monitor_race_records_exit(self):
        if shutil.which("tmux") is None:
            self.skipTest("tmux is not installed")
        with tempfile.TemporaryDirectory() as folder:
            crashing = os.path.join(folder, "crashing-viewer")
            with open(crashing, "w", encoding="utf-8") as script:
                script.write("#!/bin/sh\necho 'viewer failed on purpose'\nexit 3\n")
            os.chmod(crashing, 0o755)
            output = os.path.join(folder, "race.json")

            result = run_script(sys.executable, "monitor_race.py", "--quick", "--lines", "50",
                                "--programs", "opop-top", "--opop-top", crashing, "--json", output)
            with open(output, encoding="utf-8") as document:
                report = json.load(document)

        self.assertEqual(result.returncode, 3, result.stdout + result.stderr)
        case = report["cases"][0]
        self.assertEqual(case["runs_ok"], 0)
        self.assertIsNone(case["time_to_last_step_seconds_median"])
        run = case["repetitions"][0]
        self.assertEqual(run["outcome"], "exited before the last step showed")
        self.assertEqual(run["exit_status"], "3")
        self.assertIn("viewer failed on purpose", run["screen"])

    def test_monitor_race_unknown_program(self):
        result = run_script(sys.executable, "monitor_race.py", "--programs", "htop")
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown program 'htop'", result.stderr)


class CombineResultsTests(unittest.TestCase):
    def test_combined_rows_and_ratios(self):
        swift = {"machine": {}, "figures": [
            {"case": "brain", "name": "step, 8 groups x 4096 floats", "value": 50.0, "unit": "us/step"},
            {"case": "parse", "name": "readToEnd, 8 groups", "value": 2_000_000.0, "unit": "records/s"},
        ]}
        brain = {"cases": [{"groups": 8, "step_cpu_ms_median": 0.5, "memory_bytes": 1000}]}
        parse = {"cases": [{"groups": 8, "records_per_cpu_second": 100_000.0, "megabytes_per_cpu_second": 30.0}]}
        race = {"cases": [{"program": "opop-top", "time_to_last_step_seconds_median": 0.5},
                          {"program": "opop-monitor", "time_to_last_step_seconds_median": 2.0}]}

        rows = {(row[0], row[1]): row for row in combine_results.build_rows(swift, brain, parse, race)}

        self.assertEqual(rows[("brain step, 8 groups", "us/step")][5], "10.0x")
        self.assertEqual(rows[("trace reading, 8 groups", "records/s")][5], "20.0x")
        self.assertEqual(rows[("log attach, time to last step", "s")][5], "4.0x")
        self.assertIsNone(rows[("log attach, same lines, time to last step", "s")][2])
        self.assertEqual(rows[("brain memory, 8 groups", "bytes")][5], "-")
        self.assertIsNone(rows[("brain step, 47 groups", "us/step")][2])

    def test_combined_table_without_inputs(self):
        rows = combine_results.build_rows(None, None, None, None)
        self.assertTrue(all(row[5] == "-" for row in rows))


class RunAllTests(unittest.TestCase):
    def test_run_all_unknown_option(self):
        result = subprocess.run(["bash", os.path.join(HERE, "run-all.sh"), "--fast"],
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown option '--fast'", result.stderr)


if __name__ == "__main__":
    unittest.main()
