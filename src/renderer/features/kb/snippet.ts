// Snippets arrive as segments (never HTML); these turn them into plain text and a shareable reference.
import type { KbHit, SnippetSegment } from '../../../shared/domain/assist';

export const snippetText = (segments: readonly SnippetSegment[]): string =>
  segments
    .map((s) => s.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();

/** What "Copy link" puts on the clipboard: the article id is the link the desk and hub both resolve. */
export const articleReference = (hit: Pick<KbHit, 'id' | 'title'>): string =>
  /^https?:\/\//i.test(hit.id) ? hit.id : `${hit.title} (KB ${hit.id})`;
