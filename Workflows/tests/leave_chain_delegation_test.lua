-- Standing delegation (代理) edges on Workflows/leave_chain.lua: chains followed three
-- deep, a cycle going to the system administrator, transfer and reassign through the new
-- holder's delegation. Run: agency test Workflows/tests
-- (`until` is a Lua keyword: a people { ... } table in Lua writes it ["until"].)
people {
  format = 1,
  departments = {
    { id = "center", name = "招商服务中心", head = "chenzhiyuan" },
    { id = "daiban", name = "代办科", head = "wangjun", parent = "center" },
  },
  people = {
    { id = "chenzhiyuan", name = "陈志远", roles = { "主任" }, department = "center" },
    -- Week of 01-13: 王军 → 李明 → 赵红 → 孙强 (→ 马辉, one too many).
    -- Week of 01-20: 王军 → 李明 → 王军, a cycle.
    { id = "wangjun", name = "王军", roles = { "科长" }, department = "daiban",
      delegations = { { to = "liming", from = "2025-01-13", ["until"] = "2025-01-24", reason = "培训" } } },
    { id = "liming", name = "李明", roles = { "副科长" }, department = "daiban",
      delegations = { { to = "zhaohong", from = "2025-01-13", ["until"] = "2025-01-17" },
                      { to = "wangjun", from = "2025-01-20", ["until"] = "2025-01-24" } } },
    { id = "zhaohong", name = "赵红", roles = { "代办员" }, department = "daiban",
      delegations = { { to = "sunqiang", from = "2025-01-13", ["until"] = "2025-01-17" } } },
    { id = "sunqiang", name = "孙强", roles = { "代办员" }, department = "daiban",
      delegations = { { to = "mahui", from = "2025-01-13", ["until"] = "2025-01-17" } } },
    { id = "mahui", name = "马辉", roles = { "代办员" }, department = "daiban" },
    { id = "wangfang", name = "王芳", roles = { "代办员" }, department = "daiban" },
    { id = "admin", name = "系统管理员", roles = { "admin" } },
  },
}

local function submitted(t, day)
  t:at(day .. "T09:00")
  local id = t:start("leave_chain", { reason = "探亲", days = 2, applicant = "wangfang" }, { as = "wangfang" })
  t:act(id, "complete", { as = "wangfang" })
  return id
end

test("代理链最多跟随三级", function(t)
  local id = submitted(t, "2025-01-13")
  t:expect_item(id, { state = "manager", assignee = "sunqiang", onBehalfOf = "wangjun" })
  t:expect_no_item(id, { assignee = "mahui" })
  t:act(id, "approve", { as = "sunqiang" })
  t:expect_status(id, "completed")
end)

test("代理形成循环时转系统管理员", function(t)
  local id = submitted(t, "2025-01-20")
  t:expect_item(id, { assignee = "admin", onBehalfOf = "wangjun",
                      history = { { action = "proxy", to = "admin" } } })
end)

test("转办、改派给代理期间的人，同样转给代理人", function(t)
  t:at("2025-01-10T09:00")                    -- before any delegation
  local id = t:start("leave_chain", { reason = "探亲", days = 2, applicant = "wangfang" }, { as = "wangfang" })
  t:act(id, "complete", { as = "wangfang" })
  t:expect_item(id, { assignee = "wangjun" })
  t:at("2025-01-21T09:00")
  t:act(id, "transfer", { as = "wangjun", to = "chenzhiyuan" })
  t:expect_item(id, { assignee = "chenzhiyuan", onBehalfOf = json.null })
  local item = t:items(id)[1].id
  t:act(id, "reassign", { as = "admin", item = item, to = "zhaohong", reason = "主任出差" })
  t:expect_item(id, { assignee = "zhaohong", onBehalfOf = json.null })   -- 赵红's window has ended
  t:act(id, "reassign", { as = "admin", item = item, to = "wangjun", reason = "退回科长" })
  t:expect_item(id, { assignee = "admin", onBehalfOf = "wangjun" })      -- 王军 → 李明 → 王军: a cycle
end)
