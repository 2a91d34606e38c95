-- 项目手续计划：按工程建设项目审批制度改革的四个阶段（立项用地规划许可、工程建设许可、
-- 施工许可、竣工验收），从下面的手续目录为一个项目生成手续计划，每项手续作为一个
-- permit 子实例并联办理；前置手续办结后才启动后续手续。计划中的手续全部办结后，本流程
-- 以 ready 结束，项目随之转段（开工关口：前三个阶段；投产关口：竣工验收阶段）。
--
-- 由 project 工作流以 subflow 启动；也可单独启动：
--   agency start permits --input '{"project":"P01","project_name":"...","agent":"zhangwei",
--     "leader":"liming","sector":"新能源","land_type":"新增用地","investment":30000,"gate":"开工"}'

-- ===================================================================================
-- 手续目录（由业务人员维护）
--
-- 每一项：
--   key        英文标识，唯一，前置手续用它引用
--   item       事项名称
--   department 办理部门
--   stage      所属阶段：立项用地规划许可 / 工程建设许可 / 施工许可 / 竣工验收
--   requires   前置手续的 key 列表；不适用于本项目、或属于另一关口的前置手续视为已满足
--   limit      法定（承诺）办理时限，工作日
--   applies    适用条件：省略表示都适用；{ land_type = {...}, sector = {...} } 表示项目的
--              该字段须是所列值之一（列出多个字段时须同时满足）
-- 修改目录后运行 agency validate Workflows/permits.lua 检查。
-- ===================================================================================

local NEW_LAND = { "新增用地" }
local BUILDING = { "新增用地", "存量用地" }
local INDUSTRIAL = { "新能源", "固废利用", "生物医药", "装备制造", "节能环保", "特色轻工", "安全应急" }
local ENERGY_INTENSIVE = { "新能源", "固废利用", "装备制造", "特色轻工" }
local HAZARDOUS = { "生物医药", "安全应急", "新能源" }

local CATALOGUE = {
  -- 立项用地规划许可
  { key = "filing", item = "企业投资项目备案", department = "行政审批服务管理局",
    stage = "立项用地规划许可", requires = {}, limit = 1 },
  { key = "site_selection", item = "建设项目用地预审与选址意见书", department = "规划和自然资源局",
    stage = "立项用地规划许可", requires = { "filing" }, limit = 5, applies = { land_type = NEW_LAND } },
  { key = "land_planning", item = "建设用地规划许可证", department = "规划和自然资源局",
    stage = "立项用地规划许可", requires = { "site_selection" }, limit = 3, applies = { land_type = NEW_LAND } },
  { key = "land_certificate", item = "不动产权证书（国有建设用地使用权）", department = "不动产登记中心",
    stage = "立项用地规划许可", requires = { "land_planning" }, limit = 3, applies = { land_type = NEW_LAND } },
  { key = "energy_review", item = "固定资产投资项目节能审查", department = "行政审批服务管理局",
    stage = "立项用地规划许可", requires = { "filing" }, limit = 10, applies = { sector = ENERGY_INTENSIVE } },
  { key = "eia", item = "环境影响评价文件审批", department = "生态环境局屯留分局",
    stage = "立项用地规划许可", requires = { "filing" }, limit = 15, applies = { sector = INDUSTRIAL } },
  { key = "safety_review", item = "建设项目安全条件审查", department = "应急管理局",
    stage = "立项用地规划许可", requires = { "filing" }, limit = 10, applies = { sector = HAZARDOUS } },

  -- 工程建设许可
  { key = "design_review", item = "建设工程设计方案审查", department = "规划和自然资源局",
    stage = "工程建设许可", requires = { "filing", "land_certificate" }, limit = 3, applies = { land_type = BUILDING } },
  { key = "building_planning", item = "建设工程规划许可证", department = "规划和自然资源局",
    stage = "工程建设许可", requires = { "design_review" }, limit = 3, applies = { land_type = BUILDING } },

  -- 施工许可
  { key = "drawing_review", item = "施工图设计文件审查", department = "行政审批服务管理局",
    stage = "施工许可", requires = { "filing", "building_planning" }, limit = 7 },
  { key = "fire_design", item = "特殊建设工程消防设计审查", department = "住房和城乡建设局",
    stage = "施工许可", requires = { "filing", "building_planning" }, limit = 7 },
  { key = "civil_defense", item = "人防工程（防空地下室）建设审批", department = "人民防空办公室",
    stage = "施工许可", requires = { "building_planning" }, limit = 5, applies = { land_type = NEW_LAND } },
  { key = "construction_permit", item = "建筑工程施工许可证", department = "住房和城乡建设局",
    stage = "施工许可", limit = 1,
    requires = { "drawing_review", "fire_design", "civil_defense", "eia", "energy_review", "safety_review" } },

  -- 竣工验收
  { key = "planning_check", item = "建设工程规划条件核实", department = "规划和自然资源局",
    stage = "竣工验收", requires = {}, limit = 5, applies = { land_type = BUILDING } },
  { key = "fire_acceptance", item = "特殊建设工程消防验收", department = "住房和城乡建设局",
    stage = "竣工验收", requires = {}, limit = 10 },
  { key = "env_acceptance", item = "环境保护设施竣工验收备案", department = "生态环境局屯留分局",
    stage = "竣工验收", requires = {}, limit = 5, applies = { sector = INDUSTRIAL } },
  { key = "completion_filing", item = "房屋建筑工程竣工验收备案", department = "住房和城乡建设局",
    stage = "竣工验收", requires = { "planning_check", "fire_acceptance" }, limit = 5 },
  { key = "property_registration", item = "不动产首次登记", department = "不动产登记中心",
    stage = "竣工验收", requires = { "completion_filing" }, limit = 5, applies = { land_type = BUILDING } },
}

