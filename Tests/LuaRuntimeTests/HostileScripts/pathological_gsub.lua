-- expect: instructionLimit
return (string.rep("a", 3000)):gsub("(a*)*b", "x")
