-- Tests for Workflows/business_trip.lua (出差审批): head_of, self = "head" and
-- dedupe = "consecutive". Run: agency test Workflows/tests
people {
  format = 1,
  departments = {
    { id = "center", name = "招商服务中心", head = "chenzhiyuan" },
    { id = "zhaoshang", name = "招商科", head = "liming", parent = "center" },
    { id = "office", name = "办公室", head = "zhouli", parent = "center" },
  },
  people = {
    { id = "chenzhiyuan", name = "陈志远", roles = { "主任" }, department = "center" },
    { id = "liming", name = "李明", roles = { "科长" }, department = "zhaoshang" },
    { id = "zhangwei", name = "张伟", roles = { "代办员" }, department = "zhaoshang" },
    { id = "zhouli", name = "周丽", roles = { "办公室主任" }, department = "office" },
    { id = "mahui", name = "马辉", roles = { "文员" }, department = "office" },
    { id = "admin", name = "系统管理员", roles = { "admin" } },
  },
}

local function submitted(t, applicant, department)
  local id = t:start("business_trip", { applicant = applicant, department = department,
                                        destination = "杭州", days = 2 }, { as = applicant })
  t:act(id, "complete", { as = applicant })
  return id
end

test("科员出差：科长审批，办公室审核", function(t)
  local id = submitted(t, "zhangwei", "zhaoshang")
  t:expect_item(id, { state = "department_head", assignee = "liming" })
  t:act(id, "approve", { as = "liming" })
  t:expect_item(id, { state = "office", assignee = "zhouli" })
  t:act(id, "approve", { as = "zhouli" })
  t:expect_status(id, "completed")
end)

test("科长本人出差：由其上级（中心主任）审批", function(t)
  local id = submitted(t, "liming", "zhaoshang")
  t:expect_item(id, { state = "department_head", assignee = "chenzhiyuan" })
  t:expect_no_item(id, { assignee = "liming" })
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:expect_state(id, "office")
end)

test("办公室人员出差：办公室主任刚审批过，审核自动通过", function(t)
  local id = submitted(t, "mahui", "office")
  t:act(id, "approve", { as = "zhouli" })
  t:expect_status(id, "completed")
  local items = t:instance(id).items
  t:expect_match(items[#items], { state = "office", assignee = "zhouli", actedBy = "system",
                                  decision = "approved", history = { { action = "auto:dedupe" } } })
end)

test("办公室主任本人出差：中心主任审批一次即可", function(t)
  local id = submitted(t, "zhouli", "office")
  t:expect_item(id, { state = "department_head", assignee = "chenzhiyuan" })   -- self = "head"
  t:act(id, "approve", { as = "chenzhiyuan" })
  -- 办公室审核 would be 周丽 herself: her manager instead, who approved the step just before.
  t:expect_status(id, "completed")
  t:expect_journal(id, { kind = "approve", actor = "chenzhiyuan" })
end)

test("部门不存在：拒绝并说明", function(t)
  local id = t:start("business_trip", { applicant = "zhangwei", department = "finance", destination = "杭州", days = 1 },
                     { as = "zhangwei" })
  local refusal = t:expect_refused(function() t:act(id, "complete", { as = "zhangwei" }) end, "invalid")
  t:expect(refusal.message:find("head_of%(department%): data field 'department' holds 'finance'"), refusal.message)
end)
