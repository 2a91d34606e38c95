/// The administrator's page.
enum AdminTemplates {
    static let admin = """
    <h1>管理</h1>
    {{#change}}
    <section class="card" aria-labelledby="change-title">
      <h2 id="change-title">{{#preview}}人员名录变化预览（尚未应用）{{/preview}}{{^preview}}已应用的人员名录变化{{/preview}}</h2>
      {{#nothing}}<p>新名录与当前名录相同。</p>{{/nothing}}
      <ul class="plain">
        {{#joined}}<li>新增：{{name}}（{{id}}）{{roles}}</li>{{/joined}}
        {{#left}}<li>离开：{{name}}（{{id}}）</li>{{/left}}
        {{#changed}}<li>变更：{{name}}（{{id}}）{{roles}}</li>{{/changed}}
      </ul>
      <p>受影响的待办：{{affected}} 件。</p>
      {{#preview}}
      <form method="post" action="/admin/people" enctype="multipart/form-data">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="content" value="{{content}}">
        <button type="submit" name="action" value="apply" class="primary">确认应用</button>
      </form>
      {{/preview}}
    </section>
    {{/change}}

    {{#verification}}
    <section class="card" aria-labelledby="verify-title">
      <h2 id="verify-title">记录链校验</h2>
      {{#ok}}<p>全部 {{checked}} 个实例的日志链、快照和重放均校验通过。</p>{{/ok}}
      {{^ok}}<p class="red-text">{{checked}} 个实例中有问题：</p>
      <ul class="plain">{{#failed}}<li><a href="/instances/{{id}}">{{id}}</a>：{{problem}}</li>{{/failed}}</ul>{{/ok}}
    </section>
    {{/verification}}

    <section class="card" aria-labelledby="people-title">
      <h2 id="people-title">人员名录（当前 {{peopleCount}} 人）</h2>
      <form method="post" action="/admin/people" enctype="multipart/form-data" class="stack">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="people-file">新的人员名录文件（people.json）</label>
        <input id="people-file" name="file" type="file" accept=".json,application/json" required>
        <div class="buttons"><button type="submit" name="action" value="preview">预览变化</button></div>
      </form>
      <h3>版本记录</h3>
      <div class="scroll"><table>
        <thead><tr><th scope="col">时间</th><th scope="col">操作人</th><th scope="col">方式</th><th scope="col">新增</th><th scope="col">离开</th><th scope="col">变更</th><th scope="col">版本</th></tr></thead>
        <tbody>{{#people}}<tr><td>{{at}}</td><td>{{actor}}</td><td>{{how}}</td><td>{{joined}}</td><td>{{left}}</td><td>{{changed}}</td><td><code>{{version}}</code></td></tr>{{/people}}</tbody>
      </table></div>
    </section>

    <section class="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">定时任务</h2>
      <ul class="plain">{{#schedules}}<li>{{workflow}}：下次 {{next}}</li>{{/schedules}}{{^schedules}}<li>没有启用的定时任务。</li>{{/schedules}}</ul>
    </section>

    {{#notifications}}
    <section class="card" aria-labelledby="notify-title">
      <h2 id="notify-title">通知投递（待投递 {{pending}} 条，已投递 {{delivered}} 条）</h2>
      <div class="board">
        <table><thead><tr><th scope="col">类别</th><th scope="col">条数</th></tr></thead>
        <tbody>{{#byKind}}<tr><td>{{kind}}</td><td class="num">{{count}}</td></tr>{{/byKind}}</tbody></table>
        <table><thead><tr><th scope="col">接收人</th><th scope="col">条数</th></tr></thead>
        <tbody>{{#byPerson}}<tr><td>{{person}}</td><td class="num">{{count}}</td></tr>{{/byPerson}}</tbody></table>
      </div>
    </section>
    {{/notifications}}

    <section class="card">
      <h2>校验</h2>
      <form method="post" action="/admin/verify" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit">校验全部记录链</button>
      </form>
    </section>
    """
}
