---@meta fullagency
-- Type definitions of FullAgency's workflow DSL, the `ctx` of hooks and the test API, for
-- lua-language-server (LuaLS). Never loaded by `agency`: the sandbox provides the real
-- functions. Workflows/.luarc.json lists this folder as a library; Docs/editor.md says
-- how to use it. Docs/dsl-reference.md and Docs/testing.md are the full reference.

---------------------------------------------------------------------------------------
-- Durations and people
---------------------------------------------------------------------------------------

---A duration: `"4h"` (hours), `"2d"` (calendar days) or `"3wd"` (working days on the
---official calendar, holidays and make-up days included). Written with hours(n),
---days(n) and workdays(n).
---@alias fa.Duration string

---Who acts: a data field holding a person id (or a list of ids), `role("包联领导")`,
---`person("zhangwei")`, `manager_of(...)`, `managers_up_to(...)`, `head_of(...)` (Docs/people.md),
---or a function returning ids.
---@alias fa.PeopleSpec string|fun(ctx: fa.Context): (string|string[])

---@param n integer at least 1
---@return fa.Duration # `"<n>h"`: exactly n × 3600 seconds
function hours(n) end

---@param n integer at least 1
---@return fa.Duration # `"<n>d"`: the same clock time n calendar days later
function days(n) end

---@param n integer at least 1
---@return fa.Duration # `"<n>wd"`: the end (midnight) of the n-th working day after today
function workdays(n) end

---Everyone holding a role in the people directory.
---@param name string e.g. "包联领导", "主任", "代办员"
---@return fa.PeopleSpec
function role(name) end

---One named person of the people directory.
---@param id string e.g. "zhangwei"
---@return fa.PeopleSpec
function person(id) end

---The manager of a person (Docs/people.md): their `manager` in the people directory, else
---the head of their department (or of the nearest department above with another head).
---@param subject string a data field holding a person id, or "initiator"
---@param level? integer 2: the manager's manager (default 1)
---@return fa.PeopleSpec
function manager_of(subject, level) end

---逐级审批: the subject's managers, nearest first, up to and including the first one `stop`
---names; use with rule = "sequential".
---@param subject string a data field holding a person id, or "initiator"
---@param stop fa.PeopleSpec role("...") or person("...")
---@return fa.PeopleSpec
function managers_up_to(subject, stop) end

---The head of a department of the people directory.
---@param department string a department id, or a data field holding one
---@return fa.PeopleSpec
function head_of(department) end

---The person id (or ids) in `ctx.data[name]`; the same as writing the name alone.
---@param name string
---@return fa.PeopleSpec
function field(name) end

---------------------------------------------------------------------------------------
-- workflow { ... }
---------------------------------------------------------------------------------------

---@alias fa.InputType
---| "string" | "integer" | "number" | "boolean" | "person" | "date" | "list" | "object"
---| "string?" | "integer?" | "number?" | "boolean?" | "person?" | "date?" | "list?" | "object?"

---@class fa.InputField
---@field type fa.InputType
---@field required? boolean default true
---@field title? string

