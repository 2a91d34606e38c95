import Foundation

/// Operating-system accounts, as the password database knows them.
public enum OSUser {
    /// The login of `uid`: its password entry's name, never an environment variable
    /// (`USER`, `LOGNAME`), which anyone can set to an administrator's login. A uid
    /// without an entry is `uid<N>`. Shared by direct mode (the real uid) and the socket
    /// (the peer's uid from SO_PEERCRED), so both name a caller the same way.
    public static func login(uid: uid_t) -> String {
        var size = 4_096
        while size <= 1 << 20 {
            var entry = passwd()
            var found: UnsafeMutablePointer<passwd>?
            var buffer = [CChar](repeating: 0, count: size)
            let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &found)
            if status == ERANGE {  // an entry longer than the buffer: try a larger one
                size *= 4
                continue
            }
            if status == 0, found != nil, let name = entry.pw_name { return String(cString: name) }
            break
        }
        return "uid\(uid)"
    }

    /// The login of whoever runs this process (its real uid).
    public static var current: String { login(uid: getuid()) }
}
