-- Tests for Workflows/problem.lua (难点堵点).

local function logged(t)
  return t:start("problem", { title = "厂房电力增容", category = "基础设施", reporter = "wuxia", leader = "liming" },
                 { as = "wuxia", id = "Q1" })
end

test("登记、交办、解决、回访销号", function(t)
  local id = logged(t)
  t:expect_refused(function()
    t:act(id, "complete", { as = "liming", outcome = "assign", data = { owner = "zhangwei" } })
  end, "not_permitted")
  t:act(id, "complete", { as = "liming", outcome = "assign", data = { owner = "zhangwei", limit = 5 } })
  t:act(id, "complete", { as = "zhangwei", outcome = "resolved", data = { solution = "增容方案已批复" } })
  t:act(id, "complete", { as = "wuxia", outcome = "satisfied" })
  t:expect_status(id, "completed")
  t:expect_eq(t:instance(id).outcome, "解决")
end)

test("不予受理须写明理由", function(t)
  local id = logged(t)
  t:expect_refused(function() t:act(id, "complete", { as = "liming", outcome = "dismiss" }) end, "not_permitted")
  t:act(id, "complete", { as = "liming", outcome = "dismiss", comment = "已由供电公司直接办理" })
  t:expect_eq(t:instance(id).outcome, "不予受理")
end)
