-- expect: runtime
-- message: global 'io'
local f = assert(load("return io.open", "=inner", "t", {}))
return f()
