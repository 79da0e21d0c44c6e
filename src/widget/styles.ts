// The widget's stylesheet, adopted by its shadow root (constructable stylesheets are not inline styles, so a
// page with a strict style-src CSP can still embed it). Every colour, the radius and the font are CSS custom
// properties read from the host element, so a page themes the widget from its own stylesheet:
//   #baton-widget { --baton-accent: #0b7285; --baton-radius: 8px; }
export const css = `
:host {
  --_accent: var(--baton-accent, #3b5bdb);
  --_on-accent: var(--baton-on-accent, #ffffff);
  --_bg: var(--baton-bg, #ffffff);
  --_surface: var(--baton-surface, #f3f5f9);
  --_text: var(--baton-text, #1b2130);
  --_muted: var(--baton-muted, #5a6375);
  --_border: var(--baton-border, #e1e5ec);
  --_agent-bg: var(--baton-agent-bubble, #eef1f6);
  --_danger: var(--baton-danger, #c92a2a);
  --_radius: var(--baton-radius, 16px);
  --_font: var(--baton-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  --_shadow: var(--baton-shadow, 0 18px 50px rgba(20, 28, 45, 0.22), 0 2px 8px rgba(20, 28, 45, 0.08));
  all: initial;
  position: fixed;
  z-index: 2147483000;
  right: var(--baton-offset-x, 24px);
  bottom: var(--baton-offset-y, 24px);
  font-family: var(--_font);
  color: var(--_text);
}
:host([data-theme="dark"]) {
  --_bg: var(--baton-bg, #161b26);
  --_surface: var(--baton-surface, #1f2533);
  --_text: var(--baton-text, #e9edf5);
  --_muted: var(--baton-muted, #a3acbf);
  --_border: var(--baton-border, #2c3446);
  --_agent-bg: var(--baton-agent-bubble, #262e3f);
  --_accent: var(--baton-accent, #748ffc);
  --_on-accent: var(--baton-on-accent, #0d1220);
}
:host([data-inline]) { position: static; }
* { box-sizing: border-box; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button { font: inherit; color: inherit; cursor: pointer; }
:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
.panel {
  width: min(380px, calc(100vw - 32px));
  height: min(620px, calc(100vh - 48px));
  display: flex; flex-direction: column;
  background: var(--_bg); border-radius: var(--_radius); box-shadow: var(--_shadow);
  overflow: hidden; font-size: 14px; line-height: 1.45;
  border: 1px solid var(--_border);
}
:host([data-inline]) .panel { width: 100%; height: 100%; box-shadow: none; }
.panel[hidden], .launcher[hidden] { display: none; }
header {
  display: flex; align-items: center; gap: 12px; padding: 14px 14px 14px 18px;
  background: var(--_accent); color: var(--_on-accent);
}
.avatar {
  flex: none; width: 38px; height: 38px; border-radius: 50%; display: grid; place-items: center;
  background: rgba(255, 255, 255, 0.22); font-weight: 650; font-size: 15px; letter-spacing: 0.02em; position: relative;
}
.avatar[data-online]::after {
  content: ""; position: absolute; right: 0; bottom: 0; width: 10px; height: 10px; border-radius: 50%;
  background: #40c057; box-shadow: 0 0 0 2px var(--_accent);
}
.who { flex: 1; min-width: 0; display: flex; flex-direction: column; }
.who h2 { margin: 0; font-size: 15.5px; font-weight: 650; }
.who p { margin: 1px 0 0; font-size: 12.5px; opacity: 0.92; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.icon {
  flex: none; width: 34px; height: 34px; border-radius: 10px; border: 0; background: transparent; color: inherit;
  display: grid; place-items: center;
}
.icon:hover { background: rgba(255, 255, 255, 0.16); }
.icon svg { width: 18px; height: 18px; }
header .icon:focus-visible { outline-color: var(--_on-accent); }
.wait {
  margin: 12px 14px 0; padding: 10px 12px; border-radius: 12px; background: var(--_surface);
  display: flex; gap: 10px; align-items: center; border: 1px solid var(--_border);
}
.wait[hidden] { display: none; }
.pos {
  flex: none; min-width: 36px; height: 36px; padding: 0 6px; border-radius: 10px; display: grid; place-items: center;
  background: var(--_bg); color: var(--_accent); font-weight: 700; font-size: 16px; border: 1px solid var(--_border);
}
.wait strong { display: block; font-size: 13.5px; }
.wait span { display: block; font-size: 12.5px; color: var(--_muted); }
.banner { margin: 10px 14px 0; padding: 8px 12px; border-radius: 10px; font-size: 12.5px; background: #fff4e6; color: #7a3e00; border: 1px solid #ffd8a8; }
.banner[hidden] { display: none; }
ol.log { list-style: none; margin: 0; padding: 14px; flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 6px; overscroll-behavior: contain; }
.msg { max-width: 82%; display: flex; flex-direction: column; gap: 2px; }
.msg .b { padding: 9px 13px; border-radius: 16px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg .by { font-size: 11.5px; color: var(--_muted); padding: 0 4px; margin-top: 6px; }
.msg.agent, .msg.bot { align-self: flex-start; }
.msg.agent .b { background: var(--_agent-bg); border-bottom-left-radius: 5px; }
.msg.bot .b { background: transparent; border: 1px dashed var(--_border); color: var(--_muted); border-bottom-left-radius: 5px; }
.msg.customer { align-self: flex-end; align-items: flex-end; }
.msg.customer .b { background: var(--_accent); color: var(--_on-accent); border-bottom-right-radius: 5px; }
.msg .state { font-size: 11.5px; color: var(--_muted); padding: 0 4px; display: flex; gap: 6px; align-items: center; }
.msg .state.failed { color: var(--_danger); }
.msg .state button { border: 0; background: none; padding: 0; color: var(--_accent); text-decoration: underline; font-size: inherit; }
.note { align-self: center; text-align: center; max-width: 92%; font-size: 12.5px; color: var(--_muted); padding: 6px 8px; }
.divider { align-self: stretch; display: flex; align-items: center; gap: 10px; font-size: 11.5px; color: var(--_muted); margin: 2px 0 4px; }
.divider::before, .divider::after { content: ""; flex: 1; height: 1px; background: var(--_border); }
.typing { padding: 0 18px 8px; font-size: 12.5px; color: var(--_muted); display: flex; gap: 8px; align-items: center; min-height: 0; }
.typing[hidden] { display: none; }
.dots { display: inline-flex; gap: 3px; }
.dots i { width: 6px; height: 6px; border-radius: 50%; background: var(--_muted); opacity: 0.5; animation: baton-blink 1.2s infinite; }
.dots i:nth-child(2) { animation-delay: 0.2s; }
.dots i:nth-child(3) { animation-delay: 0.4s; }
@keyframes baton-blink { 0%, 80%, 100% { opacity: 0.25; } 40% { opacity: 0.9; } }
@media (prefers-reduced-motion: reduce) { .dots i { animation: none; } }
.csat { margin: 0 14px 10px; padding: 12px; border-radius: 12px; background: var(--_surface); border: 1px solid var(--_border); text-align: center; }
.csat[hidden] { display: none; }
.csat h3 { margin: 0 0 8px; font-size: 14px; font-weight: 650; }
.stars { display: flex; justify-content: center; gap: 6px; }
.stars button {
  width: 40px; height: 40px; border-radius: 10px; border: 1px solid var(--_border); background: var(--_bg);
  font-size: 15px; font-weight: 650; color: var(--_text);
}
.stars button:hover, .stars button:focus-visible { border-color: var(--_accent); color: var(--_accent); }
.csat p { margin: 6px 0 0; font-size: 12px; color: var(--_muted); }
.csat p.err { color: var(--_danger); }
form { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px 12px; border-top: 1px solid var(--_border); background: var(--_bg); }
form[hidden] { display: none; }
textarea {
  flex: 1; resize: none; border: 1px solid var(--_border); border-radius: 12px; padding: 9px 12px; max-height: 120px;
  font: inherit; color: var(--_text); background: var(--_bg); line-height: 1.4;
}
textarea:focus-visible { outline: 2px solid var(--_accent); outline-offset: 0; border-color: transparent; }
textarea::placeholder { color: var(--_muted); }
.send { flex: none; width: 40px; height: 40px; border-radius: 12px; border: 0; background: var(--_accent); color: var(--_on-accent); display: grid; place-items: center; }
.send:disabled { opacity: 0.45; cursor: default; }
.send svg { width: 18px; height: 18px; }
.ended { padding: 12px; border-top: 1px solid var(--_border); display: flex; flex-direction: column; gap: 8px; align-items: stretch; text-align: center; }
.ended[hidden] { display: none; }
.ended p { margin: 0; font-size: 12.5px; color: var(--_muted); }
.primary { border: 0; border-radius: 12px; padding: 10px 14px; background: var(--_accent); color: var(--_on-accent); font-weight: 600; }
footer { text-align: center; font-size: 11px; color: var(--_muted); padding: 0 0 8px; background: var(--_bg); }
.launcher {
  width: 60px; height: 60px; border-radius: 50%; border: 0; background: var(--_accent); color: var(--_on-accent);
  box-shadow: var(--_shadow); display: grid; place-items: center; position: relative;
}
.launcher svg { width: 26px; height: 26px; }
.launcher .badge { position: absolute; top: 2px; right: 2px; min-width: 20px; height: 20px; padding: 0 5px; border-radius: 10px; background: var(--_danger); color: #fff; font-size: 11.5px; font-weight: 700; display: grid; place-items: center; }
.launcher .badge[hidden] { display: none; }
`;
