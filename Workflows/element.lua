-- 要素保障事项：重点意向阶段，项目的一项建设要素（用地、用水、用电、用气、用工、环境容量、
-- 配套）由项目代办员会同责任部门研讨落实。每项有责任部门、办理时限和结论：
-- 已落实、有条件落实（写明条件）、无法保障（写明原因，须另行协调）。
-- 超期后催办代办员、督办包联领导、督办主任，与手续代办相同。
-- 由 project 工作流的“要素保障”状态按要素清单启动，一项要素一个实例。

local function present(value)
  return value ~= nil and value ~= "" and value ~= json.null
end

local function note_of(ev)
  if ev and ev.data and present(ev.data.note) then return ev.data.note end
  if ev and present(ev.comment) then return ev.comment end
  return nil
end

-- 结论：记下结论、说明和落实日期；有条件落实和无法保障须写明说明。
local function conclude(result, needs_note)
  return {
    to = "concluded",
    guard = function(ctx, ev)
      if not needs_note or note_of(ev) then return true end
      return "「" .. result .. "」须写明" .. (result == "无法保障" and "原因" or "条件")
        .. "（--comment 或 --data '{\"note\":\"...\"}'）"
    end,
    action = function(ctx, ev)
      ctx.data.result = result
      ctx.data.note = note_of(ev)
      ctx.data.concluded_on = ctx.today
    end,
  }
end

return workflow {
  name = "element",
  title = "要素保障",
  input = {
    project = { type = "string", title = "项目实例" },
    project_name = { type = "string", title = "项目名称" },
    element = { type = "string", title = "要素" },
    department = { type = "string", title = "责任部门" },
    requirement = { type = "string", required = false, title = "项目需求" },
    limit = { type = "integer", title = "办理时限（工作日）" },
    agent = { type = "person", title = "项目代办员" },
    leader = { type = "person", title = "包联领导" },
  },
  start = "secure",

  on_start = function(ctx)
    if ctx.data.limit < 1 then error("办理时限（limit，工作日）须为正数") end
  end,

  states = {
    secure = task {
      title = "要素落实",
      assignee = "agent",
      due = function(ctx) return workdays(ctx.data.limit) end,
      colors = { blue = workdays(3), yellow = workdays(1) },
      escalate = {
        { after = workdays(1), from = "due", remind = "assignee", every = workdays(1), times = 2 },
        { after = workdays(2), from = "due", escalate_to = "leader", level = "督办" },
        { after = workdays(5), from = "due", escalate_to = role("主任"), level = "督办" },
      },
      on = {
        secured = conclude("已落实", false),
        conditional = conclude("有条件落实", true),
        unresolved = conclude("无法保障", true),
      },
    },
    concluded = final {
      title = "已研讨",
      outcome = "concluded",
    },
  },
}
