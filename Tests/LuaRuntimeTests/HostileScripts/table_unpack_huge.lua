-- table.unpack of a huge range: stock Lua refuses it at once (the stack cannot hold it),
-- catchably, before any work.
-- expect: runtime
-- message: too many results to unpack
return table.unpack({}, 1, 1 << 50)
