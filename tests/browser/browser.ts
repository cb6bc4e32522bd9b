import { type Browser, type BrowserContext, chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-gpu",
      "--disable-quic",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

let client = 0;
/** A fresh browser profile acting as its own client (its own address for the rate limits). */
export function newReader(browser: Browser, options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  client += 1;
  return browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    bypassCSP: options.bypassCSP ?? false,
    extraHTTPHeaders: { "CF-Connecting-IP": `192.0.2.${client}` },
  });
}

/** People take longer than the form's minimum fill time (3 s) to write a comment. */
export const TYPING_TIME_MS = 3_100;
