// Held-out conversations: written after the engine was tuned on conversations.ts, and never tuned on. The bench
// reports their figures beside the main set's, so overfitting to the main set's phrasing shows.
import type { EvalConversation } from './eval-types';
import { daysAgo, order } from './eval-types';

export const HOLDOUT_SET: EvalConversation[] = [
  {
    id: 'h-ret', family: 'return', request: 'boots rub, wants to give them back', article: 'kb-return-label', nextStep: 'check-window',
    customer: { name: 'Hugo Lefevre' }, crm: { orders: [order('6120044', 'delivered', { delivered: 10, total: 129 })] },
    turns: [
      'C: evening. the hiking boots rub my heel badly, I walked in them around the flat once',
      'B: Oh no. Would a different size help?',
      'C: no, the shape just is not right for my feet. I would like a refund and to post them back',
      'C: order 6120044',
    ],
  },
  {
    id: 'h-rft', family: 'refund_status', request: 'returned parcel weeks ago, still no credit', article: 'kb-refund-timing', nextStep: 'check-timeline',
    customer: { name: 'Elif Yilmaz' }, crm: { orders: [order('6133310', 'return in transit', { delivered: 40, total: 52 })] },
    turns: [
      'C: Hi, I posted my return for 6133310 on the 2nd and the money has not come back to my account',
      'B: I understand. Let me get someone.',
      'C: I kept the proof of postage',
      'C: how long is this normally?',
    ],
  },
  {
    id: 'h-late', family: 'late_delivery', request: 'sofa delivery overdue', article: 'kb-late-delivery', nextStep: 'check-tracking',
    customer: { name: 'Rob Dawson' }, crm: { orders: [order('6145501', 'in transit', { placed: 12, total: 899 })] },
    turns: [
      'C: we were promised the sofa by last friday. still no sign of it. 6145501',
      'B: I am sorry about the wait.',
      'C: we have been sitting on the floor for a week',
      'C: can you chase this up',
    ],
  },
  {
    id: 'h-lost', family: 'lost_parcel', request: 'tracking says left at door, nothing there', article: 'kb-lost-parcel', nextStep: 'check-surroundings',
    customer: { name: 'Priya Raman' }, crm: { orders: [order('6150087', 'delivered', { delivered: 0, total: 64 })] },
    turns: [
      'C: the tracking for 6150087 says it was left at my front door an hour ago. there is nothing at my front door',
      'B: I am sorry. Let me connect you.',
      'C: I live in a block of flats if that matters',
    ],
  },
  {
    id: 'h-dmg', family: 'damaged', request: 'mirror cracked in transit, no order number', article: 'kb-damaged-item', nextStep: 'verify',
    customer: { name: 'Tess Moran' }, crm: { orders: [order('6160001', 'delivered', { delivered: 1 }), order('6160777', 'processing', { placed: 0 })] },
    turns: [
      'C: the wall mirror I got yesterday has a crack right across the glass',
      'B: I am so sorry. Was the packaging damaged?',
      'C: there was a hole in the cardboard',
      'C: what are my options',
    ],
  },
  {
    id: 'h-can', family: 'cancel', request: 'cancel before it ships', article: 'kb-cancel-order', nextStep: 'cancel',
    customer: { name: 'Ana Ruiz' }, crm: { orders: [order('6171234', 'awaiting payment', { placed: 0, total: 48 })] },
    turns: [
      'C: hey, I need to cancel 6171234, I picked the wrong colour and would rather order again',
      'B: Let me connect you to an agent.',
      'C: thanks',
    ],
  },
  {
    id: 'h-adr', family: 'address_change', request: 'deliver to parents instead', article: 'kb-change-address', nextStep: 'verify',
    customer: { name: 'Josh Green' }, crm: { orders: [order('6182020', 'processing', { placed: 0 })] },
    turns: [
      'C: I will be at my parents next week, can the parcel go to their address instead of mine?',
      'B: Which order is it?',
      'C: 6182020, ordered this morning',
    ],
  },
  {
    id: 'h-dbl', family: 'double_charge', request: 'two identical debits', article: 'kb-double-charge', nextStep: 'compare-charges',
    customer: { name: 'Nina Petrova' },
    crm: { orders: [order('6190990', 'delivered', { delivered: 3, total: 27.5, charges: [{ amount: 27.5, at: daysAgo(5) }, { amount: 27.5, at: daysAgo(5) }] })] },
    turns: [
      'C: Hello, my online banking lists you twice for 27.50 on the same day',
      'B: Is it for one order?',
      'C: yes just the one, 6190990',
      'C: please sort it',
    ],
  },
  {
    id: 'h-pay', family: 'failed_payment', request: 'transaction keeps failing', article: 'kb-failed-payment', nextStep: 'ask-error',
    customer: { name: 'Dev Shah' },
    turns: [
      'C: every time I hit pay the page says transaction failed',
      'B: Sorry about that. Let me get a person.',
      'C: tried my debit card and my partner card',
    ],
  },
  {
    id: 'h-pw', family: 'password', request: 'new password link never arrives', article: 'kb-password-reset', nextStep: 'forgot-password',
    customer: { name: 'Lou Carter' },
    turns: [
      'C: I cannot remember my password and I am stuck on the login page',
      'B: I can help. Let me connect you.',
      'C: I have tried the 3 passwords I usually use',
    ],
  },
  {
    id: 'h-promo', family: 'promo_code', request: 'birthday discount refused', article: 'kb-promo-codes', nextStep: 'ask-code',
    customer: { name: 'Maja Berg' },
    turns: [
      'C: you sent me a birthday coupon but the basket will not take it',
      'B: Sorry about that. I will get an agent.',
      'C: it says the code is not valid for these items',
    ],
  },
  {
    id: 'h-pm', family: 'price_match', request: 'saw it for less elsewhere after buying', article: 'kb-price-match', nextStep: 'ask-link',
    customer: { name: 'Carl Weber' }, crm: { orders: [order('6211000', 'delivered', { placed: 6, delivered: 3, total: 349 })] },
    turns: [
      'C: the coffee grinder I bought on your site is 40 euros less at another big shop now',
      'C: can I get that back from you?',
      'B: Let me check with a colleague.',
      'C: it is the exact same model',
    ],
  },
  {
    id: 'h-cus', family: 'customs', request: 'asked to pay duty in Switzerland', article: 'kb-customs-fees', nextStep: 'check-destination',
    customer: { name: 'Sven Keller' }, crm: { orders: [order('6222222', 'out for delivery', { placed: 5 })] },
    turns: [
      'C: the Swiss post wants 31 francs of import tax before they bring my parcel',
      'B: I understand. Where are you located?',
      'C: Zurich. I thought you handle that already',
    ],
  },
  {
    id: 'h-mem', family: 'membership', request: 'cancel yearly premium renewal', article: 'kb-premium-membership', nextStep: 'verify',
    customer: { name: 'Ruth Klein' },
    turns: [
      'C: my premium membership renewed itself yesterday and I do not want another year',
      'B: I will connect you to an agent.',
      'C: can you cancel it and refund me',
    ],
  },
  {
    id: 'h-war', family: 'warranty', request: 'kettle stopped heating after a year', article: 'kb-warranty', nextStep: 'collect-fault',
    customer: { name: 'Ian Ross' }, crm: { orders: [order('6244400', 'delivered', { delivered: 380, total: 45 })] },
    turns: [
      'C: the kettle I bought from you last year does not heat up any more',
      'B: Sorry to hear that. Do you have the order number?',
      'C: 6244400',
      'C: is it still under guarantee?',
    ],
  },
  {
    id: 'h-unc', family: 'unclear', request: 'only greets and waits', article: null, nextStep: 'ask',
    customer: { name: 'Mo Ahmed' },
    turns: ['C: hi there', 'B: Hello! How can I help?', 'C: can I speak to someone', 'C: I will wait'],
  },
  {
    id: 'h-unc2', family: 'unclear', request: 'mentions a problem, never says which', article: null, nextStep: 'ask',
    turns: ['C: I have a problem', 'B: I am sorry to hear that. What is the problem?', 'C: I would like to explain it to a person', 'C: yes I am still here'],
  },
];
