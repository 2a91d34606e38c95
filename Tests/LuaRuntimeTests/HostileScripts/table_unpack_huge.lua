-- table.unpack of a huge range: refused before Lua tries to grow the stack.
-- expect: instructionLimit
return table.unpack({}, 1, 1 << 50)
