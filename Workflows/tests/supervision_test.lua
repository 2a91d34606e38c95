-- Tests for Workflows/supervision.lua (督办事项).

local function item(t, limit)
  return t:start("supervision", { title = "协调供水管网接入", source = "周例会", owner = "zhangwei",
                                  leader = "liming", supervisor = "chenzhiyuan", limit = limit or 3 },
                 { as = "chenzhiyuan", id = "S1" })
end

test("立项登记、交办、反馈、审核、办结归档", function(t)
  local id = item(t)
  t:act(id, "complete", { as = "chenzhiyuan", outcome = "assign" })
  t:act(id, "complete", { as = "zhangwei", outcome = "accept" })
  t:expect_refused(function() t:act(id, "complete", { as = "zhangwei", outcome = "feedback" }) end, "not_permitted")
  t:act(id, "complete", { as = "zhangwei", outcome = "feedback", data = { result = "已接通" } })
  t:act(id, "reject", { as = "chenzhiyuan", comment = "请附照片" })
  t:expect_state(id, "track")
  t:act(id, "complete", { as = "zhangwei", outcome = "feedback", comment = "已附现场照片" })
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:expect_status(id, "completed")
end)

test("三色预警与超期督办", function(t)
  local id = item(t, 3)
  t:act(id, "complete", { as = "chenzhiyuan", outcome = "assign" })
  t:act(id, "complete", { as = "zhangwei", outcome = "accept" })
  t:advance("2025-01-08T12:00")
  t:expect_item(id, { color = "blue" })
  t:advance("2025-01-09T12:00")
  t:expect_item(id, { color = "yellow" })
  t:advance("2025-01-20T00:00")
  t:expect_item(id, { color = "red" })
  t:expect_notification { to = "zhangwei", kind = "催办", instance = id }
  t:expect_notification { to = "liming", kind = "督办", instance = id }
end)
