-- table.move over 2^40 absent elements: one lua_geti/lua_seti each, all in C.
-- expect: instructionLimit
return table.move({}, 1, 1 << 40, 1, {})
