-- Tests for Workflows/permits.lua and permit.lua (手续计划与单项手续代办).

local function plan(t, sector, land_type)
  return t:start("permits", { project = "P01", project_name = "测试项目", agent = "zhangwei", leader = "liming",
                              sector = sector, land_type = land_type, gate = "开工" },
                 { as = "zhangwei", id = "plan" })
end

local function running(t)
  local keys = {}
  for _, summary in ipairs(t:list { workflow = "permit", status = "running" }) do keys[#keys + 1] = summary.data.key end
  table.sort(keys)
  return keys
end

local function issue(t, key)
  for _, summary in ipairs(t:list { workflow = "permit", status = "running" }) do
    if summary.data.key == key then
      t:act(summary.id, "complete", { as = "zhangwei", outcome = "submitted" })
      t:act(summary.id, "send", { as = "zhangwei", event = "issued", data = { doc_no = key .. "-001" } })
      return
    end
  end
  t:fail("no running permit " .. key)
end

test("按手续目录生成计划，无依赖的手续并联办理", function(t)
  local id = plan(t, "信息技术", "标准化厂房")
  t:expect_eq(#t:data(id).plan, 4)
  t:expect_eq(running(t), { "filing" })
  issue(t, "filing")
  t:expect_eq(running(t), { "drawing_review", "fire_design" })
  issue(t, "drawing_review")
  t:expect_eq(running(t), { "fire_design" })          -- 施工许可证等两项都办结
  issue(t, "fire_design")
  issue(t, "construction_permit")
  t:expect_status(id, "completed")
end)

test("部门超过法定时限：催办、督办包联领导", function(t)
  plan(t, "信息技术", "标准化厂房")
  local permit = t:list { workflow = "permit" }[1].id
  t:act(permit, "complete", { as = "zhangwei", outcome = "submitted" })
  t:expect_item(permit, { title = "部门审批", due = "2025-01-08T00:00:00+08:00" })  -- 1 个工作日
  t:advance("2025-01-11T00:00")
  t:expect_notification { to = "zhangwei", kind = "催办", instance = permit }
  t:expect_notification { to = "liming", kind = "督办", instance = permit }
end)
