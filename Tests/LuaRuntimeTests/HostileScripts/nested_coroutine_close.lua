-- expect: runtime
-- message: coroutine.close nested too deeply
local function nest(n)
  local co = coroutine.create(function()
    local guard <close> = setmetatable({}, { __close = function()
      if n > 0 then
        local ok, err = coroutine.close(nest(n - 1))
        if not ok then error(err, 0) end
      end
    end })
    coroutine.yield()
  end)
  coroutine.resume(co)
  return co
end
local ok, err = coroutine.close(nest(200))
error(err, 0)
