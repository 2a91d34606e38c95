-- Tests for Workflows/assessment.lua (分析研判会), with the real project workflow.
-- People: Workflows/people.json (陈志远 主任, 郭丽 办公室主任, 李明 包联领导, 张伟 代办员).
-- The exact messages a project receives are pinned in assessment_contract/.

local function project(t, id, stage, name)
  t:start("project", {
    name = name or ("项目" .. id), enterprise = "企业" .. id, sector = "装备制造", investment = 8000,
    scale = "生产线", land = "标准化厂房", site = "3号厂房", land_type = "标准化厂房",
    leader = "liming", agent = "zhangwei", liaison = "wuxia", initial_stage = stage,
  }, { as = "zhangwei", id = id })
end

-- The four pre-filing stages, one project each, and one already in 登记/注册/备案.
local function zone(t)
  project(t, "P01", "初步对接", "智能装备项目")
  project(t, "P02", "重点意向", "新材料项目")
  project(t, "P03", "签约待备案", "物流园项目")
  project(t, "P04", "成熟待签约", "光伏组件项目")
  project(t, "P05", "签约待备案", "冷链项目")
  t:act("P05", "complete", { as = "zhangwei", outcome = "advance", data = { credit_code = "91140400MA0000000X" } })
  t:act("P05", "approve", { as = "liming" })
end

local function verdict(project, verdict, reasons, next_step)
  return { project = project, verdict = verdict, reasons = reasons or "经研判", next_step = next_step }
end

local function minutes(verdicts)
  return { attendees = { "chenzhiyuan", "liming", "张伟" }, summary = "逐个项目研判，明确推进思路", verdicts = verdicts }
end

local function all_verdicts()
  return {
    verdict("P01", "补充论证", "用地指标未落实", "自然资源局出具用地意见"),
    verdict("P02", "推进到下一阶段", "签约条件基本成熟"),
    verdict("P04", "暂缓", "企业融资未到位"),
    verdict("P03", "终止", "企业放弃投资"),
  }
end

test("主任随时召集：默认研判四个阶段的在办项目，郭丽记录", function(t)
  zone(t)
  local id = t:start("assessment", { topic = "一季度项目再论证" }, { as = "chenzhiyuan" })
  t:expect_eq(id, "assessment-1")
  t:expect_data(id, { chair = "chenzhiyuan", secretary = "guoli", date = "2025-01-06", topic = "一季度项目再论证",
                      projects = { "P01", "P02", "P04", "P03" }, deferred = {} })
  t:expect_match(t:data(id).agenda[1], { id = "P01", name = "智能装备项目", stage = "初步对接", state = "contact" })
  t:expect_item(id, { assignee = "guoli", title = "整理分析研判会纪要", due = "2025-01-09T00:00:00+08:00" })
  t:expect_notification { to = "guoli", kind = "assigned", instance = id }
end)

test("只有主任可以召集；管理员代为召集时由主任主持", function(t)
  zone(t)
  local refusal = t:expect_refused(function() t:start("assessment", {}, { as = "zhangwei" }) end, "invalid")
  t:expect(refusal.message:find("只有主任可以召集分析研判会：zhangwei 不是主任", 1, true), refusal.message)
  t:expect_refused(function() t:start("assessment", {}, { as = "guoli" }) end, "invalid")
  local id = t:start("assessment", { secretary = "wangfang" }, { as = "admin" })
  t:expect_data(id, { chair = "chenzhiyuan", secretary = "wangfang" })
end)

test("手工列出研判项目：不在办、重复、超过 45 个均被拒绝", function(t)
  zone(t)
  local id = t:start("assessment", { projects = { "P03", "P01", "P05" } }, { as = "chenzhiyuan" })
  t:expect_data(id, { projects = { "P01", "P03", "P05" } })   -- by stage, 登记/注册/备案 last
  local refusal = t:expect_refused(function()
    t:start("assessment", { projects = { "P01", "P99", "P01" } }, { as = "chenzhiyuan" })
  end, "invalid")
  t:expect(refusal.message:find("项目 P99 不是在办的招商项目", 1, true), refusal.message)
  t:expect(refusal.message:find("项目 P01 重复列出", 1, true), refusal.message)
  local many = {}
  for n = 1, 46 do many[n] = string.format("P%02d", n) end
  refusal = t:expect_refused(function()
    t:start("assessment", { projects = many }, { as = "chenzhiyuan" })
  end, "invalid")
  t:expect(refusal.message:find("一次研判会最多研判 45 个项目", 1, true), refusal.message)
  refusal = t:expect_refused(function()
    t:start("assessment", { stages = { "开工" } }, { as = "chenzhiyuan" })
  end, "invalid")
  t:expect(refusal.message:find("'开工' 不是初步对接、重点意向、成熟待签约、签约待备案之一", 1, true), refusal.message)
  id = t:start("assessment", { stages = { "签约待备案", "成熟待签约" } }, { as = "chenzhiyuan" })
  t:expect_data(id, { projects = { "P04", "P03" } })
end)

