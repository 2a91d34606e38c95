import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One step of a streamed XML document. Names have their namespace prefix
/// removed ("x:c" → "c", "r:id" → "id"), because writers differ in the
/// prefixes they choose for the same SpreadsheetML namespace.
enum XMLEvent {
    case start(String, [String: String])
    case end(String)
    case text(String)
}

/// Thrown by an event handler when the XML is well-formed but its content
/// is not valid SpreadsheetML; reported with the parser's line number.
struct XMLContentError: Error {
    let reason: String
}

enum XMLEvents {
    /// Streams `data` to `handler` without building a tree, so large sheets
    /// cost memory only for what the handler keeps.
    ///
    /// Documents with a DTD are refused: no .xlsx part has one, and entity
    /// declarations are how "billion laughs" XML bombs work.
    static func parse(
        _ data: Data, part: String, source: String, handler: (XMLEvent) throws -> Void
    ) throws(SpreadsheetError) {
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil {
            throw .malformedXML(source: source, part: part, line: 1,
                                reason: "it declares a DTD, which .xlsx parts never contain")
        }
        let (failure, line, problem) = withoutActuallyEscaping(handler) { escapable in
            let delegate = Delegate(handler: escapable)
            // A stream, not `XMLParser(data:)`: on Linux the latter hands libxml2
            // the whole document at once, which it refuses past 10 MB.
            let parser = XMLParser(stream: InputStream(data: data))
            parser.shouldResolveExternalEntities = false
            parser.delegate = delegate
            let ok = parser.parse()
            parser.delegate = nil
            return (delegate.failure, delegate.failureLine ?? parser.lineNumber, delegate.problem(parsed: ok))
        }
        if let failure {
            let reason = (failure as? XMLContentError)?.reason ?? "not well-formed XML (\(failure))"
            throw .malformedXML(source: source, part: part, line: line, reason: reason)
        }
        if let problem {
            throw .malformedXML(source: source, part: part, line: line, reason: problem)
        }
    }

    static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let handler: (XMLEvent) throws -> Void
        var failure: Error?
        var failureLine: Int?
        private var depth = 0
        private var sawRoot = false

        init(handler: @escaping (XMLEvent) throws -> Void) {
            self.handler = handler
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            var attributes: [String: String] = [:]
            for (key, value) in attributeDict { attributes[XMLEvents.localName(key)] = value }
            depth += 1
            sawRoot = true
            deliver(.start(XMLEvents.localName(elementName), attributes), parser)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?) {
            depth -= 1
            deliver(.end(XMLEvents.localName(elementName)), parser)
        }

        /// On Linux, `parse()` can return `true` after recoverable errors and
        /// for truncated documents, so errors and element balance are checked here.
        func problem(parsed: Bool) -> String? {
            if !parsed { return "not well-formed XML" }
            if !sawRoot { return "the part is empty or has no XML element" }
            if depth != 0 { return "the XML ends before all elements are closed (truncated file?)" }
            return nil
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            let code = (parseError as NSError).code
            fail(XMLContentError(reason: "not well-formed XML (parser error \(code))"), parser)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            deliver(.text(string), parser)
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            deliver(.text(String(decoding: CDATABlock, as: UTF8.self)), parser)
        }

        func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
            fail(XMLContentError(reason: "it declares the entity \"\(name)\", which .xlsx parts never do"), parser)
        }

        private func deliver(_ event: XMLEvent, _ parser: XMLParser) {
            guard failure == nil else { return }
            do { try handler(event) } catch { fail(error, parser) }
        }

        private func fail(_ error: Error, _ parser: XMLParser) {
            guard failure == nil else { return }
            failure = error
            failureLine = parser.lineNumber
            parser.abortParsing()
        }
    }
}
