/** The top bar: the Cairn mark, the site, a way back to all sites, and sign-out (a plain form POST). */

export function Header({ site, showAllSites }: { site: string; showAllSites: boolean }) {
  return (
    <header class="topbar">
      <div class="container topbar-inner">
        <a class="brand" href="/" aria-label="Cairn, all sites">
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
            <ellipse cx="12" cy="19" rx="8" ry="3" class="stone s1" />
            <ellipse cx="12" cy="13.5" rx="6" ry="2.6" class="stone s2" />
            <ellipse cx="12" cy="8.6" rx="4.2" ry="2.2" class="stone s3" />
            <ellipse cx="12" cy="4.6" rx="2.4" ry="1.6" class="stone s4" />
          </svg>
          <span>Cairn</span>
        </a>
        {site && (
          <span class="topbar-site" title={site}>
            {site}
          </span>
        )}
        <span class="spacer" />
        {showAllSites && (
          <a class="topbar-link" href="/">
            All sites
          </a>
        )}
        <form method="post" action="/logout" class="signout">
          <button type="submit" class="btn btn-quiet">
            Sign out
          </button>
        </form>
      </div>
    </header>
  );
}
