-- 项目进展周报：一个项目一周的进展，由该项目的联络员填报。通常由 progress（项目进展
-- 周报收集）每周四派发，也可单独启动：
--
--   agency complete progress-2025-01-09.c1 --as wuxia --data '{"text":"本周完成环评公示，
--     企业已提交施工图审查材料","problems":"施工用电尚未接入","next_week":"协调供电公司现场踏勘"}'
--
-- text（本周进展）必填；problems（存在问题）、next_week（下周计划）选填。提交后报给
-- 所属的收集实例（collection），周调度据此标记“本期未提交”“与上期雷同”，周报告把它
-- 作为项目的本周进展。收集截止时仍未提交的，随收集一并取消。

local function present(value)
  return value ~= nil and value ~= json.null and tostring(value):match("%S") ~= nil
end

return workflow {
  name = "progress_report",
  title = "项目进展周报",
  input = {
    project = { type = "string", title = "项目实例" },
    project_name = { type = "string", title = "项目名称" },
    liaison = { type = "person", title = "联络员" },
    agent = { type = "person", required = false, title = "项目代办员" },
    leader = { type = "person", required = false, title = "包联领导" },
    stage = { type = "string", required = false, title = "项目阶段" },
    week = { type = "date", title = "所服务的周调度（周一）" },
    collection = { type = "string", required = false, title = "所属的周报收集" },
    due_by = { type = "date", required = false, title = "填报截止日" },
    due_at = { type = "date", required = false, title = "填报期限（该日零时）" },
    text = { type = "string", required = false, title = "本周进展" },
    problems = { type = "string", required = false, title = "存在问题" },
    next_week = { type = "string", required = false, title = "下周计划" },
  },
  start = "report",

  states = {
    report = task {
      title = "填报项目进展周报",
      assignee = "liaison",
      -- 收集实例给出期限（次一个工作日下班前）；单独启动时为一个工作日。
      due = function(ctx) return ctx.data.due_at or workdays(1) end,
      -- 派发当天下午催办一次（总在期限之前：最紧时期限是当天 24 时）。
      escalate = { { after = hours(6), remind = "assignee" } },
      fields = { text = "required", problems = "edit", next_week = "edit" },
      on = {
        submitted = {
          to = "submitted",
          guard = function(ctx, ev)
            local text = (ev.data and ev.data.text) or ctx.data.text
            if present(text) then return true end
            return "请填写本周进展（text）"
          end,
          action = function(ctx)
            ctx.data.submitted_at = ctx.now
            if ctx.data.collection then
              ctx:signal(ctx.data.collection, "report", {
                report = ctx.instance.id, project = ctx.data.project, liaison = ctx.data.liaison,
                text = ctx.data.text, problems = ctx.data.problems, next_week = ctx.data.next_week,
                at = ctx.now,
              })
            end
          end,
        },
      },
    },
    submitted = final { title = "已提交", outcome = "submitted" },
  },
}
