"""Measure Python's json module reading opop-top trace files line by line.

This is the peer of the Swift trace reader's figure on the same files: run
``opop-top-bench --keep-files DIR`` and pass the .jsonl files it leaves in DIR.

Method, so the figures can be repeated:

- The file is opened in binary mode and read with ``for line in file``. Each line
  that is not blank goes through ``json.loads``, which builds the record's dict. A
  line that does not decode counts as corrupt and is skipped, as the trace format
  requires of readers. Nothing else is done with the records.
- One untimed pass reads the file first, so every timed pass finds it in the page
  cache. Each timed pass reads the whole file, or its first --max-lines lines.
- The figures are records/s and MB/s (1 MB = 1,000,000 bytes) of the median pass,
  of 5 passes by default, on one thread. Each pass takes both the wall time and the
  process's CPU time. opop-top-bench times the Swift reader in its thread's CPU time,
  so the CPU figures are the ones to compare with it.

Usage:
    python json_parse.py [--repetitions 5] [--max-lines N] [--json OUT] TRACE...

It needs only the standard library.
"""

import argparse
import json
import os
import sys
import time

from benchcommon import median, positive_int, write_report


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("traces", nargs="+", metavar="TRACE", help="trace.jsonl files to read")
    parser.add_argument("--repetitions", type=positive_int, default=5,
                        help="timed passes per file; the median is reported (default 5)")
    parser.add_argument("--max-lines", type=positive_int, default=None, metavar="N",
                        help="read only the first N lines of each file (default: all)")
    parser.add_argument("--json", default=None, metavar="FILE",
                        help="also write the results as JSON to FILE ('-' for standard output)")
    return parser.parse_args(argv)


def read_pass(path, max_lines):
    """Decode the lines of PATH once; return (records, corrupt lines, bytes read)."""
    records = 0
    corrupt = 0
    bytes_read = 0
    with open(path, "rb") as trace:
        for line_number, line in enumerate(trace, start=1):
            if max_lines is not None and line_number > max_lines:
                break
            bytes_read += len(line)
            if not line.strip():
                continue
            try:
                json.loads(line)
            except ValueError:
                corrupt += 1
                continue
            records += 1
    return records, corrupt, bytes_read


def header_group_count(path):
    """Return the number of groups in PATH's header, or None when it has no header."""
    with open(path, "rb") as trace:
        for line in trace:
            if not line.strip():
                continue
            try:
                header = json.loads(line)
            except ValueError:
                return None
            if isinstance(header, dict) and header.get("type") == "header":
                groups = header.get("groups")
                return len(groups) if isinstance(groups, list) else None
            return None
    return None


def measure(path, arguments):
    """Time the passes over one file and return its JSON case."""
    records, corrupt, bytes_read = read_pass(path, arguments.max_lines)
    if records == 0:
        raise ValueError(f"{path} contains no JSON record: pass a trace.jsonl that opop-top-bench kept")

    seconds = []
    cpu_seconds = []
    for _ in range(arguments.repetitions):
        started = time.perf_counter_ns()
        cpu_started = time.process_time_ns()
        read_pass(path, arguments.max_lines)
        cpu_seconds.append((time.process_time_ns() - cpu_started) / 1e9)
        seconds.append((time.perf_counter_ns() - started) / 1e9)

    middle = median(seconds)
    cpu_middle = median(cpu_seconds)
    return {
        "file": os.path.abspath(path),
        "groups": header_group_count(path),
        "records": records,
        "corrupt_lines": corrupt,
        "bytes": bytes_read,
        "seconds_median": middle,
        "seconds_repetitions": seconds,
        "records_per_second": records / middle,
        "megabytes_per_second": bytes_read / middle / 1e6,
        "cpu_seconds_median": cpu_middle,
        "cpu_seconds_repetitions": cpu_seconds,
        "records_per_cpu_second": records / cpu_middle,
        "megabytes_per_cpu_second": bytes_read / cpu_middle / 1e6,
    }


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    lines = sys.stderr if arguments.json == "-" else sys.stdout

    cases = []
    for path in arguments.traces:
        try:
            case = measure(path, arguments)
        except OSError as error:
            print(f"json_parse.py: reading {path} failed: {error.strerror}; "
                  "pass a trace file that exists and is readable", file=sys.stderr)
            return 1
        except ValueError as error:
            print(f"json_parse.py: {error}", file=sys.stderr)
            return 1
        cases.append(case)

        groups = "unknown groups" if case["groups"] is None else f"{case['groups']} groups"
        print(f"python json, {os.path.basename(path)} ({groups}, {case['records']} records, "
              f"{case['bytes'] / 1e6:.1f} MB): {case['records_per_second']:,.0f} records/s, "
              f"{case['megabytes_per_second']:.1f} MB/s; in CPU time {case['records_per_cpu_second']:,.0f} records/s, "
              f"{case['megabytes_per_cpu_second']:.1f} MB/s (medians of {arguments.repetitions})", file=lines)

    if arguments.json:
        settings = {
            "repetitions": arguments.repetitions,
            "max_lines": arguments.max_lines,
            "megabyte": 1_000_000,
        }
        write_report(arguments.json, "json_parse", settings, cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
