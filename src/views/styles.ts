/** The whole stylesheet, inlined in every page (one request per page, allowed by a CSP hash). */
export const STYLES = `
:root{--ink:#1b1b1b;--muted:#5c5c5c;--rule:#ddd;--accent:#9e1b1b;--bg:#fff;--field:#fafafa;color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:18px/1.6 Georgia,"Times New Roman",serif}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #1d5fbf;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
.masthead{border-bottom:3px double var(--ink);padding:1rem}
.masthead a{color:var(--ink);text-decoration:none;font:700 1.6rem/1.2 system-ui,sans-serif;letter-spacing:.02em}
.masthead p{margin:.2rem 0 0;color:var(--muted);font:0.9rem system-ui,sans-serif}
main{max-width:42rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:clamp(1.6rem,4vw,2.3rem);line-height:1.2;margin:.2rem 0 .6rem}
h2{font:700 1.25rem system-ui,sans-serif;margin:2.5rem 0 1rem;border-top:1px solid var(--rule);padding-top:1.5rem}
.meta,.attribution,.note,.comment-meta{font:0.9rem system-ui,sans-serif;color:var(--muted)}
.standfirst{font-size:1.2rem;line-height:1.5;color:#333;border-left:4px solid var(--accent);padding-left:1rem;margin:1rem 0 1.5rem}
.article-list{list-style:none;padding:0}
.article-list li{border-bottom:1px solid var(--rule);padding:1rem 0}
.article-list h2{border:0;margin:0 0 .3rem;padding:0;font:700 1.3rem/1.3 Georgia,serif}
.article-list p{margin:.3rem 0}
.comments ol{list-style:none;padding-left:0}
.comments ol ol{padding-left:1.25rem;border-left:2px solid var(--rule)}
.comment{margin:1rem 0}
.comment-author{font-weight:700;font-style:normal}
.notice{background:#fff8e1;border:1px solid #e0c36c;padding:.75rem 1rem}
form p{margin:0 0 1rem}
label{display:block;font:600 .95rem system-ui,sans-serif}
input,textarea{width:100%;font:inherit;font-size:1rem;padding:.5rem;border:1px solid #8a8a8a;border-radius:4px;background:var(--field)}
textarea{min-height:9rem}
[aria-invalid=true]{border-color:var(--accent)}
.field-error{color:var(--accent);font:600 .9rem system-ui,sans-serif;margin:.25rem 0 0}
.required{color:var(--accent)}
button{font:600 1rem system-ui,sans-serif;background:var(--ink);color:#fff;border:0;border-radius:4px;padding:.6rem 1.2rem;cursor:pointer}
.notify{border:1px solid var(--rule);border-radius:4px;margin:0 0 1rem;padding:.5rem 1rem}.notify legend{font:600 .95rem system-ui,sans-serif}.notify label{font-weight:400}.notify input{width:auto;margin-right:.4rem}
.hp{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
.check input,.check-list input{width:auto}.check label,.check-list label{display:inline;font-weight:400}
.moderation-list{list-style:none;padding:0}
.moderated{border-bottom:1px solid var(--rule);padding:.75rem 0}
.moderated.status-pending{background:#fffbea}
.actions{display:flex;flex-wrap:wrap;gap:.4rem}
.actions button{font-size:.85rem;padding:.35rem .7rem}
.featured-image{margin:1rem 0 1.5rem}
.featured-image img,.article-body img{max-width:100%;height:auto}
.admin-nav{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;font:0.95rem system-ui,sans-serif;border-bottom:1px solid var(--rule);padding-bottom:.5rem}
.admin-nav ul,.filters ul{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;list-style:none;margin:0;padding:0}
.admin-nav button{font-size:.85rem;padding:.35rem .7rem}
[aria-current=page]{font-weight:700;color:var(--ink);text-decoration:none}
.filters{font:0.95rem system-ui,sans-serif;margin:1rem 0}
.inline-form{display:flex;flex-wrap:wrap;align-items:end;gap:.5rem}
.inline-form input{flex:1;min-width:12rem}
.article-table{width:100%;border-collapse:collapse;font:0.95rem system-ui,sans-serif}
.article-table caption{text-align:left;color:var(--muted);padding:.25rem 0}
.article-table th,.article-table td{border-bottom:1px solid var(--rule);padding:.5rem .25rem;text-align:left;vertical-align:top}
.state{font-weight:600}.state-scheduled{color:#7a4b00}.state-draft,.state-unpublished{color:var(--muted)}
.pager{display:flex;justify-content:space-between;margin:1rem 0}
fieldset{border:1px solid var(--rule);border-radius:4px;margin:0 0 1rem;padding:.75rem 1rem}
legend{font:700 1rem system-ui,sans-serif}
.choice{display:flex;align-items:center;gap:.5rem;font-weight:400;margin:.3rem 0}
input[type=radio],input[type=checkbox]{width:auto}
.editor .note{display:block;margin-top:.2rem}
.editor-actions{margin:1rem 0}
.preview{border:2px dashed var(--rule);padding:0 1rem 1rem;margin-top:2rem}
.revisions ol{padding-left:1.25rem}
.revisions pre{white-space:pre-wrap;font-size:.9rem}
footer{border-top:1px solid var(--rule);padding:1rem;text-align:center;font:0.85rem system-ui,sans-serif;color:var(--muted)}
`.trim();
