-- expect: runtime
-- message: whose __tostring failed
error(setmetatable({}, { __tostring = function() error("boom") end }))
