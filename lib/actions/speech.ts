/** Whether this browser can speak (`speechSynthesis`); some have none at all. Browser-only. */
export function canSpeak(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function';
}

export const NO_SPEECH_MESSAGE = 'This browser cannot speak (it has no speech synthesis), so “Say the label aloud” stays silent here.';

/**
 * Says `text` aloud, cutting off whatever was being said (a newer firing matters more). Resolves
 * when it has been said; rejects with a sentence when the browser cannot say it.
 */
export function speak(text: string): Promise<void> {
  if (!canSpeak()) return Promise.reject(new Error(NO_SPEECH_MESSAGE));
  return new Promise((resolve, reject) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.onend = () => resolve();
    utterance.onerror = (event) => {
      // Cut off by the next firing: not a failure.
      if (event.error === 'interrupted' || event.error === 'canceled') resolve();
      else reject(new Error(`The browser could not say it (${event.error}).`));
    };
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
  });
}
