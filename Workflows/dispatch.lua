-- 周调度：每周一 09:00（节假日顺延到下一个工作日）自动启动。
--
-- 启动时汇总项目库（各阶段项目数和总投资、超期事项、推进停滞的项目），对超期或停滞的
-- 工作自动立项督办事项（supervision），再生成周例会任务：主任主持周例会，会上的议定事项
-- 写在完成数据里，每一项自动立项为督办事项。
--
--   agency schedule enable dispatch --from 2025-01-06
--   agency complete dispatch-2025-01-06 held --as chenzhiyuan --data '{"decisions":[
--     {"title":"协调解决东区供水管网接入","owner":"zhangwei","limit":5,"project":"project-P03"}]}'
--
-- 周报告的完整内容由 agency report weekly 给出；本流程记下例会当时看到的汇总，便于追溯。

local PIPELINE = { "初步对接", "重点意向", "成熟待签约", "签约待备案", "登记/注册/备案", "开工", "投产" }
-- 连续多少个工作日没有进展（阶段变化或进展记录）算推进停滞。
local STALLED_AFTER = 15
-- 系统立项的督办事项的办理时限（工作日）。
local OVERDUE_LIMIT = 3
local STALLED_LIMIT = 5
-- 这些流程的超期事项会被立项督办；督办事项自身超期由它的催办、督办阶梯处理。
local WATCHED = { "project", "permit", "element", "problem" }

local function present(value)
  return value ~= nil and value ~= "" and value ~= json.null
end

local function chair(ctx)
  local directors = ctx:people("主任")
  if #directors == 0 then error("人员名单中没有主任，周调度无人主持") end
  return directors[1]
end

-- 同一来源的督办事项在办，或办结不足 RESUPERVISE_AFTER 个工作日，不重复立项。
local RESUPERVISE_AFTER = 10

local function open_origins(ctx)
  local origins = {}
  for _, item in ipairs(ctx:query { workflow = "supervision" }) do
    if present(item.data.origin) then
      local recent = ctx:count_workdays(item.createdAt:sub(1, 10), ctx.today) - 1 < RESUPERVISE_AFTER
      if item.status == "running" or recent then origins[item.data.origin] = true end
    end
  end
  return origins
end

local function label(instance, item)
  local data = instance.data
  if instance.workflow == "permit" then return data.item .. "（" .. item.title .. "）" end
  if instance.workflow == "problem" then return "难点堵点：" .. data.title end
  if instance.workflow == "element" then return "要素保障：" .. data.element .. "（" .. data.department .. "）" end
  return "项目推进（" .. item.title .. "）"
end

-- 防重复立项的来源标识：项目按阶段（超期和停滞合并为一项），其他按待办事项。
local function origin_of(instance, item)
  if instance.workflow == "project" then return "project:" .. instance.id .. ":" .. instance.data.stage end
  return "overdue:" .. instance.id .. ":" .. item.id
end

local function latest(a, b)
  if not present(a) then return b end
  if not present(b) then return a end
  if a > b then return a end
  return b
end

