import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an SVG document with Foundation's XML parser and counts its elements.
final class SVGInspection: NSObject, XMLParserDelegate {
    private(set) var elementCounts: [String: Int] = [:]
    private(set) var texts: [String] = []
    private(set) var rootAttributes: [String: String] = [:]
    private var currentText = ""
    private var depth = 0

    /// Returns the inspection, or throws the parser's error when the document is not well-formed.
    static func parse(_ svg: String) throws -> SVGInspection {
        let inspection = SVGInspection()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspection
        guard parser.parse() else {
            throw parser.parserError ?? NSError(domain: "SVGInspection", code: 1)
        }
        return inspection
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        if depth == 0 {
            rootAttributes = attributes
        }
        depth += 1
        elementCounts[elementName, default: 0] += 1
        if elementName == "text" {
            currentText = ""
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        currentText += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        if elementName == "text" {
            texts.append(currentText)
        }
    }

    func count(_ element: String) -> Int {
        elementCounts[element] ?? 0
    }
}
