// Intake of a hand-off that never refuses a customer over optional context (issue 11 point 6). Only what routing
// needs is strict: conversationId, customer.id, the shape of the transcript (role and text of each turn), the
// trigger, and the callbackUrl (a delivery address, checked by callback-guard). Any other field that does not
// validate is dropped and named in `warnings`, so the bot learns what to fix while the customer reaches a person.
import type { z } from 'zod';
import { handoffRequestSchema, type HandoffRequest } from '../../shared/domain/handoff';
import { ok, type Result } from '../../shared/result';
import { parseWith } from '../../shared/validation';

export interface IntakeWarning {
  field: string;
  message: string;
}

type Path = (string | number)[];

/** Whether a failure at this path must refuse the hand-off rather than drop the field. */
function isStrict(path: Path): boolean {
  const [head, second, third] = path;
  if (path.length === 0) return true;
  if (head === 'conversationId' || head === 'callbackUrl') return true;
  if (head === 'customer') return path.length === 1 || second === 'id';
  if (head === 'reason') return path.length === 1 || second === 'trigger';
  // A turn's time is context; the list itself and each turn's role and text are the transcript's shape.
  if (head === 'transcript') return !(path.length === 3 && third === 'at');
  return false;
}

const clone = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** Removes the value at `path` (splicing it out of an array), returning false when there was nothing there. */
function removeAt(root: Record<string, unknown>, path: Path): boolean {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  const last = path.at(-1);
  if (last === undefined || node === null || typeof node !== 'object') return false;
  if (Array.isArray(node) && typeof last === 'number') {
    if (last >= node.length) return false;
    node.splice(last, 1);
    return true;
  }
  const obj = node as Record<string | number, unknown>;
  if (!(last in obj)) return false;
  delete obj[last];
  return true;
}

const MAX_ROUNDS = 200;

export function parseHandoffLeniently(input: unknown): Result<{ request: HandoffRequest; warnings: IntakeWarning[] }> {
  const strictFirst = handoffRequestSchema.safeParse(input);
  if (strictFirst.success) return ok({ request: strictFirst.data, warnings: [] });
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return parseWith(handoffRequestSchema, input, 'The hand-off') as Result<never>;

  const work = clone(input) as Record<string, unknown>;
  const warnings: IntakeWarning[] = [];
  let error: z.ZodError = strictFirst.error;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Refused: the answer names every bad field, the optional ones too, so the bot can fix them all at once.
    if (error.issues.some((i) => isStrict(i.path as Path))) break;
    const issue = error.issues[0]!;
    // The field itself, or, when it is already gone (a required key inside an optional object), its container.
    let path = issue.path as Path;
    while (path.length && !removeAt(work, path)) path = path.slice(0, -1);
    if (!path.length) break;
    if (isStrict(path)) break;
    warnings.push({ field: path.map(String).join('.'), message: `${issue.message}; the hand-off was taken without it.` });
    const again = handoffRequestSchema.safeParse(work);
    if (again.success) return ok({ request: again.data, warnings });
    error = again.error;
  }
  return parseWith(handoffRequestSchema, input, 'The hand-off') as Result<never>;
}
