// How upset the customer sounds, from -1 (furious) to 1 (happy): a small lexicon plus shouting and exclamation
// marks, blended with the bot's own sentiment score when it sent one. Used to decide whether to empathise first.

const NEGATIVE: Record<string, number> = {
  angry: 2, furious: 3, livid: 3, outraged: 3, outrageous: 3, unacceptable: 3, ridiculous: 2.5, disgusted: 3,
  terrible: 2.5, awful: 2.5, horrible: 2.5, worst: 3, useless: 2.5, pathetic: 2.5, appalling: 3, disgrace: 3,
  frustrated: 2, frustrating: 2, annoyed: 1.5, upset: 1.5, disappointed: 2, fed: 1, scam: 3, joke: 1.5,
  never: 0.5, again: 0.3, waste: 2, wasted: 2, incompetent: 3, rude: 2, sick: 1.5, tired: 1, still: 0.5,
  nobody: 1, ignored: 2, lied: 2.5, cheated: 3, stolen: 2, hate: 2.5, wrong: 1, broken: 1, damaged: 1,
  late: 0.5, unhappy: 2, complaint: 1.5, lawyer: 2, ombudsman: 2,
};
const POSITIVE: Record<string, number> = {
  thanks: 1, thank: 1, great: 1.5, perfect: 1.5, happy: 1.5, appreciate: 1.5, love: 1.5, excellent: 2, helpful: 1.5,
  brilliant: 1.5, wonderful: 1.5, fine: 0.5, ok: 0.3, okay: 0.3,
};

/** Sentiment of one text, -1..1. */
export function textMood(text: string): number {
  const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
  let score = 0;
  for (const word of words) score += (POSITIVE[word] ?? 0) - (NEGATIVE[word] ?? 0);
  const shouted = (text.match(/\b[A-Z]{3,}\b/g) ?? []).filter((w) => !/^[A-Z]{2,4}\d*$/.test(w) || w.length > 4).length;
  const bangs = (text.match(/!/g) ?? []).length;
  if (score < 0) score -= Math.min(2, shouted * 0.7) + Math.min(1.5, bangs * 0.4);
  // Squash to -1..1 the way VADER normalises its compound score.
  return Math.round((score / Math.sqrt(score * score + 15)) * 1000) / 1000;
}

/** The customer's current mood: the recent messages weigh most; the bot's score counts as one more voice. */
export function customerMood(customerTexts: string[], botSentiment?: number): number {
  const recent = customerTexts.slice(-3);
  const moods = recent.map(textMood);
  const weights = recent.map((_, i) => i + 1);
  let sum = moods.reduce((acc, m, i) => acc + m * (weights[i] ?? 1), 0);
  let weight = weights.reduce((a, b) => a + b, 0);
  if (botSentiment !== undefined) {
    sum += botSentiment * 2;
    weight += 2;
  }
  if (weight === 0) return 0;
  // The angriest recent message matters more than the average: one outburst is enough to empathise first.
  const worst = Math.min(0, ...moods);
  return Math.round(Math.min(sum / weight, (sum / weight + worst) / 2) * 1000) / 1000;
}
