-- Each call works through 4 MB in C, a thousand calls between two hook checks: the
-- work is charged by length, so the budget (and the clock) stop the loop in time.
-- expect: instructionLimit
local s = string.rep("x", 4 * 1024 * 1024)
for i = 1, 1000000000 do s:upper() end
