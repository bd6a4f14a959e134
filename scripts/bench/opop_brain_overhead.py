"""Measure opop 0.3.0's OptBrain per training step in numpy mode, and its memory.

Method, so the figures can be repeated:

- One ``OptBrain(n_groups=N, telemetry=False)`` per group count (1, 8 and 47 by
  default). HOME points at a temporary folder for the whole run, so nothing can be
  written to ~/.opop even if opop's defaults change.
- Inputs, as in opop-top-bench's brain case: one gradient of 4,096 float32 per
  group, drawn once from a standard normal with numpy's default_rng(seed) and reused
  every step, and the loss 2 / t + 0.1 + 0.01 * (t mod 7) at step t = 1, 2, ...
  That loss falls like a training loss, with a ripple so that the reward varies. The
  two programs draw their gradients with different generators, so the values differ
  but their distribution does not. Generating the inputs is not timed.
- A step is ``get_decisions(loss)``, ``record_grads(i, grad)`` for every group, then
  ``finish_step()``. opop's brain runs its REINFORCE update every 16 steps (its
  ``brain_update_every`` default), so each repetition times a whole number of update
  intervals and divides by the step count: the update's cost is amortized.
- Warm-up steps run first and are not timed. Each repetition takes both the wall
  time and the process's CPU time (time.process_time_ns, which counts any BLAS
  threads too). opop-top-bench times the Swift brain in its thread's CPU time, so
  the CPU figure is the one to compare with it. The figures are medians over the
  repetitions, and the minimum wall time is reported too, because the machine may be
  shared.
- Memory is the sum of ``nbytes`` of every distinct numpy array reachable from the
  OptBrain object (weights, observer buffers, the saved previous gradients, the last
  forward pass's cache and the experience buffer). The experience buffer grows
  until each update clears it, so the figure is the largest sum seen over one update
  interval after warm-up. Python object overhead is not counted.

Usage:
    python opop_brain_overhead.py [--groups 1,8,47] [--json FILE] [--quick]

It needs numpy and opop 0.3.0 (scripts/bench/setup-python.sh makes a venv with both).
"""

import argparse
import os
import sys
import tempfile
import time

from benchcommon import median, positive_int, write_report

GRADIENT_SIZE = 4096
UPDATE_INTERVAL = 16


def parse_group_counts(text):
    """Parse a comma-separated list of group counts such as '1,8,47'."""
    counts = []
    for part in text.split(","):
        try:
            count = int(part)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"invalid group count '{part}' in '{text}': give whole numbers such as 1,8,47") from None
        if count < 1:
            raise argparse.ArgumentTypeError(
                f"invalid group count {count} in '{text}': every count must be at least 1")
        counts.append(count)
    return counts


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=parse_group_counts, default=[1, 8, 47],
                        help="comma-separated group counts (default 1,8,47)")
    parser.add_argument("--intervals", type=positive_int, default=10,
                        help="update intervals of 16 steps timed per repetition (default 10)")
    parser.add_argument("--warmup-intervals", type=positive_int, default=4,
                        help="untimed update intervals before the first repetition (default 4)")
    parser.add_argument("--repetitions", type=positive_int, default=7,
                        help="timed repetitions per group count; the median is reported (default 7)")
    parser.add_argument("--seed", type=int, default=11, help="seed of the gradients (default 11)")
    parser.add_argument("--json", default=None, metavar="FILE",
                        help="also write the results as JSON to FILE ('-' for standard output)")
    parser.add_argument("--quick", action="store_true",
                        help="1 and 8 groups, 2 intervals, 2 repetitions: checks the machinery only")
    arguments = parser.parse_args(argv)

    if arguments.quick:
        arguments.groups = [1, 8]
        arguments.intervals = 2
        arguments.warmup_intervals = 1
        arguments.repetitions = 2
    return arguments


def make_inputs(numpy, group_count, step_count, seed):
    """Return the per-group gradients, drawn from SEED, and the loss at each step."""
    generator = numpy.random.default_rng(seed)
    gradients = [generator.standard_normal(GRADIENT_SIZE).astype(numpy.float32)
                 for _ in range(group_count)]

    losses = [2.0 / step + 0.1 + 0.01 * (step % 7) for step in range(1, step_count + 1)]
    return gradients, losses


def array_bytes(numpy, root):
    """Sum nbytes over the distinct numpy arrays reachable from ROOT's attributes."""
    seen = set()
    total = 0
    pending = [root]
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))

        if isinstance(item, numpy.ndarray):
            total += item.nbytes
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
        elif hasattr(item, "__dict__") and not isinstance(item, type):
            pending.extend(vars(item).values())
    return total


