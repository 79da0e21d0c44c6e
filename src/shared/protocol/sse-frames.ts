// Server-Sent Events read off a fetch body, for clients that cannot use EventSource (it sends no Authorization
// header): the bot client, the customer widget and the tests. One reader, so every client splits frames and
// joins data lines the same way (https://html.spec.whatwg.org/multipage/server-sent-events.html).

export interface SseFrame {
  /** The frame's `id:` (a customer event's seq); absent on frames that are not history, such as typing. */
  id?: string;
  /** The frame's `event:`; absent means the default, "message". */
  event?: string;
  /** The `data:` lines joined with "\n". */
  data: string;
}

/** Splits text as it arrives into complete frames; keeps a partial frame until the rest comes. */
export function createSseFrameSplitter(): (chunk: string) => SseFrame[] {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    const frames: SseFrame[] = [];
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const raw = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame: SseFrame = { data: '' };
      const data: string[] = [];
      for (const line of raw.split('\n')) {
        if (line === '' || line.startsWith(':')) continue; // a comment, such as a keep-alive
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(value);
        else if (field === 'id') frame.id = value;
        else if (field === 'event') frame.event = value;
      }
      if (data.length === 0) continue;
      frame.data = data.join('\n');
      frames.push(frame);
    }
    return frames;
  };
}

/**
 * The frames of a fetch body, in order, until it ends (or the fetch is aborted, which throws). A caller that
 * stops early (break, return) cancels the body, which closes the connection.
 */
export async function* readSseFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<SseFrame> {
  const split = createSseFrameSplitter();
  // Node's and the DOM's typings of TextDecoderStream differ in the byte type they accept; both decode bytes.
  const decoder = new TextDecoderStream() as unknown as { writable: WritableStream<Uint8Array>; readable: ReadableStream<string> };
  const reader = body.pipeThrough(decoder).getReader();
  let ended = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        ended = true;
        return;
      }
      yield* split(value);
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
