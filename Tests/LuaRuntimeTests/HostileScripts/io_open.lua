-- expect: runtime
-- message: global 'io'
local f = io.open("/etc/passwd")
return f:read("a")
