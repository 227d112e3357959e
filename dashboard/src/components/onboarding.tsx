/**
 * A site without events yet: the snippet to paste (this server's origin), and a live check that
 * polls the site's status every 3 seconds and turns green when the first event has arrived.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorText, getSiteStatus } from '../api/client.ts';
import type { Site } from '../api/types.ts';
import { CopyButton } from './copy-button.tsx';

export function snippetFor(domain: string, origin: string): string {
  const d = domain.replace(/[^a-z0-9.:-]/gi, '');
  return (
    `<script defer data-domain="${d}" src="${origin}/cairn.js"></script>\n` +
    `<noscript><img src="${origin}/p.gif?d=${encodeURIComponent(d)}" alt="" referrerpolicy="unsafe-url"></noscript>`
  );
}

export function Onboarding({ site, onReady }: { site: Site; onReady: () => void }) {
  const [live, setLive] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const snippet = snippetFor(site.domain, location.origin);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller = new AbortController();
    let stopped = false;
    const poll = () => {
      controller = new AbortController();
      getSiteStatus(site.domain, controller.signal).then(
        (s) => {
          if (stopped) return;
          setError(null);
          if (s.has_events) setLive(true);
          else timer = setTimeout(poll, 3000);
        },
        (err: unknown) => {
          if (stopped || (err as Error)?.name === 'AbortError') return;
          setError(err);
          timer = setTimeout(poll, 3000);
        },
      );
    };
    poll();
    return () => {
      stopped = true;
      controller.abort();
      clearTimeout(timer);
    };
  }, [site.domain]);

  return (
    <section class="onboarding card" aria-labelledby="onboarding-title">
      <h1 id="onboarding-title">Add Cairn to {site.domain}</h1>
      <p>
        Paste this into the <code>&lt;head&gt;</code> of every page of your site. The <code>&lt;noscript&gt;</code> line also
        counts visitors without JavaScript.
      </p>
      <div class="snippet-wrap">
        <pre class="snippet" tabIndex={0} aria-label="Tracking snippet">
          {snippet}
        </pre>
        <CopyButton text={snippet} />
      </div>
      <div class={`live-check ${live ? 'ok' : 'waiting'}`} role="status" aria-live="polite">
        <span class="dot" aria-hidden="true" />
        {live ? (
          <span>
            The first event has arrived. <button class="btn btn-primary" onClick={onReady}>Open the dashboard</button>
          </span>
        ) : (
          <span>Waiting for the first event… visit your site in another tab to send one.</span>
        )}
      </div>
      <p class="muted matomo-hint">
        Already have a Matomo or Piwik tracker? Point its tracker URL (<code>u</code>) at <code>{location.origin}/</code> and set
        its site id to <code>{site.id}</code>: Cairn answers <code>matomo.php</code>, <code>piwik.php</code> and serves{' '}
        <code>matomo.js</code>.
      </p>
      {error ? <p class="error-text">{errorText(error)}</p> : null}
    </section>
  );
}
