// The search palette: Ctrl+K / Cmd+K / "/", typing, arrows, Enter, Escape.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../harness.js';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

test('Ctrl+K, "user.read", Enter opens User.Read', async () => {
  const { page, errors } = await env.newPage();
  await page.goto(env.base + '/permission/APIConnectors.ReadWrite.All');
  await page.keyboard.press('Control+k');
  await page.locator('#palette-input').waitFor({ state: 'visible' });
  await page.keyboard.type('user.read');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/permission/User.Read');
  assert.equal(await page.locator('h1').textContent(), 'User.Read');
  assert.deepEqual(errors, []);
});

test('results are grouped by kind with highlighted matches; arrows move; Escape closes', async () => {
  const { page, errors } = await env.newPage();
  await page.goto(env.base + '/');
  await page.keyboard.press('/');
  await page.locator('#palette-input').waitFor({ state: 'visible' });
  await page.keyboard.type('apiconnector');
  await page.locator('.palette-option').first().waitFor();
  const groups = await page.locator('.palette-group').allTextContents();
  assert.ok(groups.length >= 2, `groups: ${groups}`);
  assert.ok(groups.includes('Permissions') && groups.includes('Endpoints'), `groups: ${groups}`);
  assert.ok(await page.locator('.palette-option mark').count() > 0);
  assert.equal(await page.locator('.palette-option[aria-selected=true]').getAttribute('id'), 'palette-option-0');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('.palette-option[aria-selected=true]').getAttribute('id'), 'palette-option-1');
  assert.equal(await page.locator('#palette-input').getAttribute('aria-activedescendant'), 'palette-option-1');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#palette').isVisible(), false);
  await page.keyboard.press('Meta+k');
  assert.equal(await page.locator('#palette').isVisible(), true);
  await page.keyboard.press('Escape');
  assert.deepEqual(errors, []);
});

test('"send mail" finds Mail.Send and /me/sendMail, each with its badges', async () => {
  const { page, errors } = await env.newPage();
  await page.goto(env.base + '/');
  await page.keyboard.press('/');
  await page.locator('#palette-input').waitFor({ state: 'visible' });
  await page.keyboard.type('send mail');
  const permission = page.locator('.palette-option', { has: page.locator('.label', { hasText: /^Mail\.Send$/ }) });
  await permission.first().waitFor();
  const badges = await permission.first().locator('.hit-badges .badge').allTextContents();
  assert.ok(badges.some((text) => /Delegated/.test(text)), `badges: ${badges}`);
  assert.ok(badges.some((text) => /consent/i.test(text)), `badges: ${badges}`);
  const endpoint = page.locator('#palette-results [role=group]', { hasText: 'Endpoints' }).locator('.palette-option', { hasText: 'sendMail' });
  await endpoint.first().waitFor();
  const least = await endpoint.first().locator('.hit-badges .badge').allTextContents();
  assert.ok(least.some((text) => /: Mail\.Send$/.test(text)), `endpoint badges: ${least}`);
  await page.keyboard.press('Escape');
  assert.deepEqual(errors, []);
});

test('without JavaScript the search form still works', async () => {
  const { page, errors } = await env.newPage({ javaScriptEnabled: false });
  await page.goto(env.base + '/');
  await page.locator('#hero-search-input').fill('user.read');
  await page.locator('#hero-search-input').press('Enter');
  await page.waitForURL('**/search?q=user.read');
  await page.getByRole('link', { name: 'User.Read', exact: true }).click();
  await page.waitForURL('**/permission/User.Read');
  assert.deepEqual(errors, []);
});
