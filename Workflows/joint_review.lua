-- 项目联审: the 代办员 prepares the file, the 主任 checks it, then the 包联领导 decide three
-- of five. One person has one vote; 加签 joins the adder's seat; 减签 keeps decided votes;
-- 拿回 and 退回 as Docs/approvals.md describes. A file the joint review returns comes
-- straight back to it once complete (直达), without a second 主任 check.
return workflow {
  name = "joint_review",
  title = "项目联审",
  input = { project = "string", agent = "person" },
  start = "prepare",
  states = {
    prepare = task {
      title = "准备联审材料",
      assignee = "agent",
      due = workdays(5),
      on = { submitted = "check" },
    },
    check = approval {
      title = "主任初审",
      approvers = { role("主任") },
      rule = "any",
      due = workdays(2),
      on = { approved = "review", rejected = "prepare" },
    },
    review = approval {
      title = "包联领导联审（五取三）",
      approvers = { role("包联领导") },
      rule = { at_least = 3 },
      remove_sign = true,
      resubmit = "direct",                     -- 退回补材料后直达联审
      return_to = { "prepare", "check" },
      due = workdays(3),
      escalate = { { after = workdays(2), remind = "assignee" } },
      on = { approved = "passed", rejected = "prepare" },
    },
    passed = final { title = "联审通过", outcome = "approved" },
  },
}
