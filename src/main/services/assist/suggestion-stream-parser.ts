// Reads a model's JSON answer ({"suggestions":[{...},{...}]}) while it streams, handing out each suggestion the
// moment its object closes, so the panel fills in as the model writes. At the end it validates the whole answer
// and tells whether it was structured at all; an unstructured answer becomes plain text, never an error.
import { z } from 'zod';
import { PENDING_SUGGESTION_PREFIX, type Suggestion } from '../../../shared/domain/assist';
import { stableId } from './stable-id';

export const MAX_MODEL_SUGGESTIONS = 3;

const modelSuggestionSchema = z.object({
  title: z.string().trim().min(1).max(300),
  reason: z.string().trim().max(2_000).default(''),
  reply: z.string().trim().max(4_000).nullish(),
  kbArticleId: z.string().trim().max(200).nullish(),
  stepId: z.string().trim().max(60).nullish(),
});
const modelAnswerSchema = z.object({ suggestions: z.array(z.unknown()) });

export function toSuggestion(value: unknown): Suggestion | undefined {
  const parsed = modelSuggestionSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { title, reason, reply, kbArticleId, stepId } = parsed.data;
  return {
    id: stableId('llm', title, reason, reply ?? undefined),
    title,
    reason,
    ...(reply ? { reply } : {}),
    ...(kbArticleId ? { kbArticleId } : {}),
    ...(stepId ? { stepId } : {}),
  };
}

export class SuggestionStreamParser {
  private text = '';
  private scanPos = -1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private objectStart = -1;
  private arrayClosed = false;
  private readonly found: Suggestion[] = [];

  get answer(): string {
    return this.text;
  }

  get suggestions(): Suggestion[] {
    return [...this.found];
  }

  /**
   * The suggestion being written right now: its title and reason so far, so the panel fills in token by token.
   * Its reply is left out until the object closes, so nobody can insert half a sentence.
   */
  get pending(): Suggestion | undefined {
    if (this.arrayClosed || this.depth < 1 || this.objectStart < 0 || this.found.length >= MAX_MODEL_SUGGESTIONS) return undefined;
    const fragment = this.text.slice(this.objectStart);
    const title = partialString(fragment, 'title');
    if (!title) return undefined;
    return { id: `${PENDING_SUGGESTION_PREFIX}${this.found.length}`, title, reason: partialString(fragment, 'reason') ?? '' };
  }

  /** True once the answer clearly is not JSON (the model wrote prose): the caller streams it as text. */
  get looksUnstructured(): boolean {
    const start = this.text.trimStart();
    return start.length > 0 && !start.startsWith('{') && !start.startsWith('`');
  }

  /** Feeds the next streamed piece; returns how many suggestions became complete. */
  push(delta: string): number {
    this.text += delta;
    if (this.arrayClosed || this.found.length >= MAX_MODEL_SUGGESTIONS) return 0;
    if (this.scanPos < 0) {
      const match = /"suggestions"\s*:\s*\[/.exec(this.text);
      if (!match) return 0;
      this.scanPos = match.index + match[0].length;
    }
    const before = this.found.length;
    for (; this.scanPos < this.text.length && !this.arrayClosed; this.scanPos++) {
      const ch = this.text[this.scanPos];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === '"') this.inString = false;
        continue;
      }
      if (ch === '"') this.inString = true;
      else if (ch === '{') {
        if (this.depth === 0) this.objectStart = this.scanPos;
        this.depth++;
      } else if (ch === '}') {
        this.depth--;
        if (this.depth === 0) this.completeObject(this.text.slice(this.objectStart, this.scanPos + 1));
      } else if (ch === ']' && this.depth === 0) this.arrayClosed = true;
    }
    return this.found.length - before;
  }

  /** The final verdict on the whole answer: validated suggestions, or none when the model did not answer in JSON. */
  finish(): { structured: boolean; suggestions: Suggestion[] } {
    const whole = parseWholeAnswer(this.text);
    if (whole) return { structured: true, suggestions: whole };
    if (this.found.length > 0) return { structured: true, suggestions: this.suggestions };
    return { structured: false, suggestions: [] };
  }

  private completeObject(json: string): void {
    if (this.found.length >= MAX_MODEL_SUGGESTIONS) return;
    try {
      const suggestion = toSuggestion(JSON.parse(json));
      if (suggestion) this.found.push(suggestion);
    } catch {
      // A broken object is skipped; the final validation decides about the answer as a whole.
    }
  }
}

/** Parses a complete answer, tolerating code fences and text around the JSON object. */
export function parseWholeAnswer(text: string): Suggestion[] | undefined {
  const json = extractJsonObject(text);
  if (json === undefined) return undefined;
  const parsed = modelAnswerSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const suggestions = parsed.data.suggestions.map(toSuggestion).filter((s): s is Suggestion => s !== undefined);
  return suggestions.length > 0 || parsed.data.suggestions.length === 0 ? suggestions.slice(0, MAX_MODEL_SUGGESTIONS) : undefined;
}

export function extractJsonObject(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1)) as unknown;
  } catch {
    return undefined;
  }
}

/** The value of `"key": "...` in an unfinished JSON object, decoded as far as it goes. */
function partialString(fragment: string, key: string): string | undefined {
  const match = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)`).exec(fragment);
  if (!match?.[1]) return undefined;
  // Drop an escape cut in half by the chunk boundary before decoding.
  const raw = match[1].replace(/\\(u[0-9a-fA-F]{0,3})?$/, '');
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
