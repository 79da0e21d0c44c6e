// Telling the agent about a new offer: a short generated beep (no audio files) and, in the browser host, a
// web Notification. In Electron the host shows a native notification, so the page stays quiet there.

let audio: AudioContext | undefined;

export function playOfferBeep(): void {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    if (ctx.state === 'suspended') void ctx.resume();
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

/**
 * Browsers keep audio muted until the page has seen a user gesture: create the context on the first click or key
 * press so the beep for an offer that arrives later actually plays.
 */
export function unlockAudioOnFirstGesture(): void {
  const unlock = () => {
    try {
      audio ??= new AudioContext();
      void audio.resume();
    } catch {
      // No audio here; offers still show in the inbox and the title.
    }
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);
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
