-- %p prints an address, which differs between processes.
-- expect: runtime
-- message: string.format: %p shows a memory address
return string.format("%5p", {})
