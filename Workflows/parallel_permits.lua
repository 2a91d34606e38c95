-- 并联审批：代办员把一个项目可同时申报的几项手续一次提交，每项手续一个 permit 子实例
-- （subflow 的 each），全部办结后本流程办结；任一项被取消或异常，转代办员协调。
-- 进入并联办理时抄送包联领导，办结时抄送主任。
--   agency start parallel_permits --input '{"project":"P01","project_name":"...","agent":"zhangwei",
--     "leader":"liming","items":[{"key":"fire","item":"消防设计审查","department":"住建局","limit":5}]}'

return workflow {
  name = "parallel_permits",
  title = "并联审批",
  input = {
    project = { type = "string", title = "项目实例" },
    project_name = { type = "string", title = "项目名称" },
    agent = { type = "person", title = "项目代办员" },
    leader = { type = "person", title = "包联领导" },
    items = { type = "list", title = "并联申报的手续" },
  },
  start = "run",

  states = {
    run = subflow {
      title = "并联办理",
      workflow = "permit",
      each = "items",
      complete = "all",
      by = "agent",
      cc = "leader",
      due = workdays(20),
      escalate = { { after = workdays(1), from = "due", escalate_to = "leader", level = "督办" } },
      input = function(ctx, element, index)
        return {
          plan = ctx.instance.id, project = ctx.data.project, project_name = ctx.data.project_name,
          key = element.key or ("item" .. index), item = element.item, department = element.department,
          stage = element.stage or "工程建设许可", limit = element.limit or 5,
          agent = ctx.data.agent, leader = ctx.data.leader,
        }
      end,
      on = {
        completed = { to = "done", action = function(ctx, ev) ctx.data.issued = #ev.data.children end },
        cancelled = "coordinate",
        failed = "coordinate",
      },
    },
    coordinate = task {
      title = "并联办理受阻·协调",
      assignee = "agent",
      due = workdays(3),
      enter = function(ctx, ev)
        local stopped = {}
        for _, child in ipairs(ev.data and ev.data.children or {}) do
          if child.status ~= "completed" then stopped[#stopped + 1] = child.child .. ":" .. child.status end
        end
        ctx.data.stopped = table.concat(stopped, ", ")
        ctx:cc(ctx.data.leader, "并联办理受阻：" .. ctx.data.stopped)
      end,
      on = { restart = "run", drop = "dropped" },
    },
    done = final { title = "已办结", outcome = "issued", cc = role("主任") },
    dropped = final { title = "已终止", outcome = "dropped" },
  },
}
