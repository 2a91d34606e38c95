/// 项目库 and the meeting-room dashboard.
enum OverviewTemplates {
    static let funnel = """
    <ol class="funnel">
    {{#stages}}
      <li><a href="/projects?stage={{stage}}"><span class="stage">{{stage}}</span>
      <span class="bar w{{width}}"></span>
      <span class="num">{{count}} 个 · {{investment}} 亿元</span></a></li>
    {{/stages}}
    </ol>
    """

    static let projects = """
    <h1>项目库</h1>
    <p class="summary">共 {{total}} 个项目，总投资 {{totalInvestment}} 亿元。</p>
    {{> funnel}}
    {{#filtered}}<p>当前阶段：<strong>{{stageFilter}}</strong> · <a href="/projects">全部阶段</a></p>{{/filtered}}
    <div class="scroll">
    <table class="projects">
      <thead><tr><th scope="col">项目</th><th scope="col">阶段</th><th scope="col">投资（亿元）</th><th scope="col">包联领导</th><th scope="col">代办员</th><th scope="col">联络员</th><th scope="col">灯</th></tr></thead>
      <tbody>
      {{#projects}}
        <tr class="light-{{color}}"><td><a href="{{url}}">{{name}}</a><br><small>{{enterprise}}</small></td><td>{{stage}}</td><td class="num">{{investment}}</td><td>{{leader}}</td><td>{{agent}}</td><td>{{liaison}}</td><td>{{#light}}<span class="dot" aria-hidden="true"></span>{{light}}{{/light}}</td></tr>
      {{/projects}}
      </tbody>
    </table>
    </div>
    """

    static let dashboard = """
    <h1>全代办工作调度 <small>更新于 {{updated}}</small></h1>
    <p>{{#paused}}<a href="/dashboard">恢复每分钟自动刷新</a>{{/paused}}{{^paused}}每分钟自动刷新 · <a href="/dashboard?refresh=off">暂停自动刷新</a>{{/paused}}</p>
    <div class="board">
      <section class="card"><h2>项目推进（{{total}} 个 · {{totalInvestment}} 亿元）</h2>{{> funnel}}</section>
      <section class="card"><h2>办理时限亮灯</h2>
        <table><thead><tr><th scope="col">类别</th><th scope="col">红灯</th><th scope="col">黄灯</th><th scope="col">蓝灯</th><th scope="col">正常</th></tr></thead>
        <tbody>{{#lights}}<tr><td>{{workflow}}</td><td class="num red-text">{{red}}</td><td class="num">{{yellow}}</td><td class="num">{{blue}}</td><td class="num">{{green}}</td></tr>{{/lights}}</tbody></table>
      </section>
      <section class="card"><h2>红灯事项（{{redCount}}）</h2>
        <ul class="plain">{{#red}}<li class="light-red"><span class="dot" aria-hidden="true"></span>{{subject}} · {{state}} · {{who}} · {{deadline}}</li>{{/red}}</ul>
      </section>
    </div>
    """

    static let report = """
    <h1>周报告 <small>{{week}}</small></h1>
    {{#hasWeek}}
    <p><a href="/report?week={{previous}}">← 上一周</a> · <a href="/report/print?week={{week}}">打印版（A4）</a></p>
    <div class="board charts">
      <section class="card"><h2>阶段分布</h2>{{{funnel}}}</section>
      <section class="card"><h2>手续亮灯</h2>{{{lights}}}
        <p class="summary">本周按期办结率：<strong>{{onTime}}</strong><br><small>{{onTimeDetail}}</small></p></section>
      <section class="card"><h2>已签约项目数（周趋势）</h2>{{{projectsTrend}}}</section>
      <section class="card"><h2>每周办结手续（周趋势）</h2>{{{issuedTrend}}}</section>
    </div>
    <iframe class="report" title="周报告 {{week}}" src="/report/print?week={{week}}"></iframe>
    {{/hasWeek}}
    {{^hasWeek}}<p class="empty">还没有周调度，暂无周报告。</p>{{/hasWeek}}
    """
}
