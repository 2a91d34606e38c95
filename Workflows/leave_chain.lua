-- 请假审批（逐级）: the applicant's direct manager approves; a leave of more than three
-- days then goes up the chain to the 主任 (逐级审批), where a manager who has already
-- approved is not asked twice. Uses the org chart of the people directory (Docs/people.md).
return workflow {
  name = "leave_chain",
  title = "请假审批（逐级）",
  input = { reason = "string", days = "integer", applicant = "person" },
  start = "submit",
  states = {
    -- The applicant's own request has no deadline.  lint: allow no-due
    submit = task {
      title = "提交申请",
      assignee = "applicant",
      on = { submitted = "manager" },
    },
    manager = approval {
      title = "直属领导审批",
      approvers = manager_of("applicant"),
      when_empty = "admin",        -- the 主任 has no manager: the system administrator signs
      due = workdays(2),
      on = { approved = "length", rejected = "submit" },
    },
    length = auto {
      choose = function(ctx) if ctx.data.days > 3 then return "long" end return "short" end,
      on = { long = "chain", short = "done" },
    },
    chain = approval {
      title = "逐级审批",
      approvers = managers_up_to("applicant", role("主任")),
      rule = "sequential",         -- nearest manager first, the 主任 last
      dedupe = "once",             -- the direct manager signed already
      when_empty = "skip",         -- the 主任's own leave: nobody above
      due = workdays(3),
      on = { approved = "done", rejected = "submit" },
    },
    done = final { outcome = "approved" },
  },
}
