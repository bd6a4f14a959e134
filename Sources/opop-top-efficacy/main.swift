/// opop-top-efficacy measures, in numbers, whether the brain makes training better.
///
/// The tasks are a noisy quadratic, logistic regression, a teacher-student MLP, digits,
/// a badly scaled regression, a task with corrupted minibatches, and a loss-scale
/// invariance probe. For each task and base optimizer, it tunes the constant rate and
/// the peak rate of a warmup-cosine schedule on tuning seeds. Then it runs the bare
/// optimizer, the schedule and the brain (learning, and frozen as a neutrality check) on
/// evaluation seeds. It prints one table per task and a summary whose bars pass or fail. Every
/// result is deterministic except the timings. `--help` lists the options.
import Foundation
import OpOpEfficacy

exit(runEfficacyCommand(Array(CommandLine.arguments.dropFirst())))
