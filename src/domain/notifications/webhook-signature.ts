import { toHex } from "../privacy.ts";

const utf8 = new TextEncoder();

/**
 * `X-Wirepost-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * under `WEBHOOK_SECRET`. A receiver recomputes it over the raw body, compares
 * in constant time and refuses old timestamps, so a captured call can't be replayed.
 */
export async function webhookSignature(secret: string, unixSeconds: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return `t=${unixSeconds},v1=${toHex(await crypto.subtle.sign("HMAC", key, utf8.encode(`${unixSeconds}.${body}`)))}`;
}
