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
.moderation-list{list-style:none;padding:0}
.moderated{border-bottom:1px solid var(--rule);padding:.75rem 0}
.moderated.status-pending{background:#fffbea}
.actions{display:flex;flex-wrap:wrap;gap:.4rem}
.actions button{font-size:.85rem;padding:.35rem .7rem}
footer{border-top:1px solid var(--rule);padding:1rem;text-align:center;font:0.85rem system-ui,sans-serif;color:var(--muted)}
`.trim();
