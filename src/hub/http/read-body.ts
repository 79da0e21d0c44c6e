// Reads a request body with a size limit enforced while streaming, so an oversized body is never buffered.
import type { IncomingMessage } from 'node:http';
import { fail, ok, type Result } from '../../shared/result';

// Past the limit we keep reading (and discarding) so the client gets its 413 instead of a broken pipe, but only
// up to this much; beyond it the connection is cut.
const DRAIN_LIMIT = 64 * 1024 * 1024;

export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<Result<unknown> & { status?: number }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) tooLarge = true;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      if (size > DRAIN_LIMIT) {
        req.destroy();
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('error', () => resolve({ ...fail('aborted', 'The request body could not be read.'), status: 400 }));
    req.on('end', () => {
      if (tooLarge) {
        resolve({ ...fail('too_large', `The request body is larger than ${maxBytes} bytes; send less (for example a shorter transcript).`), status: 413 });
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) {
        resolve({ ...fail('invalid_json', 'The request body is empty; send a JSON object.'), status: 400 });
        return;
      }
      try {
        resolve(ok(JSON.parse(text) as unknown));
      } catch {
        resolve({ ...fail('invalid_json', 'The request body is not valid JSON; check quoting and commas.'), status: 400 });
      }
    });
  });
}
