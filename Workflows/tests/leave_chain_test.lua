-- Tests for Workflows/leave_chain.lua (逐级请假审批): the org chart, dedupe, when_empty and
-- standing delegation (代理). Run: agency test Workflows/tests
-- (`until` is a Lua keyword: a people { ... } table in Lua writes it ["until"].)
people {
  format = 1,
  departments = {
    { id = "center", name = "招商服务中心", head = "chenzhiyuan" },
    { id = "daiban", name = "代办科", head = "wangjun", parent = "center" },
  },
  people = {
    { id = "chenzhiyuan", name = "陈志远", roles = { "主任" }, department = "center" },
    { id = "wangjun", name = "王军", roles = { "科长" }, department = "daiban",
      delegations = { { to = "liming", from = "2025-01-13", ["until"] = "2025-01-17", reason = "年休假" } } },
    { id = "liming", name = "李明", roles = { "副科长" }, department = "daiban" },
    { id = "wangfang", name = "王芳", roles = { "代办员" }, department = "daiban" },
    { id = "admin", name = "系统管理员", roles = { "admin" } },
  },
}

local function submitted(t, applicant, days)
  local id = t:start("leave_chain", { reason = "探亲", days = days, applicant = applicant }, { as = applicant })
  t:act(id, "complete", { as = applicant })
  return id
end

test("短假：直属领导（科长）审批即办结", function(t)
  local id = submitted(t, "wangfang", 2)
  t:expect_state(id, "manager")
  t:expect_item(id, { assignee = "wangjun", kind = "approval", title = "直属领导审批" })
  t:act(id, "approve", { as = "wangjun" })
  t:expect_status(id, "completed")
end)

test("长假逐级审批到主任，科长不重复审批", function(t)
  local id = submitted(t, "wangfang", 5)
  t:act(id, "approve", { as = "wangjun" })
  t:expect_state(id, "chain")
  -- 王军 approved the step before: his chain item is approved by the system (dedupe).
  local items = t:instance(id).items
  local auto = items[#items - 1]
  t:expect_match(auto, { state = "chain", assignee = "wangjun", status = "done", decision = "approved",
                         actedBy = "system", history = { { action = "auto:dedupe" } } })
  t:expect_item(id, { state = "chain", assignee = "chenzhiyuan", status = "open" })
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:expect_status(id, "completed")
end)

test("主任请假：无上级，由系统管理员审批，逐级审批跳过", function(t)
  local id = submitted(t, "chenzhiyuan", 5)
  t:expect_item(id, { state = "manager", assignee = "admin" })
  t:expect_journal(id, { kind = "complete", details = { log = { "state 'manager': approvers resolve to nobody "
    .. "(state 'manager' approvers: manager_of(applicant): 陈志远 (chenzhiyuan) has no manager in the people "
    .. "directory; give them a manager, or a department whose head (or a parent's head) is someone else); "
    .. "when_empty = \"admin\" gives the items to 系统管理员 (admin)" } } })
  t:act(id, "approve", { as = "admin" })
  t:expect_status(id, "completed")            -- chain resolved to nobody: when_empty = "skip"
end)

test("科长年休假期间，待办由副科长代理", function(t)
  t:at("2025-01-13T09:00")
  local id = submitted(t, "wangfang", 2)
  t:expect_item(id, { assignee = "liming", onBehalfOf = "wangjun", history = { { action = "proxy", to = "liming" } } })
  t:expect_notification { to = "liming", kind = "assigned", body = "请假审批（逐级） " .. id .. "：直属领导审批（代 王军）" }
  t:expect_refused(function() t:act(id, "approve", { as = "wangjun" }) end, "not_permitted")
  t:act(id, "approve", { as = "liming" })
  t:expect_status(id, "completed")
end)

test("代理开始前已派出的待办留在原处", function(t)
  t:at("2025-01-10T09:00")                    -- Friday, before the leave
  local id = submitted(t, "wangfang", 2)
  t:advance("2025-01-14T09:00")
  t:expect_item(id, { assignee = "wangjun", onBehalfOf = json.null })
  t:act(id, "approve", { as = "wangjun" })
  t:expect_status(id, "completed")
end)