-- 关口：开工要求前三个阶段的适用手续全部办结，投产要求竣工验收阶段的手续全部办结。
local GATES = {
  ["开工"] = { ["立项用地规划许可"] = true, ["工程建设许可"] = true, ["施工许可"] = true },
  ["投产"] = { ["竣工验收"] = true },
}

-- ===================================================================================
-- 目录检查：validate 时即运行，目录写错时指出哪一项。
-- ===================================================================================
do
  local stages = { ["立项用地规划许可"] = true, ["工程建设许可"] = true, ["施工许可"] = true, ["竣工验收"] = true }
  local known = {}
  for position, entry in ipairs(CATALOGUE) do
    local where = "手续目录第 " .. position .. " 项"
    if type(entry.key) ~= "string" or not entry.key:match("^[%a_][%w_]*$") then
      error(where .. "：key 须是英文标识", 0)
    end
    where = where .. "（" .. entry.key .. "）"
    if known[entry.key] then error(where .. "：key 重复", 0) end
    known[entry.key] = entry
    if type(entry.item) ~= "string" or type(entry.department) ~= "string" then
      error(where .. "：须有 item 和 department", 0)
    end
    if not stages[entry.stage] then error(where .. "：stage '" .. tostring(entry.stage) .. "' 不是四个阶段之一", 0) end
    if math.type(entry.limit) ~= "integer" or entry.limit < 1 then
      error(where .. "：limit 须是不小于 1 的工作日数", 0)
    end
    if type(entry.requires) ~= "table" then error(where .. "：requires 须是列表（可为空 {}）", 0) end
  end
  for _, entry in ipairs(CATALOGUE) do
    for _, before in ipairs(entry.requires) do
      if not known[before] then
        error("手续目录（" .. entry.key .. "）：前置手续 '" .. tostring(before) .. "' 不在目录中", 0)
      end
    end
  end
  -- 前置关系不能成环。
  local state = {}
  local function visit(key, trail)
    if state[key] == "done" then return end
    if state[key] == "active" then error("手续目录：前置关系成环：" .. trail .. " → " .. key, 0) end
    state[key] = "active"
    for _, before in ipairs(known[key].requires) do visit(before, trail .. " → " .. key) end
    state[key] = "done"
  end
  for _, entry in ipairs(CATALOGUE) do visit(entry.key, "") end
