-- 难点堵点：企业在项目推进中遇到的困难和诉求，登记、交办、解决、回访销号，
-- 做到问题诉求件件有记录、事事有依归。
--
--   登记（联络员或代办员发起）→ 研判交办（包联领导指定责任人和时限，或写明理由不予受理）
--   → 办理（责任人限时解决，超期催办、督办）→ 回访确认（联络员回访企业，满意则销号，
--   不满意则继续办理）→ 办结。
--
--   agency start problem --as wuxia --input '{"title":"厂区供电线路接入","project":"project-P03",
--     "project_name":"...","enterprise":"...","category":"基础设施","description":"...",
--     "reporter":"wuxia","leader":"liming"}'

local CATEGORIES = { ["用地"] = true, ["规划"] = true, ["审批"] = true, ["基础设施"] = true,
                     ["资金"] = true, ["用工"] = true, ["政策"] = true, ["其他"] = true }

local function present(value)
  return value ~= nil and value ~= "" and value ~= json.null
end

local function reason(field, label)
  return function(ctx, ev)
    if ev and ev.data and present(ev.data[field]) then return true end
    if ev and present(ev.comment) then return true end
    return "请填写" .. label .. "（--data '{\"" .. field .. "\":\"...\"}' 或 --comment）"
  end
end

local function text_of(ev, field)
  if ev and ev.data and present(ev.data[field]) then return ev.data[field] end
  return ev and ev.comment or nil
end

return workflow {
  name = "problem",
  title = "难点堵点",
  input = {
    title = { type = "string", title = "问题" },
    description = { type = "string", required = false, title = "具体情况和诉求" },
    category = { type = "string", title = "类别：用地、规划、审批、基础设施、资金、用工、政策、其他" },
    project = { type = "string", required = false, title = "相关项目实例" },
    project_name = { type = "string", required = false, title = "相关项目名称" },
    enterprise = { type = "string", required = false, title = "企业" },
    reporter = { type = "person", title = "登记人（回访企业）" },
    leader = { type = "person", title = "包联领导（研判交办）" },
  },
  start = "triage",

  on_start = function(ctx)
    if not CATEGORIES[ctx.data.category] then
      error("类别 '" .. ctx.data.category .. "' 不是：用地、规划、审批、基础设施、资金、用工、政策、其他")
    end
    ctx.data.logged_on = ctx.today
  end,

  states = {
    triage = task {
      title = "研判交办",
      assignee = "leader",
      due = workdays(2),
      escalate = {
        { after = workdays(1), from = "due", remind = "assignee" },
        { after = workdays(3), from = "due", escalate_to = role("主任"), level = "督办" },
      },
      on = {
        assign = {
          to = "handling",
          guard = function(ctx, ev)
            local given = (ev and ev.data) or {}
            if not present(given.owner) then return "请指定责任人（--data '{\"owner\":\"...\",\"limit\":5}'）" end
            if math.type(given.limit) ~= "integer" or given.limit < 1 then
              return "请给出办理时限 limit（工作日，正整数）"
            end
            return true
          end,
          action = function(ctx, ev)
            ctx.data.owner = ev.data.owner
            ctx.data.limit = ev.data.limit
            ctx.data.assigned_on = ctx.today
          end,
        },
        dismiss = {
          to = "dismissed",
          guard = reason("reason", "不予受理的理由"),
          action = function(ctx, ev) ctx.data.dismiss_reason = text_of(ev, "reason") end,
        },
      },
    },
    handling = task {
      title = "限时办理",
      assignee = "owner",
      due = function(ctx) return workdays(ctx.data.limit) end,
      colors = { blue = workdays(2), yellow = workdays(1) },
      escalate = {
        { after = workdays(1), from = "due", remind = "assignee", every = workdays(1), times = 2 },
        { after = workdays(2), from = "due", escalate_to = "leader", level = "督办" },
        { after = workdays(5), from = "due", escalate_to = role("主任"), level = "督办" },
      },
      on = {
        resolved = {
          to = "confirm",
          guard = reason("solution", "解决情况"),
          action = function(ctx, ev)
            ctx.data.solution = text_of(ev, "solution")
            ctx.data.resolved_on = ctx.today
          end,
        },
        -- 本级解决不了：写明原因，退回包联领导重新研判（可改派或提请周例会）。
        escalate = {
          to = "triage",
          guard = reason("reason", "需要协调的原因"),
          action = function(ctx, ev) ctx.data.escalations = (ctx.data.escalations or 0) + 1 end,
        },
      },
    },
    confirm = task {
      title = "回访确认",
      assignee = "reporter",
      due = workdays(2),
      escalate = { { after = workdays(1), from = "due", remind = "assignee" } },
      on = {
        satisfied = { to = "closed", action = function(ctx) ctx.data.closed_on = ctx.today end },
        unsatisfied = {
          to = "handling",
          guard = reason("reason", "企业不满意的原因"),
          action = function(ctx, ev) ctx.data.reopened = (ctx.data.reopened or 0) + 1 end,
        },
      },
    },
    closed = final { title = "办结销号", outcome = "解决" },
    dismissed = final { title = "不予受理", outcome = "不予受理" },
  },
}
