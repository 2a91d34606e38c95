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

-- 重点意向：实地考察 → 要素保障（每项要素一个 element 实例）→ 商定签约条件。
local function through_elements(t, id, elements)
  t:act(id, "send", { as = "zhangwei", event = "visit",
                      data = { place = "经开区东区地块", attendees = { "李明", "张伟", "企业代表王总" },
                               findings = "地块已平整，需新建 10kV 线路" } })
  t:act(id, "send", { as = "zhangwei", event = "elements", data = elements and { elements = elements } or nil })
  return t:list({ workflow = "element" })
end

test("转段须满足条件并经包联领导审批", function(t)
  local id = project(t, "成熟待签约")
  local refusal = t:expect_refused(function()
    t:act(id, "complete", { as = "zhangwei", outcome = "advance" })
  end, "not_permitted")
  t:expect(refusal.message:find("合同编号", 1, true), refusal.message)
end)

test("重点意向：先实地考察，再研讨要素保障，最后商定签约条件", function(t)
  local id = project(t, "重点意向")
  local refusal = t:expect_refused(function()
    t:act(id, "send", { as = "zhangwei", event = "elements" })
  end, "not_permitted")
  t:expect(refusal.message:find("实地考察", 1, true), refusal.message)
  local stage_item = t:items(id)[1]
  local children = through_elements(t, id)
  t:expect_eq(#children, 7, "默认七项要素")
  t:expect_state(id, "elements")
  t:expect_data(id, { stage = "重点意向", visits = { { place = "经开区东区地块", findings = "地块已平整，需新建 10kV 线路" } } })
  local land
  for _, child in ipairs(children) do if child.data.element == "用地" then land = child end end
  t:expect_data(land.id, { department = "规划和自然资源局", limit = 10, project = id, project_name = "测试项目" })
  t:expect_item(land.id, { assignee = "zhangwei", due = "2025-01-21T00:00:00+08:00" })
  -- 有条件落实、无法保障须写明说明。
  t:expect_refused(function()
    t:act(children[3].id, "complete", { as = "zhangwei", outcome = "conditional" })
  end, "not_permitted")
  for index, child in ipairs(children) do
    if index == 3 then
      t:act(child.id, "complete", { as = "zhangwei", outcome = "conditional", comment = "需企业承担线路改造费用" })
    else
      t:act(child.id, "complete", { as = "zhangwei", outcome = "secured" })
    end
  end
  t:expect_state(id, "terms")
  t:expect_data(id, { elements_done = "2025-01-06" })
  local result = t:data(id).elements_result
  t:expect_eq(#result, 7)
  t:expect_match(result[1], { name = "用地", department = "规划和自然资源局", child = land.id, outcome = "concluded" })
  t:expect_data(children[3].id, { result = "有条件落实", note = "需企业承担线路改造费用" })
  t:expect(stage_item.id ~= t:items(id)[1].id, "商定签约条件是新的待办")
  t:act(id, "complete", { as = "zhangwei", outcome = "advance", data = { conditions = "供电线路由企业出资改造" } })
  t:act(id, "reject", { as = "liming", comment = "签约条件需明确用工规模" })
  t:expect_state(id, "terms")
  t:act(id, "complete", { as = "zhangwei", outcome = "advance", data = { conditions = "用工 200 人，本地招聘" } })
  t:act(id, "approve", { as = "liming" })
  t:expect_data(id, { stage = "成熟待签约", conditions = "用工 200 人，本地招聘" })
end)

test("要素保障清单可自定，超期催办代办员、督办包联领导", function(t)
  local id = project(t, "重点意向")
  local bad = t:expect_refused(function()
    through_elements(t, id, { { name = "用电" } })
  end, "not_permitted")
  t:expect(bad.message:find("责任部门", 1, true), bad.message)
  local children = through_elements(t, id, { { name = "用电", department = "国网屯留区供电公司", limit = 3 } })
  t:expect_eq(#children, 1)
  t:advance("2025-01-15T00:00")
  t:expect_notification { to = "zhangwei", kind = "催办", instance = children[1].id }
  t:expect_notification { to = "liming", kind = "督办", instance = children[1].id }
  t:act(children[1].id, "complete", { as = "zhangwei", outcome = "unresolved", data = { note = "线路容量不足，需上报市供电公司" } })
  t:expect_state(id, "terms")
end)

test("专班、一企一策、实地考察随时记录，不改变阶段和时限", function(t)
  local id = project(t, "初步对接")
  local before = t:items(id)[1]
  t:act(id, "send", { as = "liming", event = "team", data = {
    lead = "李明", members = { { name = "张伟", department = "项目代办服务中心", duty = "代办" },
                               { name = "刘工", department = "规划和自然资源局", duty = "用地" } } } })
  t:act(id, "send", { as = "zhangwei", event = "plan", data = { measures = {
    { measure = "协调标准化厂房租金减免", owner = "经开区招商部", due = "2025-02-28" },
    { measure = "对接人社局专场招聘", owner = "吴霞", due = "2025-03-15", status = "未开始" } } } })
  t:expect_state(id, "contact")
  t:expect_eq(t:items(id)[1].id, before.id)
  t:expect_eq(t:items(id)[1].due, before.due)
  t:expect_data(id, { team = { lead = "李明", since = "2025-01-06" },
                      plan = { measures = { { status = "推进中" }, { status = "未开始" } } } })
  local refusal = t:expect_refused(function()
    t:act(id, "send", { as = "zhangwei", event = "plan", data = { measures = { { measure = "x", owner = "y", due = "3月" } } } })
  end, "not_permitted")
  t:expect(refusal.message:find("YYYY-MM-DD", 1, true), refusal.message)
  -- 与项目无关的人不能记录。
  t:expect_refused(function()
    t:act(id, "send", { as = "liuyang", event = "visit", data = { findings = "x" } })
  end, "not_permitted")
end)

test("投资进度：计划和完成投资按月记录，累计完成", function(t)
  local id = project(t, "签约待备案")
  t:expect_refused(function()
    t:act(id, "send", { as = "zhangwei", event = "investment", data = { month = "2025-3", amount = 100 } })
  end, "not_permitted")
  t:act(id, "send", { as = "zhangwei", event = "investment", data = {
    plan = { ["2025-03"] = 1000, ["2025-04"] = 2000 }, planned_start = "2025-03-01", planned_completion = "2025-12-31" } })
  -- 不存在的月份、日期，空计划，竣工早于开工，超大金额：都拒绝。
  for _, bad in ipairs({ { month = "2025-13", amount = 1 }, { month = "2025-02", amount = 1e20 }, { plan = {} },
                         { planned_start = "2025-02-30" }, { planned_completion = "2025-01-01" } }) do
    t:expect_refused(function()
      t:act(id, "send", { as = "zhangwei", event = "investment", data = bad })
    end, "not_permitted")
  end
  t:act(id, "send", { as = "zhangwei", event = "investment", data = { month = "2025-03", amount = 800 } })
  t:act(id, "send", { as = "zhangwei", event = "investment", data = { month = "2025-04", amount = 1500 } })
  t:act(id, "send", { as = "zhangwei", event = "investment", data = { month = "2025-04", amount = 1700 } })
  t:expect_data(id, { investment_plan = { ["2025-03"] = 1000, ["2025-04"] = 2000 },
                      investment_done = { ["2025-03"] = 800, ["2025-04"] = 1700 },
                      investment_completed = 2500, planned_start = "2025-03-01" })
  t:expect_state(id, "signed")
end)

test("分析研判会的意见：记入项目，暂缓从审批中也能生效", function(t)
  local id = project(t, "成熟待签约")
  t:act(id, "complete", { as = "zhangwei", outcome = "advance",
                          data = { contract_no = "屯经开〔2025〕1号", signed_on = "2025-01-06" } })
  t:expect_state(id, "signing_review")
  t:signal(id, "assessed", { meeting = "assessment-2025-01-15", date = "2025-01-15", verdict = "补充论证",
                             reasons = "市场前景需再论证" })
  t:expect_state(id, "signing_review")
  t:expect_data(id, { next_step = "按分析研判会意见补充论证",
                      assessments = { { verdict = "补充论证", stage = "成熟待签约", meeting = "assessment-2025-01-15" } } })
  t:signal(id, "pause", { reason = "分析研判会（2025-01-15）：资金未落实" })
  t:expect_state(id, "paused")
  t:expect_data(id, { paused_from = "signing", pause_reason = "分析研判会（2025-01-15）：资金未落实" })
  -- 代办员不能冒充研判意见。
  t:expect_refused(function()
    t:act(id, "send", { as = "zhangwei", event = "assessed", data = { verdict = "维持", reasons = "x" } })
  end, "not_permitted")
  t:act(id, "send", { as = "liming", event = "resume" })
  t:expect_state(id, "signing")
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

test("周报告：在建项目投资和专班、一企一策", function(t)
  local id = project(t, "签约待备案")
  t:act(id, "send", { as = "zhangwei", event = "investment", data = {
    plan = { ["2025-01"] = 1000, ["2025-02"] = 1000, ["2025-03"] = 4000 }, planned_start = "2025-03-01" } })
  t:act(id, "send", { as = "zhangwei", event = "investment", data = { month = "2025-01", amount = 600 } })
  t:act(id, "send", { as = "liming", event = "team", data = {
    lead = "李明", members = { { name = "张伟", department = "项目代办服务中心" } } } })
  t:act(id, "send", { as = "zhangwei", event = "plan", data = { measures = {
    { measure = "协调用电增容", owner = "供电公司", due = "2025-01-10" },
    { measure = "指导企业备案", owner = "张伟", due = "2025-02-10", status = "已完成" } } } })
  t:advance("2025-02-05T12:00")
  t:act(id, "send", { as = "zhangwei", event = "investment", data = { month = "2025-02", amount = 900 } })
  -- 只计整月：2 月 5 日的周报告只有 1 月的数。
  local report = t:report("weekly", { week = "2025-W07" })
  t:expect_match(report.investment[1], { id = id, stage = "签约待备案", planned = 1000, completed = 600,
                                         lastMonth = 600, rate = 0.6, plannedStart = "2025-03-01" })
  t:expect_match(report.teams[1], { id = id, lead = "李明", members = { "张伟（项目代办服务中心）" },
                                    measures = 2, measuresDone = 1, measuresOverdue = 1,
                                    nextMeasure = "协调用电增容（供电公司，01-10 前）" })
  t:advance("2025-03-04T12:00")
  local march = t:report("weekly", { week = "2025-W10" })
  t:expect_match(march.investment[1], { planned = 2000, completed = 1500, lastMonth = 900, rate = 0.75 })
  -- 一周报告看的是当时的专班和措施：组建之前的周报告没有。
  t:expect_eq(t:report("weekly", { week = "2025-W01" }).teams, nil)
end)

test("研判会终止手续办理中的项目：在办的单项手续一并撤回", function(t)
  local id = project(t, "签约待备案")
  t:act(id, "complete", { as = "zhangwei", outcome = "advance", data = { credit_code = "91140405MA0000001X" } })
  t:act(id, "approve", { as = "liming" })
  t:act(id, "complete", { as = "zhangwei", outcome = "filed", data = { filing_code = "2501-140405-04-01-000001" } })
  t:expect_state(id, "permitting")
  local running = t:list({ workflow = "permit", status = "running" })
  t:expect(#running > 0, "手续已启动")
  t:signal(id, "drop", { reason = "分析研判会（2025-01-15）：企业放弃投资" })
  t:expect_state(id, "dropped")
  t:expect_eq(#t:list({ workflow = "permit", status = "running" }), 0)
  t:expect_data(running[1].id, { withdraw_reason = "项目终止：分析研判会（2025-01-15）：企业放弃投资" })
  t:expect_eq(t:instance(running[1].id).outcome, "withdrawn")
end)
