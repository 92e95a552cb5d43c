/** Inline stylesheet: the report must open from disk with no network. */
export const STYLE = `
:root{--passed:#1a7f37;--skipped:#6e7781;--waived:#5a32a3;--xpassed:#bc4c00;--failed:#cf222e;--error:#82071e;--bg:#fff;--fg:#1f2328;--muted:#656d76;--line:#d0d7de}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1200px;margin:0 auto;padding:0 16px 48px}h2{font-size:18px;margin:24px 0 8px}h3{font-size:15px;margin:12px 0 4px}
.banner{padding:20px 24px;color:#fff}.banner h1{margin:0;font-size:28px}.banner p{margin:6px 0 0;max-width:1100px}
.v-conformant{background:var(--passed)}.v-not-conformant{background:var(--failed)}.v-error{background:var(--error)}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:16px 0}.meta dt{font-weight:600}.meta dd{margin:0;word-break:break-all}
.muted{color:var(--muted)}.problems{border:1px solid var(--failed);border-radius:6px;padding:4px 16px;background:#fff5f5}
table{border-collapse:collapse}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
.summary td{text-align:right;min-width:56px}.summary .zero{color:#bbb}.summary .total{font-weight:600}
.matrix-wrap{overflow-x:auto}.matrix td{min-width:120px}.chip{display:inline-block;margin:1px;padding:0 5px;border-radius:4px;color:#fff;font:11px/18px ui-monospace,monospace;text-decoration:none}
.badge{display:inline-block;padding:0 6px;border-radius:10px;color:#fff;font-size:12px;line-height:18px}
.s-passed.badge,.s-passed.chip{background:var(--passed)}.s-skipped.badge,.s-skipped.chip{background:var(--skipped)}.s-waived.badge,.s-waived.chip{background:var(--waived)}
.s-xpassed.badge,.s-xpassed.chip{background:var(--xpassed)}.s-failed.badge,.s-failed.chip{background:var(--failed)}.s-error.badge,.s-error.chip{background:var(--error)}
.c-failed,.c-error{color:var(--failed);font-weight:600}.c-xpassed{color:var(--xpassed);font-weight:600}
.filters{position:sticky;top:0;background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:8px;margin:16px 0;display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;z-index:1}
.filters .fl{font-weight:600}.filters input[type=search]{min-width:220px;padding:3px 6px}
.req{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:6px;padding:8px 12px;margin:8px 0}
.req.s-passed{border-left-color:var(--passed)}.req.s-skipped{border-left-color:var(--skipped)}.req.s-waived{border-left-color:var(--waived)}
.req.s-xpassed{border-left-color:var(--xpassed)}.req.s-failed{border-left-color:var(--failed)}.req.s-error{border-left-color:var(--error)}
.req[hidden]{display:none}.req-head{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}.rid{font:600 13px ui-monospace,monospace}
.lvl{font-size:11px;border:1px solid var(--line);border-radius:4px;padding:0 4px}.l-MUST{border-color:var(--fg)}.title{flex:1}.dur{color:var(--muted);font-size:12px}
.req-meta{color:var(--muted);font-size:12px}pre{background:#f6f8fa;border:1px solid var(--line);border-radius:4px;padding:6px 8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:4px 0;font:12px/1.4 ui-monospace,monospace}
pre.msg{border-color:var(--failed);background:#fff8f8}.waiver{background:#f5f0ff;border-radius:4px;padding:4px 8px}
details.evidence>summary,details.ex>summary{cursor:pointer}details.ex{margin:4px 0 4px 12px}.ex-body{margin-left:12px}.ex-body h5{margin:6px 0 2px}
.diff{font-size:11px;border-radius:4px;padding:0 5px;color:#fff;background:var(--skipped)}.d-regression{background:var(--failed)}.d-fixed{background:var(--passed)}.d-new{background:#0969da}.d-removed{background:var(--fg)}
footer{margin-top:32px;color:var(--muted);font-size:12px}
`;
