-- 督办事项：周例会议定的事项，或周调度发现的超期、停滞工作。
--
--   立项登记（督查人登记，确认责任人和时限）→ 交办（责任人签收）→ 跟踪（责任人办理，
--   临近期限亮蓝灯、黄灯，超期亮红灯，超期后催办、督办）→ 反馈（责任人反馈办理结果，
--   督查人审核，不通过则继续办理）→ 办结归档。
--
-- 手工立项：
--   agency start supervision --as chenzhiyuan --input '{"title":"协调解决东区供水管网接入",
--     "owner":"zhangwei","leader":"liming","supervisor":"chenzhiyuan","limit":5,"source":"周例会"}'

local function present(value)
  return value ~= nil and value ~= "" and value ~= json.null
end

local function needs(field, label)
  return function(ctx, ev)
    if ev and ev.data and present(ev.data[field]) then return true end
    if ev and present(ev.comment) then return true end
    return "请填写" .. label .. "（--data '{\"" .. field .. "\":\"...\"}' 或 --comment）"
  end
end

return workflow {
  name = "supervision",
  title = "督办事项",
  input = {
    title = { type = "string", title = "督办事项" },
    detail = { type = "string", required = false, title = "具体要求" },
    source = { type = "string", title = "来源：周例会、周调度、领导交办等" },
    owner = { type = "person", title = "责任人" },
    leader = { type = "person", title = "督办领导（超期后督办到此人）" },
    supervisor = { type = "person", title = "督查人（登记、审核反馈）" },
    limit = { type = "integer", title = "办理时限（工作日）" },
    project = { type = "string", required = false, title = "相关项目实例" },
    project_name = { type = "string", required = false, title = "相关项目名称" },
    origin = { type = "string", required = false, title = "系统来源标识（防止重复立项）" },
    week = { type = "string", required = false, title = "立项周次" },
  },
  start = "register",

  on_start = function(ctx)
    if ctx.data.limit < 1 or ctx.data.limit > 60 then
      error("办理时限 limit 须在 1 到 60 个工作日之间")
    end
  end,

  states = {
    register = task {
      title = "立项登记",
      assignee = "supervisor",
      due = workdays(1),
      escalate = { { after = workdays(1), from = "due", remind = "assignee" } },
      on = {
        assign = {
          to = "assign",
          action = function(ctx, ev)
            local given = (ev and ev.data) or {}
            -- 登记时可调整责任人、时限和要求。
            if present(given.owner) then ctx.data.owner = given.owner end
            if math.type(given.limit) == "integer" and given.limit >= 1 then ctx.data.limit = given.limit end
            if present(given.detail) then ctx.data.detail = given.detail end
            ctx.data.registered_on = ctx.today
          end,
        },
      },
    },
    assign = task {
      title = "交办签收",
      assignee = "owner",
      due = workdays(1),
      escalate = { { after = workdays(1), from = "due", remind = "assignee" } },
      on = {
        accept = {
          to = "track",
          action = function(ctx)
            ctx.data.accepted_on = ctx.today
            ctx.data.deadline = ctx:deadline(workdays(ctx.data.limit))
          end,
        },
        -- 不属于本人职责：写明原因，退回督查人重新登记。
        decline = {
          to = "register",
          guard = needs("reason", "原因"),
          action = function(ctx, ev)
            ctx.data.declined = (ctx.data.declined or 0) + 1
          end,
        },
      },
    },
    track = task {
      title = "跟踪办理",
      assignee = "owner",
      -- 督办事项进入办理即抄送主任（只读），主任在"我的抄送"中掌握全区督办进展。
      cc = role("主任"),
      due = function(ctx) return workdays(ctx.data.limit) end,
      colors = { blue = workdays(2), yellow = workdays(1) },
      escalate = {
        { after = workdays(1), from = "due", remind = "assignee", every = workdays(1), times = 2 },
        { after = workdays(2), from = "due", escalate_to = "leader", level = "督办" },
        { after = workdays(5), from = "due", escalate_to = "supervisor", level = "督办" },
      },
      on = {
        feedback = {
          to = "review",
          guard = needs("result", "办理结果"),
          action = function(ctx, ev)
            ctx.data.result = (ev.data and ev.data.result) or ev.comment
            ctx.data.feedback_on = ctx.today
          end,
        },
      },
    },
    review = approval {
      title = "反馈审核",
      approvers = { "supervisor" },
      rule = "any",
      due = workdays(2),
      escalate = { { after = workdays(1), from = "due", remind = "assignee" } },
      on = {
        approved = { to = "archived", action = function(ctx) ctx.data.closed_on = ctx.today end },
        rejected = { to = "track", action = function(ctx) ctx.data.reworks = (ctx.data.reworks or 0) + 1 end },
      },
    },
    archived = final { title = "办结归档", outcome = "办结" },
  },
}
