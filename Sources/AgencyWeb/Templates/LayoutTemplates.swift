/// The page frame and the pages without a session. Templates are compiled into the
/// binary (no template files to install); Mustache escapes every `{{value}}`, and
/// `{{{body}}}` only ever receives another template's output.
enum LayoutTemplates {
    static let layout = """
    <!DOCTYPE html>
    <html lang="zh-CN">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    {{#refresh}}<meta http-equiv="refresh" content="{{refresh}}">{{/refresh}}
    <title>{{#badge}}({{badge}}) {{/badge}}{{title}} · 全代办工作台</title>
    <link rel="stylesheet" href="/static/app.css">
    </head>
    <body class="{{bodyClass}}">
    <a class="skip" href="#main">跳到正文</a>
    {{#person}}
    <header class="top">
      <nav aria-label="主导航">
        <a href="/inbox"{{#navInbox}} aria-current="page"{{/navInbox}}>我的待办{{#badge}} <span class="count">{{badge}}</span>{{/badge}}</a>
        <a href="/projects"{{#navProjects}} aria-current="page"{{/navProjects}}>项目库</a>
        <a href="/report"{{#navReport}} aria-current="page"{{/navReport}}>周报告</a>
        <a href="/dashboard"{{#navDashboard}} aria-current="page"{{/navDashboard}}>大屏</a>
        {{#admin}}<a href="/admin"{{#navAdmin}} aria-current="page"{{/navAdmin}}>管理</a>{{/admin}}
      </nav>
      <form method="post" action="/logout" class="who">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <span>{{person}}</span> <button type="submit" class="link">退出</button>
      </form>
    </header>
    {{/person}}
    <main id="main">
    {{#flash}}<p class="flash" role="status">{{flash}}</p>{{/flash}}
    {{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
    {{{body}}}
    </main>
    </body>
    </html>
    """

    static let login = """
    <h1>全代办工作台</h1>
    <form method="post" action="/login" class="card narrow">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <input type="hidden" name="next" value="{{next}}">
      <label for="login">登录名</label>
      <input id="login" name="login" autocomplete="username" required value="{{login}}">
      <label for="password">密码</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit" class="primary">登录</button>
    </form>
    <p class="hint">没有密码？请系统管理员为你生成邀请链接（agency people passwd 登录名 --invite）。</p>
    """

    static let invite = """
    <h1>设置登录密码</h1>
    <p>{{name}}，请为全代办工作台设置密码。此链接只能使用一次。</p>
    <form method="post" action="/invite/{{secret}}" class="card narrow">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <label for="password">新密码（至少 8 个字符）</label>
      <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8">
      <label for="again">再输入一次</label>
      <input id="again" name="again" type="password" autocomplete="new-password" required minlength="8">
      <button type="submit" class="primary">设置密码</button>
    </form>
    """

    static let message = """
    <h1>{{heading}}</h1>
    <p>{{text}}</p>
    <p><a href="{{back}}">{{backTitle}}</a></p>
    """
}
