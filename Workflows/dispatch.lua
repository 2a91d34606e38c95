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
-- 启动时还读取本周的项目进展周报收集（progress），把未提交和与上期雷同的周报记在
-- data.progress 里，并通知有关联络员（抄送项目代办员）。
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

-- 联络员项目进展周报（progress）：标记本期未提交和与上期雷同的周报。
--
-- 本期：周报收集中 week 等于本次周调度所属周（week_of）、已截止的那一期；上期：比它早的
-- 最近一期。与上期雷同：本期周报 text 与同一项目上期 text 的相似度不低于 SIMILAR_AT。
-- 相似度是字符二元组（相邻两个字）的 Dice 系数：去掉空白和标点（中英文）后，
-- 2 × 共有二元组数 ÷（两段二元组数之和），按多重集计；去掉后完全相同为 1，
-- 一方为空（上期未报）为 0。改动一个字的 40 字周报约 0.95，另写的一段通常低于 0.3。
local SIMILAR_AT = 0.85
local PROGRESS = "progress"

-- 计入比对的字符：字母数字、汉字等；去掉空白、ASCII 标点、Latin-1 符号、一般标点
-- （引号、破折号、省略号）、CJK 标点（、。「」【】和全角空格）和全角标点。
local function counted(c)
  if c < 0x80 then
    return (c >= 0x30 and c <= 0x39) or (c >= 0x41 and c <= 0x5A) or (c >= 0x61 and c <= 0x7A)
  end
  if c <= 0xBF then return false end
  if c >= 0x2000 and c <= 0x206F then return false end
  if c >= 0x3000 and c <= 0x303F then return false end
  if c >= 0xFE30 and c <= 0xFE4F then return false end
  if (c >= 0xFF00 and c <= 0xFF0F) or (c >= 0xFF1A and c <= 0xFF20) or (c >= 0xFF3B and c <= 0xFF40)
      or (c >= 0xFF5B and c <= 0xFF65) then
    return false
  end
  return true
end

local function characters(text)
  local out = {}
  if type(text) ~= "string" then return out end
  for _, c in utf8.codes(text) do
    if c >= 0x41 and c <= 0x5A then c = c + 0x20 end   -- ASCII 不分大小写
    if counted(c) then out[#out + 1] = c end
  end
  return out
end

-- 两段文字的相似度，0 … 1（见上）。
local function similarity(a, b)
  local x, y = characters(a), characters(b)
  if #x == 0 or #y == 0 then return 0.0 end
  if #x == #y then
    local same = true
    for i = 1, #x do
      if x[i] ~= y[i] then same = false break end
    end
    if same then return 1.0 end
  end
  if #x < 2 or #y < 2 then return 0.0 end
  local bigrams = {}
  for i = 1, #x - 1 do
    local key = x[i] .. ":" .. x[i + 1]
    bigrams[key] = (bigrams[key] or 0) + 1
  end
  local shared = 0
  for i = 1, #y - 1 do
    local key = y[i] .. ":" .. y[i + 1]
    local left = bigrams[key]
    if left and left > 0 then
      shared = shared + 1
      bigrams[key] = left - 1
    end
  end
  return 2 * shared / ((#x - 1) + (#y - 1))
end

-- 本期和上期的周报收集（已截止、仍保留的；收集截止后保留三周）。
local function progress_periods(ctx)
  local closed = {}
  for _, collection in ipairs(ctx:query { workflow = PROGRESS, status = "running" }) do
    if collection.state == "closed" and present(collection.data.week) and collection.data.week <= ctx.data.week_of then
      closed[#closed + 1] = collection
    end
  end
  table.sort(closed, function(a, b)
    if a.data.week ~= b.data.week then return a.data.week > b.data.week end
    if a.createdAt ~= b.createdAt then return a.createdAt > b.createdAt end
    return a.id > b.id
  end)
  local current = closed[1]
  if current == nil or current.data.week ~= ctx.data.week_of then return nil, nil end
  for _, collection in ipairs(closed) do
    if collection.data.week < current.data.week then return current, collection end
  end
  return current, nil
end

local function notify_liaison(ctx, entry, title, body)
  ctx:notify { to = "person:" .. entry.liaison, kind = "周报", title = title, body = body }
  if present(entry.agent) and entry.agent ~= entry.liaison then
    ctx:notify { to = "person:" .. entry.agent, kind = "周报", title = "抄送：" .. title, body = body }
  end
end

-- 标记本期：应报、已报、未提交、与上期雷同，并通知有关联络员（抄送项目代办员）。
local function mark_progress(ctx)
  local current, previous = progress_periods(ctx)
  if current == nil then
    ctx:log("没有所属周 " .. ctx.data.week_of .. " 已截止的项目进展周报收集，不作标记")
    return
  end
  local reports = current.data.reports or {}
  local before = (previous and previous.data.reports) or {}
  local missing, similar = json.array({}), json.array({})
  local submitted = 0
  local projects = current.data.projects or {}
  for _, project in ipairs(projects) do
    local report = reports[project.project]
    local entry = { project = project.project, project_name = project.project_name, liaison = project.liaison }
    local label = project.project_name .. "（" .. project.project .. "）"
    if report == nil then
      missing[#missing + 1] = entry
      notify_liaison(ctx, project, "项目进展周报本期未提交：" .. project.project_name,
        label .. "的项目进展周报在 " .. current.data.closes_at .. " 收集截止时未提交，本次周调度（"
        .. ctx.data.week_of .. "）记为“本期未提交”。请向代办员了解项目进展，下期按时填报。")
    else
      submitted = submitted + 1
      local last = before[project.project]
      local score = last and similarity(report.text, last.text) or 0.0
      if score >= SIMILAR_AT then
        entry.similarity = math.floor(score * 100 + 0.5) / 100
        entry.report = report.report
        entry.previous = last.report
        similar[#similar + 1] = entry
        notify_liaison(ctx, project, "项目进展周报与上期雷同：" .. project.project_name,
          label .. "本期周报的本周进展与上期相似度为 " .. math.floor(score * 100 + 0.5)
          .. "%（达到 " .. math.floor(SIMILAR_AT * 100) .. "% 记为“与上期雷同”），本次周调度（"
          .. ctx.data.week_of .. "）已标记。请如实填报本周的实际进展。")
      end
    end
  end
  ctx.data.progress = {
    collection = current.id, previous = previous and previous.id or nil, week = current.data.week,
    expected = #projects, submitted = submitted, missing = missing, similar = similar, threshold = SIMILAR_AT,
  }
  ctx:log("项目进展周报 " .. current.id .. "：应报 " .. #projects .. "，已报 " .. submitted .. "，未提交 "
          .. #missing .. "，与上期雷同 " .. #similar)
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
    mark_progress(ctx)
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
