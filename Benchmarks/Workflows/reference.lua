-- 基准审批: the reference approval flow of the benchmarks (Docs/performance.md).
-- start → submit (task) → review (approval; approved → file, rejected → submit)
-- → file (task) → end, with a few data fields set by hooks. reference.bpmn beside
-- this file is the same flow for SpiffWorkflow. The daily reminder (催办) while the
-- material is not in (five at most, long before the due date) gives the tick benchmarks
-- exactly one timer due per instance per day.
return workflow {
  name = "reference",
  title = "基准审批",
  input = { project = "string", amount = "integer", applicant = "person",
            reviewer = "person", clerk = "person" },
  start = "submit",
  states = {
    submit = task {
      title = "提交材料",
      assignee = "applicant",
      due = workdays(10),
      escalate = { { after = days(1), every = days(1), times = 5, remind = "assignee" } },
      on = {
        submitted = { to = "review", action = function(ctx, ev)
          ctx.data.submitted_at = ctx.now
          ctx.data.rounds = (ctx.data.rounds or 0) + 1
        end },
      },
    },
    review = approval {
      title = "审核",
      approvers = { "reviewer" },
      rule = "any",
      on = {
        approved = { to = "file", action = function(ctx, ev) ctx.data.approved_by = ctx.actor end },
        rejected = "submit",
      },
    },
    file = task {
      title = "归档",
      assignee = "clerk",
      on = {
        filed = { to = "done", action = function(ctx, ev)
          ctx.data.doc_no = "基准-" .. ctx.data.project .. "-" .. ctx.data.rounds
        end },
      },
    },
    done = final { outcome = "filed" },
  },
}