test("默认名单超过 45 个：最久未研判的 45 个列入，其余延至下次并通知主任", function(t)
  for n = 1, 46 do project(t, string.format("P%02d", n), n == 1 and "签约待备案" or "初步对接") end
  local id = t:start("assessment", {}, { as = "chenzhiyuan" })
  local data = t:data(id)
  t:expect_eq(#data.projects, 45)
  t:expect_eq(data.deferred, { { id = "P01", name = "项目P01", stage = "签约待备案" } })
  t:expect_notification { to = "chenzhiyuan", instance = id, title = "分析研判会（2025-01-06）另有 1 个项目未列入" }
end)

test("纪要检查：未知意见、名单外项目、重复、遗漏、缺理由逐项指出", function(t)
  zone(t)
  local id = t:start("assessment", {}, { as = "chenzhiyuan" })
  local function refused(data, ...)
    local refusal = t:expect_refused(function() t:act(id, "complete", { as = "guoli", data = data }) end,
                                     "not_permitted")
    for _, text in ipairs({ ... }) do t:expect(refusal.message:find(text, 1, true), refusal.message) end
  end
  refused(nil, "请提交会议纪要")
  refused({ verdicts = all_verdicts() }, "请填写出席人员 attendees", "请填写会议概述 summary")
  local verdicts = all_verdicts()
  verdicts[2].verdict = "同意"
  refused(minutes(verdicts), "项目 P02（新材料项目）的研判意见 '同意' 不是推进到下一阶段、维持、暂缓、终止、补充论证之一")
  verdicts = all_verdicts()
  verdicts[5] = verdict("P05", "维持", "手续推进正常")
  refused(minutes(verdicts), "研判意见第 5 条：项目 P05 不在本次研判名单中（名单：P01、P02、P04、P03）")
  verdicts = all_verdicts()
  verdicts[5] = verdict("P01", "维持", "重复一条")
  refused(minutes(verdicts), "项目 P01（智能装备项目）有两条研判意见（第 1、5 条）")
  verdicts = all_verdicts()
  table.remove(verdicts, 3)
  verdicts[1].reasons = "  "
  refused(minutes(verdicts), "项目 P01（智能装备项目）缺少研判理由 reasons",
          "以下项目没有研判意见，每个研判项目须有一条：P04（光伏组件项目）")
  t:expect_state(id, "minutes")
  t:expect_journal(id, { kind = "refused", actor = "guoli" })
end)

test("主任退回纪要须写明意见，记录人修改后再提交", function(t)
  zone(t)
  local id = t:start("assessment", {}, { as = "chenzhiyuan" })
  t:act(id, "complete", { as = "guoli", data = minutes(all_verdicts()) })
  t:expect_item(id, { assignee = "chenzhiyuan", kind = "approval", title = "主任审定会议纪要" })
  t:expect_refused(function() t:act(id, "reject", { as = "chenzhiyuan" }) end, "not_permitted")
  t:clear_notifications()
  t:act(id, "reject", { as = "chenzhiyuan", comment = "P04 的理由请写具体" })
  t:expect_state(id, "minutes")
  t:expect_data(id, { returns = { { by = "chenzhiyuan", comment = "P04 的理由请写具体" } } })
  t:expect_notification { to = "guoli", title = "分析研判会（2025-01-06）纪要退回修改", body = "主任意见：P04 的理由请写具体" }
  local verdicts = all_verdicts()
  verdicts[3].reasons = "企业融资未到位，银行授信预计二季度落实"
  t:act(id, "complete", { as = "guoli", data = minutes(verdicts) })
  t:act(id, "approve", { as = "chenzhiyuan", comment = "同意" })
  t:expect_status(id, "completed")
  t:expect_data(id, { approved_by = "chenzhiyuan", approval_comment = "同意" })
  t:expect_match(t:data(id).minutes.verdicts[3], { project = "P04", reasons = "企业融资未到位，银行授信预计二季度落实" })
end)

test("审定后研判意见送达项目：暂缓的项目暂缓，终止的项目终止", function(t)
  zone(t)
  local id = t:start("assessment", {}, { as = "chenzhiyuan" })
  t:act(id, "complete", { as = "guoli", data = minutes(all_verdicts()) })
  t:expect_data(id, { minutes = {
    attendees = { "chenzhiyuan", "liming", "张伟" }, summary = "逐个项目研判，明确推进思路", recorded_by = "guoli",
    verdicts = {   -- in the order of the agenda
      { project = "P01", verdict = "补充论证", reasons = "用地指标未落实", next_step = "自然资源局出具用地意见" },
      { project = "P02", verdict = "推进到下一阶段", reasons = "签约条件基本成熟" },
      { project = "P04", verdict = "暂缓", reasons = "企业融资未到位" },
      { project = "P03", verdict = "终止", reasons = "企业放弃投资" },
    } } })
  t:act(id, "approve", { as = "chenzhiyuan" })
  t:expect_state(id, "closed")
  t:expect_data(id, { applied = {
    { project = "P01", verdict = "补充论证", sent = { "assessed" } },
    { project = "P02", verdict = "推进到下一阶段", sent = { "assessed" } },
    { project = "P04", verdict = "暂缓", sent = { "assessed", "pause" } },
    { project = "P03", verdict = "终止", sent = { "assessed", "drop" } },
  } })
  t:expect_state("P04", "paused")
  t:expect_data("P04", { pause_reason = "分析研判会（2025-01-06）：企业融资未到位", stage = "成熟待签约" })
  t:expect_state("P03", "dropped")
  t:expect_status("P03", "completed")
  t:expect_data("P03", { drop_reason = "分析研判会（2025-01-06）：企业放弃投资" })
  t:expect_state("P01", "contact")
  t:expect_state("P02", "intent")
end)

test("与项目流程往返：研判意见记入项目的 assessments 和下一步，转段审批中的项目也可暂缓", function(t)
  zone(t)
  t:act("P04", "complete", { as = "zhangwei", outcome = "advance",
                             data = { contract_no = "屯经开〔2025〕3号", signed_on = "2025-01-06" } })
  t:expect_state("P04", "signing_review")
  local id = t:start("assessment", { projects = { "P01", "P02", "P04" } }, { as = "chenzhiyuan" })
  t:act(id, "complete", { as = "guoli", data = minutes {
    verdict("P01", "补充论证", "用地指标未落实", "自然资源局出具用地意见"),
    verdict("P02", "推进到下一阶段", "签约条件基本成熟"),
    verdict("P04", "暂缓", "企业融资未到位"),
  } })
  t:act(id, "approve", { as = "chenzhiyuan", comment = "同意" })
  t:expect_data("P01", { next_step = "自然资源局出具用地意见", assessments = {
    { meeting = id, date = "2025-01-06", verdict = "补充论证", reasons = "用地指标未落实",
      next_step = "自然资源局出具用地意见", stage = "初步对接" } } })
  t:expect_data("P02", { next_step = "按分析研判会意见推进到下一阶段",
                         assessments = { { meeting = id, verdict = "推进到下一阶段", stage = "重点意向" } } })
  t:expect_state("P02", "intent")
  -- P04 waited for its 签约审批; the meeting pauses it there, and resuming returns to 成熟待签约.
  t:expect_state("P04", "paused")
  t:expect_data("P04", { pause_reason = "分析研判会（2025-01-06）：企业融资未到位",
                         assessments = { { verdict = "暂缓", reasons = "企业融资未到位", stage = "成熟待签约" } } })
  t:act("P04", "send", { as = "liming", event = "resume" })
  t:expect_state("P04", "signing")
end)

test("记录人逾期未交纪要：截止次日催办，第 3 个工作日督办主任", function(t)
  zone(t)
  local id = t:start("assessment", {}, { as = "chenzhiyuan" })
  t:advance("2025-01-10T08:00")
  t:expect_notification { to = "guoli", kind = "催办", instance = id }
  t:advance("2025-01-14T08:00")
  t:expect_notification { to = "chenzhiyuan", kind = "督办", instance = id }
end)

test("每月 15 日 15:00 自动召集，节假日顺延", function(t)
  zone(t)
  t:enable_schedule("assessment", "2025-01-15")
  t:advance("2025-01-15T16:00")
  local id = "assessment-2025-01-15"
  t:expect_eq(t:instance(id).createdAt, "2025-01-15T15:00:00+08:00")
  t:expect_data(id, { chair = "chenzhiyuan", secretary = "guoli", date = "2025-01-15",
                      projects = { "P01", "P02", "P04", "P03" } })
  t:expect_item(id, { assignee = "guoli" })
  t:advance("2025-02-17T16:00")                   -- 02-15 is a Saturday: the meeting is on Monday
  t:expect_eq(t:instance("assessment-2025-02-15").createdAt, "2025-02-17T15:00:00+08:00")
  t:expect_data("assessment-2025-02-15", { date = "2025-02-17" })
end)
