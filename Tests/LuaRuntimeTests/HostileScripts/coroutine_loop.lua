-- expect: instructionLimit
local co = coroutine.create(function() while true do end end)
local ok = coroutine.resume(co)
return "escaped the limit"
