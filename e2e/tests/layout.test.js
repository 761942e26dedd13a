// Responsive layout: no main page is wider than the window at 390 px (phone) or
// 1400 px (desktop), and a screenshot of each at both widths is kept under
// e2e/output/screenshots/ (a CI artifact, not committed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, start } from '../harness.js';

export const MAIN_PAGES = {
  home: '/',
  index: '/permissions',
  'permission-apiconnectors': '/permission/APIConnectors.ReadWrite.All',
  'permission-user-read': '/permission/User.Read',
  'permission-directory-readwrite-all': '/permission/Directory.ReadWrite.All',
  resource: '/resource/v1.0/user',
  endpoint: '/endpoint?method=POST&path=/identity/apiConnectors/{id}/uploadClientCertificate',
  cmdlet: '/cmdlet/Get-MgIdentityApiConnector',
  calculator: '/least?calls=GET%20%2Fme%0AGET%20%2Fusers%0APOST%20%2Fgroups',
  search: '/search?q=send%20mail',
  'search-one-kind': '/search?q=mail&kind=endpoint',
  'resource-nested': '/resource/v1.0/callRecords.userIdentity',
  changes: '/changes',
  'calculator-app-only-me': '/least?calls=GET%20%2Fme%2Fmessages&scheme=application',
  'not-found': '/cmdlet/Get-MgBetaDeviceManagementConfigurationPolicySettingDefinitionReferencedSettingThatDoesNotExist',
};
const WIDTHS = [390, 1400];
const screenshots = path.join(repoRoot, 'e2e', 'output', 'screenshots');

let env;
before(async () => {
  mkdirSync(screenshots, { recursive: true });
  env = await start();
});
after(async () => { await env?.stop(); });

/** The page's width beyond the window, and the elements that stick out furthest. */
async function overflow(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const excess = document.documentElement.scrollWidth - width;
    const culprits = [];
    if (excess > 0) {
      for (const element of document.querySelectorAll('body *')) {
        const box = element.getBoundingClientRect();
        if (box.right > width + 1 && box.width > 0) {
          // Report the outermost offenders only.
          if (!culprits.some((known) => known.element.contains(element))) {
            culprits.push({ element, right: Math.round(box.right) });
          }
        }
      }
    }
    return {
      excess,
      culprits: culprits.slice(0, 5).map(({ element, right }) => `${element.tagName.toLowerCase()}${element.className ? '.' + String(element.className).split(' ').join('.') : ''} → ${right}px`),
    };
  });
}

for (const width of WIDTHS) {
  for (const [name, url] of Object.entries(MAIN_PAGES)) {
    test(`${name} fits ${width} px`, async () => {
      const { page } = await env.newPage({ viewport: { width, height: 900 } });
      const response = await page.goto(env.base + url);
      assert.ok(response.status() === 200 || name === 'not-found', `${url}: ${response.status()}`);
      const tall = await page.evaluate(() => document.documentElement.scrollHeight);
      // The top 6000 px: the whole of a short page, what opens first on a long one.
      await page.screenshot({
        path: path.join(screenshots, `${name}-${width}.png`),
        fullPage: true,
        clip: { x: 0, y: 0, width, height: Math.min(tall, 6000) },
      });
      const { excess, culprits } = await overflow(page);
      assert.ok(excess <= 0, `${url} is ${excess} px wider than ${width} px: ${culprits.join('; ')}`);
    });
  }
}

test('every tab is on screen on a phone, in at most two rows', async () => {
  const { page } = await env.newPage({ viewport: { width: 390, height: 900 } });
  await page.goto(env.base + MAIN_PAGES['permission-apiconnectors']);
  const tabs = await page.evaluate(() => [...document.querySelectorAll('.tabs .tab')].map((tab) => {
    const box = tab.getBoundingClientRect();
    return { top: Math.round(box.top), left: box.left, right: box.right };
  }));
  assert.equal(tabs.length, 4);
  assert.ok(new Set(tabs.map((tab) => tab.top)).size <= 2, JSON.stringify(tabs));
  // None hidden off the edge behind a scroll bar (the review found the last two cut off).
  assert.ok(tabs.every((tab) => tab.left >= 0 && tab.right <= 391), JSON.stringify(tabs));
});

