-- expect: runtime
-- message: pass an environment table
local f = load("return os")
return f()