end

-- ===================================================================================
-- 计划的生成和推进
-- ===================================================================================
local function applies(entry, facts)
  for field, allowed in pairs(entry.applies or {}) do
    local ok = false
    for _, value in ipairs(allowed) do
      if facts[field] == value then ok = true end
    end
    if not ok then return false end
  end
  return true
end

local function build_plan(ctx)
  local gate = GATES[ctx.data.gate]
  if not gate then error("gate '" .. tostring(ctx.data.gate) .. "' 须是 开工 或 投产") end
  local chosen = {}
  for _, entry in ipairs(CATALOGUE) do
    if gate[entry.stage] and applies(entry, ctx.data) then chosen[entry.key] = true end
  end
  local plan = json.array({})
  for _, entry in ipairs(CATALOGUE) do
    if chosen[entry.key] then
      local requires = json.array({})
      for _, before in ipairs(entry.requires) do
        if chosen[before] then requires[#requires + 1] = before end
      end
      plan[#plan + 1] = { key = entry.key, item = entry.item, department = entry.department,
                          stage = entry.stage, limit = entry.limit, requires = requires,
                          status = "waiting" }
    end
  end
  ctx.data.plan = plan
end

local function find(plan, key)
  for _, entry in ipairs(plan) do
    if entry.key == key then return entry end
  end
  return nil
end

-- 启动前置手续都已办结的手续，每项一个 permit 实例。
local function start_ready(ctx)
  local plan = ctx.data.plan
  for _, entry in ipairs(plan) do
    if entry.status == "waiting" then
      local ready = true
      for _, before in ipairs(entry.requires) do
        if find(plan, before).status ~= "issued" then ready = false end
      end
      if ready then
        entry.status = "started"
        entry.started_on = ctx.today
        entry.instance = ctx:start("permit", {
          plan = ctx.instance.id, project = ctx.data.project, project_name = ctx.data.project_name,
          key = entry.key, item = entry.item, department = entry.department, stage = entry.stage,
          limit = entry.limit, agent = ctx.data.agent, leader = ctx.data.leader,
        })
      end
    end
  end
end

local function all_issued(ctx)
  for _, entry in ipairs(ctx.data.plan) do
    if entry.status ~= "issued" then return false end
  end
  return true
end

return workflow {
  name = "permits",
  title = "项目手续计划",
  input = {
    project = { type = "string", title = "项目实例" },
    project_name = { type = "string", title = "项目名称" },
    agent = { type = "person", title = "项目代办员" },
    leader = { type = "person", title = "包联领导" },
    sector = { type = "string", title = "产业领域" },
    land_type = { type = "string", title = "用地方式" },
    investment = { type = "integer", required = false, title = "总投资（万元）" },
    gate = { type = "string", title = "关口：开工 或 投产" },
  },
  start = "check",

  on_start = function(ctx)
    build_plan(ctx)
    start_ready(ctx)
  end,

  states = {
    check = auto {
      title = "核对办结情况",
      choose = function(ctx)
        if all_issued(ctx) then return "complete" end
        return "pending"
      end,
      on = { complete = "ready", pending = "tracking" },
    },
    -- 计划本身没有期限：每项手续有自己的法定时限、催办和督办。
    -- lint: allow no-due
    tracking = wait {
      title = "手续并联办理跟踪",
      by = "agent",
      on = {
        issued = {
          to = "check",
          action = function(ctx, ev)
            local entry = find(ctx.data.plan, ev.data and ev.data.key or "")
            if not entry then error("办结通知中的手续 '" .. tostring(ev.data and ev.data.key) .. "' 不在计划中") end
            entry.status = "issued"
            entry.issued_on = ctx.today
            entry.doc_no = ev.data.doc_no
            start_ready(ctx)
          end,
        },
      },
    },
    ready = final { title = "手续办结", outcome = "ready" },
  },
}
