-- expect: instructionLimit
while true do end
