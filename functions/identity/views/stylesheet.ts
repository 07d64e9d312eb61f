/**
 * The sign-in pages' only stylesheet, served from `/oidc/assets/p06.css` so the Content-Security-Policy can forbid
 * inline styles. Readable without it; large targets, visible focus, sufficient contrast.
 */
export const STYLESHEET = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --brand: #a4161a; --focus: #ffbf47; --line: #b1b4b6; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #f3f2f1; }
.skip { position: absolute; left: -999px; top: 0; background: var(--focus); padding: .5rem 1rem; color: var(--ink); }
.skip:focus { left: 0; }
header { background: var(--brand); color: #fff; padding: .75rem 1rem; display: flex; justify-content: space-between; align-items: center; gap: 1rem; flex-wrap: wrap; }
header a { color: #fff; }
main { max-width: 32rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border: 1px solid var(--line); }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; line-height: 1.25; }
p.lead { color: var(--muted); margin-top: 0; }
label { display: block; font-weight: 600; margin: 1.25rem 0 .25rem; }
.hint { color: var(--muted); margin: 0 0 .25rem; font-size: .95rem; }
input[type=text], input[type=password] { width: 100%; font: inherit; padding: .5rem .6rem; border: 2px solid var(--ink); border-radius: 0; }
input[aria-invalid=true] { border-color: var(--brand); }
button { font: inherit; font-weight: 600; padding: .6rem 1.2rem; margin-top: 1.5rem; border: 0; background: #00703c; color: #fff; cursor: pointer; }
button.secondary { background: #f3f2f1; color: var(--ink); border: 2px solid var(--ink); }
a:focus, button:focus, input:focus, [tabindex]:focus { outline: 3px solid var(--focus); outline-offset: 0; }
.notice { border: 4px solid var(--brand); padding: 1rem; margin: 1rem 0; }
.notice h2 { margin-top: 0; font-size: 1.2rem; }
.info { border-left: 6px solid #1d70b8; padding: .5rem 1rem; margin: 1rem 0; background: #f0f6fb; }
.actions { display: flex; gap: 1rem; flex-wrap: wrap; align-items: baseline; }
ul.scopes { padding-left: 1.2rem; }
details { margin-top: 1rem; color: var(--muted); }
`;
