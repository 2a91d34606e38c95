-- expect: instructionLimit
local ok = pcall(function() while true do end end)
return "escaped the limit"
