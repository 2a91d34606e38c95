-- Tests for Workflows/dispatch.lua (周调度) and the weekly report it feeds.

local function project(t, id, stage, investment)
  t:start("project", {
    name = "项目" .. id, enterprise = "企业" .. id, sector = "装备制造", investment = investment,
    scale = "生产线", land = "标准化厂房", site = "3号厂房", land_type = "标准化厂房",
    leader = "liming", agent = "zhangwei", liaison = "wuxia", initial_stage = stage,
  }, { as = "zhangwei", id = id })
end

test("每周一自动调度，汇总项目库并生成周例会任务", function(t)
  project(t, "P01", "初步对接", 10000)
  project(t, "P02", "签约待备案", 5000)
  t:enable_schedule("dispatch", "2025-01-13")
  t:advance("2025-01-13T09:30")
  t:expect_data("dispatch-2025-01-13", { summary = { count = 2, investment = 15000 } })
  t:expect_item("dispatch-2025-01-13", { assignee = "chenzhiyuan" })
  local report = t:report("weekly", { week = "2025-W03" })
  t:expect_eq(report.total.count, 2)
  t:expect_eq(report.stages[1], { stage = "初步对接", count = 1, investment = 10000, change = 0, sinceYearStart = 0 })
end)

test("议定事项立项为督办事项", function(t)
  t:enable_schedule("dispatch", "2025-01-06")
  t:advance("2025-01-06T09:30")
  t:act("dispatch-2025-01-06", "complete", { as = "chenzhiyuan", outcome = "held",
        data = { decisions = { { title = "协调解决供水接入", owner = "zhangwei", limit = 3 } } } })
  local items = t:list { workflow = "supervision" }
  t:expect_eq(#items, 1)
  t:expect_match(items[1].data, { title = "协调解决供水接入", source = "周例会", owner = "zhangwei", limit = 3 })
end)

test("春节期间顺延到节后第一个工作日", function(t)
  t:at("2025-01-27T10:00")
  t:enable_schedule("dispatch", "2025-02-03")
  t:advance("2025-02-05T10:00")
  t:expect_eq(t:instance("dispatch-2025-02-03").createdAt, "2025-02-05T09:00:00+08:00")
end)

-- 联络员项目进展周报的标记（progress）。相似度：去掉空白和标点后的字符二元组 Dice 系数；
-- 达到 0.85 记为“与上期雷同”。
local SIMILAR_AT = 0.85

local function liaison_project(t, id, liaison, agent)
  t:start("project", {
    name = "项目" .. id, enterprise = "企业" .. id, sector = "装备制造", investment = 6000,
    scale = "生产线", land = "标准化厂房", site = "3号厂房", land_type = "标准化厂房",
    leader = "liming", agent = agent, liaison = liaison, initial_stage = "重点意向",
  }, { as = agent, id = id })
end

local function report(t, collection, index, liaison, text)
  t:act(collection .. ".c" .. index, "complete", { as = liaison, data = { text = text } })
end

local LAST_WEEK = {
  P01 = "本周陪同企业考察东区标准化厂房，双方就租金减免和设备进场时间达成初步一致，企业将于月底前提交投资意向书。",
  P02 = "企业完成可研报告初稿，已向发改部门咨询备案所需材料，环评单位正在比选。",
  P03 = "与企业沟通了用电负荷需求，供电公司已安排下周现场踏勘。",
}

test("周调度标记本期未提交和与上期雷同，并通知联络员（抄送代办员）", function(t)
  liaison_project(t, "P01", "wuxia", "zhangwei")
  liaison_project(t, "P02", "xulei", "liuyang")
  liaison_project(t, "P03", "sunli", "wangfang")
  liaison_project(t, "P04", "mahui", "chenjing")
  t:enable_schedule("progress", "2025-01-09")
  t:enable_schedule("dispatch", "2025-01-13")
  -- 上一期：P01 … P03 提交，P04 未提交。
  t:advance("2025-01-10T10:00")
  report(t, "progress-2025-01-09", 1, "wuxia", LAST_WEEK.P01)
  report(t, "progress-2025-01-09", 2, "xulei", LAST_WEEK.P02)
  report(t, "progress-2025-01-09", 3, "sunli", LAST_WEEK.P03)
  t:advance("2025-01-13T09:30")
  t:expect_data("dispatch-2025-01-13", { progress = {
    collection = "progress-2025-01-09", week = "2025-01-13", expected = 4, submitted = 3,
    missing = { { project = "P04", project_name = "项目P04", liaison = "mahui" } }, similar = {} } })
  t:expect_eq(t:data("dispatch-2025-01-13").progress.previous, nil)
  t:expect_notification { to = "mahui", kind = "周报", title = "项目进展周报本期未提交：项目P04",
                          instance = "dispatch-2025-01-13" }
  t:expect_notification { to = "chenjing", kind = "周报", title = "抄送：项目进展周报本期未提交：项目P04" }
  t:expect_no_notification { to = "wuxia", kind = "周报" }
  t:clear_notifications()

  -- 本期：P01 改了一个字（雷同），P02 另写（不雷同），P03 只改了标点和空格（雷同，1.0），P04 又未提交。
  t:advance("2025-01-16T10:00")
  report(t, "progress-2025-01-16", 1, "wuxia", (LAST_WEEK.P01:gsub("月底", "月末")))
  report(t, "progress-2025-01-16", 2, "xulei", "环评单位已确定，签订技术服务合同；可研报告修改后报专家评审。")
  report(t, "progress-2025-01-16", 3, "sunli", "与企业沟通了 用电负荷需求；供电公司已安排下周现场踏勘！")
  t:advance("2025-01-20T09:30")
  local progress = t:data("dispatch-2025-01-20").progress
  t:expect_match(progress, {
    collection = "progress-2025-01-16", previous = "progress-2025-01-09", week = "2025-01-20",
    expected = 4, submitted = 3, threshold = SIMILAR_AT,
    missing = { { project = "P04", liaison = "mahui" } },
    similar = {
      { project = "P01", project_name = "项目P01", liaison = "wuxia",
        report = "progress-2025-01-16.c1", previous = "progress-2025-01-09.c1" },
      { project = "P03", liaison = "sunli", similarity = 1.0 },
    },
  })
  t:expect(progress.similar[1].similarity >= SIMILAR_AT and progress.similar[1].similarity < 1,
           "one character changed: " .. tostring(progress.similar[1].similarity))
  t:expect_notification { to = "wuxia", kind = "周报", title = "项目进展周报与上期雷同：项目P01" }
  t:expect_notification { to = "zhangwei", kind = "周报", title = "抄送：项目进展周报与上期雷同：项目P01" }
  t:expect_notification { to = "sunli", kind = "周报", title = "项目进展周报与上期雷同：项目P03" }
  t:expect_notification { to = "mahui", kind = "周报", title = "项目进展周报本期未提交：项目P04" }
  t:expect_no_notification { to = "xulei", kind = "周报" }
  t:expect_no_notification { to = "liuyang", kind = "周报" }
  -- 周报告（2025-W04，即 01-20 的周调度）：周报作为本周进展，带上周调度的标记。
  local weekly = t:report("weekly", { week = "2025-W04" })
  t:expect_match(weekly.progressReports, { collection = "progress-2025-01-16", expected = 4, submitted = 3,
                                           missing = { "P04" }, similar = { "P01", "P03" } })
  local lines = {}
  for _, line in ipairs(weekly.projects) do lines[line.id] = line end
  t:expect_eq(lines.P01.reportFlag, "与上期雷同")
  t:expect_eq(lines.P02.reportFlag, nil)
  t:expect_eq(lines.P02.report.text, "环评单位已确定，签订技术服务合同；可研报告修改后报专家评审。")
  t:expect_eq(lines.P02.progress[1], "联络员周报（徐磊 01-16）：环评单位已确定，签订技术服务合同；可研报告修改后报专家评审。")
  t:expect_eq(lines.P04.reportFlag, "本期未提交")
  t:expect_eq(lines.P04.report, nil)
end)

test("没有本周的周报收集时不作标记", function(t)
  liaison_project(t, "P01", "wuxia", "zhangwei")
  t:enable_schedule("dispatch", "2025-01-13")
  t:advance("2025-01-13T09:30")
  t:expect_eq(t:data("dispatch-2025-01-13").progress, nil)
  t:expect_no_notification { kind = "周报" }
end)
