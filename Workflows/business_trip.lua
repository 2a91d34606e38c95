-- 出差审批: the head of the applicant's department approves, then the head of 办公室
-- checks the trip against the budget. A department head's own trip goes to their manager
-- (self = "head"), and whoever approved the step just before (办公室's head for its own
-- staff, the 主任 for 办公室's head) is not asked twice (dedupe = "consecutive"). Uses the org chart (Docs/people.md).
return workflow {
  name = "business_trip",
  title = "出差审批",
  input = { applicant = "person", department = "string", destination = "string", days = "integer" },
  start = "submit",
  states = {
    -- The applicant's own request has no deadline.  lint: allow no-due
    submit = task {
      title = "提交出差申请",
      assignee = "applicant",
      on = { submitted = "department_head" },
    },
    department_head = approval {
      title = "部门负责人审批",
      approvers = head_of("department"),   -- the department id the applicant gave
      self = "head",                       -- a head's own trip: their manager decides
      due = workdays(1),
      on = { approved = "office", rejected = "submit" },
    },
    office = approval {
      title = "办公室审核",
      approvers = head_of("office"),
      self = "head",                       -- 办公室's head's own trip: their manager checks it
      dedupe = "consecutive",              -- whoever approved the step just before is not asked twice
      due = workdays(1),
      on = { approved = "done", rejected = "submit" },
    },
    done = final { outcome = "approved" },
  },
}