local function summarize(ctx)
  local by_stage = {}
  for _, stage in ipairs(PIPELINE) do by_stage[stage] = { stage = stage, count = 0, investment = 0 } end
  local paused, dropped = 0, 0
  local projects = ctx:query { workflow = "project" }
  for _, project in ipairs(projects) do
    if project.state == "paused" then
      paused = paused + 1
    elseif project.state == "dropped" or project.status == "cancelled" then
      dropped = dropped + 1
    elseif by_stage[project.data.stage] then
      local row = by_stage[project.data.stage]
      row.count = row.count + 1
      row.investment = row.investment + project.data.investment
    end
  end
  local stages = json.array({})
  local count, investment = 0, 0
  for _, stage in ipairs(PIPELINE) do
    stages[#stages + 1] = by_stage[stage]
    count = count + by_stage[stage].count
    investment = investment + by_stage[stage].investment
  end
  return { stages = stages, count = count, investment = investment, paused = paused, dropped = dropped }, projects
end

-- 超期事项（红灯）和推进停滞的项目，各立项一个督办事项（同一事项不重复立项）。
local function supervise(ctx, projects)
  local origins = open_origins(ctx)
  local director = chair(ctx)
  local opened = json.array({})
  local red = {}
  local function open(input)
    if origins[input.origin] then return end
    origins[input.origin] = true
    input.source = "周调度"
    input.supervisor = director
    input.week = ctx.data.week_of
    local id = ctx:start("supervision", input)
    opened[#opened + 1] = { id = id, title = input.title, owner = input.owner, origin = input.origin }
  end
  for _, workflow in ipairs(WATCHED) do
    for _, instance in ipairs(ctx:query { workflow = workflow, status = "running" }) do
      for _, item in ipairs(instance.items) do
        if item.color == "red" then
          local project = instance.data.project or instance.id
          red[project] = true
          local name = instance.data.project_name or instance.data.name or ""
          open {
            title = "超期督办：" .. name .. "·" .. label(instance, item),
            detail = "截止 " .. tostring(item.due) .. " 已超期，请说明原因并限期办结",
            owner = item.assignee,
            leader = instance.data.leader or director,
            limit = OVERDUE_LIMIT,
            project = project,
            project_name = name,
            origin = origin_of(instance, item),
          }
        end
      end
    end
  end
  local stalled = json.array({})
  for _, project in ipairs(projects) do
    local active = project.status == "running" and project.state ~= "paused"
      and project.state ~= "permitting" and project.state ~= "acceptance"
    if active and not red[project.id] then
      local last = latest(project.data.last_progress, project.lastCommentAt) or project.createdAt
      local idle = ctx:count_workdays(last:sub(1, 10), ctx.today) - 1
      if idle >= STALLED_AFTER then
        stalled[#stalled + 1] = { id = project.id, name = project.data.name, idle = idle }
        open {
          title = "推进停滞：" .. project.data.name .. "（" .. project.data.stage .. "）",
          detail = idle .. " 个工作日无进展，请制定推进计划并反馈",
          owner = project.data.agent,
          leader = project.data.leader,
          limit = STALLED_LIMIT,
          project = project.id,
          project_name = project.data.name,
          origin = "project:" .. project.id .. ":" .. project.data.stage,
        }
      end
    end
  end
  return opened, stalled
end

local function check_decisions(ctx, ev)
  local decisions = ev and ev.data and ev.data.decisions
  if decisions == nil then return true end
  if type(decisions) ~= "table" then return "decisions 须是议定事项的列表" end
  local known = {}
  for _, role in ipairs({ "包联领导", "代办员", "联络员", "主任" }) do
    for _, id in ipairs(ctx:people(role)) do known[id] = true end
  end
  for position, decision in ipairs(decisions) do
    local where = "议定事项第 " .. position .. " 项"
    if type(decision) ~= "table" or not present(decision.title) then return where .. "：须有 title" end
    if not known[decision.owner] then return where .. "：责任人 owner '" .. tostring(decision.owner) .. "' 不在人员名单中" end
    if decision.leader ~= nil and not known[decision.leader] then
      return where .. "：督办领导 leader '" .. tostring(decision.leader) .. "' 不在人员名单中"
    end
    if decision.limit ~= nil and (math.type(decision.limit) ~= "integer" or decision.limit < 1) then
      return where .. "：limit 须是正整数（工作日）"
    end
  end
  return true
end

return workflow {
  name = "dispatch",
  title = "周调度",
  schedule = weekly {
    day = "MON", at = "09:00", shift = "next_workday",
    input = function(info) return { week_of = info.date } end,
  },
  input = { week_of = { type = "date", required = false, title = "所属周（周一）" } },
  start = "meeting",

  on_start = function(ctx)
    ctx.data.week_of = ctx.data.week_of or ctx.today
    ctx.data.chair = chair(ctx)
    local summary, projects = summarize(ctx)
    local opened, stalled = supervise(ctx, projects)
    summary.opened = opened
    summary.stalled = stalled
    summary.at = ctx.now
    ctx.data.summary = summary
    ctx:log("周调度 " .. ctx.data.week_of .. "：项目 " .. summary.count .. " 个，总投资 "
            .. summary.investment .. " 万元，新立督办事项 " .. #opened .. " 项")
  end,

  states = {
    meeting = task {
      title = "周例会：听取周报告，形成议定事项",
      assignee = "chair",
      due = workdays(1),
      escalate = { { after = workdays(1), from = "due", remind = "assignee" } },
      on = {
        held = {
          to = "closed",
          guard = check_decisions,
          action = function(ctx, ev)
            local decisions = (ev.data and ev.data.decisions) or {}
            local recorded = json.array({})
            for position, decision in ipairs(decisions) do
              local id = ctx:start("supervision", {
                title = decision.title, detail = decision.detail, source = "周例会",
                owner = decision.owner, leader = decision.leader or ctx.data.chair,
                supervisor = ctx.data.chair, limit = decision.limit or 5,
                project = decision.project, project_name = decision.project_name,
                week = ctx.data.week_of, origin = "meeting:" .. ctx.data.week_of .. ":" .. position,
              })
              recorded[#recorded + 1] = { title = decision.title, owner = decision.owner, supervision = id }
            end
            ctx.data.decisions = recorded
            ctx.data.held_on = ctx.today
          end,
        },
      },
    },
    closed = final { title = "调度完成", outcome = "held" },
  },
}
