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

-- The review's form: the director may shorten the leave and name who covers (days, cover);
-- nothing else of the data.
test("主任审批时可核减天数、指定代岗人，其他字段不可改", function(t)
  local id = submitted(t, 5)
  local refusal = t:expect_refused(function()
    t:act(id, "approve", { as = "chenzhiyuan", data = { reason = "改为公休" } })
  end, "invalid")
  t:expect(refusal.message:find("editable fields: cover, days", 1, true), refusal.message)
  t:act(id, "approve", { as = "chenzhiyuan", comment = "同意三天", data = { days = 3, cover = "zhangwei" } })
  local data = t:data(id)
  t:expect_eq(data.days, 3)
  t:expect_eq(data.cover, "zhangwei")
  t:expect_eq(data.reason, "探亲")
  t:expect_status(id, "completed")
end)

test("表单字段按声明的类型检查", function(t)
  local id = submitted(t)
  t:expect_refused(function()
    t:act(id, "approve", { as = "chenzhiyuan", data = { days = "三天" } })
  end, "invalid")
  t:expect_refused(function()
    t:act(id, "approve", { as = "chenzhiyuan", data = { cover = "nobody" } })
  end, "invalid")
  t:expect_state(id, "review")
end)

-- 催办 by the applicant: notifies the director, once an hour at most.
test("申请人催办：通知审批人，一小时内只能催一次", function(t)
  local id = submitted(t)
  t:act(id, "urge", { as = "wangfang", comment = "周五出发" })
  t:expect_notification { to = "chenzhiyuan", kind = "催办", instance = id, title = "催办：主任审批" }
  t:expect_journal(id, { kind = "urge", actor = "wangfang" })
  t:advance(hours(1))
  t:act(id, "urge", { as = "wangfang" })
  local refusal = t:expect_refused(function() t:act(id, "urge", { as = "wangfang" }) end, "conflict")
  t:expect(refusal.message:find("next urge is possible from", 1, true), refusal.message)
  t:expect_refused(function() t:act(id, "urge", { as = "zhangwei" }) end, "not_permitted")
  t:expect_state(id, "review")
end)

test("催办不影响撤回", function(t)
  local id = submitted(t)
  t:act(id, "urge", { as = "wangfang" })
  t:act(id, "withdraw", { as = "wangfang" })
  t:expect_state(id, "submit")
end)

-- 撤销: within five working days of approval, confirmed by the director.
test("批准后撤销请假，主任确认后结果为 revoked", function(t)
  local id = submitted(t)
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:expect_status(id, "completed")
  t:expect_refused(function() t:act(id, "revoke", { as = "wangfang" }) end, "invalid")
  t:expect_refused(function() t:act(id, "revoke", { as = "zhangwei", reason = "代为撤销" }) end,
                   "not_permitted")
  t:act(id, "revoke", { as = "wangfang", reason = "行程取消" })
  t:expect_status(id, "running")
  t:expect_state(id, "revoke_review")
  t:expect_journal(id, { kind = "revoke", actor = "wangfang", details = { revoked = "approved" } })
  t:act(id, "approve", { as = "chenzhiyuan" })
  local instance = t:instance(id)
  t:expect_eq(instance.status, "completed")
  t:expect_eq(instance.outcome, "revoked")
end)

test("撤销被主任驳回，请假仍然有效", function(t)
  local id = submitted(t)
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:act(id, "revoke", { as = "wangfang", reason = "行程取消" })
  t:act(id, "reject", { as = "chenzhiyuan", comment = "已安排代岗，不予撤销" })
  local instance = t:instance(id)
  t:expect_eq(instance.outcome, "approved")
end)

test("运行中不能撤销，超过五个工作日不能撤销", function(t)
  local id = submitted(t)
  t:expect_refused(function() t:act(id, "revoke", { as = "wangfang", reason = "不去了" }) end, "conflict")
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:advance(workdays(6))
  local refusal = t:expect_refused(function()
    t:act(id, "revoke", { as = "wangfang", reason = "不去了" })
  end, "conflict")
  t:expect(refusal.message:find("revoke_within = 5wd", 1, true), refusal.message)
end)
