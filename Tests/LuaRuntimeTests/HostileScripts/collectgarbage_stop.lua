-- expect: runtime
-- message: collectgarbage is not available in workflows
collectgarbage("stop")
while true do local t = {} end
