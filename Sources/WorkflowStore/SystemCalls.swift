#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Free functions for the libc calls whose names `POSIXFileSystem`'s own methods shadow
// (inside the type, `open(...)` would find the method, not libc's). Kept at file scope
// in their own file so no member can shadow them here.

func sysOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}

func sysWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

func sysRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

func sysFsync(_ descriptor: Int32) -> Int32 { fsync(descriptor) }

func sysClose(_ descriptor: Int32) -> Int32 { close(descriptor) }

func sysRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }

func sysUnlink(_ path: String) -> Int32 { unlink(path) }
