import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../fixtures/auth.ts';

test('a wrong password is refused with a reason and the form stays usable', async ({ page }) => {
  await page.goto('/school/login');
  await page.getByLabel('用户名').fill('demo-school');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/school\/login/);

  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/school\/?$/);
  await expect(page.getByRole('heading', { name: '济南兴华汽车驾驶员培训学校' })).toBeVisible();
});

test('a school account is sent to its own portal from the regulator login', async ({ page }) => {
  await page.goto('/regulator/login');
  await page.getByLabel('用户名').fill('demo-school');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/regulator\/login/);
});

test('a protected page sends an anonymous visitor to the login form', async ({ page }) => {
  await page.goto('/regulator');
  await expect(page).toHaveURL(/\/regulator\/login/);
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
});
