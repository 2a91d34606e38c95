-- A first workflow file. The DSL constructors (workflow, task, approval, ...) arrive with
-- the engine; until then a workflow file returns a plain table, which `agency validate`
-- checks loads in the sandbox.
return {
  name = "leave_request",
  title = "请假审批",
  start = "submit",
  states = {
    submit = { kind = "task", title = "提交申请", on = { submitted = "review" } },
    review = { kind = "approval", title = "主任审批", on = { approved = "done", rejected = "submit" } },
    done = { kind = "final", outcome = "approved" },
  },
}
