/// 我的待办 and an instance's page.
enum WorkTemplates {
    static let inbox = """
    <h1>我的待办</h1>
    <nav class="tabs" aria-label="筛选">
    {{#filters}}<a href="/inbox?view={{key}}"{{#current}} aria-current="page"{{/current}}>{{title}}{{#count}} {{count}}{{/count}}</a>{{/filters}}
    </nav>
    {{#hasOpen}}<p class="summary">待办 {{openCount}} 件{{#hasOverdue}}，其中 <strong class="red-text">红灯 {{overdueCount}} 件</strong>{{/hasOverdue}}。</p>{{/hasOpen}}
    {{#empty}}<p class="empty">没有{{filterTitle}}事项。</p>{{/empty}}
    <ul class="items">
    {{#rows}}
      <li class="item light-{{color}}">
        <a href="{{url}}">
          <span class="subject">{{subject}}</span>
          <span class="meta">{{workflow}} · {{state}}</span>
          <span class="due">{{#light}}<span class="dot" aria-hidden="true"></span><span class="light">{{light}}</span> {{/light}}{{deadline}}</span>
          {{#reminders}}<span class="tag">{{reminders}}</span>{{/reminders}}{{#proxy}}<span class="tag">{{proxy}}</span>{{/proxy}}
          <span class="id">{{id}}</span>
        </a>
      </li>
    {{/rows}}
    </ul>
    """

