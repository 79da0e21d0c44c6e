// The customer's chat after a hand-off: what they are told (reason, place in line, the wait as it updates), who
// joined, the agent's messages and typing live from the hub's stream, their own messages sent with idempotency
// keys, and a CSAT question once the conversation has ended. Lives in a shadow root so the page's styles cannot
// break it, themed through CSS custom properties on the host element.
import type { CustomerEvent, CustomerTypingSignal } from '../shared/protocol/customer-events';
import { el, icon, ICONS, initials } from './dom';
import { postCustomerMessage } from './outbox';
import { openConversationStream, type ConversationStream } from './stream';
import { pickStrings } from './strings';
import css from './widget.css';

export interface WidgetOptions {
  hubUrl: string;
  conversationId: string;
  customerToken: string;
  /** "en", "fr", …; the browser's languages otherwise. */
  lang?: string;
  /** "light" (default), "dark", or custom properties to set on the host, e.g. { '--baton-accent': '#0b7285' }. */
  theme?: 'light' | 'dark' | Record<string, string>;
  title?: string;
  /** Render inside this element instead of floating at the bottom right. */
  mount?: HTMLElement;
  /** What the customer said to the bot before the hand-off, shown above the conversation. */
  history?: { role: 'customer' | 'bot'; text: string }[];
  startMinimised?: boolean;
  /** The customer pressed "Start a new conversation" (the widget closes itself right after). */
  onNewConversation?: () => void;
  onEnded?: (reason: string) => void;
}

export interface WidgetHandle {
  readonly conversationId: string;
  minimise(): void;
  restore(): void;
  close(): void;
}

interface Sent {
  id: string;
  text: string;
  /** The last event seq applied when it was sent: where it goes in the replayed history. */
  afterSeq: number;
  acked: boolean;
}

interface Saved {
  sent: Sent[];
  rated?: boolean;
}

const storageKey = (conversationId: string): string => `baton-widget:${conversationId}`;

function load(conversationId: string): Saved {
  try {
    const raw = sessionStorage.getItem(storageKey(conversationId));
    if (raw) return JSON.parse(raw) as Saved;
  } catch {
    /* storage blocked: the widget works without it, it only forgets across reloads */
  }
  return { sent: [] };
}

