-- string.rep of an empty string loops n times inside C, where no hook fires.
-- expect: instructionLimit
return string.rep("", math.maxinteger)