    static let instance = """
    <p class="crumbs"><a href="/inbox">我的待办</a> / {{workflow}}</p>
    <h1>{{subject}}</h1>
    <p class="meta">{{workflow}} · 当前：<strong>{{state}}</strong> · {{status}}{{#stage}} · 阶段：{{stage}}{{/stage}} · <span class="id">{{id}}</span></p>
    {{#parentProject}}<p class="meta">所属项目：<a href="{{url}}">{{name}}</a> · 阶段：{{stage}}</p>{{/parentProject}}
    {{#hasPeople}}<dl class="roles">{{#people}}<div><dt>{{role}}</dt><dd>{{name}}</dd></div>{{/people}}</dl>{{/hasPeople}}

    {{#items}}
    <section class="card act light-{{color}}" aria-labelledby="act-{{id}}">
      <h2 id="act-{{id}}">{{title}}</h2>
      <p class="due">{{#light}}<span class="dot" aria-hidden="true"></span>{{light}} · {{/light}}{{deadline}}</p>
      <form method="post" action="/instances/{{instanceID}}/act" class="stack" enctype="multipart/form-data">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="item" value="{{id}}">
        {{#fields}}
        <label for="field-{{item}}-{{name}}">{{label}}{{#required}}（必填）{{/required}}</label>
        {{#boolean}}<select id="field-{{item}}-{{name}}" name="field.{{name}}"><option value=""></option><option value="true"{{#yes}} selected{{/yes}}>是</option><option value="false"{{#no}} selected{{/no}}>否</option></select>{{/boolean}}
        {{^boolean}}<input id="field-{{item}}-{{name}}" name="field.{{name}}" type="{{input}}" step="{{step}}" value="{{value}}"{{#required}} required{{/required}}>{{/boolean}}
        {{/fields}}
        <label for="comment-{{id}}">意见</label>
        <textarea id="comment-{{id}}" name="comment" rows="3"></textarea>
        <label for="file-{{id}}">附件（选填；PDF、OFD、图片、Word、Excel 等，每个不超过 10 MB）</label>
        <input id="file-{{id}}" name="file" type="file" multiple
               accept=".pdf,.ofd,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.doc,.xls,.txt,.csv">
        <div class="buttons">
        {{#approval}}
          <button type="submit" name="action" value="approve" class="primary">同意</button>
          <button type="submit" name="action" value="reject" class="danger" formnovalidate>不同意</button>
          {{#canReturn}}<button type="submit" name="action" value="return" formnovalidate>退回</button>{{/canReturn}}
        {{/approval}}
        {{#task}}
          {{#outcomes}}<button type="submit" name="action" value="complete:{{event}}" class="primary">办理：{{title}}</button>{{/outcomes}}
          {{^outcomes}}<button type="submit" name="action" value="complete" class="primary">办理</button>{{/outcomes}}
        {{/task}}
        </div>
      </form>
      <details>
        <summary>转办、委派、加签</summary>
        <form method="post" action="/instances/{{instanceID}}/act" class="stack">
          <input type="hidden" name="csrf" value="{{csrf}}">
          <input type="hidden" name="item" value="{{id}}">
          <label for="to-{{id}}">交给（登录名或姓名）</label>
          <input id="to-{{id}}" name="to" autocomplete="off" required>
          <label for="why-{{id}}">说明（选填）</label>
          <input id="why-{{id}}" name="comment">
          <div class="buttons">
            <button type="submit" name="action" value="transfer">转办</button>
            <button type="submit" name="action" value="delegate">委派</button>
            {{#approval}}<button type="submit" name="action" value="addsign">加签（之后）</button>{{/approval}}
          </div>
        </form>
      </details>
    </section>
    {{/items}}


    {{#hasOpenItems}}
    <section class="card"><h2>正在办理</h2>
    <ul class="plain">{{#openItems}}<li class="light-{{color}}"><span class="dot" aria-hidden="true"></span>{{title}} · {{who}} · {{deadline}}</li>{{/openItems}}</ul>
    </section>
    {{/hasOpenItems}}

    {{#hasFacts}}
    <section class="card"><h2>基本情况</h2>
    <dl class="facts">{{#facts}}<div><dt>{{title}}</dt><dd>{{value}}</dd></div>{{/facts}}</dl>
    </section>
    {{/hasFacts}}

    {{#project}}
    <section class="card"><h2>阶段历程</h2>
    <ol class="stages">{{#stages}}<li><strong>{{stage}}</strong> <span class="when">{{at}}</span></li>{{/stages}}</ol>
    </section>
    {{#team}}
    <section class="card"><h2>项目专班</h2>
    <p>牵头：{{lead}}<span class="when">（{{since}} 组建）</span></p>
    <ul class="plain">{{#members}}<li>{{name}} · {{department}}{{#duty}} · {{duty}}{{/duty}}</li>{{/members}}</ul>
    </section>
    {{/team}}
    {{#hasMeasures}}
    <section class="card"><h2>一企一策</h2>
    <div class="scroll"><table>
      <thead><tr><th scope="col">措施</th><th scope="col">责任人</th><th scope="col">完成时限</th><th scope="col">进展</th></tr></thead>
      <tbody>{{#measures}}<tr><td>{{measure}}</td><td>{{owner}}</td><td>{{due}}</td><td>{{status}}</td></tr>{{/measures}}</tbody>
    </table></div>
    </section>
    {{/hasMeasures}}
    {{#hasAssessments}}
    <section class="card"><h2>分析研判意见</h2>
    <ul class="plain">{{#assessments}}<li><strong>{{verdict}}</strong> · {{date}} · {{stage}} · {{reasons}}</li>{{/assessments}}</ul>
    </section>
    {{/hasAssessments}}
    {{#hasVisits}}
    <section class="card"><h2>实地考察</h2>
    <ul class="plain">{{#visits}}<li>{{date}}{{#place}} · {{place}}{{/place}}{{#attendees}} · 参加：{{attendees}}{{/attendees}}<br>{{findings}} <span class="when">（{{by}} 记录）</span></li>{{/visits}}</ul>
    </section>
    {{/hasVisits}}
    {{#records.visit}}
    <section class="card"><h2>记录实地考察</h2>
      <form method="post" action="/instances/{{instanceID}}/act" class="stack">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="visit-place">考察地点</label>
        <input id="visit-place" name="visit.place" maxlength="200">
        <label for="visit-attendees">参加人员（用顿号分隔）</label>
        <input id="visit-attendees" name="visit.attendees" maxlength="500">
        <label for="visit-findings">考察发现</label>
        <textarea id="visit-findings" name="visit.findings" rows="3" required maxlength="5000"></textarea>
        <div class="buttons"><button type="submit" name="action" value="visit">记录实地考察</button></div>
      </form>
    </section>
    {{/records.visit}}
    {{#records.team}}
    <section class="card"><h2>组建或调整专班</h2>
      <form method="post" action="/instances/{{instanceID}}/act" class="stack">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="team-lead">牵头人</label>
        <input id="team-lead" name="team.lead" required maxlength="100">
        <label for="team-members">成员（每行一人：姓名，单位，分工）</label>
        <textarea id="team-members" name="team.members" rows="4" required maxlength="5000"></textarea>
        <div class="buttons"><button type="submit" name="action" value="team">保存专班</button></div>
      </form>
    </section>
    {{/records.team}}
    {{#records.plan}}
    <section class="card"><h2>更新一企一策</h2>
      <form method="post" action="/instances/{{instanceID}}/act" class="stack">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="plan-measures">措施（每行一项：措施，责任人，完成时限 YYYY-MM-DD，进展：未开始、推进中或已完成）</label>
        <textarea id="plan-measures" name="plan.measures" rows="4" required maxlength="10000"></textarea>
        <div class="buttons"><button type="submit" name="action" value="plan">保存一企一策（替换现有措施）</button></div>
      </form>
    </section>
    {{/records.plan}}
    {{#records.investment}}
    <section class="card"><h2>填报当月完成投资</h2>
      <form method="post" action="/instances/{{instanceID}}/act" class="stack">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="investment-month">月份（YYYY-MM）</label>
        <input id="investment-month" name="investment.month" required pattern="[0-9]{4}-[0-9]{2}" maxlength="7">
        <label for="investment-amount">当月完成投资（万元）</label>
        <input id="investment-amount" name="investment.amount" required inputmode="decimal" maxlength="20">
        <div class="buttons"><button type="submit" name="action" value="investment">填报</button></div>
      </form>
    </section>
    {{/records.investment}}
    {{#hasElements}}
    <section class="card"><h2>要素保障</h2>
    <div class="scroll"><table>
      <thead><tr><th scope="col">要素</th><th scope="col">责任部门</th><th scope="col">结论</th><th scope="col">状态</th><th scope="col">灯</th></tr></thead>
      <tbody>{{#elements}}<tr class="light-{{color}}"><td><a href="{{url}}">{{title}}</a></td><td>{{department}}</td><td>{{result}}{{#note}}<br><small>{{note}}</small>{{/note}}</td><td>{{state}}</td><td>{{#light}}<span class="dot" aria-hidden="true"></span><span class="light">{{light}}</span><br><small>{{deadline}}</small>{{/light}}</td></tr>{{/elements}}</tbody>
    </table></div>
    </section>
    {{/hasElements}}
    {{#investment}}
    <section class="card"><h2>投资进度</h2>
    <p>计划开工 {{plannedStart}} · 实际开工 {{startedOn}} · 计划竣工 {{plannedCompletion}} · 实际竣工 {{completedOn}}</p>
    <p>累计完成 {{completed}}，占全部计划投资的 {{rate}}</p>
    <div class="scroll"><table>
      <thead><tr><th scope="col">月份</th><th scope="col">计划投资</th><th scope="col">完成投资</th><th scope="col">累计完成</th></tr></thead>
      <tbody>{{#rows}}<tr><td>{{month}}</td><td class="n">{{planned}}</td><td class="n">{{done}}</td><td class="n">{{total}}</td></tr>{{/rows}}</tbody>
    </table></div>
    </section>
    {{/investment}}
    {{#hasPermits}}
    <section class="card"><h2>手续办理（{{issuedCount}}/{{permitCount}} 已办结）</h2>
    <div class="scroll"><table>
      <thead><tr><th scope="col">事项</th><th scope="col">部门</th><th scope="col">法定时限</th><th scope="col">状态</th><th scope="col">灯</th></tr></thead>
      <tbody>{{#permits}}<tr class="light-{{color}}"><td><a href="{{url}}">{{title}}</a></td><td>{{department}}</td><td>{{limit}}</td><td>{{state}}{{#issued}}<br><small>{{issued}} 办结</small>{{/issued}}</td><td>{{#light}}<span class="dot" aria-hidden="true"></span><span class="light">{{light}}</span><br><small>{{deadline}}</small>{{/light}}</td></tr>{{/permits}}</tbody>
    </table></div>
    </section>
    {{/hasPermits}}
    {{#hasSupervision}}
    <section class="card"><h2>督办事项</h2>
    <ul class="plain">{{#supervision}}<li class="light-{{color}}">{{#light}}<span class="dot" aria-hidden="true"></span>{{/light}}<a href="{{url}}">{{title}}</a> · {{source}} · 承办：{{owner}} · {{state}}{{#deadline}} · {{deadline}}{{/deadline}}</li>{{/supervision}}</ul>
    </section>
    {{/hasSupervision}}
    {{#hasProblems}}
    <section class="card"><h2>难点堵点</h2>
    <ul class="plain">{{#problems}}<li class="light-{{color}}">{{#light}}<span class="dot" aria-hidden="true"></span>{{/light}}<a href="{{url}}">{{title}}</a> · {{category}} · 责任人：{{owner}} · {{state}}{{#deadline}} · {{deadline}}{{/deadline}}</li>{{/problems}}</ul>
    </section>
    {{/hasProblems}}
    {{/project}}

    {{#hasChildren}}
    <section class="card"><h2>子事项</h2>
    <ul class="plain">{{#children}}<li><a href="{{url}}">{{subject}}</a> · {{workflow}} · {{state}} · {{status}}</li>{{/children}}</ul>
    </section>
    {{/hasChildren}}

    <section class="card">
      <h2>评论</h2>
      <form method="post" action="/instances/{{id}}/act" class="stack">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="comment-general">评论内容</label>
        <textarea id="comment-general" name="comment" rows="2" required></textarea>
        <div class="buttons">
          <button type="submit" name="action" value="comment">发表评论</button>
          {{#canWithdraw}}<button type="submit" name="action" value="withdraw" formnovalidate>撤回</button>{{/canWithdraw}}
        </div>
      </form>
    </section>

    <section class="card">
      <h2>办理记录</h2>
      <form method="post" action="/instances/{{id}}/verify" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit">校验记录链</button>
      </form>
      <ol class="timeline" reversed>
      {{#timeline}}
        <li><span class="when">{{at}}</span> <strong>{{actor}}</strong> {{kind}}{{#moved}}：{{moved}}{{/moved}}
        {{#refusal}}<p class="hint">原因：{{refusal}}</p>{{/refusal}}
        {{#comment}}<blockquote>{{comment}}</blockquote>{{/comment}}{{#hasAttachments}}<p class="attach">附件：{{#attachments}}{{#url}}<a href="{{url}}">{{name}}</a>{{/url}}{{^url}}{{name}}{{/url}} {{/attachments}}</p>{{/hasAttachments}}</li>
      {{/timeline}}
      </ol>
    </section>
    """
}
