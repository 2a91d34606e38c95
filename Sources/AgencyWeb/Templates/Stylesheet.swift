/// The one stylesheet, served at /static/app.css from the binary. Phone first (390 px),
/// wider screens get columns; the lights' colours meet WCAG AA contrast on white
/// (Docs/web.md lists the ratios).
enum Stylesheet {
    static let css = """
    :root { --ink: #1f2329; --muted: #555e6b; --line: #d8dde3; --bg: #f5f6f8; --brand: #0b5cad;
      --red: #b42318; --yellow: #8a5a00; --blue: #175cd3; --green: #067647; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.55 "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
      color: var(--ink); background: var(--bg); }
    a { color: var(--brand); }
    a:focus, button:focus, input:focus, textarea:focus, summary:focus { outline: 3px solid #f79009; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
    header.top { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 8px;
      padding: 8px 12px; background: #fff; border-bottom: 1px solid var(--line); }
    header.top nav { display: flex; flex-wrap: wrap; gap: 4px 14px; }
    header.top nav a { text-decoration: none; padding: 6px 2px; }
    header.top nav a[aria-current] { font-weight: 700; border-bottom: 3px solid var(--brand); }
    .who { display: flex; align-items: center; gap: 6px; color: var(--muted); }
    main { max-width: 1100px; margin: 0 auto; padding: 12px; }
    h1 { font-size: 1.35rem; margin: 8px 0 12px; } h1 small { font-size: .8rem; color: var(--muted); font-weight: 400; }
    h2 { font-size: 1.1rem; margin: 0 0 8px; }
    .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px; margin: 12px 0; }
    .narrow { max-width: 420px; }
    label { display: block; margin: 10px 0 4px; font-weight: 600; }
    input, textarea { width: 100%; font: inherit; padding: 8px; border: 1px solid #8a94a3; border-radius: 6px; }
    button { font: inherit; padding: 8px 14px; border-radius: 6px; border: 1px solid #8a94a3; background: #fff;
      color: var(--ink); cursor: pointer; min-height: 44px; }
    button.primary { background: var(--brand); border-color: var(--brand); color: #fff; }
    button.danger { color: var(--red); border-color: var(--red); }
    button.link { border: 0; background: none; color: var(--brand); padding: 0; min-height: 0; text-decoration: underline; }
    .buttons { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; }
    .flash { background: #ecfdf3; border: 1px solid #75e0a7; padding: 8px 12px; border-radius: 6px; }
    .problem { background: #fef3f2; border: 1px solid #fda29b; padding: 8px 12px; border-radius: 6px; }
    .hint, .meta, .crumbs, .id, small { color: var(--muted); }
    .id { font-size: .8rem; }
    .tabs { display: flex; gap: 8px; margin-bottom: 10px; }
    .tabs a { padding: 6px 12px; border: 1px solid var(--line); border-radius: 16px; background: #fff; text-decoration: none; }
    .tabs a[aria-current] { background: var(--brand); color: #fff; border-color: var(--brand); }
    ul.items { list-style: none; margin: 0; padding: 0; }
    ul.items li a { display: grid; gap: 2px; padding: 10px 12px; margin: 8px 0; background: #fff; color: var(--ink);
      text-decoration: none; border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 8px; }
    .subject { font-weight: 700; }
    .tag { justify-self: start; display: inline-block; font-size: .8rem; padding: 0 6px; margin-right: 4px; border-radius: 4px; background: #fef0c7; color: var(--yellow); }
    .dot { display: inline-block; width: .7em; height: .7em; border-radius: 50%; margin-right: 4px; background: var(--line); }
    .light-red a, li.light-red, .act.light-red { border-left-color: var(--red) !important; }
    .light-yellow a, .act.light-yellow { border-left-color: #f79009 !important; }
    .light-blue a, .act.light-blue { border-left-color: var(--blue) !important; }
    .light-green a, .act.light-green { border-left-color: var(--green) !important; }
    .light-red .dot { background: var(--red); } .light-yellow .dot { background: #f79009; }
    .light-blue .dot { background: var(--blue); } .light-green .dot { background: var(--green); }
    .light-red .light, .red-text { color: var(--red); } .light-yellow .light { color: var(--yellow); }
    .light-blue .light { color: var(--blue); } .light-green .light { color: var(--green); }
    .act { border-left: 6px solid var(--line); }
    dl.roles, dl.facts { display: grid; grid-template-columns: 1fr; gap: 4px 16px; margin: 8px 0; }
    dl div { display: flex; gap: 8px; } dt { color: var(--muted); min-width: 6.5em; } dd { margin: 0; }
    ul.plain { list-style: none; padding: 0; margin: 0; } ul.plain li { padding: 4px 0; border-bottom: 1px solid var(--bg); }
    ol.stages { display: flex; flex-wrap: wrap; gap: 6px 10px; list-style: none; padding: 0; margin: 0; }
    ol.stages li + li::before { content: "→ "; color: var(--muted); }
    ol.timeline { padding-left: 1.2em; } ol.timeline li { margin: 6px 0; }
    .when { color: var(--muted); font-variant-numeric: tabular-nums; }
    blockquote { margin: 4px 0 4px 0; padding: 4px 10px; border-left: 3px solid var(--line); background: var(--bg);
      white-space: pre-wrap; overflow-wrap: anywhere; }
    form.inline { margin-bottom: 8px; }
    .funnel { list-style: none; padding: 0; } .funnel a { display: grid; grid-template-columns: 7.5em 1fr; gap: 2px 8px;
      align-items: center; text-decoration: none; color: var(--ink); padding: 4px 0; }
    .funnel .bar { height: 14px; background: var(--brand); border-radius: 3px; }
    .funnel .num { grid-column: 2; color: var(--muted); font-size: .9rem; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; background: #fff; }
    th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    iframe.report { width: 100%; height: 80vh; border: 1px solid var(--line); background: #fff; }
    .board { display: grid; gap: 12px; }
    svg.chart { width: 100%; height: auto; max-width: 640px; }
    .charts .card { margin: 0; }
    @media (min-width: 760px) { .board.charts section:first-child { grid-row: auto; } }
    body.big { font-size: 20px; } body.big main { max-width: none; }
    @media (min-width: 760px) {
      dl.roles, dl.facts { grid-template-columns: 1fr 1fr; }
      .board { grid-template-columns: 1fr 1fr; } .board section:first-child { grid-row: span 2; }
    }
    @media print { header.top, .skip, form, .tabs { display: none; } body { background: #fff; } .card { border: 0; } }
    """
}

extension Stylesheet {
    /// The stylesheet with the funnel's bar widths (`w0` … `w100`, steps of 5) as classes,
    /// since the policy allows no inline style.
    static let full = css + "\n" + stride(from: 0, through: 100, by: 5).map { ".w\($0) { width: \($0)%; }" }
        .joined(separator: "\n")
}
