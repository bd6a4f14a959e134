/// Finds the name a mistyped word most likely meant, for "did you mean" hints.
enum Suggestion {
    /// Returns the candidate closest to `word`, or nil when none is close.
    ///
    /// Comparison ignores case. A candidate is close when the word is a prefix of it
    /// (at least two characters) or when at most `maxDistance(for:)` single-character
    /// edits turn one into the other. Ties go to the earlier candidate.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let typed = Array(word.lowercased())
        guard !typed.isEmpty else { return nil }

        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let target = Array(candidate.lowercased())
            var distance = editDistance(typed, target)
            if target.starts(with: typed) && typed.count >= 2 {
                distance = min(distance, 1)
            }
            guard distance <= maxDistance(for: target.count) else { continue }
            if best == nil || distance < best!.distance {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Returns the edits allowed for a name of `length` characters: one up to four
    /// characters and two beyond, so that short names such as `lr` or `sgd` do not
    /// match unrelated words.
    static func maxDistance(for length: Int) -> Int {
        length <= 4 ? 1 : 2
    }

    /// Computes the optimal string alignment distance, in which an insertion, a
    /// deletion, a substitution or a swap of two adjacent characters counts as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }

        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }

        for i in 1...a.count {
            for j in 1...b.count {
                let substitution = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(
                    table[i - 1][j] + 1,
                    table[i][j - 1] + 1,
                    table[i - 1][j - 1] + substitution
                )
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    /// Formats the hint appended to an error, for example `; did you mean 'adam'?`,
    /// or an empty string when nothing is close.
    static func hint(for word: String, among candidates: [String], quoting: (String) -> String = { "'\($0)'" }) -> String {
        guard let match = closest(to: word, among: candidates) else { return "" }
        return "; did you mean \(quoting(match))?"
    }
}
