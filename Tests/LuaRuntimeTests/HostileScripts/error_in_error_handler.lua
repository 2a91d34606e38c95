-- expect: runtime
-- message: error in error handler
local ok, err = xpcall(function() error("first") end, function() error("second") end)
error(err, 0)
