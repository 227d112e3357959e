/** Loads the sites the signed-in person may see, then shows the picker, the onboarding or the dashboard. */
import { useEffect, useState } from 'preact/hooks';
import { errorText, getSites } from './api/client.ts';
import type { Site } from './api/types.ts';
import { Dashboard } from './components/dashboard.tsx';
import { Header } from './components/header.tsx';
import { Onboarding } from './components/onboarding.tsx';
import { SitePicker } from './components/site-picker.tsx';

export function App({ site }: { site: string }) {
  const [sites, setSites] = useState<Site[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    getSites(controller.signal).then(setSites, (err: unknown) => {
      if ((err as Error)?.name !== 'AbortError') setError(err);
    });
    return () => controller.abort();
  }, [reload]);

  const current = sites?.find((s) => s.domain === site);
  let body;
  if (error) body = <p class="notice error" role="alert">{errorText(error)}</p>;
  else if (!sites) body = <p class="notice" aria-busy="true">Loading…</p>;
  else if (!site) body = <SitePicker sites={sites} />;
  else if (!current) {
    body = (
      <div class="notice">
        <p>There is no site “{site}” here, or you cannot see it.</p>
        <p>
          <a href="/">All sites</a>
        </p>
      </div>
    );
  } else if (!current.has_events) {
    const ready = () => {
      // The first events are today's: open on "Today" rather than an empty "Last 30 days".
      history.replaceState(null, '', `${location.pathname}?period=day`);
      setReload((n) => n + 1);
    };
    body = <Onboarding site={current} onReady={ready} />;
  }
  else body = <Dashboard site={current} />;

  return (
    <>
      <Header site={site} showAllSites={Boolean(site) && (sites?.length ?? 0) > 0} />
      <main id="main" class="container">
        {body}
      </main>
    </>
  );
}
