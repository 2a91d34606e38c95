-- 请假审批: the smallest useful approval, used by the tutorial and the tests.
return workflow {
  name = "leave_request",
  title = "请假审批",
  input = { reason = "string", days = "integer", applicant = "person", cover = "person?" },
  start = "submit",
  -- 撤销: within five working days of approval the applicant may revoke the leave (行程取消);
  -- the director confirms the revocation.
  revoke = "revoke_review",
  revoke_within = workdays(5),
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
      -- The director may shorten the leave and name who covers the work (代岗人).
      fields = { days = "edit", cover = "edit" },
      escalate = {
        { after = workdays(1), remind = "assignee" },   -- 催办 after one working day
      },
      on = { approved = "done", rejected = "submit" },
    },
    done = final { outcome = "approved" },
    revoke_review = approval {
      title = "撤销请假确认",
      approvers = { role("主任") },
      rule = "any",
      due = workdays(1),
      on = { approved = "revoked", rejected = "done" },
    },
    revoked = final { outcome = "revoked" },
  },
}
