/// Named arrays in the order they were added, as a `.npz` file stores them.
///
/// Names are the keys `numpy.load(path)[name]` uses, without the `.npy` suffix that the
/// archive members carry. Names are unique, and `set` replaces an array in place.
public struct NPZArchive: Sendable {
    /// The arrays in archive order.
    public private(set) var entries: [(name: String, array: NumPyArray)]

    /// The position of each name in `entries`, so lookups take O(1) in large archives.
    private var indexByName: [String: Int]

    /// Creates an empty archive.
    public init() {
        entries = []
        indexByName = [:]
    }

    /// Creates an archive from `entries`, keeping their order. A name given twice keeps
    /// its first position and its last array, as repeated `set` calls would.
    public init(_ entries: [(name: String, array: NumPyArray)]) {
        self.entries = []
        self.indexByName = [:]
        for (name, array) in entries {
            set(name, array)
        }
    }

    /// Returns the array stored under `name`, or nil if there is none.
    public subscript(name: String) -> NumPyArray? {
        indexByName[name].map { entries[$0].array }
    }

    /// The names in archive order.
    public var names: [String] {
        entries.map(\.name)
    }

    /// Stores `array` under `name`, replacing an existing array of that name in its
    /// position, or appending otherwise.
    ///
    /// Traps when `name` contains a NUL character or its member name (`name + ".npy"`)
    /// exceeds 65,535 UTF-8 bytes, which ZIP cannot store. Use `validateName(_:)` first
    /// for names that come from input.
    public mutating func set(_ name: String, _ array: NumPyArray) {
        do {
            try Self.validateName(name)
        } catch {
            preconditionFailure("NPZArchive.set: \(error.description)")
        }

        if let index = indexByName[name] {
            entries[index].array = array
        } else {
            indexByName[name] = entries.count
            entries.append((name, array))
        }
    }

    /// Removes the array stored under `name` and returns it, or returns nil if there is none.
    ///
    /// Takes O(n) time because the later entries move up.
    @discardableResult
    public mutating func remove(_ name: String) -> NumPyArray? {
        guard let index = indexByName.removeValue(forKey: name) else {
            return nil
        }

        let removed = entries.remove(at: index)
        for later in index..<entries.count {
            indexByName[entries[later].name] = later
        }
        return removed.array
    }

    /// Throws unless `name` can be stored: no NUL character, because Python's `zipfile`
    /// cuts names at the first NUL, and at most 65,531 UTF-8 bytes so that the member
    /// name with `.npy` fits ZIP's 16-bit length field.
    public static func validateName(_ name: String) throws(NumPyFormatError) {
        if name.utf8.contains(0) {
            throw NumPyFormatError(
                .invalidMemberName,
                "array name \(HeaderText.quote(name.utf8)) contains a NUL character",
                fix: "remove the NUL character from the name"
            )
        }

        let limit = Int(UInt16.max) - NPZ.memberSuffix.utf8.count
        if name.utf8.count > limit {
            throw NumPyFormatError(
                .invalidMemberName,
                "array name of \(name.utf8.count) UTF-8 bytes is longer than the ZIP limit of \(limit)",
                fix: "use a shorter name"
            )
        }
    }
}

extension NPZArchive: Equatable {
    /// Archives are equal when they have the same names in the same order with equal arrays.
    public static func == (lhs: NPZArchive, rhs: NPZArchive) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.name == $1.name && $0.array == $1.array }
    }
}
