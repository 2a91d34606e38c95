-- The same loop through the string method, with a separator of nothing.
-- expect: instructionLimit
return (""):rep(1 << 40, "")
