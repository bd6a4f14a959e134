import OpOpBrain

/// Examples for classification: features stored row-major in one flat array, one class
/// label per row.
struct LabeledDataset: Sendable, Equatable {
    let featureCount: Int
    let classCount: Int

    /// `count * featureCount` values, with row `r` starting at index `r * featureCount`.
    let features: [Float]

    /// One label per row, each in `0..<classCount`.
    let labels: [Int]

    var count: Int { labels.count }

    init(featureCount: Int, classCount: Int, features: [Float], labels: [Int]) {
        precondition(featureCount > 0 && classCount > 1,
                     "A dataset needs features and at least two classes, got \(featureCount) and \(classCount)")
        precondition(features.count == labels.count * featureCount,
                     "\(features.count) feature values do not fill \(labels.count) rows of \(featureCount)")
        assert(labels.allSatisfy { (0..<classCount).contains($0) }, "A label lies outside 0..<\(classCount)")

        self.featureCount = featureCount
        self.classCount = classCount
        self.features = features
        self.labels = labels
    }

    /// Returns the rows at `rows`, in that order.
    func subset(rows: [Int]) -> LabeledDataset {
        var subsetFeatures: [Float] = []
        subsetFeatures.reserveCapacity(rows.count * featureCount)
        for row in rows {
            let start = row * featureCount
            subsetFeatures.append(contentsOf: features[start..<(start + featureCount)])
        }

        return LabeledDataset(
            featureCount: featureCount,
            classCount: classCount,
            features: subsetFeatures,
            labels: rows.map { labels[$0] }
        )
    }

    /// Splits the rows into a training set and a held-out set, class by class, so both
    /// keep the class proportions.
    ///
    /// Each class gives `heldOutFraction` of its rows, rounded to the nearest row, to the
    /// held-out set, chosen at random by `generator`. Both sets keep the original row order.
    func stratifiedSplit(
        heldOutFraction: Double,
        generator: inout SeededGenerator
    ) -> (training: LabeledDataset, heldOut: LabeledDataset) {
        precondition((0...1).contains(heldOutFraction), "The held-out fraction must lie in 0...1, got \(heldOutFraction)")

        var rowsByClass = [[Int]](repeating: [], count: classCount)
        for (row, label) in labels.enumerated() {
            rowsByClass[label].append(row)
        }

        var trainingRows: [Int] = []
        var heldOutRows: [Int] = []
        for var classRows in rowsByClass {
            generator.shuffle(&classRows)
            let heldOutCount = Int((Double(classRows.count) * heldOutFraction).rounded())
            heldOutRows.append(contentsOf: classRows[..<heldOutCount])
            trainingRows.append(contentsOf: classRows[heldOutCount...])
        }

        return (subset(rows: trainingRows.sorted()), subset(rows: heldOutRows.sorted()))
    }
}
