// The demo customer's chat window. Before a hand-off it talks to the demo bot (this page's server, which holds
// the bot key); when the bot hands off, the page opens the hub's widget with the conversation id and the
// customer token from the hand-off answer, and the widget talks to the hub from then on. Everything from the bot
// is shown with textContent: no text is ever interpreted as HTML.
const log = document.getElementById('log');
const form = document.getElementById('form');
const input = document.getElementById('text');
const select = document.getElementById('customer');
const slot = document.getElementById('widget-slot');
let conversationId = null;
let transcript = [];
let widget = null;

function line(role, text, who) {
  const li = document.createElement('li');
  li.className = role;
  li.dataset.role = role;
  if (who) {
    const label = document.createElement('span');
    label.className = 'who';
    label.textContent = who;
    li.append(label);
  }
  li.append(document.createTextNode(text));
  log.append(li);
  log.scrollTop = log.scrollHeight;
  if (role === 'bot' || role === 'customer') transcript.push({ role, text });
}

async function api(path, body) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error?.message ?? 'Something went wrong.');
  return json;
}

const { hubUrl } = await (await fetch('/api/config')).json();
const widgetLoaded = new Promise((resolve, reject) => {
  const s = document.createElement('script');
  s.src = `${hubUrl}/widget.js`;
  s.async = true;
  s.onload = resolve;
  s.onerror = () => reject(new Error('The chat widget could not be loaded from the hub.'));
  document.head.append(s);
});

function showBotChat(show) {
  log.hidden = !show;
  form.hidden = !show;
  slot.hidden = show;
}

async function start() {
  widget?.close();
  widget = null;
  showBotChat(true);
  log.replaceChildren();
  transcript = [];
  const { conversationId: id, lines } = await api('/api/start', { customerId: select.value });
  conversationId = id;
  for (const l of lines) line(l.role, l.text, 'Assistant (bot)');
  input.focus();
}

async function openWidget(handoff) {
  await widgetLoaded;
  showBotChat(false);
  const lang = new URLSearchParams(location.search).get('lang') ?? undefined;
  widget = window.BatonWidget.open({
    hubUrl,
    conversationId: handoff.conversationId,
    customerToken: handoff.customerToken,
    mount: slot,
    title: 'Acme Support',
    history: transcript,
    lang,
    // A new chat is a new conversation with the bot: the widget of the old one is gone, so it cannot be rated.
    onNewConversation: () => void start(),
  });
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const text = input.value.trim();
  if (!text || !conversationId) return;
  input.value = '';
  line('customer', text);
  try {
    const { lines, handoff } = await api('/api/say', { conversationId, text, clientMessageId: crypto.randomUUID() });
    for (const l of lines) line(l.role, l.text, l.role === 'bot' ? 'Assistant (bot)' : undefined);
    if (handoff) await openWidget(handoff);
  } catch (e) {
    line('system', `Not sent: ${e.message}`);
  }
});

document.getElementById('restart').addEventListener('click', () => {
  if (conversationId) api('/api/end', { conversationId }).catch(() => {});
  conversationId = null;
  void start();
});

const customers = await (await fetch('/api/customers')).json();
for (const c of customers) {
  const o = document.createElement('option');
  o.value = c.id;
  o.textContent = `${c.name} (${c.tier})`;
  select.append(o);
}
select.addEventListener('change', () => document.getElementById('restart').click());
await start();
