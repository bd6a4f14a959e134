"""Print the time per step of a numpy-mode OptBrain alone and under NumpyBrainRecorder.

Each loop runs 5,000 steps with four groups of 64, 32, 96 and 3 gradient entries,
twice. The difference is the recorder's cost on the training thread: the norm of
each gradient, the step record and the command check. The trace file is written
by the recorder's own thread, so it is not part of the figure.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import opop_top  # noqa: E402

STEPS = 5000
GRADIENTS = [np.random.default_rng(0).standard_normal(size).astype(np.float32) for size in (64, 32, 96, 3)]


def time_bare_brain() -> float:
    brain = opop_top.make_brain(n_groups=len(GRADIENTS))
    start = time.perf_counter()
    for step in range(STEPS):
        brain.get_decisions(1.0 / (step + 1))
        for group, gradient in enumerate(GRADIENTS):
            brain.record_grads(group, gradient)
        brain.finish_step()
    return (time.perf_counter() - start) / STEPS


def time_recorded_brain() -> float:
    brain = opop_top.make_brain(n_groups=len(GRADIENTS))
    recorder = opop_top.NumpyBrainRecorder(
        brain, ["a", "b", "c", "d"], workload="bench", run_dir=tempfile.mkdtemp(prefix="opop-bench-")
    )
    start = time.perf_counter()
    for step in range(STEPS):
        recorder.get_decisions(1.0 / (step + 1))
        for group, gradient in enumerate(GRADIENTS):
            recorder.record_grads(group, gradient)
        recorder.finish_step()
    elapsed = (time.perf_counter() - start) / STEPS
    recorder.close()
    return elapsed


if __name__ == "__main__":
    for _ in range(2):
        bare, recorded = time_bare_brain(), time_recorded_brain()
        print(f"OptBrain alone {bare * 1e6:.1f} us/step, with the recorder {recorded * 1e6:.1f} us/step "
              f"(+{(recorded - bare) * 1e6:.1f} us)")
