// Sentiment of one customer turn: VADER's compound score (a lexicon and rules shipped inside the vader-sentiment
// package, no model download, deterministic) nudged by a short list of customer-service frustration cues that
// VADER's general-purpose lexicon scores as neutral ("still hasn't arrived", "waste of time", "third time").
// Limits: VADER is English only (other languages score near 0, so frustration relies on the other triggers
// there), and it reads sarcasm ("great, just great") as praise; the cue list and the decayed sum over several
// turns soften both, they do not solve them.
import vader from 'vader-sentiment';
import { flatText } from './text-tokens';

/** Phrases that signal frustration in a support chat but carry no sentiment in VADER's lexicon. */
export const frustrationCues = [
  'still not', "still hasn't", 'still hasnt', "still haven't", "still isn't", "still doesn't", "still can't", 'still no',
  'still waiting', 'not working', "doesn't work", "isn't working", 'never arrived', 'never received', 'never got',
  'nobody', 'no one', 'waste of time', 'wasting my time', 'fed up', 'third time', 'second time', 'again and again',
  'every time', 'how many times', 'so complicated', 'so hard', 'unacceptable', 'ridiculous', 'joke',
  'seriously', 'come on', 'for weeks', 'weeks ago', 'not happy', 'waiting forever',
  'getting nowhere', 'going in circles', 'useless', 'pointless', 'cancel everything', 'never again',
];

/** How much each cue lowers the score, and the most all cues together may lower it. */
const CUE_PENALTY = 0.15;
const MAX_CUE_PENALTY = 0.45;

/** Sentiment of one customer message in [-1, 1]; negative is unhappy. */
export function turnSentiment(text: string): number {
  const compound = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  const padded = ` ${flatText(text)} `;
  let cues = 0;
  for (const cue of frustrationCues) if (padded.includes(` ${cue} `) || padded.includes(` ${cue.replace(/'/g, '')} `)) cues++;
  const score = compound - Math.min(MAX_CUE_PENALTY, cues * CUE_PENALTY);
  return Math.max(-1, Math.min(1, score));
}
