// One knowledge-base hit as text: title, category and the snippet with matched words in <mark> (segments, never
// HTML). Shared by the knowledge-base panel and the quick-search window.
import type { KbHit } from '../../../shared/domain/assist';

export function KbHitSummary({ hit }: { hit: KbHit }) {
  return (
    <>
      <div className="kb-result-head">
        <strong>{hit.title}</strong>
        <span className="badge badge-neutral">{hit.category}</span>
      </div>
      <p className="kb-snippet small">
        {hit.snippet.map((seg, i) => (seg.hit ? <mark key={i}>{seg.text}</mark> : <span key={i}>{seg.text}</span>))}
      </p>
    </>
  );
}
