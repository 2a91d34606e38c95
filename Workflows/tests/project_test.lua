-- Tests for Workflows/project.lua (招商项目全代办). Run: agency test Workflows/tests
-- People: Workflows/people.json (李明 包联领导, 张伟 代办员, 陈志远 主任 ...).

local function project(t, stage, extra)
  local input = {
    name = "测试项目", enterprise = "山西测试科技有限公司", sector = "信息技术", investment = 6000,
    scale = "数字化车间", land = "租用标准化厂房", site = "标准化厂房3号", land_type = "标准化厂房",
    leader = "liming", agent = "zhangwei", liaison = "wuxia", initial_stage = stage,
  }
  for key, value in pairs(extra or {}) do input[key] = value end
  return t:start("project", input, { as = "zhangwei", id = "P01" })
end

test("导入项目从其当前阶段开始", function(t)
  local id = project(t, "重点意向")
  t:expect_state(id, "intent")
  t:expect_data(id, { stage = "重点意向" })
  t:expect_item(id, { assignee = "zhangwei", title = "重点意向" })
end)

test("转段须满足条件并经包联领导审批", function(t)
  local id = project(t, "重点意向")
  local refusal = t:expect_refused(function()
    t:act(id, "complete", { as = "zhangwei", outcome = "advance" })
  end, "not_permitted")
  t:expect(refusal.message:find("签约条件", 1, true), refusal.message)
  t:act(id, "complete", { as = "zhangwei", outcome = "advance", data = { conditions = "供电已落实" } })
  t:expect_item(id, { assignee = "liming", kind = "approval" })
  t:act(id, "approve", { as = "liming" })
  t:expect_data(id, { stage = "成熟待签约", conditions = "供电已落实" })
end)

test("签约须包联领导、主任依次审批", function(t)
  local id = project(t, "成熟待签约")
  t:act(id, "complete", { as = "zhangwei", outcome = "advance",
                          data = { contract_no = "屯经开〔2025〕1号", signed_on = "2025-01-06" } })
  t:expect_no_item(id, { assignee = "chenzhiyuan" })
  t:act(id, "approve", { as = "liming" })
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:expect_data(id, { stage = "签约待备案" })
end)

test("暂缓须写明原因，包联领导恢复推进", function(t)
  local id = project(t, "初步对接")
  t:expect_refused(function() t:act(id, "complete", { as = "zhangwei", outcome = "pause" }) end, "not_permitted")
  t:act(id, "complete", { as = "zhangwei", outcome = "pause", comment = "企业融资未到位" })
  t:expect_state(id, "paused")
  t:act(id, "send", { as = "liming", event = "resume" })
  t:expect_state(id, "contact")
end)

test("阶段超期后催办代办员、督办包联领导", function(t)
  local id = project(t, "签约待备案")
  t:expect_item(id, { due = "2025-01-27T00:00:00+08:00" })   -- 第 15 个工作日是 01-26（周日调休上班）
  t:advance("2025-02-08T00:00")
  t:expect_notification { to = "zhangwei", kind = "催办", instance = id }
  t:expect_notification { to = "liming", kind = "督办", instance = id }
  t:expect_item(id, { color = "red" })
end)