for (const key of ['permission-user-read', 'endpoint', 'calculator']) {
  test(`${key}: short words stay whole and Copy buttons clear the code at 390 px`, async () => {
    const { page } = await env.newPage({ viewport: { width: 390, height: 900 } });
    await page.goto(env.base + MAIN_PAGES[key]);
    const broken = await page.evaluate(() => {
      const found = [];
      for (const element of document.querySelectorAll('main td, main td a, main td span')) {
        // An element holding one short word as its own text node.
        const node = element.childNodes.length === 1 ? element.firstChild : null;
        if (!node || node.nodeType !== Node.TEXT_NODE) continue;
        const text = node.textContent.trim();
        if (!/^[A-Za-z]{2,12}$/.test(text) || element.getBoundingClientRect().width === 0) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) found.push(text);
      }
      return found.slice(0, 10);
    });
    assert.deepEqual(broken, [], `words broken across lines: ${broken}`);
    const covered = await page.evaluate(() => [...document.querySelectorAll('.code-block')].flatMap((block) => {
      const button = block.querySelector(':scope > .copy-button');
      const pre = block.querySelector('pre');
      if (!button || button.hidden || !pre || pre.getBoundingClientRect().width === 0) return [];
      const textTop = pre.getBoundingClientRect().top + parseFloat(getComputedStyle(pre).paddingTop);
      return button.getBoundingClientRect().bottom > textTop + 1 ? [button.getAttribute('aria-label')] : [];
    }));
    assert.deepEqual(covered, [], `Copy buttons over code: ${covered}`);
  });
}

test('the cmdlet page heading is a real heading', async () => {
  const { page } = await env.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(env.base + MAIN_PAGES.cmdlet);
  const size = await page.locator('h1').evaluate((h1) => parseFloat(getComputedStyle(h1).fontSize));
  assert.ok(size >= 22, `h1 is ${size} px`);
});

for (const key of ['permission-apiconnectors', 'permission-user-read', 'permission-directory-readwrite-all']) {
  test(`${key}: the PowerShell table fits its box at 1400 px, and every method cell is on screen at 390 px`, async () => {
    const wide = (await env.newPage({ viewport: { width: 1400, height: 900 } })).page;
    await wide.goto(`${env.base}${MAIN_PAGES[key]}?tab=ps-v1`);
    const scroll = await wide.evaluate(() => [...document.querySelectorAll('.tab-panel:not([hidden]) .table-wrap')]
      .map((box) => box.scrollWidth - box.clientWidth));
    assert.ok(scroll.every((excess) => excess <= 0), `the PowerShell table scrolls by ${scroll} px`);
    const phone = (await env.newPage({ viewport: { width: 390, height: 900 } })).page;
    await phone.goto(env.base + MAIN_PAGES[key]);
    const offscreen = await phone.evaluate(() => [...document.querySelectorAll('.tab-panel:not([hidden]) table.methods tbody tr')]
      .slice(0, 50)
      .flatMap((row) => [...row.children])
      .filter((cell) => cell.getBoundingClientRect().width > 0 && cell.getBoundingClientRect().right > window.innerWidth + 1)
      .map((cell) => cell.textContent.trim().slice(0, 40)));
    assert.deepEqual(offscreen, []);
  });
}

// The audit result's table stacked into label/value rows on phones: it was wider than
// the window at 390 px.
test('an audit result stacks at 390 px', async () => {
  const { page } = await env.newPage({ viewport: { width: 390, height: 900 } });
  await page.goto(`${env.base}/audit`);
  await page.locator('#audit-input').fill(JSON.stringify({
    requiredResourceAccess: [{
      resourceAppId: '00000003-0000-0000-c000-000000000000',
      resourceAccess: [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }],
    }],
  }));
  await page.getByRole('button', { name: 'Audit' }).click();
  await page.locator('#result').waitFor();
  const { excess, culprits } = await overflow(page);
  assert.ok(excess <= 0, `audit result is ${excess} px too wide: ${culprits.join(', ')}`);
  const heading = await page.locator('#result-title').textContent();
  assert.match(heading, /^1 permission,/);
  const label = await page.locator('table.audit td[data-label="Privilege"]').first()
    .evaluate((cell) => getComputedStyle(cell, '::before').content);
  assert.match(label, /Privilege/);
  assert.match(await page.locator('table.audit td[data-label="Privilege"]').first().textContent(), /^\d\/5$/);
});
