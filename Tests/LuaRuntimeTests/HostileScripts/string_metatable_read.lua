-- expect: runtime
-- message: attempt to index a boolean value
local mt = getmetatable("")
mt.__index.find = function() return "hijacked" end
