-- expect: instructionLimit
local step = coroutine.wrap(function() while true do coroutine.yield() end end)
while true do pcall(step) end
