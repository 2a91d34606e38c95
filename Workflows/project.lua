-- 招商引资项目全代办：一个项目从初步对接到投产的全过程。
--
-- 阶段：初步对接 → 重点意向 → 成熟待签约 → 签约待备案 → 登记/注册/备案 → 开工 → 投产。
-- 每个阶段由项目代办员（agent）推进，转段须满足本阶段的转段条件，并经包联领导
-- （leader）审批；签约须再经主任审批。项目可在任一推进阶段暂缓或终止，须写明原因。
-- 登记/注册/备案完成后，由 permits 工作流生成手续计划；开工前手续全部办结才转入开工，
-- 竣工验收手续办结、主任确认后转入投产。
--
-- 重点意向阶段按“实地考察 → 要素保障 → 商定签约条件”推进：代办员记录实地考察（visit），
-- 启动要素保障（elements：用地、用水、用电、用气、用工、环境容量、配套，每项一个 element
-- 实例，有责任部门和时限，超期催办、督办），要素研讨完毕后商定签约条件，报包联领导审批。
--
-- 在推进中的任一状态都可以记录（不改变状态、不影响时限）：实地考察（visit）、专班（team，
-- 一个项目一个专班）、一企一策（plan，措施、责任人、时限）、投资进度（investment，计划和
-- 完成投资、计划开工和竣工日期），以及分析研判会的研判意见（assessed，由 assessment 发来）。
--
-- 约定：每个状态的 title 以所属阶段开头（"·" 之前的部分），周报告据此按阶段统计。
-- 已在推进中的项目导入时用 initial_stage 指定当前阶段（初步对接、重点意向、成熟待签约、
-- 签约待备案），从该阶段开始。

local STAGE_STATES = { ["初步对接"] = "contact", ["重点意向"] = "intent",
                       ["成熟待签约"] = "signing", ["签约待备案"] = "signed" }

-- 阶段任务的催办、督办：截止后次日催办代办员，截止后第 3 个工作日督办到包联领导，
-- 第 8 个工作日督办到主任。
local STAGE_LADDER = {
  { after = workdays(1), from = "due", remind = "assignee" },
  { after = workdays(3), from = "due", escalate_to = "leader", level = "督办" },
  { after = workdays(8), from = "due", escalate_to = role("主任"), level = "督办" },
}
local STAGE_COLORS = { blue = workdays(5), yellow = workdays(2) }

-- 要素保障的默认清单和责任部门；启动要素保障时可在 --data 的 elements 中另行给出。
local ELEMENTS = {
  { name = "用地", department = "规划和自然资源局" },
  { name = "用水", department = "水务局" },
  { name = "用电", department = "国网屯留区供电公司" },
  { name = "用气", department = "城镇燃气公司" },
  { name = "用工", department = "人力资源和社会保障局" },
  { name = "环境容量", department = "生态环境局屯留分局" },
  { name = "配套", department = "经开区规划建设部" },
}
local ELEMENT_LIMIT = 10

-- 研判意见（分析研判会）及其给出的下一步。
local VERDICT_STEPS = {
  ["推进到下一阶段"] = "按分析研判会意见推进到下一阶段",
  ["维持"] = nil,
  ["暂缓"] = "按分析研判会意见暂缓推进",
  ["终止"] = "按分析研判会意见终止",
  ["补充论证"] = "按分析研判会意见补充论证",
}

-- 可以记录考察、专班、一企一策、投资进度的人：代办员、包联领导、联络员、主任。
local TEAM = { "agent", "leader", "liaison", role("主任") }

-- 审批的催办：2 个工作日未审批催办一次。
local REVIEW_LADDER = { { after = workdays(2), remind = "assignee" } }

-- 转段时可以补充或更新的项目信息（其他字段只能在导入时给出）。
local UPDATABLE = {
  "site", "land", "scale", "investment", "land_type", "expected_filing", "conditions",
  "contract_no", "signed_on", "credit_code", "filing_code", "completed_on", "next_step",
}

local function present(value)
  return value ~= nil and value ~= "" and value ~= json.null
end

