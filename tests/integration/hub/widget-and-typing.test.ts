// GET /widget.js and the agent's typing on the customer stream, against a real hub on loopback: the widget is
// served as cacheable, gzipped JavaScript any page may load; an agent's typing reaches the customer streams
// that asked for it (?typing=1) as id-less frames, never streams that did not ask, and only from the agent who
// holds the conversation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSseFrames, type SseFrame } from '../../../src/shared/protocol/sse-frames';
import { connectDesk, handoff, isOffer, postHandoff, useHubCleanups } from './hub-harness';

const { cleanups, hub } = useHubCleanups();

type Frame = SseFrame;

/** An open SSE stream whose frames are collected as they come; `until` resolves once a frame matches. */
async function openFrames(url: string, token: string) {
  const ac = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: ac.signal });
  expect(res.status).toBe(200);
  const frames: Frame[] = [];
  const waiters: { match: (f: Frame) => boolean; resolve: () => void }[] = [];
  const ended = (async () => {
    try {
      for await (const f of readSseFrames(res.body!)) {
        frames.push(f);
        for (const w of [...waiters]) {
          if (!w.match(f)) continue;
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    frames,
    until: (match: (f: Frame) => boolean): Promise<void> => (frames.some(match) ? Promise.resolve() : new Promise((resolve) => waiters.push({ match, resolve }))),
    /** Resolves when the server ends the stream (or it is aborted). */
    ended,
    close: () => ac.abort(),
  };
}

describe('GET /widget.js', () => {
  it('serves the built widget as JavaScript, gzipped when asked, with an ETag, a revalidated public cache and CORS for any page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-widget-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'widget.js');
    writeFileSync(file, 'window.BatonWidget={version:"test"};');
    const h = await hub({ widgetFile: file });
    const res = await fetch(`${h.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    // fetch decompresses: the body is the file, and the header says it travelled gzipped.
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.text()).toBe('window.BatonWidget={version:"test"};');
    const again = await fetch(`${h.url}/widget.js`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
  });

  it('bundles the widget from source when no build is there, so a hub on a clean clone still serves it', async () => {
    const h = await hub({ widgetFile: join(tmpdir(), 'no-such-baton-widget.js') });
    const res = await fetch(`${h.url}/widget.js`);
    expect(res.status).toBe(200);
    const code = await res.text();
    expect(code).toContain('BatonWidget');
    // Minified into one IIFE: no import statements left for a browser to resolve.
    expect(code).not.toMatch(/^import /m);
  });
});

describe("the agent's typing on the customer stream", () => {
  it('reaches a stream that asked with ?typing=1 as an event without id, not one that did not ask, and only from the agent in the conversation', async () => {
    const h = await hub();
    const maya = h.issueToken({ name: 'Maya Chen', role: 'agent', skills: ['billing'], capacity: 3 });
    const desk = connectDesk(h, maya.token);
    cleanups.push(() => desk.close());
    await desk.hello;
    const posted = await postHandoff(h, handoff('typing-1'));
    await desk.next(isOffer(posted.json.handoffId), 'offer');
    expect((await desk.request('offer.accept', { handoffId: posted.json.handoffId })).ok).toBe(true);

    // Someone else's desk cannot make the customer see "typing".
    const other = h.issueToken({ name: 'Sam Okafor', role: 'agent', skills: ['billing'], capacity: 3 });
    const intruder = connectDesk(h, other.token);
    cleanups.push(() => intruder.close());
    await intruder.hello;
    const refused = await intruder.request('conversation.typing', { handoffId: posted.json.handoffId, typing: true });
    expect(refused.ok).toBe(false);

    const token: string = posted.json.customerToken;
    const base = `${h.url}/v1/conversations/typing-1/stream`;
    const withTyping = await openFrames(`${base}?typing=1`, token);
    const plain = await openFrames(base, token);
    cleanups.push(() => {
      withTyping.close();
      plain.close();
    });
    // Both streams are live once they have delivered the stored history, which ends with who joined.
    const joined = (f: Frame) => f.event === 'agent.joined';
    await Promise.all([withTyping.until(joined), plain.until(joined)]);

    expect((await desk.request('conversation.typing', { handoffId: posted.json.handoffId, typing: true })).ok).toBe(true);
    await withTyping.until((f) => f.event === 'typing');
    const frame = withTyping.frames.find((x) => x.event === 'typing');
    expect(frame?.id).toBeUndefined();
    expect(JSON.parse(frame?.data ?? '{}')).toEqual({ type: 'typing', typing: true, agentName: 'Maya Chen' });

    // The plain stream, read up to the agent's next message (sent after the typing), carried no typing frame.
    expect((await desk.request('message.send', { handoffId: posted.json.handoffId, clientMessageId: 'typing-msg-1', text: 'Looking now.' })).ok).toBe(true);
    await plain.until((f) => f.event === 'message');
    expect(plain.frames.some((x) => x.event === 'typing')).toBe(false);
    expect(plain.frames.every((x) => x.id !== undefined)).toBe(true);
  });
});

describe('closing the hub', () => {
  it('ends the open customer streams, so a restart does not wait on browsers that are still reading', async () => {
    const { startTestHub } = await import('./hub-harness');
    const t = await startTestHub();
    cleanups.push(t.cleanup);
    const posted = await postHandoff(t.hub, handoff('close-1'));
    const stream = await openFrames(`${t.hub.url}/v1/conversations/close-1/stream`, posted.json.customerToken);
    await stream.until((f) => f.event === 'expectation');
    const ended = stream.ended;
    // Without ending the streams first, the server's close waits for every open response (over a minute here).
    await t.hub.close();
    await ended;
    expect(stream.frames.length).toBeGreaterThan(0);
  });
});
