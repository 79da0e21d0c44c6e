// The widget's own words, per language. The hub's texts (what the customer is told: the reason, the wait, who
// joined) come from the hub and are shown as they are; these are the widget's chrome around them. English ships,
// French is the proof that a language is one table: add a key to `en` and TypeScript asks for it everywhere.
export const en = {
  title: 'Support',
  regionLabel: 'Chat with support',
  waiting: 'Waiting for the next available person',
  connecting: 'Connecting you now',
  transferring: 'Transferring you',
  chattingWith: (name: string) => `Chatting with ${name}`,
  agentRole: 'Support team',
  ended: 'Conversation ended',
  reconnecting: 'Connection lost. Reconnecting…',
  reconnected: 'Reconnected.',
  linkInvalid: 'This chat link is no longer valid. Start a new conversation to reach us again.',
  position: (n: number) => `You're ${ordinalEn(n)} in line`,
  waitAbout: (min: number) => (min <= 1 ? 'less than a minute' : `about ${min} minutes`),
  waitAnnouncement: (position: string, wait: string) => `${position}, ${wait}.`,
  joinedAnnouncement: (name: string) => `${name} joined the conversation.`,
  agentSaid: (name: string, text: string) => `${name}: ${text}`,
  typing: (name: string) => `${name} is typing…`,
  messageLabel: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  sending: 'Sending…',
  notSent: 'Not sent.',
  retry: 'Retry',
  you: 'You',
  assistant: 'Assistant',
  agent: 'Agent',
  minimise: 'Minimise chat',
  open: 'Open chat',
  close: 'Close chat',
  endConversation: 'End conversation',
  endConfirm: 'End this conversation?',
  endYes: 'End',
  endNo: 'Keep chatting',
  endFailed: 'The conversation could not be ended. Try again.',
  newConversation: 'Start a new conversation',
  endedNote: 'This conversation has ended.',
  csatQuestion: 'How did we do?',
  csatScale: 'Rate from 1 (poor) to 5 (great)',
  csatScore: (n: number) => `${n} out of 5`,
  csatThanks: 'Thank you for your feedback!',
  csatFailed: 'Your rating could not be sent. Try again.',
  earlier: 'Earlier with the assistant',
  poweredBy: 'Powered by Baton',
};

export type Strings = typeof en;

export const fr: Strings = {
  title: 'Assistance',
  regionLabel: "Discussion avec l'assistance",
  waiting: 'En attente de la prochaine personne disponible',
  connecting: 'Mise en relation en cours',
  transferring: 'Transfert en cours',
  chattingWith: (name) => `En discussion avec ${name}`,
  agentRole: "Équipe d'assistance",
  ended: 'Conversation terminée',
  reconnecting: 'Connexion perdue. Reconnexion…',
  reconnected: 'Reconnecté.',
  linkInvalid: "Ce lien de discussion n'est plus valide. Démarrez une nouvelle conversation pour nous joindre.",
  position: (n) => `Vous êtes ${n === 1 ? '1er' : `${n}e`} dans la file`,
  waitAbout: (min) => (min <= 1 ? "moins d'une minute" : `environ ${min} minutes`),
  waitAnnouncement: (position, wait) => `${position}, ${wait}.`,
  joinedAnnouncement: (name) => `${name} a rejoint la conversation.`,
  agentSaid: (name, text) => `${name} : ${text}`,
  typing: (name) => `${name} écrit…`,
  messageLabel: 'Message',
  placeholder: 'Écrivez un message…',
  send: 'Envoyer',
  sending: 'Envoi…',
  notSent: 'Non envoyé.',
  retry: 'Réessayer',
  you: 'Vous',
  assistant: 'Assistant',
  agent: 'Conseiller',
  minimise: 'Réduire la discussion',
  open: 'Ouvrir la discussion',
  close: 'Fermer la discussion',
  endConversation: 'Terminer la conversation',
  endConfirm: 'Terminer cette conversation ?',
  endYes: 'Terminer',
  endNo: 'Continuer',
  endFailed: "La conversation n'a pas pu être terminée. Réessayez.",
  newConversation: 'Démarrer une nouvelle conversation',
  endedNote: 'Cette conversation est terminée.',
  csatQuestion: 'Comment avons-nous été ?',
  csatScale: 'Notez de 1 (mauvais) à 5 (excellent)',
  csatScore: (n) => `${n} sur 5`,
  csatThanks: 'Merci pour votre avis !',
  csatFailed: "Votre note n'a pas pu être envoyée. Réessayez.",
  earlier: "Plus tôt avec l'assistant",
  poweredBy: 'Propulsé par Baton',
};

export const languages: Record<string, Strings> = { en, fr };

/** The table for an explicit choice ("fr", "fr-CA") or, without one, the browser's languages; English otherwise. */
export function pickStrings(lang: string | undefined, browser: readonly string[] = []): { lang: string; strings: Strings } {
  for (const tag of [lang, ...browser]) {
    const base = tag?.toLowerCase().split('-')[0];
    if (base && languages[base]) return { lang: base, strings: languages[base] };
  }
  return { lang: 'en', strings: en };
}

function ordinalEn(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
