-- expect: runtime
-- message: __gc finalizers are not allowed
setmetatable({}, { __gc = function() while true do end end })
