-- expect: runtime
-- message: global 'package'
local f = package.loadlib("libc.so.6", "system")
return f("id")
