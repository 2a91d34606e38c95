-- expect: runtime
-- message: binary chunks are not allowed
return load("\27LuaT\0", "x", "b", {})
