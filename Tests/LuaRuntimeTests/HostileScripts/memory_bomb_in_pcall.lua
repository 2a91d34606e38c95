-- expect: memoryLimit
for _ = 1, 100 do
  pcall(string.rep, "x", 1 << 30)
end
return "escaped the limit"
