// A few professional canned replies for the composer's "/" picker.
export interface CannedReply {
  id: string;
  title: string;
  text: string;
}

export const CANNED_REPLIES: readonly CannedReply[] = [
  { id: 'greet', title: 'Greeting', text: "Hi, thanks for waiting — I'm here now and I've read your conversation with our assistant." },
  { id: 'look', title: 'Looking into it', text: "Thanks, I'm looking into this for you now. It should take a minute or two." },
  { id: 'details', title: 'Ask for order number', text: 'Could you share your order number, please? You will find it in your confirmation email.' },
  { id: 'sorry', title: 'Apology', text: "I'm sorry for the trouble this has caused. Let's get it sorted out for you." },
  { id: 'anything', title: 'Anything else?', text: 'Is there anything else I can help you with today?' },
  { id: 'close', title: 'Closing', text: 'Thank you for contacting us. Have a great day!' },
];