def measure(numpy, brain_class, group_count, arguments):
    """Time one group count and return its JSON case."""
    warmup_steps = arguments.warmup_intervals * UPDATE_INTERVAL
    timed_steps = arguments.intervals * UPDATE_INTERVAL
    total_steps = warmup_steps + timed_steps * arguments.repetitions + UPDATE_INTERVAL
    gradients, losses = make_inputs(numpy, group_count, total_steps, arguments.seed)

    brain = brain_class(n_groups=group_count, telemetry=False)
    if brain.brain._update_every != UPDATE_INTERVAL:
        raise RuntimeError(
            f"opop's brain updates every {brain.brain._update_every} steps, not {UPDATE_INTERVAL}: "
            "this script was written for opop 0.3.0; install it with scripts/bench/setup-python.sh")

    def run_steps(first, count):
        for step in range(first, first + count):
            brain.get_decisions(loss=losses[step])
            for group in range(group_count):
                brain.record_grads(group, gradients[group])
            brain.finish_step()

    run_steps(0, warmup_steps)
    next_step = warmup_steps

    step_times_ms = []
    step_cpu_times_ms = []
    for _ in range(arguments.repetitions):
        started = time.perf_counter_ns()
        cpu_started = time.process_time_ns()
        run_steps(next_step, timed_steps)
        cpu_elapsed = time.process_time_ns() - cpu_started
        elapsed = time.perf_counter_ns() - started
        next_step += timed_steps
        step_times_ms.append(elapsed / timed_steps / 1e6)
        step_cpu_times_ms.append(cpu_elapsed / timed_steps / 1e6)

    largest_memory = 0
    for _ in range(UPDATE_INTERVAL):
        run_steps(next_step, 1)
        next_step += 1
        largest_memory = max(largest_memory, array_bytes(numpy, brain))

    return {
        "groups": group_count,
        "gradient_floats": GRADIENT_SIZE,
        "step_ms_median": median(step_times_ms),
        "step_ms_min": min(step_times_ms),
        "step_ms_repetitions": step_times_ms,
        "step_cpu_ms_median": median(step_cpu_times_ms),
        "step_cpu_ms_repetitions": step_cpu_times_ms,
        "steps_per_repetition": timed_steps,
        "memory_bytes": largest_memory,
    }


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)

    # opop writes telemetry under ~/.opop when it is on. It is off here, and HOME
    # points elsewhere too, so a change of opop's default cannot touch the real one.
    with tempfile.TemporaryDirectory(prefix="opop-bench-home-") as home:
        os.environ["HOME"] = home
        os.environ["OPOP_TELEMETRY"] = "0"
        try:
            import numpy
            import opop
            from opop.brain import OptBrain
        except ImportError as error:
            print(f"opop_brain_overhead.py: {error}; run scripts/bench/setup-python.sh "
                  "and use the venv's python", file=sys.stderr)
            return 1

        # With '--json -' the JSON owns standard output, so the lines go to standard error.
        lines = sys.stderr if arguments.json == "-" else sys.stdout
        print(f"opop {opop.__version__}, numpy {numpy.__version__}: OptBrain in numpy mode, "
              f"telemetry off, {GRADIENT_SIZE} float32 per group", file=lines)
        cases = []
        for group_count in arguments.groups:
            case = measure(numpy, OptBrain, group_count, arguments)
            cases.append(case)
            groups = f"{group_count} group" if group_count == 1 else f"{group_count} groups"
            print(f"opop brain step, {groups}: {case['step_ms_median']:.3f} ms median "
                  f"(min {case['step_ms_min']:.3f} ms, CPU {case['step_cpu_ms_median']:.3f} ms, "
                  f"{arguments.repetitions} repetitions of {case['steps_per_repetition']} steps)", file=lines)
            print(f"opop brain memory, {groups}: {case['memory_bytes']} bytes of numpy arrays", file=lines)

    if arguments.json:
        settings = {
            "opop": opop.__version__,
            "numpy": numpy.__version__,
            "update_interval": UPDATE_INTERVAL,
            "intervals_per_repetition": arguments.intervals,
            "warmup_intervals": arguments.warmup_intervals,
            "repetitions": arguments.repetitions,
            "seed": arguments.seed,
            "quick": arguments.quick,
        }
        write_report(arguments.json, "opop_brain_overhead", settings, cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
