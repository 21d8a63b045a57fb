import { expect, test, type Page } from '@playwright/test';
import { screenshotPath, signInByApi } from '../fixtures/auth.ts';

/**
 * Must-show 3 of issue #3: `npm start` runs a small simulated fleet (about 30 cars on demo terminals),
 * and the city regulator's live map shows them moving.
 */
type MarkerPosition = { lat: string; lon: string };

/** The data-lat/data-lon every car marker carries, keyed by terminal id. */
async function readMarkers(page: Page): Promise<Map<string, MarkerPosition>> {
  const entries = await page.locator('.live-map [data-terminal-id]').evaluateAll((elements) =>
    elements.map((el) => {
      const attr = (name: string) => el.getAttribute(name) ?? '';
      return [attr('data-terminal-id'), { lat: attr('data-lat'), lon: attr('data-lon') }] as const;
    }),
  );
  return new Map(entries);
}

function movedSince(before: Map<string, MarkerPosition>, after: Map<string, MarkerPosition>): string[] {
  return [...before].flatMap(([terminalId, was]) => {
    const now = after.get(terminalId);
    return now && (now.lat !== was.lat || now.lon !== was.lon) ? [terminalId] : [];
  });
}

test('the city regulator sees about thirty cars moving on the live map', async ({ page }) => {
  // The fleet connects during the server's first minute; positions then refresh every few seconds.
  test.setTimeout(180_000);
  await signInByApi(page, 'demo-city', 'regulator');

  await page.goto('/regulator/live');

  await expect(page.getByRole('heading', { name: '实时监控' })).toBeVisible();
  await expect(page.getByRole('region', { name: '教练车实时位置地图' })).toBeVisible();
  const markers = page.locator('.live-map [data-terminal-id]');
  await expect
    .poll(() => markers.count(), { timeout: 120_000, intervals: [2_000] })
    .toBeGreaterThanOrEqual(25);
  // Every marker is named for screen readers: the plate, then its state.
  await expect(markers.first()).toHaveAttribute('aria-label', /^[\u4e00-\u9fa5][A-Z][0-9A-Z]{4}学，/);

  const first = await readMarkers(page);
  // Two readings about ten seconds apart (polled, so a fast fleet passes sooner): cars have moved.
  let moved: string[] = [];
  await expect
    .poll(
      async () => {
        moved = movedSince(first, await readMarkers(page));
        return moved.length;
      },
      { timeout: 30_000, intervals: [10_000, 5_000] },
    )
    .toBeGreaterThanOrEqual(5);

  // Open a moving car from the keyboard: its panel names the plate and draws its recent track.
  const car = page.locator(`.live-map [data-terminal-id="${moved[0]}"]`);
  const plate = (await car.getAttribute('aria-label'))?.split('，')[0] ?? '';
  await car.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: plate });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('驾培机构');
  await expect(panel).toContainText('定位时间');
  await expect(car).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.live-map path.live-track')).toHaveCount(1);
  // The session part has loaded: either the trainee in the car or the note that nobody is training.
  await expect(panel.getByText(/^(学员|当前没有学员在培训)$/)).toBeVisible();

  await page.screenshot({ path: screenshotPath('live-map'), fullPage: false });
});

test('a police liaison account is not shown the live map', async ({ page }) => {
  await signInByApi(page, 'demo-police', 'regulator');

  const api = await page.request.get('/api/monitoring/vehicles');
  await page.goto('/regulator/live');

  expect(api.status()).toBe(403);
  await expect(page.locator('.live-map')).toHaveCount(0);
});
