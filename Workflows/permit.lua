-- 单项手续代办：项目代办员准备申报材料并提交，部门在法定时限内审批；超期后依次催办
-- 代办员、督办包联领导、督办主任。办结时通知所属手续计划（permits）。
-- 由 permits 工作流按手续目录启动，一项手续一个实例。

-- 项目暂缓或终止时，项目流程发来 withdraw（消息）：手续撤回，不再计时、催办、督办。
local WITHDRAW = {
  to = "withdrawn",
  action = function(ctx, ev)
    ctx.data.withdrawn_on = ctx.today
    ctx.data.withdraw_reason = ev and ev.data and ev.data.reason or nil
  end,
}

return workflow {
  name = "permit",
  title = "手续代办",
  input = {
    plan = { type = "string", title = "所属手续计划实例" },
    project = { type = "string", title = "项目实例" },
    project_name = { type = "string", title = "项目名称" },
    key = { type = "string", title = "手续标识" },
    item = { type = "string", title = "事项名称" },
    department = { type = "string", title = "办理部门" },
    stage = { type = "string", title = "审批阶段" },
    limit = { type = "integer", title = "法定时限（工作日）" },
    agent = { type = "person", title = "项目代办员" },
    leader = { type = "person", title = "包联领导" },
  },
  start = "prepare",

  states = {
    prepare = task {
      title = "申报材料准备",
      assignee = "agent",
      due = workdays(2),
      escalate = { { after = workdays(1), from = "due", remind = "assignee" } },
      on = {
        withdraw = WITHDRAW,
        submitted = {
          to = "review",
          action = function(ctx, ev)
            ctx.data.submitted_on = ctx.today
            ctx.data.submissions = (ctx.data.submissions or 0) + 1
          end,
        },
      },
    },
    review = wait {
      title = "部门审批",
      by = "agent",
      due = function(ctx) return workdays(ctx.data.limit) end,
      colors = { blue = workdays(2), yellow = workdays(1) },
      escalate = {
        { after = workdays(1), from = "due", remind = "assignee", every = workdays(1), times = 2 },
        { after = workdays(2), from = "due", escalate_to = "leader", level = "督办" },
        { after = workdays(5), from = "due", escalate_to = role("主任"), level = "督办" },
      },
      on = {
        issued = {
          to = "issued",
          action = function(ctx, ev)
            ctx.data.doc_no = ev.data and ev.data.doc_no or nil
            ctx.data.issued_on = ctx.today
          end,
        },
        withdraw = WITHDRAW,
        -- 补正：部门退回补充材料，回到材料准备，重新计时。
        returned = {
          to = "prepare",
          action = function(ctx, ev)
            ctx.data.returns = (ctx.data.returns or 0) + 1
            ctx.data.return_reason = (ev.data and ev.data.reason) or ev.comment
          end,
        },
      },
    },
    withdrawn = final {
      title = "已撤回",
      outcome = "withdrawn",
    },
    issued = final {
      title = "已办结",
      outcome = "issued",
      enter = function(ctx)
        ctx:signal(ctx.data.plan, "issued", { key = ctx.data.key, doc_no = ctx.data.doc_no })
      end,
    },
  },
}
