import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [file, y, h, out, w] = process.argv.slice(2);
writeFileSync(
  '/tmp/crop.html',
  `<body style="margin:0"><img src="file://${file}" style="display:block;margin-top:-${y}px"></body>`,
);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--allow-file-access-from-files'],
});
const page = await browser.newPage({ viewport: { width: Number(w ?? 390), height: Number(h) } });
await page.goto('file:///tmp/crop.html');
await page.waitForTimeout(300);
await page.screenshot({ path: out });
await browser.close();
