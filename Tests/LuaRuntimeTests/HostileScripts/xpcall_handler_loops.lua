-- expect: instructionLimit
xpcall(function() error("first") end, function() while true do end end)
return "escaped the limit"
