// One way to turn a schema failure into the `issues` list every boundary reports (HTTP 400, IPC, WebSocket).
import type { z } from 'zod';
import { fail, type Result } from './result';

export const issuesOf = (error: z.ZodError): { path: string; message: string }[] =>
  error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): Result<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = issuesOf(parsed.error);
  const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return fail('invalid', `${what} is invalid: ${list}`, issues);
}
