// Detects a customer explicitly asking for a human ("let me talk to a real person", "agent please",
// "can I speak to someone", "no more bots"), including common typos, while leaving alone sentences that merely
// mention people ("the human resources department", "is this a person's name field").
//
// How: each clause is tokenized; typos of the key words are mapped to the word they almost are; then a request is
// (1) a contact verb ("talk", "speak", "get", "need", "transfer", ...) followed only by small glue words and then a
// human noun ("a real person", "one of your agents"), not negated just before ("I don't need a human"); or
// (2) a clause made only of human nouns and polite filler ("Agent!!", "representative please"); or
// (3) a refusal of the bot ("no more bots", "I don't want to talk to a robot"); or
// (4) a modal question to a human ("can a real person look at this?"); or
// (5) a short escalation demand ("transfer me", "escalate this").
// A noun followed by a word that makes it something else ("human resources", "person's name") never counts.
import { clauses, editDistance } from './text-tokens';

const humanNouns = new Set([
  'human', 'humans', 'person', 'persons', 'people', 'agent', 'agents', 'representative', 'representatives', 'rep',
  'reps', 'operator', 'operators', 'someone', 'somebody', 'anyone', 'anybody', 'supervisor', 'manager', 'staff',
  'employee', 'advisor', 'adviser', 'specialist', 'ppl',
]);

/** Nouns that only mean "a human" with a qualifier: "a real one", "a live one". */
const qualifiers = new Set(['real', 'live', 'actual', 'proper']);

const contactVerbs = new Set([
  'talk', 'talking', 'speak', 'speaking', 'chat', 'chatting', 'connect', 'connected', 'transfer', 'transferred',
  'put', 'pass', 'reach', 'get', 'give', 'need', 'want', 'wanna', 'like', 'request', 'requesting', 'prefer',
  'see', 'contact', 'call', 'escalate', 'there', 'bring', 'find', 'send',
]);

/** Words that may stand between a contact verb and the human noun without changing the meaning. */
const glue = new Set([
  ...contactVerbs, 'to', 'with', 'me', 'a', 'an', 'the', 'some', 'your', 'one', 'of', 'please', 'pls', 'plz',
  'now', 'just', 'i', "i'd", 'id', 'can', 'could', 'would', 'through', 'over', 'let', 'us', 'any', 'is', 'are',
  'actually', 'really', 'right', 'away', 'immediately', 'asap', 'and', 'already', 'someone', 'human', 'customer',
  'service', 'support', 'on', 'line', 'phone', 'chat', 'to', 'more', 'another', 'different', 'kind', 'sort', 'that',
  'who', 'be', 'may', 'you', 'u', 'help', 'from', 'in', 'charge', ...qualifiers,
]);

/** Words that turn a human noun into something else: "human resources", "person's name". */
const notAboutHumans = new Set([
  'resources', 'resource', 'rights', 'name', 'names', 'error', 'errors', 'readable', 'trafficking', 'nature',
  'account', 'accounts', 'id', 'field', 'details', 'profile', "person's", 'verification', 'check', 'discount',
  'number', 'code', 'email', 'portal', 'page', 'list', 'directory', 'login', 'address', 'edition', 'price', 'pricing',
]);

// "do" alone is no negation ("how do I talk to a person"); "do not" is caught by "not".
const negations = new Set(["don't", 'dont', 'not', 'never', 'no', 'without', "didn't", 'didnt', "doesn't", 'doesnt']);

/** Polite filler allowed around a bare noun ("agent please", "real person now!!"). */
const filler = new Set([
  'please', 'pls', 'plz', 'now', 'asap', 'a', 'an', 'the', 'just', 'hey', 'hi', 'hello', 'ok', 'okay', 'yes', 'i',
  'me', 'give', 'get', 'need', 'want', 'talk', 'to', 'speak', 'with', 'only', 'immediately', 'right', 'away',
  ...qualifiers,
]);

const botWords = new Set(['bot', 'bots', 'robot', 'robots', 'machine', 'chatbot', 'ai', 'automated', 'computer', 'automation']);
const refusals = new Set(['stop', 'enough', 'hate', 'sick', 'tired', 'done', 'quit']);

/** Key words that are worth correcting, and real words that look like typos of them but are not. */
const typoTargets = ['human', 'person', 'people', 'agent', 'representative', 'operator', 'someone', 'somebody', 'supervisor', 'manager', 'speak', 'talk'];
const realLookAlikes = new Set(['manage', 'humane', 'persona', 'steak', 'agency', 'tall', 'task', 'walk', 'tale', 'stalk', 'managed', 'manages', 'agents', 'humans', 'persons', 'speaks', 'talks']);
const slang: Record<string, string> = { hooman: 'human', humam: 'human', hman: 'human', rep: 'rep', reps: 'reps', ppl: 'people', sum1: 'someone', some1: 'someone' };

function canonical(token: string): string {
  const slangWord = slang[token];
  if (slangWord) return slangWord;
  if (humanNouns.has(token) || contactVerbs.has(token) || realLookAlikes.has(token) || token.length < 4) return token;
  for (const target of typoTargets) {
    if (target.length >= 5) {
      const max = target.length >= 10 ? 2 : 1;
      if (editDistance(token, target, max) <= max) return target;
    } else if (token.length === target.length && editDistance(token, target, 1) <= 1 && [...token].sort().join('') === [...target].sort().join('')) {
      // Short words: only swapped letters ("tlak"), since one changed letter makes too many real words.
      return target;
    }
  }
  return token;
}

