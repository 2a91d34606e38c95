-- A stand-in for Workflows/project.lua, for assessment_contract_test.lua only: it keeps
-- every message the 分析研判会 sends exactly as it arrives (data.received), so the test can
-- pin the message contract down independently of how the real project workflow uses it.
-- States and events mirror the real file where the assessment depends on them: pause and
-- drop accepted in every running state but paused, which takes drop only, and `assessed`
-- accepted everywhere as an internal event.

local function keep(ctx, ev)
  local received = ctx.data.received or json.array({})
  received[#received + 1] = { event = ev.name, data = ev.data }
  ctx.data.received = received
end

local function with_assessed(on)
  on.assessed = { stay = true, action = keep }
  return on
end

local function reason(ctx, ev)
  if ev.data and ev.data.reason then return true end
  return "请写明原因"
end

return workflow {
  name = "project",
  title = "招商项目（研判会契约测试替身）",
  input = { name = "string", stage = "string", leader = "person", agent = "person" },
  start = "contact",
  states = {
    contact = task {
      title = "初步对接", assignee = "agent", due = workdays(20),
      on = with_assessed {
        advance = "contact_review",
        pause = { to = "paused", guard = reason, action = keep },
        drop = { to = "dropped", guard = reason, action = keep },
      },
    },
    contact_review = approval {
      title = "初步对接·转入重点意向审批", approvers = { "leader" }, rule = "any", due = workdays(2),
      on = with_assessed {
        approved = "contact", rejected = "contact",
        pause = { to = "paused", guard = reason, action = keep },
        drop = { to = "dropped", guard = reason, action = keep },
      },
    },
    paused = wait {
      title = "暂缓", by = "leader", due = workdays(20),
      on = with_assessed { resume = "contact", drop = { to = "dropped", guard = reason, action = keep } },
    },
    dropped = final { title = "终止", outcome = "终止" },
  },
}
