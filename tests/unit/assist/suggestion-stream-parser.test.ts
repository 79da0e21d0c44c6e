// Reading a model's JSON answer while it streams: suggestions appear as their objects close, whatever the
// chunk boundaries, and anything that is not the agreed JSON is recognised as plain text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SuggestionStreamParser, parseWholeAnswer } from '../../../src/main/services/assist/suggestion-stream-parser';

const answer = JSON.stringify({
  suggestions: [
    { title: 'Offer a "return" label', reason: 'Braces } and [brackets] inside strings, and an escaped \\" quote.', reply: 'Sure {name}!' },
    { title: 'Second', reason: 'Two' },
    { title: 'Third', reason: 'Three', kbArticleId: 'kb-1' },
  ],
});

function feed(pieces: string[]) {
  const parser = new SuggestionStreamParser();
  const counts: number[] = [];
  for (const piece of pieces) {
    parser.push(piece);
    counts.push(parser.suggestions.length);
  }
  return { parser, counts };
}

describe('SuggestionStreamParser', () => {
  it('completes each suggestion exactly when its object closes, for any chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: answer.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const pieces = [0, ...points].map((start, i) => answer.slice(start, points[i] ?? answer.length));
        const { parser, counts } = feed(pieces);
        expect(counts).toEqual([...counts].sort((a, b) => a - b));
        expect(parser.suggestions.map((s) => s.title)).toEqual(['Offer a "return" label', 'Second', 'Third']);
        expect(parser.finish().structured).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('has the first suggestion before the second one starts streaming', () => {
    const secondStart = answer.indexOf('{"title":"Second"');
    const { parser } = feed([answer.slice(0, secondStart)]);
    expect(parser.suggestions).toHaveLength(1);
    expect(parser.suggestions[0]?.reply).toBe('Sure {name}!');
  });

  it('shows the suggestion being written, decoded, without its reply', () => {
    const { parser } = feed(['{"suggestions":[{"title":"Offer a \\"ret', 'urn\\" label","reason":"Deliv', 'ered","reply":"Hi']);
    expect(parser.suggestions).toEqual([]);
    expect(parser.pending).toEqual({ id: 'llm-pending-0', title: 'Offer a "return" label', reason: 'Delivered' });
    parser.push(' there"}');
    expect(parser.pending).toBeUndefined();
    expect(parser.suggestions[0]?.reply).toBe('Hi there');
  });

  it('tolerates code fences around the JSON', () => {
    const { parser } = feed(['```json\n', answer, '\n```']);
    expect(parser.finish().suggestions).toHaveLength(3);
  });

  it('recognises prose as unstructured', () => {
    const { parser } = feed(['You should ', 'offer a label.']);
    expect(parser.looksUnstructured).toBe(true);
    expect(parser.finish()).toEqual({ structured: false, suggestions: [] });
  });

  it('keeps at most three suggestions and ignores invalid ones', () => {
    const many = JSON.stringify({ suggestions: [{ title: 'a', reason: '1' }, { nope: true }, { title: 'b' }, { title: 'c' }, { title: 'd' }] });
    expect(parseWholeAnswer(many)?.map((s) => s.title)).toEqual(['a', 'b', 'c']);
  });

  it('gives stable ids for the same content', () => {
    expect(parseWholeAnswer(answer)?.map((s) => s.id)).toEqual(parseWholeAnswer(answer)?.map((s) => s.id));
    expect(new Set(parseWholeAnswer(answer)?.map((s) => s.id)).size).toBe(3);
  });
});
