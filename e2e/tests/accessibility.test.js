// axe-core on the main pages (no serious or critical violations) and no console errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { start } from '../harness.js';

const PAGES = {
  home: '/',
  index: '/permissions',
  permission: '/permission/APIConnectors.ReadWrite.All',
  resource: '/resource/v1.0/identityApiConnector',
  calculator: '/least?calls=GET%20%2Fme%0AGET%20%2Fusers%0APOST%20%2Fgroups',
  endpoint: '/endpoint?method=POST&path=/me/sendMail',
  cmdlet: '/cmdlet/Get-MgIdentityApiConnector',
  search: '/search?q=send%20mail',
  'not found': '/permission/User.Reed',
};
const MORE = ['/endpoint?method=GET&path=/identity/apiConnectors', '/cmdlet/Get-MgIdentityApiConnector', '/search?q=user', '/nothing-here'];

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

for (const scheme of ['light', 'dark']) {
  for (const [name, url] of Object.entries(PAGES)) {
    test(`axe: ${name} page (${scheme})`, async () => {
      const { page, errors } = await env.newPage({ colorScheme: scheme });
      await page.goto(env.base + url);
      const results = await new AxeBuilder({ page }).analyze();
      assert.ok(results.passes.length > 10, `axe ran only ${results.passes.length} checks`);
      const bad = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact));
      const summary = bad.map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join('\n  ')}`);
      assert.deepEqual(summary, []);
      // A 404 page's own status is logged by Chromium as a failed load, which is expected.
      assert.deepEqual(errors.filter((error) => !(name === 'not found' && error.includes('404'))), []);
    });
  }
}

test('no console errors on the other pages', async () => {
  const { page, errors } = await env.newPage();
  for (const url of MORE) {
    const response = await page.goto(env.base + url);
    assert.ok(response.status() === 200 || url === '/nothing-here', `${url}: ${response.status()}`);
  }
  // The 404 page's status is logged by Chromium as a failed resource load, which is expected.
  assert.deepEqual(errors.filter((error) => !error.includes('404')), []);
});
