-- 项目进展周报收集：每周四 09:00（遇节假日提前到此前最后一个工作日）自动启动，
-- 为每个在推进的项目（project 实例在运行，且不在暂缓、终止、投产）向其联络员派发一份
-- 项目进展周报（progress_report 子流程，subflow 的 each）。
--
--   agency schedule enable progress --from 2025-01-09
--
-- 每期服务于它之后的那次周一周调度（data.week 即该周一）：
--   * 联络员填报截止：次一个工作日下班（24 时），但不晚于周调度前最后一个工作日；
--     派发当天 15:00 催办一次；
--   * 周调度当日 08:00 收集截止（subflow 的 timeout）：未提交的周报随之取消（各自的流水里
--     记有取消原因），周调度据此记为“本期未提交”；
--   * 截止后本实例在“已截止”状态保留三周，供之后两次周调度读取本期和上期的周报
--     （ctx:query 只读运行中的实例，查询结果不随历史增长），然后自动归档。
--
-- 每份周报提交时向本实例发送 report 消息（ctx:signal），本实例把它记在 data.reports
-- （按项目编号）里，周调度由此比对“与上期雷同”。

-- 周调度当日几点截止收集（周调度 09:00 开始）。
local CLOSE_AT = "08:00"
-- 截止后保留多久再归档：须长于相邻两次周调度的最大间隔（国庆、春节顺延时约 10 天）。
local KEEP = days(21)

-- 日期运算（YYYY-MM-DD ⇄ 1970-01-01 起的天数），用于由周四推算所服务的周一。
local function day_number(date)
  local y, m, d = date:match("^(%d%d%d%d)-(%d%d)-(%d%d)")
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400
  local doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

local function date_of(n)
  n = n + 719468
  local era = n // 146097
  local doe = n - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400 + (m <= 2 and 1 or 0)
  return string.format("%04d-%02d-%02d", y, m, d)
end

local function add_days(date, n) return date_of(day_number(date) + n) end

-- 今天之后的第一个周一（周一本身之后的下一个周一）。
local function next_monday(date)
  local weekday = (day_number(date) + 3) % 7   -- 0 = 周一
  return add_days(date, 7 - weekday)
end

local function present(value)
  return value ~= nil and value ~= "" and value ~= json.null
end

-- 不再推进的项目：暂缓、终止、投产（及被取消的）。
local INACTIVE_STAGES = { ["暂缓"] = true, ["终止"] = true, ["投产"] = true }

