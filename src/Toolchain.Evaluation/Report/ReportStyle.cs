namespace Toolchain.Evaluation.Report;

/// <summary>The report's inline stylesheet: local fonts only, print-friendly, no external resources.</summary>
internal static class ReportStyle
{
    public const string Css = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0b5cad;
  --good: #1a7f37; --good-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --flat: #59636e; --flat-bg: #eff2f5; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 32px 40px 64px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 20px; }
h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
.subtitle { color: var(--muted); margin: 0; }
nav.toc { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; margin-bottom: 28px; }
nav.toc ol { margin: 0; padding-left: 20px; columns: 2; column-gap: 40px; }
nav.toc a { color: var(--accent); text-decoration: none; }
section { margin-top: 36px; }
h2 { font-size: 21px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
p { margin: 8px 0 12px; }
.note { border-left: 4px solid var(--accent); background: #eef5fc; padding: 8px 14px; margin: 12px 0; border-radius: 0 4px 4px 0; }
.note.warning { border-color: #bf8700; background: #fff8c5; }
table { border-collapse: collapse; margin: 8px 0 18px; font-size: 14px; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 6px; color: var(--ink); }
th, td { padding: 5px 12px; border-bottom: 1px solid var(--line); vertical-align: middle; }
thead th { background: var(--soft); border-bottom: 2px solid var(--line); text-align: right; vertical-align: bottom; }
.table-scroll { max-width: 100%; overflow-x: auto; }
table.metrics thead th { max-width: 150px; }
thead th:first-child, tbody th { text-align: left; }
tbody th { font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.best { font-weight: 700; background: var(--good-bg); }
td.missing { color: var(--muted); }
table.kv th { color: var(--muted); font-weight: 600; padding-right: 24px; white-space: nowrap; }
table.kv td { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; word-break: break-all; }
figure { margin: 14px 0 22px; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
figure.grid img { image-rendering: pixelated; }
figcaption { color: var(--muted); font-size: 13.5px; margin-top: 6px; }
ul.verdicts { list-style: none; padding: 0; margin: 8px 0 18px; }
ul.verdicts li { padding: 6px 0; border-bottom: 1px solid var(--line); }
.verdict { display: inline-block; min-width: 168px; text-align: center; font-weight: 700; font-size: 13px;
  border-radius: 12px; padding: 1px 10px; margin-right: 10px; }
.verdict.helped { color: var(--good); background: var(--good-bg); }
.verdict.hurt { color: var(--bad); background: var(--bad-bg); }
.verdict.none { color: var(--flat); background: var(--flat-bg); }
.subject { font-weight: 600; margin-right: 8px; }
.detail { color: var(--muted); font-size: 13.5px; }
table.memo td, table.memo thead th { text-align: center; }
table.memo img { image-rendering: pixelated; border: 1px solid var(--line); display: block; margin: 0 auto; }
table.memo td.label { font-size: 12.5px; color: var(--muted); max-width: 200px; }
tr.flag td.num { color: var(--bad); font-weight: 700; }
footer { margin-top: 48px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--line); padding-top: 10px; }
@media print { main { padding: 0; } nav.toc { display: none; } section { break-inside: avoid-page; } }
""";
}
