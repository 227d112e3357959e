/** Copies text to the clipboard, saying so for a moment (and to screen readers). */
import { useState } from 'preact/hooks';

export function CopyButton({ text }: { text: string }) {
  const [done, setDone] = useState<'' | 'ok' | 'fail'>('');
  const copy = () => {
    // The clipboard API needs a secure context (https or localhost); elsewhere, ask for Ctrl+C.
    if (!navigator.clipboard) setDone('fail');
    else navigator.clipboard.writeText(text).then(() => setDone('ok'), () => setDone('fail'));
    setTimeout(() => setDone(''), 2500);
  };
  return (
    <button type="button" class="btn copy-btn" onClick={copy} aria-live="polite">
      {done === 'ok' ? 'Copied' : done === 'fail' ? 'Select and copy' : 'Copy'}
    </button>
  );
}
