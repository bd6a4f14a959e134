"""Train a small numpy MLP on spiral data, steered by opop's OptBrain and recorded for opop-top.

The model classifies points of a three-arm spiral with one tanh hidden layer. Each
step uses the whole training set, and the brain's knobs act on plain SGD:

* clip: the gradient is clipped to ``clip`` times the group's running mean norm,
* dampen: the update is blended with the previous one, u = (1 - d) u + d u_prev,
* scale: the parameters move by ``scale`` times that update.

Run ``python3 numpy_demo.py`` and watch it with ``opop-top attach RUN_DIR``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import opop_top  # noqa: E402

GROUPS = ["layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias"]


def make_spiral(count_per_class: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Return points of a three-arm spiral with noise, and their class labels."""
    points, labels = [], []
    for label in range(3):
        radius = np.linspace(0.05, 1.0, count_per_class)
        angle = label * 2.1 + radius * 4.0 + rng.normal(0.0, 0.2, count_per_class)
        points.append(np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]))
        labels.append(np.full(count_per_class, label))
    return np.concatenate(points).astype(np.float32), np.concatenate(labels)


class SpiralMLP:
    """Two inputs, a tanh hidden layer and a softmax over three classes."""

    def __init__(self, hidden: int, rng: np.random.Generator) -> None:
        self.params = [
            (rng.standard_normal((2, hidden)) * 0.7).astype(np.float32),
            np.zeros(hidden, dtype=np.float32),
            (rng.standard_normal((hidden, 3)) * (1.0 / np.sqrt(hidden))).astype(np.float32),
            np.zeros(3, dtype=np.float32),
        ]

    def loss_and_gradients(self, x: np.ndarray, y: np.ndarray) -> tuple[float, list[np.ndarray]]:
        """Return the mean cross-entropy and its gradient for each parameter."""
        w1, b1, w2, b2 = self.params
        hidden = np.tanh(x @ w1 + b1)
        logits = hidden @ w2 + b2
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        loss = float(-np.mean(np.log(probabilities[np.arange(len(y)), y] + 1e-12)))

        d_logits = probabilities
        d_logits[np.arange(len(y)), y] -= 1.0
        d_logits /= len(y)
        d_hidden = (d_logits @ w2.T) * (1.0 - hidden**2)
        gradients = [x.T @ d_hidden, d_hidden.sum(axis=0), hidden.T @ d_logits, d_logits.sum(axis=0)]
        return loss, gradients

    def accuracy(self, x: np.ndarray, y: np.ndarray) -> float:
        w1, b1, w2, b2 = self.params
        predictions = np.argmax(np.tanh(x @ w1 + b1) @ w2 + b2, axis=1)
        return float(np.mean(predictions == y))


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1500, help="training steps, at least 1 (default 1500)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the data and the model (default 0)")
    parser.add_argument("--lr", type=float, default=0.5, help="SGD learning rate, above 0 (default 0.5)")
    parser.add_argument("--run-dir", help="run directory (default: OPOP_RUN_DIR, else runs/<time>-spiral-mlp)")
    parser.add_argument(
        "--step-delay-ms", type=float, default=0.0,
        help="milliseconds to sleep after each step, so a viewer can follow (default 0)",
    )
    arguments = parser.parse_args(argv)

    if arguments.steps < 1:
        parser.error(f"--steps must be at least 1, got {arguments.steps}")
    if not arguments.lr > 0:
        parser.error(f"--lr must be above 0, got {arguments.lr}")
    if not arguments.step_delay_ms >= 0:
        parser.error(f"--step-delay-ms must be 0 or more, got {arguments.step_delay_ms}")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    rng = np.random.default_rng(arguments.seed)
    x_train, y_train = make_spiral(200, rng)
    x_test, y_test = make_spiral(100, rng)
    model = SpiralMLP(32, rng)

    brain = opop_top.make_brain(n_groups=len(GROUPS))
    recorder = opop_top.NumpyBrainRecorder(
        brain, GROUPS, workload="spiral-mlp", optimizer="sgd",
        optimizer_settings={"lr": arguments.lr}, run_dir=arguments.run_dir,
    )
    print(f"run directory: {recorder.run_dir}", flush=True)

    running_norms = [0.0] * len(GROUPS)
    previous_updates = [np.zeros_like(parameter) for parameter in model.params]
    report_every = max(1, arguments.steps // 5)

    # Ctrl-C or opop-top's q then y sends SIGINT. Leaving the with block closes the
    # recorder, so the trace ends with trainer_end and the socket file is removed.
    try:
        with recorder:
            for step in range(1, arguments.steps + 1):
                loss, gradients = model.loss_and_gradients(x_train, y_train)
                decisions = recorder.get_decisions(loss)

                for index, gradient in enumerate(gradients):
                    recorder.record_grads(index, gradient)
                    scale, clip, dampen = decisions[index]

                    norm = float(np.linalg.norm(gradient))
                    running_norms[index] = norm if step == 1 else 0.9 * running_norms[index] + 0.1 * norm
                    ceiling = clip * running_norms[index]
                    if norm > ceiling > 0:
                        gradient = gradient * (ceiling / norm)

                    update = (1.0 - dampen) * arguments.lr * gradient + dampen * previous_updates[index]
                    previous_updates[index] = update
                    model.params[index] -= (scale * update).astype(np.float32)

                recorder.finish_step()

                if step % report_every == 0 or step == arguments.steps:
                    test_loss, _ = model.loss_and_gradients(x_test, y_test)
                    accuracy = model.accuracy(x_test, y_test)
                    recorder.write_eval({"accuracy": accuracy, "loss": test_loss})
                    scales = " ".join(f"{decisions[index][0]:.2f}" for index in range(len(GROUPS)))
                    print(f"step {step:6d}  loss {loss:.4f}  test accuracy {accuracy:.3f}  scales {scales}", flush=True)

                if arguments.step_delay_ms:
                    time.sleep(arguments.step_delay_ms / 1000.0)
    except KeyboardInterrupt:
        print(f"stopped at step {recorder.step}", flush=True)
        return 130

    print(f"trace: {os.path.join(recorder.run_dir, 'trace.jsonl')}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
