"""Helpers that the benchmark scripts in this folder share.

Every script writes one JSON document with the same top-level keys:
``benchmark`` (the script's name), ``machine``, ``settings`` and ``cases``, so that
run-all.sh and the tests can read any of them the same way.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time


def median(values):
    """Return the median of a non-empty list of numbers."""
    if not values:
        raise ValueError("median of an empty list: at least one repetition is needed")
    return statistics.median(values)


def cpu_model():
    """Return the CPU model name from /proc/cpuinfo, or platform.processor() elsewhere."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_description():
    """Describe the machine and interpreter that produced the figures."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def write_report(path, benchmark, settings, cases, extra=None):
    """Write the JSON document to PATH, or to standard output when PATH is '-'.

    EXTRA, a dict, adds keys of the script's own after the four common ones.
    """
    document = {
        "benchmark": benchmark,
        "machine": machine_description(),
        "settings": settings,
        "cases": cases,
    }
    document.update(extra or {})
    text = json.dumps(document, indent=2, allow_nan=False) + "\n"
    if path == "-":
        sys.stdout.write(text)
        return
    with open(path, "w", encoding="utf-8") as output:
        output.write(text)


def positive_int(text):
    """Parse an argparse value that must be an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid integer '{text}': give a whole number such as 5") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid value {value}: it must be at least 1")
    return value


def positive_float(text):
    """Parse an argparse value that must be a finite number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid number '{text}': give a number such as 2.5") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(
            f"invalid value '{text}': it must be a finite number above 0")
    return value