function isHumanNounAt(tokens: string[], i: number): boolean {
  const t = tokens[i];
  if (t === undefined) return false;
  const next = tokens[i + 1];
  const meansHuman =
    humanNouns.has(t) ||
    // "a real one", "a live one", "an actual one"
    (t === 'one' && qualifiers.has(tokens[i - 1] ?? '')) ||
    // "customer service", "live chat", "live support"
    (t === 'service' && tokens[i - 1] === 'customer') ||
    ((t === 'chat' || t === 'support') && tokens[i - 1] === 'live');
  if (!meansHuman) return false;
  return next === undefined || !notAboutHumans.has(next);
}

function negatedBefore(tokens: string[], i: number): boolean {
  for (let k = Math.max(0, i - 3); k < i; k++) if (negations.has(tokens[k] ?? '')) return true;
  return false;
}

function verbThenHuman(tokens: string[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (!contactVerbs.has(tokens[i] ?? '') || negatedBefore(tokens, i)) continue;
    // "is there a person", "are there agents" need the question form, otherwise "there" is just a place.
    if (tokens[i] === 'there' && !['is', 'are', 'anyone', 'anybody'].includes(tokens[i - 1] ?? '')) continue;
    for (let j = i + 1; j < tokens.length && j <= i + 7; j++) {
      if (isHumanNounAt(tokens, j)) return tokens.slice(i, j + 1).join(' ');
      if (!glue.has(tokens[j] ?? '')) break;
    }
  }
  return undefined;
}

const modals = new Set(['can', 'could', 'will', 'would', 'may']);
/** Pronouns too vague after a modal: "can anyone tell me where my order is" is a question, not a request. */
const vagueAfterModal = new Set(['anyone', 'anybody']);
/** What a human is asked to do: "can a person *look* at this"; "can the person who delivered it" is no request. */
const helpVerbs = new Set(['help', 'look', 'assist', 'check', 'call', 'contact', 'talk', 'speak', 'chat', 'handle', 'sort', 'fix', 'take', 'deal', 'review', 'answer', 'explain', 'please', 'join']);

/** "Can a human help me?", "could a real person look at this" — a modal, a determiner, a human, then a verb. */
function modalHuman(tokens: string[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (!modals.has(tokens[i] ?? '') || negatedBefore(tokens, i)) continue;
    for (let j = i + 1; j < tokens.length && j <= i + 4; j++) {
      const t = tokens[j] ?? '';
      const next = tokens[j + 1];
      if (isHumanNounAt(tokens, j) && !vagueAfterModal.has(t) && (next === undefined || helpVerbs.has(next))) {
        return tokens.slice(i, j + 2).join(' ');
      }
      if (!['a', 'an', 'the', 'some', 'one', 'of', 'your', 'i', 'please', ...qualifiers].includes(t)) break;
    }
  }
  return undefined;
}

function bareRequest(tokens: string[]): string | undefined {
  if (tokens.length > 6) return undefined;
  let sawNoun = false;
  for (let i = 0; i < tokens.length; i++) {
    if (isHumanNounAt(tokens, i)) sawNoun = true;
    else if (!filler.has(tokens[i] ?? '') && !(tokens[i] === 'customer' && tokens[i + 1] === 'service') && !(tokens[i] === 'live' && isHumanNounAt(tokens, i + 1))) return undefined;
  }
  return sawNoun ? tokens.join(' ') : undefined;
}

function refusesBot(tokens: string[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (!botWords.has(tokens[i] ?? '')) continue;
    // "I'm not a robot" is about the customer, not a refusal of the bot ("I'm sick of this bot" is one).
    const before = tokens.slice(Math.max(0, i - 4), i).join(' ');
    if (/(^| )(i'm|im|i am)( not)?( an?)?$/.test(before)) continue;
    const window = tokens.slice(Math.max(0, i - 6), i);
    const refused =
      window.some((w) => refusals.has(w)) ||
      (window.includes('no') && window.includes('more')) ||
      ((window.includes("don't") || window.includes('dont') || window.includes('not')) &&
        window.some((w) => ['want', 'talk', 'speak', 'chat', 'like', 'a', 'another'].includes(w)));
    if (refused) return tokens.slice(Math.max(0, i - 6), i + 1).join(' ');
  }
  return undefined;
}

function escalationDemand(tokens: string[]): string | undefined {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const verb = tokens[i];
    const object = tokens[i + 1] ?? '';
    if (negatedBefore(tokens, i)) continue;
    if ((verb === 'transfer' || verb === 'escalate') && ['me', 'this', 'it', 'my'].includes(object)) return `${verb} ${object}`;
  }
  return undefined;
}

/**
 * The phrase that shows the customer asked for a human (e.g. "talk to a real person"), or undefined.
 * `extraPhrases` are deployment-specific phrases matched as whole words ("put me through to stores").
 */
export function detectHumanRequest(text: string, extraPhrases: readonly string[] = []): string | undefined {
  const parts = clauses(text).map((tokens) => tokens.map(canonical));
  for (const tokens of parts) {
    const found = verbThenHuman(tokens) ?? modalHuman(tokens) ?? bareRequest(tokens) ?? refusesBot(tokens) ?? escalationDemand(tokens);
    if (found) return found;
  }
  if (extraPhrases.length > 0) {
    const flat = ` ${parts.map((tokens) => tokens.join(' ')).join(' ')} `;
    for (const phrase of extraPhrases) {
      const wanted = clauses(phrase).flat().join(' ');
      if (wanted && flat.includes(` ${wanted} `)) return wanted;
    }
  }
  return undefined;
}
