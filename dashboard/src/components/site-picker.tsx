/** The list of sites, shown when the page was opened without one (data-site=""). */
import type { Site } from '../api/types.ts';

export function SitePicker({ sites }: { sites: Site[] }) {
  return (
    <section class="picker" aria-labelledby="picker-title">
      <h1 id="picker-title">Your sites</h1>
      {sites.length === 0 ? (
        <div class="card notice">
          <p>No sites yet. Add one on the server:</p>
          <pre class="snippet">npx cairn site add example.com --timezone Europe/Berlin</pre>
        </div>
      ) : (
        <ul class="site-list">
          {sites.map((s) => (
            <li key={s.domain}>
              <a class="card site-card" href={`/sites/${encodeURIComponent(s.domain)}`}>
                <span class="site-domain">{s.domain}</span>
                <span class="muted">{s.has_events ? s.timezone : 'Waiting for the first event'}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
