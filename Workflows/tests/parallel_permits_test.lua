-- Tests for Workflows/parallel_permits.lua (并联审批: multi-instance subflow, 抄送) and the subflow
-- guarantees of issue #15: a child's end of any kind reaches its parent, cancels go down.

local ITEMS = {
  { key = "fire", item = "消防设计审查", department = "住建局", limit = 5 },
  { key = "env", item = "环评审批", department = "生态环境局", limit = 5 },
}

local function joint(t, items)
  return t:start("parallel_permits", { project = "P01", project_name = "测试项目", agent = "zhangwei",
                                   leader = "liming", items = items or ITEMS },
                 { as = "zhangwei", id = "J" })
end

local function issue(t, id)
  t:act(id, "complete", { as = "zhangwei", outcome = "submitted" })
  t:act(id, "send", { as = "zhangwei", event = "issued", data = { doc_no = id .. "-001" } })
end

test("每项手续一个子实例，全部办结后并联审批办结，抄送包联领导和主任", function(t)
  local id = joint(t)
  t:expect_eq(#t:list { workflow = "permit", status = "running" }, 2)
  t:expect_item(id, { kind = "wait", assignee = "zhangwei", title = "并联办理" })
  t:expect_notification { to = "liming", kind = "cc", instance = id }
  issue(t, "J.c1")
  t:expect_state(id, "run")
  issue(t, "J.c2")
  t:expect_status(id, "completed")
  t:expect_data(id, { issued = 2 })
  t:expect_notification { to = "chenzhiyuan", kind = "cc", instance = id }
  t:expect_eq(#t:instance(id).cc, 2)
end)

test("一项手续被取消：父流程转协调，其余手续随之取消并记入其日志", function(t)
  local id = joint(t)
  t:act("J.c1", "cancel", { as = "admin", reason = "企业撤回该项申请" })
  t:expect_state(id, "coordinate")
  t:expect_data(id, { stopped = "J.c1:cancelled, J.c2:running" })
  local copies = t:instance(id).cc                     -- ctx:cc from coordinate's enter hook
  t:expect_eq(#copies, 2)
  t:expect_eq(copies[2].state, "coordinate")
  t:expect_eq(copies[2].note, "并联办理受阻：J.c1:cancelled, J.c2:running")
  t:expect_status("J.c2", "cancelled")
  t:expect_journal("J.c2", { kind = "cancel", actor = "system" })
  local children = t:instance(id).subflows
  t:expect_eq(children[1].status, "cancelled")
  t:expect_eq(children[2].status, "cancelled")
end)

test("取消父流程：运行中的子实例一并取消，理由写明父流程", function(t)
  local id = joint(t)
  issue(t, "J.c1")
  t:act(id, "cancel", { as = "admin", reason = "项目终止" })
  t:expect_status("J.c1", "completed")
  t:expect_status("J.c2", "cancelled")
  local cancel = t:journal("J.c2")[#t:journal("J.c2")]
  t:expect_eq(cancel.details.command.reason, "父流程 J 已取消：项目终止")
end)

test("空的手续清单：立即办结", function(t)
  local id = joint(t, json.array({}))
  t:expect_status(id, "completed")
  t:expect_eq(#t:list { workflow = "permit" }, 0)
end)
