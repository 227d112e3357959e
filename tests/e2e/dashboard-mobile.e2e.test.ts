/**
 * The dashboard on phones in Chromium: nothing scrolls sideways (overview, details, realtime), and
 * the main chart spans the card's width in both themes, also after the period, the theme or the
 * window size changes. Screenshots go to test-artifacts/.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/chromium.ts';
import { chartInk, horizontalOverflow, screenshot, settled, useDashboardSession } from '../helpers/dashboard-session.ts';

const PHONES: Array<{ name: string; options: BrowserContextOptions }> = [
  { name: 'phone-390-dark', options: { viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  { name: 'phone-360-light', options: { viewport: { width: 360, height: 740 }, colorScheme: 'light', isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
];

/** The main chart covers its box and its line runs from the left to the right edge. */
async function expectFullWidthChart(page: Page, when: string) {
  const ink = await chartInk(page, '--accent');
  expect(Math.abs(ink.canvasWidth - ink.boxWidth), `${when}: canvas ${ink.canvasWidth} in a box of ${ink.boxWidth}`).toBeLessThanOrEqual(1);
  expect(ink.count, when).toBeGreaterThan(200);
  // The y-axis labels take the left edge; the line starts right after them and ends at the right.
  expect(ink.left, when).toBeLessThan(0.2);
  expect(ink.right, when).toBeGreaterThan(0.9);
}

describe.skipIf(!chromiumAvailable())('dashboard on a phone, in Chromium', () => {
  const dash = useDashboardSession({ live: [{ event: { url: 'https://shop.test/', referrer: 'https://www.google.com/' }, ip: '85.214.132.10' }] });

  for (const { name, options } of PHONES) {
    it(`does not scroll sideways at ${name}: overview, details and realtime`, async () => {
      const s = dash();
      const { page } = await s.open(options);
      expect(await horizontalOverflow(page), 'overview').toBe('');
      await screenshot(page, `${name}-overview`);

      for (const panel of ['sources', 'pages']) {
        await page.locator(`.panel-${panel}`).getByRole('button', { name: 'Details' }).click();
        await settled(page);
        expect(await horizontalOverflow(page), `${panel} details`).toBe('');
        // The dialog fits the screen; only its table may scroll inside it.
        const dialog = await page.locator('dialog[open]').evaluate((d) => ({ width: d.getBoundingClientRect().width, scroll: d.scrollWidth, client: d.clientWidth }));
        expect(dialog.width).toBeLessThanOrEqual(options.viewport!.width);
        expect(dialog.scroll).toBeLessThanOrEqual(dialog.client);
        if (panel === 'pages') await screenshot(page, `${name}-details`);
        await page.keyboard.press('Escape');
        await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
        expect(await horizontalOverflow(page), `${panel} details closed`).toBe('');
      }

      await page.getByRole('button', { name: '+ Filter' }).click();
      expect(await horizontalOverflow(page), 'filter editor').toBe('');
      await page.getByRole('button', { name: 'Cancel' }).click();

      await page.locator('.badge-live').click();
      await page.waitForURL((u) => u.search === '?period=realtime');
      await settled(page);
      expect(await horizontalOverflow(page), 'realtime').toBe('');
      await screenshot(page, `${name}-realtime`);
    });
  }

  it('draws the main chart across the whole width on a phone, in both themes and after changes', async () => {
    const s = dash();
    // With motion, as most people see it: the chart's animated drawing is part of what is checked.
    const { page } = await s.open({ ...PHONES[0]!.options, reducedMotion: 'no-preference' });
    await expectFullWidthChart(page, '390 dark');

    await page.getByRole('combobox', { name: 'Period' }).selectOption('7d');
    await settled(page);
    await expectFullWidthChart(page, '390 dark, 7 days');

    await page.emulateMedia({ colorScheme: 'light' });
    await settled(page);
    await expectFullWidthChart(page, '390 light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await settled(page);
    await expectFullWidthChart(page, '390 dark again');

    await page.setViewportSize({ width: 360, height: 740 });
    await settled(page);
    await expectFullWidthChart(page, '360');
    await page.setViewportSize({ width: 1280, height: 900 });
    await settled(page);
    await expectFullWidthChart(page, 'desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await settled(page);
    await expectFullWidthChart(page, 'back to 390');
    await screenshot(page, 'phone-390-dark-chart');
  });

  it('draws the chart across the width when the page opens on a desktop and shrinks to a phone', async () => {
    const s = dash();
    const { page } = await s.open({ colorScheme: 'dark', reducedMotion: 'no-preference' });
    await expectFullWidthChart(page, 'desktop dark');
    await page.setViewportSize({ width: 390, height: 844 });
    await settled(page);
    await expectFullWidthChart(page, 'shrunk to 390');
  });
});