local function active_projects(ctx)
  local list = json.array({})
  local skipped = json.array({})
  local projects = ctx:query { workflow = "project", status = "running" }
  table.sort(projects, function(a, b) return a.id < b.id end)
  for _, project in ipairs(projects) do
    local data = project.data
    if project.state ~= "paused" and not INACTIVE_STAGES[data.stage or ""] then
      if present(data.liaison) then
        list[#list + 1] = {
          project = project.id, project_name = data.name or project.id, liaison = data.liaison,
          agent = data.agent, leader = data.leader, stage = data.stage,
        }
      else
        skipped[#skipped + 1] = project.id
      end
    end
  end
  return list, skipped
end

-- 周报统计：应报、已报、未报（按项目）。
local function tally(ctx)
  local reports = ctx.data.reports or {}
  local submitted, missing = 0, json.array({})
  for _, project in ipairs(ctx.data.projects or {}) do
    if reports[project.project] then
      submitted = submitted + 1
    else
      missing[#missing + 1] = project.project
    end
  end
  ctx.data.expected = #(ctx.data.projects or {})
  ctx.data.submitted = submitted
  ctx.data.missing = missing
end

-- 子流程提交时发来的周报：须是本实例为该项目派发的那一份（子流程按名单顺序编号
-- .c1、.c2……），且项目在本期名单中。
local function known_report(ctx, ev)
  local data = ev.data or {}
  for index, project in ipairs(ctx.data.projects or {}) do
    if project.project == data.project then
      if data.report == ctx.instance.id .. ".c" .. index then return true end
      return "项目 " .. tostring(data.project) .. " 的周报须由本期派发的 " .. ctx.instance.id .. ".c" .. index .. " 提交"
    end
  end
  return "项目 " .. tostring(data.project) .. " 不在本期名单中"
end

local function holds(ctx, role, person)
  for _, id in ipairs(ctx:people(role)) do
    if id == person then return true end
  end
  return false
end

local function record_report(ctx, ev)
  local data = ev.data
  local reports = ctx.data.reports or {}
  reports[data.project] = {
    report = data.report, liaison = data.liaison, text = data.text, problems = data.problems,
    next_week = data.next_week, at = data.at,
  }
  ctx.data.reports = reports
  tally(ctx)
end

local report_event = { stay = true, guard = known_report, action = record_report }

local function closed_by(event)
  return function(ctx) ctx.data.closed_by = event end
end

return workflow {
  name = "progress",
  title = "项目进展周报收集",
  input = {
    week = { type = "date", required = false, title = "所服务的周调度（周一）" },
  },
  schedule = weekly {
    day = "THU", at = "09:00", shift = "previous_workday",
    input = function(occurrence) return { week = add_days(occurrence.date, 4) } end,
  },
  start = "collect",

  on_start = function(ctx)
    -- 由日程启动；手工补发只能由主任、办公室主任或管理员，且每周只有一份收集。
    local actor = ctx.actor
    if actor ~= "system" and not (holds(ctx, "主任", actor) or holds(ctx, "办公室主任", actor)
                                  or holds(ctx, "admin", actor)) then
      error("项目进展周报收集由日程每周四自动启动；手工补发须由主任、办公室主任或管理员：" .. actor
            .. " 不能启动", 0)
    end
    ctx.data.week = ctx.data.week or next_monday(ctx.today)
    for _, other in ipairs(ctx:query { workflow = "progress", status = "running" }) do
      if other.data.week == ctx.data.week and not other.data.late then
        error("服务 " .. ctx.data.week .. " 周调度的周报收集已有 " .. other.id .. "，每周只有一份", 0)
      end
    end
    -- 周调度日：该周一，遇节假日顺延到下一个工作日（与 dispatch 的日程一致）。
    local dispatch_day = ctx:add_workdays(add_days(ctx.data.week, -1), 1)
    ctx.data.dispatch_day = dispatch_day
    ctx.data.closes_at = dispatch_day .. " " .. CLOSE_AT
    -- 填报截止日：次一个工作日；若它已是周调度日（或更晚），则为今天。
    local next_day = ctx:add_workdays(ctx.today, 1)
    ctx.data.due_by = next_day < dispatch_day and next_day or ctx.today
    ctx.data.due_at = add_days(ctx.data.due_by, 1)   -- 截止日 24 时，即次日零时
    ctx.data.reports = {}
    local late = ctx.today > dispatch_day or (ctx.today == dispatch_day and ctx.now:sub(12, 16) >= CLOSE_AT)
    if late then
      -- 补跑的日程（tick 迟到）已错过它所服务的周调度：不再派发。
      ctx.data.projects = json.array({})
      ctx.data.late = true
      ctx:log("项目进展周报收集 " .. ctx.data.week .. "：已过收集截止（" .. ctx.data.closes_at .. "），不再派发")
    else
      local projects, skipped = active_projects(ctx)
      ctx.data.projects = projects
      if #skipped > 0 then
        ctx.data.skipped = skipped
        ctx:log("以下项目没有联络员，未派发周报：" .. table.concat(skipped, "、"))
      end
      ctx:log("项目进展周报收集 " .. ctx.data.week .. "：派发 " .. #projects .. " 份，"
              .. ctx.data.due_by .. " 前填报，" .. ctx.data.closes_at .. " 截止")
    end
    tally(ctx)
  end,

  states = {
    collect = subflow {
      title = "收集项目进展周报",
      workflow = "progress_report",
      each = "projects",
      complete = "all",
      due = function(ctx) return ctx.data.closes_at end,
      timeout = "closed",      -- 截止：未提交的周报取消，记为本期未提交
      input = function(ctx, element)
        return {
          project = element.project, project_name = element.project_name, liaison = element.liaison,
          agent = element.agent, leader = element.leader, stage = element.stage,
          week = ctx.data.week, collection = ctx.instance.id, due_by = ctx.data.due_by,
          due_at = ctx.data.due_at,
        }
      end,
      on = {
        report = report_event,
        -- 全部提交后提前截止；个别周报被管理员取消或异常时也就此截止，其余未提交的随之取消。
        completed = { to = "closed", action = closed_by("completed") },
        cancelled = { to = "closed", action = closed_by("cancelled") },
        failed = { to = "closed", action = closed_by("failed") },
      },
    },
    -- 已截止：保留三周，供周调度读取本期和上期周报，然后归档。
    closed = wait {
      title = "本期已截止",
      due = KEEP,
      timeout = "archived",
      enter = function(ctx)
        ctx.data.closed_at = ctx.now
        -- 由子流程结束的，closed_by 已由转换记下（completed、cancelled、failed）；否则是到期截止。
        ctx.data.closed_by = ctx.data.closed_by or "timeout"
        tally(ctx)
      end,
      on = { report = report_event },
    },
    archived = final { title = "已归档", outcome = "closed" },
  },
}
