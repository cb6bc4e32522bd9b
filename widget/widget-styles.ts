/**
 * The widget's stylesheet, adopted by its shadow root (a constructed sheet,
 * which a host's strict `style-src` doesn't govern). The host's CSS can't
 * reach inside, and this can't leak out; the host themes it through the
 * custom properties, which do cross the boundary.
 */
export const WIDGET_STYLES = `
:host{all:initial;display:block}
.wp{--fg:var(--wirepost-text,#1b1b1b);--bg:var(--wirepost-background,#fff);--muted:var(--wirepost-muted,#5c5c5c);--accent:var(--wirepost-accent,#9e1b1b);--rule:var(--wirepost-border,#d6d6d6);--field:var(--wirepost-field,#fafafa);--notice:var(--wirepost-notice,#fff8e1);--focus:var(--wirepost-focus,#1d5fbf);color-scheme:light;display:block;color:var(--fg);background:var(--bg);font:var(--wirepost-font-size,1rem)/1.6 var(--wirepost-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);text-align:start}
.wp[data-theme=dark]{--fg:var(--wirepost-text,#ececec);--bg:var(--wirepost-background,#161616);--muted:var(--wirepost-muted,#b3b3b3);--accent:var(--wirepost-accent,#ff9e9e);--rule:var(--wirepost-border,#4a4a4a);--field:var(--wirepost-field,#222);--notice:var(--wirepost-notice,#3a3117);--focus:var(--wirepost-focus,#8ab4f8);color-scheme:dark}
@media (prefers-color-scheme:dark){.wp[data-theme=auto]{--fg:var(--wirepost-text,#ececec);--bg:var(--wirepost-background,#161616);--muted:var(--wirepost-muted,#b3b3b3);--accent:var(--wirepost-accent,#ff9e9e);--rule:var(--wirepost-border,#4a4a4a);--field:var(--wirepost-field,#222);--notice:var(--wirepost-notice,#3a3117);--focus:var(--wirepost-focus,#8ab4f8);color-scheme:dark}}
*{box-sizing:border-box}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
h2{font-size:1.25em;margin:1.5em 0 .75em}
ol{list-style:none;padding:0;margin:0}
ol ol{padding-inline-start:1.25em;border-inline-start:2px solid var(--rule)}
.comment{margin:1em 0}
.meta,.note{font-size:.9em;color:var(--muted)}
.author{font-weight:700}
.content p{margin:.4em 0}
.notice{background:var(--notice);border:1px solid var(--rule);padding:.75em 1em;margin:1em 0}
form p{margin:0 0 1em}
label{display:block;font-weight:600;font-size:.95em}
input,textarea{width:100%;font:inherit;color:var(--fg);padding:.5em;border:1px solid var(--muted);border-radius:4px;background:var(--field)}
textarea{min-height:9em}
input[type=checkbox],input[type=radio]{width:auto;margin-inline-end:.4em}
.check label,fieldset label{display:inline;font-weight:400}
fieldset{border:1px solid var(--rule);border-radius:4px;margin:0 0 1em;padding:.5em 1em}
[aria-invalid=true]{border-color:var(--accent);border-width:2px}
.error{display:block;color:var(--accent);font-weight:600;font-size:.9em;margin-top:.25em}
.required{color:var(--accent)}
button{font:inherit;font-weight:600;background:var(--fg);color:var(--bg);border:0;border-radius:4px;padding:.55em 1.2em;cursor:pointer}
button.link{background:none;color:var(--accent);padding:0;text-decoration:underline;font-weight:400}
button[disabled]{opacity:.6;cursor:default}
.pages{display:flex;justify-content:space-between;gap:1em;margin:1em 0}
.hp{position:absolute;inset-inline-start:-9999px;width:1px;height:1px;overflow:hidden}
`.trim();
