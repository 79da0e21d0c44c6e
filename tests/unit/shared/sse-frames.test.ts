import { describe, expect, it } from 'vitest';
import { createSseFrameSplitter, readSseFrames } from '../../../src/shared/protocol/sse-frames';

describe('SSE frames', () => {
  it('keeps a frame split across chunks until it is complete, and reads id, event and data', () => {
    const split = createSseFrameSplitter();
    expect(split('id: 7\nevent: mess')).toEqual([]);
    expect(split('age\ndata: {"seq":7}\n')).toEqual([]);
    expect(split('\nid: 8\ndata: {"seq":8}\n\n')).toEqual([
      { id: '7', event: 'message', data: '{"seq":7}' },
      { id: '8', data: '{"seq":8}' },
    ]);
  });

  it('joins data lines with newlines, skips comments and frames without data, and reads CRLF line ends', () => {
    const split = createSseFrameSplitter();
    expect(split(': keep-alive\n\nevent: typing\n\ndata: first\r\ndata: second\r\n\r\ndata:no-space\n\n')).toEqual([
      { data: 'first\nsecond' },
      { data: 'no-space' },
    ]);
  });

  it('reads the frames of a byte stream, one multi-byte character split across chunks included', async () => {
    const bytes = new TextEncoder().encode('id: 1\ndata: {"text":"Merci, à bientôt"}\n\n');
    const cut = bytes.indexOf(0xc3) + 1; // inside "à"
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, cut));
        c.enqueue(bytes.slice(cut));
        c.close();
      },
    });
    const frames = [];
    for await (const f of readSseFrames(body)) frames.push(f);
    expect(frames).toEqual([{ id: '1', data: '{"text":"Merci, à bientôt"}' }]);
  });
});
