-- 请假审批: the smallest useful approval, used by the tutorial and the tests.
return workflow {
  name = "leave_request",
  title = "请假审批",
  input = { reason = "string", days = "integer", applicant = "person" },
  start = "submit",
  states = {
    -- The applicant's own request has no deadline.  lint: allow no-due
    submit = task {
      title = "提交申请",
      assignee = "applicant",
      on = { submitted = "review" },
    },
    review = approval {
      title = "主任审批",
      approvers = { role("主任") },
      rule = "any",
      due = workdays(2),
      escalate = {
        { after = workdays(1), remind = "assignee" },   -- 催办 after one working day
      },
      on = { approved = "done", rejected = "submit" },
    },
    done = final { outcome = "approved" },
  },
}
