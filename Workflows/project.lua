-- 招商引资项目全代办：一个项目从初步对接到投产的全过程。
--
-- 阶段：初步对接 → 重点意向 → 成熟待签约 → 签约待备案 → 登记/注册/备案 → 开工 → 投产。
-- 每个阶段由项目代办员（agent）推进，转段须满足本阶段的转段条件，并经包联领导
-- （leader）审批；签约须再经主任审批。项目可在任一推进阶段暂缓或终止，须写明原因。
-- 登记/注册/备案完成后，由 permits 工作流生成手续计划；开工前手续全部办结才转入开工，
-- 竣工验收手续办结、主任确认后转入投产。
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

local function reason_of(ev)
  if ev and ev.data and present(ev.data.reason) then return ev.data.reason end
  if ev and present(ev.comment) then return ev.comment end
  return nil
end

local function needs_reason(ctx, ev)
  if reason_of(ev) then return true end
  return "请写明原因（--comment 或 --data '{\"reason\":\"...\"}'）"
end

local function pause_from(key)
  return function(ctx, ev)
    ctx.data.paused_from = key
    ctx.data.pause_reason = reason_of(ev)
    ctx.data.paused_on = ctx.today
  end
end

local function drop(ctx, ev)
  ctx.data.drop_reason = reason_of(ev)
  ctx.data.dropped_on = ctx.today
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

local function stage_events(here, review, exit)
  return {
    advance = { to = review, guard = requires(exit), action = record },
    pause = { to = "paused", guard = needs_reason, action = pause_from(here) },
    drop = { to = "dropped", guard = needs_reason, action = drop },
  }
end

return workflow {
  name = "project",
  title = "招商项目全代办",
  input = {
    name = { type = "string", title = "项目名称" },
    enterprise = { type = "string", title = "建设单位" },
    sector = { type = "string", title = "产业领域" },
    investment = { type = "integer", title = "总投资（万元）" },
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
      on = { approved = "intent", rejected = "contact" },
    },

    intent = task {
      title = "重点意向",
      assignee = "agent",
      due = workdays(30),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("重点意向", "实地考察，研讨要素保障，商定签约条件"),
      on = stage_events("intent", "intent_review", { { "conditions", "签约条件" } }),
    },
    intent_review = approval {
      title = "重点意向·转入成熟待签约审批",
      approvers = { "leader" },
      rule = "any",
      due = workdays(2),
      escalate = REVIEW_LADDER,
      on = { approved = "signing", rejected = "intent" },
    },

    signing = task {
      title = "成熟待签约",
      assignee = "agent",
      due = workdays(20),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("成熟待签约", "办理签约手续"),
      on = stage_events("signing", "signing_review", { { "contract_no", "合同编号" }, { "signed_on", "签约日期" } }),
    },
    signing_review = approval {
      title = "成熟待签约·签约审批",
      approvers = { "leader", role("主任") },
      rule = "sequential",
      due = workdays(3),
      escalate = REVIEW_LADDER,
      on = { approved = "signed", rejected = "signing" },
    },

    signed = task {
      title = "签约待备案",
      assignee = "agent",
      due = workdays(15),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("签约待备案", "指导企业准备登记、注册、备案材料"),
      on = stage_events("signed", "signed_review", { { "credit_code", "统一社会信用代码" } }),
    },
    signed_review = approval {
      title = "签约待备案·启动登记备案审批",
      approvers = { "leader" },
      rule = "any",
      due = workdays(2),
      escalate = REVIEW_LADDER,
      on = { approved = "registration", rejected = "signed" },
    },

    registration = task {
      title = "登记/注册/备案",
      assignee = "agent",
      due = workdays(10),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("登记/注册/备案", "办理企业登记注册和投资项目备案"),
      on = {
        filed = { to = "permitting", guard = requires({ { "filing_code", "项目备案代码" } }), action = record },
        pause = { to = "paused", guard = needs_reason, action = pause_from("registration") },
        drop = { to = "dropped", guard = needs_reason, action = drop },
      },
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
      on = { ready = { to = "construction", action = function(ctx) ctx.data.started_on = ctx.today end },
             cancelled = "registration", failed = "registration" },
    },

    construction = task {
      title = "开工",
      assignee = "agent",
      due = workdays(120),
      colors = STAGE_COLORS,
      escalate = STAGE_LADDER,
      enter = entering("开工", "跟踪建设进度，协调解决施工中的问题"),
      on = {
        advance = { to = "completion_review", guard = requires({ { "completed_on", "竣工日期" } }),
                    action = record },
        pause = { to = "paused", guard = needs_reason, action = pause_from("construction") },
      },
    },
    completion_review = approval {
      title = "开工·竣工确认",
      approvers = { "leader" },
      rule = "any",
      due = workdays(3),
      escalate = REVIEW_LADDER,
      on = { approved = "acceptance", rejected = "construction" },
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
      on = { ready = "operation_review", cancelled = "construction", failed = "construction" },
    },
    operation_review = approval {
      title = "开工·投产确认",
      approvers = { role("主任") },
      rule = "any",
      due = workdays(3),
      escalate = REVIEW_LADDER,
      on = { approved = "operating", rejected = "construction" },
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
      on = {
        resume = { to = "resume", action = function(ctx) ctx.data.last_progress = ctx.now end },
        drop = { to = "dropped", guard = needs_reason, action = drop },
      },
    },
    resume = auto {
      title = "暂缓·恢复推进",
      choose = function(ctx) return ctx.data.paused_from or "contact" end,
      on = { contact = "contact", intent = "intent", signing = "signing", signed = "signed",
             registration = "registration", construction = "construction" },
    },
    dropped = final {
      title = "终止",
      outcome = "终止",
      enter = function(ctx) ctx.data.next_step = nil end,
    },
  },
}
