-- Memory use differs between runs: a decision that depends on it would not replay.
-- expect: runtime
-- message: collectgarbage is not available in workflows
if collectgarbage("count") > 100 then return "big" end
return "small"
