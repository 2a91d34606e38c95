import Foundation

/// The API's OpenAPI document (`Sources/AgencyHTTP/openapi.json`, hand-written, checked
/// against real responses by the tests), served at `GET /openapi.json`.
public enum OpenAPIDocument {
    /// The document's bytes, or nil when the resource bundle is not installed beside the
    /// binary. Looked up by hand rather than through `Bundle.module`, whose accessor ends
    /// the process when the bundle is missing: a server copied without its bundle should
    /// answer 503 on this one route, not die.
    public static let bytes: [UInt8]? = {
        let name = "FullAgency_AgencyHTTP"
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            folders.append(executable.deletingLastPathComponent())
        }
        for folder in folders {
            for relative in ["\(name).resources/openapi.json", "\(name).bundle/Contents/Resources/openapi.json",
                             "\(name).bundle/openapi.json"] {
                if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(relative).path) {
                    return Array(data)
                }
            }
        }
        return nil
    }()
}
