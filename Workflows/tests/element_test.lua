-- Tests for Workflows/element.lua (要素保障事项). Run: agency test Workflows/tests

local function element(t, name, limit)
  return t:start("element", {
    project = "P01", project_name = "测试项目", element = name, department = "国网屯留区供电公司",
    requirement = "新增用电负荷 2000 kVA", limit = limit or 5, agent = "zhangwei", leader = "liming",
  }, { as = "zhangwei" })
end

test("已落实：记下结论和落实日期", function(t)
  local id = element(t, "用电")
  t:expect_item(id, { assignee = "zhangwei", title = "要素落实", due = "2025-01-14T00:00:00+08:00" })
  t:act(id, "complete", { as = "zhangwei", outcome = "secured" })
  t:expect_status(id, "completed")
  t:expect_data(id, { result = "已落实", concluded_on = "2025-01-06" })
end)

test("有条件落实、无法保障须写明说明", function(t)
  local id = element(t, "环境容量")
  local refusal = t:expect_refused(function()
    t:act(id, "complete", { as = "zhangwei", outcome = "unresolved" })
  end, "not_permitted")
  t:expect(refusal.message:find("原因", 1, true), refusal.message)
  t:act(id, "complete", { as = "zhangwei", outcome = "unresolved", comment = "区域环境容量已满，需削减替代" })
  t:expect_data(id, { result = "无法保障", note = "区域环境容量已满，需削减替代" })
end)

test("超期：蓝黄灯、催办代办员、督办包联领导和主任", function(t)
  local id = element(t, "用地", 3)
  t:expect_item(id, { due = "2025-01-10T00:00:00+08:00" })   -- 三个工作日：01-07、01-08、01-09
  t:advance("2025-01-08T12:00")
  t:expect_item(id, { color = "blue" })
  t:advance("2025-01-09T12:00")
  t:expect_item(id, { color = "yellow" })
  t:advance("2025-01-14T12:00")
  t:expect_item(id, { color = "red" })
  t:expect_notification { to = "zhangwei", kind = "催办", instance = id }
  t:expect_notification { to = "liming", kind = "督办", instance = id }
  t:expect_no_notification { to = "chenzhiyuan", kind = "督办", instance = id }
  t:advance("2025-01-18T12:00")
  t:expect_notification { to = "chenzhiyuan", kind = "督办", instance = id }
end)

test("办理时限须为正数", function(t)
  t:expect_refused(function() element(t, "用水", 0) end)
end)
