/// A `.npy` or `.npz` input that this module cannot read, or an array it cannot build.
///
/// The description names the file and archive member when known, the problem with the
/// offending value, and the fix.
public struct NumPyFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, for callers and tests that branch on it.
    public enum Kind: Sendable, Equatable {
        /// The bytes do not start with the `.npy` magic string.
        case notNPY
        /// The `.npy` format version is not 1.0, 2.0 or 3.0.
        case unsupportedVersion
        /// The `.npy` header is not a valid dictionary with the expected keys.
        case invalidHeader
        /// The dtype is valid NumPy but not one of `NumPyDType`'s cases.
        case unsupportedDType
        /// The dtype is big-endian.
        case bigEndian
        /// The array contains pickled Python objects.
        case objectArray
        /// The shape has a negative axis or too many elements.
        case invalidShape
        /// The values do not match the shape.
        case shapeMismatch
        /// The data is shorter or longer than the shape and dtype need.
        case dataSizeMismatch
        /// A bool element is neither 0 nor 1.
        case invalidBool
        /// The bytes are not a ZIP archive.
        case notZip
        /// The archive ends before a record or member it declares.
        case truncated
        /// A ZIP record is inconsistent with itself or with another record.
        case corruptArchive
        /// A member's CRC-32 does not match its data.
        case checksumMismatch
        /// Two members have the same name.
        case duplicateMember
        /// A member is encrypted.
        case encryptedMember
        /// A member uses a compression method other than stored or deflate.
        case unsupportedCompression
        /// A member's deflate stream is invalid.
        case corruptDeflate
        /// A member's name does not end in `.npy`, or is not valid text.
        case invalidMemberName
        /// The archive spans several disks.
        case multiDiskArchive
    }

    /// The class of failure.
    public var kind: Kind

    /// The problem, naming the offending value.
    public var reason: String

    /// The action that fixes the problem, for the user to take.
    public var fix: String

    /// The archive member the error is in, such as `weights.npy`, when there is one.
    public var member: String?

    /// The file the error is in, when the bytes came from a file.
    public var path: String?

    public init(_ kind: Kind, _ reason: String, fix: String, member: String? = nil, path: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.fix = fix
        self.member = member
        self.path = path
    }

    public var description: String {
        var location: [String] = []
        if let member {
            location.append("member '\(member)'")
        }
        if let path {
            location.append("file '\(path)'")
        }

        let prefix = location.isEmpty ? "" : location.joined(separator: " of ") + ": "
        return prefix + reason + "; " + fix
    }

    /// Returns a copy that names `member`, unless the error already names one.
    func inMember(_ name: String) -> NumPyFormatError {
        var copy = self
        copy.member = copy.member ?? name
        return copy
    }

    /// Returns a copy that names `path`, unless the error already names one.
    func inFile(_ path: String) -> NumPyFormatError {
        var copy = self
        copy.path = copy.path ?? path
        return copy
    }
}
