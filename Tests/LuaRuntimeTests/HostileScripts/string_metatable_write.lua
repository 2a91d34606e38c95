-- expect: runtime
-- message: table expected, got string
setmetatable("", { __index = { upper = function() return "hijacked" end } })
