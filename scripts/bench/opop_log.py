"""Write a seeded opop-style training log, for the monitor race.

The lines follow the forms that opop 0.3.0's trainers print and both monitors parse
(docs/opop-logs.md lists them):

    [120/100000] 0% loss=2.1843 (ce=2.1843) acc=0.412 | brain: p=0.34x/2.7u m=1.02x/0.9u r=0.012 ~1000s remaining
    [eval] top1=41.3% top5=77.0% (1024 tok)
    [ckpt] Saved /checkpoints/run/step-5000.npz (48.1 MB)
    [ctrl] lr: 0.001 -> 0.0005

Every 1,000th step is followed by an [eval] line, every 5,000th by a [ckpt] line and
every 10,000th by a [ctrl] line. All other lines are progress lines, one per step
from step 1. The file has exactly the requested number of lines and ends with a
progress line, so its last step is the last line's step.

Usage:
    python opop_log.py OUT [--lines 100000] [--seed 7]
"""

import argparse
import random
import sys

from benchcommon import positive_int

EVAL_EVERY = 1000
CHECKPOINT_EVERY = 5000
CONTROL_EVERY = 10000


def extra_lines(step, generator):
    """Return the [eval], [ckpt] and [ctrl] lines that follow STEP's progress line."""
    lines = []
    if step % EVAL_EVERY == 0:
        top1 = min(99.0, 10.0 + 80.0 * (1.0 - 1.0 / (1.0 + step / 20000.0)) + generator.uniform(-1, 1))
        top5 = min(99.9, top1 + 25.0)
        lines.append(f"[eval] top1={top1:.1f}% top5={top5:.1f}% (1024 tok)")
    if step % CHECKPOINT_EVERY == 0:
        lines.append(f"[ckpt] Saved /checkpoints/run/step-{step}.npz ({generator.uniform(40, 60):.1f} MB)")
    if step % CONTROL_EVERY == 0:
        old_rate = 0.001 * 0.5 ** (step // CONTROL_EVERY - 1)
        lines.append(f"[ctrl] lr: {old_rate:g} -> {old_rate / 2:g}")
    return lines


def progress_line(step, total_steps, generator):
    """Return one progress line with a brain section for STEP."""
    loss = 0.3 + 6.0 / (1.0 + step / 2000.0) + abs(generator.gauss(0, 0.05))
    accuracy = min(0.999, 1.0 - loss / 7.0 + generator.uniform(-0.01, 0.01))
    proj_scale = generator.uniform(0.2, 2.0)
    mlp_scale = generator.uniform(0.2, 2.0)
    proj_urgency = generator.uniform(0.5, 3.0)
    mlp_urgency = generator.uniform(0.5, 3.0)
    reward = generator.gauss(0, 0.02)
    percent = step * 100 // total_steps
    remaining = (total_steps - step) // 100
    return (f"[{step}/{total_steps}] {percent}% loss={loss:.4f} (ce={loss:.4f}) acc={accuracy:.3f}"
            f" | brain: p={proj_scale:.2f}x/{proj_urgency:.1f}u m={mlp_scale:.2f}x/{mlp_urgency:.1f}u"
            f" r={reward:.3f} ~{remaining}s remaining")


def write_log(path, line_count, seed=7):
    """Write LINE_COUNT lines to PATH; return the last step and the total in its brackets."""
    if line_count < 1:
        raise ValueError(f"invalid line count {line_count}: the log needs at least 1 line")
    generator = random.Random(seed)

    # The bracketed total is the whole run's length, as a trainer prints it. Each
    # 1,000 steps write about 1,001.3 lines, so the run stops short of it on purpose.
    total_steps = max(line_count, 100)

    written = 0
    step = 0
    with open(path, "w", encoding="utf-8") as log:
        while written < line_count:
            step += 1
            log.write(progress_line(step, total_steps, generator) + "\n")
            written += 1
            for line in extra_lines(step, generator):
                # The last line must be a progress line, so leave room for one.
                if written >= line_count - 1:
                    break
                log.write(line + "\n")
                written += 1
    return step, total_steps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", metavar="OUT", help="the log file to write")
    parser.add_argument("--lines", type=positive_int, default=100_000, help="lines to write (default 100000)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the random values (default 7)")
    arguments = parser.parse_args(sys.argv[1:] if argv is None else argv)

    last_step, total_steps = write_log(arguments.output, arguments.lines, arguments.seed)
    print(f"wrote {arguments.lines} lines to {arguments.output}; the last step is {last_step}/{total_steps}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
