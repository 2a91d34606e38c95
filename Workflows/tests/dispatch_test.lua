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
