#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls that `AtomicFile` makes after creating its temporary file, behind
/// one seam so tests can make each of them fail and check the cleanup.
///
/// Each closure returns what the C function returns and sets `errno` the same way.
struct SystemCalls: Sendable {
    var write: @Sendable (_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int
    var fsync: @Sendable (_ descriptor: Int32) -> Int32
    var close: @Sendable (_ descriptor: Int32) -> Int32
    var rename: @Sendable (_ source: String, _ destination: String) -> Int32

    /// The real calls.
    static let system = SystemCalls(
        write: { descriptor, buffer, count in
            #if canImport(Glibc)
            Glibc.write(descriptor, buffer, count)
            #else
            Darwin.write(descriptor, buffer, count)
            #endif
        },
        fsync: { descriptor in
            #if canImport(Glibc)
            Glibc.fsync(descriptor)
            #else
            Darwin.fsync(descriptor)
            #endif
        },
        close: { descriptor in
            #if canImport(Glibc)
            Glibc.close(descriptor)
            #else
            Darwin.close(descriptor)
            #endif
        },
        rename: { source, destination in
            #if canImport(Glibc)
            Glibc.rename(source, destination)
            #else
            Darwin.rename(source, destination)
            #endif
        }
    )
}
