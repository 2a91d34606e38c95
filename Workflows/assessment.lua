-- 分析研判会：定期召开，把握政策导向，对谋划的项目进行再研究、再推敲、再论证，按照初步有对接、
-- 重点有意向、成熟待签约、签约待备案四个步骤逐个研判分类，厘清推进思路，实时跟进更新。
--
--   主任召集（每月 15 日 15:00 自动召集，或随时手工召集）→ 记录人整理会议纪要（逐个项目
--   写明研判意见和理由）→ 主任审定纪要（退回则记录人修改）→ 审定后研判意见逐个送达项目：
--   每个项目记下研判意见（assessed）；暂缓的项目转入暂缓（pause），终止的项目终止（drop）。
--
--   agency schedule enable assessment --from 2025-01-15
--   agency start assessment --as chenzhiyuan --input '{"topic":"二季度项目再论证"}'
--   agency start assessment --as chenzhiyuan --input '{"projects":["P01","P07"],"secretary":"guoli"}'
--   agency complete assessment-2025-01-15 --as guoli --data '{"attendees":["chenzhiyuan","liming"],
--     "summary":"...","verdicts":[{"project":"P01","verdict":"补充论证","reasons":"用地指标未落实",
--     "next_step":"自然资源局出具用地意见"}]}'
--   agency approve assessment-2025-01-15 --as chenzhiyuan
--   agency report minutes assessment-2025-01-15 --format html --output 纪要.html
--
-- 一次审定最多向项目发送 100 条消息（引擎的级联上限），每个项目至多两条（assessed 和
-- pause/drop），所以一次研判会最多研判 MAX_PROJECTS 个项目：手工列出更多项目被拒绝；
-- 默认名单超出时，最久未研判的 MAX_PROJECTS 个列入本次，其余记入 deferred，通知主持人另行召集。

local STAGES = { "初步对接", "重点意向", "成熟待签约", "签约待备案" }
local VERDICTS = { "推进到下一阶段", "维持", "暂缓", "终止", "补充论证" }
local MAX_PROJECTS = 45

-- project 流程在每个在办状态都接受 assessed、drop，暂缓中（paused）以外都接受 pause
-- （审批和手续办理中的项目也可由研判会暂缓、终止）。

local function present(value)
  return value ~= nil and value ~= "" and value ~= json.null
end

local function index_of(list, value)
  for position, element in ipairs(list) do
    if element == value then return position end
  end
  return nil
end

local function holds(ctx, role, id)
  return index_of(ctx:people(role), id) ~= nil
end

-- "P01（智能装备项目）"
local function label(entry)
  if present(entry.name) then return entry.id .. "（" .. entry.name .. "）" end
  return entry.id
end

local function running_projects(ctx)
  local by_id = {}
  for _, project in ipairs(ctx:query { workflow = "project", status = "running" }) do
    by_id[project.id] = project
  end
  return by_id
end

