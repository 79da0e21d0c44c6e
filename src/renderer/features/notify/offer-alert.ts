// Telling the agent about a new offer: a short generated beep (no audio files) and, in the browser host, a
// web Notification. In Electron the host shows a native notification, so the page stays quiet there.

let audio: AudioContext | undefined;

export function playOfferBeep(): void {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    const now = ctx.currentTime;
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.15, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.35);
    // Two soft rising tones: noticeable, not alarming.
    [660, 880].forEach((frequency, i) => {
      const osc = ctx.createOscillator();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start(now + i * 0.12);
      osc.stop(now + 0.35);
    });
  } catch {
    // No audio device or autoplay blocked: the visual inbox still shows the offer.
  }
}

export function showOfferNotification(customerName: string, queue: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = new Notification('New conversation offer', { body: `${customerName} · ${queue}`, tag: 'baton-offer' });
  n.onclick = () => {
    window.focus();
    onClick();
    n.close();
  };
}

/** Asks once, on a user gesture, so the browser host can notify later. */
export function requestNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
}
