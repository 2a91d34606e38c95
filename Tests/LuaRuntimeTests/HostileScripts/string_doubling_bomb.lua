-- expect: memoryLimit
local s = "0123456789abcdef"
for _ = 1, 64 do s = s .. s end
return #s