local function last_assessed(project)
  local list = project.data.assessments
  if type(list) ~= "table" or #list == 0 then return "" end
  return tostring(list[#list].date or "")
end

-- 默认名单：四个阶段（或 stages 指定的阶段）中在办的项目，含暂缓中的。超出上限时最久
-- 未研判的优先，其余延至下次。
local function default_agenda(ctx, stages)
  local candidates = {}
  for _, project in ipairs(ctx:query { workflow = "project", status = "running" }) do
    if index_of(stages, project.data.stage) then candidates[#candidates + 1] = project end
  end
  table.sort(candidates, function(a, b)
    local la, lb = last_assessed(a), last_assessed(b)
    if la ~= lb then return la < lb end
    local sa, sb = index_of(STAGES, a.data.stage), index_of(STAGES, b.data.stage)
    if sa ~= sb then return sa < sb end
    return a.id < b.id
  end)
  local chosen, deferred = {}, json.array({})
  for position, project in ipairs(candidates) do
    if position <= MAX_PROJECTS then
      chosen[#chosen + 1] = project
    else
      deferred[#deferred + 1] = { id = project.id, name = project.data.name, stage = project.data.stage }
    end
  end
  return chosen, deferred
end

local function explicit_agenda(ctx, ids)
  if #ids > MAX_PROJECTS then
    error("一次研判会最多研判 " .. MAX_PROJECTS .. " 个项目（审定时每个项目至多发送两条消息，"
          .. "一次至多 100 条），本次列出 " .. #ids .. " 个：请分几次召集，每次列出不超过 "
          .. MAX_PROJECTS .. " 个项目", 0)
  end
  local running = running_projects(ctx)
  local chosen, seen, problems = {}, {}, {}
  for position, id in ipairs(ids) do
    if type(id) ~= "string" or id == "" then
      problems[#problems + 1] = "projects 第 " .. position .. " 项须是项目实例编号（如 \"P01\"）"
    elseif seen[id] then
      problems[#problems + 1] = "项目 " .. id .. " 重复列出"
    elseif not running[id] then
      problems[#problems + 1] = "项目 " .. id .. " 不是在办的招商项目（project）：请核对编号（agency list --workflow project）"
    else
      seen[id] = true
      chosen[#chosen + 1] = running[id]
    end
  end
  if #problems > 0 then error("研判项目名单有误：" .. table.concat(problems, "；"), 0) end
  return chosen
end

local function agenda_entry(project)
  return { id = project.id, name = project.data.name, stage = project.data.stage, state = project.state,
           enterprise = project.data.enterprise, investment = project.data.investment }
end

local function convene(ctx)
  local actor = ctx.actor
  local director = holds(ctx, "主任", actor)
  if not (director or actor == "system" or holds(ctx, "admin", actor)) then
    error("只有主任可以召集分析研判会：" .. actor .. " 不是主任。请由主任召集（agency start assessment --as 主任）", 0)
  end
  if director then
    ctx.data.chair = actor
  else
    local directors = ctx:people("主任")
    if #directors == 0 then error("人员名单中没有主任，分析研判会无人主持", 0) end
    ctx.data.chair = directors[1]
  end
  if not present(ctx.data.secretary) then
    local clerks = ctx:people("办公室主任")
    if #clerks == 0 then
      error("人员名单中没有办公室主任：请用 secretary 指定会议记录人（人员编号）", 0)
    end
    ctx.data.secretary = clerks[1]
  end
  ctx.data.date = ctx.data.date or ctx.today
  ctx.data.topic = present(ctx.data.topic) and ctx.data.topic or "项目分析研判"

  local chosen, deferred
  if type(ctx.data.projects) == "table" then
    if type(ctx.data.stages) == "table" then error("projects 与 stages 只能给出一个", 0) end
    chosen, deferred = explicit_agenda(ctx, ctx.data.projects), json.array({})
  else
    local stages = type(ctx.data.stages) == "table" and ctx.data.stages or STAGES
    for _, stage in ipairs(stages) do
      if not index_of(STAGES, stage) then
        error("stages 中的 '" .. tostring(stage) .. "' 不是" .. table.concat(STAGES, "、") .. "之一", 0)
      end
    end
    chosen, deferred = default_agenda(ctx, stages)
  end
  table.sort(chosen, function(a, b)
    local sa, sb = index_of(STAGES, a.data.stage) or 99, index_of(STAGES, b.data.stage) or 99
    if sa ~= sb then return sa < sb end
    return a.id < b.id
  end)
  local agenda, ids = json.array({}), json.array({})
  for _, project in ipairs(chosen) do
    agenda[#agenda + 1] = agenda_entry(project)
    ids[#ids + 1] = project.id
  end
  ctx.data.projects = ids
  ctx.data.agenda = agenda
  ctx.data.deferred = deferred
  if #deferred > 0 then
    local names = {}
    for _, entry in ipairs(deferred) do names[#names + 1] = label(entry) end
    ctx:notify {
      to = "person:" .. ctx.data.chair, title = "分析研判会（" .. ctx.data.date .. "）另有 " .. #deferred .. " 个项目未列入",
      body = "一次研判会最多研判 " .. MAX_PROJECTS .. " 个项目，以下项目请另行召集研判：" .. table.concat(names, "、"),
    }
  end
  ctx:log("分析研判会 " .. ctx.data.date .. "：研判项目 " .. #agenda .. " 个"
          .. (#deferred > 0 and ("，另有 " .. #deferred .. " 个延至下次") or ""))
end

-- 记录人提交的会议纪要：每个研判项目恰有一条研判意见，写明理由。所有问题一并指出。
local function check_minutes(ctx, ev)
  local given = ev and ev.data
  if type(given) ~= "table" then
    return "请提交会议纪要（--data '{\"attendees\":[...],\"summary\":\"...\",\"verdicts\":[...]}'）"
  end
  local problems = {}
  if type(given.attendees) ~= "table" or #given.attendees == 0 then
    problems[#problems + 1] = "请填写出席人员 attendees（人员编号或姓名的列表）"
  else
    for position, who in ipairs(given.attendees) do
      if type(who) ~= "string" or who == "" then
        problems[#problems + 1] = "出席人员 attendees 第 " .. position .. " 项须是人员编号或姓名"
      end
    end
  end
  if type(given.summary) ~= "string" or given.summary == "" then
    problems[#problems + 1] = "请填写会议概述 summary"
  end
  local verdicts = given.verdicts
  if type(verdicts) ~= "table" then
    problems[#problems + 1] = "请填写研判意见 verdicts：每个研判项目一条 {project, verdict, reasons, next_step}"
    return table.concat(problems, "；")
  end
  local listed = {}
  for _, entry in ipairs(ctx.data.agenda) do listed[entry.id] = entry end
  local first_at = {}
  for position, verdict in ipairs(verdicts) do
    local where = "研判意见第 " .. position .. " 条"
    if type(verdict) ~= "table" or not present(verdict.project) then
      problems[#problems + 1] = where .. "：缺少项目 project（项目实例编号）"
    elseif not listed[verdict.project] then
      problems[#problems + 1] = where .. "：项目 " .. tostring(verdict.project)
        .. " 不在本次研判名单中（名单：" .. table.concat(ctx.data.projects, "、") .. "）"
    elseif first_at[verdict.project] then
      problems[#problems + 1] = "项目 " .. label(listed[verdict.project]) .. "有两条研判意见（第 "
        .. first_at[verdict.project] .. "、" .. position .. " 条）：每个项目只写一条"
    else
      local entry = listed[verdict.project]
      first_at[verdict.project] = position
      if not index_of(VERDICTS, verdict.verdict) then
        problems[#problems + 1] = "项目 " .. label(entry) .. "的研判意见 '" .. tostring(verdict.verdict)
          .. "' 不是" .. table.concat(VERDICTS, "、") .. "之一"
      end
      if type(verdict.reasons) ~= "string" or verdict.reasons:match("^%s*$") then
        problems[#problems + 1] = "项目 " .. label(entry) .. "缺少研判理由 reasons"
      end
      if verdict.next_step ~= nil and type(verdict.next_step) ~= "string" then
        problems[#problems + 1] = "项目 " .. label(entry) .. "的下一步 next_step 须是文字"
      end
    end
  end
  local missing = {}
  for _, entry in ipairs(ctx.data.agenda) do
    if not first_at[entry.id] then missing[#missing + 1] = label(entry) end
  end
  if #missing > 0 then
    problems[#problems + 1] = "以下项目没有研判意见，每个研判项目须有一条：" .. table.concat(missing, "、")
  end
  if #problems > 0 then return "会议纪要未通过检查：" .. table.concat(problems, "；") end
  return true
end

local function record_minutes(ctx, ev)
  local given = ev.data
  local by_project = {}
  for _, verdict in ipairs(given.verdicts) do by_project[verdict.project] = verdict end
  local verdicts = json.array({})
  for _, entry in ipairs(ctx.data.agenda) do
    local verdict = by_project[entry.id]
    verdicts[#verdicts + 1] = {
      project = entry.id, verdict = verdict.verdict, reasons = verdict.reasons,
      next_step = present(verdict.next_step) and verdict.next_step or nil,
    }
  end
  local attendees = json.array({})
  for _, who in ipairs(given.attendees) do attendees[#attendees + 1] = who end
  ctx.data.minutes = {
    attendees = attendees, summary = given.summary, verdicts = verdicts,
    recorded_by = ctx.actor, recorded_at = ctx.now,
  }
end

local function require_comment(ctx, ev)
  if ev and present(ev.comment) then return true end
  return "退回修改请写明意见（--comment \"...\"），记录人据此修改纪要"
end

local function send_back(ctx, ev)
  local returns = ctx.data.returns or json.array({})
  returns[#returns + 1] = { by = ctx.actor, at = ctx.now, comment = ev.comment }
  ctx.data.returns = returns
  ctx:notify {
    to = "person:" .. ctx.data.secretary, title = "分析研判会（" .. ctx.data.date .. "）纪要退回修改",
    body = "主任意见：" .. ev.comment,
  }
end

-- 审定后逐个项目送达研判意见：先 assessed，暂缓再 pause、终止再 drop。审定前已暂缓的
-- 项目研判为暂缓时只送 assessed；其间已办结、终止或取消的项目不再送达，在 applied 中
-- 写明并通知主持人。
local function apply_verdicts(ctx, ev)
  ctx.data.approved_by = ctx.actor
  ctx.data.approved_at = ctx.now
  ctx.data.approval_comment = ev and ev.comment or nil
  local running = running_projects(ctx)
  local names = {}
  for _, entry in ipairs(ctx.data.agenda) do names[entry.id] = entry end
  local applied, skipped = json.array({}), {}
  for _, verdict in ipairs(ctx.data.minutes.verdicts) do
    local sent, note = json.array({}), nil
    local project = running[verdict.project]
    if not project then
      note = "项目已不在办（已办结、终止或取消），未送达"
      skipped[#skipped + 1] = label(names[verdict.project]) .. "：" .. note
    else
      ctx:signal(verdict.project, "assessed", {
        meeting = ctx.instance.id, date = ctx.data.date, verdict = verdict.verdict,
        reasons = verdict.reasons, next_step = verdict.next_step,
      })
      sent[#sent + 1] = "assessed"
      local reason = "分析研判会（" .. ctx.data.date .. "）：" .. verdict.reasons
      if verdict.verdict == "暂缓" and project.state == "paused" then
        note = "项目已在暂缓中"
      elseif verdict.verdict == "暂缓" then
        ctx:signal(verdict.project, "pause", { reason = reason })
        sent[#sent + 1] = "pause"
      elseif verdict.verdict == "终止" then
        ctx:signal(verdict.project, "drop", { reason = reason })
        sent[#sent + 1] = "drop"
      end
    end
    applied[#applied + 1] = { project = verdict.project, verdict = verdict.verdict, sent = sent, note = note }
  end
  ctx.data.applied = applied
  if #skipped > 0 then
    ctx:notify {
      to = "person:" .. ctx.data.chair, title = "分析研判会（" .. ctx.data.date .. "）部分研判意见未能送达",
      body = table.concat(skipped, "；"),
    }
  end
  ctx:log("分析研判会 " .. ctx.data.date .. " 纪要审定，研判意见送达 " .. (#applied - #skipped) .. " 个项目")
end

return workflow {
  name = "assessment",
  title = "分析研判会",
  schedule = monthly {
    day = 15, at = "15:00", shift = "next_workday",
    input = function(info) return { date = info.at:sub(1, 10) } end,
  },
  input = {
    projects = { type = "list", required = false, title = "研判项目（项目实例编号；默认四个阶段的在办项目）" },
    stages = { type = "list", required = false, title = "只研判这些阶段的项目（默认四个阶段）" },
    secretary = { type = "person", required = false, title = "会议记录人（默认办公室主任）" },
    topic = { type = "string", required = false, title = "议题" },
    date = { type = "date", required = false, title = "会议日期（默认召集当日）" },
  },
  start = "minutes",
  on_start = convene,

  states = {
    minutes = task {
      title = "整理分析研判会纪要",
      assignee = "secretary",
      due = workdays(2),
      escalate = {
        { after = workdays(1), from = "due", remind = "assignee", every = workdays(1), times = 2 },
        { after = workdays(3), from = "due", escalate_to = "chair", level = "督办" },
      },
      on = { submit = { to = "review", guard = check_minutes, action = record_minutes } },
    },
    review = approval {
      title = "主任审定会议纪要",
      approvers = { "chair" },
      rule = "any",
      due = workdays(2),
      escalate = { { after = workdays(1), from = "due", remind = "assignee" } },
      on = {
        approved = { to = "closed", action = apply_verdicts },
        rejected = { to = "minutes", guard = require_comment, action = send_back },
      },
    },
    closed = final { title = "纪要已审定，研判意见已送达项目", outcome = "审定" },
  },
}
