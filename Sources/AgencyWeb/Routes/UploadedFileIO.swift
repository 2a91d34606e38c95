import AgencyServer

/// The `ClientIO` of a web form that carries one file: a command that reads `name` gets the
/// uploaded bytes; every other file, writing, and standard input are refused, as for
/// any HTTP caller.
struct UploadedFileIO: ClientIO {
    let name: String
    let bytes: [UInt8]

    func read(_ path: String) throws(ClientIOError) -> [UInt8]? {
        guard path == name else { return try NoClientFiles().read(path) }
        return bytes
    }

    func write(_ path: String, _ bytes: [UInt8]) throws(ClientIOError) {
        try NoClientFiles().write(path, bytes)
    }

    func readStandardInput() throws(ClientIOError) -> [UInt8] {
        try NoClientFiles().readStandardInput()
    }
}
