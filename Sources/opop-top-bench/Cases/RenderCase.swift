import Foundation
import OpOpDashboard
import OpOpTrace

/// Case "render": one frame of `renderDashboard` into a cell grid, with a history that
/// has reached its capacity. The terminal's diff and draw are not in this figure: they
/// need a terminal, and case "cpu" measures the whole program under tmux instead.
func measureRenderCase(_ context: BenchContext) throws -> [Figure] {
    let groups = 8
    let steps = context.size(quick: 5_000, full: 200_000)
    let templates = TraceRecords.steps(count: 1_000, groups: groups)
    var history = RunHistory()
    history.ingest(TraceRecords.header(groups: groups))
    for step in 1...steps {
        var record = templates[(step - 1) % templates.count]
        record.step = step
        record.wallTime = TraceRecords.startTime + Double(step) / 10_000
        history.ingest(.step(record))
        if step % 1_000 == 0 {
            history.ingest(.evaluation(EvaluationRecord(
                step: step, wallTime: record.wallTime, metrics: [Metric(name: "accuracy", value: 0.9)])))
        }
        if step % 25_000 == 0 {
            history.ingest(.event(EventRecord(step: step, wallTime: record.wallTime, kind: .snapshot, message: "snapshot")))
        }
    }
    let now = TraceRecords.startTime + Double(steps) / 10_000

    var figures: [Figure] = []
    let framesPerRun = context.size(quick: 10, full: 100)
    for (width, height) in [(100, 30), (250, 70)] {
        var view = ViewState()
        view.selectedGroup = 3
        var perFrame: [Double] = []
        for _ in 0..<context.repetitions {
            let clock = Stopwatch()
            for _ in 0..<framesPerRun {
                let grid = renderDashboard(history: history, view: view, now: now, width: width, height: height)
                precondition(grid.width == width, "renderDashboard returned a grid \(grid.width) wide for \(width) columns")
            }
            perFrame.append(clock.cpuSeconds / Double(framesPerRun) * 1e3)
        }
        figures.append(Figure(
            "render", "renderDashboard \(width)x\(height)", median(perFrame), "ms/frame", target: .atMost(1),
            detail: "\(groups) groups, \(steps) steps ingested, window all, unicode and colour; \(spreadText(perFrame))"))
    }
    return figures
}
