-- expect: runtime
-- message: attempt to load a binary chunk
local f, err = load("\27LuaT\0\25\147\r\n\26\n", "=bytes", "t", {})
error(err, 0)