const newId = (): string => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`);

export function openWidget(o: WidgetOptions): WidgetHandle {
  const hubUrl = o.hubUrl.replace(/\/+$/, '');
  const { lang, strings: t } = pickStrings(o.lang, typeof navigator === 'undefined' ? [] : navigator.languages);
  const saved = load(o.conversationId);
  const persist = (): void => {
    try {
      sessionStorage.setItem(storageKey(o.conversationId), JSON.stringify(saved));
    } catch {
      /* see load() */
    }
  };

  // ---- structure --------------------------------------------------------------------------------------------
  const host = el('div', { id: 'baton-widget', 'data-baton-widget': '', 'data-conversation-id': o.conversationId, lang });
  if (o.theme === 'dark') host.setAttribute('data-theme', 'dark');
  else if (o.theme && typeof o.theme === 'object') for (const [k, v] of Object.entries(o.theme)) host.style.setProperty(k, v);
  if (o.mount) host.setAttribute('data-inline', '');
  const root = host.attachShadow({ mode: 'open' });
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(el('style', {}, css));
  }

  const title = o.title ?? t.title;
  const panel = el('section', { class: 'panel', role: 'region', 'aria-label': t.regionLabel, 'data-part': 'panel' });
  const header = el('header');
  const avatar = el('div', { class: 'avatar', 'aria-hidden': 'true' }, initials(title));
  const who = el('div', { class: 'who' });
  const heading = el('h2', {}, title);
  const status = el('p', { 'data-part': 'status' }, t.waiting);
  who.append(heading, status);
  const minimiseButton = el('button', { type: 'button', class: 'icon', 'aria-label': t.minimise, title: t.minimise });
  minimiseButton.append(icon(ICONS.minimise));
  const endButton = el('button', { type: 'button', class: 'icon', 'aria-label': t.endConversation, title: t.endConversation, 'data-part': 'end' });
  endButton.append(icon(ICONS.close));
  header.append(avatar, who, ...(o.mount ? [] : [minimiseButton]), endButton);

  // Asked before ending: a stray click must not end a conversation the customer waited for.
  const confirmBar = el('div', { class: 'confirm', role: 'group', 'aria-labelledby': 'baton-end-q', 'data-part': 'end-confirm', hidden: '' });
  const confirmText = el('p', { id: 'baton-end-q' }, t.endConfirm);
  const endYes = el('button', { type: 'button', class: 'primary', 'data-part': 'end-yes' }, t.endYes);
  const endNo = el('button', { type: 'button', class: 'secondary', 'data-part': 'end-no' }, t.endNo);
  const confirmButtons = el('div');
  confirmButtons.append(endNo, endYes);
  confirmBar.append(confirmText, confirmButtons);

  const wait = el('div', { class: 'wait', 'data-part': 'wait', hidden: '' });
  const pos = el('div', { class: 'pos', 'aria-hidden': 'true' });
  const waitText = el('div');
  const waitLine = el('strong');
  const waitSub = el('span');
  waitText.append(waitLine, waitSub);
  wait.append(pos, waitText);

  const banner = el('div', { class: 'banner', role: 'alert', 'data-part': 'banner', hidden: '' });
  // The log is not itself live: everything worth hearing goes through the one status region below, once.
  const logBox = el('div', { class: 'log', role: 'log', 'aria-live': 'off', 'aria-label': t.regionLabel, tabindex: '0', 'data-part': 'log' });
  const log = el('ol');
  logBox.append(log);
  const typing = el('div', { class: 'typing', 'data-part': 'typing', hidden: '' });
  const dots = el('span', { class: 'dots', 'aria-hidden': 'true' });
  dots.append(el('i'), el('i'), el('i'));
  const typingText = el('span');
  typing.append(dots, typingText);
  const live = el('div', { class: 'sr', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-part': 'live' });

  const csat = el('div', { class: 'csat', 'data-part': 'csat', hidden: '' });
  const csatHeading = el('h3', { id: 'baton-csat-q' }, t.csatQuestion);
  const stars = el('div', { class: 'stars', role: 'group', 'aria-labelledby': 'baton-csat-q', 'aria-describedby': 'baton-csat-scale' });
  const csatNote = el('p', { id: 'baton-csat-scale' }, t.csatScale);
  csat.append(csatHeading, stars, csatNote);

  const form = el('form', { 'data-part': 'composer' });
  const inputId = 'baton-input';
  const label = el('label', { class: 'sr', for: inputId }, t.messageLabel);
  const input = el('textarea', { id: inputId, rows: '1', placeholder: t.placeholder, maxlength: '10000', autocomplete: 'off', 'data-part': 'input' });
  const sendButton = el('button', { type: 'submit', class: 'send', 'aria-label': t.send, title: t.send, 'data-part': 'send' });
  sendButton.append(icon(ICONS.send));
  form.append(label, input, sendButton);

  const ended = el('div', { class: 'ended', 'data-part': 'ended', hidden: '' });
  // The hub's own closing line is in the log; this one is for an ended conversation that said nothing (refused).
  const endedNote = el('p', { hidden: '' }, t.endedNote);
  const newButton = el('button', { type: 'button', class: 'primary', 'data-part': 'new-conversation' }, t.newConversation);
  ended.append(endedNote, newButton);

  panel.append(header, confirmBar, banner, wait, logBox, typing, csat, form, ended, el('footer', {}, t.poweredBy), live);
  const launcher = el('button', { type: 'button', class: 'launcher', 'aria-label': t.open, title: t.open, hidden: '', 'data-part': 'launcher' });
  const badge = el('span', { class: 'badge', 'aria-hidden': 'true', hidden: '' });
  launcher.append(icon(ICONS.chat), badge);
  root.append(panel, launcher);
  (o.mount ?? document.body).append(host);

  // ---- state ------------------------------------------------------------------------------------------------
  let lastSeq = 0;
  let replaying = false;
  let agentName: string | undefined;
  let someoneJoined = false;
  let csatAsked = false;
  let isEnded = false;
  let minimised = false;
  let unread = 0;
  let lastWait = '';
  let stream: ConversationStream | undefined;
  let expectationNote: HTMLLIElement | undefined;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const seenMessages = new Set<string>();
  const historyQueue = [...saved.sent].sort((a, b) => a.afterSeq - b.afterSeq);

  /** Where the conversation stands, in one sentence: said once when the widget opens, after the history. */
  let standing = '';
  let pendingAnnouncement = '';
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  function announce(text: string): void {
    if (replaying) return;
    // Cleared first so the same sentence twice (two equal wait updates far apart) is read twice; sentences that
    // come together (a join and a first message) are said together rather than the later one replacing the first.
    live.textContent = '';
    pendingAnnouncement = pendingAnnouncement ? `${pendingAnnouncement} ${text}` : text;
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      live.textContent = pendingAnnouncement;
      pendingAnnouncement = '';
    }, 60);
  }

  function atBottom(): boolean {
    return logBox.scrollHeight - logBox.scrollTop - logBox.clientHeight < 48;
  }
  function add(item: HTMLElement): void {
    const follow = replaying || atBottom();
    log.append(item);
    if (follow) logBox.scrollTop = logBox.scrollHeight;
  }
  /** Runs a change that resizes the log (typing line, banners) and keeps a log that was at the bottom there. */
  function keepBottom(change: () => void): void {
    const follow = atBottom();
    change();
    if (follow) logBox.scrollTop = logBox.scrollHeight;
  }
  function note(text: string, kind: string): HTMLLIElement {
    const li = el('li', { class: 'note', 'data-kind': kind }, text);
    add(li);
    return li;
  }
  function bubble(role: 'agent' | 'customer' | 'bot', text: string, by?: string, attrs: Record<string, string> = {}): HTMLLIElement {
    const li = el('li', { class: `msg ${role}`, 'data-role': role, ...attrs });
    if (by) li.append(el('span', { class: 'by' }, by));
    li.append(el('div', { class: 'b' }, text));
    add(li);
    return li;
  }

  function setStatus(text: string): void {
    status.textContent = text;
  }

  // ---- events from the hub ----------------------------------------------------------------------------------
  function flushSentBefore(seq: number): void {
    while (historyQueue.length && (historyQueue[0]?.afterSeq ?? 0) < seq) {
      const s = historyQueue.shift();
      if (s) renderSent(s);
    }
  }

  function apply(e: CustomerEvent): void {
    if (e.seq <= lastSeq) return;
    flushSentBefore(e.seq);
    lastSeq = e.seq;
    switch (e.type) {
      case 'expectation': {
        // One line per wait: a re-told place in line updates it (and the card) instead of stacking up.
        if (expectationNote) expectationNote.textContent = e.text;
        else expectationNote = note(e.text, 'expectation');
        if (agentName && e.position > 0) agentName = undefined;
        if (e.position > 0) {
          const minutes = Math.max(1, Math.round(e.estimatedWaitSeconds / 60));
          pos.textContent = String(e.position);
          waitLine.textContent = t.position(e.position);
          waitSub.textContent = t.waitAbout(minutes);
          wait.hidden = false;
          setStatus(t.waiting);
          const said = t.waitAnnouncement(t.position(e.position), t.waitAbout(minutes));
          if (said !== lastWait) announce(said);
          lastWait = said;
          standing = said;
        } else {
          wait.hidden = false;
          pos.textContent = '…';
          waitLine.textContent = t.connecting;
          waitSub.textContent = '';
          setStatus(t.connecting);
          if (lastWait !== t.connecting) announce(t.connecting);
          lastWait = t.connecting;
          standing = t.connecting;
        }
        break;
      }
      case 'agent.joined': {
        agentName = e.agentName;
        someoneJoined = true;
        expectationNote = undefined;
        lastWait = '';
        heading.textContent = e.agentName;
        avatar.textContent = initials(e.agentName);
        avatar.setAttribute('data-online', '');
        setStatus(o.title ?? t.agentRole);
        keepBottom(() => (wait.hidden = true));
        note(e.text, 'joined');
        announce(t.joinedAnnouncement(e.agentName));
        standing = t.joinedAnnouncement(e.agentName);
        break;
      }
      case 'message': {
        if (seenMessages.has(e.messageId)) break;
        seenMessages.add(e.messageId);
        hideTyping();
        if (e.role === 'agent') {
          const name = e.authorName ?? agentName ?? t.agent;
          bubble('agent', e.text, name, { 'data-message-id': e.messageId });
          announce(t.agentSaid(name, e.text));
          if (minimised) {
            unread++;
            badge.textContent = String(unread);
            badge.hidden = false;
            launcher.setAttribute('aria-label', `${t.open} (${unread})`);
          }
        } else {
          note(e.text, 'system');
          announce(e.text);
        }
        break;
      }
      case 'transferred':
        expectationNote = undefined;
        // Nobody is in the conversation until the next person joins.
        agentName = undefined;
        heading.textContent = title;
        avatar.textContent = initials(title);
        avatar.removeAttribute('data-online');
        note(e.text, 'transferred');
        setStatus(t.transferring);
        hideTyping();
        announce(e.text);
        break;
      case 'handed_back':
        note(e.text, 'handed-back');
        announce(e.text);
        break;
      case 'csat.requested':
        // Asked only once the conversation has ended (conversation.ended follows), never before.
        csatAsked = true;
        break;
      case 'conversation.ended':
        note(e.text, 'ended');
        announce(e.text);
        end(e.reason);
        break;
    }
  }

  function end(reason: string): void {
    if (isEnded) return;
    isEnded = true;
    stream?.stop();
    hideTyping();
    wait.hidden = true;
    avatar.removeAttribute('data-online');
    setStatus(t.ended);
    keepBottom(() => {
      form.hidden = true;
      confirmBar.hidden = true;
      endButton.hidden = true;
      ended.hidden = false;
      // Asked when the agent asked for it, or when the customer left a conversation a person had joined.
      if ((csatAsked || (reason === 'abandoned' && someoneJoined)) && !saved.rated) showCsat();
    });
    if (!replaying) o.onEnded?.(reason);
  }

  function hideTyping(): void {
    clearTimeout(typingTimer);
    keepBottom(() => (typing.hidden = true));
  }
  function onTyping(s: CustomerTypingSignal): void {
    if (isEnded || !s.typing) return hideTyping();
    typingText.textContent = t.typing(s.agentName ?? agentName ?? t.agent);
    keepBottom(() => (typing.hidden = false));
    // A lost "stopped" signal must not leave the indicator on for ever.
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 8_000);
  }

  // ---- CSAT -------------------------------------------------------------------------------------------------
  function showCsat(): void {
    stars.replaceChildren();
    for (let score = 1; score <= 5; score++) {
      const b = el('button', { type: 'button', 'aria-label': t.csatScore(score), 'data-score': String(score) }, String(score));
      b.addEventListener('click', () => void rate(score));
      stars.append(b);
    }
    csatNote.className = '';
    csatNote.textContent = t.csatScale;
    csat.hidden = false;
  }
  async function rate(score: number): Promise<void> {
    for (const b of stars.querySelectorAll('button')) b.disabled = true;
    let ok = false;
    try {
      const res = await fetch(`${hubUrl}/v1/conversations/${encodeURIComponent(o.conversationId)}/csat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.customerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ score }),
      });
      // 409: this conversation was rated already (another tab): the question is answered either way.
      ok = res.ok || res.status === 409;
    } catch {
      ok = false;
    }
    if (!ok) {
      for (const b of stars.querySelectorAll('button')) b.disabled = false;
      csatNote.className = 'err';
      csatNote.textContent = t.csatFailed;
      return;
    }
    saved.rated = true;
    persist();
    keepBottom(() => {
      csatHeading.hidden = true;
      stars.hidden = true;
      csatNote.className = '';
      csatNote.textContent = t.csatThanks;
    });
    csatNote.setAttribute('data-part', 'csat-thanks');
    announce(t.csatThanks);
    newButton.focus();
  }

  // ---- the customer's messages ------------------------------------------------------------------------------
  function renderSent(s: Sent): void {
    const li = bubble('customer', s.text, undefined, { 'data-client-message-id': s.id });
    if (!s.acked) void deliver(s, li);
  }

  // One message at a time, in the order written: two sent while the hub is away must not arrive swapped.
  let sendQueue: Promise<void> = Promise.resolve();
  function deliver(s: Sent, li: HTMLLIElement): Promise<void> {
    li.querySelector('.state')?.remove();
    const state = el('span', { class: 'state' }, t.sending);
    li.append(state);
    sendQueue = sendQueue.then(() => send(s, state));
    return sendQueue;
  }

  async function send(s: Sent, state: HTMLElement): Promise<void> {
    if (closed) return;
    const r = await postCustomerMessage({ hubUrl, conversationId: o.conversationId, token: o.customerToken, message: { clientMessageId: s.id, text: s.text } });
    if (r.ok) {
      s.acked = true;
      persist();
      state.remove();
      return;
    }
    state.className = 'state failed';
    state.textContent = t.notSent;
    if (!r.retryable && (r.status === 401 || r.status === 403 || r.status === 404 || r.status === 409)) return;
    const retry = el('button', { type: 'button' }, t.retry);
    const li = state.closest('li');
    if (li) retry.addEventListener('click', () => void deliver(s, li));
    state.append(retry);
  }

  function submit(): void {
    const text = input.value.trim();
    if (!text || isEnded) return;
    input.value = '';
    resize();
    const s: Sent = { id: newId(), text, afterSeq: lastSeq, acked: false };
    saved.sent.push(s);
    persist();
    renderSent(s);
    logBox.scrollTop = logBox.scrollHeight;
  }

  function resize(): void {
    input.style.height = 'auto';
    input.style.height = `${Math.min(120, input.scrollHeight)}px`;
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', resize);

  // ---- open, minimise, close --------------------------------------------------------------------------------
  function minimise(): void {
    if (o.mount) return;
    minimised = true;
    panel.hidden = true;
    launcher.hidden = false;
    launcher.focus();
  }
  function restore(): void {
    minimised = false;
    unread = 0;
    badge.hidden = true;
    launcher.setAttribute('aria-label', t.open);
    launcher.hidden = true;
    panel.hidden = false;
    (isEnded ? newButton : input).focus();
    logBox.scrollTop = logBox.scrollHeight;
  }
  function close(): void {
    if (closed) return;
    closed = true;
    stream?.stop();
    clearTimeout(typingTimer);
    clearTimeout(announceTimer);
    host.remove();
  }
  minimiseButton.addEventListener('click', minimise);
  launcher.addEventListener('click', restore);
  panel.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !o.mount) {
      ev.stopPropagation();
      minimise();
    }
  });
  endButton.addEventListener('click', () => {
    confirmBar.hidden = false;
    confirmText.textContent = t.endConfirm;
    endYes.focus();
  });
  endNo.addEventListener('click', () => {
    confirmBar.hidden = true;
    endButton.focus();
  });
  confirmBar.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    ev.stopPropagation();
    endNo.click();
  });
  endYes.addEventListener('click', () => {
    endYes.disabled = true;
    void (async () => {
      let ok = false;
      try {
        const res = await fetch(`${hubUrl}/v1/conversations/${encodeURIComponent(o.conversationId)}/end`, {
          method: 'POST',
          headers: { authorization: `Bearer ${o.customerToken}`, 'content-type': 'application/json' },
          body: '{}',
        });
        ok = res.ok;
      } catch {
        ok = false;
      }
      endYes.disabled = false;
      // The end itself arrives on the stream (conversation.ended), like every other change.
      if (!ok) confirmText.textContent = t.endFailed;
    })();
  });
  newButton.addEventListener('click', () => {
    close();
    o.onNewConversation?.();
    window.dispatchEvent(new CustomEvent('baton:new-conversation', { detail: { previousConversationId: o.conversationId } }));
  });

  function refused(): void {
    banner.textContent = t.linkInvalid;
    banner.hidden = false;
    form.hidden = true;
    endButton.hidden = true;
    ended.hidden = false;
    isEnded = true;
  }

  // ---- start: the history so far in one read, then the live stream from where it stopped -------------------
  if (o.history?.length) {
    add(el('li', { class: 'divider' }, t.earlier));
    for (const h of o.history) bubble(h.role === 'bot' ? 'bot' : 'customer', h.text, h.role === 'bot' ? t.assistant : undefined, { 'data-history': '' });
  }

  let down = false;
  const startStream = (): void => {
    if (isEnded || closed) return;
    stream = openConversationStream({
      hubUrl,
      conversationId: o.conversationId,
      token: o.customerToken,
      after: lastSeq,
      handlers: {
        event: apply,
        typing: onTyping,
        connected(up) {
          if (!up && !down) {
            down = true;
            banner.textContent = t.reconnecting;
            banner.hidden = false;
          } else if (up && down) {
            down = false;
            banner.hidden = true;
            announce(t.reconnected);
          }
        },
        refused,
      },
    });
  };

  async function replay(): Promise<void> {
    replaying = true;
    try {
      for (;;) {
        const res = await fetch(`${hubUrl}/v1/conversations/${encodeURIComponent(o.conversationId)}/events?after=${lastSeq}&limit=500`, { headers: { authorization: `Bearer ${o.customerToken}` }, cache: 'no-store' });
        if (res.status === 401 || res.status === 403 || res.status === 404) {
          replaying = false;
          refused();
          return;
        }
        if (!res.ok) break;
        const body = (await res.json()) as { events: CustomerEvent[] };
        for (const e of body.events) apply(e);
        if (body.events.length < 500) break;
      }
    } catch {
      /* the stream below retries until the hub answers */
    }
    flushSentBefore(Number.MAX_SAFE_INTEGER);
    replaying = false;
    if (!isEnded && standing) announce(standing);
    startStream();
  }

  if (o.startMinimised && !o.mount) {
    minimised = true;
    panel.hidden = true;
    launcher.hidden = false;
  }
  void replay().then(() => {
    if (!minimised && !isEnded) input.focus({ preventScroll: true });
  });

  return { conversationId: o.conversationId, minimise, restore, close };
}
