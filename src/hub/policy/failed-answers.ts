// Recognizes a failed answer in one turn: the bot admitting it did not understand ("Sorry, I didn't get that"),
// or the customer saying the answer missed ("that's not what I asked", "you already said that"). Repetition of
// the customer's own earlier message is measured by the policy engine, which remembers recent turns.
import { flatText } from './text-tokens';

export type FailedAnswerKind = 'bot_fallback' | 'customer_complaint' | 'customer_repeat';

// Matched against the normalized text (lower case, words separated by one space, apostrophes kept).
const botFallbackPhrases = [
  "didn't understand", 'did not understand', "don't understand", 'do not understand', "didn't get that",
  "didn't catch that", "i'm not sure i can help", 'i am not sure i can help', "i'm not sure i understand",
  "i'm not sure what you mean", "i don't know how to help", "i can't help with that", 'i cannot help with that',
  "i'm unable to help", 'i am unable to help', 'could you rephrase', 'can you rephrase', 'please rephrase',
  'try rephrasing', 'say that another way', 'say it another way', "i don't have information", "i don't have an answer",
  "i couldn't find", 'i could not find', "i'm still learning", "that's outside what i can do", 'not something i can help',
  "i don't know", 'please try again', "i'm having trouble understanding", 'i did not get that',
];

const customerComplaintPhrases = [
  "that's not what i asked", 'thats not what i asked', 'that is not what i asked', 'not what i asked',
  "that's not what i meant", 'not what i meant', 'you already said that', 'you said that already',
  'you already told me that', 'you keep saying', 'same answer', 'same thing again', "that doesn't answer",
  "that didn't answer", 'did not answer my question', "didn't answer my question", "doesn't answer my question",
  "you're not listening", 'you are not listening', "you don't understand", 'you do not understand',
  "that doesn't help", "that didn't help", 'that does not help', 'not helpful', "that's not helpful", 'useless answer',
  'i already told you', 'i already said', 'i just said', 'i said that already', 'read my message', 'answer my question',
  'wrong answer', "that's wrong", 'that is wrong', "that's not right", "that's not it", 'not my question', 'that is irrelevant', "that's irrelevant",
];

function contains(text: string, phrases: readonly string[]): string | undefined {
  const padded = ` ${text} `;
  return phrases.find((phrase) => padded.includes(` ${phrase} `) || padded.includes(` ${phrase.replace(/'/g, '')} `));
}

/** The fallback phrase if this bot turn admits it could not answer. */
export function detectBotFallback(text: string): string | undefined {
  return contains(flatText(text), botFallbackPhrases);
}

/** The complaint phrase if this customer turn says the bot's answer missed the point. */
export function detectAnswerComplaint(text: string): string | undefined {
  return contains(flatText(text), customerComplaintPhrases);
}

/**
 * Word-set overlap (Jaccard) of two customer messages; the engine treats a high overlap with a recent message as
 * the customer repeating themselves because the bot did not help the first time.
 */
export function wordOverlap(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 || sb.size === 0) return 0;
  let shared = 0;
  for (const w of sa) if (sb.has(w)) shared++;
  return shared / (sa.size + sb.size - shared);
}
