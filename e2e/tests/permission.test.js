// The permission page in a real browser: the seed's elements, tabs, filter, copy, export, print.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { start } from '../harness.js';

const PAGE = '/permission/APIConnectors.ReadWrite.All';
let env;

before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

describe('permission page', () => {
  test('shows the identityApiConnector properties and the four method tabs', async () => {
    const { page, errors } = await env.newPage();
    await page.goto(env.base + PAGE);
    assert.equal(await page.locator('h1').textContent(), 'APIConnectors.ReadWrite.All');
    const resource = page.locator('details.resource', { has: page.locator('h3', { hasText: 'identityApiConnector' }) }).first();
    const properties = await resource.locator('table.properties tbody tr td:first-child').allTextContents();
    for (const name of ['id', 'authenticationConfiguration', 'displayName', 'targetUrl']) {
      assert.ok(properties.includes(name), `property ${name} in ${properties}`);
    }
    const tabs = await page.locator('nav.tabs a.tab').allTextContents();
    assert.deepEqual(tabs.map((text) => text.replace(/\s+\d+$/, '').trim()),
      ['API v1.0', 'API beta', 'PowerShell v1.0', 'PowerShell beta']);
    for (const id of ['beta', 'ps-v1', 'ps-beta', 'v1']) {
      await page.locator(`a.tab[data-tab="${id}"]`).click();
      await page.waitForURL((url) => (id === 'v1' ? !url.search.includes('tab=') : url.search.includes(`tab=${id}`)));
      assert.equal(await page.locator(`a.tab[data-tab="${id}"]`).getAttribute('aria-current'), 'page');
      assert.equal(await page.locator(`#panel-${id} table.methods tbody tr`).count(), 6, `rows of ${id}`);
      assert.equal(await page.locator('.tab-panel').count(), 1);
    }
    await page.locator('a.tab[data-tab="beta"]').click();
    await page.waitForURL(/tab=beta/);
    assert.match(await page.locator('#panel-beta > p.note:not(.compact-note)').textContent(), /6 endpoints; 0 in the beta schema/);
    assert.equal(await page.locator('#panel-beta details.not-in-schema-group').getAttribute('open'), null);
    assert.deepEqual(errors, []);
  });

  test('App-only toggle filters the details and the methods', async () => {
    const { page, errors } = await env.newPage();
    await page.goto(env.base + PAGE);
    await page.getByRole('link', { name: 'App-only access' }).click();
    assert.equal(await page.locator('article.permission').getAttribute('data-show'), 'application');
    assert.equal(await page.locator('.scheme-card:visible').count(), 1);
    assert.match(await page.locator('.scheme-card:visible h3').textContent(), /Application permission/);
    assert.equal(await page.locator('#panel-v1 th:visible', { hasText: 'Delegated' }).count(), 0);
    assert.match(page.url(), /scheme=application/);
    await page.getByRole('link', { name: 'Delegated access' }).click();
    assert.equal(await page.locator('.scheme-card:visible').count(), 1);
    assert.match(await page.locator('.scheme-card:visible h3').textContent(), /Delegated permission/);
    assert.deepEqual(errors, []);
  });

  test('a scheme the permission lacks is disabled, with the permission that has it', async () => {
    const { page, errors } = await env.newPage();
    await page.goto(env.base + '/permission/User.Read');
    const off = page.locator('.access-toggle .toggle-off');
    assert.equal(await off.count(), 1);
    assert.equal(await off.textContent(), 'App-only access');
    assert.equal(await off.getAttribute('aria-disabled'), 'true');
    assert.equal(await page.getByRole('link', { name: 'App-only access' }).count(), 0);
    const note = page.locator('.toggle-note');
    assert.match(await note.textContent(), /No application permission named User\.Read — for app-only access use User\.Read\.All/);
    await note.getByRole('link', { name: 'User.Read.All' }).click();
    await page.waitForURL(/\/permission\/User\.Read\.All$/);
    assert.equal(await page.locator('h1').textContent(), 'User.Read.All');
    assert.deepEqual(errors, []);
  });

  test('Copy URL copies a deep link that restores the tab and the scheme', async () => {
    const { context, page, errors } = await env.newPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.base });
    await page.goto(env.base + PAGE);
    await page.getByRole('link', { name: 'App-only access' }).click();
    await page.locator('a.tab[data-tab="beta"]').click();
    await page.waitForURL(/tab=beta/);
    await page.getByRole('button', { name: 'Copy URL' }).click();
    await page.locator('.copy-status', { hasText: 'Copied link to clipboard' }).first().waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, `${env.base}${PAGE}?scheme=application&tab=beta`);
    const { page: second } = await env.newPage();
    await second.goto(copied);
    assert.equal(await second.locator('article.permission').getAttribute('data-show'), 'application');
    assert.equal(await second.locator('a.tab[data-tab="beta"]').getAttribute('aria-current'), 'page');
    assert.ok(await second.locator('#panel-beta').isVisible());
    assert.equal(await second.locator('#panel-v1').count(), 0);
    assert.deepEqual(errors, []);
  });

  test('Export CSV downloads the bytes of the .csv URL', async () => {
    const { page, errors } = await env.newPage();
    await page.goto(env.base + PAGE);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'APIConnectors.ReadWrite.All.csv');
    const saved = await readFile(await download.path(), 'utf8');
    const expected = await (await fetch(`${env.base}${PAGE}.csv`)).text();
    assert.equal(saved, expected);
    assert.match(saved.split('\n')[0], /^permission,method,path,/);
    assert.equal(saved.trim().split('\n').length, 7);
    assert.deepEqual(errors, []);
  });

  test('code samples: the language selector shows one language and remembers it', async () => {
    const { page, errors } = await env.newPage();
    await page.goto(env.base + PAGE);
    assert.equal(await page.locator('#code-examples .sample-set').count(), 1, 'the main method');
    const visibleLanguages = async () => [...new Set(await page.locator('#code-examples .sample:visible').evaluateAll(
      (samples) => samples.map((sample) => sample.getAttribute('data-language'))))];
    assert.deepEqual(await visibleLanguages(), ['csharp']);
    assert.match(await page.locator('#code-examples .sample:visible pre').first().textContent(), /graphClient\.Identity\.ApiConnectors/);
    await page.locator('#sample-language').selectOption('python');
    assert.deepEqual(await visibleLanguages(), ['python']);
    await page.reload();
    assert.deepEqual(await visibleLanguages(), ['python']);
    assert.equal(await page.locator('#sample-language').inputValue(), 'python');
    assert.deepEqual(errors, []);
  });

  test('code samples: Copy puts the visible sample on the clipboard', async () => {
    const { context, page, errors } = await env.newPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.base });
    await page.goto(env.base + PAGE);
    await page.locator('#sample-language').selectOption('javascript');
    const block = page.locator('#code-examples .sample:visible .code-block').first();
    const shown = await block.locator('pre').textContent();
    assert.match(shown, /client\.api\('\/identity\/apiConnectors/);
    await block.locator('.copy-button').click();
    await page.waitForFunction(async (expected) => (await navigator.clipboard.readText()) === expected, shown);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);
    assert.deepEqual(errors, []);
  });

  test('print media: no navigation, the open tab and the folded rows printed, link URLs printed', async () => {
    const { page, errors } = await env.newPage();
    await page.goto(env.base + PAGE);
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    assert.equal(await page.locator('.site-header').isVisible(), false);
    assert.equal(await page.locator('.actions').isVisible(), false);
    assert.equal(await page.locator('.access-toggle').isVisible(), false);
    assert.equal(await page.locator('.tab-panel:visible').count(), 1);
    const after = await page.locator('#panel-v1 a.path').first().evaluate((link) => getComputedStyle(link, '::after').content);
    assert.match(after, /http:\/\/127\.0\.0\.1:\d+\/endpoint\?method=/);
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000);
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(errors, []);
  });
});
