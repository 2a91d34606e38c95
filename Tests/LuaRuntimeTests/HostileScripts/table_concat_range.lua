-- table.concat over an index range far beyond the table, with every element there.
-- expect: instructionLimit
local t = setmetatable({}, { __index = function() return "" end })
return table.concat(t, "", 1, math.maxinteger)
