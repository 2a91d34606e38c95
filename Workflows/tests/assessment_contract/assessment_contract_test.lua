-- The messages Workflows/assessment.lua (分析研判会) sends to projects, exactly as a project
-- receives them. The workflows under test are this folder: assessment.lua (a link to the
-- real file) and project.lua, a stand-in that keeps every message in data.received.
-- The round trip with the real project workflow is in ../assessment_test.lua.

local function project(t, id, name)
  t:start("project", { name = name, stage = "初步对接", leader = "liming", agent = "zhangwei" },
          { as = "zhangwei", id = id })
end

test("审定后逐个项目送达研判意见：先 assessed，暂缓再 pause，终止再 drop", function(t)
  project(t, "P01", "甲项目")
  project(t, "P02", "乙项目")
  project(t, "P03", "丙项目")
  local id = t:start("assessment", { topic = "一季度研判" }, { as = "chenzhiyuan" })
  t:act(id, "complete", { as = "guoli", data = {
    attendees = { "chenzhiyuan", "liming" }, summary = "逐个研判",
    verdicts = {
      { project = "P01", verdict = "补充论证", reasons = "用地指标未落实", next_step = "出具用地意见" },
      { project = "P02", verdict = "暂缓", reasons = "企业融资未到位" },
      { project = "P03", verdict = "终止", reasons = "企业放弃投资" },
    } } })
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:expect_eq(t:data("P01").received, {
    { event = "assessed", data = { meeting = id, date = "2025-01-06", verdict = "补充论证",
                                   reasons = "用地指标未落实", next_step = "出具用地意见" } },
  })
  t:expect_eq(t:data("P02").received, {
    { event = "assessed", data = { meeting = id, date = "2025-01-06", verdict = "暂缓", reasons = "企业融资未到位" } },
    { event = "pause", data = { reason = "分析研判会（2025-01-06）：企业融资未到位" } },
  })
  t:expect_state("P02", "paused")
  t:expect_eq(t:data("P03").received, {
    { event = "assessed", data = { meeting = id, date = "2025-01-06", verdict = "终止", reasons = "企业放弃投资" } },
    { event = "drop", data = { reason = "分析研判会（2025-01-06）：企业放弃投资" } },
  })
  t:expect_state("P03", "dropped")
  t:expect_eq(t:data(id).applied, {
    { project = "P01", verdict = "补充论证", sent = { "assessed" } },
    { project = "P02", verdict = "暂缓", sent = { "assessed", "pause" } },
    { project = "P03", verdict = "终止", sent = { "assessed", "drop" } },
  })
end)

test("已暂缓的项目再研判暂缓只送 assessed；终止可以从暂缓送达", function(t)
  project(t, "P01", "甲项目")
  project(t, "P02", "乙项目")
  t:act("P01", "complete", { as = "zhangwei", outcome = "pause", data = { reason = "企业调整计划" } })
  t:act("P02", "complete", { as = "zhangwei", outcome = "pause", data = { reason = "企业调整计划" } })
  local id = t:start("assessment", {}, { as = "chenzhiyuan" })
  t:expect_data(id, { projects = { "P01", "P02" } })
  t:act(id, "complete", { as = "guoli", data = {
    attendees = { "陈志远" }, summary = "暂缓项目复核",
    verdicts = { { project = "P01", verdict = "暂缓", reasons = "仍未落实资金" },
                 { project = "P02", verdict = "终止", reasons = "企业撤回" } } } })
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:expect_match(t:data(id).applied, {
    { project = "P01", sent = { "assessed" }, note = "项目已在暂缓中" },
    { project = "P02", sent = { "assessed", "drop" } },
  })
  t:expect_state("P01", "paused")
  t:expect_state("P02", "dropped")
end)

test("转段审批中的项目也可暂缓；审定前已终止的项目不再送达，通知主持人", function(t)
  project(t, "P01", "甲项目")
  project(t, "P02", "乙项目")
  t:act("P01", "complete", { as = "zhangwei", outcome = "advance" })
  local id = t:start("assessment", {}, { as = "chenzhiyuan" })
  t:act(id, "complete", { as = "guoli", data = {
    attendees = { "chenzhiyuan" }, summary = "研判",
    verdicts = { { project = "P01", verdict = "暂缓", reasons = "资金未到位" },
                 { project = "P02", verdict = "维持", reasons = "推进正常" } } } })
  -- P02 is dropped by its agent after the minutes were written.
  t:act("P02", "complete", { as = "zhangwei", outcome = "drop", data = { reason = "企业撤回" } })
  t:clear_notifications()
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:expect_state("P01", "paused")
  t:expect_eq(t:data(id).applied, {
    { project = "P01", verdict = "暂缓", sent = { "assessed", "pause" } },
    { project = "P02", verdict = "维持", sent = {}, note = "项目已不在办（已办结、终止或取消），未送达" },
  })
  t:expect_eq(#t:data("P02").received, 1)   -- only its own drop
  t:expect_notification { to = "chenzhiyuan", title = "分析研判会（2025-01-06）部分研判意见未能送达",
                          body = "P02（乙项目）：项目已不在办（已办结、终止或取消），未送达" }
end)