---@class fa.Workflow
---@field name string letters, digits, `_` and `-`; the file is Workflows/<name>.lua
---@field title? string shown in lists and reports (default: the name)
---@field input? table<string, fa.InputType|fa.InputField> the fields an instance starts with
---@field start string the first state
---@field states table<string, fa.State> state name → state constructor
---@field schedule? fa.Schedule a recurring start: weekly { }, monthly { } or every { }
---@field on_start? fun(ctx: fa.Context) runs once before the start state is entered
---@field urge? boolean false forbids `agency urge` (the applicant's 催办); default true
---@field urge_interval? fa.Duration least time between two urges of an instance (default hours(1))
---@field revoke? string the state `agency revoke` (撤销) moves a completed instance back to
---@field revoke_by? fa.PeopleSpec who may revoke besides admins (default: the initiator)
---@field revoke_within? fa.Duration how long after completion it may be revoked (default: no limit)

---A workflow definition; a workflow file returns one.
---@param spec fa.Workflow
---@return fa.Workflow
function workflow(spec) end

---------------------------------------------------------------------------------------
-- States
---------------------------------------------------------------------------------------

---@alias fa.State fa.Task|fa.Approval|fa.Auto|fa.Wait|fa.Parallel|fa.Subflow|fa.Final

---@class fa.Transition
---@field to string the target state
---@field guard? fun(ctx: fa.Context, ev: fa.Event): (boolean|string|nil) anything but true refuses the event; a string is the reason
---@field action? fun(ctx: fa.Context, ev: fa.Event) runs between the state's exit and the target's enter

---What the actors of a state may do with a declared input field: set it (`edit`), set it
---and leave it non-empty (`required`), or not see it in `agency show` (`hidden`).
---@alias fa.FieldAccess "edit"|"required"|"hidden"

---@class fa.Form
---@field fields? table<string, fa.FieldAccess> the state's form: field name → access

---@class fa.StateBase
---@field title? string shown on work items (default: the state's name)
---@field on? table<string, string|fa.Transition> event → target state
---@field enter? fun(ctx: fa.Context, ev: fa.Event) runs when the state is entered
---@field exit? fun(ctx: fa.Context, ev: fa.Event) runs when the state is left
---@field cc? fa.PeopleSpec|fa.PeopleSpec[] 抄送: read-only copies to these people on entering the state (once per visit)

---One rung of the escalation ladder 交办 → 催办 → 督办.
---@class fa.LadderStep
---@field after fa.Duration from when the item opened
---@field remind? "assignee"|true|fa.PeopleSpec 催办: remind the item's assignee (or these people)
---@field escalate_to? fa.PeopleSpec 督办: tell these people, at `level`
---@field level? string default "督办"
---@field every? fa.Duration repeat at this interval after the first time
---@field times? integer how many times in all (default 1, or 2 with `every`)

---@class fa.Colors
---@field blue? fa.Duration blue (临近期限) when this much remains before the due time
---@field yellow? fa.Duration yellow (进度滞后) when this much remains

---@class fa.Deadlines
---@field due? fa.Duration|fun(ctx: fa.Context): (fa.Duration|string|nil) when the item falls due (red after)
---@field escalate? fa.LadderStep[] reminders and escalations before and after the due time
---@field colors? fa.Colors the three-colour thresholds
---@field timeout? string|"approve"|"reject"|fun(ctx: fa.Context, ev: fa.Event): string? what happens at the due time: go to a state, decide, or return an event

---One person does something; `agency complete ID [OUTCOME]` finishes it.
---@class fa.Task: fa.StateBase, fa.Deadlines, fa.Form
---@field assignee fa.PeopleSpec
---@field return_to? string|string[] states it may be returned (退回) to
---@field resubmit? "flow"|"direct" after a return by this state: run the steps in between again (正常流转, default) or come straight back here (直达)

---@param spec fa.Task
---@return fa.Task
function task(spec) end

---Several people decide: 或签 any, 会签 all, 依次 sequential, at least n, 票签 ratio.
---@class fa.Approval: fa.StateBase, fa.Deadlines, fa.Form
---@field approvers fa.PeopleSpec|fa.PeopleSpec[]
---@field rule? "any"|"all"|"sequential"|{ at_least: integer }|{ ratio: number } default "all"
---@field remove_sign? boolean allow 减签
---@field return_to? string|string[]
---@field dedupe? "once"|"skip"|"consecutive" auto-approve someone who already approved (Docs/people.md)
---@field self? "self"|"skip"|"head" the initiator as approver: decides, auto-approved, or replaced by their manager
---@field when_empty? "refuse"|"skip"|"admin" approvers resolve to nobody: refuse, take approved, or ask the admins
---@field resubmit? "flow"|"direct" after a return by this state: 正常流转 (default) or 直达

---@param spec fa.Approval
---@return fa.Approval
function approval(spec) end

---Lua decides at once: `choose` returns one of the state's `on` events.
---@class fa.Auto: fa.StateBase
---@field choose fun(ctx: fa.Context): string

---@param spec fa.Auto
---@return fa.Auto
function auto(spec) end

---Waits for an outside event (`agency send ID EVENT`) or its due time.
---@class fa.Wait: fa.StateBase, fa.Deadlines, fa.Form
---@field by? fa.PeopleSpec who may send its events (default: anyone taking part)

---@param spec fa.Wait
---@return fa.Wait
function wait(spec) end

---@class fa.ChecklistItem
---@field key string
---@field title? string
---@field assignee fa.PeopleSpec
---@field due? fa.Duration

---A checklist whose items run at once; the state takes its `done` event when `join` is met.
---@class fa.Parallel: fa.StateBase, fa.Deadlines, fa.Form
---@field items fa.ChecklistItem[]|fun(ctx: fa.Context): fa.ChecklistItem[]
---@field join? "all"|"any"|{ at_least: integer } default "all"

---@param spec fa.Parallel
---@return fa.Parallel
function parallel(spec) end

---Starts a child workflow (or one per element of `each`) and waits for it to end. A child's
---end takes its outcome (else `completed`), `cancelled` or `failed`; with `each`,
---`completed` when `complete` is met, else `failed` (a child failed) or `cancelled`.
---@class fa.Subflow: fa.StateBase, fa.Deadlines
---@field workflow string the child workflow's name
---@field input? fun(ctx: fa.Context, element?: any, index?: integer): table the child's input (with `each`: per element; default the element itself)
---@field each? string a data field holding a list: one child per element (multi-instance)
---@field complete? "all"|"any"|{ at_least: integer } with `each`: how many children must complete (default "all")
---@field by? fa.PeopleSpec who watches the wait (its work item; default the initiator)

---@param spec fa.Subflow
---@return fa.Subflow
function subflow(spec) end

---@class fa.Final
---@field title? string
---@field cc? fa.PeopleSpec|fa.PeopleSpec[] 抄送 on reaching the end
---@field outcome? string recorded on the instance (default: the state's name)
---@field enter? fun(ctx: fa.Context, ev: fa.Event)

---The end of the workflow.
---@param spec fa.Final
---@return fa.Final
function final(spec) end

---------------------------------------------------------------------------------------
-- Schedules
---------------------------------------------------------------------------------------

---@alias fa.Schedule fa.Weekly|fa.Monthly|fa.Every
---@alias fa.HolidayShift "next_workday"|"previous_workday"|"skip"|"none"

---@class fa.ScheduleInfo
---@field date string the occurrence's nominal day, YYYY-MM-DD
---@field at string when it fires, ISO 8601

---@class fa.Weekly
---@field day "MON"|"TUE"|"WED"|"THU"|"FRI"|"SAT"|"SUN"
---@field at? string "HH:MM", default "09:00"
---@field shift? fa.HolidayShift what a holiday does to it (default "next_workday")
---@field input? fun(info: fa.ScheduleInfo): table the started instance's input

---@class fa.Monthly
---@field day integer 1...28
---@field at? string
---@field shift? fa.HolidayShift
---@field input? fun(info: fa.ScheduleInfo): table

---@class fa.Every
---@field workdays integer every n working days
---@field at? string
---@field from? string the first day counted from, YYYY-MM-DD
---@field input? fun(info: fa.ScheduleInfo): table

---@param spec fa.Weekly
---@return fa.Weekly
function weekly(spec) end

---@param spec fa.Monthly
---@return fa.Monthly
function monthly(spec) end

---@param spec fa.Every
---@return fa.Every
function every(spec) end

---------------------------------------------------------------------------------------
-- ctx: what hooks, guards, actions and functions receive
---------------------------------------------------------------------------------------

---@class fa.Event
---@field name string the event's name (or the command's kind)
---@field data? table the event's data (`--data`)
---@field comment? string

---@class fa.InstanceInfo
---@field id string
---@field workflow string
---@field state string
---@field initiator string

---@class fa.Notice
---@field to string|string[] people specs: a data field, "role:X" or "person:X"
---@field title string
---@field body? string
---@field kind? string default "notice"

---@class fa.QueryFilter
---@field workflow? string
---@field status? "running"|"completed"|"cancelled"|"failed"
---@field state? string

---@class fa.Summary
---@field id string
---@field workflow string
---@field state string
---@field status string
---@field data table
---@field enteredAt string
---@field updatedAt string
---@field outcome? string
---@field items { id: string, title: string, assignee: string, due?: string, color: string }[]

---@class fa.Context
---@field data table the instance's data; changes persist when the function returns
---@field input table the start input (a read-only copy)
---@field now string the event's time, ISO 8601 with offset (never the wall clock)
---@field today string the event's date, YYYY-MM-DD
---@field actor string the person acting ("system" for timers and messages)
---@field event fa.Event the event, as `ev`
---@field instance fa.InstanceInfo
local Context = {}

---Writes a line into the journal record (`agency log`).
---@param ... any
function Context:log(...) end

---Sends a notification through the outbox.
---@param notice fa.Notice
function Context:notify(notice) end

---Starts another instance (id `ID.cN`) through the outbox, exactly once.
---@param workflow string
---@param input? table
---@return string id
function Context:start(workflow, input) end

---Sends an event to another instance, delivered once.
---@param id string
---@param event string
---@param data? table
function Context:signal(id, event, data) end

---抄送: sends each person a read-only copy of the instance (notification kind "cc"),
---recorded on the instance; a person is copied once per state visit.
---@param who string|string[] person ids (or "role:X" / "person:X")
---@param note? string
function Context:cc(who, note) end

---Read-only summaries of instances, for reports and dispatch.
---@param filter? fa.QueryFilter
---@return fa.Summary[]
function Context:query(filter) end

---The ids of the people holding a role.
---@param role string
---@return string[]
function Context:people(role) end

---The date n working days after `date`.
---@param date string YYYY-MM-DD
---@param n integer
---@return string date YYYY-MM-DD
function Context:add_workdays(date, n) end

---Working days from `from` to `to`, both included.
---@param from string YYYY-MM-DD
---@param to string YYYY-MM-DD
---@return integer
function Context:count_workdays(from, to) end

---Whether a day from `from` to `to` is in a year whose holiday arrangement is not
---published yet, so that working days counted over them are provisional (暂定).
---@param from string YYYY-MM-DD
---@param to string YYYY-MM-DD
---@return boolean
function Context:provisional(from, to) end

---The time `duration` after now, ISO 8601.
---@param duration fa.Duration
---@return string
function Context:deadline(duration) end

---------------------------------------------------------------------------------------
-- json
---------------------------------------------------------------------------------------

---@class fa.json
---@field null lightuserdata a JSON null inside an array
json = {}

---Marks a table as a JSON array, so it stays an array when empty.
---@generic T: table
---@param t? T
---@return T
function json.array(t) end

---------------------------------------------------------------------------------------
-- The test API (Workflows/tests/*_test.lua, run by `agency test`)
---------------------------------------------------------------------------------------

---@class fa.Person
---@field id string
---@field name string
---@field roles? string[]
---@field login? string

---Declares a test. Each test gets a fresh simulation store and a clock at 2025-01-06 09:00.
---@param name string unique in the file; `agency test --filter` matches it
---@param fn fun(t: fa.Test)
function test(name, fn) end

---Runs before each test of the file, with the test's `t`.
---@param fn fun(t: fa.Test)
function before_each(fn) end

---The people directory for this file's tests: a list, or a people.json file next to it.
---@param list fa.Person[]|string
function people(list) end

---@class fa.Refusal
---@field code "not_permitted"|"invalid"|"not_found"|"conflict"|"script_error"|"integrity"|"internal"
---@field message string

---@class fa.Tick
---@field fired { instance: string, timer: string, kind: string, item: string, at: string }[]
---@field failed { instance: string, error: string }[]
---@field started string[]

---@class fa.ActOptions
---@field as string the person acting
---@field item? string the work item, when the person has several open ones
---@field comment? string
---@field attach? string|string[]
---@field outcome? string complete: the task's outcome event
---@field event? string send: the event
---@field data? table complete / send / approve / reject: the event's data (a state's form fields)
---@field to? string transfer / delegate / reassign: a person; return / goto: a state
---@field who? string addsign / removesign: the approver
---@field where? "before"|"after"|"parallel"|"beside" addsign
---@field reason? string cancel / reassign / goto / migrate (admin actions); revoke
---@field mapping? table<string, string> migrate: old state → new state

---@alias fa.ActKind
---| "complete" | "approve" | "reject" | "send" | "transfer" | "delegate" | "addsign"
---| "removesign" | "return" | "withdraw" | "takeback" | "comment" | "cancel" | "reassign" | "goto"
---| "retry" | "migrate" | "urge" | "revoke"

---@class fa.Test
local Test = {}

---Moves the clock to a time, firing everything due on the way. Only forward.
---@param time string "2025-01-06T09:00", "2025-01-06" or ISO 8601
---@return fa.Tick
function Test:at(time) end

---Moves the clock by a duration (or to a time), firing timers, ladders and schedules in time order.
---@param by fa.Duration|string workdays(2), hours(3), days(1) or a time
---@return fa.Tick
function Test:advance(by) end

---Fires whatever is due at the current time.
---@return fa.Tick
function Test:tick() end

---The clock's time, ISO 8601.
---@return string
function Test:now() end

---Starts an instance; returns its id (`workflow-1`, ... unless `id` is given).
---@param workflow string
---@param input table
---@param options { as: string, id?: string }
---@return string id
function Test:start(workflow, input, options) end

---Gives a command as a person (or admin); raises if it is refused. Returns the instance.
---@param id string
---@param kind fa.ActKind
---@param options fa.ActOptions
---@return table instance
function Test:act(id, kind, options) end

---Delivers an event as a message from another instance (what ctx:signal sends).
---@param id string
---@param event string
---@param data? table
---@return table instance
function Test:signal(id, event, data) end

---Enables a workflow's schedule from a day (default: today on the clock).
---@param workflow string
---@param from? string YYYY-MM-DD
---@return string first the first occurrence's day
function Test:enable_schedule(workflow, from) end

---Marks every notification so far as read; returns how many there were.
---@return integer
function Test:clear_notifications() end

---The whole instance: status, state, data, items, timers, path, outcome, ...
---@param id string
---@return table
function Test:instance(id) end

---The instance's data.
---@param id string
---@return table
function Test:data(id) end

---Open work items of an instance, those matching `pattern` when given.
---@param id string
---@param pattern? table
---@return table[]
function Test:items(id, pattern) end

---The instance's journal records.
---@param id string
---@return table[]
function Test:journal(id) end

---Notifications delivered and not cleared, those matching `pattern` when given.
---@param pattern? { to?: string, kind?: string, instance?: string, item?: string, title?: string, level?: string }
---@return table[]
function Test:notifications(pattern) end

---One person's open items across the store: `{ instance, workflow, item }`.
---@param person string
---@return table[]
function Test:inbox(person) end

---Summaries of the instances matching the filter.
---@param filter? { workflow?: string, state?: string, status?: string, assignee?: string }
---@return fa.Summary[]
function Test:list(filter) end

---A report as a table: "weekly" is the weekly report (周报告) of the clock's week, or of
---`{ week = "2025-W03" }`, as `agency report weekly --json` prints it.
---@param name string
---@param options? { week?: string }
---@return table
function Test:report(name, options) end

---Fails unless `value` is true (anything but nil and false).
---@param value any
---@param message? string
function Test:expect(value, message) end

---Fails unless the two are equal (deep; 3 == 3.0; {} equals an empty array).
---@param actual any
---@param expected any
---@param message? string
function Test:expect_eq(actual, expected, message) end

---Fails unless `actual` has every key and value of `pattern` (deep).
---@param actual any
---@param pattern any
---@param message? string
function Test:expect_match(actual, pattern, message) end

---@param id string
---@param state string
function Test:expect_state(id, state) end

---@param id string
---@param status "running"|"completed"|"cancelled"|"failed"
function Test:expect_status(id, status) end

---Fails unless the instance's data matches `pattern`.
---@param id string
---@param pattern table
function Test:expect_data(id, pattern) end

---Fails unless an open item matches `pattern` (assignee, title, kind, color, due, reminders, ...).
---@param id string
---@param pattern table
function Test:expect_item(id, pattern) end

---Fails if an open item matches `pattern`.
---@param id string
---@param pattern table
function Test:expect_no_item(id, pattern) end

---Fails unless a notification matches `pattern`.
---@param pattern { to?: string, kind?: string, instance?: string, item?: string, title?: string, level?: string }
function Test:expect_notification(pattern) end

---Fails if a notification matches `pattern`.
---@param pattern { to?: string, kind?: string, instance?: string, item?: string, title?: string, level?: string }
function Test:expect_no_notification(pattern) end

---Fails unless a journal record matches `pattern` (kind, actor, details = { ... }).
---@param id string
---@param pattern table
function Test:expect_journal(id, pattern) end

---Fails unless `fn` is refused (with `code` when given). Returns the refusal.
---@param fn fun()
---@param code? "not_permitted"|"invalid"|"not_found"|"conflict"|"script_error"
---@return fa.Refusal
function Test:expect_refused(fn, code) end

---Fails the test.
---@param message? string
function Test:fail(message) end
