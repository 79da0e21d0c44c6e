// The assist evaluation set: realistic multi-turn chats with the demo retailer, written against the seed knowledge
// base (resources/seed/kb.json) but in customers' words, not the articles'. Each is labelled with the request, the
// right article and the right next step at the last turn. Some carry agent turns (steps already done), some plant
// CRM records with fields missing (no status, no delivery date) to catch invented facts.
import type { EvalConversation } from './eval-types';
import { daysAgo, order } from './eval-types';

export const EVAL_SET: EvalConversation[] = [
  // ---- returns ----
  {
    id: 'ret-1', family: 'return', request: 'send back a jacket that is too tight', article: 'kb-return-label', nextStep: 'check-window',
    customer: { name: 'Lena Vogel' }, crm: { orders: [order('5520193', 'delivered', { delivered: 6, total: 89.9, items: ['Quilted jacket M'] })] },
    turns: [
      'B: Hi! What can I help you with?',
      'C: hi, the quilted jacket came on friday but it pulls across the shoulders, not for me',
      'B: Sorry to hear that. Do you want to exchange it for another size?',
      'C: no thanks, I would rather just send it back and get my money',
      'B: I can connect you with a colleague for that.',
      'C: ok. the order is 5520193',
      'C: what do I have to do?',
    ],
  },
  {
    id: 'ret-2', family: 'return', request: 'give back one of two lamps', article: 'kb-return-label', nextStep: 'verify',
    customer: { name: 'Tom Berger' },
    crm: { orders: [order('6610022', 'delivered', { delivered: 9, total: 59 }), order('6610431', 'delivered', { delivered: 3, total: 120 })] },
    turns: [
      'C: Hello, I ordered two lamps recently and one of them just does not go with the living room at all',
      'B: I understand. Is the lamp damaged?',
      'C: no it is fine, I just dont like it. how do I get it back to you?',
      'B: Let me find a person to help.',
      'C: It is still in the box, never used',
      'C: I was hoping for a prepaid sticker or something',
    ],
  },
  {
    id: 'ret-3', family: 'return', request: 'return shoes, window already checked by agent', article: 'kb-return-label', nextStep: 'send-label',
    customer: { name: 'Aisha Khan' }, crm: { orders: [order('7781554', 'delivered', { delivered: 12, total: 64.5 })] },
    turns: [
      'C: I want to return a pair of trainers, order 7781554',
      'B: Thanks. I will hand you over to an agent.',
      'C: great, thanks',
      'A: Hi Aisha, I can see order 7781554 was delivered on 8 Nov, so you are well inside the return window.',
      'C: perfect. I do not have a printer though',
      'C: is there another way?',
    ],
  },
  {
    id: 'ret-4', family: 'return', request: 'change of mind on a dress, no delivery date in CRM', article: 'kb-return-label', nextStep: 'check-window',
    customer: { name: 'Mia Rossi' }, crm: { orders: [order('8820017', 'delivered', { total: 45 })] },
    turns: [
      'C: Hi there, bought a dress for a wedding that got cancelled. Can I still bring it back?',
      'B: I can help you with returns. Do you have the order number?',
      'C: 8820017',
      'B: Thanks, let me pass you to a colleague.',
      'C: tags are still on it',
    ],
  },

  // ---- refund status ----
  {
    id: 'rft-1', family: 'refund_status', request: 'refund not received after return', article: 'kb-refund-timing', nextStep: 'check-timeline',
    customer: { name: 'Jonas Meier' }, crm: { orders: [order('4410098', 'return received', { delivered: 30, total: 149 })] },
    turns: [
      'C: I sent back a coffee machine two weeks ago and I still have not seen a cent',
      'B: I am sorry about that. Do you have your order number?',
      'C: 4410098',
      'B: Thank you, connecting you to an agent.',
      'C: the post office gave me a receipt when I dropped it off',
      'C: how much longer am I supposed to wait',
    ],
  },
  {
    id: 'rft-2', family: 'refund_status', request: 'how long until money is back on card', article: 'kb-refund-timing', nextStep: 'explain-timing',
    customer: { name: 'Sara Lind' }, crm: { orders: [order('4478120', 'refund issued', { delivered: 20, total: 39.99 })] },
    turns: [
      'C: Hello. You said my return was accepted. When does the money actually land on my credit card?',
      'B: Let me check with a colleague.',
      'C: order 4478120',
      'A: Hi Sara, I checked the timeline of your order: the refund was issued two days ago.',
      'C: ok but my bank app shows nothing yet',
    ],
  },
  {
    id: 'rft-3', family: 'refund_status', request: 'refund missing, status unknown in CRM', article: 'kb-refund-timing', nextStep: 'check-timeline',
    customer: { name: 'Pieter de Vries' }, crm: { orders: [order('4490551', undefined, { total: 75 })] },
    turns: [
      'C: Good morning, my return for order 4490551 should have been refunded by now',
      'B: I understand you are waiting for a refund.',
      'C: yes, it has been over 3 weeks since I dropped the box at the parcel shop',
      'B: An agent will take a look.',
      'C: I paid with paypal if that matters',
    ],
  },

  // ---- late delivery ----
  {
    id: 'late-1', family: 'late_delivery', request: 'order not here after a week', article: 'kb-late-delivery', nextStep: 'check-tracking',
    customer: { name: 'Oliver Brandt' }, crm: { orders: [order('3301876', 'in transit', { placed: 8, total: 219 })] },
    turns: [
      'C: My order was supposed to be here on Monday and it is Thursday now',
      'B: I am sorry for the delay. Can you give me your order number?',
      'C: 3301876',
      'B: Thanks. Connecting you with an agent.',
      'C: I took the day off to wait for it on monday, so I am not happy',
    ],
  },
  {
    id: 'late-2', family: 'late_delivery', request: 'birthday present still not arrived', article: 'kb-late-delivery', nextStep: 'verify',
    customer: { name: 'Hannah Schulz' },
    crm: { orders: [order('3312001', 'in transit', { placed: 6 }), order('3312777', 'delivered', { placed: 20, delivered: 15 })] },
    turns: [
      'C: hi, I am waiting on a present for my son, his birthday is saturday',
      'C: the estimated date passed yesterday',
      'B: I can check that for you. Which order is it about?',
      'C: the lego set',
      'C: please, I need to know if it will make it',
    ],
  },
  {
    id: 'late-3', family: 'late_delivery', request: 'delayed parcel, tracking already checked', article: 'kb-late-delivery', nextStep: 'share-estimate',
    customer: { name: 'Marco Bianchi' }, crm: { orders: [order('3345120', 'in transit', { placed: 5, total: 64 })] },
    turns: [
      'C: Where on earth is order 3345120? It was meant to come two days ago',
      'B: Let me get someone to look into this.',
      'C: fine',
      'A: Hi Marco, I have checked the tracking: the carrier scanned it at their depot yesterday evening.',
      'C: so when will it come then?',
    ],
  },
  {
    id: 'late-4', family: 'late_delivery', request: 'late order, no status in CRM', article: 'kb-late-delivery', nextStep: 'check-tracking',
    customer: { name: 'Ines Costa' }, crm: { orders: [order('3390015', undefined, { placed: 9, total: 33 })] },
    turns: [
      'C: hello, still nothing from my order 3390015. it has been 9 days',
      'B: I am sorry. Let me connect you.',
      'C: the confirmation email said 3-5 days',
      'C: can someone tell me what is going on',
    ],
  },

  // ---- parcel marked delivered, not received ----
  {
    id: 'lost-1', family: 'lost_parcel', request: 'says delivered, nothing at door', article: 'kb-lost-parcel', nextStep: 'check-surroundings',
    customer: { name: 'Emma Wilson' }, crm: { orders: [order('2201934', 'delivered', { delivered: 1, total: 129 })] },
    turns: [
      'C: The app says my parcel was handed over yesterday at 14:02 but there is nothing here',
      'B: I am sorry. Was it maybe left with someone else?',
      'C: I was home all afternoon and nobody rang',
      'B: I will connect you to an agent.',
      'C: order 2201934',
    ],
  },
  {
    id: 'lost-2', family: 'lost_parcel', request: 'delivered status but not received, neighbours checked', article: 'kb-lost-parcel', nextStep: 'proof-of-delivery',
    customer: { name: 'Lucas Martin' }, crm: { orders: [order('2219080', 'delivered', { delivered: 2, total: 48 })] },
    turns: [
      'C: my tracking shows completed for order 2219080 but I never got anything',
      'B: Let me find someone for you.',
      'C: ok',
      'A: Hi Lucas, sorry about this. Could you check around the property and with your neighbours? Couriers sometimes leave parcels there.',
      'C: already asked both neighbours and the caretaker, nothing',
    ],
  },
  {
    id: 'lost-3', family: 'lost_parcel', request: 'supposedly delivered, not there, two orders in CRM', article: 'kb-lost-parcel', nextStep: 'verify',
    customer: { name: 'Nora Fischer' },
    crm: { orders: [order('2230011', 'delivered', { delivered: 1 }), order('2230456', 'delivered', { delivered: 4 })] },
    turns: [
      'C: Hi, I got an email that my package was dropped off but it is not anywhere',
      'B: I am sorry to hear that. When did you get the email?',
      'C: this morning. I checked the mailbox and the front step',
      'C: can you find out where the driver put it?',
    ],
  },

  // ---- damaged ----
  {
    id: 'dmg-1', family: 'damaged', request: 'vase arrived in pieces', article: 'kb-damaged-item', nextStep: 'ask-photos',
    customer: { name: 'Chloe Dubois' }, crm: { orders: [order('9910223', 'delivered', { delivered: 1, total: 42 })] },
    turns: [
      'C: the glass vase I ordered came in about 5 pieces',
      'B: I am so sorry! Was the outer box damaged too?',
      'C: the box has a big dent in one corner',
      'B: I will connect you to an agent to sort this out.',
      'C: order 9910223',
    ],
  },
  {
    id: 'dmg-2', family: 'damaged', request: 'headphones dead on arrival, photos sent', article: 'kb-damaged-item', nextStep: 'offer-replacement',
    customer: { name: 'Ben Carter' }, crm: { orders: [order('9923014', 'delivered', { delivered: 2, total: 199 })] },
    turns: [
      'C: the new headphones will not turn on at all, straight out of the box. Order 9923014',
      'B: Sorry about that. Let me get an agent.',
      'C: thanks',
      'A: Hi Ben, I am really sorry. Could you send me a photo of the headphones and the outer box, with the shipping label?',
      'C: sent you the pictures just now',
    ],
  },
  {
    id: 'dmg-3', family: 'damaged', request: 'chair scratched, no order number given, several orders', article: 'kb-damaged-item', nextStep: 'verify',
    customer: { name: 'Julia Novak' },
    crm: { orders: [order('9930001', 'delivered', { delivered: 3 }), order('9930555', 'shipped', { placed: 2 })] },
    turns: [
      'C: hello the dining chair arrived with a deep scratch along the backrest',
      'B: I am sorry. Is it usable?',
      'C: usable yes, but I paid for a new chair, not a second hand one',
      'C: what can you do about it',
    ],
  },

  // ---- cancel ----
  {
    id: 'can-1', family: 'cancel', request: 'cancel an order placed by mistake, not shipped', article: 'kb-cancel-order', nextStep: 'cancel',
    customer: { name: 'Felix Wagner' }, crm: { orders: [order('1100452', 'processing', { placed: 0, total: 310 })] },
    turns: [
      'C: I just ordered the same monitor twice by accident',
      'B: I can help. Which one do you want to keep?',
      'C: please stop order 1100452, I only need one',
      'B: Let me connect you with an agent.',
      'C: I placed it like 20 minutes ago',
    ],
  },
  {
    id: 'can-2', family: 'cancel', request: 'cancel an order that already shipped', article: 'kb-cancel-order', nextStep: 'offer-return',
    customer: { name: 'Greta Hansen' }, crm: { orders: [order('1120987', 'shipped', { placed: 2, total: 89 })] },
    turns: [
      'C: I do not want order 1120987 anymore, found it in a shop nearby',
      'B: I see. Let me check.',
      'C: can you call it off?',
      'B: A colleague will help you.',
      'C: thanks',
    ],
  },
  {
    id: 'can-3', family: 'cancel', request: 'cancel order, status missing in CRM', article: 'kb-cancel-order', nextStep: 'check-status',
    customer: { name: 'Daniel Kim' }, crm: { orders: [order('1134410', undefined, { placed: 1, total: 55 })] },
    turns: [
      'C: Hi, I would like to undo my purchase from yesterday, order 1134410',
      'B: Do you want to cancel the whole order?',
      'C: yes the whole thing',
      'C: is that still possible?',
    ],
  },

  // ---- address change ----
  {
    id: 'adr-1', family: 'address_change', request: 'wrong street on order', article: 'kb-change-address', nextStep: 'verify',
    customer: { name: 'Sophie Laurent' }, crm: { orders: [order('5501230', 'processing', { placed: 0 })] },
    turns: [
      'C: I typed the wrong house number on my order, it should be 14 not 41',
      'B: I can pass this to an agent. Which order is it?',
      'C: 5501230',
      'C: it is the same street, only the number',
    ],
  },
  {
    id: 'adr-2', family: 'address_change', request: 'send to office instead, identity confirmed, not shipped', article: 'kb-change-address', nextStep: 'update-address',
    customer: { name: 'Karl Svensson' }, crm: { orders: [order('5512876', 'processing', { placed: 1 })] },
    turns: [
      'C: can my order 5512876 go to my work place instead of home? I wont be in this week',
      'B: Let me connect you with an agent.',
      'C: sure',
      'A: Hi Karl, before I change anything: could you confirm the email on the account and a recent order number?',
      'C: karl.s@example.com and it is 5512876',
      'A: Thanks for confirming.',
      'C: great so can you do it?',
    ],
  },
  {
    id: 'adr-3', family: 'address_change', request: 'moved house, parcel already on its way, verified', article: 'kb-change-address', nextStep: 'carrier-redirect',
    customer: { name: 'Eva Horvat' }, crm: { orders: [order('5530090', 'in transit', { placed: 3 })] },
    turns: [
      'C: I moved last weekend and my parcel 5530090 is going to the old flat',
      'B: I will get an agent for this.',
      'C: thank you',
      'A: Hi Eva, I have verified your identity with the email and order number you gave the assistant.',
      'C: can it still be sent to my new place?',
    ],
  },

  // ---- double charge ----
  {
    id: 'dbl-1', family: 'double_charge', request: 'charged twice for one order', article: 'kb-double-charge', nextStep: 'compare-charges',
    customer: { name: 'Crystal Minh' },
    crm: { orders: [order('3348917', 'delivered', { delivered: 2, total: 94, currency: 'USD', charges: [{ amount: 94, at: daysAgo(6) }, { amount: 94, at: daysAgo(6) }] })] },
    turns: [
      'C: my bank statement shows the same amount taken two times for order 3348917',
      'B: I am sorry. Is it the same amount both times?',
      'C: yes 94 dollars, twice on the same day',
      'C: I want one of them back please',
    ],
  },
  {
    id: 'dbl-2', family: 'double_charge', request: 'duplicate payment, amounts unknown', article: 'kb-double-charge', nextStep: 'compare-charges',
    customer: { name: 'Yusuf Demir' }, crm: { orders: [order('3360042', 'shipped', { placed: 3, total: 61 })] },
    turns: [
      'C: Hello, I think I paid twice for order 3360042',
      'B: Let me help. Do you see two transactions?',
      'C: there are two lines on my card from you',
      'C: can someone look at this',
    ],
  },
  {
    id: 'dbl-3', family: 'double_charge', request: 'double charge, agent compared charges', article: 'kb-double-charge', nextStep: 'refund-duplicate',
    customer: { name: 'Anna Kowalski' },
    crm: { orders: [order('3377815', 'delivered', { delivered: 4, total: 130, charges: [{ amount: 130, at: daysAgo(8) }, { amount: 130, at: daysAgo(7) }] })] },
    turns: [
      'C: you took 130 euros off my card twice for 3377815',
      'B: Connecting you to billing.',
      'C: ok',
      'A: Hi Anna, I have looked at the payment tab: both charges were captured, so neither is a pending authorisation.',
      'C: so I get one back?',
    ],
  },

  // ---- failed payment ----
  {
    id: 'pay-1', family: 'failed_payment', request: 'card rejected at checkout', article: 'kb-failed-payment', nextStep: 'ask-error',
    customer: { name: 'Leo Moreau' },
    turns: [
      'C: I am trying to buy a sofa and my card gets refused every time',
      'B: Sorry about that. Have you tried another card?',
      'C: I only have this one. and there is money on it',
      'B: Let me get an agent.',
      'C: it is really annoying',
    ],
  },
  {
    id: 'pay-2', family: 'failed_payment', request: 'payment does not go through, error shown', article: 'kb-failed-payment', nextStep: 'bank-checks',
    customer: { name: 'Paula Jimenez' },
    turns: [
      'C: checkout keeps saying payment unsuccessful',
      'B: Let me get a colleague.',
      'C: ok',
      'A: Hi Paula, what error message or code does the checkout show?',
      'C: it says do_not_honor',
    ],
  },
  {
    id: 'pay-3', family: 'failed_payment', request: 'can not pay, worried about being charged', article: 'kb-failed-payment', nextStep: 'ask-error',
    customer: { name: 'Samir Haddad' },
    turns: [
      'C: hi, my order wont go through when I pay',
      'C: tried 2 times already',
      'B: I am sorry. An agent will help.',
      'C: will I be charged for the attempts that did not work?',
    ],
  },

  // ---- password / sign-in ----
  {
    id: 'pw-1', family: 'password', request: 'cannot get into account, forgot password', article: 'kb-password-reset', nextStep: 'forgot-password',
    customer: { name: 'Ruth Evans' },
    turns: [
      'C: I cant get into my account, I have no idea what my password was',
      'B: I can help with that.',
      'C: it has been a year since I last ordered',
      'C: what do I do',
    ],
  },
  {
    id: 'pw-2', family: 'password', request: 'reset email never arrives', article: 'kb-password-reset', nextStep: 'confirm-email',
    customer: { name: 'Victor Lopez' },
    turns: [
      'C: I clicked the link to get a new password 3 times and no email comes',
      'B: Sorry about that. Let me connect you.',
      'C: ok',
      "A: Hi Victor, please use 'Forgot password' on the sign-in page; the reset link should come within 5 minutes.",
      'C: that is exactly what I did, still nothing in my inbox',
    ],
  },
  {
    id: 'tfa-1', family: 'two_factor', request: 'new phone, no codes', article: 'kb-2fa', nextStep: 'check-clock',
    customer: { name: 'Iris Janssen' },
    turns: [
      'C: the sign in code from my authenticator app is always wrong',
      'B: Have you tried a new code?',
      'C: yes, several, they all get rejected',
      'C: I really need to get in today',
    ],
  },

  // ---- account locked ----
  {
    id: 'lck-1', family: 'account_locked', request: 'account blocked after attempts', article: 'kb-account-locked', nextStep: 'verify',
    customer: { name: 'Omar Farouk' },
    turns: [
      'C: it says my account is blocked, I typed my password wrong a few times',
      'B: I am sorry. Let me connect you.',
      'C: I need to check my order',
      'C: can you open it again for me',
    ],
  },
  {
    id: 'lck-2', family: 'account_locked', request: 'locked out, did not try to sign in, verified', article: 'kb-account-locked', nextStep: 'check-hold',
    customer: { name: 'Clara Weiss' },
    turns: [
      'C: I got an email that my account was locked but I did not even try to log in',
      'B: That sounds worrying. An agent will help.',
      'C: is someone trying to hack me?',
      'A: Hi Clara, let me verify your identity first: thanks for confirming your email and order number with the assistant.',
      'C: ok, so what now',
    ],
  },

  // ---- promo codes ----
  {
    id: 'promo-1', family: 'promo_code', request: 'discount code not accepted', article: 'kb-promo-codes', nextStep: 'ask-code',
    customer: { name: 'Fatima Ali' },
    turns: [
      'C: the 20% off code from your newsletter is not accepted at checkout',
      'B: Sorry. Is it a newsletter code?',
      'C: yes, I got it on monday',
      'C: it just says invalid',
    ],
  },
  {
    id: 'promo-2', family: 'promo_code', request: 'voucher forgotten, wants discount afterwards', article: 'kb-promo-codes', nextStep: 'ask-code',
    customer: { name: 'George Hill' }, crm: { orders: [order('7012334', 'processing', { placed: 1, total: 150 })] },
    turns: [
      'C: I forgot to put in my voucher when I ordered yesterday, order 7012334',
      'B: Let me get a person for you.',
      'C: can you still take it off the price?',
      'C: it was a 15 euro voucher',
    ],
  },

  // ---- price match ----
  {
    id: 'pm-1', family: 'price_match', request: 'same TV cheaper at another store', article: 'kb-price-match', nextStep: 'ask-link',
    customer: { name: 'Henrik Olsen' }, crm: { orders: [order('6609981', 'delivered', { placed: 5, delivered: 2, total: 799 })] },
    turns: [
      'C: I bought the 55 inch TV from you last week and now a big electronics chain sells it 80 euros less',
      'B: I understand. Let me connect you.',
      'C: same model, same everything',
      'C: will you give me the difference?',
    ],
  },
  {
    id: 'pm-2', family: 'price_match', request: 'competitor lower price before buying', article: 'kb-price-match', nextStep: 'ask-link',
    customer: { name: 'Alice Moore' },
    turns: [
      'C: Hi, do you match prices? The stroller is cheaper on another website',
      'B: I can connect you to an agent.',
      'C: I want to buy it from you because of the delivery, but only if it is the same price',
    ],
  },

  // ---- customs / international ----
  {
    id: 'cus-1', family: 'customs', request: 'courier asks for import charges', article: 'kb-customs-fees', nextStep: 'check-destination',
    customer: { name: 'Liam Murphy' }, crm: { orders: [order('8840011', 'out for delivery', { placed: 6 })] },
    turns: [
      'C: The delivery company texted me that I need to pay 23 pounds before they hand over my parcel',
      'B: I am sorry for the surprise. Where are you based?',
      'C: London',
      'C: I thought the price I paid was final',
    ],
  },
  {
    id: 'int-1', family: 'international_shipping', request: 'do you deliver to Canada and how long', article: 'kb-international-shipping', nextStep: 'check-country',
    customer: { name: 'Chen Wei' },
    turns: [
      'C: can I order from you if I live in Canada?',
      'B: Let me check for you.',
      'C: and how long would it take to get there',
      'C: and what does it cost roughly',
    ],
  },

  // ---- membership ----
  {
    id: 'mem-1', family: 'membership', request: 'premium renewed unwanted, wants refund', article: 'kb-premium-membership', nextStep: 'verify',
    customer: { name: 'Rosa Meyer' },
    turns: [
      'C: you charged me 49 euros for a yearly plan I forgot about',
      'B: That must be the Premium renewal. I will connect you.',
      'C: I have not used it at all this year',
      'C: I want it stopped and my money back',
    ],
  },
  {
    id: 'mem-2', family: 'membership', request: 'stop premium, identity verified', article: 'kb-premium-membership', nextStep: 'check-membership',
    customer: { name: 'Tim Baker' },
    turns: [
      'C: how do I end my Premium thing',
      'B: An agent will help.',
      'C: ok',
      "A: Hi Tim, thanks for confirming your email address, you're verified.",
      'C: I dont need the fast shipping any more',
    ],
  },

  // ---- exchange, warranty, missing item, invoice ----
  {
    id: 'exc-1', family: 'exchange', request: 'trousers need a bigger size', article: 'kb-exchanges', nextStep: 'check-window',
    customer: { name: 'Noah Schmidt' }, crm: { orders: [order('2450012', 'delivered', { delivered: 5, total: 59 })] },
    turns: [
      'C: the chinos are lovely but a size too small. could I get the 34 instead?',
      'B: I can pass you to a colleague.',
      'C: order 2450012',
      'C: same colour please',
    ],
  },
  {
    id: 'war-1', family: 'warranty', request: 'blender stopped working after 8 months', article: 'kb-warranty', nextStep: 'collect-fault',
    customer: { name: 'Maria Santos' }, crm: { orders: [order('1987654', 'delivered', { delivered: 240, total: 89 })] },
    turns: [
      'C: my blender from you just died, it is only 8 months old',
      'B: I am sorry. Has it been dropped or damaged?',
      'C: no, I use it normally, one morning it just did not start',
      'C: order was 1987654',
    ],
  },
  {
    id: 'mis-1', family: 'missing_item', request: 'one item not in the box', article: 'kb-order-missing-item', nextStep: 'check-split',
    customer: { name: 'Peter Novak' }, crm: { orders: [order('3030303', 'delivered', { delivered: 1, total: 76, items: ['Bath towel x2', 'Hand towel x2', 'Bath mat'] })] },
    turns: [
      'C: my parcel came today but the bath mat is not in it, only the towels',
      'B: I am sorry. Let me get someone.',
      'C: order 3030303',
      'C: the packing slip lists the mat too',
    ],
  },
  {
    id: 'inv-1', family: 'invoice', request: 'needs invoice with company name', article: 'kb-invoice-copy', nextStep: 'download',
    customer: { name: 'Stefan Braun' }, crm: { orders: [order('4040404', 'delivered', { delivered: 10, total: 1200 })] },
    turns: [
      'C: I need a proper bill for the office chairs, for my accountant',
      'B: Let me find an agent.',
      'C: order 4040404',
      'C: where can I get it?',
    ],
  },

  // ---- unclear ----
  {
    id: 'unc-1', family: 'unclear', request: 'greeting only, no request yet', article: null, nextStep: 'ask',
    customer: { name: 'Kim Lee' },
    turns: ['C: hello?', 'B: Hi! How can I help?', 'C: is anyone there', 'B: I am the assistant. What do you need?', 'C: I want a person', 'C: Kim Lee'],
  },
  {
    id: 'unc-2', family: 'unclear', request: 'vague, about an earlier chat', article: null, nextStep: 'ask',
    customer: { name: 'Ola Nordmann' },
    turns: [
      'C: I spoke to someone last week',
      'B: Can you tell me what it was about?',
      'C: it is complicated, I would rather explain it to a human',
      'C: my name is Ola',
    ],
  },
  {
    id: 'unc-3', family: 'unclear', request: 'just wants a human, no topic', article: null, nextStep: 'ask',
    turns: ['C: agent', 'B: I can help with orders, returns and more. What is it about?', 'C: agent please', 'C: human', 'C: thank you'],
  },
  {
    id: 'unc-4', family: 'unclear', request: 'says it is about something, never says what', article: null, nextStep: 'ask',
    customer: { name: 'Ray Patel' },
    turns: [
      'C: good afternoon',
      'B: Good afternoon! How can I help?',
      'C: I have a question',
      'B: Sure, what is your question?',
      'C: it would be easier to talk to a real person about it',
      'C: thanks',
    ],
  },
  {
    id: 'unc-5', family: 'unclear', request: 'only a name and a wait', article: null, nextStep: 'ask',
    customer: { name: 'Beatriz Silva' },
    turns: ['C: hi im Beatriz', 'B: Hi Beatriz, how can I help?', 'C: one sec', 'C: sorry, still here', 'C: ok I am back'],
  },

  // ---- more of the frequent families, phrased other ways ----
  {
    id: 'ret-5', family: 'return', request: 'return gift, wrong style', article: 'kb-return-label', nextStep: 'check-window',
    customer: { name: 'Ivy Chen' }, crm: { orders: [order('5599001', 'delivered', { delivered: 4, total: 35 })] },
    turns: [
      'C: I received a scarf as a gift through your shop but it is really not my style',
      'C: can it go back? the order number on the slip is 5599001',
      'B: I will connect you to a colleague.',
      'C: it is unworn',
    ],
  },
  {
    id: 'late-5', family: 'late_delivery', request: 'express not delivered on time', article: 'kb-late-delivery', nextStep: 'check-tracking',
    customer: { name: 'Adam Novak' }, crm: { orders: [order('3399876', 'in transit', { placed: 4, total: 120 })] },
    turns: [
      'C: I paid extra for express and it still is not here after 4 days, order 3399876',
      'B: I am sorry about the delay.',
      'C: what is the point of paying for express',
      'C: I want to know where it is',
    ],
  },
  {
    id: 'dmg-4', family: 'damaged', request: 'wrong colour shade and cracked lid', article: 'kb-damaged-item', nextStep: 'ask-photos',
    customer: { name: 'Zoe Taylor' }, crm: { orders: [order('9955123', 'delivered', { delivered: 1, total: 28 })] },
    turns: [
      'C: the lid of the casserole dish was cracked when I unpacked it',
      'B: I am very sorry. I will get a person to help.',
      'C: order 9955123',
      'C: it is a present so I need it sorted quickly',
    ],
  },
];
