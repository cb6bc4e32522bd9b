/**
 * The only scripts the site's own pages run, inline and allowed by their
 * CSP hashes (security-headers.ts): each enhances a page that works without it.
 */

/**
 * WordPress's "Save my name, email, and website in this browser": the
 * checkbox (shown only with JavaScript, and never sent) keeps the three
 * fields in localStorage and fills them on the next visit. Pages are shared by
 * the edge cache, so this happens in the reader's browser, and nothing of it
 * reaches any server. Unticking it forgets them.
 */
export const REMEMBER_SCRIPT = `(()=>{const f=document.querySelector("#respond form"),b=document.getElementById("comment-remember"),k="wirepost-commenter",n=["author","email","url"];if(!f||!b)return;b.parentNode.hidden=false;try{const s=JSON.parse(localStorage.getItem(k)||"null");if(s){b.checked=true;for(const x of n)if(!f.elements[x].value&&typeof s[x]=="string")f.elements[x].value=s[x]}}catch{}f.addEventListener("submit",()=>{try{b.checked?localStorage.setItem(k,JSON.stringify(Object.fromEntries(n.map(x=>[x,f.elements[x].value])))):localStorage.removeItem(k)}catch{}})})()`;

/**
 * The moderation page's keyboard and "select all": j/k move between
 * comments (from wherever the focus is in the list), x selects the one with
 * the focus; the check box at the top selects every comment shown. Without
 * it every control is still a plain form control.
 */
export const MODERATION_SCRIPT = `(()=>{const f=document.getElementById("moderation-form");if(!f)return;const rows=[...f.querySelectorAll("li.moderated")],box=r=>r.querySelector("input[type=checkbox]"),all=document.getElementById("select-all");for(const e of document.querySelectorAll(".js-only"))e.hidden=false;all&&all.addEventListener("change",()=>{for(const r of rows)box(r).checked=all.checked});document.addEventListener("keydown",e=>{const t=e.target;if(e.ctrlKey||e.metaKey||e.altKey||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)&&t.type!=="checkbox")return;const i=rows.indexOf(t.closest&&t.closest("li.moderated"));if(e.key==="j"||e.key==="k"){const r=rows[i<0?0:Math.max(0,Math.min(rows.length-1,i+(e.key==="j"?1:-1)))];if(r){box(r).focus();e.preventDefault()}}else if(e.key==="x"&&i>=0){box(rows[i]).click();e.preventDefault()}})})()`;
