"""Train a small PyTorch MLP on spiral data with Adam under opop's OptBrain, recorded for opop-top.

``--plain`` trains with Adam alone and records the run without a brain.
``--distributed N`` starts N CPU processes that train with DistributedDataParallel
over the gloo backend on the loopback interface. Each rank trains on its own
shard. Rank 0 writes the trace and serves the control socket, and every rank
applies socket commands after the same step.

The same script also runs under torchrun, which starts the ranks itself::

    GLOO_SOCKET_IFNAME=lo torchrun --nproc-per-node 2 torch_demo.py
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import opop_top  # noqa: E402
from numpy_demo import make_spiral  # noqa: E402

GROUPS = ["layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias"]


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=600, help="training steps, at least 1 (default 600)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the data and the model (default 0)")
    parser.add_argument("--lr", type=float, default=0.01, help="Adam learning rate, above 0 (default 0.01)")
    parser.add_argument("--run-dir", help="run directory (default: OPOP_RUN_DIR, else runs/<time>-spiral-torch)")
    parser.add_argument(
        "--step-delay-ms", type=float, default=0.0,
        help="milliseconds to sleep after each step, so a viewer can follow (default 0)",
    )
    parser.add_argument("--plain", action="store_true", help="train with Adam alone, without a brain")
    parser.add_argument(
        "--distributed", type=int, default=0, metavar="N",
        help="train on N gloo CPU processes, at least 2 (default: one process, no torch.distributed)",
    )
    parser.add_argument(
        "--brain-out", metavar="PREFIX",
        help="save each rank's final brain to PREFIX-rank<R>.npz, to compare the ranks",
    )
    arguments = parser.parse_args(argv)

    if arguments.steps < 1:
        parser.error(f"--steps must be at least 1, got {arguments.steps}")
    if not arguments.lr > 0:
        parser.error(f"--lr must be above 0, got {arguments.lr}")
    if not arguments.step_delay_ms >= 0:
        parser.error(f"--step-delay-ms must be 0 or more, got {arguments.step_delay_ms}")
    if arguments.distributed == 1 or arguments.distributed < 0:
        parser.error(f"--distributed must be at least 2, got {arguments.distributed}")
    if arguments.plain and arguments.brain_out:
        parser.error("--brain-out needs a brain; leave out --plain")
    return arguments


def train(arguments: argparse.Namespace) -> bool:
    """Train on this process; under torch.distributed, on this rank's shard.

    Return False when SIGINT (Ctrl-C) stopped training, after closing the recorder.
    """
    import torch
    import torch.distributed as dist

    distributed = dist.is_available() and dist.is_initialized()
    rank = dist.get_rank() if distributed else 0
    world = dist.get_world_size() if distributed else 1

    rng = np.random.default_rng(arguments.seed)
    x_train, y_train = make_spiral(200, rng)
    x_test, y_test = make_spiral(100, rng)
    x_shard = torch.from_numpy(x_train[rank::world])
    y_shard = torch.from_numpy(y_train[rank::world]).long()

    torch.manual_seed(arguments.seed)
    model = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.Tanh(), torch.nn.Linear(32, 3))
    named = dict(model.named_parameters())
    parameters = [named["0.weight"], named["0.bias"], named["2.weight"], named["2.bias"]]
    trained = torch.nn.parallel.DistributedDataParallel(model) if distributed else model

    adam = torch.optim.Adam(
        [{"params": [parameter], "name": name} for parameter, name in zip(parameters, GROUPS)],
        lr=arguments.lr,
    )
    optimizer = adam if arguments.plain else opop_top.make_brain(adam)
    recorder = opop_top.TorchRecorder(optimizer, workload="spiral-torch", run_dir=arguments.run_dir)
    if rank == 0:
        print(f"run directory: {recorder.run_dir}", flush=True)

    report_every = max(1, arguments.steps // 5)
    try:
        with recorder:
            for step in range(1, arguments.steps + 1):
                loss = torch.nn.functional.cross_entropy(trained(x_shard), y_shard)
                loss.backward()
                recorder.step(loss)
                recorder.zero_grad()

                if rank == 0 and (step % report_every == 0 or step == arguments.steps):
                    with torch.no_grad():
                        logits = model(torch.from_numpy(x_test))
                        test_loss = float(torch.nn.functional.cross_entropy(logits, torch.from_numpy(y_test).long()))
                        accuracy = float((logits.argmax(dim=1).numpy() == y_test).mean())
                    recorder.write_eval({"accuracy": accuracy, "loss": test_loss})
                    print(f"step {step:6d}  loss {float(loss):.4f}  test accuracy {accuracy:.3f}", flush=True)

                if arguments.step_delay_ms:
                    time.sleep(arguments.step_delay_ms / 1000.0)
    except KeyboardInterrupt:
        if rank == 0:
            print(f"stopped at step {recorder.step_count}", flush=True)
        return False

    if arguments.brain_out:
        optimizer.save(f"{arguments.brain_out}-rank{rank}.npz")
    return True


def run_rank(rank: int, world: int, rendezvous: str, arguments: argparse.Namespace) -> None:
    import torch.distributed as dist

    dist.init_process_group("gloo", init_method=f"file://{rendezvous}", rank=rank, world_size=world)
    try:
        train(arguments)
        # Without this barrier a rank that finishes first can tear gloo down while the
        # other still talks to it, and that rank aborts ("terminate called without an
        # active exception").
        dist.barrier()
    finally:
        dist.destroy_process_group()


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)

    if arguments.distributed:
        import torch.multiprocessing as multiprocessing

        # Keep gloo's connections between the ranks on the loopback interface.
        os.environ.setdefault("GLOO_SOCKET_IFNAME", "lo")
        rendezvous = os.path.join(tempfile.mkdtemp(prefix="opop-gloo-"), "rendezvous")
        multiprocessing.spawn(run_rank, args=(arguments.distributed, rendezvous, arguments), nprocs=arguments.distributed)
        return 0

    if "RANK" in os.environ and "WORLD_SIZE" in os.environ:
        # Started by torchrun, which sets the rendezvous variables.
        import torch.distributed as dist

        dist.init_process_group("gloo")
        try:
            finished = train(arguments)
            dist.barrier()
        finally:
            dist.destroy_process_group()
        return 0 if finished else 130

    return 0 if train(arguments) else 130


if __name__ == "__main__":
    sys.exit(main())