-- 转段条件：列出的字段须在本次事件数据或项目数据中已有。
local function requires(fields)
  return function(ctx, ev)
    local given = (ev and ev.data) or {}
    local missing = {}
    for _, field in ipairs(fields) do
      if not present(given[field[1]]) and not present(ctx.data[field[1]]) then
        missing[#missing + 1] = field[2] .. "（" .. field[1] .. "）"
      end
    end
    if #missing == 0 then return true end
    return "转段条件未满足，缺少：" .. table.concat(missing, "、")
  end
end

local function record(ctx, ev)
  local given = (ev and ev.data) or {}
  for _, key in ipairs(UPDATABLE) do
    if present(given[key]) then ctx.data[key] = given[key] end
  end
  ctx.data.last_progress = ctx.now
end

-- 真实的日历日期（YYYY-MM-DD）和月份（YYYY-MM）。
local function is_month(value)
  if type(value) ~= "string" then return false end
  local year, month = value:match("^(%d%d%d%d)%-(%d%d)$")
  return year ~= nil and tonumber(month) >= 1 and tonumber(month) <= 12
end

local function is_date(value)
  if type(value) ~= "string" then return false end
  local year, month, day = value:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if not year then return false end
  year, month, day = tonumber(year), tonumber(month), tonumber(day)
  if month < 1 or month > 12 or day < 1 then return false end
  local days = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
  if month == 2 and (year % 4 == 0 and (year % 100 ~= 0 or year % 400 == 0)) then return day <= 29 end
  return day <= days[month]
end

local function is_text(value)
  return type(value) == "string" and value:match("%S") ~= nil
end

-- 一次填报的金额上限（万元）：1000 亿元，防止误填。
local MAX_AMOUNT = 10000000
local MAX_LIST = 50

-- 实地考察：日期、地点、参加人员、考察发现。
local VISIT = {
  stay = true, by = TEAM,
  guard = function(ctx, ev)
    local given = (ev and ev.data) or {}
    if not is_text(given.findings) then
      return "请写明考察发现（--data '{\"findings\":\"...\",\"place\":\"...\",\"attendees\":[\"...\"]}'）"
    end
    if given.date ~= nil and not is_date(given.date) then return "考察日期 date 须为 YYYY-MM-DD 的日期" end
    if given.place ~= nil and type(given.place) ~= "string" then return "考察地点 place 须为文字" end
    if given.attendees ~= nil then
      if type(given.attendees) ~= "table" or #given.attendees > MAX_LIST then
        return "参加人员 attendees 须为不超过 " .. MAX_LIST .. " 人的列表"
      end
      for index, name in ipairs(given.attendees) do
        if not is_text(name) then return "参加人员第 " .. index .. " 项须为姓名" end
      end
    end
    return true
  end,
  action = function(ctx, ev)
    local given = ev.data
    local visits = ctx.data.visits or json.array({})
    visits[#visits + 1] = {
      date = present(given.date) and given.date or ctx.today, place = given.place,
      attendees = given.attendees or json.array({}), findings = given.findings, by = ctx.actor,
    }
    ctx.data.visits = visits
    ctx.data.last_progress = ctx.now
  end,
}

-- 专班：牵头领导和成员（姓名、单位或部门、分工）。
local TEAM_EVENT = {
  stay = true, by = TEAM,
  guard = function(ctx, ev)
    local given = (ev and ev.data) or {}
    if not is_text(given.lead) then return "请写明专班牵头人 lead（姓名）" end
    if type(given.members) ~= "table" or #given.members == 0 or #given.members > MAX_LIST then
      return "请列出专班成员 members：[{\"name\":\"...\",\"department\":\"...\",\"duty\":\"...\"}]"
    end
    for index, member in ipairs(given.members) do
      if type(member) ~= "table" or not is_text(member.name) or not is_text(member.department)
          or (member.duty ~= nil and type(member.duty) ~= "string") then
        return "专班成员第 " .. index .. " 项须有姓名 name 和单位 department（文字），分工 duty 可选"
      end
    end
    return true
  end,
  action = function(ctx, ev)
    ctx.data.team = { lead = ev.data.lead, members = ev.data.members, since = ctx.today }
  end,
}

-- 一企一策：措施、责任人（或责任单位）、完成时限、进展。
local PLAN_STATUSES = { ["未开始"] = true, ["推进中"] = true, ["已完成"] = true }
local PLAN_EVENT = {
  stay = true, by = TEAM,
  guard = function(ctx, ev)
    local given = (ev and ev.data) or {}
    if type(given.measures) ~= "table" or #given.measures == 0 or #given.measures > MAX_LIST then
      return "请列出一企一策措施 measures：[{\"measure\":\"...\",\"owner\":\"...\",\"due\":\"YYYY-MM-DD\"}]"
    end
    for index, item in ipairs(given.measures) do
      if type(item) ~= "table" or not is_text(item.measure) or not is_text(item.owner) then
        return "措施第 " .. index .. " 项须有内容 measure 和责任人 owner"
      end
      if not is_date(item.due) then return "措施第 " .. index .. " 项的完成时限 due 须为 YYYY-MM-DD 的日期" end
      if present(item.status) and not PLAN_STATUSES[item.status] then
        return "措施第 " .. index .. " 项的进展 status 须为 未开始、推进中 或 已完成"
      end
    end
    return true
  end,
  action = function(ctx, ev)
    local measures = json.array({})
    for _, item in ipairs(ev.data.measures) do
      measures[#measures + 1] = { measure = item.measure, owner = item.owner, due = item.due,
                                  status = present(item.status) and item.status or "推进中" }
    end
    ctx.data.plan = { measures = measures, updated = ctx.today }
    -- 每一版都留下，周报告按当时的版本统计。
    local history = ctx.data.plan_history or json.array({})
    history[#history + 1] = { measures = measures, updated = ctx.today }
    ctx.data.plan_history = history
  end,
}

-- 投资进度：某月完成投资（万元），计划投资（按月），计划开工、竣工日期。
local INVESTMENT_EVENT = {
  stay = true, by = TEAM,
  guard = function(ctx, ev)
    local given = (ev and ev.data) or {}
    local any = false
    if given.month ~= nil or given.amount ~= nil then
      if not is_month(given.month) then return "完成投资的月份 month 须为 YYYY-MM（月份 01–12）" end
      if type(given.amount) ~= "number" or given.amount < 0 or given.amount > MAX_AMOUNT then
        return "完成投资 amount（万元）须为 0 到 " .. MAX_AMOUNT .. " 之间的数"
      end
      any = true
    end
    if given.plan ~= nil then
      if type(given.plan) ~= "table" or next(given.plan) == nil then
        return "计划投资 plan 须为非空的 {\"YYYY-MM\": 万元}"
      end
      for month, amount in pairs(given.plan) do
        if not is_month(month) or type(amount) ~= "number" or amount < 0 or amount > MAX_AMOUNT then
          return "计划投资 plan 的每一项须为 \"YYYY-MM\": 0 到 " .. MAX_AMOUNT .. " 万元（" .. tostring(month) .. "）"
        end
      end
      any = true
    end
    for _, key in ipairs({ "planned_start", "planned_completion" }) do
      if given[key] ~= nil then
        if not is_date(given[key]) then return key .. " 须为 YYYY-MM-DD 的日期" end
        any = true
      end
    end
    local start = given.planned_start or ctx.data.planned_start
    local finish = given.planned_completion or ctx.data.planned_completion
    if start and finish and finish < start then
      return "计划竣工日期（" .. finish .. "）早于计划开工日期（" .. start .. "）"
    end
    if not any then
      return "请给出完成投资（month、amount）、计划投资（plan）或计划开工、竣工日期（planned_start、planned_completion）"
    end
    return true
  end,
  action = function(ctx, ev)
    local given = ev.data
    if given.month ~= nil then
      local done = ctx.data.investment_done or {}
      done[given.month] = given.amount
      ctx.data.investment_done = done
      local total = 0
      for _, amount in pairs(done) do total = total + amount end
      ctx.data.investment_completed = total
    end
    if given.plan ~= nil then
      local plan = ctx.data.investment_plan or {}
      for month, amount in pairs(given.plan) do plan[month] = amount end
      ctx.data.investment_plan = plan
    end
    if given.planned_start ~= nil then ctx.data.planned_start = given.planned_start end
    if given.planned_completion ~= nil then ctx.data.planned_completion = given.planned_completion end
    ctx.data.last_progress = ctx.now
  end,
}

-- 分析研判会的研判意见（assessment 流程发来；主任也可直接记录）。
local ASSESSED = {
  stay = true, by = { role("主任") },
  guard = function(ctx, ev)
    local given = (ev and ev.data) or {}
    if not present(given.verdict) or (VERDICT_STEPS[given.verdict] == nil and given.verdict ~= "维持") then
      return "研判意见 verdict 须为 推进到下一阶段、维持、暂缓、终止 或 补充论证"
    end
    if not is_text(given.reasons) then return "请写明研判理由 reasons" end
    -- 暂缓、终止会改变项目：只能经研判会审定后送达（消息），不能直接记录。
    if (given.verdict == "暂缓" or given.verdict == "终止") and ctx.actor ~= "system" then
      return "研判意见「" .. given.verdict .. "」须经分析研判会审定后送达；要直接暂缓、终止项目，请由代办员写明原因办理"
    end
    return true
  end,
  action = function(ctx, ev)
    local given = ev.data
    local list = ctx.data.assessments or json.array({})
    list[#list + 1] = { meeting = given.meeting, date = present(given.date) and given.date or ctx.today,
                        verdict = given.verdict, reasons = given.reasons, next_step = given.next_step,
                        stage = ctx.data.stage }
    ctx.data.assessments = list
    local step = present(given.next_step) and given.next_step or VERDICT_STEPS[given.verdict]
    if step then ctx.data.next_step = step end
  end,
}

-- 任一推进中状态都可记录的事项；invest 为 true 时含投资进度。
local function recordable(on, invest)
  on.visit = VISIT
  on.team = TEAM_EVENT
  on.plan = PLAN_EVENT
  on.assessed = ASSESSED
  if invest then on.investment = INVESTMENT_EVENT end
  return on
end

local function reason_of(ev)
  if ev and ev.data and present(ev.data.reason) then return ev.data.reason end
  if ev and present(ev.comment) then return ev.comment end
  return nil
end

local function needs_reason(ctx, ev)
  if reason_of(ev) then return true end
  return "请写明原因（--comment 或 --data '{\"reason\":\"...\"}'）"
end

-- 暂缓、终止时撤回项目在办的单项手续（permit 由手续计划启动，不随计划取消）。
local function withdraw_permits(ctx, why)
  for _, permit in ipairs(ctx:query { workflow = "permit", status = "running" }) do
    if permit.data.project == ctx.instance.id then
      ctx:signal(permit.id, "withdraw", { reason = why })
    end
  end
end

local function pause_from(key)
  return function(ctx, ev)
    ctx.data.paused_from = key
    ctx.data.pause_reason = reason_of(ev)
    ctx.data.paused_on = ctx.today
    withdraw_permits(ctx, "项目暂缓：" .. (ctx.data.pause_reason or ""))
  end
end

local function drop(ctx, ev)
  ctx.data.drop_reason = reason_of(ev)
  ctx.data.dropped_on = ctx.today
  withdraw_permits(ctx, "项目终止：" .. (ctx.data.drop_reason or ""))
end

-- 进入一个阶段：记下阶段、进入时间和下一步。
local function entering(stage, next_step)
  return function(ctx)
    if ctx.data.stage ~= stage then
      ctx.data.stage = stage
      ctx.data.stage_since = ctx.now
    end
    ctx.data.next_step = next_step
    ctx.data.last_progress = ctx.now
  end
end

local function stage_events(here, review, exit, invest)
  return recordable({
    advance = { to = review, guard = requires(exit), action = record },
    pause = { to = "paused", guard = needs_reason, action = pause_from(here) },
    drop = { to = "dropped", guard = needs_reason, action = drop },
  }, invest)
end

-- 审批和子流程状态：暂缓、终止只能由消息（分析研判会的意见）带来，回到 here 所在阶段。
local function waiting_events(on, here, invest)
  on.pause = { to = "paused", guard = needs_reason, action = pause_from(here) }
  on.drop = { to = "dropped", guard = needs_reason, action = drop }
  return recordable(on, invest)
end

-- 要素保障清单：--data 的 elements 或默认清单，每项须有要素名称和责任部门。
local function elements_of(ctx, ev)
  local given = ev and ev.data and ev.data.elements
  if given == nil then return ELEMENTS end
  return given
end

local function check_elements(ctx, ev)
  if not ctx.data.visits or #ctx.data.visits == 0 then
    return "请先记录实地考察（agency send " .. ctx.instance.id
      .. " visit --data '{\"findings\":\"...\"}'），再研讨要素保障"
  end
  local list = elements_of(ctx, ev)
  if type(list) ~= "table" or #list == 0 or #list > 30 then
    return "要素保障清单 elements 须为 1 到 30 项的列表：[{\"name\":\"用地\",\"department\":\"...\"}]"
  end
  for index, item in ipairs(list) do
    if type(item) ~= "table" or not is_text(item.name) or not is_text(item.department)
        or (item.requirement ~= nil and type(item.requirement) ~= "string") then
      return "要素保障清单第 " .. index .. " 项须有要素名称 name 和责任部门 department"
    end
    if item.limit ~= nil and (math.type(item.limit) ~= "integer" or item.limit < 1) then
      return "要素保障清单第 " .. index .. " 项的时限 limit 须为正整数（工作日）"
    end
  end
  return true
end

return workflow {
  name = "project",
  title = "招商项目全代办",
  input = {
    name = { type = "string", title = "项目名称" },
    enterprise = { type = "string", title = "建设单位" },
    sector = { type = "string", title = "产业领域" },
    investment = { type = "integer", title = "总投资（万元）" },
    planned_start = { type = "date", required = false, title = "计划开工日期" },
    planned_completion = { type = "date", required = false, title = "计划竣工日期" },
    investment_plan = { type = "object", required = false, title = "计划投资（按月，万元）" },
    scale = { type = "string", title = "建设规模和内容" },
    land = { type = "string", title = "落地条件" },
    site = { type = "string", required = false, title = "选址占地" },
    land_type = { type = "string", required = false, title = "用地方式：新增用地、存量用地、标准化厂房" },
    expected_filing = { type = "date", required = false, title = "预计备案时间" },
    leader = { type = "person", title = "包联领导" },
    agent = { type = "person", title = "项目代办员" },
    liaison = { type = "person", title = "联络员" },
    initial_stage = { type = "string", required = false, title = "导入时的当前阶段" },
    code = { type = "string", required = false, title = "项目编号" },
  },
  start = "intake",

  on_start = function(ctx)
    if ctx.data.investment < 1 then error("总投资（investment，万元）须为正数") end
    local stage = ctx.data.initial_stage
    if present(stage) and not STAGE_STATES[stage] then
      error("initial_stage '" .. stage .. "' 不是初步对接、重点意向、成熟待签约、签约待备案之一")
    end
    ctx.data.land_type = ctx.data.land_type or "新增用地"
  end,

  states = {
    intake = auto {
      title = "初步对接·导入",
      choose = function(ctx)
        return STAGE_STATES[ctx.data.initial_stage or "初步对接"]
      end,
      on = { contact = "contact", intent = "intent", signing = "signing", signed = "signed" },
    },

    contact = task {
      title = "初步对接",
      assignee = "agent",
      due = workdays(20),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("初步对接", "深入洽谈，明确投资意向、建设内容和选址"),
      on = stage_events("contact", "contact_review", { { "scale", "建设规模和内容" }, { "site", "选址占地" } }),
    },
    contact_review = approval {
      title = "初步对接·转入重点意向审批",
      approvers = { "leader" },
      rule = "any",
      due = workdays(2),
      escalate = REVIEW_LADDER,
      on = waiting_events({ approved = "intent", rejected = "contact" }, "contact"),
    },

    -- 重点意向：实地考察（visit），然后启动要素保障（elements）。
    intent = task {
      title = "重点意向",
      assignee = "agent",
      due = workdays(30),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("重点意向", "实地考察，研讨要素保障，商定签约条件"),
      on = recordable({
        elements = {
          to = "elements", guard = check_elements,
          action = function(ctx, ev)
            local list = json.array({})
            for _, item in ipairs(elements_of(ctx, ev)) do
              list[#list + 1] = { name = item.name, department = item.department,
                                  requirement = item.requirement, limit = item.limit or ELEMENT_LIMIT }
            end
            ctx.data.elements = list
            ctx.data.last_progress = ctx.now
          end,
        },
        pause = { to = "paused", guard = needs_reason, action = pause_from("intent") },
        drop = { to = "dropped", guard = needs_reason, action = drop },
      }),
    },
    -- 要素保障：每项要素一个 element 实例，由代办员会同责任部门落实，全部研讨完毕后商定签约条件。
    elements = subflow {
      title = "重点意向·要素保障",
      workflow = "element",
      each = "elements",
      complete = "all",
      by = "agent",
      due = workdays(15),
      colors = STAGE_COLORS,
      enter = entering("重点意向", "会同责任部门研讨落实要素保障"),
      input = function(ctx, element)
        return {
          project = ctx.instance.id, project_name = ctx.data.name, element = element.name,
          department = element.department, requirement = element.requirement, limit = element.limit,
          agent = ctx.data.agent, leader = ctx.data.leader,
        }
      end,
      on = waiting_events({
        completed = {
          to = "terms",
          action = function(ctx, ev)
            local results = json.array({})
            for _, child in ipairs(ev.data.children or {}) do
              local element = ctx.data.elements[child.index or 0] or {}
              results[#results + 1] = { name = element.name, department = element.department,
                                        child = child.child, outcome = child.outcome }
            end
            ctx.data.elements_done = ctx.today
            ctx.data.elements_result = results
          end,
        },
        failed = "intent",
        cancelled = "intent",
      }, "intent"),
    },
    terms = task {
      title = "重点意向·商定签约条件",
      assignee = "agent",
      due = workdays(10),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("重点意向", "本着双向奔赴原则，共同商定签约条件"),
      on = stage_events("terms", "intent_review", { { "conditions", "签约条件" } }),
    },
    intent_review = approval {
      title = "重点意向·转入成熟待签约审批",
      approvers = { "leader" },
      rule = "any",
      due = workdays(2),
      escalate = REVIEW_LADDER,
      on = waiting_events({ approved = "signing", rejected = "terms" }, "terms"),
    },

    signing = task {
      title = "成熟待签约",
      assignee = "agent",
      due = workdays(20),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("成熟待签约", "办理签约手续"),
      on = stage_events("signing", "signing_review", { { "contract_no", "合同编号" }, { "signed_on", "签约日期" } }, true),
    },
    signing_review = approval {
      title = "成熟待签约·签约审批",
      approvers = { "leader", role("主任") },
      rule = "sequential",
      due = workdays(3),
      escalate = REVIEW_LADDER,
      on = waiting_events({ approved = "signed", rejected = "signing" }, "signing", true),
    },

    signed = task {
      title = "签约待备案",
      assignee = "agent",
      due = workdays(15),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("签约待备案", "指导企业准备登记、注册、备案材料"),
      on = stage_events("signed", "signed_review", { { "credit_code", "统一社会信用代码" } }, true),
    },
    signed_review = approval {
      title = "签约待备案·启动登记备案审批",
      approvers = { "leader" },
      rule = "any",
      due = workdays(2),
      escalate = REVIEW_LADDER,
      on = waiting_events({ approved = "registration", rejected = "signed" }, "signed", true),
    },

    registration = task {
      title = "登记/注册/备案",
      assignee = "agent",
      due = workdays(10),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("登记/注册/备案", "办理企业登记注册和投资项目备案"),
      on = recordable({
        filed = { to = "permitting", guard = requires({ { "filing_code", "项目备案代码" } }), action = record },
        pause = { to = "paused", guard = needs_reason, action = pause_from("registration") },
        drop = { to = "dropped", guard = needs_reason, action = drop },
      }, true),
    },
    -- 开工前手续：permits 子流程按手续目录生成计划，开工所需手续全部办结后返回 ready。
    permitting = subflow {
      title = "登记/注册/备案·开工前手续办理",
      workflow = "permits",
      enter = entering("登记/注册/备案", "办理开工前审批手续"),
      input = function(ctx)
        return {
          project = ctx.instance.id, project_name = ctx.data.name, agent = ctx.data.agent,
          leader = ctx.data.leader, sector = ctx.data.sector, land_type = ctx.data.land_type,
          investment = ctx.data.investment, gate = "开工",
        }
      end,
      -- 手续计划被取消或异常：回到登记/注册/备案，由代办员协调后重新启动。
      on = waiting_events({
        ready = { to = "construction", action = function(ctx) ctx.data.started_on = ctx.today end },
        cancelled = "registration", failed = "registration",
      }, "registration", true),
    },

    construction = task {
      title = "开工",
      assignee = "agent",
      due = workdays(120),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("开工", "跟踪建设进度，协调解决施工中的问题"),
      on = recordable({
        advance = { to = "completion_review", guard = requires({ { "completed_on", "竣工日期" } }),
                    action = record },
        pause = { to = "paused", guard = needs_reason, action = pause_from("construction") },
        drop = { to = "dropped", guard = needs_reason, action = drop },
      }, true),
    },
    completion_review = approval {
      title = "开工·竣工确认",
      approvers = { "leader" },
      rule = "any",
      due = workdays(3),
      escalate = REVIEW_LADDER,
      on = waiting_events({ approved = "acceptance", rejected = "construction" }, "construction", true),
    },
    acceptance = subflow {
      title = "开工·竣工验收手续办理",
      workflow = "permits",
      enter = entering("开工", "办理竣工验收手续"),
      input = function(ctx)
        return {
          project = ctx.instance.id, project_name = ctx.data.name, agent = ctx.data.agent,
          leader = ctx.data.leader, sector = ctx.data.sector, land_type = ctx.data.land_type,
          investment = ctx.data.investment, gate = "投产",
        }
      end,
      on = waiting_events({ ready = "operation_review", cancelled = "construction", failed = "construction" },
                          "construction", true),
    },
    operation_review = approval {
      title = "开工·投产确认",
      approvers = { role("主任") },
      rule = "any",
      due = workdays(3),
      escalate = REVIEW_LADDER,
      on = waiting_events({ approved = "operating", rejected = "construction" }, "construction", true),
    },
    operating = final {
      title = "投产",
      outcome = "投产",
      enter = function(ctx)
        ctx.data.stage = "投产"
        ctx.data.stage_since = ctx.now
        ctx.data.next_step = "投产运营，跟踪达产达效"
      end,
    },

    -- 暂缓：包联领导定期复核，恢复推进回到原阶段，或终止。
    paused = wait {
      title = "暂缓",
      by = "leader",
      due = workdays(20),
      escalate = { { after = workdays(1), from = "due", remind = "assignee", every = workdays(10), times = 3 } },
      enter = function(ctx) ctx.data.next_step = "包联领导复核是否恢复推进" end,
      on = recordable({
        resume = { to = "resume", action = function(ctx) ctx.data.last_progress = ctx.now end },
        drop = { to = "dropped", guard = needs_reason, action = drop },
      }),
    },
    resume = auto {
      title = "暂缓·恢复推进",
      choose = function(ctx) return ctx.data.paused_from or "contact" end,
      on = { contact = "contact", intent = "intent", terms = "terms", signing = "signing", signed = "signed",
             registration = "registration", construction = "construction" },
    },
    dropped = final {
      title = "终止",
      outcome = "终止",
      enter = function(ctx) ctx.data.next_step = nil end,
    },
  },
}
