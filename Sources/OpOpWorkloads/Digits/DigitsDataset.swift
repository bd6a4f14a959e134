import Foundation

/// The 8x8 handwritten digits data set embedded in the binary (see Data/README.md).
enum DigitsDataset {
    /// Returns the gzip file carried in `DigitsData`, decoded from base64.
    static func embeddedGzipBytes() throws -> [UInt8] {
        guard let data = Data(base64Encoded: DigitsData.gzipBase64) else {
            throw WorkloadError.corruptEmbeddedData(stage: "base64", detail: "the text is not valid base64")
        }
        guard data.count == DigitsData.gzipByteCount else {
            throw WorkloadError.corruptEmbeddedData(
                stage: "base64",
                detail: "decoded \(data.count) bytes, expected \(DigitsData.gzipByteCount)"
            )
        }
        return [UInt8](data)
    }

    /// Decodes, decompresses and parses the embedded data: 1,797 images of 64 pixels
    /// scaled to [0, 1], labels 0...9.
    static func load() throws -> LabeledDataset {
        let csv: [UInt8]
        do {
            csv = try gunzip(embeddedGzipBytes())
        } catch let error as GunzipError {
            throw WorkloadError.corruptEmbeddedData(stage: "gzip", detail: error.detail)
        }
        return try DigitsCSV.parse(csv)
    }
}
