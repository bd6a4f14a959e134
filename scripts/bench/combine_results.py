"""Print one table of the Swift figures beside their Python and opop peers, with ratios.

Usage:
    python combine_results.py [--swift FILE] [--brain FILE] [--parse FILE] [--race FILE]

Each FILE is the JSON that one benchmark wrote: opop-top-bench --json (--swift),
opop_brain_overhead.py (--brain), json_parse.py (--parse) and monitor_race.py
(--race). The race's "same lines" rows give opop-top only the lines that opop's
monitor reads. A file left out, or missing, leaves its column empty ("-"); a file that is
there but does not parse is an error. Brain steps and trace reading compare CPU
time, as opop-top-bench measures them. Each ratio is how many times better the Swift
side is: a peer's time or memory divided by Swift's, or Swift's rate divided by the
peer's.
"""

import argparse
import json
import os
import re
import sys


def load(path, option):
    """Return the JSON document at PATH, or None when PATH is None or missing."""
    if path is None or not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as document:
            return json.load(document)
    except (OSError, ValueError) as error:
        raise SystemExit(f"combine_results.py: reading {option} {path} failed: {error}; "
                         "rerun the benchmark that writes it") from None


def swift_figure(swift, case_name, name_pattern, unit):
    """Return the value of the Swift figure whose case, name and unit match, or None."""
    if not swift:
        return None
    for figure in swift.get("figures", []):
        if figure.get("case") == case_name and figure.get("unit") == unit \
                and re.fullmatch(name_pattern, figure.get("name", "")):
            return figure.get("value")
    return None


def python_case(document, key, value):
    """Return the case of DOCUMENT whose KEY equals VALUE, or None."""
    if not document:
        return None
    for case in document.get("cases", []):
        if case.get(key) == value:
            return case
    return None


def scaled(value, factor):
    return None if value is None else value * factor


def format_value(value):
    if value is None:
        return "-"
    magnitude = abs(value)
    if magnitude >= 1e6:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return "-"
    return f"{numerator / denominator:.1f}x"


def build_rows(swift, brain, parse, race):
    """Return the table's rows: figure, unit, Swift side, peer, peer's name, ratio."""
    rows = []

    for groups in (1, 8, 47):
        label = "1 group" if groups == 1 else f"{groups} groups"
        swift_step = swift_figure(swift, "brain", rf"step, {groups} groups? x \d+ floats", "us/step")
        opop = python_case(brain, "groups", groups)
        opop_step = scaled(opop and opop.get("step_cpu_ms_median"), 1000)
        rows.append((f"brain step, {label}", "us/step", swift_step, opop_step, "opop 0.3.0",
                     ratio(opop_step, swift_step)))
    for groups in (1, 8, 47):
        label = "1 group" if groups == 1 else f"{groups} groups"
        swift_memory = swift_figure(swift, "brain", rf"memory, {groups} groups?", "bytes")
        opop = python_case(brain, "groups", groups)
        opop_memory = opop and opop.get("memory_bytes")
        rows.append((f"brain memory, {label}", "bytes", swift_memory, opop_memory, "opop 0.3.0",
                     ratio(opop_memory, swift_memory)))

    for groups in (8, 48):
        swift_rate = swift_figure(swift, "parse", rf"readToEnd, {groups} groups", "records/s")
        swift_speed = swift_figure(swift, "parse", rf"readToEnd, {groups} groups", "MB/s")
        peer = python_case(parse, "groups", groups)
        peer_rate = peer and peer.get("records_per_cpu_second")
        peer_speed = peer and peer.get("megabytes_per_cpu_second")
        rows.append((f"trace reading, {groups} groups", "records/s", swift_rate, peer_rate, "python json",
                     ratio(swift_rate, peer_rate)))
        rows.append((f"trace reading, {groups} groups", "MB/s", swift_speed, peer_speed, "python json",
                     ratio(swift_speed, peer_speed)))

    monitor = python_case(race, "program", "opop-monitor")
    for program, prefix in (("opop-top", "log attach"), ("opop-top-tail", "log attach, same lines")):
        top = python_case(race, "program", program)
        for label, key, unit, factor in (
                ("time to last step", "time_to_last_step_seconds_median", "s", 1),
                ("idle CPU", "idle_cpu_percent_median", "% core", 1),
                ("VmRSS", "vm_rss_kb_median", "MiB", 1 / 1024),
                ("VmHWM", "vm_hwm_kb_median", "MiB", 1 / 1024)):
            top_value = scaled(top and top.get(key), factor)
            monitor_value = scaled(monitor and monitor.get(key), factor)
            rows.append((f"{prefix}, {label}", unit, top_value, monitor_value, "opop monitor",
                         ratio(monitor_value, top_value)))
    return rows


def print_table(rows, output):
    header = ("figure", "unit", "opop-top", "peer", "peer is", "ratio")
    cells = [header] + [(name, unit, format_value(ours), format_value(theirs), peer, times)
                        for name, unit, ours, theirs, peer, times in rows]
    widths = [max(len(row[column]) for row in cells) for column in range(len(header))]
    for row in cells:
        print("  ".join(cell.ljust(width) if column in (0, 1, 4) else cell.rjust(width)
                        for column, (cell, width) in enumerate(zip(row, widths))).rstrip(), file=output)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--swift", help="opop-top-bench --json output")
    parser.add_argument("--brain", help="opop_brain_overhead.py --json output")
    parser.add_argument("--parse", help="json_parse.py --json output")
    parser.add_argument("--race", help="monitor_race.py --json output")
    arguments = parser.parse_args(sys.argv[1:] if argv is None else argv)

    documents = [load(arguments.swift, "--swift"), load(arguments.brain, "--brain"),
                 load(arguments.parse, "--parse"), load(arguments.race, "--race")]
    print_table(build_rows(*documents), sys.stdout)
    print("ratio: peer's time, CPU or memory over Swift's, or Swift's rate over the peer's; "
          "above 1x the Swift side is ahead")
    return 0


if __name__ == "__main__":
    sys.exit(main())
