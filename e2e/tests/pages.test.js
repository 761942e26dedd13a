// The small pages in a browser: home, cmdlet, endpoint, changes, search and 404, each
// checked for what a reader came for (issue #12, items 5–7).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../harness.js';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('home: one search box, formatted counts, a non-empty most-privileged list and link', async () => {
  const { page, errors } = await env.newPage();
  await page.goto(env.base + '/');
  assert.equal(await page.locator('input[type=search]').count(), 1);
  const counts = await page.locator('.stats strong').allTextContents();
  assert.equal(counts.length, 4);
  for (const count of counts) { assert.match(count, /^\d{1,3}(,\d{3})*$/); }
  assert.ok(counts.some((count) => count.includes(',')), `counts: ${counts}`);
  const rows = await page.locator('#top-title ~ .table-wrap tbody tr').count();
  assert.ok(rows > 0, 'the most privileged table has rows');
  const link = page.locator('.inline-list a[href^="/permissions?level="]');
  await link.click();
  await page.waitForURL(/\/permissions\?level=\d$/);
  assert.ok(await page.locator('table.index tbody tr').count() > 0, 'the level link opens a non-empty list');
  assert.deepEqual(errors, []);
});

test('cmdlet: heading, Learn link, Connect-MgGraph line, no developer wording', async () => {
  const { page, errors } = await env.newPage();
  await page.goto(env.base + '/cmdlet/Get-MgIdentityApiConnector');
  assert.equal(await page.locator('h1').textContent(), 'Get-MgIdentityApiConnector');
  assert.match(await page.locator('.page-header a[href^="https://learn.microsoft.com/"]').first().getAttribute('href'), /powershell\/module/);
  assert.match(await page.locator('#connect-title + .code-block code').textContent(), /^Connect-MgGraph -Scopes "[A-Za-z.]+"/);
  const text = await page.locator('main').textContent();
  assert.ok(!text.includes('data folder'), 'no developer wording');
  assert.deepEqual(errors, []);
});

test('endpoint: Operation column filled, Learn method link, names inside their cards', async () => {
  const { page, errors } = await env.newPage({ viewport: { width: 390, height: 900 } });
  await page.goto(env.base + '/endpoint?method=POST&path=/me/sendMail');
  assert.equal(await page.locator('.page-header .lead').textContent(), 'user: sendMail');
  assert.ok(await page.locator('.page-header a[href^="https://learn.microsoft.com/"]').count() > 0);
  const operations = await page.locator('table.versions tbody tr:not(.not-in-schema) td[data-label=Operation]').allTextContents();
  assert.ok(operations.length > 0 && operations.every((text) => text.trim() !== ''), `operations: ${operations}`);
  const clipped = await page.evaluate(() => [...document.querySelectorAll('.card')].flatMap((card) => {
    const edge = card.getBoundingClientRect().right;
    return [...card.querySelectorAll('a')].filter((link) => link.getBoundingClientRect().right > edge + 1).map((link) => link.textContent);
  }));
  assert.deepEqual(clipped, []);
  assert.deepEqual(errors, []);
});

test('changes: the data date and its sources when there is no history', async () => {
  const { page, errors } = await env.newPage();
  await page.goto(env.base + '/changes');
  assert.ok(await page.locator('#current-title ~ p time[datetime]').count() === 1);
  const sources = await page.locator('ul.sources a').evaluateAll((links) => links.map((link) => link.href));
  assert.ok(sources.some((href) => href.endsWith('permissions/new/permissions.json')), `${sources}`);
  assert.deepEqual(errors, []);
});

test('search: send mail finds the endpoint and Mail.Send, grouped, with badges', async () => {
  const { page, errors } = await env.newPage();
  await page.goto(env.base + '/search?q=send%20mail');
  const endpoints = await page.locator('#endpoints .search-hits li').allTextContents();
  assert.ok(endpoints.some((hit) => hit.includes('POST /me/sendMail')), `${endpoints.slice(0, 5)}`);
  const permissions = page.locator('#permissions .search-hits li', { hasText: 'Mail.Send' }).first();
  const badges = await permissions.locator('.badge').allTextContents();
  assert.ok(badges.some((badge) => /Delegated/.test(badge)) && badges.some((badge) => /Privilege/.test(badge)), `badges: ${badges}`);
  await page.goto(env.base + '/search?q=mail');
  const groups = await page.locator('.search-group h2').allTextContents();
  assert.equal(groups.length, 4, `groups: ${groups}`);
  assert.deepEqual(errors, []);
});

test('404: suggestions are near names only, and they wrap', async () => {
  const { page } = await env.newPage({ viewport: { width: 390, height: 900 } });
  await page.goto(env.base + '/permission/User.Reed');
  const suggestions = await page.locator('.suggestions a').allTextContents();
  assert.ok(suggestions.includes('User.Read'), `${suggestions}`);
  await page.goto(env.base + '/zzzz-nothing-like-it');
  assert.equal(await page.locator('.suggestions').count(), 0);
  await page.goto(env.base + '/cmdlet/Get-MgBetaDeviceManagementConfigurationPolicySettingDefinitionReferencedSettingX');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `${wide} px too wide`);
});

test('resource: heading levels are not skipped', async () => {
  const { page } = await env.newPage();
  await page.goto(env.base + '/resource/v1.0/user');
  const levels = await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((headings) => headings.map((h) => Number(h.tagName[1])));
  for (let index = 1; index < levels.length; index += 1) {
    assert.ok(levels[index] <= levels[index - 1] + 1, `h${levels[index]} after h${levels[index - 1]}`);
  }
});
