// FTS5 snippets come back with control-character markers around matches; the desk returns segments, never HTML,
// so the renderer shows customer-facing text as text.
import type { SnippetSegment } from '../../../shared/domain/assist';

export const HIT_START = '\u0002';
export const HIT_END = '\u0003';

/** Removes the marker characters from stored text so only FTS5 can put them in a snippet. */
export const stripMarkers = (text: string): string => text.split(HIT_START).join('').split(HIT_END).join('');

export function toSegments(marked: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  let hit = false;
  let text = '';
  const push = () => {
    if (text) {
      const last = segments[segments.length - 1];
      if (last && last.hit === hit) last.text += text;
      else segments.push({ text, hit });
    }
    text = '';
  };
  for (const ch of marked) {
    if (ch === HIT_START) {
      push();
      hit = true;
    } else if (ch === HIT_END) {
      push();
      hit = false;
    } else {
      text += ch;
    }
  }
  push();
  return segments;
}
