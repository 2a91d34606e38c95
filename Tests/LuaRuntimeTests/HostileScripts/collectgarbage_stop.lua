-- expect: runtime
-- message: only "count"
collectgarbage("stop")
while true do local t = {} end
