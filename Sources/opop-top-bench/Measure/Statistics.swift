import Foundation

/// Returns the median of `values`; the mean of the middle two for an even count.
func median(_ values: [Double]) -> Double {
    precondition(!values.isEmpty, "the median of no values is undefined")
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Returns the value below which `fraction` of the sorted values lie (nearest rank).
func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    precondition(!sorted.isEmpty, "a percentile of no values is undefined")
    let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// "min–max of N" for the detail column, in the figure's own unit.
func spreadText(_ values: [Double]) -> String {
    guard let low = values.min(), let high = values.max() else {
        return ""
    }
    return "range \(formatFigure(low))-\(formatFigure(high)) over \(values.count) runs"
}

/// The calling thread's CPU time and the wall time since creation, in seconds.
///
/// Per-call costs use the measuring thread's CPU time, because other processes on a
/// shared machine inflate it least. Whole-process figures use wall time.
struct Stopwatch {
    private let cpuStart = Stopwatch.threadCPUSeconds()
    private let wallStart = DispatchTime.now().uptimeNanoseconds

    var cpuSeconds: Double { Stopwatch.threadCPUSeconds() - cpuStart }
    var wallSeconds: Double { Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9 }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Nanoseconds of the monotonic clock, for timing single calls.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
