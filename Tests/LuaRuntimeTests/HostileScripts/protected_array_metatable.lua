-- expect: runtime
-- message: cannot change a protected metatable
setmetatable(json.array({}), { __index = function() return "hijacked" end })
