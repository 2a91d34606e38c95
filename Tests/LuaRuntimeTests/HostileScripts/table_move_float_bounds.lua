-- The same loop with its bounds as floats, which table.move converts to integers.
-- expect: instructionLimit
return table.move({}, 1.0, 2.0 ^ 40, 1, {})
