-- expect: runtime
-- message: cannot close a running coroutine
local co
co = coroutine.create(function() return coroutine.close(co) end)
local ok, err = coroutine.resume(co)
error(err, 0)
