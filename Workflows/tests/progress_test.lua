-- Tests for Workflows/progress.lua (项目进展周报收集) and Workflows/progress_report.lua
-- (项目进展周报). People: Workflows/people.json (联络员 吴霞 wuxia、徐磊 xulei、孙丽 sunli;
-- 代办员 张伟 zhangwei、刘洋 liuyang; 包联领导 李明 liming).

local function project(t, id, stage, liaison, agent)
  return t:start("project", {
    name = "项目" .. id, enterprise = "企业" .. id, sector = "装备制造", investment = 8000,
    scale = "生产线", land = "标准化厂房", site = "3号厂房", land_type = "标准化厂房",
    leader = "liming", agent = agent or "zhangwei", liaison = liaison or "wuxia", initial_stage = stage,
  }, { as = agent or "zhangwei", id = id })
end

local function ids(list)
  local out = {}
  for _, element in ipairs(list) do out[#out + 1] = element.project end
  return out
end

test("周四派发：每个在推进的项目一份，暂缓、终止的不派发", function(t)
  project(t, "P01", "初步对接", "wuxia")
  project(t, "P02", "重点意向", "xulei")
  project(t, "P03", "成熟待签约", "sunli")
  project(t, "P04", "签约待备案", "xulei", "liuyang")
  t:act("P02", "complete", { as = "zhangwei", outcome = "pause", comment = "企业融资未到位" })
  t:act("P03", "complete", { as = "zhangwei", outcome = "drop", comment = "企业放弃投资" })
  t:expect_eq(t:enable_schedule("progress", "2025-01-06"), "2025-01-09")
  t:advance("2025-01-09T09:30")
  local id = "progress-2025-01-09"
  t:expect_eq(t:instance(id).createdAt, "2025-01-09T09:00:00+08:00")
  t:expect_state(id, "collect")
  t:expect_data(id, { week = "2025-01-13", dispatch_day = "2025-01-13", closes_at = "2025-01-13 08:00",
                      due_by = "2025-01-10", expected = 2, submitted = 0 })
  t:expect_eq(ids(t:data(id).projects), { "P01", "P04" })
  t:expect_data(id .. ".c1", { project = "P01", project_name = "项目P01", liaison = "wuxia", agent = "zhangwei",
                               leader = "liming", week = "2025-01-13", collection = id, due_by = "2025-01-10" })
  t:expect_data(id .. ".c2", { project = "P04", liaison = "xulei", agent = "liuyang", stage = "签约待备案" })
  t:expect_eq(#t:list { workflow = "progress_report" }, 2)
  -- 次一个工作日（周五）下班前填报。
  t:expect_item(id .. ".c1", { assignee = "wuxia", title = "填报项目进展周报", due = "2025-01-11T00:00:00+08:00" })
  t:expect_item(id .. ".c2", { assignee = "xulei" })
  t:expect_notification { to = "wuxia", kind = "assigned", instance = id .. ".c1" }
  t:expect_no_notification { to = "sunli" }
end)

test("提交须写本周进展；存在问题、下周计划选填", function(t)
  project(t, "P01", "初步对接", "wuxia")
  project(t, "P02", "重点意向", "xulei")
  t:enable_schedule("progress", "2025-01-09")
  t:advance("2025-01-09T10:00")
  local id = "progress-2025-01-09"
  t:expect_refused(function() t:act(id .. ".c1", "complete", { as = "wuxia" }) end)
  t:expect_refused(function()
    t:act(id .. ".c1", "complete", { as = "wuxia", data = { text = "  " } })
  end, "invalid")
  t:expect_refused(function()
    t:act(id .. ".c1", "complete", { as = "xulei", data = { text = "替别人填报" } })
  end)
  t:expect_status(id .. ".c1", "running")
  t:act(id .. ".c1", "complete", { as = "wuxia", data = {
    text = "本周与企业完成第二轮洽谈，明确一期建设内容", problems = "选址待定", next_week = "陪同企业踏勘东区地块" } })
  t:expect_status(id .. ".c1", "completed")
  t:expect_data(id .. ".c1", { text = "本周与企业完成第二轮洽谈，明确一期建设内容", problems = "选址待定",
                               submitted_at = "2025-01-09T10:00:00+08:00" })
  t:act(id .. ".c2", "complete", { as = "xulei", data = { text = "企业董事会已通过投资决议" } })
  -- 每份周报报给收集实例，按项目记下。
  t:expect_data(id, { submitted = 2, expected = 2, missing = {}, reports = {
    P01 = { report = id .. ".c1", liaison = "wuxia", text = "本周与企业完成第二轮洽谈，明确一期建设内容",
            problems = "选址待定", next_week = "陪同企业踏勘东区地块", at = "2025-01-09T10:00:00+08:00" },
    P02 = { report = id .. ".c2", text = "企业董事会已通过投资决议", problems = json.null } } })
  -- 全部提交后提前截止。
  t:expect_state(id, "closed")
  t:expect_data(id, { closed_by = "completed" })
end)

test("派发当天下午催办一次，在期限之前", function(t)
  project(t, "P01", "初步对接", "wuxia")
  t:enable_schedule("progress", "2025-01-09")
  t:advance("2025-01-09T14:59")
  t:expect_no_notification { to = "wuxia", kind = "催办" }
  t:advance("2025-01-09T15:00")
  t:expect_notification { to = "wuxia", kind = "催办", instance = "progress-2025-01-09.c1" }
  t:expect_item("progress-2025-01-09.c1", { reminders = 1, color = "green" })
  t:clear_notifications()
  t:advance("2025-01-12T00:00")   -- 期限过后只变红，不再催办
  t:expect_no_notification { to = "wuxia", kind = "催办" }
  t:expect_item("progress-2025-01-09.c1", { reminders = 1, color = "red" })
end)

test("周调度当日 08:00 截止：未提交的周报取消，记入流水", function(t)
  project(t, "P01", "初步对接", "wuxia")
  project(t, "P02", "重点意向", "xulei")
  t:enable_schedule("progress", "2025-01-09")
  t:advance("2025-01-10T11:00")
  local id = "progress-2025-01-09"
  t:act(id .. ".c1", "complete", { as = "wuxia", data = { text = "企业已确定投资规模" } })
  t:advance("2025-01-13T07:59")
  t:expect_state(id, "collect")
  t:advance("2025-01-13T08:00")
  t:expect_state(id, "closed")
  t:expect_data(id, { closed_at = "2025-01-13T08:00:00+08:00", closed_by = "timeout",
                      expected = 2, submitted = 1, missing = { "P02" } })
  t:expect_status(id .. ".c1", "completed")
  t:expect_status(id .. ".c2", "cancelled")
  t:expect_journal(id .. ".c2", { kind = "cancel" })
  local cancel
  for _, record in ipairs(t:journal(id .. ".c2")) do
    if record.kind == "cancel" then cancel = record end
  end
  t:expect_eq(cancel.details.command.reason,
              "父流程 progress-2025-01-09 已离开「收集项目进展周报」（timeout），不再等待此子流程")
  t:expect_no_item(id .. ".c2", {})
  -- 截止后保留三周，然后归档。
  t:advance("2025-02-03T07:59")
  t:expect_state(id, "closed")
  t:advance("2025-02-03T08:00")
  t:expect_status(id, "completed")
  t:expect_state(id, "archived")
end)

test("日程跨春节：每期都在它所服务的周调度之前截止", function(t)
  project(t, "P01", "初步对接", "wuxia")
  t:at("2025-01-20T08:00")
  t:expect_eq(t:enable_schedule("progress", "2025-01-20"), "2025-01-23")
  t:expect_eq(t:enable_schedule("dispatch", "2025-01-20"), "2025-01-20")
  t:advance("2025-02-11T12:00")
  -- 01-30（周四）在春节假期（01-28 … 02-04）中：提前到 01-27（周一）09:00。
  local expected = {
    { id = "progress-2025-01-23", created = "2025-01-23T09:00:00+08:00", week = "2025-01-27",
      due_by = "2025-01-24", closes = "2025-01-27T08:00:00+08:00", dispatch = "dispatch-2025-01-27" },
    { id = "progress-2025-01-30", created = "2025-01-27T09:00:00+08:00", week = "2025-02-03",
      due_by = "2025-01-27", closes = "2025-02-05T08:00:00+08:00", dispatch = "dispatch-2025-02-03" },
    { id = "progress-2025-02-06", created = "2025-02-06T09:00:00+08:00", week = "2025-02-10",
      due_by = "2025-02-07", closes = "2025-02-10T08:00:00+08:00", dispatch = "dispatch-2025-02-10" },
  }
  for _, period in ipairs(expected) do
    t:expect_eq(t:instance(period.id).createdAt, period.created, period.id)
    t:expect_data(period.id, { week = period.week, due_by = period.due_by, closed_at = period.closes })
    local dispatch = t:instance(period.dispatch).createdAt
    t:expect(period.closes < dispatch, period.id .. " closes before " .. period.dispatch)
  end
  t:expect_eq(t:instance("dispatch-2025-02-03").createdAt, "2025-02-05T09:00:00+08:00")
  -- 节前一期：当天 15:00 催办，当天 24 时到期。
  t:expect_eq(t:instance("progress-2025-01-30.c1").items[1].due, "2025-01-28T00:00:00+08:00")
  t:expect_eq(t:instance("progress-2025-01-30.c1").items[1].reminders, 1)
  t:expect_eq(#t:list { workflow = "progress" }, 3)
end)

test("日程跨国庆：10-02 提前到 09-30，服务于顺延到 10-09 的周调度", function(t)
  t:at("2025-09-22T08:00")
  project(t, "P01", "重点意向", "mahui")
  t:expect_eq(t:enable_schedule("progress", "2025-09-22"), "2025-09-25")
  t:enable_schedule("dispatch", "2025-09-22")
  t:advance("2025-10-14T12:00")
  local expected = {
    { id = "progress-2025-09-25", created = "2025-09-25T09:00:00+08:00", week = "2025-09-29",
      due_by = "2025-09-26", closes = "2025-09-29T08:00:00+08:00", dispatch = "dispatch-2025-09-29" },
    { id = "progress-2025-10-02", created = "2025-09-30T09:00:00+08:00", week = "2025-10-06",
      due_by = "2025-09-30", closes = "2025-10-09T08:00:00+08:00", dispatch = "dispatch-2025-10-06" },
    { id = "progress-2025-10-09", created = "2025-10-09T09:00:00+08:00", week = "2025-10-13",
      due_by = "2025-10-10", closes = "2025-10-13T08:00:00+08:00", dispatch = "dispatch-2025-10-13" },
  }
  for _, period in ipairs(expected) do
    t:expect_eq(t:instance(period.id).createdAt, period.created, period.id)
    t:expect_data(period.id, { week = period.week, due_by = period.due_by, closed_at = period.closes })
    t:expect(period.closes < t:instance(period.dispatch).createdAt, period.id .. " closes before " .. period.dispatch)
  end
  t:expect_eq(t:instance("dispatch-2025-10-06").createdAt, "2025-10-09T09:00:00+08:00")
  -- 10-09 派发的新一期服务于 10-13 的周调度；无人填报，08:00 截止时取消。
  t:expect_data("progress-2025-10-09.c1", { liaison = "mahui", week = "2025-10-13", due_by = "2025-10-10" })
  t:expect_status("progress-2025-10-09.c1", "cancelled")
end)

test("手工启动：week 默认为下一个周一；错过周调度的不再派发", function(t)
  project(t, "P01", "初步对接", "wuxia")
  t:at("2025-03-05T10:00")   -- 周三
  local id = t:start("progress", {}, { as = "admin" })
  t:expect_data(id, { week = "2025-03-10", closes_at = "2025-03-10 08:00", due_by = "2025-03-06", expected = 1 })
  local late = t:start("progress", { week = "2025-03-03" }, { as = "admin" })
  t:expect_data(late, { late = true, expected = 0 })
  t:expect_state(late, "closed")
end)

test("手工补发：只有主任、办公室主任或管理员，每周一份；周报须由本期派发的那一份提交", function(t)
  project(t, "P01", "初步对接", "wuxia")
  project(t, "P02", "重点意向", "xulei")
  t:at("2025-03-05T10:00")
  local refused = t:expect_refused(function() t:start("progress", {}, { as = "zhangwei" }) end)
  t:expect(refused.message:find("主任、办公室主任或管理员", 1, true), refused.message)
  local id = t:start("progress", {}, { as = "guoli" })
  local twice = t:expect_refused(function() t:start("progress", { week = "2025-03-10" }, { as = "chenzhiyuan" }) end)
  t:expect(twice.message:find("每周只有一份", 1, true), twice.message)
  -- 一份不是本期派发的周报（借用名单上的项目）不被收下。
  local forged = t:expect_refused(function()
    t:signal(id, "report", { report = id .. ".c99", project = "P01", liaison = "wuxia", text = "伪造", at = "2025-03-05T11:00:00+08:00" })
  end)
  t:expect(forged.message:find(id .. ".c1", 1, true), forged.message)
  t:act(id .. ".c1", "complete", { as = "wuxia", data = { text = "本周企业完成选址踏勘" } })
  t:expect_data(id, { submitted = 1, reports = { P01 = { report = id .. ".c1" } } })
end)
