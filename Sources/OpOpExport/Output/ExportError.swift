/// A failure to write an export, with the path and the reason.
public enum ExportError: Error, Equatable, CustomStringConvertible {
    case openFailed(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .openFailed(let path, let reason):
            return "cannot create '\(path)': \(reason); check that its folder exists and is writable"
        case .writeFailed(let path, let reason):
            return "writing '\(path)' failed: \(reason); check the free space and permissions"
        }
    }
}
