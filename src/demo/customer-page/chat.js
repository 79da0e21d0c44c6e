// The demo customer's chat window. Everything from the bot, the hub or an agent is shown with textContent:
// no text is ever interpreted as HTML.
const log = document.getElementById('log');
const form = document.getElementById('form');
const input = document.getElementById('text');
const select = document.getElementById('customer');
const csat = document.getElementById('csat');
const csatButtons = document.getElementById('csat-buttons');
let conversationId = null;
let after = 0;
let polling = false;

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
}

async function api(path, body) {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error?.message ?? 'Something went wrong.');
  return json;
}

async function start() {
  log.replaceChildren();
  csat.hidden = true;
  after = 0;
  const { conversationId: id, lines } = await api('/api/start', { customerId: select.value });
  conversationId = id;
  for (const l of lines) line(l.role, l.text, 'Assistant (bot)');
  input.focus();
}

async function poll() {
  if (polling) return;
  polling = true;
  while (conversationId) {
    const id = conversationId;
    try {
      const res = await fetch(`/api/events?conversationId=${encodeURIComponent(id)}&after=${after}`);
      const { events } = await res.json();
      if (id !== conversationId) continue;
      for (const e of events) {
        after = Math.max(after, e.seq);
        if (e.type === 'message') line(e.role === 'agent' ? 'agent' : 'system', e.text, e.role === 'agent' ? e.authorName ?? 'Agent' : undefined);
        else if (e.type === 'csat.requested') showCsat(e.text);
        else line('system', e.text);
      }
    } catch {
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  polling = false;
}

function showCsat(text) {
  line('system', text);
  csatButtons.replaceChildren();
  for (let score = 1; score <= 5; score++) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = String(score);
    b.addEventListener('click', async () => {
      await api('/api/csat', { conversationId, score });
      csat.hidden = true;
      line('system', 'Thanks for your rating!');
    });
    csatButtons.append(b);
  }
  csat.hidden = false;
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const text = input.value.trim();
  if (!text || !conversationId) return;
  input.value = '';
  line('customer', text);
  try {
    const { lines } = await api('/api/say', { conversationId, text, clientMessageId: crypto.randomUUID() });
    for (const l of lines) line(l.role, l.text, l.role === 'bot' ? 'Assistant (bot)' : undefined);
    poll();
  } catch (e) {
    line('system', `Not sent: ${e.message} Try again.`);
  }
});

document.getElementById('restart').addEventListener('click', () => {
  if (conversationId) api('/api/end', { conversationId }).catch(() => {});
  conversationId = null;
  start();
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
