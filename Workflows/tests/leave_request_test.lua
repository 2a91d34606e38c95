-- Tests for Workflows/leave_request.lua (请假审批). Run: agency test Workflows/tests
people {
  { id = "wangfang", name = "王芳", roles = { "代办员" } },
  { id = "chenzhiyuan", name = "陈志远", roles = { "主任" } },
  { id = "zhangwei", name = "张伟", roles = { "代办员" } },
  { id = "admin", name = "系统管理员", roles = { "admin" } },
}

-- Starts a request on Monday 2025-01-06 09:00 and submits it.
local function submitted(t, days)
  t:at("2025-01-06T09:00")
  local id = t:start("leave_request", { reason = "探亲", days = days or 3, applicant = "wangfang" },
                     { as = "wangfang" })
  t:expect_state(id, "submit")
  t:act(id, "complete", { as = "wangfang" })
  return id
end

test("主任同意后办结", function(t)
  local id = submitted(t)
  t:expect_state(id, "review")
  t:expect_item(id, { assignee = "chenzhiyuan", kind = "approval", title = "主任审批" })
  t:expect_notification { to = "chenzhiyuan", kind = "assigned", instance = id }
  t:act(id, "approve", { as = "chenzhiyuan", comment = "同意" })
  local instance = t:instance(id)
  t:expect_eq(instance.status, "completed")
  t:expect_eq(instance.outcome, "approved")
  t:expect_eq(#t:items(id), 0, "no open items after approval")
  t:expect_journal(id, { kind = "approve", actor = "chenzhiyuan" })
end)

test("驳回后退回申请人，再次提交", function(t)
  local id = submitted(t)
  t:act(id, "reject", { as = "chenzhiyuan", comment = "请补充说明" })
  t:expect_state(id, "submit")
  t:expect_item(id, { assignee = "wangfang", kind = "task" })
  t:act(id, "complete", { as = "wangfang", outcome = "submitted" })
  t:expect_state(id, "review")
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:expect_status(id, "completed")
end)

test("一个工作日未审批催办，两个工作日后超期变红", function(t)
  local id = submitted(t)
  t:advance(hours(8))
  t:expect_no_notification { kind = "催办" }
  t:advance(workdays(1))                    -- to the end of Tuesday 2025-01-07
  t:expect_notification { to = "chenzhiyuan", kind = "催办", instance = id }
  t:expect_item(id, { assignee = "chenzhiyuan", reminders = 1, color = "green" })
  t:advance("2025-01-09T00:00")             -- the due time: the end of the second working day
  t:expect_notification { to = "chenzhiyuan", kind = "color", level = "red" }
  t:expect_item(id, { color = "red" })
  t:expect_state(id, "review")              -- no timeout: it waits, red, for the director
end)

test("期限按工作日计算，跨春节顺延", function(t)
  t:at("2025-01-24T15:00")                  -- Friday before the Spring Festival
  local id = t:start("leave_request", { reason = "返乡", days = 5, applicant = "wangfang" }, { as = "wangfang" })
  t:act(id, "complete", { as = "wangfang" })
  -- 01-26 (Sun) is a make-up working day, 01-27 the second: due at the end of 01-27.
  t:expect_item(id, { due = "2025-01-28T00:00:00+08:00" })
end)

test("无关人员不能审批，尝试会记入日志", function(t)
  local id = submitted(t)
  t:expect_refused(function()
    t:act(id, "approve", { as = "zhangwei" })
  end, "not_permitted")
  t:expect_state(id, "review")
  t:expect_journal(id, { kind = "refused", actor = "zhangwei", details = { code = "not_permitted" } })
end)

test("缺少请假天数时不能发起", function(t)
  t:expect_refused(function()
    t:start("leave_request", { reason = "探亲", applicant = "wangfang" }, { as = "wangfang" })
  end, "invalid")
end)

test("申请人在审批前撤回", function(t)
  local id = submitted(t)
  t:act(id, "withdraw", { as = "wangfang" })
  t:expect_state(id, "submit")
  t:expect_no_item(id, { kind = "approval" })
end)

test("管理员可以取消", function(t)
  local id = submitted(t)
  t:expect_refused(function() t:act(id, "cancel", { as = "wangfang", reason = "不需要了" }) end,
                   "not_permitted")
  t:act(id, "cancel", { as = "admin", reason = "申请人离职" })
  t:expect_status(id, "cancelled")
end)
